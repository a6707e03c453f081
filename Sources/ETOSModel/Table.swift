/// One table of a relational data set: its items, the key that identifies a record of it,
/// and the link from its records to its parent table's.
///
/// A spec without a Tables sheet has no tables: it is one flat record, as DIDS is.
public struct Table: Hashable, Sendable, Codable {
    /// The table's name as the Tables sheet gives it (`REFERRAL`).
    public var name: String
    /// The table's short identifier, when the Tables sheet gives one (`MHS101`): a
    /// submission's file for the table may be named after it.
    public var id: String?
    public var description: String?
    /// UIDs of the items that identify a record of the table, in key order.
    public var key: [String]
    /// The table this one belongs to (each of its records links to one record of the parent).
    public var parent: String?
    /// UIDs of this table's items that hold the parent's key, in the parent's key order.
    public var link: [String]
    /// UIDs of the table's items, in position order.
    public var items: [String]
    public var location: SourceLocation

    public init(name: String, id: String? = nil, description: String? = nil, key: [String], parent: String? = nil, link: [String] = [],
                items: [String], location: SourceLocation) {
        self.name = name
        self.id = id
        self.description = description
        self.key = key
        self.parent = parent
        self.link = link
        self.items = items
        self.location = location
    }
}

extension Spec {
    /// Whether the spec has tables (a Tables sheet): each table is submitted as a file of its own.
    public var isRelational: Bool { !tables.isEmpty }

    /// The table with this name.
    public func table(named name: String) -> Table? { tables.first { $0.name == name } }

    /// The tables, parents before their children (the order a submission is checked in:
    /// a child's links look up its parent's keys), otherwise in sheet order.
    public var tablesParentsFirst: [Table] {
        var placed: Set<String> = []
        var result: [Table] = []
        var remaining = tables
        while !remaining.isEmpty {
            let ready = remaining.filter { table in table.parent.map { placed.contains($0) || self.table(named: $0) == nil } ?? true }
            // A cycle (reported by the frontend) is broken in sheet order.
            let next = ready.isEmpty ? [remaining[0]] : ready
            for table in next {
                result.append(table)
                placed.insert(table.name)
            }
            remaining.removeAll { placed.contains($0.name) }
        }
        return result
    }

    /// The tables whose parent is `name`, in sheet order.
    public func children(of name: String) -> [Table] { tables.filter { $0.parent == name } }

    /// One table of a relational spec as a flat spec of its own: its items (positions in its
    /// file), the rules on its records alone, and every code list. What each table's file is
    /// checked with; the rules across tables are ``crossTableRules``.
    public func flatSpec(of table: Table) -> Spec {
        let members = Set(table.items)
        var flat = self
        flat.tables = []
        flat.items = items.filter { members.contains($0.uid) }
        flat.groups = groups.compactMap { group in
            let kept = group.items.filter(members.contains)
            return kept.isEmpty ? nil : Group(name: group.name, items: kept)
        }
        flat.rules = rules.filter { $0.table == table.name && !($0.ast?.readsOtherTables(in: self, from: table.name) ?? false) }
        for index in flat.items.indices { flat.items[index].table = nil }
        for index in flat.rules.indices { flat.rules[index].table = nil }
        return flat
    }

    /// The rules that read more than one table's records: links, child counts and
    /// comparisons with the linked record, in sheet order.
    public var crossTableRules: [Rule] {
        rules.filter { rule in rule.ast?.readsOtherTables(in: self, from: rule.table) ?? false }
    }
}

extension RuleExpression {
    /// Whether the expression reads a record of another table than `table`'s: a link, a
    /// count of child records, or an item of the linked record.
    public func readsOtherTables(in spec: Spec, from table: String?) -> Bool {
        if case .existsInTable = self { return true }
        if case .hasLinkedRecords = self { return true }
        guard spec.isRelational else { return false }
        let index = Dictionary(spec.items.map { ($0.uid, $0.table) }, uniquingKeysWith: { first, _ in first })
        return items.contains { index[$0] ?? nil != table }
    }
}
