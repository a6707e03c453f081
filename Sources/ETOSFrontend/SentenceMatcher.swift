import ETOSModel

/// Matches rule sentences against patterns such as `must be on or before <operand>`.
///
/// Literal words match case-insensitively with white space folded; slots match items (by
/// name or UID, longest first), numbers, units, dates, operands, code lists and free text,
/// backtracking where a slot could end in more than one place.
struct SentenceMatcher: Sendable {
    /// What a slot captured.
    enum Capture: Hashable {
        case item(String)
        case items([String])
        case number(Int)
        case unit(CalendarUnit)
        case date(String)
        case operand(RuleExpression.Operand)
        case codes([String])
        case text(String)
    }

    enum Segment: Hashable {
        case literal([Character])
        /// A slot's name and its kind: the name's letters (`item2` is an `item`).
        case slot(String, kind: String)
    }

    /// A sentence prepared once for matching against every form: its characters, their lower
    /// case, which are letters or digits, and the items found at each position so far.
    final class Sentence {
        /// Original case, white space folded.
        let characters: [Character]
        let lowered: [Character]
        /// Whether each character is a letter or digit (word boundaries lie between these and others).
        let isWordCharacter: [Bool]
        fileprivate var itemsAt: [Int: [(end: Int, uid: String)]] = [:]

        init(_ normalised: String) {
            characters = Array(normalised)
            lowered = characters.map { character in
                guard let ascii = character.asciiValue else { return Character(character.lowercased()) }
                return (65...90).contains(ascii) ? Character(UnicodeScalar(ascii + 32)) : character
            }
            isWordCharacter = lowered.map { character in
                guard let ascii = character.asciiValue else { return character.isLetter || character.isNumber }
                return (97...122).contains(ascii) || (48...57).contains(ascii)
            }
        }

        var count: Int { characters.count }
    }

    /// The items a sentence may name: normalised name or UID → UID.
    let itemKeys: [String: String]
    /// The longest name, in characters.
    let longestKey: Int
    /// Whether some name or UID has this many characters: only those spans are looked up.
    let isKeyLength: [Bool]

    /// Items of another table, as an operand names them ("referral received date of the
    /// linked referral record", lower case) → UID.
    let linkedKeys: [(phrase: [Character], uid: String)]

    init(items: [DataItem], linked: [(table: String, item: DataItem)] = []) {
        linkedKeys = linked.flatMap { table, item in
            [item.name, item.uid].map { (Array(Self.fold("\($0) of the linked \(table) record")), item.uid) }
        }
        var keys: [String: String] = [:]
        for item in items {
            keys[Self.fold(item.name)] = keys[Self.fold(item.name)] ?? item.uid
            keys[Self.fold(item.uid)] = keys[Self.fold(item.uid)] ?? item.uid
        }
        itemKeys = keys
        longestKey = keys.keys.map(\.count).max() ?? 0
        var lengths = [Bool](repeating: false, count: longestKey + 1)
        for key in keys.keys { lengths[key.count] = true }
        isKeyLength = lengths
    }

    /// White space folded to single spaces, trimmed, a final full stop dropped.
    static func normalise(_ text: String) -> String {
        var folded = text.utf8.allSatisfy { $0 < 0x80 } ? foldASCIIWhiteSpace(text) : text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while folded.hasSuffix(".") { folded.removeLast() }
        return folded
    }

    /// ASCII text with runs of white space as single spaces, trimmed (the same result as
    /// splitting on `isWhitespace`, without a Unicode property look-up per character).
    private static func foldASCIIWhiteSpace(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !bytes.isEmpty
            } else {
                if pendingSpace { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``normalise(_:)`` in lower case: how item names are compared.
    static func fold(_ text: String) -> String { normalise(text).lowercased() }

    static func segments(_ pattern: String) -> [Segment] {
        var segments: [Segment] = []
        var literal = ""
        var slot: String?
        for character in pattern {
            if character == "<" {
                if !literal.isEmpty { segments.append(.literal(Array(literal))) }
                literal = ""
                slot = ""
            } else if character == ">", let name = slot {
                segments.append(.slot(name, kind: name.filter(\.isLetter)))
                slot = nil
            } else if slot != nil {
                slot!.append(character)
            } else {
                literal.append(character)
            }
        }
        if !literal.isEmpty { segments.append(.literal(Array(literal))) }
        return segments
    }

    /// The captures when `sentence` (original case, folded white space) matches `segments`
    /// completely; `reached` records how far any attempt got (for error messages).
    /// `accept` can refuse a slot's capture (a condition or nested sentence that does not
    /// itself parse), so the matcher backtracks to the slot's next possible end.
    func match(_ segments: [Segment], _ sentence: Sentence, reached: inout (index: Int, slot: String?),
               accept: (String, Capture) -> Bool = { _, _ in true }) -> [String: Capture]? {
        let lowered = sentence.lowered
        var captures: [String: Capture] = [:]
        func attempt(_ segmentIndex: Int, _ position: Int) -> Bool {
            if position > reached.index || (position == reached.index && reached.slot == nil) {
                reached = (position, segmentIndex < segments.count ? slotName(segments[segmentIndex]) : nil)
            }
            guard segmentIndex < segments.count else { return position == sentence.count }
            switch segments[segmentIndex] {
            case .literal(let literal):
                guard position + literal.count <= lowered.count, lowered[position..<(position + literal.count)].elementsEqual(literal) else { return false }
                let end = position + literal.count
                if end < lowered.count, sentence.isWordCharacter[end], sentence.isWordCharacter[end - 1] { return false }
                return attempt(segmentIndex + 1, end)
            case .slot(let name, let kind):
                for (end, capture) in candidates(kind: kind, in: sentence, at: position, next: segmentIndex + 1 < segments.count ? segments[segmentIndex + 1] : nil) {
                    guard accept(name, capture) else { continue }
                    captures[name] = capture
                    if attempt(segmentIndex + 1, end) { return true }
                }
                captures[name] = nil
                return false
            }
        }
        return attempt(0, 0) ? captures : nil
    }

    private func slotName(_ segment: Segment) -> String? {
        if case .slot(let name, _) = segment { return name }
        return nil
    }

    /// Where a slot starting at `position` could end, with what it captures, most likely first.
    private func candidates(kind: String, in prepared: Sentence, at position: Int, next: Segment?) -> [(Int, Capture)] {
        let sentence = prepared.characters
        let lowered = prepared.lowered
        switch kind {
        case "item", "other", "target":
            return itemsAt(prepared, position).map { ($0.end, .item($0.uid)) }
        case "items":
            return itemLists(prepared, position).map { ($0.end, .items($0.uids)) }
        case "n", "m":
            let digits = lowered[position...].prefix(while: \.isNumber)
            // Six digits at most: lengths and amounts of days, months or years, kept small
            // enough that the runtime's calendar arithmetic on them cannot overflow.
            guard !digits.isEmpty, digits.count <= 6, let value = Int(String(digits)) else { return [] }
            return [(position + digits.count, .number(value))]
        case "unit":
            for (word, unit) in [("days", CalendarUnit.days), ("day", .days), ("months", .months), ("month", .months), ("years", .years), ("year", .years)] {
                let characters = Array(word)
                if lowered[position...].starts(with: characters) { return [(position + characters.count, .unit(unit))] }
            }
            return []
        case "date":
            return dateAt(sentence, position).map { [($0.end, .date($0.text))] } ?? []
        case "operand":
            var result: [(Int, Capture)] = []
            for (phrase, operand) in Self.contextOperands {
                let characters = Array(phrase)
                if lowered[position...].starts(with: characters) { result.append((position + characters.count, .operand(operand))) }
            }
            if let date = dateAt(sentence, position) { result.append((date.end, .operand(.date(iso: date.text)))) }
            for (phrase, uid) in linkedKeys where lowered[position...].starts(with: phrase) {
                let end = position + phrase.count
                if end == lowered.count || !prepared.isWordCharacter[end] { result.append((end, .operand(.item(uid: uid)))) }
            }
            result += itemsAt(prepared, position).map { ($0.end, .operand(.item(uid: $0.uid))) }
            return result
        case "codes":
            let rest = String(sentence[position...])
            let codes = rest
                .replacingOccurrences(of: ", or ", with: ",").replacingOccurrences(of: " or ", with: ",")
                .replacingOccurrences(of: ", and ", with: ",").replacingOccurrences(of: " and ", with: ",")
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !codes.isEmpty, codes.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else { return [] }
            return [(sentence.count, .codes(codes))]
        case "value":
            let token = sentence[position...].prefix { !$0.isWhitespace && $0 != "," }
            guard !token.isEmpty else { return [] }
            return [(position + token.count, .text(String(token)))]
        case "rest", "sentence":
            guard position < sentence.count else { return [] }
            return [(sentence.count, .text(String(sentence[position...])))]
        default: // free text (a name, a condition): every end where the next literal could start, longest first
            guard position < sentence.count else { return [] }
            var ends: [Int] = []
            if case .literal(let literal)? = next {
                var index = sentence.count - literal.count
                while index > position {
                    if lowered[index..<(index + literal.count)].elementsEqual(literal) { ends.append(index) }
                    index -= 1
                }
            } else {
                ends = [sentence.count]
            }
            return ends.map { ($0, .text(String(sentence[position..<$0]).trimmingCharacters(in: .whitespaces))) }
        }
    }

    static let contextOperands: [(String, RuleExpression.Operand)] = [
        ("the submission date", .submissionDate),
        ("the start of the submission month", .submissionMonthStart),
        ("the start of the reporting period", .reportingPeriodStart),
        ("the end of the reporting period", .reportingPeriodEnd),
    ]

    /// The items named at `position`, longest first: every word boundary within reach is
    /// looked up, so the cost grows with the sentence, not with the number of items. Found
    /// once per position and sentence, however many forms ask.
    private func itemsAt(_ sentence: Sentence, _ position: Int) -> [(end: Int, uid: String)] {
        if let known = sentence.itemsAt[position] { return known }
        let lowered = sentence.lowered
        var result: [(end: Int, uid: String)] = []
        if position < lowered.count {
            var end = min(lowered.count, position + longestKey)
            while end > position {
                let atBoundary = end == lowered.count || !sentence.isWordCharacter[end]
                if atBoundary, isKeyLength[end - position], let uid = itemKeys[String(lowered[position..<end])] { result.append((end, uid)) }
                end -= 1
            }
        }
        sentence.itemsAt[position] = result
        return result
    }

    /// Lists of two or more items joined by commas, "and" or "or"; longest first.
    private func itemLists(_ sentence: Sentence, _ position: Int) -> [(end: Int, uids: [String])] {
        let lowered = sentence.lowered
        var results: [(end: Int, uids: [String])] = []
        func extend(_ start: Int, _ uids: [String]) {
            for (end, uid) in itemsAt(sentence, start) {
                let list = uids + [uid]
                if list.count >= 2 { results.append((end, list)) }
                for separator in [", and ", ", or ", ", ", " and ", " or "] {
                    let characters = Array(separator)
                    if lowered[end...].starts(with: characters) { extend(end + characters.count, list) }
                }
            }
        }
        extend(position, [])
        return results.sorted { $0.end > $1.end }
    }

    private func dateAt(_ sentence: [Character], _ position: Int) -> (end: Int, text: String)? {
        guard position + 10 <= sentence.count else { return nil }
        let text = String(sentence[position..<(position + 10)])
        let shape = text.enumerated().allSatisfy { index, character in index == 4 || index == 7 ? character == "-" : character.isNumber }
        return shape ? (position + 10, text) : nil
    }
}
