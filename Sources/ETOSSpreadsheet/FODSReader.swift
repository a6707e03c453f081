import ETOSModel
import Foundation

/// Reads flat OpenDocument spreadsheets (`.fods`, as LibreOffice saves them) into a
/// ``Workbook``: tables, rows and cells with their repeats and spans, typed values,
/// paragraphs as lines, `text:s` spaces, line breaks, spans, and annotations as comments.
enum FODSReader {
    static let office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    static let table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    static let text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

    /// Repeats of a non-empty row or cell materialised at most; the rest are skipped
    /// (LibreOffice repeats empty cells to the sheet's end: 16,384 columns, 1,048,576 rows).
    static let repeatCap = 1_024

    static func read(stream: XMLStream) throws(DiagnosticsError) -> Workbook {
        var collector = WorkbookCollector()
        try read(stream: stream, into: &collector)
        return collector.workbook(file: stream.file)
    }

    /// Reads a document, handing each table and row to `consumer` as it ends.
    static func read(stream: XMLStream, into consumer: inout some WorkbookConsumer) throws(DiagnosticsError) {
        var parser = FODSParser(stream: stream)
        try parser.parse(into: &consumer)
    }
}

private struct FODSParser {
    let stream: XMLStream
    var sheetCount = 0
    var sheet: (name: String, location: SourceLocation)?
    var rowIndex = 1
    var row: (repeats: Int, location: SourceLocation, cells: [Cell])?
    var columnIndex = 1
    var cell: PendingCell?
    var paragraphs = 0
    var annotationDepth: Int?
    var annotationParagraphs = 0

    struct PendingCell {
        var column: Int
        var repeats: Int
        var across: Int
        var down: Int
        var type: Cell.DataType
        var typedValue: String?
        var text = ""
        var comment: String?
        var formula: String?
        var location: SourceLocation
    }

    init(stream: XMLStream) {
        self.stream = stream
    }

    mutating func parse(into consumer: inout some WorkbookConsumer) throws(DiagnosticsError) {
        var sawRoot = false
        while try stream.next() {
            switch stream.nodeType {
            case XMLStream.NodeType.element:
                if !sawRoot {
                    sawRoot = true
                    guard stream.localName == "document", stream.namespaceURI == FODSReader.office else {
                        throw stream.error("\(stream.file) is not a flat OpenDocument spreadsheet: it is \(ForeignDocument.describe(root: stream.localName, namespace: stream.namespaceURI ?? ""))")
                    }
                    continue
                }
                try start(&consumer)
            case XMLStream.NodeType.endElement:
                end(&consumer)
            default:
                if stream.isText, let value = stream.value { appendText(value) }
            }
        }
    }

    private func attribute(_ name: String, _ namespace: String) -> String? {
        stream.attribute(name, namespace: namespace)
    }

    private func count(_ name: String, _ namespace: String = FODSReader.table) throws(DiagnosticsError) -> Int {
        guard let text = attribute(name, namespace) else { return 1 }
        guard let value = Int(text), value >= 1 else { throw stream.error("\(name)=\"\(text)\" is not a positive count") }
        return value
    }

    private mutating func start(_ consumer: inout some WorkbookConsumer) throws(DiagnosticsError) {
        let name = stream.localName
        let namespace = stream.namespaceURI
        let empty = stream.isEmptyElement
        if namespace == FODSReader.office, name == "annotation", cell != nil, !empty {
            annotationDepth = stream.depth
            annotationParagraphs = 0
            cell?.comment = ""
            return
        }
        if namespace == FODSReader.text {
            switch name {
            case "p", "h":
                if annotationDepth != nil {
                    if annotationParagraphs > 0 { cell?.comment?.append("\n") }
                    annotationParagraphs += 1
                } else if cell != nil {
                    if paragraphs > 0 { cell?.text.append("\n") }
                    paragraphs += 1
                }
            case "s":
                appendText(String(repeating: " ", count: (try? count("c", FODSReader.text)) ?? 1))
            case "line-break":
                appendText("\n")
            case "tab":
                appendText("\t")
            default:
                break
            }
            return
        }
        guard namespace == FODSReader.table else { return }
        switch name {
        case "table":
            sheetCount += 1
            sheet = (attribute("name", FODSReader.table) ?? "Sheet\(sheetCount)", stream.elementLocation())
            consumer.beginSheet(named: sheet!.name, at: sheet!.location)
            rowIndex = 1
            if empty { endTable(&consumer) }
        case "table-row":
            guard sheet != nil else { return }
            row = (try count("number-rows-repeated"), stream.elementLocation(), [])
            columnIndex = 1
            if empty { endRow(&consumer) }
        case "table-cell", "covered-table-cell":
            guard row != nil else { return }
            let location = stream.elementLocation()
            let repeats = try count("number-columns-repeated")
            let valueType = attribute("value-type", FODSReader.office)
            var type = Cell.DataType.string
            var typed: String?
            switch valueType {
            case "float", "percentage", "currency":
                type = .number
                typed = attribute("value", FODSReader.office)
            case "date":
                type = .dateTime
                typed = attribute("date-value", FODSReader.office)
            case "time":
                typed = attribute("time-value", FODSReader.office)
            case "boolean":
                type = .boolean
                typed = attribute("boolean-value", FODSReader.office).map { $0 == "true" ? "1" : "0" }
            default:
                typed = attribute("string-value", FODSReader.office)
            }
            cell = PendingCell(
                column: columnIndex, repeats: repeats,
                across: name == "covered-table-cell" ? 0 : max(0, (try count("number-columns-spanned")) - 1),
                down: name == "covered-table-cell" ? 0 : max(0, (try count("number-rows-spanned")) - 1),
                type: type, typedValue: typed, formula: attribute("formula", FODSReader.table), location: location
            )
            paragraphs = 0
            if empty { endCell() }
        default:
            break
        }
    }

    private mutating func appendText(_ text: String) {
        guard cell != nil else { return }
        if annotationDepth != nil {
            cell?.comment?.append(text)
        } else if paragraphs > 0 {
            cell?.text.append(text)
        }
    }

    private mutating func end(_ consumer: inout some WorkbookConsumer) {
        if let depth = annotationDepth {
            if stream.depth == depth { annotationDepth = nil }
            return
        }
        guard stream.namespaceURI == FODSReader.table else { return }
        switch stream.localName {
        case "table-cell", "covered-table-cell": endCell()
        case "table-row": endRow(&consumer)
        case "table": endTable(&consumer)
        default: break
        }
    }

    private mutating func endCell() {
        guard let pending = cell, row != nil, let sheetName = sheet?.name else { return }
        cell = nil
        columnIndex += pending.repeats
        let value = pending.typedValue ?? pending.text
        let copies = value.isEmpty && pending.comment == nil ? 0 : min(pending.repeats, FODSReader.repeatCap)
        for copy in 0..<copies {
            if let built = CellBuilder.make(
                row: rowIndex, column: pending.column + copy, value: value, type: pending.type, comment: pending.comment,
                formula: pending.formula, mergeAcross: pending.across, mergeDown: pending.down, location: pending.location, sheet: sheetName
            ) {
                row?.cells.append(built)
            }
        }
    }

    private mutating func endRow(_ consumer: inout some WorkbookConsumer) {
        guard let current = row else { return }
        row = nil
        defer { rowIndex += current.repeats }
        guard !current.cells.isEmpty else { return }
        for copy in 0..<min(current.repeats, FODSReader.repeatCap) {
            let cells = current.cells.map { cell -> Cell in
                var cell = cell
                cell.row = rowIndex + copy
                cell.location.cellReference = "\(columnLetters(cell.column))\(rowIndex + copy)"
                return cell
            }
            consumer.consume(Row(index: rowIndex + copy, cells: cells, location: current.location))
        }
    }

    private mutating func endTable(_ consumer: inout some WorkbookConsumer) {
        guard sheet != nil else { return }
        sheet = nil
        consumer.endSheet()
    }
}
