import ETOSModel
@testable import ETOSSpreadsheet
import Foundation
import Testing

/// Bytes from memory, counting how many the reader has taken so far.
private final class CountingSource: ByteSource {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes[offset..<(offset + count)].withUnsafeBytes { buffer.copyMemory(from: $0) }
        offset += count
        return count
    }
}

/// Records what a reader hands over, and how far into the file it was at each row.
private struct EventLog: WorkbookConsumer {
    let source: CountingSource
    var events: [String] = []
    var offsetsAtRows: [Int] = []

    mutating func beginSheet(named name: String, at location: ETOSModel.SourceLocation) { events.append("begin \(name)") }
    mutating func consume(_ row: Row) {
        events.append("row \(row.index): \(row.cells.map(\.value).joined(separator: ","))")
        offsetsAtRows.append(source.offset)
    }
    mutating func endSheet() { events.append("end") }
}

@Suite("Reading row by row")
struct StreamingReadTests {
    /// Two sheets of 3,000 rows each, about 400 KB.
    private let document = excelWorkbook((1...2).map { sheet in
        "<Worksheet ss:Name=\"S\(sheet)\"><Table>"
            + (1...3_000).map { "<Row><Cell><Data ss:Type=\"String\">r\($0)</Data></Cell><Cell><Data ss:Type=\"Number\">\(sheet)</Data></Cell></Row>\n" }.joined()
            + "</Table></Worksheet>"
    }.joined())

    @Test func rowsArriveWhileTheFileIsStillBeingRead() throws {
        let source = CountingSource(document)
        var log = EventLog(source: source)
        try SpreadsheetMLReader.read(source: source, file: "big.xml", into: &log)
        #expect(log.offsetsAtRows.count == 6_000)
        // Each row is handed over within a read buffer of where it ends: the reader never
        // holds a sheet back.
        let firstSheetDone = log.offsetsAtRows[2_999]
        #expect(firstSheetDone < source.bytes.count / 2 + 64 * 1024, "first sheet handed over only at byte \(firstSheetDone) of \(source.bytes.count)")
        #expect(log.offsetsAtRows[0] < 64 * 1024)
    }

    @Test func eventsComeInDocumentOrder() throws {
        let xml = excelWorkbook("""
            <Worksheet ss:Name="A"><Table><Row><Cell ss:Index="3"><Data ss:Type="String">c</Data></Cell><Cell ss:Index="2"><Data ss:Type="String">b</Data></Cell></Row>
            <Row ss:Index="4"><Cell><Data ss:Type="String">x</Data></Cell></Row><Row/></Table></Worksheet>
            <Worksheet ss:Name="Empty"/>
            <Worksheet ss:Name="B"><Table><Row><Cell><Data ss:Type="String">y</Data></Cell></Row></Table></Worksheet>
            """)
        let source = CountingSource(xml)
        var log = EventLog(source: source)
        try SpreadsheetMLReader.read(source: source, file: "book.xml", into: &log)
        #expect(log.events == ["begin A", "row 1: b,c", "row 4: x", "end", "begin Empty", "end", "begin B", "row 1: y", "end"])
    }

    @Test func collectingTheEventsGivesTheWorkbookTheReaderReturns() throws {
        let workbook = try readWorkbook(document)
        var collector = WorkbookCollector()
        workbook.replay(into: &collector)
        let again = collector.workbook(file: workbook.file)
        #expect(again.sheets.map(\.name) == ["S1", "S2"])
        #expect(again.sheets.map { $0.rows.map(\.index) } == workbook.sheets.map { $0.rows.map(\.index) })
        #expect(again.sheets[1].rows[2_999].cells.map(\.value) == ["r3000", "2"])
    }
}
