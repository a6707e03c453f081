import CLibXML2
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
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw DiagnosticsError([Diagnostic(.error, "cannot read \(name): \(error.localizedDescription)")])
        }
        return try read(data: data, file: name)
    }

    /// Reads a workbook held in memory; `file` is what locations show.
    public static func read(data: Data, file: String) throws(DiagnosticsError) -> Workbook {
        guard data.count < Int(Int32.max) else {
            throw DiagnosticsError([Diagnostic(.error, "\(file) is larger than 2 GB, which the XML reader cannot take")])
        }
        let result: Result<Workbook, DiagnosticsError> = data.withUnsafeBytes { bytes in
            do throws(DiagnosticsError) {
                try XMLProlog.refuseDocumentType(in: bytes, file: file)
                var parser = try SpreadsheetMLParser(bytes: bytes, file: file)
                return .success(try parser.parse())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// Refuses every external entity or DTD libxml2 might try to load.
private let refuseExternalEntities: Void = {
    xmlSetExternalEntityLoader { _, _, _ in nil }
}()

/// Collects libxml2's errors instead of letting it print them.
private final class XMLErrorCollector {
    var first: (message: String, line: Int, column: Int)?

    func record(_ error: xmlErrorPtr) {
        guard first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
        first = (message.trimmingCharacters(in: .whitespacesAndNewlines), Int(error.pointee.line), Int(error.pointee.int2))
    }
}

/// libxml2 reader node types used here.
private enum NodeType {
    static let element: Int32 = 1
    static let text: Int32 = 3
    static let cdata: Int32 = 4
    static let entityReference: Int32 = 5
    static let documentType: Int32 = 10
    static let whitespace: Int32 = 13
    static let significantWhitespace: Int32 = 14
    static let endElement: Int32 = 15
}

/// One parse of one document: the state machine over reader events.
private struct SpreadsheetMLParser {
    let file: String
    let reader: xmlTextReaderPtr
    let errors = XMLErrorCollector()
    var locator: ElementLocator

    var sheets: [Worksheet] = []
    var sheet: (name: String, location: SourceLocation, rows: [Row])?
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

    init(bytes: UnsafeRawBufferPointer, file: String) throws(DiagnosticsError) {
        _ = refuseExternalEntities
        self.file = file
        self.locator = ElementLocator(bytes: bytes)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue)
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self),
              let reader = xmlReaderForMemory(base, Int32(bytes.count), file, nil, options) else {
            throw DiagnosticsError([Diagnostic(.error, "\(file) is empty: expected an XML Spreadsheet 2003 workbook", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            Unmanaged<XMLErrorCollector>.fromOpaque(context).takeUnretainedValue().record(error)
        }, Unmanaged.passUnretained(errors).toOpaque())
    }

    mutating func parse() throws(DiagnosticsError) -> Workbook {
        defer { xmlFreeTextReader(reader) }
        var sawRoot = false
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            if status < 0 || errors.first != nil { throw xmlFailure() }
            let type = xmlTextReaderNodeType(reader)
            switch type {
            case NodeType.documentType:
                throw DiagnosticsError([Diagnostic(.error, "document type declarations are refused", at: nodeLocation())])
            case NodeType.entityReference:
                throw DiagnosticsError([Diagnostic(.error, "entity references are refused", at: nodeLocation())])
            case NodeType.element:
                if !sawRoot {
                    sawRoot = true
                    try checkRoot()
                    continue
                }
                try startElement()
            case NodeType.endElement:
                endElement()
            case NodeType.text, NodeType.cdata, NodeType.whitespace, NodeType.significantWhitespace:
                appendText()
            default:
                break
            }
        }
        if errors.first != nil { throw xmlFailure() }
        guard sawRoot else {
            throw DiagnosticsError([Diagnostic(.error, "\(file) holds no XML element: expected an XML Spreadsheet 2003 workbook", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        return Workbook(file: file, sheets: sheets)
    }

    // MARK: Events

    private mutating func startElement() throws(DiagnosticsError) {
        let name = localName()
        let empty = xmlTextReaderIsEmptyElement(reader) == 1
        let inSpreadsheetNamespace = namespaceURI() == SpreadsheetMLReader.namespace
        if dataDepth != nil { return } // rich-text markup inside Data: only its text matters
        guard inSpreadsheetNamespace else { return }
        switch name {
        case "Worksheet":
            let location = elementLocation(name)
            let sheetName = attribute("Name") ?? "Sheet\(sheets.count + 1)"
            sheet = (sheetName, location, [])
            nextRowIndex = 1
            if empty { endWorksheet() }
        case "Row":
            guard sheet != nil else { return }
            let location = elementLocation(name)
            let index = try positiveIntAttribute("Index") ?? nextRowIndex
            let span = try positiveIntAttribute("Span", allowZero: true) ?? 0
            row = (index, location, [])
            nextRowIndex = index + span + 1
            nextColumn = 1
            if empty { endRow() }
        case "Cell":
            guard row != nil else { return }
            let location = elementLocation(name)
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
                    throw DiagnosticsError([Diagnostic(.error, "unknown cell data type '\(typeName)' (expected String, Number, DateTime, Boolean or Error)", at: nodeLocation())])
                }
                cell?.type = type
            }
            dataDepth = Int(xmlTextReaderDepth(reader))
        case "Comment":
            guard cell != nil, !empty else { return }
            commentDepth = Int(xmlTextReaderDepth(reader))
            if cell?.comment == nil { cell?.comment = "" }
        default:
            break
        }
    }

    private mutating func endElement() {
        let depth = Int(xmlTextReaderDepth(reader))
        if let dataDepth {
            if depth == dataDepth { self.dataDepth = nil }
            return
        }
        if let commentDepth, depth == commentDepth {
            self.commentDepth = nil
            return
        }
        guard namespaceURI() == SpreadsheetMLReader.namespace else { return }
        switch localName() {
        case "Cell": endCell()
        case "Row": endRow()
        case "Worksheet": endWorksheet()
        default: break
        }
    }

    private mutating func appendText() {
        guard dataDepth != nil, let pointer = xmlTextReaderConstValue(reader) else { return }
        let text = String(cString: pointer)
        if commentDepth != nil {
            cell?.comment?.append(text)
        } else {
            cell?.value.append(text)
        }
    }

    private mutating func endCell() {
        guard let pending = cell, let current = row, let sheetName = sheet?.name else { return }
        cell = nil
        let comment = pending.comment.map(normaliseLineBreaks)
        let value = normaliseLineBreaks(pending.value)
        guard !value.isEmpty || comment != nil || pending.mergeAcross > 0 || pending.mergeDown > 0 else { return }
        var location = pending.location
        location.sheet = sheetName
        location.cellReference = "\(columnLetters(pending.column))\(current.index)"
        row?.cells.append(Cell(
            row: current.index, column: pending.column, value: value, type: pending.type, comment: comment,
            formula: pending.formula, mergeAcross: pending.mergeAcross, mergeDown: pending.mergeDown, location: location
        ))
    }

    private mutating func endRow() {
        guard let current = row else { return }
        row = nil
        guard !current.cells.isEmpty else { return }
        sheet?.rows.append(Row(index: current.index, cells: current.cells.sorted { $0.column < $1.column }, location: current.location))
    }

    private mutating func endWorksheet() {
        guard let current = sheet else { return }
        sheet = nil
        let rows = current.rows.sorted { $0.index < $1.index }
        sheets.append(Worksheet(name: current.name, rows: rows, location: current.location))
    }

    // MARK: Root check

    private func checkRoot() throws(DiagnosticsError) {
        let name = localName()
        let namespace = namespaceURI() ?? ""
        if name == "Workbook", namespace == SpreadsheetMLReader.namespace { return }
        let what: String
        switch (name.lowercased(), namespace) {
        case ("workbook", _) where namespace.isEmpty:
            what = "a Workbook element without the SpreadsheetML namespace (\(SpreadsheetMLReader.namespace))"
        case ("worksheet", let ns) where ns.contains("openxmlformats") || ns.contains("purl.oclc.org/ooxml"),
             ("workbook", let ns) where ns.contains("openxmlformats") || ns.contains("purl.oclc.org/ooxml"),
             ("sst", let ns) where ns.contains("openxmlformats"):
            what = "a part of an .xlsx workbook (Office Open XML), not XML Spreadsheet 2003: pass the .xlsx export as 'XML Spreadsheet 2003' instead"
        case ("html", _):
            what = "an HTML page (a spreadsheet saved as HTML with an .xls name), not XML Spreadsheet 2003"
        case ("document", let ns) where ns.contains("opendocument"):
            what = "a flat OpenDocument file (.fods), not XML Spreadsheet 2003"
        default:
            what = "XML whose root is <\(name)>\(namespace.isEmpty ? "" : " in \(namespace)"), such as Excel's “XML Data” export; an ETOS must be saved as “XML Spreadsheet 2003” (root <Workbook> in \(SpreadsheetMLReader.namespace))"
        }
        throw DiagnosticsError([Diagnostic(.error, "\(file) is not SpreadsheetML: it is \(what)", at: nodeLocation())])
    }

    // MARK: Reader access

    private func localName() -> String {
        xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
    }

    private func namespaceURI() -> String? {
        xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) }
    }

    /// The value of the SpreadsheetML attribute `name` (`ss:Name`, or unprefixed, as LibreOffice and hand-written files have it).
    private func attribute(_ name: String) -> String? {
        var found: String?
        guard xmlTextReaderHasAttributes(reader) == 1 else { return nil }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            guard localName() == name else { continue }
            let namespace = namespaceURI()
            if namespace == SpreadsheetMLReader.namespace || namespace == nil {
                found = xmlTextReaderConstValue(reader).map { String(cString: $0) }
                if namespace != nil { break }
            }
        }
        xmlTextReaderMoveToElement(reader)
        return found
    }

    private func positiveIntAttribute(_ name: String, allowZero: Bool = false) throws(DiagnosticsError) -> Int? {
        guard let text = attribute(name) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= (allowZero ? 0 : 1), value <= 1_048_576 else {
            throw DiagnosticsError([Diagnostic(.error, "ss:\(name)=\"\(text)\" is not a valid \(allowZero ? "count" : "1-based index")", at: nodeLocation())])
        }
        return value
    }

    private func nodeLine() -> Int {
        guard let node = xmlTextReaderCurrentNode(reader) else { return Int(xmlTextReaderGetParserLineNumber(reader)) }
        return Int(xmlGetLineNo(node))
    }

    private func nodeLocation() -> SourceLocation {
        SourceLocation(file: file, line: max(nodeLine(), 1), column: max(Int(xmlTextReaderGetParserColumnNumber(reader)), 1))
    }

    private mutating func elementLocation(_ name: String) -> SourceLocation {
        let position = locator.locate(localName: name, expectedLine: nodeLine())
        return SourceLocation(file: file, line: position.line, column: position.column)
    }

    private func xmlFailure() -> DiagnosticsError {
        let error = errors.first
        let line = error.map { $0.line } ?? Int(xmlTextReaderGetParserLineNumber(reader))
        let column = error.map { $0.column } ?? Int(xmlTextReaderGetParserColumnNumber(reader))
        let message = error?.message ?? "malformed XML"
        return DiagnosticsError([Diagnostic(.error, "malformed XML: \(message)", at: SourceLocation(file: file, line: max(line, 1), column: max(column, 1)))])
    }
}

/// `\r\n` and lone `\r` become `\n`.
private func normaliseLineBreaks(_ text: String) -> String {
    guard text.contains("\r") else { return text }
    return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
}
