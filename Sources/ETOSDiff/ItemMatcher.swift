import ETOSModel

/// Pairs the items of two spec versions: by Data Dictionary element, then by UID, then by
/// name similarity (at least ``threshold``), each pair with the reason it was made. The
/// result does not depend on which spec is called old: ties break on the pair's UIDs.
enum ItemMatcher {
    static let threshold = 0.6

    static func match(old: [DataItem], new: [DataItem]) -> [ChangeSpecification.ItemMatch] {
        var matches: [ChangeSpecification.ItemMatch] = []
        var freeOld = old
        var freeNew = new
        func take(_ a: DataItem, _ b: DataItem, _ reason: String, byNameOnly: Bool = false) {
            matches.append(.init(old: a.uid, new: b.uid, reason: reason, byNameOnly: byNameOnly))
            freeOld.removeAll { $0.uid == a.uid }
            freeNew.removeAll { $0.uid == b.uid }
        }
        for a in old {
            guard let element = a.dataDictionaryElement?.uppercased() else { continue }
            let candidates = freeNew.filter { $0.dataDictionaryElement?.uppercased() == element }
            let sameInOld = old.filter { $0.dataDictionaryElement?.uppercased() == element }
            if candidates.count == 1, sameInOld.count == 1 { take(a, candidates[0], "same Data Dictionary element \(element)") }
        }
        for a in freeOld {
            if let b = freeNew.first(where: { $0.uid == a.uid }) { take(a, b, "same UID \(a.uid)") }
        }
        var scored: [(score: Double, a: DataItem, b: DataItem)] = []
        for a in freeOld {
            for b in freeNew {
                let score = similarity(a.name, b.name)
                if score >= threshold { scored.append((score, a, b)) }
            }
        }
        scored.sort { lhs, rhs in
            if lhs.score != rhs.score { return lhs.score > rhs.score }
            let l = [lhs.a.uid, lhs.b.uid].sorted(), r = [rhs.a.uid, rhs.b.uid].sorted()
            return l.lexicographicallyPrecedes(r)
        }
        for (score, a, b) in scored where freeOld.contains(where: { $0.uid == a.uid }) && freeNew.contains(where: { $0.uid == b.uid }) {
            let confidence = score < 0.8 ? ", low confidence: no shared Data Dictionary element or UID" : ""
            take(a, b, "similar name (\(Int((score * 100).rounded()))%\(confidence))", byNameOnly: true)
        }
        return matches.sorted { $0.new < $1.new }
    }

    /// Dice coefficient of the names' letter pairs, ignoring case, spaces and punctuation.
    static func similarity(_ a: String, _ b: String) -> Double {
        func pairs(_ text: String) -> [String: Int] {
            let letters = Array(text.uppercased().filter { $0.isLetter || $0.isNumber })
            var counts: [String: Int] = [:]
            if letters.count > 1 {
                for index in 0..<(letters.count - 1) { counts[String(letters[index...index + 1]), default: 0] += 1 }
            }
            return counts
        }
        let x = pairs(a), y = pairs(b)
        let total = x.values.reduce(0, +) + y.values.reduce(0, +)
        guard total > 0 else { return a == b ? 1 : 0 }
        let shared = x.reduce(0) { $0 + min($1.value, y[$1.key] ?? 0) }
        return Double(2 * shared) / Double(total)
    }
}
