import ArgumentParser
@_spi(ETOSGenerated) import ETOSRuntime

/// The facts about a submission that rules compare dates with: reporting period and
/// submission date (shared by `validate` and `export`).
public struct SubmissionFactsOptions: ParsableArguments {
    public init() {}

    @Option(name: .long, help: "The reporting period, YYYY-MM (sets its first and last day).")
    var reportingPeriod: String?

    @Option(name: .long, help: "First day of the reporting period, CCYY-MM-DD.")
    var periodStart: String?

    @Option(name: .long, help: "Last day of the reporting period, CCYY-MM-DD.")
    var periodEnd: String?

    @Option(name: .long, help: "The date the file was submitted, CCYY-MM-DD.")
    var submissionDate: String?

    public func validate() throws {
        if reportingPeriod != nil, periodStart != nil || periodEnd != nil {
            throw ValidationError("give --reporting-period or --period-start/--period-end, not both")
        }
        _ = try context()  // a malformed date is a usage error of this command, found before it runs
    }

    /// The facts as a validation context (nil where not given).
    public func context() throws -> SubmissionContext {
        func date(_ text: String?, _ option: String) throws -> ISODate? {
            guard let text else { return nil }
            guard let date = ISODate(parsing: text) else { throw ValidationError("\(option) '\(text)' is not a CCYY-MM-DD date") }
            return date
        }
        let submitted = try date(submissionDate, "--submission-date")
        if let reportingPeriod {
            let parts = reportingPeriod.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
                  let context = SubmissionContext.month(year, month, submittedOn: submitted) else {
                throw ValidationError("--reporting-period '\(reportingPeriod)' is not YYYY-MM")
            }
            return context
        }
        return SubmissionContext(submissionDate: submitted, reportingPeriodStart: try date(periodStart, "--period-start"), reportingPeriodEnd: try date(periodEnd, "--period-end"))
    }
}
