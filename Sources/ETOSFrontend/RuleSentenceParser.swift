import Foundation
import ETOSModel

/// Compiles rule sentences (the `Validation` column) into ``RuleExpression``s using the
/// table ``RuleSentenceForm/all``.
public struct RuleSentenceParser: Sendable {
    /// Why a sentence was not compiled.
    public enum Failure: Error, Equatable, Sendable {
        /// No form matches: what was understood, what was not, and the closest form.
        case notUnderstood(understood: String, rest: String, closest: RuleSentenceForm.Summary)
        /// The sentence names an item the spec does not have.
        case unknownItem(name: String, nearest: String?)
        /// A form matched but its content is wrong (an item without codes, a bad regex, …).
        case invalid(String)
    }

    let matcher: SentenceMatcher
    let lookup: SpecLookup
    let itemNames: [String]
    private static let formSegments = RuleSentenceForm.all.map { SentenceMatcher.segments($0.pattern) }
    private static let conditionSegments = ConditionForms.all.map { SentenceMatcher.segments($0.pattern) }

    public init(items: [DataItem], codeLists: [CodeList]) {
        self.init(items: items, codeLists: codeLists, linked: [], tables: nil)
    }

    /// A parser for one table's rules: `linked` are the parent table's items, which operands
    /// name as "<ITEM> of the linked <TABLE> record".
    init(items: [DataItem], codeLists: [CodeList], linked: [(table: String, item: DataItem)], tables: TableContext?) {
        matcher = SentenceMatcher(items: items, linked: linked)
        lookup = SpecLookup(items: Dictionary((items + linked.map(\.item)).map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first }),
                            codeLists: Set(codeLists.map(\.name)), tables: tables)
        itemNames = items.map(\.name)
    }

    /// The expression for `sentence`; `subject` is the rule's first item.
    public func parse(_ sentence: String, subject: String?) -> Result<RuleExpression, Failure> {
        do throws(FormError) {
            return .success(try parseSentence(sentence, subject: subject))
        } catch {
            return .failure(error.failure)
        }
    }

    /// `explain: false` (a trial parse whose error is dropped) throws without working out the
    /// closest form, which costs an edit distance per form.
    private func parseSentence(_ sentence: String, subject: String?, explain: Bool = true) throws(FormError) -> RuleExpression {
        let prepared = SentenceMatcher.Sentence(SentenceMatcher.normalise(sentence))
        let text = prepared.characters
        var best: (index: Int, slot: String?, forms: [Int]) = (-1, nil, [])
        for (index, segments) in Self.formSegments.enumerated() {
            var reached: (index: Int, slot: String?) = (0, nil)
            let accept: (String, SentenceMatcher.Capture) -> Bool = { slot, capture in
                guard case .text(let inner) = capture else { return true }
                switch slot {
                case "condition": return (try? parseCondition(inner)) != nil
                case "sentence": return (try? parseSentence(inner, subject: subject, explain: false)) != nil
                default: return true
                }
            }
            if let captures = matcher.match(segments, prepared, reached: &reached, accept: accept) {
                let context = FormContext(
                    captures: captures, subject: subject, spec: lookup,
                    parseSentence: { inner throws(FormError) in try parseSentence(inner, subject: subject) },
                    parseSentenceAbout: { item, inner throws(FormError) in try parseSentence(inner, subject: item) },
                    parseCondition: { inner throws(FormError) in try parseCondition(inner) }
                )
                return try RuleSentenceForm.all[index].build(context)
            }
            if reached.index > best.index { best = (reached.index, reached.slot, [index]) } else if reached.index == best.index { best.forms.append(index) }
        }
        guard explain else { throw FormError("sentence not understood") }
        throw failure(text, reachedIndex: max(best.index, 0), slot: best.slot, forms: best.forms)
    }

    private func parseCondition(_ text: String) throws(FormError) -> RuleExpression.Condition {
        let prepared = SentenceMatcher.Sentence(SentenceMatcher.normalise(text))
        let characters = prepared.characters
        var best: (index: Int, slot: String?) = (-1, nil)
        for (index, segments) in Self.conditionSegments.enumerated() {
            var reached: (index: Int, slot: String?) = (0, nil)
            guard let captures = matcher.match(segments, prepared, reached: &reached) else {
                if reached.index > best.index { best = (reached.index, reached.slot) }
                continue
            }
            if let negated = ConditionForms.predicateForms[index] {
                // "<ITEM> is [not] <rest>" where "Must [not] be <rest>" is a rule about the item.
                guard case .item(let uid)? = captures["item"], case .text(let rest)? = captures["rest"],
                      let rule = try? parseSentence((negated ? "must not be " : "must be ") + rest, subject: uid, explain: false) else { continue }
                return .satisfies(rule: rule)
            }
            if let condition = ConditionForms.all[index].build(captures) {
                return condition
            }
            if reached.index > best.index { best = (reached.index, reached.slot) }
        }
        if best.slot == "item" { throw Self.encode(.unknownItem(name: Self.leadingName(String(characters)), nearest: nearestItem(to: Self.leadingName(String(characters))))) }
        throw FormError("condition '\(text)' not understood: expected '<ITEM> is populated', '<ITEM> is <value>', '<ITEM> is one of <codes>' or '<ITEM> starts with <value>'")
    }

    /// `forms` are those that matched furthest (to `reachedIndex`); the closest is the one
    /// whose wording is nearest the sentence ("Must be a vaild date": 'must be a valid date').
    private func failure(_ text: [Character], reachedIndex: Int, slot: String?, forms: [Int]) -> FormError {
        let rest = String(text[reachedIndex...]).trimmingCharacters(in: .whitespaces)
        if let slot, ["item", "other", "target", "items", "operand"].contains(slot.filter(\.isLetter)), !rest.isEmpty {
            let name = Self.leadingName(rest)
            if !name.isEmpty, !SentenceMatcher.contextOperands.contains(where: { rest.lowercased().hasPrefix($0.0) }) {
                return Self.encode(.unknownItem(name: name, nearest: nearestItem(to: name)))
            }
        }
        let understood = String(text[..<reachedIndex]).trimmingCharacters(in: .whitespaces)
        return Self.encode(.notUnderstood(understood: understood, rest: rest, closest: RuleSentenceForm.all[Self.closestForm(to: text, reachedBy: reachedIndex == 0 ? [] : forms)].summary))
    }

    /// The form a sentence most likely meant: one whose wording (its pattern without slots) is
    /// a typo away from the whole sentence ("Must be a vaild date"); else, of the forms that
    /// matched furthest (all forms when none matched a word), the one whose wording is nearest.
    private static func closestForm(to text: [Character], reachedBy forms: [Int]) -> Int {
        let sentence = Array(String(text).lowercased())
        let scored = formWordings.indices.map { (form: $0, distance: editDistance(formWordings[$0], sentence)) }
        let nearest = { (candidates: [(form: Int, distance: Int)]) in candidates.min { ($0.distance, $0.form) < ($1.distance, $1.form) }?.form }
        if let typo = nearest(scored.filter { $0.distance <= max(2, sentence.count / 8) }) { return typo }
        let reached = Set(forms)
        return nearest(forms.isEmpty ? scored : scored.filter { reached.contains($0.form) }) ?? 0
    }

    /// Each form's pattern with its `<slots>` removed, lower case.
    private static let formWordings: [[Character]] = RuleSentenceForm.all.map { form in
        var wording: [Character] = []
        var inSlot = false
        for character in form.pattern.lowercased() {
            if character == "<" { inSlot = true } else if character == ">" { inSlot = false } else if !inSlot { wording.append(character) }
        }
        return wording
    }

    /// The capitalised words at the start of `text`: what an item name looks like.
    static func leadingName(_ text: String) -> String {
        var words: [Substring] = []
        for word in text.split(separator: " ") {
            guard word.contains(where: \.isLetter) || word.contains(where: \.isNumber), word == word.uppercased() else { break }
            words.append(word)
        }
        return words.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: ",."))
    }

    /// The item name closest to `name` by edit distance, if any is reasonably close.
    func nearestItem(to name: String) -> String? { nearestName(to: name, among: itemNames) }

    private static func encode(_ failure: Failure) -> FormError { FormError(failure) }
}

extension RuleSentenceForm {
    /// A form as an error message shows it.
    public struct Summary: Equatable, Sendable {
        public let pattern: String
        public let example: String
    }

    var summary: Summary { Summary(pattern: pattern, example: example) }
}

/// The one of `names` closest to `name` by edit distance (case ignored), if any is reasonably
/// close: what "did you mean" suggests for an unknown item or table.
func nearestName(to name: String, among names: [String]) -> String? {
    let target = Array(name.lowercased())
    let scored = names.map { ($0, editDistance(Array($0.lowercased()), target)) }
    guard let best = scored.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }), best.1 <= max(3, target.count / 2) else { return nil }
    return best.0
}

/// Levenshtein distance.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
