import ETOSFrontend
import ETOSModel
import ETOSSpreadsheet
import Foundation
import Testing

@Suite("ETOS layout and compilation")
struct SpecCompilerTests {
    @Test func compilesAMinimalSpec() throws {
        let spec = try WorkbookBuilder.minimal().compile()
        #expect(spec.errors.isEmpty)
        #expect(spec.dataSet == DataSetInfo(name: "Test Data Set", shortName: "TDS", version: "1.0"))
        #expect(spec.items.map(\.uid) == ["T1", "T2"])
        #expect(spec.items.map(\.position) == [1, 2])
        #expect(spec.items[0].format.kind == .date)
        #expect(spec.items[0].mandation == .mandatory)
        #expect(spec.items[1].codeList == "GENDER CODE")
        #expect(spec.codeLists.first?.codes.map(\.code) == ["1", "2"])
        #expect(spec.groups == [Group(name: "Patient", items: ["T1", "T2"])])
        #expect(spec.rules.map(\.code) == ["TDS001", "TDS002"])
        #expect(spec.rules[0].items == ["T1"])
        #expect(spec.rules[1].items == ["T2"])
        #expect(spec.rules[1].level == .warning)
        #expect(spec.rules[0].location.cell == "Validations - Data Items!A2")
    }

    @Test func acceptsSynonymsReorderedColumnsAndTitleRows() throws {
        var builder = WorkbookBuilder()
        builder.sheet("Cover", [WorkbookBuilder.title("An ETOS"), ["Code", "SYN"], ["Data Set Name:", "Synonyms"], ["Version", "2"]])
        builder.sheet("TOS", [
            WorkbookBuilder.title("Technical Output Specification", width: 5),
            [],
            ["M/R/O/P/D", "Definition", "Data Item No.", "NHS Data Dictionary Element", "Format", "data  item name", "Code List"],
            WorkbookBuilder.title("Patient details", width: 6),
            ["M", "When born", "S1", "PERSON BIRTH DATE", "Date(CCYY-MM-DD)", "BIRTH DATE", nil],
            WorkbookBuilder.title("Activity", width: 6),
            ["O", nil, "S2", nil, "max an20", "ACCESSION", "A: one\nB: two"],
        ])
        builder.sheet("data item validations", [
            ["Rule ID", "Validation Rule", "Data Item Name", "Rejection/Warning", "Message"],
            ["S-1", "Must be populated", "birth date", "Reject Record", "x"],
        ])
        builder.sheet("File Level Rejects", [
            ["Validation ID", "UID", "Rule"],
            ["S-F1", "N/A", "Each record must have 2 fields"],
        ])
        let spec = try builder.compile()
        #expect(spec.errors.isEmpty, "\(spec.errors)")
        #expect(spec.dataSet.shortName == "SYN")
        #expect(spec.dataSet.name == "Synonyms")
        #expect(spec.groups.map(\.name) == ["Patient details", "Activity"])
        #expect(spec.items.map(\.name) == ["BIRTH DATE", "ACCESSION"])
        #expect(spec.items[0].dataDictionaryElement == "PERSON BIRTH DATE")
        #expect(spec.items[0].description == "When born")
        #expect(spec.items[1].mandation == .optional)
        #expect(spec.items[1].codeList == "ACCESSION")
        #expect(spec.rules.map(\.code) == ["S-1", "S-F1"])
        #expect(spec.rules[0].level == .recordRejection)
        #expect(spec.rules[1].level == .fileRejection)
        #expect(spec.rules[1].items.isEmpty)
        #expect(spec.rules[1].sheet == .fileLevel)
    }

    @Test func reportsMissingColumnsNamingWhatWasLookedFor() throws {
        var builder = WorkbookBuilder.minimal()
        builder.sheets[1] = .init(name: "Data Items", rows: [["UID", "Data Item Name", "Mandation"], ["T1", "X", "M"]])
        let spec = try builder.compile()
        let error = try #require(spec.errors.first)
        #expect(error.message == "sheet 'Data Items' has no header row with the required column 'Format'")
        #expect(error.location?.cell == "Data Items!A1")
    }

    @Test func reportsMissingSheetsAndRequiredKeys() throws {
        var builder = WorkbookBuilder.minimal()
        builder.sheets.removeAll { $0.name.hasPrefix("Validations") }
        builder.sheets[0] = .init(name: "Data Set", rows: [["Data Set Name", "X"]])
        let spec = try builder.compile()
        let messages = spec.errors.map(\.message)
        // Without validation sheets the workbook is a TOS: a note, not an error.
        #expect(!messages.contains { $0.hasPrefix("no 'Validations – Data Items' sheet") })
        #expect(spec.notes.contains { $0.message.hasPrefix("no validation sheets: the workbook is a TOS") })
        #expect(messages.contains { $0.contains("has no 'Short Name' row") })
        #expect(messages.contains { $0.contains("has no 'Version' row") })
    }

    /// An unknown sheet is a note (workbooks carry glossaries and covers); an ignored column
    /// is a warning, and so is a sheet name close to a sheet the workbook lacks: their values
    /// are not read. Strict mode makes those warnings errors, and only those.
    @Test func reportsUnknownSheetsAndColumns() throws {
        var builder = WorkbookBuilder.minimal()
        builder.sheet("Glossary", [["Term"]])
        builder.sheet("Code List", [["Code List", "Code", "Meaning"]])
        builder.sheets[1].rows[0].append("Colour")
        let spec = try builder.compile()
        #expect(spec.errors.isEmpty)
        #expect(spec.notes.map(\.message).contains("sheet 'Glossary' is not part of the ETOS layout and is ignored"))
        let warnings = spec.warnings.map(\.message)
        #expect(warnings.contains { $0.hasPrefix("column 'Colour' is not part of the ETOS layout and is ignored") })
        #expect(warnings.contains("sheet 'Code List' is not part of the ETOS layout and is ignored: did you mean 'Code Lists'? Its rows are not read"))
        let strict = spec.diagnostics.promotingWeakenedEnforcement()
        #expect(strict.filter { $0.severity == .error }.count == 2)
        #expect(strict.contains { $0.severity == .note && $0.message.hasPrefix("sheet 'Glossary'") })
    }

    @Test func collectsEveryProblemInOneRun() throws {
        var builder = WorkbookBuilder.minimal()
        builder.sheets[1].rows += [
            ["T3", "BAD FORMAT", "an", "M", nil, "G"],
            ["T4", "BAD MANDATION", "an2", "Z", nil, "G"],
            ["T1", "DUPLICATE UID", "an2", "M", nil, "G"],
            ["T5", "PERSON BIRTH DATE", "an2", "M", nil, "G"],
            ["T6", "BAD CODES", "an2", "O", "See code list NOWHERE", "G"],
        ]
        builder.sheets[2].rows += [
            ["TDS001", "T2", "Must be populated", "Warning", nil],
            ["TDS003", "NO SUCH ITEM", "Must be populated", "Warning", nil],
            ["TDS004", "T2", "Must be populated", "Sometimes", nil],
            [nil, "T2", "Must be populated", "Warning", nil],
        ]
        let spec = try builder.compile()
        let messages = spec.errors.map(\.message)
        #expect(messages.count == 8, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("unrecognised format 'an'") })
        #expect(messages.contains { $0.hasPrefix("mandation 'Z'") })
        #expect(messages.contains { $0.hasPrefix("UID 'T1' is used twice") })
        #expect(messages.contains { $0.hasPrefix("data item 'PERSON BIRTH DATE' is listed twice") })
        // A list the workbook does not have: a warning, and the item's codes are not checked.
        #expect(spec.warnings.contains { $0.message.contains("refers to code list 'NOWHERE'") })
        #expect(messages.contains { $0.hasPrefix("error code TDS001 is used twice") })
        #expect(messages.contains { $0.contains("names data item 'NO SUCH ITEM'") })
        #expect(messages.contains { $0.contains("level 'Sometimes'") })
        #expect(messages.contains("validation row has no error code"))
        // Each error points at its cell.
        let format = try #require(spec.errors.first { $0.message.hasPrefix("unrecognised format") })
        #expect(format.location?.cell == "Data Items!C4")
        #expect(format.description.hasPrefix("test.xml:"))
        #expect(format.description.hasSuffix("[Data Items!C4]"))
    }

    @Test func positionsMustRunWithoutGaps() throws {
        var builder = WorkbookBuilder.minimal()
        builder.sheets[1] = .init(name: "Data Items", rows: [
            ["Position", "UID", "Data Item Name", "Format"],
            ["2", "A", "FIRST", "an1"],
            ["4", "B", "SECOND", "an1"],
        ])
        builder.sheets[2].rows = [builder.sheets[2].rows[0]]
        let spec = try builder.compile()
        #expect(spec.errors.map(\.message) == ["positions must run from 1 to 2 without gaps; missing 1, 3"])
    }

    @Test func withoutAUIDColumnItemsAreNamedByTheirName() throws {
        var builder = WorkbookBuilder.minimal()
        builder.sheets[1] = .init(name: "Data Items", rows: [["Data Item Name", "Format"], ["ONLY", "an1"], ["SITE CODE (OF IMAGING)", "an5"], ["SITE CODE OF IMAGING", "an5"]])
        builder.sheets[2].rows = [builder.sheets[2].rows[0]]
        let spec = try builder.compile()
        #expect(spec.errors.isEmpty)
        // Two names that make the same UID: the second takes its position too.
        #expect(spec.items.map(\.uid) == ["ONLY", "SITE-CODE-OF-IMAGING", "SITE-CODE-OF-IMAGING-3"])
        #expect(spec.items[0].group == "Record")
        #expect(spec.notes.contains { $0.message.hasPrefix("no 'UID' column") })
    }

    @Test func aLayoutFileRenamesSheetsAndColumns() throws {
        var builder = WorkbookBuilder.minimal()
        builder.sheets[1].name = "Item Catalogue"
        builder.sheets[1].rows[0][1] = "Element"
        #expect(try builder.compile().errors.isEmpty == false)
        let overrides = try LayoutOverrides.parse(Data(#"{"sheets": {"data items": ["Item Catalogue"]}, "columns": {"Data Items": {"Data Item Name": ["Element"]}}}"#.utf8), file: "layout.json")
        let layout = try Layout.etos.applying(overrides, file: "layout.json")
        let spec = try builder.compile(layout: layout)
        #expect(spec.errors.isEmpty, "\(spec.errors)")
        #expect(spec.items.map(\.name) == ["PERSON BIRTH DATE", "GENDER CODE"])
    }

    @Test func aLayoutFileNamingUnknownSheetsOrColumnsIsAnError() throws {
        let overrides = try LayoutOverrides.parse(Data(#"{"sheets": {"Glossary": ["G"]}, "columns": {"Data Items": {"Colour": ["C"]}}}"#.utf8), file: "layout.json")
        #expect(throws: DiagnosticsError.self) { try Layout.etos.applying(overrides, file: "layout.json") }
        #expect(throws: DiagnosticsError.self) { try LayoutOverrides.parse(Data("not json".utf8), file: "layout.json") }
    }

    @Test func dataItemCellsNameSeveralItemsByNameOrUID() throws {
        var builder = WorkbookBuilder.minimal()
        builder.sheets[2].rows += [
            ["TDS010", "T1, GENDER CODE", "At least one of …", "Warning", nil],
            ["TDS011", "person birth date\nT2", "…", "Warning", nil],
            ["TDS012", "PERSON BIRTH DATE and GENDER CODE", "…", "Warning", nil],
            ["TDS013", "PERSON BIRTH DATEGENDER CODE", "…", "Warning", nil],
        ]
        let spec = try builder.compile()
        #expect(spec.errors.isEmpty, "\(spec.errors)")
        #expect(spec.rules.suffix(4).map(\.items) == [["T1", "T2"], ["T1", "T2"], ["T1", "T2"], ["T1", "T2"]])
        #expect(spec.warnings.filter { $0.message.contains("run together") }.count == 1)
    }
}
