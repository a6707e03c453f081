/// A relational spec's checks, worked out once for every back end: each table as a flat spec
/// of its own (its file's checks), and the rules across tables lowered to what the runtime
/// runs: links (a record's link must be its parent's key), counts (a parent record must have
/// a child) and rules comparing a record with the record it links to.
///
/// A rule comparing with the linked record is lowered over a *joined* record: the table's
/// own fields, then the parent's carried fields (``TablePlan/carried``), in that order.
public struct RelationalPlan: Sendable {
    /// One table.
    public struct TablePlan: Sendable {
        public let table: Table
        /// The table's own items and rules, as a flat spec (what its file is checked with).
        public let flat: Spec
        /// 0-based fields of the key, and of the link to the parent.
        public let key: [Int]
        public let link: [Int]
        /// The parent's index in ``RelationalPlan/tables``.
        public let parent: Int?
        /// UIDs of the fields kept per key for the tables below: the key's, then the items
        /// the children's rules compare with, in first-mention order.
        public let carried: [String]
        /// Their 0-based fields.
        public let carriedFields: [Int]
    }

    /// A link rule: the records of `table` must link to a record of its parent.
    public struct LinkRule: Sendable {
        public let rule: Rule
        public let table: Int
    }

    /// A count rule: each record of `table` must have a record of `child`.
    public struct CountRule: Sendable {
        public let rule: Rule
        public let table: Int
        public let child: Int
    }

    /// A rule of `table`'s records comparing with the linked parent record, lowered over the joined record.
    public struct LinkedRule: Sendable {
        public let rule: Rule
        public let table: Int
        public let check: Check
        public let referenceDatasets: [String]
        public let submissionFacts: [RuleExpression.SubmissionFact]
    }

    public let tables: [TablePlan]
    /// Indices into ``tables``, parents before their children (``Spec/tablesParentsFirst``):
    /// the order a submission's files are checked in.
    public let checkingOrder: [Int]
    public let links: [LinkRule]
    public let counts: [CountRule]
    public let linked: [LinkedRule]
    /// Cross-table rules no back end can check, with the reason (a comparison with a table
    /// that is not the record's parent).
    public let unenforced: [CheckPlan.Unenforced]

    public init(spec: Spec) {
        let indexOf = Dictionary(spec.tables.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let items = Dictionary(spec.items.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        func field(_ uid: String) -> Int { (items[uid]?.position ?? 1) - 1 }
        var links: [LinkRule] = []
        var counts: [CountRule] = []
        var comparing: [(rule: Rule, table: Int)] = []
        var unenforced: [CheckPlan.Unenforced] = []
        var compared: [Int: [String]] = [:]
        for rule in spec.crossTableRules where rule.enforcement.isEnforced {
            guard let ast = rule.ast, let table = rule.table.flatMap({ indexOf[$0] }) else { continue }
            switch ast {
            case .existsInTable:
                links.append(LinkRule(rule: rule, table: table))
            case .hasLinkedRecords(_, let child):
                if let child = indexOf[child] { counts.append(CountRule(rule: rule, table: table, child: child)) }
            default:
                let parentName = spec.tables[table].parent
                let foreign = ast.items.filter { items[$0]?.table != spec.tables[table].name }
                guard let parentName, let parent = indexOf[parentName], foreign.allSatisfy({ items[$0]?.table == parentName }) else {
                    unenforced.append(CheckPlan.Unenforced(rule: rule, reason: "it reads a table that is not its table's parent"))
                    continue
                }
                for uid in foreign where !(compared[parent] ?? []).contains(uid) { compared[parent, default: []].append(uid) }
                comparing.append((rule, table))
            }
        }
        var plans: [TablePlan] = []
        for table in spec.tables {
            let index = indexOf[table.name]!
            var carried = table.key
            for uid in compared[index] ?? [] where !carried.contains(uid) { carried.append(uid) }
            plans.append(TablePlan(table: table, flat: spec.flatSpec(of: table), key: table.key.map(field), link: table.link.map(field),
                                   parent: table.parent.flatMap { indexOf[$0] }, carried: carried, carriedFields: carried.map(field)))
        }
        var linked: [LinkedRule] = []
        for (rule, table) in comparing {
            guard let ast = rule.ast, let parent = plans[table].parent else { continue }
            let joined = Self.joinedSpec(own: plans[table].flat, carried: plans[parent].carried.compactMap { items[$0] })
            guard let check = Check.lowering(ast, in: SpecIndex(joined)) else {
                unenforced.append(CheckPlan.Unenforced(rule: rule, reason: "it names an item or code list the spec lacks"))
                continue
            }
            linked.append(LinkedRule(rule: rule, table: table, check: check, referenceDatasets: ast.referenceDatasets, submissionFacts: ast.submissionFacts))
        }
        tables = plans
        checkingOrder = spec.tablesParentsFirst.compactMap { indexOf[$0.name] }
        self.links = links
        self.counts = counts
        self.linked = linked
        self.unenforced = unenforced
    }

    /// A table's flat spec with the parent's carried items after its own (positions after
    /// its last, in a group of their own), and no rules: what a linked rule is lowered against.
    public static func joinedSpec(own: Spec, carried: [DataItem]) -> Spec {
        var joined = own
        joined.rules = []
        let count = own.items.count
        for (offset, item) in carried.enumerated() {
            var copy = item
            copy.table = nil
            copy.position = count + offset + 1
            joined.items.append(copy)
        }
        if !carried.isEmpty { joined.groups.append(Group(name: "Linked record", items: carried.map(\.uid))) }
        return joined
    }
}
