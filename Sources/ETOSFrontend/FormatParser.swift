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
    }

    /// Parses `text` for the item named `itemName`, or returns why it cannot.
    public static func parse(_ text: String, itemName: String) -> Result<Parsed, FormatError> {
        let original = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let compact = original.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        func make(_ kind: Format.Kind, _ min: Int, _ max: Int, fromName: Bool = false) -> Result<Parsed, FormatError> {
            guard min >= 1, max >= min else {
                return .failure(FormatError(text: original, reason: min < 1 ? "a length must be at least 1" : "the minimum length \(min) is greater than the maximum \(max)"))
            }
            return .success(Parsed(format: Format(text: original, kind: kind, minLength: min, maxLength: max), timestampFromName: fromName))
        }

        // Named forms.
        switch compact.replacingOccurrences(of: " ", with: "") {
        case "date", "date(ccyy-mm-dd)", "an10ccyy-mm-dd", "ccyy-mm-dd": return make(.date, 10, 10)
        case "time", "time(hh:mm:ss)", "an8hh:mm:ss", "hh:mm:ss": return make(.time, 8, 8)
        case "timestamp", "datetime", "maxan25ccyy-mm-ddthh:mm:ss±hh:mm", "maxan25ccyy-mm-ddthh:mm:ss+hh:mm",
             "an25ccyy-mm-ddthh:mm:ss±hh:mm", "timestamp(ccyy-mm-ddthh:mm:ss±hh:mm)", "ccyy-mm-ddthh:mm:ss±hh:mm":
            return make(.timestamp, 1, 25)
        default: break
        }
        if let length = bracketedLength(compact, prefix: "string") { return make(.alphanumeric, 1, length) }
        if let length = bracketedLength(compact, prefix: "number") { return make(.numeric, 1, length) }

        // min/max notation.
        var tokens = Substring(compact.replacingOccurrences(of: " ", with: ""))
        var minimum: (kind: Format.Kind, length: Int)?
        var maximum: (kind: Format.Kind, length: Int)?
        var exact: (kind: Format.Kind, length: Int)?
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
    private static func lengthToken(_ tokens: inout Substring) -> (kind: Format.Kind, length: Int)? {
        let kind: Format.Kind
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

    private static func bracketedLength(_ text: String, prefix: String) -> Int? {
        let compact = text.replacingOccurrences(of: " ", with: "")
        guard compact.hasPrefix(prefix + "("), compact.hasSuffix(")") else { return nil }
        return Int(compact.dropFirst(prefix.count + 1).dropLast())
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
