/// Builds generated source text line by line with indentation.
struct SourceWriter {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ content: String = "") {
        if content.isEmpty {
            text += "\n"
        } else {
            text += String(repeating: "    ", count: depth) + content + "\n"
        }
    }

    /// A line with no indentation (compiler directives such as `#sourceLocation`).
    mutating func directive(_ content: String) {
        text += content + "\n"
    }

    /// `header {`, the body indented, `}`; `opened`: the header ends in its own `{` (a
    /// closure's `{ fields in`).
    mutating func block(_ header: String, opened: Bool = false, _ body: (inout SourceWriter) -> Void) {
        line(opened ? header : header + " {")
        depth += 1
        body(&self)
        depth -= 1
        line("}")
    }

    /// One `///` line per line of `text`.
    mutating func doc(_ text: String) {
        for part in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line(part.isEmpty ? "///" : "/// " + part)
        }
    }
}
