import ETOSFrontend
@_spi(ETOSGenerated) import ETOSInterpreter
import ETOSModel
@_spi(ETOSGenerated) import ETOSRuntime
import Foundation
import Testing

/// A spec with one item of each kind, to parse and evaluate sentences against.
private let languageSpec: Spec = {
    var builder = WorkbookBuilder()
    builder.sheet("Data Set", [["Data Set Name", "Rules"], ["Short Name", "R"], ["Version", "1"]])
    builder.sheet("Data Items", [
        ["UID", "Data Item Name", "Format", "National Codes"],
        ["A1", "NHS NUMBER", "n10", nil],
        ["A2", "PERSON BIRTH DATE", "an10 CCYY-MM-DD", nil],
        ["A3", "DIAGNOSTIC TEST DATE", "an10 CCYY-MM-DD", nil],
        ["A4", "EVENT TIMESTAMP", "max an25", nil],
        ["A5", "SOURCE CODE", "an2", "01 = One\n02 = Two\n03 = Three"],
        ["A6", "POSTCODE OF USUAL ADDRESS", "max an8", nil],
        ["A7", "SITE CODE (OF IMAGING)", "min an5 max an9", nil],
        ["A8", "CODED PROCEDURE END TIMESTAMP", "max an25 CCYY-MM-DDThh:mm:ss±hh:mm", nil],
        ["A9", "IMAGING CODE (NICIP)", "max an6", nil],
        ["A10", "IMAGING CODE (SNOMED CT)", "min n6 max n18", nil],
        ["A11", "NHS NUMBER STATUS INDICATOR CODE", "an2", nil],
        ["A12", "ETHNIC CATEGORY", "max an2", "See code list ETHNIC CATEGORY"],
        ["A13", "RADIOLOGICAL ACCESSION NUMBER", "max an20", nil],
        ["A14", "DIAGNOSTIC TEST REQUEST DATE", "an10 CCYY-MM-DD", nil],
        ["A15", "SERVICE REPORT ISSUE DATE", "an10 CCYY-MM-DD", nil],
        ["A16", "CODED PROCEDURE START TIMESTAMP", "max an25", nil],
        ["A17", "CODED PROCEDURE (NICIP)", "max an6", nil],
        ["A18", "SERVICE REPORT ISSUE TIMESTAMP", "max an25", nil],
    ])
    builder.sheet("Code Lists", [["Code List", "Code", "Description"], ["ETHNIC CATEGORY", "A", "White - British"], [nil, "Z", "Not stated"]])
    builder.sheet("Validations", [["Error Code", "Data Item", "Validation"]])
    return try! builder.compile()
}()

private let parser = RuleSentenceParser(items: languageSpec.items, codeLists: languageSpec.codeLists)
private let interpreter = RuleInterpreter(spec: languageSpec)

private func parse(_ sentence: String, subject: String? = "A2") -> RuleExpression? {
    try? parser.parse(sentence, subject: subject).get()
}

private func verdict(_ sentence: String, subject: String = "A2", _ values: [String: String], context: ValidationContext = ValidationContext()) -> RuleVerdict? {
    guard let expression = parse(sentence, subject: subject) else { return nil }
    return interpreter.evaluate(expression, values, context: context)
}

private let april2026 = ValidationContext(submission: SubmissionContext.month(2026, 4, submittedOn: ISODate(year: 2026, month: 5, day: 10))!)

@Suite("Rule language: every form parses")
struct RuleFormTests {
    // The table forms need a relational spec: RelationalSpecTests parses their examples.
    @Test(arguments: RuleSentenceForm.all.filter { $0.family != "tables" }.map(\.example))
    func theExampleOfEveryFormParses(example: String) {
        let result = parser.parse(example, subject: example.lowercased().hasPrefix("must have a time zone") ? "A4" : "A12")
        if case .failure(let failure) = result { Issue.record("\(failure)") }
    }

    @Test func parsesEachFamilyToItsExpression() {
        #expect(parse("Must be populated") == .populated(item: "A2"))
        #expect(parse("NHS NUMBER must not be blank") == .populated(item: "A1"))
        #expect(parse("Must be in the format max an20", subject: "A13") == .format(item: "A13", format: Format(text: "max an20", kind: .alphanumeric, minLength: 1, maxLength: 20)))
        #expect(parse("Must be between 5 and 12 characters", subject: "A7") == .length(item: "A7", min: 5, max: 12))
        #expect(parse("Must be 10 digits", subject: "A1") == .digits(item: "A1", count: 10))
        #expect(parse("Must be a valid national code", subject: "A5") == .inCodeList(item: "A5", list: "SOURCE CODE"))
        #expect(parse("Must be in code list ethnic category", subject: "A12") == .inCodeList(item: "A12", list: "ETHNIC CATEGORY"))
        #expect(parse("Must be one of 0, 1, 2 or 9", subject: "A11") == .oneOf(item: "A11", codes: ["0", "1", "2", "9"]))
        #expect(parse("Must be on or before DIAGNOSTIC TEST DATE.") == .compare(item: "A2", comparison: .onOrBefore, operand: .item(uid: "A3")))
        #expect(parse("must not be later than diagnostic test date") == .compare(item: "A2", comparison: .onOrBefore, operand: .item(uid: "A3")))
        #expect(parse("Must not be earlier than 1970-01-01") == .compare(item: "A2", comparison: .onOrAfter, operand: .date(iso: "1970-01-01")))
        #expect(parse("Must not be after the end of the reporting period") == .compare(item: "A2", comparison: .onOrBefore, operand: .reportingPeriodEnd))
        #expect(parse("Must not be more than 1 year before A3") == .within(item: "A2", amount: 1, unit: .years, direction: .before, operand: .item(uid: "A3")))
        #expect(parse("Must not be more than 3 months before the start of the submission month") == .within(item: "A2", amount: 3, unit: .months, direction: .before, operand: .submissionMonthStart))
        #expect(parse("If NHS NUMBER is populated, NHS NUMBER STATUS INDICATOR CODE must be populated") == .implies(condition: .populated(item: "A1"), then: .populated(item: "A11")))
        #expect(parse("If SOURCE CODE is 03, Must be populated") == .implies(condition: .equals(item: "A5", values: ["03"]), then: .populated(item: "A2")))
        #expect(parse("If SOURCE CODE is one of 01, 02, Must be populated") == .implies(condition: .equals(item: "A5", values: ["01", "02"]), then: .populated(item: "A2")))
        #expect(parse("Where POSTCODE OF USUAL ADDRESS starts with ZZ99, at least one of NHS NUMBER, PERSON BIRTH DATE must be populated")
                == .implies(condition: .startsWith(item: "A6", prefix: "ZZ99"), then: .atLeastOnePopulated(items: ["A1", "A2"])))
        #expect(parse("IMAGING CODE (NICIP) or IMAGING CODE (SNOMED CT) must be populated") == .atLeastOnePopulated(items: ["A9", "A10"]))
        #expect(parse("The combination of RADIOLOGICAL ACCESSION NUMBER and SITE CODE (OF IMAGING) must be unique within the file") == .unique(items: ["A13", "A7"]))
        #expect(parse("Each record must have 18 fields", subject: nil) == .fieldCount(count: 18))
        #expect(parse("Must be active in reference data NICIP at CODED PROCEDURE END TIMESTAMP, allowing 183 days after retirement", subject: "A9")
                == .activeInReference(item: "A9", dataset: "NICIP", at: "A8", graceAmount: 183, graceUnit: .days))
        #expect(parse("IMAGING CODE (NICIP) must map to IMAGING CODE (SNOMED CT) in reference data NICIP TO SNOMED") == .mapsInReference(item: "A9", to: "A10", dataset: "NICIP TO SNOMED"))
        #expect(parse("Must have a time zone offset of +00:00, +01:00, -00:00 or Z", subject: "A4") == .timeZoneOffset(item: "A4", allowed: ["+00:00", "+01:00", "-00:00", "Z"]))
    }

    @Test func explainsASentenceItDoesNotUnderstand() throws {
        guard case .failure(let failure) = parser.parse("Must be on or before the day after tomorrow", subject: "A2"),
              case let .notUnderstood(understood, rest, closest) = failure else {
            Issue.record("expected a failure")
            return
        }
        #expect(understood == "Must be on or before")
        #expect(rest == "the day after tomorrow")
        #expect(closest.pattern == "must be on or before <operand>")
    }

    @Test func namesTheNearestItemForAnUnknownOne() {
        guard case .failure(.unknownItem(let name, let nearest)) = parser.parse("Must be on or before DIAGNOSTIC TEST DAT", subject: "A2") else {
            Issue.record("expected an unknown item")
            return
        }
        #expect(name == "DIAGNOSTIC TEST DAT")
        #expect(nearest == "DIAGNOSTIC TEST DATE")
    }

    @Test func refusesFormsWhoseContentIsWrong() {
        #expect(parse("Must be a valid national code", subject: "A1") == nil)
        #expect(parse("Must match the pattern ([", subject: "A1") == nil)
        #expect(parse("Must be between 9 and 5 characters", subject: "A1") == nil)
        #expect(parse("Must be in code list NOWHERE", subject: "A1") == nil)
    }
}

@Suite("Rule language: evaluation and calendar semantics")
struct RuleSemanticsTests {
    @Test func presenceFormatAndCodes() {
        #expect(verdict("Must be populated", ["A2": "  "]) == .fail)
        #expect(verdict("Must be populated", ["A2": "x"]) == .pass)
        #expect(verdict("Must be a valid date", ["A2": "2024-02-29"]) == .pass)
        #expect(verdict("Must be a valid date", ["A2": "2023-02-29"]) == .fail)
        #expect(verdict("Must be a valid date", [:]) == .skipped)
        #expect(verdict("Must be a valid timestamp", subject: "A4", ["A4": "2026-04-01T00:30:00+01:00"]) == .pass)
        #expect(verdict("Must be a valid timestamp", subject: "A4", ["A4": "2026-04-01T00:30:00"]) == .fail)
        #expect(verdict("Must be between 5 and 12 characters", subject: "A7", ["A7": "ABCDEFGHIJKL"]) == .pass)
        #expect(verdict("Must be between 5 and 12 characters", subject: "A7", ["A7": "ABCD"]) == .fail)
        #expect(verdict("Must be 10 digits", subject: "A1", ["A1": "943476591X"]) == .fail)
        #expect(verdict("Must be a valid national code", subject: "A5", ["A5": "03"]) == .pass)
        #expect(verdict("Must be a valid national code", subject: "A5", ["A5": "3"]) == .fail)
        #expect(verdict("Must be one of 0, 1, 2, 9", subject: "A11", ["A11": "9"]) == .pass)
        #expect(verdict("Must be one of 0, 1, 2, 9", subject: "A11", ["A11": "3"]) == .fail)
        #expect(verdict("Must pass the Modulus 11 check", subject: "A1", ["A1": "943 476 5919"]) == .pass)
        #expect(verdict("Must pass the Modulus 11 check", subject: "A1", ["A1": "9434765918"]) == .fail)
        #expect(verdict("Must pass the Modulus 11 check", subject: "A1", ["A1": "94347"]) == .fail)
        #expect(verdict("Must be a valid postcode format", subject: "A6", ["A6": "ZZ99 3CZ"]) == .pass)
        #expect(verdict("Must be a valid postcode format", subject: "A6", ["A6": "LS14AP"]) == .fail)
        #expect(verdict("Must match the pattern ^[CDGS][0-9]{1,7}$", subject: "A6", ["A6": "G1234567"]) == .pass)
        #expect(verdict("Must match the pattern ^[CDGS][0-9]{1,7}$", subject: "A6", ["A6": "G12345678"]) == .fail)
        #expect(verdict("Must have a time zone offset of +00:00, +01:00, -00:00 or Z", subject: "A4", ["A4": "2026-04-01T10:00:00-00:00"]) == .pass)
        #expect(verdict("Must have a time zone offset of +00:00, +01:00, -00:00 or Z", subject: "A4", ["A4": "2026-04-01T10:00:00+02:00"]) == .fail)
    }

    /// Every form not exercised elsewhere in this suite, with a passing and a failing value.
    @Test func theRemainingFormsEvaluate() {
        let cases: [(sentence: String, subject: String, pass: [String: String], fail: [String: String])] = [
            ("NHS NUMBER must be populated", "A2", ["A1": "9434765919"], [:]),
            ("Must not be blank", "A2", ["A2": "x"], ["A2": ""]),
            ("At least one of NHS NUMBER, PERSON BIRTH DATE must be populated", "A2", ["A2": "1980-01-01"], [:]),
            ("Must be in the format max an20", "A13", ["A13": "ACC 1"], ["A13": String(repeating: "x", count: 21)]),
            ("Must be in the format min n6 max n18", "A10", ["A10": "123456"], ["A10": "12345A"]),
            ("Must be a valid time", "A13", ["A13": "23:59:59"], ["A13": "24:00:00"]),
            ("Must be 6 characters", "A13", ["A13": "ABCDEF"], ["A13": "ABCDE"]),
            ("Must be at most 20 characters", "A13", ["A13": "ABC"], ["A13": String(repeating: "x", count: 21)]),
            ("Must be in code list ETHNIC CATEGORY", "A12", ["A12": "Z"], ["A12": "Q"]),
            ("Must not be later than DIAGNOSTIC TEST DATE", "A2", ["A2": "2026-01-01", "A3": "2026-01-01"], ["A2": "2026-01-02", "A3": "2026-01-01"]),
            ("Must not be earlier than DIAGNOSTIC TEST DATE", "A2", ["A2": "2026-01-01", "A3": "2026-01-01"], ["A2": "2025-12-31", "A3": "2026-01-01"]),
            ("Must be before CODED PROCEDURE END TIMESTAMP", "A4", ["A4": "2026-01-01T10:00:00Z", "A8": "2026-01-01T10:00:01Z"], ["A4": "2026-01-01T10:00:00Z", "A8": "2026-01-01T11:00:00+01:00"]),
            ("Must be on or after DIAGNOSTIC TEST REQUEST DATE", "A15", ["A15": "2026-01-01", "A14": "2026-01-01"], ["A15": "2025-12-31", "A14": "2026-01-01"]),
            ("If NHS NUMBER is populated, NHS NUMBER STATUS INDICATOR CODE must be populated", "A2", ["A1": "9434765919", "A11": "01"], ["A1": "9434765919"]),
            ("If NHS NUMBER is blank, Must be populated", "A2", ["A1": "9434765919"], [:]),
            ("Where POSTCODE OF USUAL ADDRESS does not start with ZZ99, Must be populated", "A2", ["A6": "ZZ99 3CZ"], ["A6": "LS1 4AP"]),
            ("If SOURCE CODE is not 01, Must be populated", "A2", ["A5": "01"], ["A5": "02"]),
        ]
        for item in cases {
            #expect(verdict(item.sentence, subject: item.subject, item.pass) == .pass, "\(item.sentence) should pass")
            #expect(verdict(item.sentence, subject: item.subject, item.fail) == .fail, "\(item.sentence) should fail")
        }
    }

    @Test func referenceDataExistenceAndMaps() {
        var data = InMemoryReferenceData()
        data.add("RR8", to: "ODS ORGANISATIONS")
        data.addMapping(from: "XCHES", to: "399208008", in: "NICIP TO SNOMED")
        let context = ValidationContext(referenceData: data)
        let exists = "Must exist in reference data ODS ORGANISATIONS"
        #expect(verdict(exists, subject: "A7", ["A7": "RR8"], context: context) == .pass)
        #expect(verdict(exists, subject: "A7", ["A7": "RR9"], context: context) == .fail)
        #expect(verdict(exists, subject: "A7", [:], context: context) == .skipped)
        let maps = "IMAGING CODE (NICIP) must map to IMAGING CODE (SNOMED CT) in reference data NICIP TO SNOMED"
        #expect(verdict(maps, ["A9": "XCHES", "A10": "399208008"], context: context) == .pass)
        #expect(verdict(maps, ["A9": "XCHES", "A10": "123456"], context: context) == .fail)
        #expect(verdict(maps, ["A9": "XCHES", "A10": "123456"]) == .notRun(reason: .referenceDataNotLoaded))
    }

    @Test func literalBoundsAreExclusiveOrInclusiveAsWorded() {
        #expect(verdict("Must be after 1900-01-01", ["A2": "1900-01-01"]) == .fail)
        #expect(verdict("Must be after 1900-01-01", ["A2": "1900-01-02"]) == .pass)
        #expect(verdict("Must not be before 1970-01-01", ["A2": "1970-01-01"]) == .pass)
        #expect(verdict("Must not be before 1970-01-01", ["A2": "1969-12-31"]) == .fail)
        #expect(verdict("Must be before 1970-01-01", ["A2": "1970-01-01"]) == .fail)
        #expect(verdict("Must be on or after 1970-01-01", ["A2": "1970-01-01"]) == .pass)
    }

    /// Bounds worked out past either end of the calendar (before 0001-01-01, after
    /// 9999-12-31) give verdicts, not a crash.
    @Test func boundsBeyondTheEndsOfTheCalendar() {
        let before = "Must not be more than 6 months before DIAGNOSTIC TEST DATE"
        #expect(verdict(before, ["A2": "0001-01-01", "A3": "0001-03-01"]) == .pass)
        #expect(verdict(before, ["A2": "0001-01-01", "A3": "0001-07-02"]) == .fail)
        let after = "Must not be more than 1 month after DIAGNOSTIC TEST DATE"
        #expect(verdict(after, ["A2": "9999-12-31", "A3": "9999-12-15"]) == .pass)
        let days = "Must not be more than 365 days after DIAGNOSTIC TEST DATE"
        #expect(verdict(days, ["A2": "9999-12-31", "A3": "9999-12-30"]) == .pass)
        let years = "Must not be more than 1 year before DIAGNOSTIC TEST DATE"
        #expect(verdict(years, ["A2": "0001-01-01", "A3": "0001-06-30"]) == .pass)
    }

    @Test func monthsClampToTheMonthEndAndYearsAreCalendarYears() {
        let rule = "Must not be more than 1 month after DIAGNOSTIC TEST DATE"
        #expect(verdict(rule, ["A2": "2024-02-29", "A3": "2024-01-31"]) == .pass)
        #expect(verdict(rule, ["A2": "2024-03-01", "A3": "2024-01-31"]) == .fail)
        #expect(verdict(rule, ["A2": "2023-02-28", "A3": "2023-01-31"]) == .pass)
        #expect(verdict(rule, ["A2": "2023-03-01", "A3": "2023-01-31"]) == .fail)
        let year = "Must not be more than 1 year after DIAGNOSTIC TEST DATE"
        #expect(verdict(year, ["A2": "2025-02-28", "A3": "2024-02-29"]) == .pass)
        #expect(verdict(year, ["A2": "2025-03-01", "A3": "2024-02-29"]) == .fail)
        // 365 days is not a year across a leap day.
        let days = "Must not be more than 365 days after DIAGNOSTIC TEST DATE"
        #expect(verdict(days, ["A2": "2024-12-31", "A3": "2024-01-01"]) == .pass)
        #expect(verdict(days, ["A2": "2025-01-01", "A3": "2024-01-01"]) == .fail)
        #expect(verdict(year, ["A2": "2025-01-01", "A3": "2024-01-01"]) == .pass)
        let before = "Must not be more than 6 months before DIAGNOSTIC TEST DATE"
        #expect(verdict(before, ["A2": "2024-02-29", "A3": "2024-08-31"]) == .pass)
        #expect(verdict(before, ["A2": "2024-02-28", "A3": "2024-08-31"]) == .fail)
        let daysBefore = "Must not be more than 365 days before DIAGNOSTIC TEST DATE"
        #expect(verdict(daysBefore, ["A2": "2024-03-01", "A3": "2025-03-01"]) == .pass)
        #expect(verdict(daysBefore, ["A2": "2024-02-29", "A3": "2025-03-01"]) == .fail)
    }

    @Test func timestampsCompareInEnglandAcrossMidnight() {
        let notBeforeStart = "Must not be before the start of the reporting period"
        // 00:30 BST on 1 April is 23:30 UTC on 31 March: April activity.
        #expect(verdict(notBeforeStart, subject: "A4", ["A4": "2026-04-01T00:30:00+01:00"], context: april2026) == .pass)
        #expect(verdict(notBeforeStart, subject: "A4", ["A4": "2026-03-31T23:30:00Z"], context: april2026) == .pass)
        #expect(verdict(notBeforeStart, subject: "A4", ["A4": "2026-03-31T22:59:59Z"], context: april2026) == .fail)
        let notAfterEnd = "Must not be after the end of the reporting period"
        #expect(verdict(notAfterEnd, subject: "A4", ["A4": "2026-04-30T23:59:59+01:00"], context: april2026) == .pass)
        #expect(verdict(notAfterEnd, subject: "A4", ["A4": "2026-04-30T23:30:00Z"], context: april2026) == .fail)
        // In winter England keeps UTC: +01:00 at 00:30 on 1 January is still 31 December.
        #expect(verdict("Must be on or before 2025-12-31", subject: "A4", ["A4": "2026-01-01T00:30:00+01:00"]) == .pass)
        // Two timestamps compare as moments.
        let beforeEnd = "Must be before CODED PROCEDURE END TIMESTAMP"
        #expect(verdict(beforeEnd, subject: "A4", ["A4": "2026-04-02T09:00:00+01:00", "A8": "2026-04-02T08:30:00Z"]) == .pass)
        #expect(verdict(beforeEnd, subject: "A4", ["A4": "2026-04-02T09:30:00+01:00", "A8": "2026-04-02T08:30:00Z"]) == .fail)
        // A date against a timestamp: the timestamp's date in England.
        #expect(verdict("Must be on or before EVENT TIMESTAMP", ["A2": "2026-04-01", "A4": "2026-03-31T23:30:00Z"]) == .pass)
        #expect(verdict("Must be on or before EVENT TIMESTAMP", ["A2": "2026-04-02", "A4": "2026-03-31T23:30:00Z"]) == .fail)
    }

    @Test func submissionFactsAndMissingOperands() {
        let rule = "Must not be after the submission date"
        #expect(verdict(rule, ["A2": "2026-05-10"], context: april2026) == .pass)
        #expect(verdict(rule, ["A2": "2026-05-11"], context: april2026) == .fail)
        #expect(verdict(rule, ["A2": "2026-05-11"]) == .notRun(reason: .submissionDateNotGiven))
        #expect(NotRunReason.submissionDateNotGiven.description == "the submission date is not given")
        #expect(verdict("Must not be after the end of the reporting period", ["A2": "2026-05-11"]) == .notRun(reason: .reportingPeriodNotGiven))
        let month = "Must not be more than 3 months before the start of the submission month"
        #expect(verdict(month, ["A2": "2026-02-01"], context: april2026) == .pass)
        #expect(verdict(month, ["A2": "2026-01-31"], context: april2026) == .fail)
        // A blank or unreadable operand skips the rule: its own format rule reports it.
        #expect(verdict("Must be on or before DIAGNOSTIC TEST DATE", ["A2": "2026-01-01", "A3": ""]) == .skipped)
        #expect(verdict("Must be on or before DIAGNOSTIC TEST DATE", ["A2": "2026-13-01", "A3": "2026-01-01"]) == .skipped)
    }

    @Test func conditionsAndGroups() {
        let rule = "Where POSTCODE OF USUAL ADDRESS starts with ZZ99, at least one of NHS NUMBER, PERSON BIRTH DATE must be populated"
        #expect(verdict(rule, ["A6": "ZZ99 3CZ"]) == .fail)
        #expect(verdict(rule, ["A6": "zz99 3cz", "A2": "1980-01-01"]) == .pass)
        #expect(verdict(rule, ["A6": "LS1 4AP"]) == .pass)
        let conditional = "If SOURCE CODE is 03, Must be populated"
        #expect(verdict(conditional, ["A5": "03"]) == .fail)
        #expect(verdict(conditional, ["A5": "01"]) == .pass)
        #expect(verdict("IMAGING CODE (NICIP) or IMAGING CODE (SNOMED CT) must be populated", ["A10": "123456"]) == .pass)
        #expect(verdict("IMAGING CODE (NICIP) or IMAGING CODE (SNOMED CT) must be populated", [:]) == .fail)
    }

    @Test func referenceDataRulesAreNeverSilentlyPassed() {
        let rule = "Must be active in reference data NICIP at CODED PROCEDURE END TIMESTAMP, allowing 183 days after retirement"
        let values = ["A9": "XCHES", "A8": "2026-07-02T10:00:00+01:00"]
        #expect(verdict(rule, subject: "A9", values) == .notRun(reason: .referenceDataNotLoaded))
        // Without reference data a rule is not run on any record, a blank value's included.
        #expect(verdict(rule, subject: "A9", ["A9": "", "A8": "2026-07-02T10:00:00+01:00"]) == .notRun(reason: .referenceDataNotLoaded))
        var data = InMemoryReferenceData()
        data.add("XCHES", to: "NICIP", periods: [ActivePeriod(start: ISODate(year: 2020, month: 1, day: 1), end: ISODate(year: 2025, month: 12, day: 31))])
        let context = ValidationContext(referenceData: data)
        // Retired 2025-12-31: 183 days later is 2026-07-02.
        #expect(verdict(rule, subject: "A9", values, context: context) == .pass)
        #expect(verdict(rule, subject: "A9", ["A9": "XCHES", "A8": "2026-07-03T10:00:00+01:00"], context: context) == .fail)
        #expect(verdict(rule, subject: "A9", ["A9": "XOTHER", "A8": "2026-07-02T10:00:00+01:00"], context: context) == .fail)
        #expect(verdict("Must exist in reference data NICIP", subject: "A9", ["A9": "XCHES"], context: context) == .pass)
        #expect(verdict("Must exist in reference data NICIP", subject: "A9", ["A9": " "], context: context) == .skipped)
    }
}

@Suite("Rule language: the Expression column")
struct RuleExpressionColumnTests {
    private let expressions = RuleExpressionParser { name in
        languageSpec.items.first { $0.uid == name || $0.name.caseInsensitiveCompare(name) == .orderedSame }?.uid
    }

    @Test func parsesEachFunction() throws {
        #expect(try expressions.parse("onOrBefore(A2, A3)").get() == .expression(.compare(item: "A2", comparison: .onOrBefore, operand: .item(uid: "A3"))))
        #expect(try expressions.parse("if(startsWith(`postcode of usual address`, \"ZZ99\"), atLeastOne(A1, A2))").get()
                == .expression(.implies(condition: .startsWith(item: "A6", prefix: "ZZ99"), then: .atLeastOnePopulated(items: ["A1", "A2"]))))
        #expect(try expressions.parse("notMoreThanBefore(A2, 365 days, A3)").get() == .expression(.within(item: "A2", amount: 365, unit: .days, direction: .before, operand: .item(uid: "A3"))))
        // Numbers are bounded, so the runtime's calendar arithmetic on them cannot overflow.
        #expect(try expressions.parse("notMoreThanBefore(A2, 999999 years, A3)").get() == .expression(.within(item: "A2", amount: 999_999, unit: .years, direction: .before, operand: .item(uid: "A3"))))
        guard case .failure(.invalid(let tooLarge)) = expressions.parse("notMoreThanBefore(A2, 99999999999999999 years, A3)") else { Issue.record("a huge amount parsed"); return }
        #expect(tooLarge == "expression: '99999999999999999' is too large (at most 999999)")
        #expect(parse("Must not be more than 999999 years before A3") != nil)
        #expect(parse("Must not be more than 99999999999999999 years before A3") == nil)
        #expect(try expressions.parse("after(A2, 1900-01-01)").get() == .expression(.compare(item: "A2", comparison: .after, operand: .date(iso: "1900-01-01"))))
        #expect(try expressions.parse("onOrBefore(A4, periodEnd)").get() == .expression(.compare(item: "A4", comparison: .onOrBefore, operand: .reportingPeriodEnd)))
        #expect(try expressions.parse("active(A9, \"NICIP\", A8, 183 days)").get() == .expression(.activeInReference(item: "A9", dataset: "NICIP", at: "A8", graceAmount: 183, graceUnit: .days)))
        #expect(try expressions.parse("lettersAndDigits(A7, 5, 12)").get() == .expression(.lettersAndDigits(item: "A7", min: 5, max: 12)))
        // DIDSREJ012: fails where both procedure codes are valid.
        let nicip = RuleExpression.activeInReference(item: "A9", dataset: "NICIP", at: "A8", graceAmount: 183, graceUnit: .days)
        let snomed = RuleExpression.activeInReference(item: "A10", dataset: "REFSET", at: "A8", graceAmount: 183, graceUnit: .days)
        #expect(try expressions.parse("if(passes(active(A9, \"NICIP\", A8, 183 days)), forbid(passes(active(A10, \"REFSET\", A8, 183 days))))").get()
                == .expression(.implies(condition: .satisfies(rule: nicip), then: .forbidden(condition: .satisfies(rule: snomed)))))
        #expect(try expressions.parse("if(not(equals(A5, \"01\", \"02\")), populated(A2))").get()
                == .expression(.implies(condition: .not(condition: .equals(item: "A5", values: ["01", "02"])), then: .populated(item: "A2"))))
        #expect(try expressions.parse("manual(\"needs a person\")").get() == .manual("needs a person"))
    }

    @Test(arguments: ["onOrBefore(A2 A3)", "unknownFunction(A2)", "populated(NOPE)", "populated(A2", "length(A2, x, 3)", "populated(A2) extra", "oneOf(A5)", "matches(A2, \"unterminated)"])
    func refusesMalformedExpressions(text: String) {
        #expect((try? expressions.parse(text).get()) == nil)
    }

    @Test func theExpressionWinsAndDisagreementIsAWarning() throws {
        var builder = WorkbookBuilder.minimal()
        builder.sheets[2].rows[0].append("Expression")
        builder.sheets[2].rows += [
            ["TDS010", "PERSON BIRTH DATE", "Must be after 1900-01-01", "Warning", nil, "after(T1, 1900-01-01)"],
            ["TDS011", "PERSON BIRTH DATE", "Must be after 1900-01-01", "Warning", nil, "after(T1, 1950-01-01)"],
            ["TDS012", "PERSON BIRTH DATE", "Outside the language", "Warning", nil, "validDate(T1)"],
            ["TDS013", "PERSON BIRTH DATE", "Outside the language", "Warning", nil, "validDate(T1"],
        ]
        let spec = try builder.compile()
        let rules = Dictionary(uniqueKeysWithValues: spec.rules.map { ($0.code, $0) })
        #expect(rules["TDS010"]?.ast == .compare(item: "T1", comparison: .after, operand: .date(iso: "1900-01-01")))
        #expect(rules["TDS011"]?.ast == .compare(item: "T1", comparison: .after, operand: .date(iso: "1950-01-01")))
        #expect(rules["TDS012"]?.ast == .validDate(item: "T1"))
        #expect(rules["TDS013"]?.enforcement.isEnforced == false)
        #expect(spec.warnings.map(\.message) == ["rule TDS011: the sentence and the Expression say different things; the Expression is used"])
        #expect(spec.warnings.first?.location?.cell == "Validations - Data Items!F5")
        #expect(spec.errors.map(\.message).first?.hasPrefix("rule TDS013: expression: expected") == true)
    }

    @Test func anUnparseableSentenceIsALocatedWarningAndTheRuleIsNotEnforced() throws {
        var builder = WorkbookBuilder.minimal()
        builder.sheets[2].rows += [["TDS020", "PERSON BIRTH DATE", "Must be on or before the day after tomorrow", "Warning", nil]]
        let spec = try builder.compile()
        let warning = try #require(spec.warnings.first)
        #expect(warning.location?.cell == "Validations - Data Items!C4")
        #expect(warning.message == "rule TDS020: sentence not understood: understood 'Must be on or before', not 'the day after tomorrow'; closest form: 'must be on or before <operand>' (e.g. 'Must be on or before DIAGNOSTIC TEST DATE'); the rule is not enforced (reword it, or give it an Expression, manual(\"reason\") if no machine can check it)")
        #expect(warning.weakensEnforcement)
        #expect(spec.rules.last?.enforcement == .notMachineReadable(reason: "the sentence is not in the rule language"))
    }

    /// When no form matches even its first words, the closest form is the nearest wording,
    /// not the first form in the list ('Must be populated').
    @Test func theClosestFormOfAnUnmatchedSentenceIsTheNearestWording() throws {
        var builder = WorkbookBuilder.minimal()
        let sentences = ["Must not be a date in the future", "Cannot be in the future", "Date must not be in the future"]
        for (index, sentence) in sentences.enumerated() {
            builder.sheets[2].rows += [["TDS9\(index)", "PERSON BIRTH DATE", sentence, "Warning", "Bad date"]]
        }
        let spec = try builder.compile()
        let closest = spec.warnings.map { $0.message.components(separatedBy: "closest form: ").last?.prefix(27) ?? "" }
        #expect(closest == Array(repeating: "'must not be in the future'", count: 3), "\(spec.warnings)")
    }

    @Test func aMisspeltDataItemCellSuggestsTheNearestItem() throws {
        var builder = WorkbookBuilder.minimal()
        builder.sheets[2].rows += [["TDS95", "PERSON BIRTH DAT", "Must be populated", "Warning", "Blank"]]
        let spec = try builder.compile()
        #expect(spec.errors.map(\.message) == ["rule TDS95 names data item 'PERSON BIRTH DAT', which the Data Items sheet does not have; did you mean 'PERSON BIRTH DATE'?"])
    }

    @Test func typeChecksComparisons() throws {
        var builder = WorkbookBuilder.minimal()
        builder.sheets[2].rows += [["TDS030", "GENDER CODE", "Must be on or before PERSON BIRTH DATE", "Warning", nil]]
        let spec = try builder.compile()
        #expect(spec.errors.map(\.message) == ["rule TDS030: item 'GENDER CODE' is not a date or timestamp"])
    }
}

/// NHS England's ETOS words a rule as its failing condition; both families give one AST.
@Suite("Rule language: the failing-condition family beside the Must family")
struct FailingConditionTests {
    @Test(arguments: [
        ("CODED PROCEDURE (NICIP) is not a valid code as defined in DIDS Reference data", "A17", "Must be a valid code as defined in DIDS Reference data"),
        ("SERVICE REPORT ISSUE TIMESTAMP is after the submission date", "A18", "Must not be after the submission date"),
        ("PERSON BIRTH DATE is missing", "A2", "Must be populated"),
        ("PERSON BIRTH DATE is not populated", "A2", "Must be populated"),
        ("PERSON BIRTH DATE is blank", "A2", "Must not be blank"),
        ("RADIOLOGICAL ACCESSION NUMBER is not in the format max an20", "A13", "Must be in the format max an20"),
        ("DIAGNOSTIC TEST REQUEST DATE is before 1970-01-01", "A14", "Must not be before 1970-01-01"),
        ("DIAGNOSTIC TEST REQUEST DATE is more than 365 days before DIAGNOSTIC TEST DATE", "A14", "Must not be more than 365 days before DIAGNOSTIC TEST DATE"),
        ("PERSON BIRTH DATE is not a valid date", "A2", "Must be a valid date"),
    ])
    func failingConditionsMeanTheMustRule(failing: String, subject: String, must: String) throws {
        let fromFailing = try parser.parse(failing, subject: "A1").get()
        let fromMust = try parser.parse(must, subject: subject).get()
        #expect(fromFailing == fromMust)
    }

    @Test func aFailingConditionWithoutAMustNotFormForbidsTheRule() throws {
        // "is a valid date" has no "Must not be a valid date" form: it fails where the date is valid.
        #expect(try parser.parse("PERSON BIRTH DATE is a valid date", subject: "A1").get() == .forbidden(condition: .satisfies(rule: .validDate(item: "A2"))))
        #expect(verdict("PERSON BIRTH DATE is a valid date", ["A2": "2020-01-01"]) == .fail)
        #expect(verdict("PERSON BIRTH DATE is a valid date", ["A2": "2020-02-30"]) == .pass)
        #expect(verdict("PERSON BIRTH DATE is a valid date", ["A2": ""]) == .pass)
    }

    @Test func plainVariantsASpecAuthorWrites() {
        #expect(parse("Must not be in the future") == .compare(item: "A2", comparison: .onOrBefore, operand: .submissionDate))
        #expect(parse("Must not be missing") == .populated(item: "A2"))
        #expect(parse("Must be blank") == .forbidden(condition: .populated(item: "A2")))
        #expect(parse("Must be one of 01, 02", subject: "A5") == .oneOf(item: "A5", codes: ["01", "02"]))
        #expect(parse("Must be between 5 and 12 letters or digits", subject: "A7") == .lettersAndDigits(item: "A7", min: 5, max: 12))
    }

    /// A condition that tests a rule holds where the rule passes on a present value.
    @Test func conditionsThatTestARule() {
        let band = "Where DIAGNOSTIC TEST DATE is not more than 6 months before the start of the submission month, must not be more than 3 months before the start of the submission month"
        let context = ValidationContext(submission: SubmissionContext(submissionDate: ISODate(year: 2026, month: 4, day: 5)))
        #expect(verdict(band, subject: "A3", ["A3": "2026-02-01"], context: context) == .pass)
        #expect(verdict(band, subject: "A3", ["A3": "2025-12-15"], context: context) == .fail)
        #expect(verdict(band, subject: "A3", ["A3": "2025-10-01"], context: context) == .fail)
        #expect(verdict(band, subject: "A3", ["A3": "2025-09-30"], context: context) == .pass)
        #expect(verdict(band, subject: "A3", ["A3": ""], context: context) == .pass)
        // A plain value after "is" is still a value.
        #expect(parse("Where SOURCE CODE is 01, must be populated") == .implies(condition: .equals(item: "A5", values: ["01"]), then: .populated(item: "A2")))
    }
}
