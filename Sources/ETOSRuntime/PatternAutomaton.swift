/// A deterministic automaton for a regular expression in a plain subset (literals, bracket
/// classes with ranges, groups, `|`, `*` `+` `?` `{m}` `{m,}` `{m,n}`, `^` and `$`), deciding
/// whether a printable-ASCII value matches it whole in one table look-up per byte.
///
/// Built once per pattern: the expression is parsed, made into a Thompson automaton, and that
/// into a table by subset construction. ``init(_:)`` gives nil for anything outside the
/// subset, where Swift `Regex` (the reference semantics) could read the text differently
/// (escapes, `.`, set operations inside brackets, nested quantifiers, ...), and for
/// expressions whose table would grow past a bound; ``Pattern`` then uses `Regex`.
struct PatternAutomaton: Sendable {
    /// Printable ASCII, 0x20...0x7E: the only bytes the table covers.
    static let alphabet = 95
    private static let maximumStates = 2_000
    private static let maximumRepeat = 100
    /// Bounds on the parse (hostile specs): group nesting and the automaton's steps.
    private static let maximumDepth = 64
    private static let maximumSteps = 20_000

    /// `transitions[state * alphabet + byte - 0x20]`: the next state, or -1 (no match).
    private let transitions: [Int32]
    private let accepting: [Bool]

    /// True when `value`, every byte printable ASCII, matches whole.
    func wholeMatch(_ value: FieldBytes) -> Bool {
        var state = 0
        for index in 0..<value.count {
            // A state below the table's count and a printable byte: the index cannot overflow
            // (the array still checks it is in range).
            state = Int(transitions[state &* Self.alphabet &+ Int(value[index]) &- 0x20])
            if state < 0 { return false }
        }
        return accepting[state]
    }

    init?(_ source: String) {
        var parser = Parser(bytes: Array(source.utf8))
        guard let nfa = parser.parse() else { return nil }
        guard let (transitions, accepting) = Self.determinise(nfa) else { return nil }
        self.transitions = transitions
        self.accepting = accepting
    }

    // MARK: The Thompson automaton

    private enum Step {
        /// Consumes one byte of the set (a 128-bit mask over ASCII), then goes on.
        case byte(low: UInt64, high: UInt64, next: Int)
        case split(Int, Int)
        case jump(Int)
        case atStart(next: Int)
        case atEnd(next: Int)
        case match
    }

    private struct NFA {
        var steps: [Step] = []
        var start = 0
    }

    /// A fragment under construction: its entry and the steps whose exit is still open.
    private struct Fragment {
        var entry: Int
        var exits: [Int]
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0
        var depth = 0
        var nfa = NFA()

        mutating func parse() -> NFA? {
            guard let body = alternation(), position == bytes.count else { return nil }
            nfa.steps.append(.match)
            patch(body.exits, to: nfa.steps.count - 1)
            nfa.start = body.entry
            return nfa
        }

        private var next: UInt8? { position < bytes.count ? bytes[position] : nil }

        private mutating func alternation() -> Fragment? {
            guard var result = sequence() else { return nil }
            while next == UInt8(ascii: "|") {
                position += 1
                guard let other = sequence() else { return nil }
                nfa.steps.append(.split(result.entry, other.entry))
                result = Fragment(entry: nfa.steps.count - 1, exits: result.exits + other.exits)
            }
            return result
        }

        private mutating func sequence() -> Fragment? {
            var result = empty()
            while let byte = next, byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
                guard let piece = repeated() else { return nil }
                patch(result.exits, to: piece.entry)
                result.exits = piece.exits
            }
            return result
        }

        /// An atom and its quantifier, the atom copied as often as a count needs.
        private mutating func repeated() -> Fragment? {
            let atomStart = position
            // The atom is parsed once to find its end, then its steps are dropped and it is
            // parsed again for each copy the count needs (fragments cannot be shared).
            let stepsBefore = nfa.steps.count
            guard atom() != nil else { return nil }
            let atomEnd = position
            guard let (minimum, maximum) = quantifier() else { return nil }
            let anchor = bytes[atomStart] == UInt8(ascii: "^") || bytes[atomStart] == UInt8(ascii: "$")
            if anchor, minimum != 1 || maximum != 1 { return nil }  // `Regex` refuses quantified anchors
            if let byte = next, "*+?{".utf8.contains(byte) { return nil }  // nested quantifiers
            func copy() -> Fragment? {
                let saved = position
                position = atomStart
                defer { position = saved }
                let fragment = atom()
                return position == atomEnd && nfa.steps.count <= PatternAutomaton.maximumSteps ? fragment : nil
            }
            nfa.steps.removeLast(nfa.steps.count - stepsBefore)
            var result = empty()
            for _ in 0..<minimum {
                guard let part = copy() else { return nil }
                patch(result.exits, to: part.entry)
                result.exits = part.exits
            }
            if let maximum {
                for _ in minimum..<maximum {
                    guard let part = copy() else { return nil }
                    nfa.steps.append(.split(part.entry, -1))
                    let split = nfa.steps.count - 1
                    patch(result.exits, to: split)
                    result.exits = part.exits + [split]
                }
            } else {
                guard let part = copy() else { return nil }
                nfa.steps.append(.split(part.entry, -1))
                let split = nfa.steps.count - 1
                patch(result.exits, to: split)
                patch(part.exits, to: split)
                result.exits = [split]
            }
            return result
        }

        private mutating func atom() -> Fragment? {
            guard let byte = next else { return nil }
            position += 1
            switch byte {
            case UInt8(ascii: "("):
                depth += 1
                defer { depth -= 1 }
                guard depth <= PatternAutomaton.maximumDepth, let inner = alternation(), next == UInt8(ascii: ")") else { return nil }
                position += 1
                return inner
            case UInt8(ascii: "["):
                guard let (low, high) = bracket() else { return nil }
                return single(.byte(low: low, high: high, next: -1))
            case UInt8(ascii: "^"): return single(.atStart(next: -1))
            case UInt8(ascii: "$"): return single(.atEnd(next: -1))
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
                 UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "|"):
                return nil
            default:
                guard byte >= 0x20, byte < 0x7F, byte.isPlainLiteral else { return nil }
                let (low, high) = Self.mask(byte, byte)
                return single(.byte(low: low, high: high, next: -1))
            }
        }

        /// A bracket expression after its `[`: literals and ranges, `^` first to negate.
        private mutating func bracket() -> (UInt64, UInt64)? {
            var low: UInt64 = 0, high: UInt64 = 0
            let negated = next == UInt8(ascii: "^")
            if negated { position += 1 }
            var members = 0
            while let byte = next, byte != UInt8(ascii: "]") {
                // Swift Regex reads these as nested classes and set operations.
                guard byte != UInt8(ascii: "["), !(position + 1 < bytes.count && "&-~".utf8.contains(byte) && bytes[position + 1] == byte) else { return nil }
                guard byte >= 0x20, byte < 0x7F else { return nil }
                position += 1
                var last = byte
                if next == UInt8(ascii: "-"), position + 1 < bytes.count, bytes[position + 1] != UInt8(ascii: "]") {
                    last = bytes[position + 1]
                    guard last >= byte, last != UInt8(ascii: "["), last < 0x7F else { return nil }
                    position += 2
                }
                let (l, h) = Self.mask(byte, last)
                low |= l
                high |= h
                members += 1
            }
            guard next == UInt8(ascii: "]"), members > 0 else { return nil }
            position += 1
            if negated {
                let printable = Self.mask(0x20, 0x7E)
                return (~low & printable.0, ~high & printable.1)
            }
            return (low, high)
        }

        /// `*`, `+`, `?` or `{m}`, `{m,}`, `{m,n}` (none: exactly once); nil when malformed.
        private mutating func quantifier() -> (Int, Int?)? {
            switch next {
            case UInt8(ascii: "*"): position += 1; return (0, nil)
            case UInt8(ascii: "+"): position += 1; return (1, nil)
            case UInt8(ascii: "?"): position += 1; return (0, 1)
            case UInt8(ascii: "{"):
                position += 1
                guard let minimum = number() else { return nil }
                var maximum: Int? = minimum
                if next == UInt8(ascii: ",") {
                    position += 1
                    maximum = next == UInt8(ascii: "}") ? nil : number()
                    if maximum == nil, next != UInt8(ascii: "}") { return nil }
                }
                guard next == UInt8(ascii: "}"), maximum.map({ $0 >= minimum }) ?? true,
                      max(minimum, maximum ?? 0) <= PatternAutomaton.maximumRepeat else { return nil }
                position += 1
                return (minimum, maximum)
            default: return (1, 1)
            }
        }

        private mutating func number() -> Int? {
            var value: Int?
            while let byte = next, byte &- UInt8(ascii: "0") <= 9, (value ?? 0) <= PatternAutomaton.maximumRepeat {
                value = (value ?? 0) * 10 + Int(byte - UInt8(ascii: "0"))
                position += 1
            }
            return value
        }

        private mutating func single(_ step: Step) -> Fragment {
            nfa.steps.append(step)
            return Fragment(entry: nfa.steps.count - 1, exits: [nfa.steps.count - 1])
        }

        /// A fragment matching the empty string (a jump whose target is patched later).
        private mutating func empty() -> Fragment {
            single(.jump(-1))
        }

        private mutating func patch(_ exits: [Int], to target: Int) {
            for exit in exits {
                switch nfa.steps[exit] {
                case .byte(let low, let high, _): nfa.steps[exit] = .byte(low: low, high: high, next: target)
                case .split(let a, let b): nfa.steps[exit] = a < 0 ? .split(target, b) : .split(a, target)
                case .jump: nfa.steps[exit] = .jump(target)
                case .atStart: nfa.steps[exit] = .atStart(next: target)
                case .atEnd: nfa.steps[exit] = .atEnd(next: target)
                case .match: break
                }
            }
        }

        static func mask(_ first: UInt8, _ last: UInt8) -> (UInt64, UInt64) {
            var low: UInt64 = 0, high: UInt64 = 0
            for byte in first...last {
                if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
            }
            return (low, high)
        }
    }

    // MARK: Subset construction

    /// The steps reachable from `states` without consuming a byte; `^` passes only at the
    /// start, `$` only at the end.
    private static func closure(_ states: [Int], _ nfa: NFA, atStart: Bool, atEnd: Bool) -> [Int] {
        var seen = Set<Int>()
        var stack = states
        while let state = stack.popLast() {
            guard state >= 0, seen.insert(state).inserted else { continue }
            switch nfa.steps[state] {
            case .split(let a, let b): stack.append(a); stack.append(b)
            case .jump(let next): stack.append(next)
            case .atStart(let next): if atStart { stack.append(next) }
            case .atEnd(let next): if atEnd { stack.append(next) }
            case .byte, .match: break
            }
        }
        return seen.sorted()
    }

    private static func determinise(_ nfa: NFA) -> ([Int32], [Bool])? {
        // A state is a set of steps; the first state also remembers it is at the start.
        struct Key: Hashable { let steps: [Int]; let initial: Bool }
        let first = Key(steps: closure([nfa.start], nfa, atStart: true, atEnd: false), initial: true)
        var index: [Key: Int] = [first: 0]
        var keys = [first]
        var transitions: [Int32] = []
        var accepting: [Bool] = []
        var current = 0
        while current < keys.count {
            let key = keys[current]
            let final = closure(key.steps, nfa, atStart: key.initial, atEnd: true)
            accepting.append(final.contains { if case .match = nfa.steps[$0] { true } else { false } })
            for byte in UInt8(0x20)...UInt8(0x7E) {
                var targets: [Int] = []
                for state in key.steps {
                    if case .byte(let low, let high, let next) = nfa.steps[state],
                       (byte < 64 ? low >> UInt64(byte) : high >> UInt64(byte - 64)) & 1 == 1 {
                        targets.append(next)
                    }
                }
                guard !targets.isEmpty else {
                    transitions.append(-1)
                    continue
                }
                let target = Key(steps: closure(targets, nfa, atStart: false, atEnd: false), initial: false)
                if let known = index[target] {
                    transitions.append(Int32(known))
                } else {
                    guard keys.count < maximumStates else { return nil }
                    index[target] = keys.count
                    transitions.append(Int32(keys.count))
                    keys.append(target)
                }
            }
            current += 1
        }
        return (transitions, accepting)
    }
}

private extension UInt8 {
    /// Letters, digits and the punctuation that means itself in both Swift `Regex` and POSIX.
    var isPlainLiteral: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: " _:/@#&=<>%~!',-".utf8.contains(self)
        }
    }
}
