import ETOSFrontend
import ETOSModel
import ETOSSpreadsheet
import Foundation
import Testing

@Suite("The bundled DIDS specs")
struct DIDSSpecTests {
    private func compile(_ name: String) throws -> Spec {
        try SpecCompiler.compile(contentsOf: packageRoot.appendingPathComponent("Spec/\(name)").path, displayName: "Spec/\(name)")
    }

    @Test func v2CompilesWithoutErrorsOrWarnings() throws {
        let spec = try compile("DIDS-v2.0-ETOS.xml")
        #expect(spec.diagnostics.filter { $0.severity != .note }.isEmpty, "\(spec.diagnostics)")
        #expect(spec.dataSet.shortName == "DIDS")
        #expect(spec.dataSet.version == "2.0")
        #expect(spec.items.count == 23)
        #expect(spec.dataSet.rejectionLevel == .fileRejection)
        #expect(spec.item(uid: "DID026")?.name == "DIAGNOSTIC IMAGING ACTIVITY CATEGORY")
        #expect(spec.codeList(named: "DIAGNOSTIC IMAGING ACTIVITY CATEGORY")?.codes.first?.description == "Diagnostic Waiting List")
        #expect(spec.groups.map(\.name) == ["Patient", "Referral", "Imaging Activity"])
        #expect(spec.rules.count == 66)
        // The v2.0 guidance has file rejections and warnings, no record rejections.
        #expect(spec.rules.allSatisfy { $0.level == .fileRejection || $0.level == .warning })
        #expect(spec.rules.filter { $0.level == .warning }.count == 11)
        #expect(spec.rules.filter { $0.codeStatus == .official }.map(\.code) == ["DIDS00300302", "DIDS00300402", "DIDSREJ012"])
        #expect(spec.rules.allSatisfy { $0.codeStatus != nil })
        // The v1 carry-overs the published NICIP/SNOMED CT table leaves no room for.
        #expect(spec.rules.filter { ["DIDS077", "DIDS078", "DIDS082"].contains($0.code) }.isEmpty)
        #expect(spec.rules.allSatisfy { $0.enforcement.isEnforced })
        // Timestamps: one by its format, two by the Data Dictionary naming rule (with a note each).
        #expect(spec.items.filter { $0.format.kind == .timestamp }.map(\.name) == ["CODED PROCEDURE START TIMESTAMP", "CODED PROCEDURE END TIMESTAMP", "SERVICE REPORT ISSUE TIMESTAMP"])
        #expect(spec.notes.filter { $0.message.contains("is read as a timestamp") }.count == 2)
        // The published wording names no date: the Expression does (a note each), and
        // DIDSREJ012's message is not published (a note).
        #expect(spec.notes.count == 5)
        #expect(spec.codeList(named: "ETHNIC CATEGORY")?.codes.count == 18)
        #expect(spec.codeList(named: "PERSON STATED GENDER CODE")?.codes.map(\.code) == ["1", "2", "9", "X"])
    }

    @Test func v1CompilesWithEveryRuleOfTheBrief() throws {
        let spec = try compile("DIDS-v1.0-ETOS.xml")
        #expect(spec.diagnostics.isEmpty, "\(spec.diagnostics)")
        #expect(spec.items.count == 18)
        #expect(spec.items.map(\.position) == Array(1...18))
        #expect(spec.groups.map(\.name) == ["PersonalAndDemographics", "Referrals", "ImagingActivity"])
        let codes = Set(spec.rules.map(\.code))
        let brief = [1, 2, 3, 5, 6, 8, 9, 10, 12, 14, 16, 17, 18, 20, 21, 23, 24, 26, 27, 28, 31, 34, 35, 36, 38, 40, 41, 43, 44, 45,
                     48, 49, 50, 51, 55, 56, 57, 59, 61, 62, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82]
        #expect(codes == Set(brief.map { "DIDS" + String(format: "%03d", $0) }))
        #expect(spec.rules.first { $0.code == "DIDS073" }?.items.count == 6)
        #expect(spec.rules.filter { $0.level == .warning }.count == 10)
    }

    @Test func libreOfficesExportOfV2GivesTheSameModel() throws {
        let excel = try compile("DIDS-v2.0-ETOS.xml")
        let fixture = packageRoot.appendingPathComponent("Tests/ETOSSpreadsheetTests/Fixtures/DIDS-v2.0-ETOS-libreoffice.xml").path
        let libreOffice = try SpecCompiler.compile(contentsOf: fixture, displayName: "Spec/DIDS-v2.0-ETOS.xml")
        #expect(libreOffice.errors.isEmpty, "\(libreOffice.errors)")
        // The export drops line breaks inside cells: free text compares without them; every
        // structural fact (items, formats, code lists, rule items) must be identical.
        #expect(try comparable(libreOffice) == comparable(excel))
    }

    /// The DIDS v2.0 ETOS written by openpyxl, and converted by LibreOffice to .xlsx and .fods
    /// (scripts/make-workbook-fixtures.py), compiles to exactly the model of the spec.
    @Test(arguments: ["DIDS-v2.0-ETOS-openpyxl.xlsx", "DIDS-v2.0-ETOS-libreoffice.xlsx", "DIDS-v2.0-ETOS-libreoffice.fods"])
    func everyWorkbookFormatGivesTheIdenticalModel(fixture: String) throws {
        let excel = try compile("DIDS-v2.0-ETOS.xml")
        let path = packageRoot.appendingPathComponent("Tests/ETOSSpreadsheetTests/Fixtures/\(fixture)").path
        let other = try SpecCompiler.compile(contentsOf: path, displayName: "Spec/DIDS-v2.0-ETOS.xml")
        #expect(other.diagnostics.filter { $0.severity != .note }.isEmpty, "\(other.diagnostics)")
        #expect(try withoutLocations(other) == withoutLocations(excel))
    }

    /// Compiling as the file is read gives exactly the model of compiling a workbook read whole,
    /// diagnostics and locations included, in every format.
    @Test(arguments: ["Spec/DIDS-v2.0-ETOS.xml", "Spec/DIDS-v1.0-ETOS.xml",
                      "Tests/ETOSSpreadsheetTests/Fixtures/DIDS-v2.0-ETOS-libreoffice.xml",
                      "Tests/ETOSSpreadsheetTests/Fixtures/DIDS-v2.0-ETOS-openpyxl.xlsx",
                      "Tests/ETOSSpreadsheetTests/Fixtures/DIDS-v2.0-ETOS-libreoffice.fods"])
    func compilingAsTheFileIsReadGivesTheModelOfTheWholeWorkbook(file: String) throws {
        let path = packageRoot.appendingPathComponent(file).path
        let streamed = try SpecCompiler.compile(contentsOf: path, displayName: file)
        let whole = SpecCompiler.compile(try SpreadsheetReader.read(contentsOf: path, displayName: file))
        #expect(try JSONIR.encode(streamed) == JSONIR.encode(whole))
        #expect(!streamed.rules.isEmpty)
    }

    @Test func theJSONIRRoundTrips() throws {
        let spec = try compile("DIDS-v2.0-ETOS.xml")
        let json = try JSONIR.encode(spec)
        let decoded = try JSONIR.decode(json)
        #expect(decoded == spec)
        #expect(try JSONIR.encode(decoded) == json)
        let keys = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]).keys.sorted()
        #expect(keys == ["changeLog", "codeLists", "dataSet", "diagnostics", "groups", "irVersion", "items", "rules", "source"])
    }

    /// The JSON IR with every location blanked.
    private func withoutLocations(_ spec: Spec) throws -> String {
        try comparable(spec, flattenText: false)
    }

    /// The spec without locations (and, when asked, with line breaks removed from free text).
    private func comparable(_ spec: Spec, flattenText: Bool = true) throws -> String {
        var copy = spec
        let nowhere = SourceLocation(file: "", line: 0, column: 0)
        func flat(_ text: String?) -> String? { flattenText ? text?.replacingOccurrences(of: "\n", with: "") : text }
        copy.diagnostics = []
        copy.dataSet.notes = flat(copy.dataSet.notes)
        copy.items = copy.items.map { item in
            var item = item
            item.location = nowhere
            item.notes = flat(item.notes)
            item.description = flat(item.description)
            return item
        }
        copy.codeLists = copy.codeLists.map { list in
            CodeList(name: list.name, codes: list.codes.map { .init(code: $0.code, description: $0.description, location: nowhere) }, location: nowhere)
        }
        copy.rules = copy.rules.map { rule in
            var rule = rule
            rule.location = nowhere
            rule.notes = flat(rule.notes)
            return rule
        }
        copy.changeLog = copy.changeLog.map { ChangeLogEntry(version: $0.version, change: flat($0.change) ?? "", date: $0.date) }
        return try JSONIR.encode(copy)
    }
}
