/// What a submission run needs from a validator: a generated module's
/// `SubmissionValidator`, or one that interprets a spec at run time.
public protocol SubmissionValidating {
    /// The items, their order and the record key.
    var layout: SubmissionLayout { get }
    /// Checks record `recordNumber` (1-based), given as its fields in submission order.
    mutating func check(fields: [String], recordNumber: Int) -> RecordFindings
}

/// The findings of one record and the rules that could not run on it.
public struct RecordFindings: Sendable {
    public var findings: [Finding]
    public var rulesNotRun: [String]

    public init(findings: [Finding] = [], rulesNotRun: [String] = []) {
        self.findings = findings
        self.rulesNotRun = rulesNotRun
    }
}

/// The shape of a submission file.
public struct SubmissionLayout: Sendable {
    /// Items in submission order.
    public let items: [DataItemInfo]
    /// UIDs of the items that identify a record in reports (the spec's uniqueness items).
    public let keyItems: [String]
    /// Rules the spec states that no code checks, with the reason.
    public let notEnforced: [(code: String, reason: String)]

    public init(items: [DataItemInfo], keyItems: [String], notEnforced: [(code: String, reason: String)] = []) {
        self.items = items
        self.keyItems = keyItems
        self.notEnforced = notEnforced
    }
}
