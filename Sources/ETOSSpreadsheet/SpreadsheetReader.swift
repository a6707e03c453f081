import ETOSModel
import Foundation

/// Reads a spreadsheet in any format the compiler takes, told apart by content, not name:
/// `.xlsx`/`.xlsm` (a ZIP holding a workbook part), flat OpenDocument (`.fods`) and XML
/// Spreadsheet 2003. Anything else is named in the error.
public enum SpreadsheetReader {
    /// The formats read.
    public enum Format: String, Sendable {
        case xlsx, fods, spreadsheetML = "XML Spreadsheet 2003"
    }

    /// Reads the file at `path`; `displayName` is what locations show (default: `path`).
    ///
    /// XML formats are read from the file a chunk at a time; a ZIP archive (.xlsx) is mapped,
    /// since its directory sits at the end.
    public static func read(contentsOf path: String, displayName: String? = nil) throws(DiagnosticsError) -> Workbook {
        var collector = WorkbookCollector()
        try read(contentsOf: path, displayName: displayName, into: &collector)
        return collector.workbook(file: displayName ?? path)
    }

    /// Reads the file at `path`, handing each sheet and row to `consumer` as it is read,
    /// so that nothing but what the consumer keeps stays in memory.
    public static func read(contentsOf path: String, displayName: String? = nil, into consumer: inout some WorkbookConsumer) throws(DiagnosticsError) {
        let name = displayName ?? path
        let head = try SpreadsheetFile.head(path, displayName: name)
        if isArchive(head) { return try read(data: SpreadsheetFile.map(path, displayName: name), file: name, into: &consumer) }
        switch try detectXML(head: head, file: name, source: FileByteSource(path: path, displayName: name)) {
        case .fods:
            try FODSReader.read(stream: XMLStream(source: FileByteSource(path: path, displayName: name), file: name), into: &consumer)
        case .spreadsheetML, .xlsx:  // never .xlsx: archives were handled above
            try SpreadsheetMLReader.read(source: FileByteSource(path: path, displayName: name), file: name, into: &consumer)
        }
    }

    /// Reads a spreadsheet held in memory; `file` is what locations show.
    public static func read(data: Data, file: String) throws(DiagnosticsError) -> Workbook {
        var collector = WorkbookCollector()
        try read(data: data, file: file, into: &collector)
        return collector.workbook(file: file)
    }

    /// Reads a spreadsheet held in memory, handing each sheet and row to `consumer`.
    public static func read(data: Data, file: String, into consumer: inout some WorkbookConsumer) throws(DiagnosticsError) {
        switch try detect(data, file: file) {
        case .xlsx:
            try XLSXReader.read(archive: ZipArchive(data: data, file: file), into: &consumer)
        case .fods:
            try FODSReader.read(stream: XMLStream(source: MemoryByteSource(data), file: file), into: &consumer)
        case .spreadsheetML:
            try SpreadsheetMLReader.read(source: MemoryByteSource(data), file: file, into: &consumer)
        }
    }

    /// The format of `data`, from its first bytes and, for XML, its root element.
    public static func detect(_ data: Data, file: String) throws(DiagnosticsError) -> Format {
        let head = data.prefix(4096)
        if isArchive(head) {
            if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
                throw refuse(file, "a binary Excel 97–2003 workbook (.xls); save it as .xlsx or XML Spreadsheet 2003")
            }
            let archive = try ZipArchive(data: data, file: file)
            if archive.entries["mimetype"] != nil {
                let mimetype = String(decoding: try archive.contents("mimetype"), as: UTF8.self)
                throw refuse(file, "a zipped OpenDocument file (\(mimetype)); save it as flat OpenDocument (.fods) or .xlsx")
            }
            guard archive.entries["xl/workbook.xml"] != nil || archive.entries["[Content_Types].xml"] != nil else {
                throw refuse(file, "a ZIP archive, but not an .xlsx workbook (no workbook part)")
            }
            return .xlsx
        }
        return try detectXML(head: head, file: file, source: MemoryByteSource(data))
    }

    /// A ZIP archive or an OLE2 compound file: not XML text.
    private static func isArchive(_ head: Data) -> Bool {
        let start = [UInt8](head.prefix(8))
        return start.starts(with: [0x50, 0x4B, 0x03, 0x04]) || start.starts(with: [0x50, 0x4B, 0x05, 0x06])
            || start.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    }

    /// The XML format of a file that is not an archive, from its first bytes (`head`) and the
    /// root element read from `source`; anything else is named in the error.
    private static func detectXML(head: Data, file: String, source: @autoclosure () throws(DiagnosticsError) -> ByteSource) throws(DiagnosticsError) -> Format {
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw refuse(file, "a binary Excel 97–2003 workbook (.xls); save it as .xlsx or XML Spreadsheet 2003")
        }
        var bytes = head.prefix(4096)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw refuse(file, "empty: expected a spreadsheet")
        }
        guard first == UInt8(ascii: "<") else {
            throw refuse(file, "not a spreadsheet: it reads as plain text or CSV; an ETOS must be .xlsx, .fods or XML Spreadsheet 2003")
        }
        let stream = try XMLStream(source: source(), file: file)
        while try stream.next() {
            guard stream.nodeType == XMLStream.NodeType.element else { continue }
            if stream.localName == "document", stream.namespaceURI == FODSReader.office { return .fods }
            return .spreadsheetML
        }
        throw refuse(file, "holds no XML element: expected a spreadsheet")
    }

    private static func refuse(_ file: String, _ what: String) -> DiagnosticsError {
        DiagnosticsError([Diagnostic(.error, "\(file) is \(what)", at: SourceLocation(file: file, line: 1, column: 1))])
    }
}
