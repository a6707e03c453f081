import DIDS
import Foundation

/// `dids-validate FILE REFERENCE-DIR`: the generated DIDS v2.0 validator over a CSV file,
/// April 2026 reporting period, submitted 2026-05-10; prints the summary.
@main
struct DIDSValidate {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 else {
            FileHandle.standardError.write(Data("usage: dids-validate FILE REFERENCE-DIR\n".utf8))
            exit(3)
        }
        let reference = try ReferenceDataFiles.load(directory: arguments[2])
        let context = ValidationContext(submission: SubmissionContext.month(2026, 4, submittedOn: ISODate(year: 2026, month: 5, day: 10))!, referenceData: reference)
        var run = SubmissionRun(validator: SubmissionValidator(context: context), input: try FileInput(path: arguments[1]))
        var findings = 0
        while let record = try run.next() { findings += record.findings.count }
        print(ReportWriter.text(run.summary, colour: false), terminator: "")
    }
}
