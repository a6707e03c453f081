/// What a submission run needs from a validator: a generated module's
/// `SubmissionValidator`, or one that interprets a spec at run time.
///
/// Checking is split in two so records can be checked on several threads: ``checkRecord(fields:)``
/// looks at one record alone (item checks, record rules, the field count) and keeps no state;
/// ``checkInFile(fields:recordNumber:_:)`` applies the file-level rules (uniqueness) and is
/// called once per record, in record order.
public protocol SubmissionValidating: Sendable {
    /// The items, their order and the record key.
    var layout: SubmissionLayout { get }
    /// The findings of one record on its own, given as its fields in submission order.
    func checkRecord(fields: [String]) -> RecordFindings
    /// Adds the findings of the file-level rules for record `recordNumber` (1-based) to `found`.
    mutating func checkInFile(fields: [String], recordNumber: Int, _ found: inout RecordFindings)
    /// A copy for a worker thread that shares no reference-counted object the other threads
    /// touch on every record (such counts are atomic and slow when threads contend).
    func copyForThread() -> Self
}

extension SubmissionValidating {
    /// Checks record `recordNumber` (1-based) completely: ``checkRecord(fields:)`` then
    /// ``checkInFile(fields:recordNumber:_:)``. Call in record order.
    public mutating func check(fields: [String], recordNumber: Int) -> RecordFindings {
        var found = checkRecord(fields: fields)
        checkInFile(fields: fields, recordNumber: recordNumber, &found)
        return found
    }
}

/// The findings of one record and the rules that could not run on it.
public struct RecordFindings: Sendable {
    public var findings: [Finding]
    public var rulesNotRun: [String]

    public init(findings: [Finding] = [], rulesNotRun: [String] = []) {
        self.findings = findings
        self.rulesNotRun = rulesNotRun
    }

    /// Records a rule's verdict: a failure becomes a finding with the items' (trimmed) values.
    /// Items and values are only built for a failure (most verdicts are passes).
    @inlinable
    public mutating func apply(_ verdict: RuleVerdict, _ kind: FindingKind, _ items: @autoclosure () -> [String], _ values: @autoclosure () -> [String]) {
        switch verdict {
        case .fail: findings.append(Finding(kind, items: items(), values: values().map(RuleChecks.trimmed)))
        case .notRun: rulesNotRun.append(kind.code)
        case .pass, .skipped: break
        }
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
