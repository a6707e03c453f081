/// A sheet name or column heading reduced to what matters for matching: case, dash
/// variants (`-`, `–`, `—`) and runs of white space are treated alike.
public struct HeadingName: Hashable, Sendable, CustomStringConvertible {
    public let key: String

    public init(_ text: String) {
        // Most headings and names are ASCII: fold them byte by byte.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            var pendingSpace = false
            for byte in text.utf8 {
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingSpace = !bytes.isEmpty
                } else if byte == UInt8(ascii: "-") {
                    pendingSpace = false
                    if bytes.last == 0x20 { bytes.removeLast() }
                    bytes.append(byte)
                } else {
                    if pendingSpace, bytes.last != UInt8(ascii: "-") { bytes.append(0x20) }
                    pendingSpace = false
                    bytes.append((0x41...0x5A).contains(byte) ? byte + 32 : byte)
                }
            }
            key = String(decoding: bytes, as: UTF8.self)
            return
        }
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

extension HeadingName {
    /// The candidate this heading most likely means, when it is a near miss: a name within a
    /// few edits of it, or one it shares a long start with (at least four letters). Each
    /// candidate is a canonical name and the names it goes by; nil when none is close.
    func closeMiss(among candidates: [(canonical: String, names: [HeadingName])]) -> String? {
        let text = Array(key.filter { $0.isLetter || $0.isNumber || $0 == " " })
        guard text.count >= 3 else { return nil }
        var best: (canonical: String, distance: Int)?
        for candidate in candidates {
            for name in candidate.names {
                let other = Array(name.key)
                let distance = editDistance(text, other)
                let shorter = min(text.count, other.count)
                let prefix = zip(text, other).prefix { $0 == $1 }.count
                let close = distance <= max(2, shorter / 3) || prefix >= max(4, shorter - 3)
                if close, best.map({ distance < $0.distance }) ?? true { best = (candidate.canonical, distance) }
            }
        }
        return best?.canonical
    }
}
