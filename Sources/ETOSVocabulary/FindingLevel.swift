/// How much a failed check costs the submitter: the level an ETOS gives each rule, and the
/// level of every finding the rule reports.
public enum FindingLevel: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// The whole file is rejected.
    case fileRejection = "file-rejection"
    /// The record is rejected; the rest of the file is processed.
    case recordRejection = "record-rejection"
    /// The record is accepted, with a warning.
    case warning

    /// "File Rejection", as ETOS sheets write it.
    public var title: String {
        switch self {
        case .fileRejection: "File Rejection"
        case .recordRejection: "Record Rejection"
        case .warning: "Warning"
        }
    }

    private var rank: Int {
        switch self {
        case .fileRejection: 0
        case .recordRejection: 1
        case .warning: 2
        }
    }

    /// The more severe level orders first.
    public static func < (lhs: FindingLevel, rhs: FindingLevel) -> Bool { lhs.rank < rhs.rank }
}
