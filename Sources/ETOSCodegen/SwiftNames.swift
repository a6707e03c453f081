import Foundation

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

    /// A runtime type as generated code names it: qualified by its module, so a generated
    /// type of the same name cannot capture it.
    static func runtime(_ type: String) -> String { "ETOSRuntime." + type }

    /// The longest code-list case name taken whole from a meaning, in words and characters.
    private static let wholeMeaningLimit = (words: 10, characters: 50)

    /// Words a name must not end with: a phrase cut before its object.
    private static let danglingWords: Set<String> = ["the", "a", "an", "as", "to", "of", "and", "or", "not", "for", "by", "with", "in", "on", "at", "from", "but", "nor"]

    /// A code-list case name from a code's meaning, in whole words: the whole meaning
    /// (`White - British` → `whiteBritish`) when it is short enough, else its first clause
    /// (`Yes - clinical evaluation passed to the referrer …` → `yes`), else a name from the
    /// code (``caseName(code:)``). Never a phrase cut mid-way.
    static func caseName(meaning: String, code: String) -> String {
        let whole = words(meaning)
        if !whole.isEmpty, whole.count <= wholeMeaningLimit.words {
            let name = memberName(meaning)
            if name.count <= wholeMeaningLimit.characters { return name }
        }
        let clause = firstClause(meaning)
        let clauseWords = words(clause)
        if let last = clauseWords.last, clauseWords.count < whole.count, clauseWords.count <= wholeMeaningLimit.words,
           !danglingWords.contains(last.lowercased()) {
            let name = memberName(clause)
            if name.count <= wholeMeaningLimit.characters { return name }
        }
        return caseName(code: code)
    }

    /// A case name from the code alone: `code01`, `codeY`.
    static func caseName(code: String) -> String {
        escape(sanitise("code" + words(code).map { $0.uppercased() == $0 ? $0 : capitalised($0) }.joined()))
    }

    /// The text before the first clause break (` - `, ` – `, `(`, `,`, `;`, `:`).
    private static func firstClause(_ text: String) -> String {
        var end = text.endIndex
        for separator in [" - ", " – ", "(", ",", ";", ":"] {
            if let range = text.range(of: separator), range.lowerBound < end { end = range.lowerBound }
        }
        return String(text[..<end])
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
