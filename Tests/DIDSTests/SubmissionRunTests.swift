@_spi(ETOSGenerated) import DIDS
import ETOSFrontend
@_spi(ETOSGenerated) import ETOSInterpreter
import ETOSModel
import ETOSSampling
import Foundation
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite("Validating submissions with the generated module")
struct SubmissionRunTests {
    private func spec() throws -> Spec {
        try SpecCompiler.compile(contentsOf: packageRoot.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml").path)
    }

    private func referenceData() throws -> InMemoryReferenceData {
        try ReferenceDataFiles.load(directory: packageRoot.appendingPathComponent("Spec/Samples/ReferenceData").path)
    }

    /// The generator's seeded violations are exactly what the compiled validator reports,
    /// and the interpreted validator (etosc validate --spec) agrees with it finding for finding.
    @Test func seededViolationsAreFoundExactlyByGeneratedAndInterpretedValidators() throws {
        let spec = try spec()
        let reference = try referenceData()
        let context = ValidationContext(submission: SubmissionContext.month(2026, 4, submittedOn: ISODate(year: 2026, month: 5, day: 10))!, referenceData: reference)
        var sampler = SubmissionSampler(spec: spec, context: context, referenceData: reference, seed: 42)
        var csv: [UInt8] = []
        let seeded = sampler.generate(records: 3_000, invalidRate: 0.1) { csv += Array(SubmissionSampler.csvLine($0).utf8) }
        #expect(Set(seeded.map(\.rule)).count > 40)

        let compiled = SubmissionRun(validator: SubmissionValidator(context: context), input: MemoryInput(csv), header: .absent)
        let interpreted = SubmissionRun(validator: InterpretedSubmissionValidator(spec: spec, context: context), input: MemoryInput(csv), header: .absent)
        var found: [Int: [String]] = [:]
        while let record = try compiled.next() {
            let other = try #require(try interpreted.next())
            #expect(record.findings.map(\.finding) == other.findings.map(\.finding), "record \(record.recordNumber)")
            for finding in record.findings { found[finding.recordNumber, default: []].append(finding.finding.code) }
        }
        #expect(try interpreted.next() == nil as SubmissionRun<InterpretedSubmissionValidator>.RecordResult?)
        let expected = Dictionary(uniqueKeysWithValues: seeded.map { ($0.record, $0.findings) })
        let differing = Set(found.keys).union(expected.keys).filter { found[$0] != expected[$0] }.sorted()
        #expect(differing.isEmpty, "\(differing.prefix(5).map { "record \($0): found \(found[$0] ?? []), seeded \(expected[$0] ?? [])" })")
        let summary = compiled.summary
        #expect(summary.recordsRead == 3_000)
        #expect(summary.recordsRead == summary.recordsAccepted + summary.recordsRejected)
    }

    /// A rule that cannot run (reference data not loaded, a submission fact not given) is
    /// listed once for the validator and counted on every record of a run, one whose value it
    /// would skip included, by the generated and the interpreted validator alike; giving the
    /// missing data changes the list.
    @Test func rulesThatCannotRunAreListedForEveryRecord() throws {
        let spec = try spec()
        let bare = ValidationContext(submission: SubmissionContext.month(2026, 4)!)
        var generated = SubmissionValidator(context: bare)
        var interpreted = InterpretedSubmissionValidator(spec: spec, context: bare)
        var blankPostcode = DIDSv2Fixture.valid
        blankPostcode[5] = ""
        let expected = ["DIDS016", "DIDS018", "DIDS024", "DIDS00300302", "DIDS00300402", "DIDS066", "DIDS068",
                        "DIDS079", "DIDS080", "DIDS081", "DIDSREJ012"]
        #expect(generated.rulesNotRun == expected)
        #expect(interpreted.rulesNotRun == expected)
        let csv = Array([DIDSv2Fixture.valid, blankPostcode, DIDSv2Fixture.valid].map { $0.joined(separator: ",") }.joined(separator: "\n").utf8)
        let generatedRun = SubmissionRun(validator: generated, input: MemoryInput(csv), header: .absent)
        let interpretedRun = SubmissionRun(validator: interpreted, input: MemoryInput(csv), header: .absent)
        while try generatedRun.next() != nil {}
        while try interpretedRun.next() != nil {}
        let counted = Dictionary(uniqueKeysWithValues: expected.map { ($0, 3) })
        #expect(generatedRun.summary.rulesNotRun == counted)
        #expect(interpretedRun.summary.rulesNotRun == counted)
        let full = ValidationContext(submission: DIDSv2Fixture.context.submission, referenceData: try referenceData())
        generated.context = full
        interpreted.context = full
        #expect(generated.rulesNotRun == [])
        #expect(interpreted.rulesNotRun == [])
        #expect(RecordValidator.validate(RawRecord(fields: blankPostcode), context: bare).rulesNotRun == expected)
    }

    /// Checking on several threads (`jobs`) gives the same records, findings and summary as one
    /// thread, with duplicates spread across round boundaries and messy rows in between.
    @Test(arguments: [(2, 97), (3, 500), (2, 1)])
    func severalJobsGiveTheSameResultsAsOne(jobs: Int, roundSize: Int) throws {
        let spec = try spec()
        let reference = try referenceData()
        let context = ValidationContext(submission: SubmissionContext.month(2026, 4, submittedOn: ISODate(year: 2026, month: 5, day: 10))!, referenceData: reference)
        var sampler = SubmissionSampler(spec: spec, context: context, referenceData: reference, seed: 7)
        var lines: [String] = [DataSet.items.map(\.name).joined(separator: ",")]
        _ = sampler.generate(records: 1_500, invalidRate: 0.2) { lines.append(SubmissionSampler.csvLine($0).trimmingCharacters(in: .newlines)) }
        for index in stride(from: 1, to: 1_500, by: 37) { lines.append(lines[index]) }
        lines.insert("short,row", at: 700)
        lines.insert("", at: 900)
        let csv = Array((lines.joined(separator: "\r\n") + "\r\n\"unterminated,").utf8)

        func run<V: SubmissionValidating>(_ validator: V, jobs: Int) throws -> ([[ReportedFinding]], ValidationSummary) {
            let run = SubmissionRun(validator: validator, input: MemoryInput(csv), jobs: jobs, roundSize: roundSize)
            var records: [[ReportedFinding]] = []
            while let record = try run.next() {
                #expect(record.recordNumber == records.count + 1)
                records.append(record.findings)
            }
            return (records, run.summary)
        }
        for validator in [SubmissionValidator(context: context)] as [any SubmissionValidating] + [InterpretedSubmissionValidator(spec: spec, context: context)] {
            let (one, oneSummary) = try run(validator, jobs: 1)
            let (several, severalSummary) = try run(validator, jobs: jobs)
            #expect(one.count == 1_500 + 41 + 2)
            #expect(several.count == one.count)
            for (a, b) in zip(one, several) {
                #expect(a.map(\.finding) == b.map(\.finding))
                #expect(a.map(\.line) == b.map(\.line))
                #expect(a.map(\.key) == b.map(\.key))
            }
            #expect(one.joined().filter { $0.finding.code == "DIDS071" }.count >= 41)
            #expect(severalSummary.recordsRead == oneSummary.recordsRead)
            #expect(severalSummary.recordsRejected == oneSummary.recordsRejected)
            #expect(severalSummary.recordsWarned == oneSummary.recordsWarned)
            #expect(severalSummary.blankLines == 1 && oneSummary.blankLines == 1)
            #expect(severalSummary.counts.mapValues(\.count) == oneSummary.counts.mapValues(\.count))
            #expect(severalSummary.rulesNotRun == oneSummary.rulesNotRun)
            #expect(severalSummary.headerPresent && oneSummary.headerPresent)
        }
    }

    /// A worker's copy holds none of the file's keys: sharing them made every insertion on the
    /// calling thread copy the whole key table (2 jobs were slower than 1 on a million records).
    /// `for try await` over a run gives the records `next()` gives, in order, and the run's
    /// summary counts them all afterwards; records, findings and the summary encode and decode.
    @Test func aRunIsAnAsyncSequenceAndItsResultsAreCodable() async throws {
        let csv = try Data(contentsOf: packageRoot.appendingPathComponent("Spec/Samples/DIDS-v2.0-sample.csv"))
        let context = ValidationContext(submission: .month(2026, 4, submittedOn: ISODate(year: 2026, month: 5, day: 10))!, referenceData: try referenceData())
        let stepped = SubmissionRun(validator: SubmissionValidator(context: context), input: MemoryInput(Array(csv)), jobs: 2)
        var expected: [[ReportedFinding]] = []
        while let result = try stepped.next() { expected.append(result.findings) }
        let run = SubmissionRun(validator: SubmissionValidator(context: context), input: MemoryInput(Array(csv)), jobs: 2)
        var iterated: [[ReportedFinding]] = []
        for try await result in run { iterated.append(result.findings) }
        #expect(iterated == expected)
        #expect(run.summary == stepped.summary)
        #expect(run.summary.recordsRead == 200)
        let findings = iterated.flatMap { $0 }
        #expect(!findings.isEmpty)
        let report = ValidationReport(findings: findings, summary: run.summary)
        #expect(try JSONDecoder().decode(ValidationReport.self, from: JSONEncoder().encode(report)) == report)
        let outcome = RecordValidator.validate(RawRecord(fields: try #require(String(data: csv, encoding: .utf8)).split(whereSeparator: \.isNewline)[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)), context: context)
        #expect(try JSONDecoder().decode(Record.self, from: JSONEncoder().encode(outcome.record)) == outcome.record)
        #expect(outcome.record.patient.nhsNumber != nil, "the sample's NHS numbers are valid")
    }

    @Test func aWorkerCopyStartsWithoutTheFilesKeys() throws {
        let spec = try spec()
        for var validator in [SubmissionValidator(context: DIDSv2Fixture.context)] as [any SubmissionValidating]
            + [InterpretedSubmissionValidator(spec: spec, context: DIDSv2Fixture.context)] {
            #expect(validator.check(fields: DIDSv2Fixture.valid, recordNumber: 1).findings.isEmpty)
            var copy = validator.copyForThread()
            #expect(copy.check(fields: DIDSv2Fixture.valid, recordNumber: 2).findings.isEmpty)
            #expect(validator.check(fields: DIDSv2Fixture.valid, recordNumber: 3).findings.map(\.code) == ["DIDS071"])
        }
    }

    @Test func messyInputNeverCrashesAndNeverLosesARecord() throws {
        let valid = DIDSv2Fixture.valid.joined(separator: ",")
        let text = "\u{FEFF}" + valid + "\r\n\r\n" + "short,row\n" + valid.replacingOccurrences(of: "ACC-000123", with: "\"ACC,\"\"7\"\"\"") + "\n" + "\"unterminated," + valid
        let run = SubmissionRun(validator: SubmissionValidator(context: DIDSv2Fixture.context), input: MemoryInput(Array(text.utf8)))
        var codes: [[String]] = []
        while let record = try run.next() { codes.append(record.findings.map(\.finding.code)) }
        #expect(codes.count == 4)
        #expect(codes[0].isEmpty)
        #expect(codes[1].first == "DIDS075")
        #expect(codes[2].isEmpty)
        #expect(codes[3].contains("ETOS-CSV-QUOTE"))
        let summary = run.summary
        #expect(summary.recordsRead == summary.recordsAccepted + summary.recordsRejected)
        #expect(summary.fileRejected)
        #expect(summary.blankLines == 1)
        #expect(!summary.headerPresent)
    }

    /// A file without records is rejected as a whole: one finding on record 0, then the end.
    @Test func aFileOfOnlyAHeaderIsRejectedAsEmpty() throws {
        let header = DataSet.items.map(\.name).joined(separator: ",") + "\n"
        let run = SubmissionRun(validator: SubmissionValidator(), input: MemoryInput(Array(header.utf8)))
        let file = try #require(try run.next())
        #expect(file.recordNumber == 0 && file.fields.isEmpty)
        #expect(file.findings.map(\.finding.code) == ["ETOS-FILE-EMPTY"])
        #expect(try run.next() == nil as SubmissionRun<SubmissionValidator>.RecordResult?)
        #expect(run.summary.headerPresent)
        #expect(run.summary.recordsRead == 0)
        #expect(run.summary.fileRejections == ["ETOS-FILE-EMPTY"])
    }

    /// A header out of the spec's order is one file rejection, and no record is checked, with
    /// the generated module as with the interpreter; binary input cannot be validated.
    @Test func aMisshapenFileIsRejectedBeforeAnyRecord() throws {
        var names = DataSet.items.map(\.name)
        names.swapAt(0, 1)
        let text = names.joined(separator: ",") + "\n" + String(repeating: "x,", count: DataSet.fieldCount - 1) + "x\n"
        let run = SubmissionRun(validator: SubmissionValidator(), input: MemoryInput(Array(text.utf8)), jobs: 2)
        let file = try #require(try run.next())
        #expect(file.recordNumber == 0)
        #expect(file.findings.map(\.finding.code) == ["ETOS-CSV-HEADER"])
        #expect(file.findings.first?.finding.message.hasPrefix("The header does not match the spec: column 1 is 'NHS NUMBER STATUS INDICATOR CODE'") == true)
        #expect(try run.next() == nil as SubmissionRun<SubmissionValidator>.RecordResult?)
        #expect(run.summary.recordsRead == 0 && run.summary.fileRejected)
        let binary = SubmissionRun(validator: SubmissionValidator(), input: MemoryInput([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x0A]))
        #expect(throws: SubmissionInputError.self) { try binary.next() }
        // NUL bytes a little way in are judged on the first round, before any record is
        // reported, so one job and two agree (fuzzing found them disagreeing).
        let record = String(repeating: "x,", count: DataSet.fieldCount - 1) + "x"
        for (at, binary) in [(5, true), (20, false)] {
            var lines = Array(repeating: record, count: 30)
            lines[at] = "\u{0}" + lines[at]
            for jobs in [1, 2] {
                let run = SubmissionRun(validator: SubmissionValidator(), input: MemoryInput(Array(lines.joined(separator: "\n").utf8)), jobs: jobs, roundSize: 8)
                if binary {
                    #expect(throws: SubmissionInputError.self, "jobs: \(jobs)") { try run.next() }
                } else {
                    var records = 0
                    while try run.next() != nil { records += 1 }
                    #expect(records == 30, "jobs: \(jobs)")
                }
            }
        }
    }
}

extension SubmissionRun.RecordResult: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.recordNumber == rhs.recordNumber }
}
