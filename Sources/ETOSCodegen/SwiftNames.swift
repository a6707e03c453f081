/// Swift identifiers derived from spec names, deterministic and collision-free.
public enum SwiftNames {
    private static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static", "struct",
        "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else", "fallthrough",
        "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as", "Any", "catch", "false", "is",
        "nil", "super", "self", "Self", "throw", "throws", "true", "try", "Type", "some", "any",
    ]

    /// Words of a name: runs of letters and digits; all-capital words are lowered.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text {
            if character.isASCII, character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { word in
            word == word.uppercased() ? word.lowercased() : word
        }
    }

    /// `Imaging Activity` → `ImagingActivity`; `NHS NUMBER` → `NhsNumber`.
    public static func typeName(_ text: String) -> String {
        let name = words(text).map(capitalised).joined()
        return sanitise(name.isEmpty ? "Unnamed" : name)
    }

    /// `NHS NUMBER` → `nhsNumber`.
    public static func memberName(_ text: String, maxWords: Int = .max) -> String {
        let parts = Array(words(text).prefix(maxWords))
        guard let first = parts.first else { return "unnamed" }
        let name = lowerFirst(first) + parts.dropFirst().map(capitalised).joined()
        return escape(sanitise(name))
    }

    /// A Swift string literal for `text`.
    public static func literal(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Text made safe for a `///` comment line (no line breaks).
    public static func comment(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    private static func capitalised(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }

    private static func lowerFirst(_ word: String) -> String {
        word.prefix(1).lowercased() + word.dropFirst()
    }

    private static func sanitise(_ name: String) -> String {
        guard let first = name.first, first.isNumber else { return name }
        return "_" + name
    }

    private static func escape(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }
}

/// Hands out unique names within one scope, in the order asked.
struct NameScope {
    private var used: Set<String>

    init(reserved: Set<String> = []) {
        used = reserved
    }

    /// `preferred`, or `preferred` + `suffix` (+ a number) when taken.
    mutating func claim(_ preferred: String, suffix: String) -> String {
        var candidate = preferred
        if used.contains(candidate) { candidate = preferred + suffix }
        var number = 2
        let base = candidate
        while used.contains(candidate) {
            candidate = base + String(number)
            number += 1
        }
        used.insert(candidate)
        return candidate
    }
}
