/// What makes a file unfit to be checked record by record, judged on its first record before
/// any is checked: a header that is not the spec's, or fields split by another delimiter.
/// Either is one file rejection, reported first; the records are not checked (every one
/// would fail for the same reason).
enum SubmissionShape {
    /// The file rejection the first record shows, if any.
    static func problem(firstRecord fields: [String], isHeader: Bool, items: [DataItemInfo]) -> FindingKind? {
        if fields.count == 1, items.count > 1, let delimiter = otherDelimiter(in: fields[0], expecting: items.count) {
            let name = delimiter == "\t" ? "tabs" : "'\(delimiter)'"
            return FindingKind(code: "ETOS-CSV-DELIMITER", level: .fileRejection,
                               message: "The file's fields are separated by \(name), not commas: its first record reads as one field where the spec has \(items.count).")
        }
        guard isHeader else { return nil }
        let names = fields.map(fold)
        if names.count != items.count {
            return FindingKind(code: "ETOS-CSV-HEADER", level: .fileRejection,
                               message: "The header has \(names.count) columns where the spec has \(items.count): is the file for another version of the data set?")
        }
        for (index, item) in items.enumerated() where names[index] != fold(item.name) && names[index] != fold(item.uid) {
            let elsewhere = items.firstIndex { fold($0.name) == names[index] || fold($0.uid) == names[index] }
            let moved = elsewhere.map { ", which the spec has as column \($0 + 1)" } ?? ", which the spec does not have"
            return FindingKind(code: "ETOS-CSV-HEADER", level: .fileRejection,
                               message: "The header does not match the spec: column \(index + 1) is '\(RuleChecks.trimmed(fields[index]))'\(moved); the spec's column \(index + 1) is '\(item.name)'.")
        }
        return nil
    }

    /// A delimiter other than the comma that splits `line` into about the spec's field count.
    private static func otherDelimiter(in line: String, expecting count: Int) -> Character? {
        [";", "\t", "|"].first { delimiter in
            let parts = line.split(separator: delimiter, omittingEmptySubsequences: false).count
            return parts > 1 && parts * 2 >= count
        }
    }

    /// A header name as compared: trimmed, lower case, with runs of spaces and underscores as one space.
    static func fold(_ text: String) -> String {
        RuleChecks.trimmed(text).lowercased().split(whereSeparator: { $0 == " " || $0 == "_" }).joined(separator: " ")
    }
}

/// A submission that cannot be validated at all.
public enum SubmissionInputError: Error, Equatable, CustomStringConvertible {
    /// The input is not text: its first record holds NUL bytes (an archive, an image, a database).
    case notText
    /// A record runs past `limit` bytes (a file without line breaks, or a quote left open
    /// over most of a file), from physical line `line`.
    case recordTooLong(line: Int, limit: Int)

    public var description: String {
        switch self {
        case .notText: "the file is not text (it holds NUL bytes): a submission is a CSV file"
        case .recordTooLong(let line, let limit):
            "the record at line \(line) is longer than \(limit >> 20 > 0 ? "\(limit >> 20) MiB" : "\(limit) bytes") (a file without line breaks, or a quote never closed?)"
        }
    }
}
