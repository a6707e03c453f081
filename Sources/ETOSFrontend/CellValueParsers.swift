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
    public static func parse(_ text: String) -> (codes: NationalCodes, problems: [String]) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lowered = trimmed.lowercased()
        for prefix in ["see code list ", "see list ", "code list: ", "code list ", "see "] where lowered.hasPrefix(prefix) {
            let name = trimmed.dropFirst(prefix.count).trimmingCharacters(in: .whitespacesAndNewlines)
            return (.reference(name), name.isEmpty ? ["'\(trimmed)' names no code list"] : [])
        }
        var codes: [(String, String)] = []
        var problems: [String] = []
        for rawLine in trimmed.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            guard let separator = line.firstIndex(where: { "=:-–".contains($0) }) else {
                problems.append("'\(line)' is not 'code = description'")
                continue
            }
            let code = line[..<separator].trimmingCharacters(in: .whitespaces)
            let description = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty, !code.contains(" "), !description.isEmpty else {
                problems.append("'\(line)' is not 'code = description'")
                continue
            }
            codes.append((code, description))
        }
        return (.inline(codes), problems)
    }
}

extension RuleLevel {
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
