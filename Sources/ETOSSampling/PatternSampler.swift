/// Writes a string that a simple regular expression matches: literals, `[…]` classes with
/// ranges, `(…|…)` groups, alternation, `?`, `*`, `+` and `{m,n}`, anchors. Enough for the
/// code shapes ETOS rules state; nil for anything else.
struct PatternSampler {
    private indirect enum Node {
        case literal(Character)
        case set([Character])
        case sequence([Node])
        case alternatives([Node])
        case repeated(Node, Int, Int)
    }

    private let characters: [Character]
    private var index = 0

    private init(_ pattern: String) {
        characters = Array(pattern)
    }

    static func sample<G: RandomNumberGenerator>(_ pattern: String, using generator: inout G) -> String? {
        var parser = PatternSampler(pattern)
        guard let node = parser.alternatives(), parser.index == parser.characters.count else { return nil }
        var output = ""
        emit(node, &output, &generator)
        return output
    }

    private static func emit<G: RandomNumberGenerator>(_ node: Node, _ output: inout String, _ generator: inout G) {
        switch node {
        case .literal(let character): output.append(character)
        case .set(let characters): output.append(characters.randomElement(using: &generator)!)
        case .sequence(let nodes): nodes.forEach { emit($0, &output, &generator) }
        case .alternatives(let nodes): emit(nodes.randomElement(using: &generator)!, &output, &generator)
        case .repeated(let node, let min, let max):
            for _ in 0..<Int.random(in: min...max, using: &generator) { emit(node, &output, &generator) }
        }
    }

    private mutating func alternatives() -> Node? {
        var options: [Node] = []
        repeat {
            guard let sequence = sequence() else { return nil }
            options.append(sequence)
        } while consume("|")
        return options.count == 1 ? options[0] : .alternatives(options)
    }

    private mutating func sequence() -> Node? {
        var nodes: [Node] = []
        while index < characters.count, characters[index] != "|", characters[index] != ")" {
            guard var atom = atom() else { return nil }
            if consume("?") { atom = .repeated(atom, 0, 1) } else if consume("*") { atom = .repeated(atom, 0, 3) } else if consume("+") { atom = .repeated(atom, 1, 3) } else if consume("{") {
                guard let (min, max) = bounds() else { return nil }
                atom = .repeated(atom, min, max)
            }
            nodes.append(atom)
        }
        return .sequence(nodes)
    }

    private mutating func atom() -> Node? {
        let character = characters[index]
        index += 1
        switch character {
        case "^", "$": return .sequence([])
        case "(":
            _ = consume("?:")
            guard let inner = alternatives(), consume(")") else { return nil }
            return inner
        case "[":
            var members: [Character] = []
            while index < characters.count, characters[index] != "]" {
                let first = characters[index]
                if index + 2 < characters.count, characters[index + 1] == "-", characters[index + 2] != "]",
                   let low = first.unicodeScalars.first?.value, let high = characters[index + 2].unicodeScalars.first?.value, low <= high {
                    members += (low...high).compactMap { Unicode.Scalar($0).map(Character.init) }
                    index += 3
                } else {
                    members.append(first)
                    index += 1
                }
            }
            guard consume("]"), !members.isEmpty else { return nil }
            return .set(members)
        case "\\":
            guard index < characters.count else { return nil }
            let escaped = characters[index]
            index += 1
            if escaped == "d" { return .set(Array("0123456789")) }
            return .literal(escaped)
        case ".": return .set(Array("ABCDEFGHJKLMNPQRSTUVWXYZ"))
        default: return .literal(character)
        }
    }

    private mutating func bounds() -> (Int, Int)? {
        var text = ""
        while index < characters.count, characters[index] != "}" { text.append(characters[index]); index += 1 }
        guard consume("}") else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        switch parts.count {
        case 1: return parts[0].map { ($0, $0) }
        case 2: return parts[0].map { ($0, parts[1] ?? $0 + 3) }
        default: return nil
        }
    }

    private mutating func consume(_ text: String) -> Bool {
        let expected = Array(text)
        guard index + expected.count <= characters.count, Array(characters[index..<(index + expected.count)]) == expected else { return false }
        index += expected.count
        return true
    }
}

import Foundation
