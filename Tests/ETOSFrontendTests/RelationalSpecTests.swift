import ETOSFrontend
import ETOSModel
import Testing

/// A three-table workbook: PATIENT ← REFERRAL ← EXAMINATION, LOCAL PATIENT IDENTIFIER in each.
private func relationalWorkbook(tables: [[String?]]? = nil, items: [[String?]]? = nil, rules: [[String?]] = [], fileRules: [[String?]] = []) -> WorkbookBuilder {
    var builder = WorkbookBuilder()
    builder.sheet("Data Set", [["Data Set Name", "Relational"], ["Short Name", "REL"], ["Version", "1"]])
    builder.sheet("Tables", tables ?? [
        ["Table", "ID", "Key", "Parent", "Link"],
        ["PATIENT", "T1", "LOCAL PATIENT IDENTIFIER", nil, nil],
        ["REFERRAL", "T2", "REFERRAL IDENTIFIER", "PATIENT", "LOCAL PATIENT IDENTIFIER"],
        ["EXAMINATION", "T3", "EXAMINATION IDENTIFIER", "REFERRAL", "REFERRAL IDENTIFIER"],
    ])
    builder.sheet("Data Items", items ?? [
        ["Table", "UID", "Data Item Name", "Format", "Mandation"],
        ["PATIENT", "P1", "LOCAL PATIENT IDENTIFIER", "max an20", "M"],
        ["PATIENT", "P2", "PERSON BIRTH DATE", "an10 CCYY-MM-DD", "M"],
        ["REFERRAL", "R1", "REFERRAL IDENTIFIER", "max an20", "M"],
        ["REFERRAL", "R2", "LOCAL PATIENT IDENTIFIER", "max an20", "M"],
        ["REFERRAL", "R3", "REFERRAL REQUEST RECEIVED DATE", "an10 CCYY-MM-DD", "M"],
        ["EXAMINATION", "E1", "EXAMINATION IDENTIFIER", "max an20", "M"],
        ["EXAMINATION", "E2", "REFERRAL IDENTIFIER", "max an20", "M"],
        ["EXAMINATION", "E3", "LOCAL PATIENT IDENTIFIER", "max an20", "R"],
        ["EXAMINATION", "E4", "DIAGNOSTIC TEST DATE", "an10 CCYY-MM-DD", "M"],
    ])
    builder.sheet("Validations", [["Error Code", "Table", "Data Item", "Validation", "Level"]] + rules)
    if !fileRules.isEmpty { builder.sheet("Additional File-Level Rejects", [["Error Code", "Table", "Data Item", "Validation", "Level"]] + fileRules) }
    return builder
}

@Suite("Relational specs: tables, keys, links and the rules across them")
struct RelationalSpecTests {
    @Test func tablesKeysAndLinksResolveWithARepeatedElementInEveryTable() throws {
        let spec = try relationalWorkbook(rules: [
            ["V1", "REFERRAL", "LOCAL PATIENT IDENTIFIER", "Must exist in table PATIENT", "Record Rejection"],
            ["V2", "EXAMINATION", "DIAGNOSTIC TEST DATE", "Must be on or after REFERRAL REQUEST RECEIVED DATE of the linked REFERRAL record", "Record Rejection"],
            ["V3", nil, "REFERRAL REQUEST RECEIVED DATE", "Must not be more than 10 years after PERSON BIRTH DATE of the linked PATIENT record", "Warning"],
            ["V4", "PATIENT", "n/a", "Each PATIENT record must have at least one REFERRAL record", "Warning"],
            ["V5", "EXAMINATION", "LOCAL PATIENT IDENTIFIER", "Must be populated", "Warning"],
        ], fileRules: [
            ["F1", nil, "n/a", "Each REFERRAL record must have at least one EXAMINATION record", "Warning"],
            ["F2", "REFERRAL", "REFERRAL IDENTIFIER", "REFERRAL IDENTIFIER must be unique within the file", "Record Rejection"],
        ]).compile()
        #expect(spec.errors.isEmpty, "\(spec.errors)")
        #expect(spec.isRelational)
        #expect(spec.tables.map(\.name) == ["PATIENT", "REFERRAL", "EXAMINATION"])
        #expect(spec.tables.map(\.key) == [["P1"], ["R1"], ["E1"]])
        #expect(spec.tables.map(\.parent) == [nil, "PATIENT", "REFERRAL"])
        #expect(spec.tables.map(\.link) == [[], ["R2"], ["E2"]])
        #expect(spec.tables.map(\.id) == ["T1", "T2", "T3"])
        // Positions count within each table's file; the repeated element has a UID per table.
        #expect(spec.items.filter { $0.name == "LOCAL PATIENT IDENTIFIER" }.map { "\($0.table!):\($0.position)" } == ["PATIENT:1", "REFERRAL:2", "EXAMINATION:3"])
        let rules = Dictionary(uniqueKeysWithValues: spec.rules.map { ($0.code, $0) })
        #expect(rules["V1"]?.ast == .existsInTable(items: ["R2"], table: "PATIENT"))
        #expect(rules["V2"]?.ast == .compare(item: "E4", comparison: .onOrAfter, operand: .item(uid: "R3")))
        #expect(rules["V3"]?.table == "REFERRAL")
        #expect(rules["V3"]?.ast == .within(item: "R3", amount: 10, unit: .years, direction: .after, operand: .item(uid: "P2")))
        #expect(rules["V4"]?.ast == .hasLinkedRecords(table: "PATIENT", child: "REFERRAL"))
        #expect(rules["F1"]?.table == "REFERRAL")
        #expect(rules["V5"]?.items == ["E3"])
        #expect(spec.crossTableRules.map(\.code) == ["V1", "V2", "V3", "V4", "F1"])
        // Each table as a flat spec: its items at their positions, its own rules only.
        let examinationTable = try #require(spec.table(named: "EXAMINATION"))
        let examination = spec.flatSpec(of: examinationTable)
        #expect(examination.items.map(\.uid) == ["E1", "E2", "E3", "E4"])
        #expect(examination.rules.map(\.code) == ["V5"])
        #expect(!examination.isRelational && examination.items.allSatisfy { $0.table == nil })
        #expect(spec.tablesParentsFirst.map(\.name) == ["PATIENT", "REFERRAL", "EXAMINATION"])
    }

    @Test func theTableFormsExamplesParse() throws {
        let examples = RuleSentenceForm.all.filter { $0.family == "tables" }
        #expect(examples.count == 2)
        let spec = try relationalWorkbook(rules: [
            ["X1", "REFERRAL", "LOCAL PATIENT IDENTIFIER", examples[0].example, nil],
            ["X2", "PATIENT", "LOCAL PATIENT IDENTIFIER", examples[1].example, nil],
        ]).compile()
        #expect(spec.errors.isEmpty, "\(spec.errors)")
        #expect(spec.rules.allSatisfy { $0.enforcement.isEnforced })
    }

    @Test func itemsOnASheetNamedAfterTheirTable() throws {
        var builder = WorkbookBuilder()
        builder.sheet("Data Set", [["Data Set Name", "Sheets"], ["Short Name", "S"], ["Version", "1"]])
        builder.sheet("Tables and Keys", [["Table Name", "Table ID", "Key", "Parent Table", "Link"],
                                          ["PATIENT", "S1", "LOCAL PATIENT IDENTIFIER", nil, nil],
                                          ["REFERRAL", "S2", "REFERRAL IDENTIFIER", "PATIENT", "LOCAL PATIENT IDENTIFIER"]])
        builder.sheet("Patient", [["Data Item Name", "Format"], ["LOCAL PATIENT IDENTIFIER", "max an20"], ["PERSON BIRTH DATE", "an10 CCYY-MM-DD"]])
        builder.sheet("S2", [["Data Item Name", "Format"], ["REFERRAL IDENTIFIER", "max an20"], ["LOCAL PATIENT IDENTIFIER", "max an20"]])
        let spec = try builder.compile()
        #expect(spec.errors.isEmpty, "\(spec.errors)")
        #expect(spec.items.map { "\($0.table!).\($0.uid)@\($0.position)" } == [
            "PATIENT.LOCAL-PATIENT-IDENTIFIER@1", "PATIENT.PERSON-BIRTH-DATE@2",
            "REFERRAL.REFERRAL-IDENTIFIER@1", "REFERRAL.LOCAL-PATIENT-IDENTIFIER-REFERRAL@2",
        ])
        #expect(spec.tables.map(\.link) == [[], ["LOCAL-PATIENT-IDENTIFIER-REFERRAL"]])
        #expect(!spec.diagnostics.contains { $0.message.contains("not part of the ETOS layout") })
    }

    @Test func withoutATablesSheetATableColumnIsTheGroup() throws {
        var builder = WorkbookBuilder()
        builder.sheet("Data Set", [["Data Set Name", "Flat"], ["Short Name", "F"], ["Version", "1"]])
        builder.sheet("Data Items", [["Table", "Data Item Name", "Format"], ["Patient", "NHS NUMBER", "n10"], ["Patient", "PERSON BIRTH DATE", "an10 CCYY-MM-DD"]])
        let spec = try builder.compile()
        #expect(spec.errors.isEmpty)
        #expect(!spec.isRelational)
        #expect(spec.items.map(\.group) == ["Patient", "Patient"])
        #expect(spec.items.allSatisfy { $0.table == nil })
    }

    @Test func badTablesGetLocatedErrorsWithTheNearestName() throws {
        let spec = try relationalWorkbook(tables: [
            ["Table", "Key", "Parent", "Link"],
            ["PATIENT", "LOCAL PATIENT IDENTIFER", nil, nil],
            ["REFERRAL", "REFERRAL IDENTIFIER", "PATEINT", "LOCAL PATIENT IDENTIFIER"],
            ["EXAMINATION", "EXAMINATION IDENTIFIER", "REFERRAL", "REFERRAL IDENTIFIER, DIAGNOSTIC TEST DATE"],
        ], items: [
            ["Table", "UID", "Data Item Name", "Format"],
            ["PATIENT", "P1", "LOCAL PATIENT IDENTIFIER", "max an20"],
            ["PATIENT", "P2", "LOCAL PATIENT IDENTIFIER", "max an20"],
            ["REFERAL", "R0", "SOMETHING", "max an20"],
            ["REFERRAL", "R1", "REFERRAL IDENTIFIER", "max an20"],
            ["REFERRAL", "R2", "LOCAL PATIENT IDENTIFIER", "max an20"],
            ["EXAMINATION", "E1", "EXAMINATION IDENTIFIER", "max an20"],
            ["EXAMINATION", "E2", "REFERRAL IDENTIFIER", "max an10"],
            ["EXAMINATION", "E3", "DIAGNOSTIC TEST DATE", "an10 CCYY-MM-DD"],
        ]).compile()
        let errors = spec.errors.map { "\($0.location?.cell ?? "-"): \($0.message)" }
        func has(_ cell: String, _ text: String) -> Bool { errors.contains { $0.hasPrefix(cell + ":") && $0.contains(text) } }
        #expect(has("Data Items!C3", "'LOCAL PATIENT IDENTIFIER' is listed twice in table 'PATIENT'"), "\(errors)")
        #expect(has("Data Items!A4", "table 'REFERAL', which the Tables sheet does not have; did you mean 'REFERRAL'?"), "\(errors)")
        #expect(has("Tables!B2", "key item 'LOCAL PATIENT IDENTIFER' is not an item of the table; did you mean 'LOCAL PATIENT IDENTIFIER'?"), "\(errors)")
        #expect(has("Tables!C3", "parent table 'PATEINT' is not on the Tables sheet; did you mean 'PATIENT'?"), "\(errors)")
        #expect(has("Tables!D4", "a link names one item per key item"), "\(errors)")
    }

    @Test func aLinkThatCannotHoldItsParentsKeyAndACycleAreErrorsAtTheTablesSheet() throws {
        let spec = try relationalWorkbook(tables: [
            ["Table", "Key", "Parent", "Link"],
            ["PATIENT", "LOCAL PATIENT IDENTIFIER", "EXAMINATION", "LOCAL PATIENT IDENTIFIER"],
            ["REFERRAL", "REFERRAL IDENTIFIER", "PATIENT", "REFERRAL REQUEST RECEIVED DATE"],
            ["EXAMINATION", "EXAMINATION IDENTIFIER", "REFERRAL", "REFERRAL IDENTIFIER"],
        ]).compile()
        let errors = spec.errors.map { "\($0.location?.cell ?? "-"): \($0.message)" }
        #expect(errors.contains { $0.hasPrefix("Tables!D3:") && $0.contains("link item 'REFERRAL REQUEST RECEIVED DATE' (an10 CCYY-MM-DD) cannot hold key item 'LOCAL PATIENT IDENTIFIER' of 'PATIENT' (max an20)") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("Tables!C2:") && $0.contains("is its own ancestor: PATIENT → EXAMINATION → REFERRAL → PATIENT") }, "\(errors)")
    }

    @Test func rulesNameTheirTableOrErrorsSayWhy() throws {
        let spec = try relationalWorkbook(rules: [
            ["A1", nil, "LOCAL PATIENT IDENTIFIER", "Must be populated", nil],
            ["A2", "REFERAL", "LOCAL PATIENT IDENTIFIER", "Must be populated", nil],
            ["A3", "EXAMINATION", "REFERRAL IDENTIFIER", "Must exist in table PATIENT", nil],
            ["A4", "REFERRAL", "REFERRAL IDENTIFIER", "Must exist in table PATIENT", nil],
            ["A5", "EXAMINATION", "REFERRAL IDENTIFIER", "Must exist in table REFERAL", nil],
            ["A6", "PATIENT", "n/a", "Each PATIENT record must have at least one EXAMINATION record", nil],
            ["A7", "EXAMINATION", "DIAGNOSTIC TEST DATE", "Must be on or after PERSON BIRTH DATE of the linked PATIENT record", nil],
            ["A8", "EXAMINATION", "DIAGNOSTIC TEST DATE", "Must be on or after REFERRAL REQUEST RECEIVED DATE", nil],
        ], fileRules: [["B1", nil, "n/a", "Each record must have 4 fields", nil]]).compile()
        let errors = spec.errors.map { "\($0.location?.cell ?? "-"): \($0.message)" }
        func has(_ cell: String, _ text: String) -> Bool { errors.contains { $0.hasPrefix(cell + ":") && $0.contains(text) } }
        #expect(has("Validations!B2", "rule A1: 'LOCAL PATIENT IDENTIFIER' is in tables 'PATIENT', 'REFERRAL', 'EXAMINATION': give the row a Table"), "\(errors)")
        #expect(has("Validations!B3", "rule A2 is on table 'REFERAL', which the Tables sheet does not have; did you mean 'REFERRAL'?"), "\(errors)")
        #expect(has("Validations!D4", "a record of 'EXAMINATION' links only to its parent table, and its parent is 'REFERRAL', not 'PATIENT'"), "\(errors)")
        #expect(has("Validations!D5", "'REFERRAL IDENTIFIER' is not one of 'REFERRAL''s link items to 'PATIENT' (LOCAL PATIENT IDENTIFIER)"), "\(errors)")
        #expect(has("Validations!D6", "no table named 'REFERAL' on the Tables sheet; did you mean 'REFERRAL'?"), "\(errors)")
        #expect(has("Validations!D7", "'EXAMINATION' records do not link to 'PATIENT' (its parent is 'REFERRAL')"), "\(errors)")
        #expect(has("Validations!D8", "unknown data item 'PERSON BIRTH DATE of the linked PATIENT record'") || has("Validations!D8", "unknown data item 'PERSON BIRTH DATE'"), "\(errors)")
        #expect(has("Validations!D9", "unknown data item 'REFERRAL REQUEST RECEIVED DATE'"), "\(errors)")
        #expect(has("Additional File-Level Rejects!B2", "rule B1 names no data item and no table"), "\(errors)")
    }
}
