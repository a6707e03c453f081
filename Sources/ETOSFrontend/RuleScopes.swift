import ETOSModel

/// Which items a validation row's names resolve against: all of them in a flat spec; in a
/// relational one, the items of the rule's table (its `Table` cell, or the one table whose
/// items its Data Item cell names), with the items of the table's parent reachable as
/// "<ITEM> of the linked <TABLE> record".
struct RuleScopes {
    /// The items a rule's names resolve against, and the compiler that knows them.
    struct Scope {
        let table: String?
        let resolver: ItemResolver
        let compiler: RuleCompiler
    }

    /// The scope of a flat spec; nil for a relational one.
    private let flat: Scope?
    private let byTable: [String: Scope]
    /// For a rule of a relational spec that names no item ("Each PATIENT record must have at
    /// least one REFERRAL record"): no items, every table.
    private let noItems: Scope?
    let tableNames: TableNames?

    init(items: [DataItem], codeLists: [CodeList], tables: [Table], tableNames: TableNames?) {
        guard let tableNames, !tables.isEmpty else {
            let resolver = ItemResolver(items: items)
            flat = Scope(table: nil, resolver: resolver, compiler: RuleCompiler(items: items, codeLists: codeLists, resolver: resolver))
            byTable = [:]
            noItems = nil
            self.tableNames = nil
            return
        }
        flat = nil
        self.tableNames = tableNames
        var scopes: [String: Scope] = [:]
        for table in tables {
            let own = items.filter { $0.table == table.name }
            let linked = table.parent.map { parent in items.filter { $0.table == parent }.map { (table: parent, item: $0) } } ?? []
            let resolver = ItemResolver(items: own)
            scopes[table.name] = Scope(table: table.name, resolver: resolver,
                                       compiler: RuleCompiler(items: own, codeLists: codeLists, resolver: resolver, linked: linked,
                                                              tables: TableContext(tables: tables, names: tableNames, ruleTable: table.name)))
        }
        byTable = scopes
        let none = ItemResolver(items: [])
        noItems = Scope(table: nil, resolver: none,
                        compiler: RuleCompiler(items: [], codeLists: codeLists, resolver: none, tables: TableContext(tables: tables, names: tableNames, ruleTable: nil)))
    }

    /// Why a row has no scope.
    enum Problem: Error {
        case unknownTable(String, nearest: String?)
        /// The names resolve in several tables.
        case ambiguous(tables: [String])
        /// The names are not all in any one table.
        case unknownItems
    }

    /// The scope of a row: its `Table` cell's table, else the one table holding every item its
    /// Data Item cell names, else (no items) the scope of no items.
    func scope(table: String?, itemText: String?) -> Result<Scope, Problem> {
        if let flat { return .success(flat) }
        if let table {
            guard let name = tableNames?.resolve(table), let scope = byTable[name] else {
                return .failure(.unknownTable(table, nearest: tableNames?.nearest(to: table)))
            }
            return .success(scope)
        }
        guard let itemText else { return .success(noItems!) }
        let holding = (tableNames?.names ?? []).filter { name in
            byTable[name].map { $0.resolver.resolve(itemText).unknown.isEmpty } ?? false
        }
        switch holding.count {
        case 1: return .success(byTable[holding[0]]!)
        case 0: return .failure(.unknownItems)
        default: return .failure(.ambiguous(tables: holding))
        }
    }

    /// The scope of one table.
    func scope(ofTable name: String) -> Scope? { byTable[name] }
}

/// What the table forms of the rule language look up: the spec's tables and the rule's own.
struct TableContext: Sendable {
    let tables: [Table]
    let names: TableNames
    /// The table whose records the rule checks, when known.
    let ruleTable: String?

    func table(named text: String) -> Table? {
        names.resolve(text).flatMap { name in tables.first { $0.name == name } }
    }

    /// "no table named 'X'; did you mean 'Y'?"
    func unknown(_ text: String) -> String {
        "no table named '\(text)' on the Tables sheet" + (names.nearest(to: text).map { "; did you mean '\($0)'?" } ?? "")
    }
}
