import ETOSModel

/// The tables a Tables sheet names, for resolving the `Table` cells of items and rules.
struct TableNames: Sendable {
    /// Canonical names in sheet order.
    let names: [String]
    /// Heading name of a table's name or ID → its canonical name.
    private let byKey: [HeadingName: String]

    init(_ rows: [SpecCompiler.TableRow]) {
        names = rows.map(\.name)
        var keys: [HeadingName: String] = [:]
        for row in rows {
            keys[HeadingName(row.name)] = keys[HeadingName(row.name)] ?? row.name
            if let id = row.id { keys[HeadingName(id)] = keys[HeadingName(id)] ?? row.name }
        }
        byKey = keys
    }

    /// The table a cell names, by name or ID (case and spacing ignored).
    func resolve(_ text: String) -> String? { byKey[HeadingName(text)] }

    /// The table name closest to `text`, when one is reasonably close.
    func nearest(to text: String) -> String? { nearestName(to: text, among: names) }

    /// The names as a message lists them.
    var listed: String { names.map { "'\($0)'" }.joined(separator: ", ") }
}

extension SpecCompiler {
    /// One row of the Tables sheet, its item lists not yet resolved.
    struct TableRow {
        let name: String
        let id: String?
        let description: String?
        let key: String?
        let parent: String?
        let link: String?
        let record: SheetTable.Record
    }

    /// Reads the Tables sheet's rows: a name each, unique.
    mutating func readTableRows(_ sheet: SheetTableBuilder) -> [TableRow] {
        guard let table = located(sheet) else { return [] }
        var rows: [TableRow] = []
        var seen: [HeadingName: SourceLocation] = [:]
        for record in table.records where !record.isBlank && !record.isTitle {
            guard let name = record.text("Table") else {
                error("row has no table name", at: record.location("Table"))
                continue
            }
            if let first = seen[HeadingName(name)] {
                error("table '\(name)' is listed twice (first at \(first.cell ?? first.description))", at: record.location("Table"))
                continue
            }
            seen[HeadingName(name)] = record.location("Table")
            rows.append(TableRow(name: name, id: record.text("ID"), description: record.text("Description"), key: record.text("Key"),
                                 parent: record.text("Parent"), link: record.text("Link"), record: record))
        }
        if rows.isEmpty { error("the Tables sheet lists no table", at: table.headerLocation) }
        return rows
    }

    /// The tables with their keys, parents and links resolved against the items read: unknown
    /// items and tables, a link that does not match its parent's key, and a parent cycle are
    /// errors at the Tables sheet's cells; a table without items is an error too.
    mutating func resolveTables(_ rows: [TableRow], items: [DataItem], names: TableNames) -> [Table] {
        var tables: [Table] = []
        for row in rows {
            let members = items.filter { $0.table == row.name }
            let location = row.record.location("Table")
            if members.isEmpty {
                error("table '\(row.name)' has no data items: give items its name in the Data Items sheet's Table column, or list them on a sheet named '\(row.name)'", at: location)
            }
            let resolver = ItemResolver(items: members)
            func resolveItems(_ text: String?, column: String) -> [String] {
                guard let text else { return [] }
                let resolved = resolver.resolve(text)
                for unknown in resolved.unknown {
                    let nearest = nearestName(to: unknown, among: members.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                    error("table '\(row.name)': \(column.lowercased()) item '\(unknown)' is not an item of the table\(nearest)", at: row.record.location(column))
                }
                return resolved.uids
            }
            let key = resolveItems(row.key, column: "Key")
            var parent: String?
            if let text = row.parent {
                if let resolved = names.resolve(text), resolved != row.name {
                    parent = resolved
                } else {
                    let hint = names.resolve(text) == row.name ? ": a table cannot be its own parent" : (names.nearest(to: text).map { "; did you mean '\($0)'?" } ?? "")
                    error("table '\(row.name)': parent table '\(text)' is not on the Tables sheet\(hint)", at: row.record.location("Parent"))
                }
            }
            let link = resolveItems(row.link, column: "Link")
            if parent == nil, row.parent == nil, !link.isEmpty {
                error("table '\(row.name)' has link items but no parent: name the table they link to in its Parent column", at: row.record.location("Link"))
            }
            tables.append(Table(name: row.name, id: row.id, description: row.description, key: key, parent: parent, link: link,
                                items: members.map(\.uid), location: location))
        }
        checkLinks(tables, rows: rows, items: items)
        checkParentCycles(tables, rows: rows)
        return tables
    }

    /// Each link holds its parent's key: as many items, each of the key item's kind and no longer.
    private mutating func checkLinks(_ tables: [Table], rows: [TableRow], items: [DataItem]) {
        let byUID = Dictionary(items.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        for (table, row) in zip(tables, rows) {
            guard let parentName = table.parent, let parent = tables.first(where: { $0.name == parentName }) else { continue }
            let at = row.record.location(row.link == nil ? "Parent" : "Link")
            let names = { (uids: [String]) in uids.map { byUID[$0]?.name ?? $0 }.joined(separator: ", ") }
            guard !parent.key.isEmpty else {
                error("table '\(table.name)' links to '\(parentName)', which has no key: give '\(parentName)' a Key", at: at)
                continue
            }
            guard table.link.count == parent.key.count else {
                let given = table.link.isEmpty ? "no link items" : "link \(names(table.link))"
                error("table '\(table.name)': \(given) for parent '\(parentName)', whose key is \(names(parent.key)): a link names one item per key item, in the key's order", at: at)
                continue
            }
            for (link, key) in zip(table.link, parent.key) {
                guard let linkItem = byUID[link], let keyItem = byUID[key] else { continue }
                if linkItem.format.kind != keyItem.format.kind || linkItem.format.maxLength < keyItem.format.maxLength {
                    error("table '\(table.name)': link item '\(linkItem.name)' (\(linkItem.format.text)) cannot hold key item '\(keyItem.name)' of '\(parentName)' (\(keyItem.format.text))", at: at)
                }
            }
        }
    }

    private mutating func checkParentCycles(_ tables: [Table], rows: [TableRow]) {
        let parents = Dictionary(tables.map { ($0.name, $0.parent) }, uniquingKeysWith: { first, _ in first })
        for (table, row) in zip(tables, rows) {
            var seen: [String] = [table.name]
            var next = table.parent
            while let current = next {
                if current == table.name {
                    error("table '\(table.name)' is its own ancestor: \((seen + [current]).joined(separator: " → "))", at: row.record.location("Parent"))
                    break
                }
                guard !seen.contains(current) else { break }
                seen.append(current)
                next = parents[current] ?? nil
            }
        }
    }
}
