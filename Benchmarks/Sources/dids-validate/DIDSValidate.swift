import DIDS
import Foundation

/// `dids-validate [--jobs N] FILE [REFERENCE-DIR]`: the generated DIDS v2.0 validator over a CSV
/// file, April 2026 reporting period, submitted 2026-05-10; prints the summary. Without a
/// reference-data directory the rules needing reference data are not run (the rule set of the
/// issue's speed goal and of the DuckDB comparison). Records are checked on N threads (default:
/// one per processor core).
@main
struct DIDSValidate {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        if arguments.first == "--jobs", arguments.count > 1, let count = Int(arguments[1]), count > 0 {
            jobs = count
            arguments.removeFirst(2)
        }
        guard arguments.count == 1 || arguments.count == 2 else {
            FileHandle.standardError.write(Data("usage: dids-validate [--jobs N] FILE [REFERENCE-DIR]\n".utf8))
            exit(3)
        }
        let reference = try arguments.dropFirst().first.map(ReferenceDataFiles.load(directory:))
        let context = ValidationContext(submission: SubmissionContext.month(2026, 4, submittedOn: ISODate(year: 2026, month: 5, day: 10))!, referenceData: reference)
        let run = SubmissionRun(validator: SubmissionValidator(context: context), input: try FileInput(path: arguments[0]), jobs: jobs)
        var findings = 0
        while let record = try run.next() { findings += record.findings.count }
        print(ReportWriter.text(run.summary, colour: false), terminator: "")
    }
}
