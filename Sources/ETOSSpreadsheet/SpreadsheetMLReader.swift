import ETOSModel
import Foundation

/// Reads "XML Spreadsheet 2003" (SpreadsheetML) files, as Excel and LibreOffice write them,
/// into a ``Workbook`` of located cells.
///
/// Streaming (libxml2's `xmlTextReader`, never a DOM) and safe by construction: no network,
/// no DTD, no external or internal entities.
public enum SpreadsheetMLReader {
    /// The SpreadsheetML namespace.
    public static let namespace = "urn:schemas-microsoft-com:office:spreadsheet"

    /// Reads the file at `path`; `displayName` is what locations show (default: `path`).
    public static func read(contentsOf path: String, displayName: String? = nil) throws(DiagnosticsError) -> Workbook {
        let name = displayName ?? path
        return try read(source: FileByteSource(path: path, displayName: name), file: name)
    }

    /// Reads a workbook held in memory; `file` is what locations show.
    public static func read(data: Data, file: String) throws(DiagnosticsError) -> Workbook {
        try read(source: MemoryByteSource(data), file: file)
    }

    static func read(source: ByteSource, file: String) throws(DiagnosticsError) -> Workbook {
        var collector = WorkbookCollector()
        try read(source: source, file: file, into: &collector)
        return collector.workbook(file: file)
    }

    /// Reads a document, handing each sheet and row to `consumer` as it ends.
    static func read(source: ByteSource, file: String, into consumer: inout some WorkbookConsumer) throws(DiagnosticsError) {
        var parser = SpreadsheetMLParser(stream: try XMLStream(source: source, file: file))
        try parser.parse(into: &consumer)
    }
}

/// One parse of one document: the state machine over reader events.
private struct SpreadsheetMLParser {
    let stream: XMLStream
    var sheetCount = 0
    var sheet: (name: String, location: SourceLocation)?
    var nextRowIndex = 1
    var row: (index: Int, location: SourceLocation, cells: [Cell])?
    var nextColumn = 1
    var cell: PendingCell?
    /// Depth of the `Data` element whose text is being collected, if any.
    var dataDepth: Int?
    /// Depth of the `Comment` element being read, if any.
    var commentDepth: Int?

    struct PendingCell {
        var column: Int
        var type: Cell.DataType = .string
        var value = ""
        var comment: String?
        var formula: String?
        var mergeAcross = 0
        var mergeDown = 0
        var location: SourceLocation
    }

    init(stream: XMLStream) {
        self.stream = stream
    }

    private var file: String { stream.file }

    mutating func parse(into consumer: inout some WorkbookConsumer) throws(DiagnosticsError) {
        var sawRoot = false
        while try stream.next() {
            switch stream.nodeType {
            case XMLStream.NodeType.element:
                if !sawRoot {
                    sawRoot = true
                    try checkRoot()
                    continue
                }
                try startElement(&consumer)
            case XMLStream.NodeType.endElement:
                endElement(&consumer)
            default:
                if stream.isText { appendText() }
            }
        }
        guard sawRoot else {
            throw DiagnosticsError([Diagnostic(.error, "\(file) holds no XML element: expected an XML Spreadsheet 2003 workbook", at: SourceLocation(file: file, line: 1, column: 1))])
        }
    }

    // MARK: Events

    private mutating func startElement(_ consumer: inout some WorkbookConsumer) throws(DiagnosticsError) {
        let name = stream.localName
        let empty = stream.isEmptyElement
        if dataDepth != nil { return } // rich-text markup inside Data: only its text matters
        guard stream.namespaceURI == SpreadsheetMLReader.namespace else { return }
        switch name {
        case "Worksheet":
            let location = stream.elementLocation()
            sheetCount += 1
            sheet = (attribute("Name") ?? "Sheet\(sheetCount)", location)
            consumer.beginSheet(named: sheet!.name, at: location)
            nextRowIndex = 1
            if empty { endWorksheet(&consumer) }
        case "Row":
            guard sheet != nil else { return }
            let location = stream.elementLocation()
            let index = try positiveIntAttribute("Index") ?? nextRowIndex
            let span = try positiveIntAttribute("Span", allowZero: true) ?? 0
            row = (index, location, [])
            nextRowIndex = index + span + 1
            nextColumn = 1
            if empty { endRow(&consumer) }
        case "Cell":
            guard row != nil else { return }
            let location = stream.elementLocation()
            let column = try positiveIntAttribute("Index") ?? nextColumn
            var pending = PendingCell(column: column, location: location)
            pending.mergeAcross = try positiveIntAttribute("MergeAcross", allowZero: true) ?? 0
            pending.mergeDown = try positiveIntAttribute("MergeDown", allowZero: true) ?? 0
            pending.formula = attribute("Formula")
            nextColumn = column + pending.mergeAcross + 1
            cell = pending
            if empty { endCell() }
        case "Data":
            guard cell != nil, !empty else { return }
            if commentDepth == nil, let typeName = attribute("Type") {
                guard let type = Cell.DataType(rawValue: typeName) else {
                    throw stream.error("unknown cell data type '\(typeName)' (expected String, Number, DateTime, Boolean or Error)")
                }
                cell?.type = type
            }
            dataDepth = stream.depth
        case "Comment":
            guard cell != nil, !empty else { return }
            commentDepth = stream.depth
            if cell?.comment == nil { cell?.comment = "" }
        default:
            break
        }
    }

    private mutating func endElement(_ consumer: inout some WorkbookConsumer) {
        let depth = stream.depth
        if let dataDepth {
            if depth == dataDepth { self.dataDepth = nil }
            return
        }
        if let commentDepth, depth == commentDepth {
            self.commentDepth = nil
            return
        }
        guard stream.namespaceURI == SpreadsheetMLReader.namespace else { return }
        switch stream.localName {
        case "Cell": endCell()
        case "Row": endRow(&consumer)
        case "Worksheet": endWorksheet(&consumer)
        default: break
        }
    }

    private mutating func appendText() {
        guard dataDepth != nil, let text = stream.value else { return }
        if commentDepth != nil {
            cell?.comment?.append(text)
        } else {
            cell?.value.append(text)
        }
    }

    private mutating func endCell() {
        guard let pending = cell, let current = row, let sheetName = sheet?.name else { return }
        cell = nil
        let cellBuilt = CellBuilder.make(
            row: current.index, column: pending.column, value: pending.value, type: pending.type, comment: pending.comment,
            formula: pending.formula, mergeAcross: pending.mergeAcross, mergeDown: pending.mergeDown, location: pending.location, sheet: sheetName
        )
        if let cellBuilt { row?.cells.append(cellBuilt) }
    }

    private mutating func endRow(_ consumer: inout some WorkbookConsumer) {
        guard let current = row else { return }
        row = nil
        guard !current.cells.isEmpty else { return }
        let cells = current.cells.count < 2 ? current.cells : current.cells.sorted { $0.column < $1.column }
        consumer.consume(Row(index: current.index, cells: cells, location: current.location))
    }

    private mutating func endWorksheet(_ consumer: inout some WorkbookConsumer) {
        guard sheet != nil else { return }
        sheet = nil
        consumer.endSheet()
    }

    // MARK: Root check

    private func checkRoot() throws(DiagnosticsError) {
        let name = stream.localName
        let namespace = stream.namespaceURI ?? ""
        if name == "Workbook", namespace == SpreadsheetMLReader.namespace { return }
        throw stream.error("\(file) is not SpreadsheetML: it is \(ForeignDocument.describe(root: name, namespace: namespace))")
    }

    /// The value of the SpreadsheetML attribute `name` (`ss:Name`, or unprefixed, as hand-written files have it).
    private func attribute(_ name: String) -> String? {
        stream.attribute(name, namespace: SpreadsheetMLReader.namespace, orUnqualified: true)
    }

    private func positiveIntAttribute(_ name: String, allowZero: Bool = false) throws(DiagnosticsError) -> Int? {
        guard let text = attribute(name) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= (allowZero ? 0 : 1), value <= 1_048_576 else {
            throw stream.error("ss:\(name)=\"\(text)\" is not a valid \(allowZero ? "count" : "1-based index")")
        }
        return value
    }
}
