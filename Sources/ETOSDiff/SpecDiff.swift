import ETOSModel

/// Compares two compiled specs into a ``ChangeSpecification``.
public enum SpecDiff {
    typealias Change = ChangeSpecification.Change
    typealias Impact = ChangeSpecification.Impact

    public static func compare(old: Spec, new: Spec) -> ChangeSpecification {
        // A relational spec's items are matched table by table (an element repeated in
        // several tables is a different field in each).
        let tables = TableChanges.pairs(old: old, new: new)
        let matches = old.isRelational || new.isRelational
            ? tables.flatMap { pair in ItemMatcher.match(old: old.items.filter { $0.table == pair.old.name }, new: new.items.filter { $0.table == pair.new.name }) }
            : ItemMatcher.match(old: old.items, new: new.items)
        var changes: [Change] = TableChanges.changes(old: old, new: new, pairs: tables, matches: matches)
        let oldIndex = SpecIndex(old), newIndex = SpecIndex(new)
        let matchedOld = Set(matches.map(\.old)), matchedNew = Set(matches.map(\.new))
        func label(_ item: DataItem) -> String { "\(item.uid) \(item.name)" }

        // Items
        for item in old.items where !matchedOld.contains(item.uid) {
            changes.append(Change(kind: .itemRemoved, subject: label(item), detail: "field \(item.position) removed",
                                  submitter: .breaking("files must leave the field out: the field count changes"),
                                  consumer: .breaking("its property is gone from the generated record")))
        }
        for item in new.items where !matchedNew.contains(item.uid) {
            let mandatory = item.mandation == .mandatory
            changes.append(Change(kind: .itemAdded, subject: label(item), detail: "field \(item.position) added (\(item.mandation.code), \(item.format.text))",
                                  submitter: .breaking("files must carry the new field\(mandatory ? ", and it is mandatory" : ""): the field count changes"),
                                  consumer: .compatible("a new optional property with a default")))
        }
        let renamedGroups = groupRenames(old: old, new: new, matches: matches)
        for (before, after) in renamedGroups.sorted(by: { $0.key < $1.key }) {
            changes.append(Change(kind: .groupRenamed, subject: after, detail: "\(before) → \(after), all its items with it",
                                  submitter: .compatible("groups do not appear in the file"),
                                  consumer: sameIdentifier(before, after) ? .compatible("the generated names are unchanged")
                                                                          : .breaking("the generated group type and property are renamed")))
        }
        var oldToNew: [String: String] = [:]
        for match in matches {
            guard let a = oldIndex.item(uid: match.old), let b = newIndex.item(uid: match.new) else { continue }
            oldToNew[a.uid] = b.uid
            let subject = label(b)
            if a.name != b.name || a.uid != b.uid {
                changes.append(Change(kind: .itemRenamed, subject: subject, detail: "\(label(a)) → \(label(b)) (matched by \(match.reason))",
                                      submitter: renameImpact(a, b, byName: match.byNameOnly),
                                      consumer: sameIdentifier(a.name, b.name) ? .compatible("the generated property name is unchanged")
                                                                 : .breaking("the generated property is renamed")))
            }
            if a.group != b.group, renamedGroups[a.group] != b.group {
                changes.append(Change(kind: .itemMoved, subject: subject, detail: "group \(a.group) → \(b.group)",
                                      submitter: .compatible("groups do not appear in the file"),
                                      consumer: .breaking("the property moves to another group of the generated record")))
            }
            changes += formatChanges(a, b, subject: subject)
            if a.mandation != b.mandation {
                let nowMandatory = b.mandation == .mandatory, wasMandatory = a.mandation == .mandatory
                changes.append(Change(kind: .mandationChanged, subject: subject, detail: "\(a.mandation.code) → \(b.mandation.code)",
                                      submitter: nowMandatory ? .breaking("a blank value now rejects the record")
                                                              : .compatible(wasMandatory ? "a blank value no longer rejects the record" : "no check depends on it"),
                                      consumer: .compatible("properties are optional whatever the mandation")))
            }
        }
        if !old.isRelational, !new.isRelational, old.items.count != new.items.count {
            changes.append(Change(kind: .fieldCountChanged, subject: "record", detail: "\(old.items.count) → \(new.items.count) fields",
                                  submitter: .breaking("every record must have \(new.items.count) fields"),
                                  consumer: .compatible("records are built from named properties")))
        }
        if old.isRelational || new.isRelational {
            for pair in tables {
                let inPair = Set(pair.new.items)
                changes += columnChanges(old: old, new: new, matches: matches.filter { inPair.contains($0.new) })
            }
        } else {
            changes += columnChanges(old: old, new: new, matches: matches)
        }
        let listPairs = codeListPairs(old: old, new: new, matches: matches)
        changes += codeListChanges(old: old, new: new, pairs: listPairs)
        changes += ruleChanges(old: old, new: new, oldToNew: oldToNew, listMap: Dictionary(listPairs.map { ($0.0.name, $0.1.name) }, uniquingKeysWith: { first, _ in first }))
        return ChangeSpecification(
            old: .init(source: old.source, name: old.dataSet.name, version: old.dataSet.version),
            new: .init(source: new.source, name: new.dataSet.name, version: new.dataSet.version),
            matches: matches, changes: changes)
    }

    /// What a rename costs a submitter. A pair matched by name alone is a guess: when the two
    /// name different Data Dictionary elements the field's meaning changes (breaking); when
    /// neither names one, nothing confirms the pairing, and the reason says so.
    private static func renameImpact(_ a: DataItem, _ b: DataItem, byName: Bool) -> Impact {
        guard byName else { return .compatible("the field's meaning carries over; only a header row names it") }
        if let before = a.dataDictionaryElement, let after = b.dataDictionaryElement, before.uppercased() != after.uppercased() {
            return .breaking("a different Data Dictionary element (\(before) → \(after)): the values' meaning may change; paired only by similar name")
        }
        return .compatible("paired only by similar name, so the meaning is assumed to carry over: check the pairing")
    }

    /// True when two names give the same generated identifiers (letters and digits, any case).
    private static func sameIdentifier(_ a: String, _ b: String) -> Bool {
        a.lowercased().filter { $0.isLetter || $0.isNumber } == b.lowercased().filter { $0.isLetter || $0.isNumber }
    }

    private static func formatChanges(_ a: DataItem, _ b: DataItem, subject: String) -> [Change] {
        let old = a.format, new = b.format
        let detail = "\(old.text) → \(new.text)"
        guard old.kind == new.kind else {
            return [Change(kind: .formatChanged, subject: subject, detail: "\(detail) (\(old.kind.rawValue) → \(new.kind.rawValue))",
                           submitter: .breaking("values must be written in the new form"),
                           consumer: .breaking("the property's type changes")) ]
        }
        if old.minLength == new.minLength && old.maxLength == new.maxLength { return [] }
        if new.minLength <= old.minLength && new.maxLength >= old.maxLength {
            return [Change(kind: .formatWidened, subject: subject, detail: detail,
                           submitter: .compatible("every value valid before is still valid"),
                           consumer: .compatible("same type; values may be longer"))]
        }
        if new.minLength >= old.minLength && new.maxLength <= old.maxLength {
            return [Change(kind: .formatNarrowed, subject: subject, detail: detail,
                           submitter: .breaking("values valid before may now be rejected"),
                           consumer: .compatible("same type"))]
        }
        return [Change(kind: .formatChanged, subject: subject, detail: detail,
                       submitter: .breaking("values valid before may now be rejected"),
                       consumer: .compatible("same type"))]
    }

    /// Matched items whose order relative to each other changed (not shifts from items added
    /// or removed): those outside the longest run kept in order.
    private static func columnChanges(old: Spec, new: Spec, matches: [ChangeSpecification.ItemMatch]) -> [Change] {
        let newPosition = Dictionary(uniqueKeysWithValues: new.items.map { ($0.uid, $0.position) })
        let oldPosition = Dictionary(uniqueKeysWithValues: old.items.map { ($0.uid, $0.position) })
        let ordered = matches.sorted { (oldPosition[$0.old] ?? 0) < (oldPosition[$1.old] ?? 0) }
        let sequence = ordered.map { newPosition[$0.new] ?? 0 }
        let kept = longestIncreasingSubsequence(sequence)
        var changes: [Change] = []
        for (index, match) in ordered.enumerated() where !kept.contains(index) {
            guard let item = new.item(uid: match.new) else { continue }
            changes.append(Change(kind: .columnMoved, subject: "\(item.uid) \(item.name)",
                                  detail: "field \(oldPosition[match.old] ?? 0) → \(item.position), out of its old order",
                                  submitter: .breaking("files must write the fields in the new order"),
                                  consumer: .compatible("properties are named, not positional")))
        }
        return changes.sorted { $0.subject < $1.subject }
    }

    /// Indexes of one longest strictly increasing subsequence.
    private static func longestIncreasingSubsequence(_ values: [Int]) -> Set<Int> {
        guard !values.isEmpty else { return [] }
        var length = Array(repeating: 1, count: values.count)
        var previous = Array(repeating: -1, count: values.count)
        for i in values.indices {
            for j in 0..<i where values[j] < values[i] && length[j] + 1 > length[i] {
                length[i] = length[j] + 1
                previous[i] = j
            }
        }
        var index = length.indices.max { length[$0] < length[$1] || (length[$0] == length[$1] && $0 > $1) }!
        var result: Set<Int> = []
        while index >= 0 {
            result.insert(index)
            index = previous[index]
        }
        return result
    }

    /// Old group → new group, where every matched item of the one went to the other and
    /// the other's matched items all came from the one (and the names differ).
    private static func groupRenames(old: Spec, new: Spec, matches: [ChangeSpecification.ItemMatch]) -> [String: String] {
        var targets: [String: Set<String>] = [:], sources: [String: Set<String>] = [:]
        for match in matches {
            guard let a = old.item(uid: match.old), let b = new.item(uid: match.new) else { continue }
            targets[a.group, default: []].insert(b.group)
            sources[b.group, default: []].insert(a.group)
        }
        var renames: [String: String] = [:]
        for (group, into) in targets where into.count == 1 {
            let target = into.first!
            if target != group, sources[target] == [group], !new.groups.contains(where: { $0.name == group }) { renames[group] = target }
        }
        return renames
    }

    /// Code lists of the two specs that correspond: same name, or the lists of matched items.
    private static func codeListPairs(old: Spec, new: Spec, matches: [ChangeSpecification.ItemMatch]) -> [(CodeList, CodeList)] {
        var pairs: [(CodeList, CodeList)] = []
        var pairedOld: Set<String> = [], pairedNew: Set<String> = []
        for list in new.codeLists {
            if let before = old.codeList(named: list.name) {
                pairs.append((before, list))
                pairedOld.insert(before.name)
                pairedNew.insert(list.name)
            }
        }
        for match in matches {
            guard let a = old.item(uid: match.old)?.codeList, let b = new.item(uid: match.new)?.codeList,
                  !pairedOld.contains(a), !pairedNew.contains(b), let before = old.codeList(named: a), let after = new.codeList(named: b) else { continue }
            pairs.append((before, after))
            pairedOld.insert(a)
            pairedNew.insert(b)
        }
        return pairs
    }

    private static func codeListChanges(old: Spec, new: Spec, pairs: [(CodeList, CodeList)]) -> [Change] {
        let pairedOld = Set(pairs.map(\.0.name)), pairedNew = Set(pairs.map(\.1.name))
        var changes: [Change] = []
        for list in old.codeLists where !pairedOld.contains(list.name) {
            changes.append(Change(kind: .codeListRemoved, subject: list.name, detail: "\(list.codes.count) codes",
                                  submitter: .compatible("the codes are no longer checked against this list"),
                                  consumer: .breaking("its generated enum is gone")))
        }
        for list in new.codeLists where !pairedNew.contains(list.name) {
            changes.append(Change(kind: .codeListAdded, subject: list.name, detail: "\(list.codes.count) codes",
                                  submitter: .breaking("values must now be one of its codes"),
                                  consumer: .compatible("a new generated enum")))
        }
        for (before, after) in pairs.sorted(by: { $0.1.name < $1.1.name }) {
            let subject = after.name
            if before.name != after.name {
                changes.append(Change(kind: .codeListChanged, subject: subject, detail: "renamed from \(before.name)",
                                      submitter: .compatible("the list's name is not in the file"),
                                      consumer: .breaking("its generated enum is renamed")))
            }
            let oldCodes = Dictionary(before.codes.map { ($0.code, $0.description) }, uniquingKeysWith: { first, _ in first })
            let newCodes = Dictionary(after.codes.map { ($0.code, $0.description) }, uniquingKeysWith: { first, _ in first })
            for code in before.codes where newCodes[code.code] == nil {
                changes.append(Change(kind: .codeRemoved, subject: subject, detail: "\(code.code) \(code.description)",
                                      submitter: .breaking("records using the code are now rejected"),
                                      consumer: .breaking("its enum case is gone")))
            }
            for code in after.codes where oldCodes[code.code] == nil {
                changes.append(Change(kind: .codeAdded, subject: subject, detail: "\(code.code) \(code.description)",
                                      submitter: .compatible("a new value is allowed"),
                                      consumer: .breaking("a new enum case: exhaustive switches must handle it")))
            }
            for code in after.codes {
                if let description = oldCodes[code.code], description != code.description {
                    changes.append(Change(kind: .codeRelabelled, subject: subject, detail: "\(code.code): \(description) → \(code.description)",
                                          submitter: .compatible("the code is unchanged"),
                                          consumer: .compatible("only documentation changes")))
                }
            }
        }
        return changes
    }

    private static func ruleChanges(old: Spec, new: Spec, oldToNew: [String: String], listMap: [String: String]) -> [Change] {
        func described(_ rule: Rule, _ spec: Spec) -> String {
            "“\(rule.text)” on " + (rule.items.isEmpty ? "the file" : rule.items.compactMap { spec.item(uid: $0)?.name }.joined(separator: ", "))
        }
        var changes: [Change] = []
        let newByCode = Dictionary(new.rules.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let oldByCode = Dictionary(old.rules.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        for rule in old.rules where newByCode[rule.code] == nil {
            changes.append(Change(kind: .ruleRemoved, subject: rule.code, detail: "\(rule.level.title): \(rule.text)",
                                  submitter: .compatible("one check fewer"),
                                  consumer: .breaking("its generated rule member is gone")))
        }
        for rule in new.rules where oldByCode[rule.code] == nil {
            let rejects = rule.level != .warning && rule.enforcement.isEnforced
            changes.append(Change(kind: .ruleAdded, subject: rule.code, detail: "\(rule.level.title): \(rule.text)",
                                  submitter: rejects ? .breaking("records or files that passed may now be rejected") : .compatible(rule.level == .warning ? "a warning only" : "not enforced"),
                                  consumer: .compatible("a new generated rule member")))
        }
        for after in new.rules {
            guard let before = oldByCode[after.code] else { continue }
            if before.level != after.level {
                let rank: [FindingLevel: Int] = [.warning: 0, .recordRejection: 1, .fileRejection: 2]
                let raised = rank[after.level, default: 0] > rank[before.level, default: 0]
                changes.append(Change(kind: .ruleLevelChanged, subject: after.code, detail: "\(before.level.title) → \(after.level.title)",
                                      submitter: raised ? .breaking("the same failure now costs more") : .compatible("the same failure now costs less"),
                                      consumer: .compatible("the level is data, not API")))
            }
            let sameLogic = before.ast?.renamingItems(oldToNew, lists: listMap) == after.ast
            if !sameLogic {
                changes.append(Change(kind: .ruleLogicChanged, subject: after.code, detail: "\(described(before, old)) → \(described(after, new))",
                                      submitter: .breaking("the check itself changed: records that passed may now fail"),
                                      consumer: .compatible("the rule member keeps its name")))
            } else if before.text != after.text {
                changes.append(Change(kind: .ruleWordingChanged, subject: after.code, detail: "“\(before.text)” → “\(after.text)”",
                                      submitter: .compatible("same check, new wording"),
                                      consumer: .compatible("documentation only")))
            }
        }
        return changes
    }
}
