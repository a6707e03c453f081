/// The facts about a submission that rules compare with.
public struct SubmissionContext: Hashable, Sendable {
    /// The date the file was received.
    public var submissionDate: ISODate?
    /// First day of the reporting period.
    public var reportingPeriodStart: ISODate?
    /// Last day of the reporting period (inclusive).
    public var reportingPeriodEnd: ISODate?

    public init(submissionDate: ISODate? = nil, reportingPeriodStart: ISODate? = nil, reportingPeriodEnd: ISODate? = nil) {
        self.submissionDate = submissionDate
        self.reportingPeriodStart = reportingPeriodStart
        self.reportingPeriodEnd = reportingPeriodEnd
    }

    /// The reporting period of a month: its first and last day.
    public static func month(_ year: Int, _ month: Int, submittedOn submissionDate: ISODate? = nil) -> SubmissionContext? {
        guard let start = ISODate(year: year, month: month, day: 1) else { return nil }
        return SubmissionContext(submissionDate: submissionDate, reportingPeriodStart: start, reportingPeriodEnd: start.adding(months: 1).adding(days: -1))
    }
}

/// Everything a generated validator needs besides the record.
public struct ValidationContext: Sendable {
    public var submission: SubmissionContext
    /// Reference data; rules that need a data set it lacks are reported as not run.
    public var referenceData: (any ReferenceData)?

    public init(submission: SubmissionContext = SubmissionContext(), referenceData: (any ReferenceData)? = nil) {
        self.submission = submission
        self.referenceData = referenceData
    }
}

/// The outcome of one rule on one record.
public enum RuleVerdict: Hashable, Sendable {
    case pass
    case fail
    /// The rule did not apply: an operand is blank or unreadable (its own rule reports that).
    case skipped
    /// The rule could not be checked: reference data or submission facts are missing.
    case notRun(reason: String)
}

/// A typed record with everything found wrong with it.
public struct RecordOutcome<Record: Sendable>: Sendable {
    public var record: Record
    public var findings: [Finding]
    /// Codes of rules that could not be checked on this record (missing reference data or facts).
    public var rulesNotRun: [String]

    public init(record: Record, findings: [Finding] = [], rulesNotRun: [String] = []) {
        self.record = record
        self.findings = findings
        self.rulesNotRun = rulesNotRun
    }

    /// Records a rule's verdict: a failure becomes a finding with the items' (trimmed) values.
    public mutating func apply(_ verdict: RuleVerdict, _ kind: FindingKind, _ items: [String], _ values: [String]) {
        switch verdict {
        case .fail: findings.append(Finding(kind, items: items, values: values.map(RuleChecks.trimmed)))
        case .notRun: rulesNotRun.append(kind.code)
        case .pass, .skipped: break
        }
    }

    /// The worst level among the findings, if any.
    public var worstLevel: FindingLevel? { findings.map(\.level).min() }
}

/// Remembers the keys of a file's records to find duplicates, compactly: each key is kept
/// as a 128-bit digest (two 64-bit FNV-1a hashes), 16 bytes however long the values are.
public struct UniqueKeys: Sendable {
    private struct Digest: Hashable, Sendable {
        let high: UInt64
        let low: UInt64
    }

    private var firstRecord: [Digest: Int] = [:]

    public init() {}

    /// Adds a record's key; returns the number of the earlier record with the same key, or
    /// nil when the key is new or any part of it is blank (blank keys are not compared).
    public mutating func insert(_ parts: [String], record: Int) -> Int? {
        var high: UInt64 = 0xCBF2_9CE4_8422_2325
        var low: UInt64 = 0x84222325_CBF29CE4
        for part in parts {
            let value = RuleChecks.trimmed(part)
            guard !value.isEmpty else { return nil }
            for byte in value.utf8 {
                high = (high ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                low = (low ^ UInt64(byte)) &* 0x0000_0100_0000_0193
            }
            // A separator no value holds, so ("ab", "c") and ("a", "bc") differ.
            high = (high ^ 0x1F) &* 0x0000_0100_0000_01B3
            low = (low ^ 0x1F) &* 0x0000_0100_0000_0193
        }
        let digest = Digest(high: high, low: low)
        if let first = firstRecord[digest] { return first }
        firstRecord[digest] = record
        return nil
    }
}
