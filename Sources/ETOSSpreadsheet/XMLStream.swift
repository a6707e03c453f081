import CLibXML2
import ETOSModel
import Foundation

/// A safe, streaming libxml2 reader over a ``ByteSource``, with exact element locations.
///
/// The first bytes are held back until the prolog has been checked (no DOCTYPE), every
/// chunk the parser reads is also fed to an ``ElementLocator``, and libxml2's errors are
/// collected rather than printed. Network access, DTDs and entity loading are off.
final class XMLStream {
    /// libxml2 reader node types used here.
    enum NodeType {
        static let element: Int32 = 1
        static let text: Int32 = 3
        static let cdata: Int32 = 4
        static let entityReference: Int32 = 5
        static let documentType: Int32 = 10
        static let whitespace: Int32 = 13
        static let significantWhitespace: Int32 = 14
        static let endElement: Int32 = 15
    }

    /// The file as the user named it (`book.xlsx` for every part of an archive).
    let file: String
    /// The archive member being read (`sheet1.xml`), nil for a flat file.
    let part: String?
    /// The file, with its part if any, as messages name it (`book.xlsx[sheet1.xml]`).
    var shownName: String { part.map { "\(file)[\($0)]" } ?? file }
    private let source: ByteSource
    private var reader: xmlTextReaderPtr?
    private var locator = ElementLocator()
    private var heldBack: [UInt8] = []
    private var prologChecked = false
    private var firstError: (message: String, line: Int, column: Int)?
    private var sourceError: DiagnosticsError?

    init(source: ByteSource, file: String, part: String? = nil) throws(DiagnosticsError) {
        _ = refuseExternalEntities
        self.source = source
        self.file = file
        self.part = part
        try checkProlog()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue)
        let context = Unmanaged.passUnretained(self).toOpaque()
        reader = xmlReaderForIO({ context, buffer, length in
            guard let context, let buffer else { return -1 }
            return Unmanaged<XMLStream>.fromOpaque(context).takeUnretainedValue().fill(buffer, Int(length))
        }, nil, context, file, nil, options)
        guard let reader else {
            throw DiagnosticsError([Diagnostic(.error, "\(shownName): cannot start the XML reader", at: SourceLocation(file: file, line: 1, column: 1, part: part))])
        }
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            Unmanaged<XMLStream>.fromOpaque(context).takeUnretainedValue().record(error)
        }, context)
    }

    deinit {
        if let reader { xmlFreeTextReader(reader) }
    }

    /// Moves to the next node: true while there is one. Throws on malformed XML.
    func next() throws(DiagnosticsError) -> Bool {
        guard let reader else { return false }
        let status = xmlTextReaderRead(reader)
        if let sourceError { throw sourceError }
        if status < 0 || firstError != nil { throw failure() }
        if status == 0 { return false }
        switch nodeType {
        case NodeType.documentType: throw DiagnosticsError([Diagnostic(.error, "document type declarations are refused", at: nodeLocation())])
        case NodeType.entityReference: throw DiagnosticsError([Diagnostic(.error, "entity references are refused", at: nodeLocation())])
        default: return true
        }
    }

    var nodeType: Int32 { xmlTextReaderNodeType(reader) }
    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }
    var depth: Int { Int(xmlTextReaderDepth(reader)) }
    var localName: String { xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? "" }
    var namespaceURI: String? { xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) } }
    /// The text of a text node.
    var value: String? { xmlTextReaderConstValue(reader).map { String(cString: $0) } }
    var isText: Bool {
        [NodeType.text, NodeType.cdata, NodeType.whitespace, NodeType.significantWhitespace].contains(nodeType)
    }

    /// The value of the current element's attribute `name` in `namespace` (nil: no namespace),
    /// also accepted without a namespace when `orUnqualified` is set.
    func attribute(_ name: String, namespace: String?, orUnqualified: Bool = false) -> String? {
        guard let reader, xmlTextReaderHasAttributes(reader) == 1 else { return nil }
        var found: String?
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            guard localName == name else { continue }
            let attributeNamespace = namespaceURI
            if attributeNamespace == namespace || (orUnqualified && attributeNamespace == nil) {
                found = value
                if attributeNamespace == namespace { break }
            }
        }
        xmlTextReaderMoveToElement(reader)
        return found
    }

    /// The exact location of the current element (call once per element, in order).
    func elementLocation() -> SourceLocation {
        let position = locator.locate(localName: localName, expectedLine: nodeLine)
        return SourceLocation(file: file, line: position.line, column: position.column, part: part)
    }

    /// The location of the current node, as near as libxml2 gives it.
    func nodeLocation() -> SourceLocation {
        SourceLocation(file: file, line: max(nodeLine, 1), column: max(Int(xmlTextReaderGetParserColumnNumber(reader)), 1), part: part)
    }

    /// An error at the current node.
    func error(_ message: String) -> DiagnosticsError {
        DiagnosticsError([Diagnostic(.error, message, at: nodeLocation())])
    }

    private var nodeLine: Int {
        guard let node = xmlTextReaderCurrentNode(reader) else { return Int(xmlTextReaderGetParserLineNumber(reader)) }
        return Int(xmlGetLineNo(node))
    }

    // MARK: Input

    /// Reads ahead until the root element starts and refuses a DOCTYPE before libxml2 sees it.
    private func checkProlog() throws(DiagnosticsError) {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while !prologChecked {
            let read: Result<Int, DiagnosticsError> = chunk.withUnsafeMutableBytes { buffer in
                do throws(DiagnosticsError) { return .success(try source.read(into: buffer)) } catch { return .failure(error) }
            }
            let count = try read.get()
            heldBack.append(contentsOf: chunk[0..<count])
            let complete = count == 0 || heldBack.count >= 1_048_576
            let checked: Result<Bool, DiagnosticsError> = heldBack.withUnsafeBytes { bytes in
                do throws(DiagnosticsError) { return .success(try XMLProlog.refuseDocumentType(in: bytes, file: shownName, complete: complete)) } catch { return .failure(error) }
            }
            let ended = try checked.get()
            if ended || complete { prologChecked = true }
        }
        if heldBack.isEmpty {
            throw DiagnosticsError([Diagnostic(.error, "\(shownName) is empty: expected a spreadsheet", at: SourceLocation(file: file, line: 1, column: 1, part: part))])
        }
    }

    /// The read callback: held-back bytes first, then the source.
    private func fill(_ buffer: UnsafeMutablePointer<CChar>, _ length: Int) -> Int32 {
        let target = UnsafeMutableRawBufferPointer(start: buffer, count: length)
        var count = 0
        if !heldBack.isEmpty {
            count = min(length, heldBack.count)
            heldBack.withUnsafeBytes { target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            heldBack.removeFirst(count)
        } else {
            do {
                count = try source.read(into: target)
            } catch {
                sourceError = error
                return -1
            }
        }
        locator.feed(UnsafeRawBufferPointer(rebasing: target[0..<count]))
        return Int32(count)
    }

    private func record(_ error: xmlErrorPtr) {
        guard firstError == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
        firstError = (message.trimmingCharacters(in: .whitespacesAndNewlines), Int(error.pointee.line), Int(error.pointee.int2))
    }

    private func failure() -> DiagnosticsError {
        if let sourceError { return sourceError }
        let line = firstError?.line ?? Int(xmlTextReaderGetParserLineNumber(reader))
        let column = firstError?.column ?? Int(xmlTextReaderGetParserColumnNumber(reader))
        let message = firstError?.message ?? "malformed XML"
        return DiagnosticsError([Diagnostic(.error, "malformed XML: \(message)", at: SourceLocation(file: file, line: max(line, 1), column: max(column, 1), part: part))])
    }
}

/// Refuses every external entity or DTD libxml2 might try to load.
private let refuseExternalEntities: Void = {
    xmlSetExternalEntityLoader { _, _, _ in nil }
}()
