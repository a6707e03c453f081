/// A sheet name or column heading reduced to what matters for matching: case, dash
/// variants (`-`, `–`, `—`) and runs of white space are treated alike.
public struct HeadingName: Hashable, Sendable, CustomStringConvertible {
    public let key: String

    public init(_ text: String) {
        var result = ""
        var pendingSpace = false
        for character in text.lowercased() {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            let normalised: Character = "‐‑‒–—―−".contains(character) ? "-" : character
            if normalised == "-" {
                // Spacing around a dash does not matter: "A – B", "A-B" and "A - B" match.
                pendingSpace = false
                if result.last == " " { result.removeLast() }
                result.append("-")
                continue
            }
            if pendingSpace, result.last != "-" { result.append(" ") }
            pendingSpace = false
            result.append(normalised)
        }
        key = result
    }

    public var description: String { key }
}
