import ETOSFrontend
import ETOSModel
import Foundation
import Testing

/// Stand-ins for real NHS workbooks, written from `shared/domain/REAL-TOS.md` by
/// `scripts/make-workbook-fixtures.py` (Tests/ETOSSpreadsheetTests/Fixtures/RealTOS): each
/// compiles with its layout file as a new user would run `etosc check --layout`.
@Suite("Real TOS workbooks (stand-ins) compile with a layout file")
struct RealTOSWorkbookTests {
    private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ETOSSpreadsheetTests/Fixtures/RealTOS")

    private func compile(_ name: String, _ file: String, formats: [String: String] = [:]) throws -> Spec {
        var overrides = try LayoutOverrides.parse(Data(contentsOf: Self.folder.appendingPathComponent("\(name).layout.json")), file: "\(name).layout.json")
        if !formats.isEmpty { overrides.formats = formats }
        let layout = try Layout.etos.applying(overrides, file: "\(name).layout.json")
        return try SpecCompiler.compile(contentsOf: Self.folder.appendingPathComponent(file).path, displayName: file, layout: layout)
    }

    /// A HES-like output TOS as .xlsx: no Data Set or validation sheet, group title rows,
    /// HES notation, a format that changed over time, Values cells mixing codes and prose.
    @Test func aHESLikeOutputTOSAsXLSX() throws {
        let spec = try compile("hes-like-output-tos", "hes-like-output-tos.xlsx")
        #expect(spec.errors.isEmpty, "\(spec.errors)")
        #expect(spec.dataSet.shortName == "HESAPC")
        #expect(spec.groups.map(\.name) == ["Patient", "Admission", "Discharge"])
        #expect(spec.items.count == 11)
        #expect(spec.item(uid: "HESID")?.format.maxLength == 32)
        #expect(spec.item(uid: "HESID")?.notes?.contains("String(8) to 2022") == true)
        #expect(spec.item(uid: "SPELDUR-DEC")?.format.kind == .decimal)
        #expect(spec.item(uid: "OPERTN-01")?.format.text == "See OPCS-4 CODE")
        #expect(spec.item(uid: "ADMISORC")?.codeList == "DISDEST")
        #expect(spec.codeList(named: "ADMIMETH")?.codes.map(\.code) == ["11", "12", "13"])
        #expect(spec.warnings.count == 3, "\(spec.warnings)")
    }

    /// A cancer-data-set-like data dictionary: Data Dictionary notation and `See` references;
    /// the one element neither the workbook nor the bundled table knows is the only error,
    /// and a layout file's `formats` resolves it.
    @Test func aCancerLikeDataDictionary() throws {
        let unresolved = try compile("cancer-like-data-dictionary", "cancer-like-data-dictionary.xml")
        #expect(unresolved.errors.map(\.message).map { $0.prefix(44) } == ["format 'See ALPHA FETOPROTEIN' of 'ALPHA FET"])
        let spec = try compile("cancer-like-data-dictionary", "cancer-like-data-dictionary.xml", formats: ["ALPHA FETOPROTEIN": "max n5.n1"])
        #expect(spec.errors.isEmpty, "\(spec.errors)")
        #expect(spec.warnings.isEmpty, "\(spec.warnings)")
        #expect(spec.groups.map(\.name) == ["Demographics", "Diagnosis", "Pathology"])
        #expect(spec.item(uid: "PERSON-BIRTH-DATE")?.format.kind == .date)
        #expect(spec.item(uid: "PATIENT-USUAL-ADDRESS")?.format.maxLength == 175)
        #expect(spec.item(uid: "TUMOUR-SIZE-INTEGRATED")?.format.fraction == Format.DigitBounds(min: 0, max: 2))
        #expect(spec.item(uid: "SIDE-OF-PRIMARY-TUMOUR")?.codeList == "TUMOUR LATERALITY")
        #expect(spec.item(uid: "NHS-NUMBER")?.mandation == .mandatory)
    }
}
