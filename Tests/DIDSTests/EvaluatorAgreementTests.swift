@_spi(ETOSGenerated) import DIDS
import ETOSFrontend
@_spi(ETOSGenerated) import ETOSInterpreter
import ETOSModel
import ETOSSampling
import Foundation
import Testing

/// Property: on records with random fields (junk, blanks, near-misses of valid values), the
/// generated Swift and the interpreter over the model report the same findings.
@Suite("Generated code agrees with the interpreter")
struct EvaluatorAgreementTests {
    private static let junk = ["", " ", "0", "99", "Q", "2026-02-30", "2026-04-01", "1899-12-31", "2026-04-01T00:30:00+01:00", "2026-03-31T23:30:00Z",
                               "2026-04-01T10:00:00+05:00", "9434765919", "9434765918", "ZZ99 3CZ", "LS14AP", "RR8", "XCHES", "399208008", "G1234567", "A",
                               "\u{FFFD}", "ééééé", String(repeating: "x", count: 30), "-1", "1e5", "N", "Y",
                               // Readable timestamps longer than the format's 25 characters: the item check rejects them, rules still read them.
                               "2026-04-05T10:00:00.123456+01:00", " 2026-03-30T08:00:00.5Z "]

    @Test(arguments: 1...8)
    func randomRecordsGetTheSameFindings(seed: UInt64) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let spec = try SpecCompiler.compile(contentsOf: root.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml").path)
        let reference = try ReferenceDataFiles.load(directory: root.appendingPathComponent("Spec/Samples/ReferenceData").path)
        let context = ValidationContext(submission: SubmissionContext.month(2026, 4, submittedOn: ISODate(year: 2026, month: 5, day: 10))!, referenceData: reference)
        var sampler = SubmissionSampler(spec: spec, context: context, referenceData: reference, seed: seed)
        var generator = SeededGenerator(seed: seed)
        var compiled = SubmissionValidator(context: context)
        var interpreted = InterpretedSubmissionValidator(spec: spec, context: context)
        #expect(compiled.rulesNotRun == interpreted.rulesNotRun)
        for number in 1...300 {
            var fields = sampler.validRecord(number: number)
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                fields[Int.random(in: 0..<fields.count, using: &generator)] = Self.junk.randomElement(using: &generator)!
            }
            if Int.random(in: 0..<20, using: &generator) == 0 { fields.removeLast() }
            let a = compiled.check(fields: fields, recordNumber: number)
            let b = interpreted.check(fields: fields, recordNumber: number)
            #expect(a.findings == b.findings, "\(fields)")
            // The typed path (what library users call) finds the same as the findings-only path.
            let typed = compiled.validateRecord(fields: fields)
            #expect(typed.findings == compiled.checkRecord(fields: fields).findings)
            #expect(typed.rulesNotRun == compiled.rulesNotRun)
        }
    }
}
