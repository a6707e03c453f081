/// Finds the exact line and column of the start tags the reader reports.
///
/// libxml2's reader gives exact line numbers but no column for a node, and its parser
/// position runs ahead of the node. Elements arrive in document order, so one cursor
/// moving forward through the same bytes finds each start tag in turn: linear overall.
/// The bytes arrive as the parser reads them (``feed(_:)``); those behind the cursor are
/// dropped, so memory stays bounded by the parser's read-ahead.
struct ElementLocator {
    private var window: [UInt8] = []
    /// Absolute offset of `window[0]`.
    private var windowStart = 0
    /// Absolute offset of the next byte to scan.
    private var cursor = 0
    private var line = 1
    /// Absolute offset of the current line's first byte.
    private var lineStart = 0

    /// Appends the next bytes of the document.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        let consumed = cursor - windowStart
        if consumed > 65_536, consumed * 2 > window.count {
            window.removeFirst(consumed)
            windowStart = cursor
        }
        window.append(contentsOf: bytes)
    }

    /// Line and column of the next start tag named `localName` (any prefix).
    ///
    /// `expectedLine` is libxml2's line for the element; the cursor never moves past it,
    /// so a look-alike inside a comment costs at most that element's column.
    mutating func locate(localName: String, expectedLine: Int) -> (line: Int, column: Int) {
        let name = Array(localName.utf8)
        let end = windowStart + window.count
        while cursor < end {
            let byte = window[cursor - windowStart]
            if byte == UInt8(ascii: "\n") {
                if line >= expectedLine { break }
                line += 1
                lineStart = cursor + 1
            } else if byte == UInt8(ascii: "<"), let nameEnd = matchTag(at: cursor, name: name) {
                let column = cursor - lineStart + 1
                cursor = nameEnd
                return (line, column)
            }
            cursor += 1
        }
        return (expectedLine, 1)
    }

    /// Where the tag name ends when `<prefix:name` or `<name` starts at `offset`.
    private func matchTag(at offset: Int, name: [UInt8]) -> Int? {
        var position = offset + 1
        let end = windowStart + window.count
        var nameStart = position
        while position < end {
            let byte = window[position - windowStart]
            if byte == UInt8(ascii: ":") {
                nameStart = position + 1
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
                        || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                break
            } else if byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") {
                return nil
            }
            position += 1
        }
        guard position - nameStart == name.count else { return nil }
        for index in 0..<name.count where window[nameStart + index - windowStart] != name[index] { return nil }
        return position
    }
}
