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
        diagnostics = sheets.diagnostics + sheets.sheetProblems()
        let tables = sheets.tables
        let dataSet = sheets.dataSet.map { readDataSet($0) } ?? sheets.layout.dataSet ?? DataSetInfo(name: "", shortName: "", version: "")
        let listed = tables[.codeLists].map { readCodeLists($0) } ?? []
        var items: [DataItem] = []
        var codeLists = listed
        if let sheet = tables[.dataItems] {
            (items, codeLists) = readDataItems(sheet, listedCodeLists: listed)
        }
        let resolver = ItemResolver(items: items)
        let ruleCompiler = RuleCompiler(items: items, codeLists: codeLists, resolver: resolver)
        var rules: [Rule] = []
        // Without items every rule would fail to resolve: one error (the missing sheet) says it.
        if tables[.dataItems] != nil {
            if let sheet = tables[.validations] {
                rules += readRules(sheet, kind: .dataItems, resolver: resolver, compiler: ruleCompiler)
            }
            if let sheet = tables[.fileLevelRejects] {
                rules += readRules(sheet, kind: .fileLevel, resolver: resolver, compiler: ruleCompiler)
            }
        }
        checkUniqueRuleCodes(rules)
        let changeLog = tables[.changeLog].map { readChangeLog($0) } ?? []
        let groups = Self.groups(of: items)
        return Spec(
            source: sheets.file, dataSet: dataSet, groups: groups, items: items,
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
