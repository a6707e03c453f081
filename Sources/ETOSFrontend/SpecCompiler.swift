import ETOSModel
import ETOSSpreadsheet
import Foundation

/// Compiles a ``Workbook`` holding an ETOS into a ``Spec``, collecting every diagnostic.
///
/// It never stops at the first problem: each sheet is read as far as it can be, and the
/// spec returned carries all diagnostics (check ``Array/hasErrors`` before generating).
public struct SpecCompiler {
    let sheets: SpecSheets
    var diagnostics: [Diagnostic] = []
    /// Every item's UID so far (upper case) and where it is: unique across the data set.
    var itemUIDs: [String: SourceLocation] = [:]

    /// Reads and compiles the spec file at `path`; `displayName` is what diagnostics show.
    /// Throws only when the file cannot be read as a spreadsheet at all.
    ///
    /// The file is compiled as it is read: only what each sheet contributes is kept.
    public static func compile(contentsOf path: String, displayName: String? = nil, layout: Layout = .etos) throws(DiagnosticsError) -> Spec {
        var sheets = SpecSheets(file: displayName ?? path, layout: layout)
        try SpreadsheetReader.read(contentsOf: path, displayName: displayName, into: &sheets)
        var compiler = SpecCompiler(sheets: sheets)
        return compiler.run()
    }

    /// Compiles a workbook already read.
    public static func compile(_ workbook: Workbook, layout: Layout = .etos) -> Spec {
        var sheets = SpecSheets(file: workbook.file, layout: layout)
        workbook.replay(into: &sheets)
        var compiler = SpecCompiler(sheets: sheets)
        return compiler.run()
    }

    private mutating func run() -> Spec {
        let tables = sheets.tables
        diagnostics = sheets.diagnostics
        let tableRows = tables[.tables].map { readTableRows($0) } ?? []
        let tableNames = tableRows.isEmpty ? nil : TableNames(tableRows)
        // In a relational workbook a sheet named after a table lists that table's items.
        let tableSheets = tableNames.map { names in sheets.tableSheets.compactMap { sheet in names.resolve(sheet.name).map { (sheet.table, $0) } } } ?? []
        diagnostics += sheets.sheetProblems(tableSheets: Set(tableSheets.map(\.0.sheet)))
        let dataSet = sheets.dataSet.map { readDataSet($0) } ?? sheets.layout.dataSet ?? DataSetInfo(name: "", shortName: "", version: "")
        let listed = tables[.codeLists].map { readCodeLists($0) } ?? []
        var items: [DataItem] = []
        var codeLists = listed
        if let sheet = tables[.dataItems] {
            (items, codeLists) = readDataItems(sheet, listedCodeLists: listed, tables: tableNames)
        }
        for (sheet, table) in tableSheets {
            let (more, lists) = readDataItems(sheet, listedCodeLists: codeLists, tables: tableNames, sheetTable: table)
            items += more
            codeLists = lists
        }
        var modelTables: [Table] = []
        if let tableNames {
            let order = Dictionary(tableNames.names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            items.sort { (order[$0.table ?? ""] ?? 0, $0.position) < (order[$1.table ?? ""] ?? 0, $1.position) }
            modelTables = resolveTables(tableRows, items: items, names: tableNames)
        }
        let scopes = RuleScopes(items: items, codeLists: codeLists, tables: modelTables, tableNames: tableNames)
        var rules: [Rule] = []
        // Without items every rule would fail to resolve: one error (the missing sheet) says it.
        if tables[.dataItems] != nil || !tableSheets.isEmpty {
            if let sheet = tables[.validations] {
                rules += readRules(sheet, kind: .dataItems, scopes: scopes)
            }
            if let sheet = tables[.fileLevelRejects] {
                rules += readRules(sheet, kind: .fileLevel, scopes: scopes)
            }
        }
        checkUniqueRuleCodes(rules)
        let changeLog = tables[.changeLog].map { readChangeLog($0) } ?? []
        let groups = Self.groups(of: items)
        return Spec(
            source: sheets.file, dataSet: dataSet, groups: groups, tables: modelTables, items: items,
            codeLists: codeLists.sorted { $0.name < $1.name }, rules: rules, changeLog: changeLog,
            diagnostics: diagnostics
        )
    }

    /// The sheet's table, its header problems added to the diagnostics.
    mutating func located(_ sheet: SheetTableBuilder) -> SheetTable? {
        var sheet = sheet
        let table = sheet.finish()
        diagnostics += sheet.diagnostics
        return table
    }

    static func groups(of items: [DataItem]) -> [Group] {
        var order: [String] = []
        var members: [String: [String]] = [:]
        for item in items {
            if members[item.group] == nil { order.append(item.group) }
            members[item.group, default: []].append(item.uid)
        }
        return order.map { Group(name: $0, items: members[$0] ?? []) }
    }

    mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, message, at: location))
    }

    mutating func note(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.note, message, at: location))
    }
}
