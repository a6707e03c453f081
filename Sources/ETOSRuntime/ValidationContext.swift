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

    /// A copy for a worker thread (see ``ReferenceData/copyForThread()``).
    public func copyForThread() -> ValidationContext {
        ValidationContext(submission: submission, referenceData: referenceData?.copyForThread())
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

    /// The worst level among the findings, if any.
    public var worstLevel: FindingLevel? { findings.map(\.level).min() }
}

/// Remembers the keys of a file's records to find duplicates, compactly: each key is kept
/// as a 128-bit digest (two 64-bit FNV-1a hashes), 16 bytes however long the values are,
/// in an open-addressing table the digest itself indexes (no second hashing).
public struct UniqueKeys: Sendable {
    private struct Slot: Sendable {
        var high: UInt64
        var low: UInt64
        /// The first record with this key; `Int.min` for an empty slot.
        var record: Int
    }

    private static let empty = Slot(high: 0, low: 0, record: Int.min)
    private var slots = [Slot](repeating: UniqueKeys.empty, count: 1 << 10)
    private var count = 0

    public init() {}

    /// Adds a record's key, the fields at `indices` (0-based; a field past the record's end
    /// is blank); returns the number of the earlier record with the same key, or nil when the
    /// key is new or any part of it is blank (blank keys are not compared).
    public mutating func insert(_ fields: RecordFields, at indices: [Int], record: Int) -> Int? {
        var high: UInt64 = 0xCBF2_9CE4_8422_2325
        var low: UInt64 = 0x84222325_CBF29CE4
        for index in indices {
            let value = fields[index].trimmed
            guard !value.isEmpty else { return nil }
            for offset in 0..<value.count {
                let byte = UInt64(value[offset])
                high = (high ^ byte) &* 0x0000_0100_0000_01B3
                low = (low ^ byte) &* 0x0000_0100_0000_0193
            }
            // A separator no value holds, so ("ab", "c") and ("a", "bc") differ.
            high = (high ^ 0x1F) &* 0x0000_0100_0000_01B3
            low = (low ^ 0x1F) &* 0x0000_0100_0000_0193
        }
        if (count + 1) * 10 > slots.count * 7 { grow() }
        var index = Self.start(high, low, slots.count)
        while slots[index].record != Int.min {
            if slots[index].high == high, slots[index].low == low { return slots[index].record }
            index = (index + 1) & (slots.count - 1)
        }
        slots[index] = Slot(high: high, low: low, record: record)
        count += 1
        return nil
    }

    /// Where a digest's probe starts (FNV's low bits are weak; fold the high ones in).
    private static func start(_ high: UInt64, _ low: UInt64, _ capacity: Int) -> Int {
        Int(truncatingIfNeeded: (high ^ (low >> 29) ^ (high >> 32))) & (capacity - 1)
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Self.empty, count: old.count * 2)
        for slot in old where slot.record != Int.min {
            var index = Self.start(slot.high, slot.low, slots.count)
            while slots[index].record != Int.min { index = (index + 1) & (slots.count - 1) }
            slots[index] = slot
        }
    }
}
