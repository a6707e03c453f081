import ETOSFrontend
@_spi(ETOSGenerated) import ETOSInterpreter
import ETOSModel
@_spi(ETOSGenerated) import ETOSRuntime
import ETOSSampling
import Foundation
@_spi(ETOSGenerated) import IPEDS
import Testing

/// The generated IPEDS module and the interpreter over the model, on the same relational
/// submissions: the same findings, in the same order, and the same summary.
@Suite("IPEDS: the generated module agrees with the interpreter")
struct RelationalAgreementTests {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let spec = try! SpecCompiler.compile(contentsOf: root.appendingPathComponent("Spec/IPEDS-v1.0-ETOS.xml").path)

    /// Both engines' findings and summary on `files` (name → CSV text).
    private static func both(_ files: [String: String]) throws -> (generated: [ReportedFinding], interpreted: [ReportedFinding], summaries: (ValidationSummary, ValidationSummary)) {
        let names = files.keys.sorted()
        func open(_ name: String) -> any ByteInput { MemoryInput(Array(files[name]!.utf8)) }
        var generated: [ReportedFinding] = []
        let a = try Submission().validate(fileNames: names, open: open) { generated.append($0) }
        let validator = InterpretedRelationalValidator(spec: spec)
        let run = RelationalSubmissionRun(layout: validator.layout, fileNames: names)
        var interpreted = run.fileFindings
        for table in validator.layout.checkingOrder {
            guard let name = run.file(of: table) else { continue }
            try run.check(table: table, input: open(name), with: validator.tables[table], linked: validator.linked[table]) { interpreted.append($0) }
        }
        let b = run.finish { interpreted.append($0) }
        return (generated, interpreted, (a, b))
    }

    private static let junk = ["", " ", "P0001", "R0001", "Q9", "2026-02-30", "2026-04-01", "1899-12-31", "2000-01-01", "2027-12-31", "9434765005", "9434765006",
                               "X", "1", "4", "XCHES", "XCH", "ééééé", String(repeating: "x", count: 25)]

    @Test(arguments: 1...6)
    func randomSubmissionsGetTheSameFindings(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        func date(_ base: Int) -> String {
            let day = base + Int.random(in: -40...40, using: &random)
            return ISODate(year: 2026, month: 1, day: 1)!.adding(days: day).description
        }
        func mangle(_ fields: [String]) -> [String] {
            var fields = fields
            for _ in 0..<(Int.random(in: 0..<4, using: &random) == 0 ? Int.random(in: 1...3, using: &random) : 0) {
                fields[Int.random(in: 0..<fields.count, using: &random)] = Self.junk.randomElement(using: &random)!
            }
            return fields
        }
        var patients = ["LOCAL PATIENT IDENTIFIER,NHS NUMBER,PERSON BIRTH DATE,PERSON STATED GENDER CODE"]
        for n in 1...40 { patients.append(mangle(["P\(n)", "9434765005", "19\(50 + n % 40)-0\(1 + n % 9)-1\(n % 9)", ["1", "2", "9", "X"][n % 4]]).joined(separator: ",")) }
        var referrals = ["REFERRAL IDENTIFIER,LOCAL PATIENT IDENTIFIER,REFERRAL REQUEST RECEIVED DATE,PRIORITY TYPE CODE"]
        for n in 1...60 { referrals.append(mangle(["R\(n)", "P\(Int.random(in: 1...45, using: &random))", date(60), "\(1 + n % 3)"]).joined(separator: ",")) }
        var examinations = ["EXAMINATION IDENTIFIER,REFERRAL IDENTIFIER,LOCAL PATIENT IDENTIFIER,DIAGNOSTIC TEST DATE,IMAGING CODE (NICIP)"]
        for n in 1...120 { examinations.append(mangle(["E\(n % 110)", "R\(Int.random(in: 1...66, using: &random))", "P1", date(70), "XCHES"]).joined(separator: ",")) }
        let files = ["IPE003.csv": examinations.joined(separator: "\n") + "\n", "Patient.CSV": patients.joined(separator: "\n") + "\n",
                     "referral.csv": referrals.joined(separator: "\n") + "\n"]
        let (generated, interpreted, summaries) = try Self.both(files)
        #expect(generated == interpreted)
        #expect(summaries.0 == summaries.1)
        let codes = Set(generated.map(\.finding.code))
        #expect(codes.isSuperset(of: ["IPE002-R01", "IPE003-R01", "IPE003-F01"]), "orphans at both levels and duplicates are seeded: \(codes)")
        #expect(summaries.0.tables.map(\.summary.recordsRead) == [40, 60, 120])
    }

    @Test func aMissingParentAndAnUnknownFileAgreeToo() throws {
        let sample = Self.root.appendingPathComponent("Spec/Samples/IPEDS-v1.0-sample")
        var files: [String: String] = [:]
        for name in ["examination.csv", "referral.csv"] { files[name] = try String(contentsOf: sample.appendingPathComponent(name), encoding: .utf8) }
        files["extra.csv"] = "a,b\n"
        let (generated, interpreted, summaries) = try Self.both(files)
        #expect(generated == interpreted)
        #expect(summaries.0 == summaries.1)
        #expect(summaries.0.fileRejections == [RelationalSubmissionRun.missingTableCode])
    }

    /// What a user of the module sees: a namespace per table with its typed record.
    @Test func eachTableHasItsTypedRecordAndValidator() {
        #expect(DataSet.tables == ["PATIENT", "REFERRAL", "EXAMINATION"])
        #expect(Examination.items.map(\.name) == ["EXAMINATION IDENTIFIER", "REFERRAL IDENTIFIER", "LOCAL PATIENT IDENTIFIER", "DIAGNOSTIC TEST DATE", "IMAGING CODE (NICIP)"])
        #expect(Referral.id == "IPE002")
        let outcome = Referral.RecordValidator.validate(Referral.RawRecord(fields: ["R1", "P1", "2026-04-01", "3"]))
        #expect(outcome.findings.isEmpty)
        #expect(outcome.record.referralRequestReceivedDate == ISODate(year: 2026, month: 4, day: 1))
        #expect(outcome.record.priorityTypeCode == .twoWeekWait)
        #expect(Submission.layout.checkingOrder == [0, 1, 2])
    }
}
