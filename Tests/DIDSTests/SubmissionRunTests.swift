import DIDS
import ETOSFrontend
import ETOSInterpreter
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

        var compiled = SubmissionRun(validator: SubmissionValidator(context: context), input: MemoryInput(csv), header: .absent)
        var interpreted = SubmissionRun(validator: InterpretedSubmissionValidator(spec: spec, context: context), input: MemoryInput(csv), header: .absent)
        var found: [Int: [String]] = [:]
        while let record = try compiled.next() {
            let other = try #require(try interpreted.next())
            #expect(record.findings.map(\.finding) == other.findings.map(\.finding), "record \(record.recordNumber)")
            if !record.findings.isEmpty { found[record.recordNumber] = record.findings.map(\.finding.code) }
        }
        #expect(try interpreted.next() == nil as SubmissionRun<InterpretedSubmissionValidator>.RecordResult?)
        let expected = Dictionary(uniqueKeysWithValues: seeded.map { ($0.record, $0.findings) })
        let differing = Set(found.keys).union(expected.keys).filter { found[$0] != expected[$0] }.sorted()
        #expect(differing.isEmpty, "\(differing.prefix(5).map { "record \($0): found \(found[$0] ?? []), seeded \(expected[$0] ?? [])" })")
        let summary = compiled.summary
        #expect(summary.recordsRead == 3_000)
        #expect(summary.recordsRead == summary.recordsAccepted + summary.recordsRejected)
    }

    @Test func messyInputNeverCrashesAndNeverLosesARecord() throws {
        let valid = DIDSv2Fixture.valid.joined(separator: ",")
        let text = "\u{FEFF}" + valid + "\r\n\r\n" + "short,row\n" + valid.replacingOccurrences(of: "ACC-000123", with: "\"ACC,\"\"7\"\"\"") + "\n" + "\"unterminated," + valid
        var run = SubmissionRun(validator: SubmissionValidator(context: DIDSv2Fixture.context), input: MemoryInput(Array(text.utf8)))
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

    @Test func aFileOfOnlyAHeaderHasNoRecords() throws {
        let header = DataSet.items.map(\.name).joined(separator: ",") + "\n"
        var run = SubmissionRun(validator: SubmissionValidator(), input: MemoryInput(Array(header.utf8)))
        #expect(try run.next() == nil as SubmissionRun<SubmissionValidator>.RecordResult?)
        #expect(run.summary.headerPresent)
        #expect(run.summary.recordsRead == 0)
    }
}

extension SubmissionRun.RecordResult: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.recordNumber == rhs.recordNumber }
}
