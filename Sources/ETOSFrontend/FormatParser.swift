import ETOSModel

/// Parses the NHS format notation of a TOS "Format" column.
///
/// Accepted forms (any case, spaces optional between letters and digits):
/// `an6`, `max an20`, `min an5 max an9`, `n10`, `max n5`, `min n6 max n18`,
/// `an10 CCYY-MM-DD`, `Date(CCYY-MM-DD)`, `Date`, `an8 HH:MM:SS`, `Time(HH:MM:SS)`, `Time`,
/// `max an25 CCYY-MM-DDThh:mm:ss±hh:mm`, `Timestamp`, `DateTime`, `String(n)`, `Number(n)`.
public enum FormatParser {
    /// The outcome: a format, and whether the timestamp kind was inferred from the item's name.
    public struct Parsed: Equatable, Sendable {
        public var format: Format
        public var timestampFromName: Bool
        /// What the reading took as given and a reader should know (a lower length the
        /// notation leaves open, the earlier formats of one that changed over time).
        public var remarks: [String] = []
    }

    /// The Data Dictionary element a `See <ELEMENT>` format refers to, if the cell is one.
    public static func reference(in text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.lowercased().hasPrefix("see "), !trimmed.contains("\n") else { return nil }
        let name = trimmed.dropFirst(4).trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }

    /// Parses `text` for the item named `itemName`, or returns why it cannot.
    ///
    /// A cell of several lines, each a format with the years it held (`String(8) to 2022` ⏎
    /// `String(32) from 2023`), is a format that changed over time: the latest applies, and
    /// the earlier ones are given as remarks.
    public static func parse(_ text: String, itemName: String) -> Result<Parsed, FormatError> {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if lines.count > 1 {
            let dated = lines.map(Self.era)
            guard dated.allSatisfy({ $0.year != nil }) else {
                return .failure(FormatError(text: text.trimmingCharacters(in: .whitespacesAndNewlines), reason: "a format of several lines needs a year on each ('String(8) to 2022', 'String(32) from 2023'): the latest applies"))
            }
            let latest = dated.indices.max { dated[$0].year! < dated[$1].year! }!
            return parseOne(dated[latest].format, itemName: itemName).map { parsed in
                var parsed = parsed
                parsed.format.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
                parsed.remarks.append("the format changed over time; the latest applies (\(lines[latest])); earlier: \(lines.indices.filter { $0 != latest }.map { lines[$0] }.joined(separator: "; "))")
                return parsed
            }
        }
        return parseOne(text, itemName: itemName)
    }

    /// A dated line's format and the year it says: `to 2022` counts as 2022, `from 2023` and
    /// `2023 onwards` as 2023.5 (a format from a year is later than one up to it).
    private static func era(_ line: String) -> (format: String, year: Double?) {
        let words = line.split(separator: " ")
        guard words.count >= 2 else { return (line, nil) }
        func year(_ word: Substring) -> Double? {
            let digits = word.prefix(4)
            guard digits.count == 4, digits.allSatisfy(\.isASCIIDigit), let value = Double(String(digits)) else { return nil }
            return value
        }
        let last = words[words.count - 1], before = words[words.count - 2]
        switch before.lowercased() {
        case "to", "until", "before": if let value = year(last) { return (words.dropLast(2).joined(separator: " "), value) }
        case "from", "since": if let value = year(last) { return (words.dropLast(2).joined(separator: " "), value + 0.5) }
        default: break
        }
        if last.lowercased() == "onwards", let value = year(before) { return (words.dropLast(2).joined(separator: " "), value + 0.5) }
        return (line, nil)
    }

    private static func parseOne(_ text: String, itemName: String) -> Result<Parsed, FormatError> {
        var original = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var remarks: [String] = []
        // Multi-line text: `an175 (5 lines each an35)` is up to 175 characters.
        if let open = original.firstIndex(of: "("), original.hasSuffix(")"), original[open...].lowercased().contains("lines") {
            remarks.append("\(original[open...]) is kept as notes: the value is checked as \(original[..<open].trimmingCharacters(in: .whitespaces)) in all")
            original = original[..<open].trimmingCharacters(in: .whitespaces)
        }
        let compact = original.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        func make(_ kind: ValueKind, _ min: Int, _ max: Int, fromName: Bool = false, fraction: Format.DigitBounds? = nil) -> Result<Parsed, FormatError> {
            guard min >= 1, max >= min else {
                return .failure(FormatError(text: original, reason: min < 1 ? "a length must be at least 1" : "the minimum length \(min) is greater than the maximum \(max)"))
            }
            let format = Format(text: text.trimmingCharacters(in: .whitespacesAndNewlines), kind: kind, minLength: min, maxLength: max, fraction: fraction)
            return .success(Parsed(format: format, timestampFromName: fromName, remarks: remarks))
        }

        // Named forms.
        switch compact.replacingOccurrences(of: " ", with: "") {
        case "date", "date(ccyy-mm-dd)", "an10ccyy-mm-dd", "ccyy-mm-dd", "date(yyyy-mm-dd)", "yyyy-mm-dd", "an10yyyy-mm-dd": return make(.date, 10, 10)
        case "time", "time(hh:mm:ss)", "an8hh:mm:ss", "hh:mm:ss": return make(.time, 8, 8)
        case "timestamp", "datetime", "maxan25ccyy-mm-ddthh:mm:ss±hh:mm", "maxan25ccyy-mm-ddthh:mm:ss+hh:mm",
             "an25ccyy-mm-ddthh:mm:ss±hh:mm", "timestamp(ccyy-mm-ddthh:mm:ss±hh:mm)", "ccyy-mm-ddthh:mm:ss±hh:mm":
            return make(.timestamp, 1, 25)
        default: break
        }
        // HES notation.
        switch compact.replacingOccurrences(of: " ", with: "") {
        case "number", "integer":
            remarks.append("'\(original)' gives no length: read as 1 to 18 digits")
            return make(.numeric, 1, 18)
        case "decimal":
            remarks.append("'\(original)' gives no length: read as up to 18 digits, a point and up to 18 more")
            return make(.decimal, 1, 18, fraction: Format.DigitBounds(min: 0, max: 18))
        default: break
        }
        if let lengths = alternativeLengths(compact) {
            remarks.append("'\(original)' is read as \(lengths.min) to \(lengths.max) characters (lengths between are accepted too)")
            return make(.alphanumeric, lengths.min, lengths.max)
        }
        if let (low, high) = bracketedRange(compact, prefix: "string") { return make(.alphanumeric, low, high) }
        if let (low, high) = bracketedRange(compact, prefix: "number") { return make(.numeric, low, high) }
        if let decimal = decimal(compact) { return make(.decimal, decimal.whole.min, decimal.whole.max, fraction: decimal.fraction) }

        // min/max notation.
        var tokens = Substring(compact.replacingOccurrences(of: " ", with: ""))
        var minimum: (kind: ValueKind, length: Int)?
        var maximum: (kind: ValueKind, length: Int)?
        var exact: (kind: ValueKind, length: Int)?
        if tokens.hasPrefix("min") {
            tokens = tokens.dropFirst(3)
            minimum = lengthToken(&tokens)
            if minimum == nil { return .failure(unrecognised(original)) }
        }
        if tokens.hasPrefix("max") {
            tokens = tokens.dropFirst(3)
            maximum = lengthToken(&tokens)
            if maximum == nil { return .failure(unrecognised(original)) }
        } else if minimum == nil {
            exact = lengthToken(&tokens)
        }
        guard tokens.isEmpty else { return .failure(unrecognised(original)) }
        if let exact { return make(exact.kind, exact.length, exact.length) }
        guard let maximum else {
            return .failure(FormatError(text: original, reason: minimum == nil ? "expected a length such as an6 or max an20" : "a 'min' length needs a 'max' length after it"))
        }
        if let minimum, minimum.kind != maximum.kind {
            return .failure(FormatError(text: original, reason: "'min' and 'max' use different kinds (an and n)"))
        }
        if maximum.kind == .alphanumeric, maximum.length == 25, minimum == nil, HeadingName(itemName).key.hasSuffix("timestamp") {
            return make(.timestamp, 1, 25, fromName: true)
        }
        return make(maximum.kind, minimum?.length ?? 1, maximum.length)
    }

    /// `an12` or `n6` at the front of `tokens`, consumed.
    private static func lengthToken(_ tokens: inout Substring) -> (kind: ValueKind, length: Int)? {
        let kind: ValueKind
        if tokens.hasPrefix("an") {
            kind = .alphanumeric
            tokens = tokens.dropFirst(2)
        } else if tokens.hasPrefix("n") {
            kind = .numeric
            tokens = tokens.dropFirst(1)
        } else {
            return nil
        }
        let digits = tokens.prefix(while: \.isASCIIDigit)
        guard !digits.isEmpty, digits.count <= 6, let length = Int(digits) else { return nil }
        tokens = tokens.dropFirst(digits.count)
        return (kind, length)
    }

    /// `string(8)` → 1 to 8, `string(3-5)` → 3 to 5 (the HES notation).
    private static func bracketedRange(_ text: String, prefix: String) -> (Int, Int)? {
        let compact = text.replacingOccurrences(of: " ", with: "")
        guard compact.hasPrefix(prefix + "("), compact.hasSuffix(")") else { return nil }
        let inside = compact.dropFirst(prefix.count + 1).dropLast()
        let parts = inside.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 1, let length = Int(parts[0]) { return (1, length) }
        if parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]) { return (low, high) }
        return nil
    }

    /// `string(3) or string(5)`: the shortest and longest of the lengths given.
    private static func alternativeLengths(_ text: String) -> (min: Int, max: Int)? {
        let parts = text.components(separatedBy: " or ")
        guard parts.count >= 2 else { return nil }
        var lengths: [Int] = []
        for part in parts {
            guard let (low, high) = bracketedRange(part, prefix: "string"), low == 1 else { return nil }
            lengths.append(high)
        }
        return (lengths.min()!, lengths.max()!)
    }

    /// `max n3.max n2`, `n1.n1`, `max n5.n1`, `n1.max n4`: digits before and after the point.
    private static func decimal(_ text: String) -> (whole: Format.DigitBounds, fraction: Format.DigitBounds)? {
        let parts = text.replacingOccurrences(of: " ", with: "").split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        func side(_ part: Substring, least: Int) -> Format.DigitBounds? {
            var tokens = part
            let isMaximum = tokens.hasPrefix("max")
            if isMaximum { tokens = tokens.dropFirst(3) }
            guard let token = lengthToken(&tokens), token.kind == .numeric, tokens.isEmpty else { return nil }
            return Format.DigitBounds(min: isMaximum ? least : token.length, max: token.length)
        }
        guard let whole = side(parts[0], least: 1), let fraction = side(parts[1], least: 0) else { return nil }
        return (whole, fraction)
    }

    private static func unrecognised(_ text: String) -> FormatError {
        FormatError(text: text, reason: "expected a notation such as an6, max an20, min an5 max an9, n10, an10 CCYY-MM-DD, an8 HH:MM:SS or max an25 CCYY-MM-DDThh:mm:ss±hh:mm")
    }
}

/// Why a format notation was not understood.
public struct FormatError: Error, Equatable, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String { "unrecognised format '\(text)': \(reason)" }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
