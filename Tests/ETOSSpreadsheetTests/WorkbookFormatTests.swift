import ETOSModel
@testable import ETOSSpreadsheet
import Foundation
import Testing

private func fixture(_ name: String) -> String { fixturesDirectory.appendingPathComponent(name).path }

private func readErrorsOf(_ name: String) -> [Diagnostic] {
    do {
        _ = try SpreadsheetReader.read(contentsOf: fixture(name), displayName: name)
        return []
    } catch {
        return error.diagnostics
    }
}

@Suite("Reading .xlsx")
struct XLSXReaderTests {
    @Test func readsTheStrictFeatureWorkbook() throws {
        let book = try SpreadsheetReader.read(contentsOf: fixture("Features/strict.xlsx"), displayName: "strict.xlsx")
        let sheet = try #require(book.sheet("Features"))
        #expect(sheet.cell("A1")?.value == "  padded  ")
        #expect(sheet.cell("B1")?.value == "Kanji")
        #expect(sheet.cell("C1")?.value == "line one\nline two _x0041_ and A")
        #expect(sheet.cell("B3")?.value == "1")
        #expect(sheet.cell("B3")?.type == .boolean)
        #expect(sheet.cell("C3")?.value == "#N/A")
        #expect(sheet.cell("C3")?.type == .error)
        #expect(sheet.cell("D3")?.value == "cached")
        #expect(sheet.cell("D3")?.formula == "A1&\"!\"")
        // Style 1 has a custom date format; the workbook uses the 1904 system.
        #expect(sheet.cell("E3")?.value == "1904-01-01T00:00:00.000")
        #expect(sheet.cell("E3")?.type == .dateTime)
        #expect(sheet.cell("F3")?.value == "3.50")
        #expect(sheet.cell("F3")?.type == .number)
        #expect(sheet.cell("A5")?.mergeAcross == 2)
        #expect(sheet.cell("A5")?.mergeDown == 1)
        #expect(sheet.cell("D5")?.value == "2026-04-01T00:00:00")
        #expect(sheet.cell("A1")?.location.file == "strict.xlsx")
        #expect(sheet.cell("A1")?.location.part == "sheet1.xml")
        #expect(sheet.cell("A1")?.location.cell == "Features!A1")
    }

    @Test func convertsSerialDatesInBothSystems() {
        #expect(XLSXReader.dateText(serial: 1, date1904: false) == "1900-01-01T00:00:00.000")
        #expect(XLSXReader.dateText(serial: 59, date1904: false) == "1900-02-28T00:00:00.000")
        #expect(XLSXReader.dateText(serial: 61, date1904: false) == "1900-03-01T00:00:00.000")
        #expect(XLSXReader.dateText(serial: 46113.5, date1904: false) == "2026-04-01T12:00:00.000")
        #expect(XLSXReader.dateText(serial: 44651, date1904: true) == "2026-04-01T00:00:00.000")
        #expect(XLSXReader.dateText(serial: -1, date1904: false) == nil)
    }

    @Test func recognisesDateFormats() {
        #expect(XLSXReader.isDateFormat("yyyy-mm-dd"))
        #expect(XLSXReader.isDateFormat("dd/mm/yyyy\\ \"(day)\""))
        #expect(XLSXReader.isDateFormat("[$-409]h:mm:ss AM/PM"))
        #expect(!XLSXReader.isDateFormat("0.00"))
        #expect(!XLSXReader.isDateFormat("\"days\" 0"))
        #expect(!XLSXReader.isDateFormat("General"))
    }

    @Test func decodesEscapes() {
        #expect(XLSXReader.decodeEscapes("a_x000D_b") == "a\rb")
        #expect(XLSXReader.decodeEscapes("_x005F_x0041_") == "_x0041_")
        #expect(XLSXReader.decodeEscapes("_xZZZZ_ and _x12") == "_xZZZZ_ and _x12")
    }

    /// Positions inside a zip part mean nothing in Excel: an archive's cells are shown by the
    /// workbook and cell alone, as Excel names them.
    @Test func showsArchiveCellsByTheirCellNotTheirZipPart() throws {
        let book = try SpreadsheetReader.read(contentsOf: fixture("DIDS-v2.0-ETOS-libreoffice.xlsx"), displayName: "book.xlsx")
        let cell = try #require(book.sheet("Data Items")?.cell("D4"))
        #expect(cell.value == "NHS NUMBER")
        #expect(cell.location.file == "book.xlsx")
        #expect(cell.location.part == "sheet2.xml")
        #expect(cell.location.line == 2)
        #expect(cell.location.column > 1000)
        #expect(cell.location.description == "book.xlsx: Data Items!D4")
        let diagnostic = Diagnostic(.error, "bad format", at: cell.location)
        #expect(diagnostic.description == "book.xlsx: Data Items!D4: error: bad format")
        // Outside a cell the part is named, so the position can still be found.
        let outside = SourceLocation(file: "book.xlsx", line: 2, column: 7, part: "sheet2.xml")
        #expect(outside.description == "book.xlsx[sheet2.xml]:2:7")
    }

    @Test func keepsOpenpyxlRichTextCommentsAndMerges() throws {
        let book = try SpreadsheetReader.read(contentsOf: fixture("DIDS-v2.0-ETOS-openpyxl.xlsx"))
        let items = try #require(book.sheet("Data Items"))
        #expect(items.cell("D3")?.value == "Data Item Name")
        #expect(items.cell("A1")?.mergeAcross == 9)
        #expect(book.sheet("Data Set")?.cell("B6")?.value == "2026-04-01T00:00:00.000")
        #expect(book.sheets.map(\.name) == ["Data Set", "Data Items", "Code Lists", "Validations – Data Items", "Additional File-Level Rejects", "Change Log"])
    }
}

@Suite("Reading .fods")
struct FODSReaderTests {
    private let office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

    private func read(_ body: String) throws -> Workbook {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document xmlns:office="\(office)" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
        <office:body><office:spreadsheet>\(body)</office:spreadsheet></office:body></office:document>
        """
        return try SpreadsheetReader.read(data: Data(xml.utf8), file: "book.fods")
    }

    @Test func readsTextRepeatsSpansAndAnnotations() throws {
        let book = try read("""
        <table:table table:name="S">
         <table:table-row>
          <table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>a<text:s text:c="3"/>b</text:p><text:p>second <text:span>line</text:span><text:line-break/>third</text:p></table:table-cell>
          <table:covered-table-cell/>
          <table:table-cell office:value-type="float" office:value="42"><text:p>42.00</text:p></table:table-cell>
          <table:table-cell office:value-type="date" office:date-value="2026-04-01"><text:p>01/04/26</text:p></table:table-cell>
          <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>
          <table:table-cell><office:annotation><text:p>only</text:p><text:p>a note</text:p></office:annotation></table:table-cell>
          <table:table-cell table:number-columns-repeated="16378"/>
         </table:table-row>
         <table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string"><text:p>twice</text:p></table:table-cell></table:table-row>
         <table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
         <table:table-row><table:table-cell table:number-columns-repeated="3" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
        </table:table>
        """)
        let sheet = try #require(book.sheet("S"))
        #expect(sheet.cell("A1")?.value == "a   b\nsecond line\nthird")
        #expect(sheet.cell("A1")?.mergeAcross == 1)
        #expect(sheet.cell("C1")?.value == "42")
        #expect(sheet.cell("C1")?.type == .number)
        #expect(sheet.cell("D1")?.value == "2026-04-01")
        #expect(sheet.cell("E1")?.value == "1")
        #expect(sheet.cell("F1")?.comment == "only\na note")
        #expect(sheet.cell("F1")?.value == "")
        #expect(sheet.cell("A2")?.value == "twice")
        #expect(sheet.cell("A3")?.value == "twice")
        #expect(sheet.rows.last?.index == 1_048_574)
        #expect(sheet.rows.last?.cells.map(\.location.cellReference) == ["A1048574", "B1048574", "C1048574"])
    }

    @Test func aFlatDocumentWithoutTablesHasNoSheets() {
        let xml = "<office:document xmlns:office=\"\(office)\"><office:body><office:text/></office:body></office:document>"
        #expect((try? SpreadsheetReader.read(data: Data(xml.utf8), file: "x.fods")).map { $0.sheets.isEmpty } == true)
    }
}

@Suite("Format detection and hostile files")
struct FormatDetectionTests {
    @Test func detectsFormatsFromContentNotName() throws {
        #expect(try SpreadsheetReader.detect(Data(contentsOf: URL(fileURLWithPath: fixture("DIDS-v2.0-ETOS-libreoffice.fods"))), file: "x") == .fods)
        #expect(try SpreadsheetReader.detect(Data(contentsOf: URL(fileURLWithPath: fixture("DIDS-v2.0-ETOS-openpyxl.xlsx"))), file: "x") == .xlsx)
        #expect(try SpreadsheetReader.detect(Data(contentsOf: URL(fileURLWithPath: fixture("DIDS-v2.0-ETOS-libreoffice.xml"))), file: "x") == .spreadsheetML)
    }

    @Test(arguments: [
        ("Hostile/bomb.xlsx", "only a ZIP bomb does"),
        ("Hostile/traversal.xlsx", "points outside the archive"),
        ("Hostile/encrypted.xlsx", "is encrypted"),
        ("Hostile/missing-sheet.xlsx", "has no part 'xl/worksheets/sheet1.xml'"),
        ("Hostile/not-a-workbook.zip", "not an .xlsx workbook"),
        ("Hostile/zipped.ods", "zipped OpenDocument"),
        ("Hostile/binary.xls", "binary Excel 97–2003"),
        ("Hostile/submission.csv", "plain text or CSV"),
        ("Hostile/truncated.xlsx", "not a ZIP archive"),
    ])
    func refusesWithAClearError(name: String, expected: String) {
        let errors = readErrorsOf(name)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains(expected) == true, "\(errors)")
        #expect(errors.first?.location?.file == name)
    }

    /// Found by FuzzSpreadsheet: a directory record whose local header offset lies past the
    /// end of the file crashed the reader (an inverted range); it is a damaged archive.
    @Test func aLocalHeaderPastTheEndIsADamagedArchive() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture("Features/strict.xlsx")))
        var bytes = [UInt8](data)
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        func isRecord(_ index: Int) -> Bool {
            bytes[index..<(index + 4)].elementsEqual(signature) && bytes[(index + 46)..<(index + 46 + name.count)].elementsEqual(name)
        }
        let record = try #require((0..<(bytes.count - 46 - name.count)).last(where: isRecord))
        bytes.replaceSubrange((record + 42)..<(record + 46), with: [0x00, 0xFF, 0xFF, 0x7F])
        do {
            _ = try SpreadsheetReader.read(data: Data(bytes), file: "strict.xlsx")
            Issue.record("a damaged archive was read")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["strict.xlsx: damaged local header for 'xl/worksheets/sheet1.xml'"])
        }
    }

    @Test func aLyingEntrySizeIsCaughtWhileInflating() throws {
        // Declare 10 bytes for an entry that inflates to more: the stream stops at the declared size.
        var data = try Data(contentsOf: URL(fileURLWithPath: fixture("Features/strict.xlsx")))
        let archive = try ZipArchive(data: data, file: "strict.xlsx")
        let entry = try #require(archive.entries["xl/worksheets/sheet1.xml"])
        var bytes = [UInt8](data)
        // Patch the uncompressed size in the central directory record of that entry.
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        var index = bytes.count - 22
        while index > 0 {
            if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x01, bytes[index + 3] == 0x02,
               Array(bytes[(index + 46)..<(index + 46 + name.count)]) == name {
                bytes.replaceSubrange((index + 24)..<(index + 28), with: [10, 0, 0, 0])
                break
            }
            index -= 1
        }
        data = Data(bytes)
        #expect(entry.uncompressedSize > 10)
        #expect(throws: DiagnosticsError.self) { try SpreadsheetReader.read(data: data, file: "strict.xlsx") }
    }
}
