/// The facts about a submission that rules compare with.
public struct SubmissionContext: Hashable, Sendable {
    /// The date the file was received.
    public var submissionDate: ISODate?
    /// First day of the reporting period.
    public var reportingPeriodStart: ISODate?
    /// Last day of the reporting period (inclusive).
    public var reportingPeriodEnd: ISODate?

    /// The facts given; a rule needing a fact not given is not run.
    ///
    /// - Parameters:
    ///   - submissionDate: the date the file was received.
    ///   - reportingPeriodStart: the first day of the reporting period.
    ///   - reportingPeriodEnd: the last day of the reporting period.
    public init(submissionDate: ISODate? = nil, reportingPeriodStart: ISODate? = nil, reportingPeriodEnd: ISODate? = nil) {
        self.submissionDate = submissionDate
        self.reportingPeriodStart = reportingPeriodStart
        self.reportingPeriodEnd = reportingPeriodEnd
    }

    /// The reporting period of a month: its first and last day.
    ///
    /// - Parameters:
    ///   - year: the period's year.
    ///   - month: the period's month (1–12).
    ///   - submissionDate: the date the file was received, if known.
    /// - Returns: the context, or nil for a month that does not exist.
    public static func month(_ year: Int, _ month: Int, submittedOn submissionDate: ISODate? = nil) -> SubmissionContext? {
        guard let start = ISODate(year: year, month: month, day: 1) else { return nil }
        return SubmissionContext(submissionDate: submissionDate, reportingPeriodStart: start, reportingPeriodEnd: start.adding(months: 1).adding(days: -1))
    }
}

/// Everything a generated validator needs besides the record.
public struct ValidationContext: Sendable {
    /// The submission's dates.
    public var submission: SubmissionContext
    /// Reference data; rules that need a data set it lacks are reported as not run.
    public var referenceData: (any ReferenceData)? {
        get { reference?.data }
        set { reference = newValue.map(ReferenceBox.init) }
    }

    /// The reference data in a constant of a class, where rules look codes up in place
    /// (read from a variable, the existential was copied for every look-up).
    final class ReferenceBox: Sendable {
        let data: any ReferenceData
        init(_ data: any ReferenceData) { self.data = data }
    }

    private(set) var reference: ReferenceBox?

    /// A context of a submission's facts and the reference data its rules consult.
    ///
    /// - Parameters:
    ///   - submission: the submission's dates.
    ///   - referenceData: organisations, postcodes, code releases (``ReferenceDataFiles/load(directory:)``).
    public init(submission: SubmissionContext = SubmissionContext(), referenceData: (any ReferenceData)? = nil) {
        self.submission = submission
        self.reference = referenceData.map(ReferenceBox.init)
    }

    /// Whether reference data set `dataset` (codes or a mapping) is loaded: rules consulting
    /// it can run.
    ///
    /// - Parameter dataset: the data set's name, as rule sentences name it.
    public func hasReferenceData(_ dataset: String) -> Bool {
        guard let data = reference?.data else { return false }
        return data.periods(of: "", in: dataset) != nil || data.maps("", to: "", in: dataset) != nil
    }

    /// A copy for a worker thread (see ``ReferenceData/copyForThread()``).
    @_spi(ETOSGenerated) public func copyForThread() -> ValidationContext {
        ValidationContext(submission: submission, referenceData: referenceData?.copyForThread())
    }
}

/// The outcome of one rule on one record.
@_spi(ETOSGenerated) public enum RuleVerdict: Hashable, Sendable {
    case pass
    case fail
    /// The rule did not apply: an operand is blank or unreadable (its own rule reports that).
    case skipped
    /// The rule could not be checked: reference data or submission facts are missing.
    case notRun(reason: NotRunReason)
}

/// Why a rule could not be checked. It holds no text, so a verdict is a plain value that is
/// copied without reference counting (every rule of every record returns one); the rule
/// itself names the data set or fact it needs.
@_spi(ETOSGenerated) public enum NotRunReason: Hashable, Sendable, CustomStringConvertible {
    /// The reference data set the rule names is not loaded.
    case referenceDataNotLoaded
    case submissionDateNotGiven
    case reportingPeriodNotGiven

    public var description: String {
        switch self {
        case .referenceDataNotLoaded: "its reference data is not loaded"
        case .submissionDateNotGiven: "the submission date is not given"
        case .reportingPeriodNotGiven: "the reporting period is not given"
        }
    }
}

/// A typed record with everything found wrong with it.
public struct RecordOutcome<Record: Sendable>: Sendable {
    /// The record, typed: a value is nil where it is blank or failed its item checks.
    public var record: Record
    /// What was found wrong with the record.
    public var findings: [Finding]
    /// Codes of rules that could not be checked (their reference data is not loaded or a
    /// submission fact is not given): the same for every record of a run.
    public var rulesNotRun: [String]
    /// Findings this record revealed about earlier records of its file (the first record of a
    /// key it repeats).
    public var earlierRecords: [EarlierFinding]

    @_spi(ETOSGenerated) public init(record: Record, findings: [Finding] = [], rulesNotRun: [String] = [], earlierRecords: [EarlierFinding] = []) {
        self.record = record
        self.findings = findings
        self.rulesNotRun = rulesNotRun
        self.earlierRecords = earlierRecords
    }

    /// The worst level among the findings, if any.
    public var worstLevel: FindingLevel? { findings.map(\.level).min() }
}

extension RecordOutcome: Equatable where Record: Equatable {}
extension RecordOutcome: Hashable where Record: Hashable {}
extension RecordOutcome: Codable where Record: Codable {}
