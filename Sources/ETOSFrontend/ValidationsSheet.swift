import ETOSModel
import ETOSSpreadsheet

/// Finds items by UID or by name (any case, any spacing).
struct ItemResolver: Sendable {
    private var byKey: [String: String] = [:]
    /// Item names' keys, longest first, for splitting names that ran together.
    private let nameKeys: [String]

    init(items: [DataItem]) {
        for item in items {
            byKey[HeadingName(item.name).key] = item.uid
            byKey[HeadingName(item.uid).key] = item.uid
        }
        nameKeys = items.map { HeadingName($0.name).key }.sorted { ($0.count, $0) > ($1.count, $1) }
    }

    /// The UIDs a "Data Item" cell names: one item, or several separated by new lines,
    /// commas, semicolons or "and". Names that ran together without a separator (as
    /// LibreOffice's SpreadsheetML export writes multi-line cells) are split too and
    /// reported in `joined`. Parts that resolve to no item are returned in `unknown`.
    func resolve(_ text: String) -> (uids: [String], unknown: [String], joined: [String]) {
        if let uid = byKey[HeadingName(text).key] { return ([uid], [], []) }
        var uids: [String] = []
        var unknown: [String] = []
        var joined: [String] = []
        let parts = text
            .replacingOccurrences(of: " and ", with: "\n")
            .replacingOccurrences(of: " AND ", with: "\n")
            .split(whereSeparator: { "\n,;".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        for part in parts {
            if let uid = byKey[HeadingName(part).key] {
                if !uids.contains(uid) { uids.append(uid) }
            } else if let names = split(HeadingName(part).key) {
                joined.append(part)
                for name in names where !uids.contains(byKey[name]!) { uids.append(byKey[name]!) }
            } else {
                unknown.append(part)
            }
        }
        return (uids, unknown, joined)
    }

    /// `key` as a concatenation of two or more item names, if it is one.
    private func split(_ key: String) -> [String]? {
        guard !key.isEmpty else { return nil }
        for name in nameKeys where key.hasPrefix(name) {
            let rest = String(key.dropFirst(name.count)).trimmingCharacters(in: .whitespaces)
            if rest.isEmpty { return nil }
            if nameKeys.contains(rest) { return [name, rest] }
            if let tail = split(rest) { return [name] + tail }
        }
        return nil
    }
}

extension SpecCompiler {
    /// Reads a validations sheet (per-item or file-level).
    mutating func readRules(_ sheet: SheetTableBuilder, kind: Rule.Sheet, scopes: RuleScopes) -> [Rule] {
        guard let table = located(sheet) else { return [] }
        if kind == .dataItems, table.columns["Level"] == nil {
            note("no 'Level' column: every rule on this sheet is a record rejection", at: table.headerLocation)
        }
        var rules: [Rule] = []
        for record in table.records where !record.isBlank && !record.isTitle {
            guard let code = record.text("Error Code") else {
                error("validation row has no error code", at: record.location("Error Code"))
                continue
            }
            guard let text = record.text("Validation") else {
                error("rule \(code) has no validation text", at: record.location("Validation"))
                continue
            }
            let level: FindingLevel
            if let levelText = record.text("Level") {
                guard let parsed = FindingLevel(cellText: levelText) else {
                    error("rule \(code): level '\(levelText)' is not File Rejection, Record Rejection or Warning", at: record.location("Level"))
                    continue
                }
                level = parsed
            } else {
                level = kind == .fileLevel ? .fileRejection : .recordRejection
            }
            let itemText = record.text("Data Item").flatMap { Self.namesNoItem($0) ? nil : $0 }
            let scope: RuleScopes.Scope
            switch scopes.scope(table: record.text("Table"), itemText: itemText) {
            case .success(let found):
                scope = found
            case .failure(.unknownTable(let text, let nearest)):
                error("rule \(code) is on table '\(text)', which the Tables sheet does not have\(nearest.map { "; did you mean '\($0)'?" } ?? "")", at: record.location("Table"))
                continue
            case .failure(.ambiguous(let tables)):
                error("rule \(code): '\(itemText ?? "")' is in tables \(tables.map { "'\($0)'" }.joined(separator: ", ")): give the row a Table saying whose records the rule checks", at: record.location(record.context.columns["Table"] == nil ? "Data Item" : "Table"))
                continue
            case .failure(.unknownItems):
                error("rule \(code) names '\(itemText ?? "")', which is not the items of any one table\(scopes.tableNames.map { " (tables: \($0.listed))" } ?? ""); give the row a Table", at: record.location("Data Item"))
                continue
            }
            let resolver = scope.resolver, compiler = scope.compiler
            var uids: [String] = []
            var namesUnknownItems = false
            if let itemText {
                let resolved = resolver.resolve(itemText)
                uids = resolved.uids
                namesUnknownItems = !resolved.unknown.isEmpty
                for unknown in resolved.unknown {
                    let nearest = compiler.sentences.nearestItem(to: unknown).map { "; did you mean '\($0)'?" } ?? ""
                    error("rule \(code) names data item '\(unknown)', which the Data Items sheet does not have\(nearest)", at: record.location("Data Item"))
                }
                for joined in resolved.joined {
                    diagnostics.append(Diagnostic(.warning, "rule \(code): data item names run together in '\(joined)' (line breaks lost, as LibreOffice's XML Spreadsheet 2003 export does); read as separate items", at: record.location("Data Item")))
                }
            } else if kind == .dataItems, record.text("Table") == nil {
                error("rule \(code) names no data item", at: record.location("Data Item"))
                continue
            }
            var rule = Rule(
                code: code, level: level, items: uids, text: text, message: record.text("Error Message"),
                expression: record.text("Expression"), notes: record.text("Notes"), sheet: kind, location: record.location("Error Code")
            )
            rule.table = scope.table
            if let status = record.text("Code Status") {
                switch HeadingName(status).key {
                case "official", "published", "yes", "y": rule.codeStatus = .official
                case "local", "inferred", "no", "n": rule.codeStatus = .local
                default: error("rule \(code): code status '\(status)' is not Official or Local", at: record.location("Code Status"))
                }
            }
            if table.columns["Error Message"] != nil, rule.message == nil {
                note("rule \(code) has no error message: its findings carry the validation text instead, naming its items when the text does not", at: record.location("Error Message"))
            }
            if !namesUnknownItems {
                compiler.compile(&rule, sentenceAt: record.location("Validation"), expressionAt: record.location("Expression"), diagnostics: &diagnostics)
            }
            // A count of child records is a rule on the parent's records.
            if rule.table == nil, case .hasLinkedRecords(let table, _)? = rule.ast { rule.table = table }
            if rule.table == nil, let names = scopes.tableNames {
                error("rule \(code) names no data item and no table, so it checks no table's records: give the row a Table (one of \(names.listed))", at: record.location(record.context.columns["Table"] == nil ? "Data Item" : "Table"))
            }
            rules.append(rule)
        }
        return rules
    }

    /// True for the placeholders file-level rules use when no single item is involved.
    private static func namesNoItem(_ text: String) -> Bool {
        ["n/a", "na", "-", "all", "none", "file", "all items", "whole file"].contains(HeadingName(text).key)
    }

    mutating func checkUniqueRuleCodes(_ rules: [Rule]) {
        var seen: [String: SourceLocation] = [:]
        for rule in rules {
            if let first = seen[rule.code] {
                error("error code \(rule.code) is used twice (first at \(first.cell ?? first.description))", at: rule.location)
            } else {
                seen[rule.code] = rule.location
            }
        }
    }
}
