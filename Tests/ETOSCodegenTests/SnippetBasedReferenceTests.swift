@testable import ETOSCodegen
import ETOSFrontend
import ETOSModel
import ETOSSpreadsheet
import Foundation
import Testing

/// One construct at a time: a few spec rows in, the Swift (and SQL) that construct becomes
/// out, each exact. A change to what a construct generates shows here as that construct's
/// diff, not as a golden file's.
@Suite("Snippet-based reference tests")
struct SnippetBasedReferenceTests {
    // MARK: Rules → Swift and SQL

    /// A rule restating the item's mandation gives the item check its code: no rule function.
    @Test func presenceRestatesTheMandationCheck() throws {
        let swift = try #require(try generate(rule: "Must be populated", on: "REFERRER")["ETOSValidation.swift"])
        #expect(swift.contains(#"public let referrer = ETOSRuntime.ItemCheck(uid: "S01", shape: .alphanumeric, minLength: 1, maxLength: 12, missing: ETOSRuntime.FindingKind(code: "S01", level: .recordRejection, message: "REFERRER must be populated"), format: "#))
        #expect(!swift.contains("public static func s01("))
    }

    @Test func conditionalPresence() throws {
        try assertRule("If SITE is populated, REFERRER must be populated", on: "REFERRER",
                       swift: "guard ETOSRuntime.RuleChecks.isPopulated(r.site) else { return .pass }", sql: #"NOT (trim(coalesce("site", ''), ' ' || chr(9)) <> '') OR (trim(coalesce("referrer", ''), ' ' || chr(9)) <> '')"#, line: 0)
    }

    @Test func atLeastOneOf() throws {
        try assertRule("At least one of REFERRER or SITE must be populated", on: "REFERRER",
                       swift: "return (ETOSRuntime.RuleChecks.isPopulated(r.referrer) || ETOSRuntime.RuleChecks.isPopulated(r.site) ? .pass : .fail)")
    }

    /// A length rule on a text item restates its format check with its own bounds.
    @Test func lengthRestatesTheFormatCheck() throws {
        let swift = try #require(try generate(rule: "Must be between 5 and 12 characters", on: "REFERRER")["ETOSValidation.swift"])
        #expect(swift.contains(#"public let referrer = ETOSRuntime.ItemCheck(uid: "S01", shape: .alphanumeric, minLength: 5, maxLength: 12, missing: nil, format: ETOSRuntime.FindingKind(code: "S01", "#))
    }

    /// "Alphanumeric" as NHS England reads it: letters and digits only, in the format check.
    @Test func lettersAndDigitsRestateTheFormatCheck() throws {
        let swift = try #require(try generate(rule: "Must be between 5 and 12 alphanumeric characters", on: "REFERRER")["ETOSValidation.swift"])
        #expect(swift.contains(#"minLength: 5, maxLength: 12, missing: nil, format: ETOSRuntime.FindingKind(code: "S01", level: .recordRejection, message: "REFERRER must be between 5 and 12 alphanumeric characters"), lettersAndDigitsOnly: true)"#))
    }

    @Test func modulus11() throws {
        try assertRule("Must pass the Modulus 11 check", on: "REFERRER", swift: "return ETOSRuntime.RuleChecks.modulus11(r.referrer)")
    }

    @Test func postcode() throws {
        try assertRule("Must be a valid postcode format", on: "SITE", swift: "return ETOSRuntime.RuleChecks.postcode(r.site)",
                       sql: #"trim(coalesce("site", ''), ' ' || chr(9)) = '' OR (regexp_full_match(trim(coalesce("site", ''), ' ' || chr(9)), '[A-Za-z][A-Za-z0-9]{1,3} [0-9][A-Za-z]{2}'))"#)
    }

    @Test func pattern() throws {
        let swift = try ruleFunction("Must match the pattern ^[A-Z][0-9]+$", on: "REFERRER")
        #expect(swift.body == ["return ETOSRuntime.RuleChecks.matches(r.referrer, s01Pattern)"])
        #expect(swift.file.contains(#"private static let s01Pattern = ETOSRuntime.Pattern("^[A-Z][0-9]+$")"#))
    }

    @Test func codesListedInTheSentence() throws {
        let swift = try ruleFunction("Must be one of A, B or C", on: "REFERRER")
        #expect(swift.body == ["return ETOSRuntime.RuleChecks.oneOf(r.referrer, s01Codes)"])
        #expect(swift.file.contains(#"private static let s01Codes: ETOSRuntime.CodeSet = ETOSRuntime.CodeSet(["A", "B", "C"])"#))
    }

    @Test func comparedWithAnotherItem() throws {
        try assertRule("Must be on or before EVENT TIMESTAMP", on: "EVENT DATE",
                       swift: "return ETOSRuntime.RuleChecks.compare(t.eventDate, .onOrBefore, .field(t.eventTimestamp), c)")
    }

    @Test func comparedWithAFixedDate() throws {
        let swift = try ruleFunction("Must be after 1900-01-01", on: "EVENT DATE")
        #expect(swift.body == ["return ETOSRuntime.RuleChecks.compare(t.eventDate, .after, .date(date19000101), c)"])
        #expect(swift.file.contains(#"private static let date19000101 = ETOSRuntime.ISODate(parsing: "1900-01-01")!"#))
    }

    @Test func withinAnInterval() throws {
        try assertRule("Must not be more than 6 months before EVENT TIMESTAMP", on: "EVENT DATE",
                       swift: "return ETOSRuntime.RuleChecks.within(t.eventDate, 6, .months, after: false, .field(t.eventTimestamp), c)",
                       sql: #"coalesce(CASE WHEN regexp_full_match(trim(coalesce("event_date", ''), ' ' || chr(9)), '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN CAST(try_strptime(trim(coalesce("event_date", ''), ' ' || chr(9)), '%Y-%m-%d') AS DATE) END >= CAST("#)
    }

    @Test func reportingPeriod() throws {
        try assertRule("Must not be after the end of the reporting period", on: "EVENT DATE",
                       swift: "return ETOSRuntime.RuleChecks.compare(t.eventDate, .onOrBefore, .reportingPeriodEnd, c)")
    }

    @Test func conditionalRule() throws {
        let swift = try ruleFunction("If SITE is populated, must be populated", on: "REFERRER")
        #expect(swift.body == ["guard ETOSRuntime.RuleChecks.isPopulated(r.site) else { return .pass }", "return ETOSRuntime.RuleChecks.populated(r.referrer)"])
    }

    @Test func exemption() throws {
        let swift = try ruleFunction("Where SITE does not start with ZZ99, must be populated", on: "REFERRER")
        #expect(swift.body == [#"guard !(ETOSRuntime.RuleChecks.startsWith(r.site, "ZZ99")) else { return .pass }"#, "return ETOSRuntime.RuleChecks.populated(r.referrer)"])
    }

    @Test func timeZoneOffsetOfATimestamp() throws {
        let swift = try ruleFunction("Must have a time zone offset of +00:00, +01:00 or Z", on: "EVENT TIMESTAMP")
        #expect(swift.body == ["return ETOSRuntime.RuleChecks.timeZoneOffset(r.eventTimestamp, t.eventTimestamp, allowed: s01Offsets)"])
    }

    @Test func existsInReferenceData() throws {
        let swift = try ruleFunction("Must exist in reference data ODS ORGANISATIONS", on: "SITE")
        #expect(swift.body == [#"return ETOSRuntime.RuleChecks.exists(r.site, in: "ODS ORGANISATIONS", c)"#])
        #expect(swift.file.contains(#"s01 = context.hasReferenceData("ODS ORGANISATIONS")"#))
        #expect(try sql("Must exist in reference data ODS ORGANISATIONS", on: "SITE")
                == #"trim(coalesce("site", ''), ' ' || chr(9)) = '' OR (EXISTS (SELECT 1 FROM "refdata_ods_organisations" WHERE "refdata_ods_organisations"."code" = trim(coalesce("site", ''), ' ' || chr(9))))"#)
        #expect(ExportPlan(spec: try spec(rule: "Must exist in reference data ODS ORGANISATIONS", on: "SITE")).referenceEntities
                == [ReferenceEntity(dataset: "ODS ORGANISATIONS", kind: .codes)])
    }

    @Test func activeInReferenceDataWithGrace() throws {
        try assertRule("Must be active in reference data NICIP at EVENT DATE, allowing 183 days after retirement", on: "REFERRER",
                       swift: #"return ETOSRuntime.RuleChecks.active(r.referrer, in: "NICIP", at: t.eventDate, grace: 183, .days, c)"#)
        // The date is a step's column; the grace moves each period's end.
        let plan = ExportPlan(spec: try spec(rule: "Must be active in reference data NICIP at EVENT DATE, allowing 183 days after retirement", on: "REFERRER"))
        #expect(plan.derivedColumns.map(\.name) == ["__etos_date_event_date"])
        let sql = try #require(try sql("Must be active in reference data NICIP at EVENT DATE, allowing 183 days after retirement", on: "REFERRER"))
        #expect(sql.contains(#""__etos_date_event_date" IS NULL OR EXISTS (SELECT 1 FROM "refdata_nicip" WHERE"#), "\(sql)")
        #expect(sql.contains(#"CAST("refdata_nicip"."end" + to_days(183) AS DATE)"#), "\(sql)")
    }

    /// An item whose name is a reference table's column gets another column name, so that
    /// inside a lookup it still means the record's value.
    @Test func anItemNamedLikeAReferenceColumnIsRenamed() throws {
        let plan = ExportPlan(spec: try spec(rule: "Must exist in reference data ODS ORGANISATIONS", on: "CODE", listName: "CODE"))
        let column = try #require(plan.columns.first { $0.uid == "S04" }?.name)
        #expect(column == "code_5", "\(column)")
        guard case .record(let sql)? = plan.checks.first(where: { $0.code == "S01" })?.test else {
            Issue.record("no SQL for the lookup")
            return
        }
        #expect(sql.contains(#""refdata_ods_organisations"."code" = trim(coalesce("code_5""#), "\(sql)")
    }

    // MARK: Item checks and names

    /// A code list's item gets its enum as type and its codes as the check's list.
    @Test func codedItem() throws {
        let files = try generate()
        #expect(files["ETOSValidation.swift"]!.contains(#"public let attended = ETOSRuntime.ItemCheck(uid: "S04", shape: .alphanumeric, minLength: 1, maxLength: 1, missing: nil, format: ETOSRuntime.FindingKind(code: "ETOS-FMT-S04", level: .recordRejection, message: "ATTENDED must be exactly 1 character; its format is an1."), code: ETOSRuntime.FindingKind(code: "ETOS-CODE-S04", level: .recordRejection, message: "ATTENDED must be one of the national codes of ATTENDED."), codes: Attended.allCases.map(\.rawValue))"#))
        #expect(files["ETOSValidation.swift"]!.contains("record.attended = checks.attended.code(raw.attended, &found.findings).flatMap(Attended.init(rawValue:))"))
    }

    /// A spec of one group puts its items on `Record` itself.
    @Test func singleGroupIsFlat() throws {
        let records = try generate()["ETOSRecords.swift"]!
        #expect(records.contains("public struct Record: Hashable, Sendable, Codable {"))
        #expect(records.contains("    public var referrer: String?"))
        #expect(!records.contains("public var record:"))
    }

    /// Meanings become whole-word case names: the whole meaning when short, else its first
    /// clause, else a name from the code; never a phrase cut mid-way.
    @Test func codeListCaseNames() {
        #expect(SwiftNames.caseName(meaning: "White - British", code: "A") == "whiteBritish")
        #expect(SwiftNames.caseName(meaning: "Yes - clinical evaluation passed to the referrer as there is no formal radiology report", code: "Y") == "yes")
        #expect(SwiftNames.caseName(meaning: "Indeterminate (unable to be classified as either male or female)", code: "9") == "indeterminate")
        #expect(SwiftNames.caseName(meaning: "Number not present and trace not required", code: "07") == "numberNotPresentAndTraceNotRequired")
        #expect(SwiftNames.caseName(meaning: "Seen by the person referred to and the one that referred them to the service after all", code: "07") == "code07")
        #expect(SwiftNames.caseName(meaning: "default", code: "D") == "`default`")
    }

    /// Two meanings naming the same case fall back to names from their codes, with a warning.
    @Test func collidingCaseNamesAreReported() throws {
        let emitter = try emitter(codes: "1 = Seen&#10;2 = Seen&#10;3 = Not seen")
        let codeLists = emitter.files()["ETOSCodeLists.swift"]!
        #expect(codeLists.contains(#"case code1 = "1""#))
        #expect(codeLists.contains(#"case code2 = "2""#))
        #expect(codeLists.contains(#"case notSeen = "3""#))
        #expect(emitter.diagnostics.map(\.severity) == [.warning, .warning])
        #expect(emitter.diagnostics.first?.message.contains("names the same Swift case as another code's ('seen')") == true)
    }

    /// A generated type never takes a runtime or Swift name: a code list named like one gets a suffix.
    @Test func reservedTypeNames() throws {
        let emitter = try emitter(listName: "TIMESTAMP")
        #expect(emitter.files()["ETOSCodeLists.swift"]!.contains("public enum TimestampCode: String, CaseIterable, Hashable, Sendable, Codable {"))
    }

    /// Every rule, and each derived check, is a `RuleCode` case with its facts; a rule without
    /// an Error Message reports its sentence with its item named.
    @Test func ruleCodes() throws {
        let codes = try generate(rule: "Must be populated", on: "REFERRER")["ETOSRuleCodes.swift"]!
        #expect(codes.contains(#"    case s01 = "S01""#))
        #expect(codes.contains(#"    case etosCodeS04 = "ETOS-CODE-S04""#))
        #expect(codes.contains(#"case .s01: Facts(level: .recordRejection, sentence: "Must be populated", message: "REFERRER must be populated", specCell: "Validations!A2", status: nil, isDerived: false, isChecked: true)"#))
    }

    // MARK: Building a snippet spec

    /// A spec of four items (REFERRER an12, SITE max an8, EVENT DATE, EVENT TIMESTAMP) and
    /// ATTENDED (a code list), one group, and at most one rule.
    private func workbook(rule: String?, on item: String, codes: String, listName: String) -> String {
        func cell(_ text: String) -> String { "<Cell><Data ss:Type=\"String\">\(text)</Data></Cell>" }
        func row(_ cells: [String]) -> String { "<Row>" + cells.map(cell).joined() + "</Row>" }
        let items = [
            ["S01", "REFERRER", "max an12", "O", "", "Snippet"],
            ["S02", "SITE", "max an8", "O", "", "Snippet"],
            ["S03", "EVENT DATE", "an10 CCYY-MM-DD", "O", "", "Snippet"],
            ["S05", "EVENT TIMESTAMP", "an25 CCYY-MM-DDThh:mm:ss±hh:mm", "O", "", "Snippet"],
            ["S04", listName == "ATTENDED" ? "ATTENDED" : listName, "an1", "O", codes, "Snippet"],
        ]
        let rules = rule.map { [row(["S01", item, $0, "Record Rejection"])] } ?? []
        return """
        <?xml version="1.0"?>
        <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
        <Worksheet ss:Name="Data Set"><Table>\(row(["Data Set Name", "Snippet"]))\(row(["Short Name", "SNIP"]))\(row(["Version", "1"]))</Table></Worksheet>
        <Worksheet ss:Name="Data Items"><Table>\(row(["UID", "Data Item Name", "Format", "Mandation", "National Codes", "Group"]))\(items.map(row).joined())</Table></Worksheet>
        <Worksheet ss:Name="Validations"><Table>\(row(["Error Code", "Data Item", "Validation", "Level"]))\(rules.joined())</Table></Worksheet>
        </Workbook>
        """
    }

    private func spec(rule: String? = nil, on item: String = "REFERRER", codes: String = "Y = Attended&#10;N = Did not attend", listName: String = "ATTENDED") throws -> Spec {
        let text = workbook(rule: rule, on: item, codes: codes, listName: listName)
        let spec = SpecCompiler.compile(try SpreadsheetReader.read(data: Data(text.utf8), file: "Snippet.xml"))
        try #require(!spec.diagnostics.hasErrors, "\(spec.diagnostics)")
        if let rule { try #require(spec.rules.first?.enforcement.isEnforced == true, "'\(rule)' did not compile: \(spec.diagnostics)") }
        return spec
    }

    private func emitter(rule: String? = nil, on item: String = "REFERRER", codes: String = "Y = Attended&#10;N = Did not attend", listName: String = "ATTENDED") throws -> SwiftEmitter {
        SwiftEmitter(spec: try spec(rule: rule, on: item, codes: codes, listName: listName), specPath: "Snippet.xml")
    }

    private func generate(rule: String? = nil, on item: String = "REFERRER") throws -> [String: String] {
        try emitter(rule: rule, on: item).files()
    }

    /// The body lines of the rule's generated function, and the whole validation file.
    private func ruleFunction(_ rule: String, on item: String) throws -> (body: [String], file: String) {
        let file = try #require(try generate(rule: rule, on: item)["ETOSValidation.swift"])
        let lines = file.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("    public static func s01(") }, "no function for '\(rule)'")
        let end = try #require(lines[start...].firstIndex { $0 == "    }" })
        return (lines[(start + 1)..<end].map { $0.trimmingCharacters(in: .whitespaces) }, file)
    }

    /// The rule's SQL predicate in the exports, nil when it has none.
    private func sql(_ rule: String, on item: String) throws -> String? {
        let plan = ExportPlan(spec: try spec(rule: rule, on: item))
        guard case .record(let sql)? = plan.checks.first(where: { $0.code == "S01" })?.test else { return nil }
        return sql
    }

    /// Checks line `line` of the rule function's body (the only line unless given) and the
    /// start of its SQL.
    private func assertRule(_ rule: String, on item: String, swift: String, sql expected: String? = nil, line: Int? = nil,
                            sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let body = try ruleFunction(rule, on: item).body
        if let line { #expect(body[line] == swift, sourceLocation: sourceLocation) } else { #expect(body == [swift], sourceLocation: sourceLocation) }
        if let expected {
            let actual = try sql(rule, on: item)
            #expect(actual?.hasPrefix(expected) == true, "SQL was \(actual ?? "nil")", sourceLocation: sourceLocation)
        }
    }
}
