import ETOSModel
import ETOSSpreadsheet
import Foundation
import Testing

@Suite("SpreadsheetML reader: hostile, malformed and foreign input")
struct HostileAndMalformedInputTests {
    @Test func refusesADoctypeBeforeParsingIt() {
        let errors = readErrors("""
        <?xml version="1.0"?>
        <!DOCTYPE Workbook [<!ENTITY x "y">]>
        <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>
        """)
        #expect(errors.count == 1)
        #expect(errors[0].message.contains("DOCTYPE"))
        #expect(errors[0].location?.line == 2)
        #expect(errors[0].location?.column == 1)
    }

    @Test func refusesExternalEntitiesWithoutReadingTheFile() {
        let errors = readErrors("""
        <?xml version="1.0"?>
        <!DOCTYPE w [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
        <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Table><Row><Cell><Data ss:Type="String">&secret;</Data></Cell></Row></Table></Worksheet></Workbook>
        """)
        #expect(errors.first?.message.contains("DOCTYPE") == true)
    }

    @Test func refusesAParameterEntityFetchInTheInternalSubset() {
        let errors = readErrors("""
        <!-- a comment first -->
        <!DOCTYPE w [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
        <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>
        """)
        #expect(errors.first?.message.contains("DOCTYPE") == true)
        #expect(errors.first?.location?.line == 2)
    }

    @Test func endsAnEntityExpansionBombWithAnErrorQuickly() {
        var bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...12 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            bomb += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        bomb += "]>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet><Table><Row><Cell><Data>&lol12;</Data></Cell></Row></Table></Worksheet></Workbook>"
        let start = ContinuousClock.now
        let errors = readErrors(bomb)
        #expect(errors.first?.severity == .error)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func anUndeclaredEntityReferenceIsAnError() {
        let errors = readErrors(excelWorkbook("""
         <Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">&nbsp;</Data></Cell></Row></Table></Worksheet>
        """))
        #expect(errors.first?.severity == .error)
        #expect(errors.first?.message.contains("nbsp") == true)
    }

    @Test func malformedXMLGivesLineAndColumn() {
        let errors = readErrors("""
        <?xml version="1.0"?>
        <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">
         <Worksheet>
          <Table></Row>
        """)
        #expect(errors.count == 1)
        #expect(errors[0].message.hasPrefix("malformed XML"))
        #expect(errors[0].location?.line == 4)
        #expect((errors[0].location?.column ?? 0) > 1)
        #expect(errors[0].description.hasPrefix("book.xml:4:"))
    }

    @Test func truncatedXMLIsAnError() throws {
        let whole = try String(contentsOf: fixturesDirectory.appendingPathComponent("DIDS-v2.0-ETOS-libreoffice.xml"), encoding: .utf8)
        let errors = readErrors(String(whole.prefix(whole.count / 2)))
        #expect(errors.first?.message.hasPrefix("malformed XML") == true)
    }

    @Test func anEmptyFileIsAnError() {
        #expect(readErrors("").first?.severity == .error)
        #expect(readErrors("   \n").first?.severity == .error)
    }

    @Test func namesAnXLSXSheetPart() {
        let errors = readErrors(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>"#)
        #expect(errors.first?.message.contains(".xlsx") == true)
    }

    @Test func namesHTMLSavedAsXLS() {
        let errors = readErrors(#"<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table><tr><td>1</td></tr></table></body></html>"#)
        #expect(errors.first?.message.contains("HTML") == true)
    }

    @Test func namesExcelXMLData() {
        let errors = readErrors(#"<?xml version="1.0"?><dataroot xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Item><Name>x</Name></Item></dataroot>"#)
        #expect(errors.first?.message.contains("XML Data") == true)
        #expect(errors.first?.message.contains("<dataroot>") == true)
    }

    @Test func namesAWorkbookWithoutTheNamespace() {
        let errors = readErrors("<Workbook><Worksheet/></Workbook>")
        #expect(errors.first?.message.contains("without the SpreadsheetML namespace") == true)
    }

    @Test func aBadIndexIsAnError() {
        let errors = readErrors(excelWorkbook("""
         <Worksheet ss:Name="S"><Table><Row ss:Index="0"/></Table></Worksheet>
        """))
        #expect(errors.first?.message.contains("ss:Index=\"0\"") == true)
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: DiagnosticsError.self) {
            try SpreadsheetMLReader.read(contentsOf: "/nonexistent/spec.xml")
        }
    }
}

@Suite("SpreadsheetML reader: real exporter output")
struct RealExporterFixtureTests {
    @Test func readsLibreOfficesExportWrittenOnOneLinePerSheet() throws {
        let path = fixturesDirectory.appendingPathComponent("DIDS-v2.0-ETOS-libreoffice.xml").path
        let book = try SpreadsheetMLReader.read(contentsOf: path, displayName: "fixture.xml")
        #expect(book.sheets.map(\.name) == ["Data Set", "Data Items", "Code Lists", "Validations – Data Items", "Additional File-Level Rejects", "Change Log"])
        let items = try #require(book.sheet("Data Items"))
        // LibreOffice's import closed the blank row above the header and dropped comments;
        // what its export wrote is what the reader must give back.
        #expect(items.cell("D3")?.value == "NHS NUMBER")
        #expect(items.cell("D3")?.location.cell == "Data Items!D3")
        let location = try #require(items.cell("D3")?.location)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let line = Array(lines[location.line - 1].utf8)
        #expect(String(decoding: line[(location.column - 1)...].prefix(39), as: UTF8.self) == #"<Cell><Data ss:Type="String">NHS NUMBER"#)
        // Rich text (bold, font) around the header, with a trailing line break from the export.
        #expect(items.cell("D2")?.value.trimmingCharacters(in: .whitespacesAndNewlines) == "Data Item Name")
        // Trailing cells written with ss:Index land in their columns.
        #expect(items.cell("I3")?.value == "The patient's NHS number.")
    }
}
