import ETOSModel

/// What a "National Codes" cell holds.
public enum NationalCodes: Equatable, Sendable {
    /// Codes written in the cell, one per line: `01 = Admitted patient care`.
    case inline([(code: String, description: String)])
    /// A pointer to a list on the Code Lists sheet: `See code list ETHNIC CATEGORY`.
    case reference(String)

    public static func == (lhs: NationalCodes, rhs: NationalCodes) -> Bool {
        switch (lhs, rhs) {
        case let (.reference(a), .reference(b)): a == b
        case let (.inline(a), .inline(b)): a.map(\.code) == b.map(\.code) && a.map(\.description) == b.map(\.description)
        default: false
        }
    }

    /// Parses a cell's text; lines that are not `code <sep> description` are returned as problems.
    ///
    /// A one-line cell holding several `code = description` pairs run together (LibreOffice's
    /// XML Spreadsheet 2003 export drops in-cell line breaks) is split before each code of
    /// at most `maxCodeLength` capitals or digits that stands glued to the text before an
    /// `=`; `rejoined` is then true.
    public static func parse(_ text: String, maxCodeLength: Int = 4) -> (codes: NationalCodes, problems: [String], rejoined: Bool) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lowered = trimmed.lowercased()
        for prefix in ["see code list ", "see list ", "code list: ", "code list ", "see "] where lowered.hasPrefix(prefix) && !trimmed.contains("\n") {
            var name = trimmed.dropFirst(prefix.count).trimmingCharacters(in: .whitespacesAndNewlines)
            for suffix in [" for a list of codes", " for the list of codes", " for codes"] where name.lowercased().hasSuffix(suffix) {
                name = String(name.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            }
            return (.reference(name), name.isEmpty ? ["'\(trimmed)' names no code list"] : [], false)
        }
        var lines = trimmed.split(separator: "\n").map(String.init)
        var rejoined = false
        if lines.count == 1, trimmed.filter({ $0 == "=" }).count >= 2 {
            lines = splitRunTogether(trimmed, maxCodeLength: maxCodeLength)
            rejoined = lines.count > 1
        }
        var codes: [(String, String)] = []
        var problems: [String] = []
        for rawLine in lines {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            guard let separator = line.firstIndex(where: { "=:-–".contains($0) }) else {
                problems.append(notACode(line))
                continue
            }
            let code = line[..<separator].trimmingCharacters(in: .whitespaces)
            let description = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty, !code.contains(" "), !description.isEmpty else {
                problems.append(notACode(line))
                continue
            }
            codes.append((code, description))
        }
        return (.inline(codes), problems, rejoined)
    }

    private static let notACodeSuffix = "' is not 'code = description'"

    private static func notACode(_ line: String) -> String { "'" + line + notACodeSuffix }

    /// The line a problem of ``parse(_:maxCodeLength:)`` quotes, when it is a line that is not
    /// `code = description` (prose a cell may mix with its codes).
    public static func line(ofProblem problem: String) -> String? {
        guard problem.hasPrefix("'"), problem.hasSuffix(notACodeSuffix) else { return nil }
        return String(problem.dropFirst().dropLast(notACodeSuffix.count))
    }

    /// Splits `01 = Yes02 = No` into `01 = Yes` and `02 = No`.
    private static func splitRunTogether(_ text: String, maxCodeLength: Int) -> [String] {
        let characters = Array(text)
        var starts: [Int] = [0]
        var index = 0
        while index < characters.count {
            defer { index += 1 }
            guard characters[index] == "=" else { continue }
            var end = index
            while end > 0, characters[end - 1] == " " { end -= 1 }
            var start = end
            while start > 0, end - start < maxCodeLength, characters[start - 1].isNumber || characters[start - 1].isUppercase { start -= 1 }
            guard start < end, start > starts.last!, start > 0, characters[start - 1] != " " else { continue }
            starts.append(start)
        }
        return zip(starts, starts.dropFirst() + [characters.count]).map { String(characters[$0..<$1]) }
    }
}

extension FindingLevel {
    /// The level a "Level" cell names, or nil when it names none.
    public init?(cellText: String) {
        switch HeadingName(cellText).key {
        case "file rejection", "reject file", "file reject", "file-rejection", "file", "f":
            self = .fileRejection
        case "record rejection", "rejection", "reject", "reject record", "record reject", "record-rejection", "record", "r":
            self = .recordRejection
        case "warning", "warn", "w":
            self = .warning
        default:
            return nil
        }
    }
}

extension Mandation {
    /// The mandation a cell names: a code letter (`M`, `R`, `O`, `P`, `D`, possibly followed by
    /// a remark such as `M*`) or the word.
    public init?(cellText: String) {
        let text = cellText.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if let word = Mandation.allCases.first(where: { text.hasPrefix($0.rawValue) }) {
            self = word
            return
        }
        guard let first = text.first, text.dropFirst().first.map({ !$0.isLetter }) ?? true,
              let match = Mandation.allCases.first(where: { $0.code.lowercased() == String(first) }) else { return nil }
        self = match
    }
}
