@_spi(ETOSGenerated) import DIDSV1
import Testing

/// The four places where NHS England's own DIDS v1 processing (its public pipeline's test
/// inputs and expected data-quality codes, `shared/domain/DIDS.md` §7) reads a rule
/// otherwise than a plain reading of the ETOS would; the v1 spec and runtime follow it.
@Suite("DIDS v1.0 as NHS England's processing applies it")
struct NHSEnglandProcessingTests {
    private static func codes(_ changes: [Int: String]) -> [String] {
        var fields = DIDSV1RuleTests.valid
        for (index, value) in changes { fields[index] = value }
        return RecordValidator.validate(RawRecord(fields: fields), context: DIDSV1RuleTests.context).findings.map(\.code).sorted()
    }

    /// DIDS071: every record of a duplicated key is reported, the first included, once each;
    /// keys are compared after trimming.
    @Test func everyRecordOfADuplicatedKeyIsReported() throws {
        let valid = DIDSV1RuleTests.valid
        var other = valid
        other[17] = "ACC2"
        var padded = valid
        padded[17] = " ACC1 "
        let csv = [valid, other, padded, valid].map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        let run = SubmissionRun(validator: SubmissionValidator(context: DIDSV1RuleTests.context), input: MemoryInput(Array(csv.utf8)), header: .absent)
        var reported: [(record: Int, line: Int, code: String)] = []
        while let result = try run.next() {
            reported += result.findings.map { ($0.recordNumber, $0.line, $0.finding.code) }
        }
        #expect(reported.map(\.record) == [1, 3, 4])
        #expect(reported.map(\.line) == [1, 3, 4])
        #expect(Set(reported.map(\.code)) == ["DIDS071"])
        let summary = run.summary
        #expect(summary.counts["DIDS071"]?.count == 3)
        #expect(summary.recordsRejected == 3)
        #expect(summary.recordsAccepted == 1)
        #expect(summary.findingsTotal == 3)
    }

    /// DIDS069: "alphanumeric" means letters and digits: `&&&&&` is rejected.
    @Test func siteCodesAreLettersAndDigits() {
        // Not a known site either (DIDS068, DIDS081): the shape is what changed.
        #expect(Self.codes([16: "&&&&&"]) == ["DIDS068", "DIDS069", "DIDS081"])
        #expect(Self.codes([16: "RR8 13"]) == ["DIDS068", "DIDS069", "DIDS081"])
        #expect(Self.codes([16: "RR813ABCDE12"]) == ["DIDS068", "DIDS081"])
    }

    /// DIDS001: a value that is not 10 digits fails the Modulus 11 check too, beside DIDS002.
    @Test func modulus11FailsAValueThatIsNotTenDigits() {
        #expect(Self.codes([0: "999999999"]) == ["DIDS001", "DIDS002"])
        #expect(Self.codes([0: "9434765919"]) == [])
        #expect(Self.codes([0: "9434765918"]) == ["DIDS001"])
    }

    /// DIDS049 is the 3 to 6 month band: not reported when DIDS055 (more than 6 months) is.
    @Test func theThreeMonthWarningStopsWhereTheSixMonthRejectionStarts() {
        let dates = { (test: String) -> [Int: String] in [12: test, 10: "2025-08-01", 11: "2025-08-02", 15: test] }
        #expect(Self.codes(dates("2025-12-15")) == ["DIDS049"])
        #expect(Self.codes(dates("2025-10-01")) == ["DIDS049"])
        #expect(Self.codes(dates("2025-09-30")) == ["DIDS055"])
        #expect(Self.codes(dates("2025-09-15")) == ["DIDS055"])
    }
}
