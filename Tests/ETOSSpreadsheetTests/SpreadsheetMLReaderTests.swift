import ETOSModel
import ETOSSpreadsheet
import Foundation
import Testing

@Suite("SpreadsheetML reader: the dialect")
struct SpreadsheetMLReaderTests {
    @Test func readsSheetsRowsAndCellsWithTheDefaultNamespace() throws {
        let book = try readWorkbook(excelWorkbook("""
         <Worksheet ss:Name="First">
          <Table>
           <Row><Cell><Data ss:Type="String">A1 text</Data></Cell><Cell><Data ss:Type="Number">42</Data></Cell></Row>
           <Row><Cell><Data ss:Type="String">A2</Data></Cell></Row>
          </Table>
         </Worksheet>
         <Worksheet ss:Name="Second"><Table/></Worksheet>
        """))
        #expect(book.sheets.map(\.name) == ["First", "Second"])
        let first = try #require(book.sheet("First"))
        #expect(first.cell("A1")?.value == "A1 text")
        #expect(first.cell("B1")?.value == "42")
        #expect(first.cell("B1")?.type == .number)
        #expect(first.cell("A2")?.value == "A2")
        #expect(book.sheet("Second")?.rows.isEmpty == true)
    }

    @Test func readsPrefixedElementsAsLibreOfficeWritesThem() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><ss:Worksheet ss:Name="S"><ss:Table><ss:Row><ss:Cell><ss:Data ss:Type="String">x</ss:Data></ss:Cell></ss:Row></ss:Table></ss:Worksheet></ss:Workbook>
        """
        let sheet = try #require(readWorkbook(xml).sheet("S"))
        #expect(sheet.cell("A1")?.value == "x")
    }

    @Test func elementsInAnotherNamespaceAreNotCells() throws {
        let book = try readWorkbook(excelWorkbook("""
         <Worksheet ss:Name="S"><Table><Row><Cell xmlns="urn:example:other"><Data>no</Data></Cell><Cell><Data ss:Type="String">yes</Data></Cell></Row></Table></Worksheet>
        """))
        let cells = try #require(book.sheet("S")).rows[0].cells
        #expect(cells.map(\.value) == ["yes"])
    }

    @Test func rowAndCellIndexesSkipEmptyPositions() throws {
        let sheet = try #require(readWorkbook(excelWorkbook("""
         <Worksheet ss:Name="S"><Table>
          <Row ss:Index="3"><Cell ss:Index="4"><Data ss:Type="String">D3</Data></Cell><Cell><Data ss:Type="String">E3</Data></Cell></Row>
          <Row><Cell><Data ss:Type="String">A4</Data></Cell></Row>
         </Table></Worksheet>
        """)).sheet("S"))
        #expect(sheet.cell("D3")?.value == "D3")
        #expect(sheet.cell("E3")?.value == "E3")
        #expect(sheet.cell("A4")?.value == "A4")
        #expect(sheet.rows.map(\.index) == [3, 4])
    }

    @Test func mergeAcrossShiftsTheNextCellButMergeDownDoesNotShiftRows() throws {
        let sheet = try #require(readWorkbook(excelWorkbook("""
         <Worksheet ss:Name="S"><Table>
          <Row><Cell ss:MergeAcross="2" ss:MergeDown="1"><Data ss:Type="String">title</Data></Cell><Cell><Data ss:Type="String">D1</Data></Cell></Row>
          <Row><Cell ss:Index="4"><Data ss:Type="String">D2</Data></Cell></Row>
          <Row><Cell><Data ss:Type="String">A3</Data></Cell></Row>
         </Table></Worksheet>
        """)).sheet("S"))
        #expect(sheet.cell("A1")?.mergeAcross == 2)
        #expect(sheet.cell("A1")?.mergeDown == 1)
        #expect(sheet.cell("D1")?.value == "D1")
        #expect(sheet.cell("D2")?.value == "D2")
        #expect(sheet.cell("A3")?.value == "A3")
    }

    @Test func rowSpanSkipsTheRowsItCovers() throws {
        let sheet = try #require(readWorkbook(excelWorkbook("""
         <Worksheet ss:Name="S"><Table>
          <Row ss:Span="2"><Cell><Data ss:Type="String">A1</Data></Cell></Row>
          <Row><Cell><Data ss:Type="String">A4</Data></Cell></Row>
         </Table></Worksheet>
        """)).sheet("S"))
        #expect(sheet.cell("A1")?.value == "A1")
        #expect(sheet.cell("A4")?.value == "A4")
    }

    @Test func keepsEveryDataTypeAndItsRawText() throws {
        let sheet = try #require(readWorkbook(excelWorkbook("""
         <Worksheet ss:Name="S"><Table><Row>
          <Cell><Data ss:Type="String">text</Data></Cell>
          <Cell><Data ss:Type="Number">3.50</Data></Cell>
          <Cell><Data ss:Type="DateTime">2026-04-01T00:00:00.000</Data></Cell>
          <Cell><Data ss:Type="Boolean">1</Data></Cell>
          <Cell><Data ss:Type="Error">#N/A</Data></Cell>
         </Row></Table></Worksheet>
        """)).sheet("S"))
        let cells = sheet.rows[0].cells
        #expect(cells.map(\.type) == [.string, .number, .dateTime, .boolean, .error])
        #expect(cells.map(\.value) == ["text", "3.50", "2026-04-01T00:00:00.000", "1", "#N/A"])
    }

    @Test func unknownDataTypeIsAnError() {
        let errors = readErrors(excelWorkbook("""
         <Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="Currency">1</Data></Cell></Row></Table></Worksheet>
        """))
        #expect(errors.first?.message.contains("unknown cell data type 'Currency'") == true)
    }

    @Test func concatenatesRichTextRuns() throws {
        let sheet = try #require(readWorkbook(excelWorkbook("""
         <Worksheet ss:Name="S"><Table><Row>
          <Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>Data </B><Font html:Color="#FF0000">Item</Font><I><U> Name</U></I><Span> (rich)</Span></ss:Data></Cell>
         </Row></Table></Worksheet>
        """)).sheet("S"))
        #expect(sheet.cell("A1")?.value == "Data Item Name (rich)")
    }

    @Test func keepsCommentsApartFromValues() throws {
        let sheet = try #require(readWorkbook(excelWorkbook("""
         <Worksheet ss:Name="S"><Table><Row>
          <Cell><Data ss:Type="String">value</Data><Comment ss:Author="Me"><ss:Data xmlns="http://www.w3.org/TR/REC-html40"><B>Me:</B><Font>&#10;a remark</Font></ss:Data></Comment></Cell>
          <Cell><Comment ss:Author="Me"><ss:Data xmlns="http://www.w3.org/TR/REC-html40">only a comment</ss:Data></Comment></Cell>
         </Row></Table></Worksheet>
        """)).sheet("S"))
        #expect(sheet.cell("A1")?.value == "value")
        #expect(sheet.cell("A1")?.comment == "Me:\na remark")
        #expect(sheet.cell("B1")?.value == "")
        #expect(sheet.cell("B1")?.comment == "only a comment")
    }

    @Test func normalisesLineBreaks() throws {
        let sheet = try #require(readWorkbook(excelWorkbook("""
         <Worksheet ss:Name="S"><Table><Row>
          <Cell><Data ss:Type="String">one&#10;two</Data></Cell>
          <Cell><Data ss:Type="String">one&#13;&#10;two&#13;three</Data></Cell>
         </Row></Table></Worksheet>
        """)).sheet("S"))
        #expect(sheet.cell("A1")?.value == "one\ntwo")
        #expect(sheet.cell("B1")?.value == "one\ntwo\nthree")
    }

    @Test func keepsWhitespaceOnlyValues() throws {
        let sheet = try #require(readWorkbook(excelWorkbook("""
         <Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">   </Data></Cell><Cell><Data ss:Type="String"> padded </Data></Cell></Row></Table></Worksheet>
        """)).sheet("S"))
        #expect(sheet.cell("A1")?.value == "   ")
        #expect(sheet.cell("B1")?.value == " padded ")
    }

    @Test func keepsFormulaAndItsCachedValue() throws {
        let sheet = try #require(readWorkbook(excelWorkbook("""
         <Worksheet ss:Name="S"><Table><Row><Cell ss:Formula="=RC[1]&amp;&quot;x&quot;"><Data ss:Type="String">cached</Data></Cell></Row></Table></Worksheet>
        """)).sheet("S"))
        #expect(sheet.cell("A1")?.value == "cached")
        #expect(sheet.cell("A1")?.formula == "=RC[1]&\"x\"")
    }

    @Test func dropsTrailingEmptyCellsAndEmptyRows() throws {
        let sheet = try #require(readWorkbook(excelWorkbook("""
         <Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">a</Data></Cell><Cell ss:Index="30"/><Cell/></Row><Row/><Row><Cell ss:StyleID="s1"/></Row></Table></Worksheet>
        """)).sheet("S"))
        #expect(sheet.rows.count == 1)
        #expect(sheet.rows[0].cells.count == 1)
    }

    @Test func readsAWholeSheetOnOneLineWithExactColumns() throws {
        let xml = #"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="One"><Table><Row><Cell><Data ss:Type="String">a</Data></Cell><Cell><Data ss:Type="String">b</Data></Cell></Row><Row><Cell><Data ss:Type="String">c</Data></Cell></Row></Table></Worksheet></Workbook>"#
        let sheet = try #require(readWorkbook(xml).sheet("One"))
        let a = try #require(sheet.cell("A1"))
        let b = try #require(sheet.cell("B1"))
        let c = try #require(sheet.cell("A2"))
        #expect([a.location.line, b.location.line, c.location.line] == [Int](repeating: 1, count: 3))
        let text = Array(xml.utf8)
        for cell in [a, b, c] {
            let offset = cell.location.column - 1
            #expect(String(decoding: text[offset..<(offset + 5)], as: UTF8.self) == "<Cell")
        }
        #expect(a.location.column < b.location.column)
        #expect(b.location.column < c.location.column)
    }

    @Test func locatesEveryCellByFileLineColumnAndReference() throws {
        let xml = excelWorkbook("""
         <Worksheet ss:Name="Data Items">
          <Table>
           <Row>
            <Cell><Data ss:Type="String">x</Data></Cell>
              <Cell ss:Index="3"><Data ss:Type="String">y</Data></Cell>
           </Row>
          </Table>
         </Worksheet>
        """)
        let sheet = try #require(readWorkbook(xml, file: "Spec/Book.xml").sheet("Data Items"))
        let lines = xml.split(separator: "\n", omittingEmptySubsequences: false)
        let x = try #require(sheet.cell("A1"))
        let y = try #require(sheet.cell("C1"))
        #expect(lines[x.location.line - 1].contains("<Data ss:Type=\"String\">x<"))
        #expect(lines[y.location.line - 1].contains(">y<"))
        #expect(x.location.column == 5)
        #expect(y.location.column == 7)
        #expect(y.location.file == "Spec/Book.xml")
        #expect(y.location.cell == "Data Items!C1")
    }

    @Test func columnLettersGoPastZ() {
        #expect(columnLetters(1) == "A")
        #expect(columnLetters(26) == "Z")
        #expect(columnLetters(27) == "AA")
        #expect(columnLetters(702) == "ZZ")
        #expect(columnLetters(703) == "AAA")
    }
}
