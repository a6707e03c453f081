import ArgumentParser
import ETOSModel
@_spi(ETOSGenerated) import ETOSRuntime
import ETOSSampling
import Foundation

/// `etosc sample`: synthetic submissions and conformance packs.
public struct SampleCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write a synthetic submission for a spec, or a conformance pack (one file per rule).",
        discussion: """
        Records are valid unless --invalid-rate makes some break one rule each (and nothing \
        else: every record is checked). The same seed gives the same file. With --conformance DIR, \
        writes for every rule a record can break alone DIR/<code>.csv (a valid record, then the \
        faulty one) and DIR/<code>.expected.json, and DIR/README.md listing the rules left out.
        """
    )

    @Option(name: .long, help: "The ETOS.")
    var spec: String

    @Option(name: .long, help: "How many records (for a relational spec, in each table without a parent; each child table has twice its parent's).")
    var records = 100

    @Option(name: .long, help: "The share of records that break a rule (0 to 1).")
    var invalidRate = 0.0

    @Option(name: .long, help: "The random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Write the CSV here instead of standard output (for a relational spec, the folder its tables' files go in).")
    var output: String?

    @Option(name: .long, help: "Write the record number and rule of each broken record here (CSV).")
    var expected: String?

    @Option(name: .long, help: "The reporting period the records fall in, YYYY-MM.")
    var reportingPeriod = "2026-04"

    @Option(name: .long, help: "The submission date, CCYY-MM-DD (default: the 10th of the month after the period).")
    var submissionDate: String?

    @Option(name: .long, help: "Reference data to draw codes from (and to break reference rules against).")
    var referenceData: String?

    @Flag(name: .long, help: "Leave out the header row.")
    var noHeader = false

    @Option(name: .long, help: "Write a conformance pack into this directory instead of a submission.")
    var conformance: String?

    @OptionGroup var specOptions: SpecOptions

    public func validate() throws {
        guard (0...1).contains(invalidRate) else { throw ValidationError("--invalid-rate must be between 0 and 1") }
        guard records >= 0 else { throw ValidationError("--records must be 0 or more") }
    }

    public func run() throws {
        guard let model = SpecInput.compile(path: spec, options: specOptions, quiet: true) else { throw ExitCode(1) }
        let parts = reportingPeriod.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, let period = SubmissionContext.month(parts[0], parts[1]) else {
            throw ValidationError("--reporting-period '\(reportingPeriod)' is not YYYY-MM")
        }
        var submission = period
        if let submissionDate {
            guard let date = ISODate(parsing: submissionDate) else { throw ValidationError("--submission-date '\(submissionDate)' is not CCYY-MM-DD") }
            submission.submissionDate = date
        } else {
            submission.submissionDate = period.reportingPeriodEnd?.adding(days: 10)
        }
        let reference = try referenceData.map { try ReferenceDataFiles.load(directory: $0) }
        if model.isRelational { return try writeRelational(model, ValidationContext(submission: submission, referenceData: reference), reference) }
        var sampler = SubmissionSampler(spec: model, context: ValidationContext(submission: submission, referenceData: reference), referenceData: reference, seed: seed)
        let header = model.items.sorted { $0.position < $1.position }.map(\.name)
        if let conformance {
            try writeConformance(&sampler, header: header, directory: conformance, submission: submission)
            return
        }
        var text = noHeader ? "" : SubmissionSampler.csvLine(header)
        let seeded = sampler.generate(records: records, invalidRate: invalidRate) { text += SubmissionSampler.csvLine($0) }
        if let output {
            try AtomicWriter.write(text, to: output)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if let expected {
            try AtomicWriter.write("record,rule,findings\n" + seeded.map { "\($0.record),\($0.rule),\($0.findings.joined(separator: ";"))\n" }.joined(), to: expected)
        }
    }

    /// A relational submission: a folder of one CSV per table (`<TABLE>.csv`), and the records made to break a rule.
    private func writeRelational(_ model: Spec, _ context: ValidationContext, _ reference: InMemoryReferenceData?) throws {
        guard let output else { throw ValidationError("a relational spec's sample is a folder of one file per table: give --output DIR") }
        guard conformance == nil else { throw ValidationError("--conformance is for flat specs; a relational spec's sample seeds every rule kind in one submission") }
        var sampler = RelationalSampler(spec: model, context: context, referenceData: reference, seed: seed)
        let (tables, seeded) = sampler.generate(records: records, invalidRate: invalidRate)
        var files: [String: String] = [:]
        for table in tables {
            files["\(table.table).csv"] = ((noHeader ? [] : [table.header]) + table.records).map(SubmissionSampler.csvLine).joined()
        }
        _ = try AtomicWriter.writeAll(files, under: output)
        if let expected {
            try AtomicWriter.write("table,record,rule\n" + seeded.map { "\($0.table),\($0.record),\($0.rule)\n" }.joined(), to: expected)
        }
    }

    private func writeConformance(_ sampler: inout SubmissionSampler, header: [String], directory: String, submission: SubmissionContext) throws {
        let (cases, skipped) = sampler.conformancePack()
        var files: [String: String] = [:]
        for item in cases {
            files["\(item.rule).csv"] = ([header] + item.records).map(SubmissionSampler.csvLine).joined()
            let findings = item.findings.map { "\"\($0)\"" }.joined(separator: ",")
            let earlier = item.earlierRecordFindings.sorted { $0.key < $1.key }.map { record, codes in
                "{\"record\":\(record),\"findings\":[\(codes.map { "\"\($0)\"" }.joined(separator: ","))]}"
            }
            let also = earlier.isEmpty ? "" : ",\"earlierRecords\":[\(earlier.joined(separator: ","))]"
            files["\(item.rule).expected.json"] = "{\"rule\":\"\(item.rule)\",\"level\":\"\(item.level.rawValue)\",\"record\":\(item.faultyRecord),\"findings\":[\(findings)]\(also)}\n"
        }
        var readme = "# Conformance pack for \(sampler.spec.dataSet.name) \(sampler.spec.dataSet.version)\n\n"
        readme += "Made by `etosc sample --conformance` (seed \(seed)). Each `<code>.csv` holds a header, a valid record and a record that breaks rule `<code>` (and only the rules listed beside it, where it cannot be broken alone); "
        readme += "`<code>.expected.json` says which record and which findings a validator must report. Checked with reporting period "
        readme += "\(submission.reportingPeriodStart.map(\.description) ?? "-") to \(submission.reportingPeriodEnd.map(\.description) ?? "-"), submission date \(submission.submissionDate.map(\.description) ?? "-")"
        readme += referenceData == nil ? ", no reference data.\n\n" : " and the reference data given.\n\n"
        readme += "| rule | level | sentence | also broken (cannot hold while it is broken) |\n|---|---|---|---|\n"
        for item in cases {
            let companions = item.findings.filter { $0 != item.rule }.joined(separator: ", ")
            readme += "| \(item.rule) | \(item.level.title) | \(item.sentence.replacingOccurrences(of: "|", with: "\\|")) | \(companions) |\n"
        }
        if !skipped.isEmpty {
            readme += "\nNot included:\n\n"
            for item in skipped { readme += "- \(item.rule): \(item.reason)\n" }
        }
        files["README.md"] = readme
        let written = try AtomicWriter.writeAll(files, under: directory)
        print("etosc: conformance pack in \(directory): \(cases.count) rules, \(skipped.count) left out, \(written) files written")
    }
}
