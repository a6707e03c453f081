import ETOSModel

/// The changes to a relational data set's tables: tables added and removed, keys and links
/// changed, and each table's field count. Tables are paired by name, else by ID.
enum TableChanges {
    typealias Change = ChangeSpecification.Change

    /// The tables of `old` and `new` that are the same table.
    static func pairs(old: Spec, new: Spec) -> [(old: Table, new: Table)] {
        var pairs: [(Table, Table)] = []
        var free = new.tables
        for table in old.tables {
            let match = free.firstIndex { $0.name.uppercased() == table.name.uppercased() }
                ?? free.firstIndex { table.id != nil && $0.id?.uppercased() == table.id?.uppercased() }
            guard let match else { continue }
            pairs.append((table, free.remove(at: match)))
        }
        return pairs
    }

    static func changes(old: Spec, new: Spec, pairs: [(old: Table, new: Table)], matches: [ChangeSpecification.ItemMatch]) -> [Change] {
        var changes: [Change] = []
        let pairedOld = Set(pairs.map(\.old.name)), pairedNew = Set(pairs.map(\.new.name))
        for table in old.tables where !pairedOld.contains(table.name) {
            changes.append(Change(kind: .tableRemoved, subject: table.name, detail: "table \(table.name) and its \(table.items.count) items removed",
                                  submitter: .compatible("its file is no longer read (a leftover file gets a warning)"),
                                  consumer: .breaking("its record type is gone from the generated module")))
        }
        for table in new.tables where !pairedNew.contains(table.name) {
            changes.append(Change(kind: .tableAdded, subject: table.name, detail: "table \(table.name) added with \(table.items.count) items" + (table.parent.map { ", under \($0)" } ?? ""),
                                  submitter: .breaking("submissions must include a file for it: a missing table file rejects the submission"),
                                  consumer: .compatible("a new record type")))
        }
        let oldToNew = Dictionary(matches.map { ($0.old, $0.new) }, uniquingKeysWith: { first, _ in first })
        func names(_ spec: Spec, _ uids: [String]) -> String { uids.map { uid in spec.item(uid: uid)?.name ?? uid }.joined(separator: ", ") }
        for (a, b) in pairs {
            if a.key.map({ oldToNew[$0] ?? "" }) != b.key {
                changes.append(Change(kind: .keyChanged, subject: b.name, detail: "key \(names(old, a.key)) → \(names(new, b.key))",
                                      submitter: .breaking("records are identified by other items: repeated keys and the children's links are checked on them"),
                                      consumer: .compatible("the generated record types are unchanged")))
            }
            let parentBefore = a.parent.flatMap { name in pairs.first { $0.old.name == name }?.new.name } ?? a.parent
            if parentBefore != b.parent || a.link.map({ oldToNew[$0] ?? "" }) != b.link {
                let before = a.parent.map { "\($0) by \(names(old, a.link))" } ?? "no parent"
                let after = b.parent.map { "\($0) by \(names(new, b.link))" } ?? "no parent"
                changes.append(Change(kind: .linkChanged, subject: b.name, detail: "link \(before) → \(after)",
                                      submitter: .breaking(b.parent == nil ? "its records no longer link to a parent" : "its records must link to their parent by other items: an orphan is rejected"),
                                      consumer: .compatible("the generated record types are unchanged")))
            }
            if a.items.count != b.items.count {
                changes.append(Change(kind: .fieldCountChanged, subject: b.name, detail: "\(a.items.count) → \(b.items.count) fields",
                                      submitter: .breaking("every \(b.name) record must have \(b.items.count) fields"),
                                      consumer: .compatible("records are built from named properties")))
            }
        }
        return changes
    }
}
