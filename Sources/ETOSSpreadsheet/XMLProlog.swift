import ETOSModel

/// Checks the bytes before the root element, so that no DTD ever reaches libxml2.
///
/// A document type declaration is how external entities and entity-expansion bombs get
/// in; SpreadsheetML never needs one, so any `<!DOCTYPE` is refused before parsing.
enum XMLProlog {
    /// Throws when the prolog holds a DOCTYPE. Returns true once the root element's start
    /// is in `bytes` (the prolog is clean), false when more bytes are needed to tell; with
    /// `complete` set, `bytes` is all there is.
    @discardableResult
    static func refuseDocumentType(in bytes: UnsafeRawBufferPointer, file: String, complete: Bool = true) throws(DiagnosticsError) -> Bool {
        var index = 0
        var line = 1
        var lineStart = 0
        let count = bytes.count
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }

        func startsWith(_ text: String, at offset: Int) -> Bool {
            var position = offset
            for byte in text.utf8 {
                guard position < count, bytes[position] == byte else { return false }
                position += 1
            }
            return true
        }

        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
                index += 1
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                index += 1
            } else if startsWith("<?", at: index) || startsWith("<!--", at: index) {
                let terminator = startsWith("<?", at: index) ? "?>" : "-->"
                index += 2
                while index < count, !startsWith(terminator, at: index) {
                    if index + terminator.utf8.count >= count, !complete { return false }
                    if bytes[index] == UInt8(ascii: "\n") {
                        line += 1
                        lineStart = index + 1
                    }
                    index += 1
                }
                index += terminator.utf8.count
            } else if !complete, count - index < 9 {
                return false
            } else if startsWith("<!DOCTYPE", at: index) || startsWith("<!doctype", at: index) {
                let location = SourceLocation(file: file, line: line, column: index - lineStart + 1)
                throw DiagnosticsError([Diagnostic(.error, "document type declarations (<!DOCTYPE>) are refused: they can load external entities or expand entities without bound, and a spreadsheet never needs one", at: location)])
            } else {
                return true
            }
        }
        return complete
    }
}
