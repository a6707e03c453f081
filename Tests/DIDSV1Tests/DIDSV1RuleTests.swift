@_spi(ETOSGenerated) import DIDSV1
import Testing

/// For each DIDS v1.0 rule, a record that breaks it yields exactly its code, or its code and
/// the codes it cannot be broken without (listed with the reason).
@Suite("Every DIDS v1.0 rule, one at a time")
struct DIDSV1RuleTests {
    static let valid: [String] = [
        "9434765919", "01", "1980-05-17", "A", "2", "LS1 4AP", "B86001", "03", "G1234567", "RR8",
        "2026-03-01", "2026-03-02", "2026-03-10", "XCHES", "399208008", "2026-03-12", "RR813", "ACC1",
    ]

    static let context: ValidationContext = {
        var data = InMemoryReferenceData()
        let retired = ISODate(year: 2025, month: 6, day: 1)
        let recentlyRetired = ISODate(year: 2026, month: 1, day: 1)
        for code in ["B86001", "RR8", "RR813"] { data.add(code, to: "ODS ORGANISATIONS") }
        for code in ["RCL01", "C12345", "RCL02"] { data.add(code, to: "ODS ORGANISATIONS", periods: [ActivePeriod(end: recentlyRetired)]) }
        for code in ["LS1 4AP", "LS14AP"] { data.add(code, to: "ONS POSTCODE DIRECTORY") }
        for code in ["XCHES", "XABDO"] { data.add(code, to: "NICIP") }
        data.add("XOLD", to: "NICIP", periods: [ActivePeriod(end: retired)])
        data.add("XRET", to: "NICIP", periods: [ActivePeriod(end: recentlyRetired)])
        data.add("399208008", to: "SNOMED CT DIAGNOSTIC IMAGING REFSET")
        data.add("123456789", to: "SNOMED CT DIAGNOSTIC IMAGING REFSET", periods: [ActivePeriod(end: retired)])
        data.add("111111111", to: "SNOMED CT DIAGNOSTIC IMAGING REFSET", periods: [ActivePeriod(end: recentlyRetired)])
        for (nicip, snomed) in [("XCHES", "399208008"), ("XOLD", "399208008"), ("XRET", "399208008"), ("XCHES", "123456789"), ("XCHES", "111111111"), ("XABDO", "1234567")] {
            data.addMapping(from: nicip, to: snomed, in: "NICIP TO SNOMED")
        }
        return ValidationContext(submission: SubmissionContext(submissionDate: ISODate(year: 2026, month: 4, day: 5)), referenceData: data)
    }()

    struct Case: CustomTestStringConvertible, Sendable {
        let codes: [String]
        let changes: [Int: String]
        var testDescription: String { codes.joined(separator: "+") }
        init(_ codes: [String], _ changes: [Int: String]) {
            self.codes = codes
            self.changes = changes
        }
    }

    static let cases: [Case] = [
        Case(["DIDS001"], [0: "9434765918"]),
        // Not ten digits: no valid check digit either (NHS England's processing reports both).
        Case(["DIDS001", "DIDS002"], [0: "943476591"]),
        Case(["DIDS003"], [1: "09"]),
        Case(["DIDS005"], [2: "1980-02-30"]),
        Case(["DIDS006"], [2: "2026-03-11"]),
        // Born after the report but not after the test: the report must precede the test.
        Case(["DIDS008", "DIDS048"], [2: "2026-03-09", 15: "2026-03-08", 10: "2026-03-01", 11: "2026-03-02"]),
        Case(["DIDS009"], [2: "1900-01-01"]),
        Case(["DIDS010"], [10: "2025-06-01", 2: "2026-01-01"]),
        Case(["DIDS012"], [3: "Q"]),
        Case(["DIDS014"], [4: "5"]),
        Case(["DIDS016"], [5: "AB1 2CD"]),
        Case(["DIDS017"], [5: "LS14AP"]),
        // An unknown organisation is also not active at the test date.
        Case(["DIDS018", "DIDS080"], [6: "Z99999"]),
        Case(["DIDS020"], [7: ""]),
        Case(["DIDS021"], [7: "99"]),
        Case(["DIDS023"], [8: "Q1234567"]),
        Case(["DIDS024", "DIDS079"], [9: "ZZZ"]),
        Case(["DIDS026"], [10: "2026-02-30"]),
        Case(["DIDS027"], [10: "2026-03-05"]),
        Case(["DIDS028"], [10: "2025-03-01"]),
        // Before 1970 is also more than a year before a 2026 test.
        Case(["DIDS028", "DIDS031"], [10: "1969-12-31", 2: "1960-01-01"]),
        // After the test, a request is after its receipt too (or its receipt after the test).
        Case(["DIDS027", "DIDS034"], [10: "2026-03-11"]),
        // A report before the request is before the test and the receipt too.
        Case(["DIDS035", "DIDS044", "DIDS048"], [15: "2026-02-28"]),
        Case(["DIDS036"], [11: "2026-13-01"]),
        Case(["DIDS038"], [10: "", 11: "2025-03-01"]),
        Case(["DIDS040"], [10: "", 11: "2025-03-15", 2: "2025-10-01"]),
        Case(["DIDS038", "DIDS041"], [10: "", 11: "1969-12-31", 2: "1960-01-01"]),
        Case(["DIDS043"], [11: "2026-03-11"]),
        Case(["DIDS043", "DIDS044"], [11: "2026-03-13"]),
        Case(["DIDS045"], [12: "2026-02-30"]),
        Case(["DIDS048"], [15: "2026-03-05"]),
        Case(["DIDS049"], [12: "2025-12-15", 10: "2025-12-01", 11: "2025-12-02", 15: "2025-12-20"]),
        Case(["DIDS050"], [12: ""]),
        Case(["DIDS051"], [12: "2026-04-06", 15: ""]),
        // More than 6 months: the rejection alone (the warning covers 3 to 6 months).
        Case(["DIDS055"], [12: "2025-09-15", 10: "2025-09-01", 11: "2025-09-02", 15: "2025-09-20"]),
        Case(["DIDS056"], [13: "", 14: ""]),
        // Retired more than 6 months before the test: not valid, and not active either.
        Case(["DIDS057", "DIDS077"], [13: "XOLD"]),
        Case(["DIDS059", "DIDS078"], [14: "123456789"]),
        Case(["DIDS061"], [15: "2026-03-32"]),
        Case(["DIDS062"], [12: "2026-03-03", 15: "2026-04-04"]),
        Case(["DIDS066"], [15: "2026-04-06"]),
        Case(["DIDS067"], [16: ""]),
        Case(["DIDS068", "DIDS081"], [16: "ZZ999"]),
        Case(["DIDS069"], [16: "RR8"]),
        // Letters and digits only; an unknown site is not a known or open organisation either.
        Case(["DIDS068", "DIDS069", "DIDS081"], [16: "RR8-13"]),
        Case(["DIDS070"], [17: ""]),
        Case(["DIDS072"], [17: String(repeating: "A", count: 21)]),
        Case(["DIDS073"], [0: "", 2: "", 3: "", 4: "", 5: "", 6: ""]),
        Case(["DIDS074"], [0: "", 2: "", 3: "", 4: "", 6: "", 5: "ZZ99 3CZ"]),
        Case(["DIDS077"], [13: "XRET"]),
        Case(["DIDS078"], [14: "111111111"]),
        Case(["DIDS079"], [9: "RCL01"]),
        Case(["DIDS080"], [6: "C12345"]),
        Case(["DIDS081"], [16: "RCL02"]),
        Case(["DIDS082"], [13: "XABDO"]),
    ]

    @Test func theValidRecordPassesEveryRule() {
        let outcome = RecordValidator.validate(RawRecord(fields: Self.valid), context: Self.context)
        #expect(outcome.findings.isEmpty, "\(outcome.findings)")
        #expect(outcome.rulesNotRun.isEmpty)
    }

    @Test(arguments: cases)
    func breakingARuleReportsItsCode(_ testCase: Case) {
        var fields = Self.valid
        for (index, value) in testCase.changes { fields[index] = value }
        let outcome = RecordValidator.validate(RawRecord(fields: fields), context: Self.context)
        #expect(outcome.findings.map(\.code).sorted() == testCase.codes, "\(outcome.findings)")
        #expect(outcome.rulesNotRun.isEmpty)
    }

    @Test func fileLevelRules() {
        var validator = SubmissionValidator(context: Self.context)
        #expect(validator.validate(fields: Self.valid, recordNumber: 1).findings.isEmpty)
        let repeated = validator.validate(fields: Self.valid, recordNumber: 2)
        #expect(repeated.findings.map(\.code) == ["DIDS071"])
        #expect(repeated.earlierRecords.map(\.recordNumber) == [1])
        var other = Self.valid
        other[17] = "ACC2"
        #expect(validator.validate(fields: other + ["extra"], recordNumber: 3).findings.map(\.code) == ["DIDS075"])
    }

    @Test func everyRuleIsCoveredHere() {
        let tested = Set(Self.cases.flatMap(\.codes) + ["DIDS071", "DIDS075"])
        let all: Set<String> = ["DIDS001", "DIDS002", "DIDS003", "DIDS005", "DIDS006", "DIDS008", "DIDS009", "DIDS010", "DIDS012", "DIDS014", "DIDS016", "DIDS017", "DIDS018", "DIDS020", "DIDS021", "DIDS023", "DIDS024", "DIDS026", "DIDS027", "DIDS028", "DIDS031", "DIDS034", "DIDS035", "DIDS036", "DIDS038", "DIDS040", "DIDS041", "DIDS043", "DIDS044", "DIDS045", "DIDS048", "DIDS049", "DIDS050", "DIDS051", "DIDS055", "DIDS056", "DIDS057", "DIDS059", "DIDS061", "DIDS062", "DIDS066", "DIDS067", "DIDS068", "DIDS069", "DIDS070", "DIDS071", "DIDS072", "DIDS073", "DIDS074", "DIDS075", "DIDS077", "DIDS078", "DIDS079", "DIDS080", "DIDS081", "DIDS082"]
        #expect(tested == all)
        #expect(Rules.notEnforced.map(\.code) == ["DIDS076"])
    }
}
