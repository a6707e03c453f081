// The generated module's public API as a user writes it (issue 18's probe, as written):
// Codable records and findings, typed rule codes, and an asynchronous submission run.
import DIDS
import Foundation

@main struct Probe {
    static func main() async throws {
        let outcome = RecordValidator.validate(RawRecord(fields: [String](repeating: "", count: DataSet.fieldCount)))
        let data = try JSONEncoder().encode(outcome.record)
        _ = try JSONDecoder().decode(Record.self, from: data)
        _ = try JSONEncoder().encode(outcome.findings)
        let rules = outcome.findings.compactMap { RuleCode(rawValue: $0.code) }
        precondition(!rules.isEmpty)
        for rule in RuleCode.allCases { _ = (rule.rawValue, rule.level, rule.sentence) }
        let context = ValidationContext(submission: .month(2026, 4, submittedOn: ISODate(year: 2026, month: 5, day: 10))!, referenceData: nil)
        var records = 0
        for try await result in SubmissionRun(validator: SubmissionValidator(context: context), input: try FileInput(path: CommandLine.arguments[1])) {
            records += 1; _ = result.findings
        }
        print("records: \(records)")
    }
}
