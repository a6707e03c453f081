import ETOSModel
import ETOSSpreadsheet
import Foundation

/// Compiles a ``Workbook`` holding an ETOS into a ``Spec``, collecting every diagnostic.
///
/// It never stops at the first problem: each sheet is read as far as it can be, and the
/// spec returned carries all diagnostics (check ``Array/hasErrors`` before generating).
public struct SpecCompiler {
    let workbook: Workbook
    let layout: Layout
    var diagnostics: [Diagnostic] = []

    /// Reads and compiles the spec file at `path`; `displayName` is what diagnostics show.
    /// Throws only when the file cannot be read as a spreadsheet at all.
    public static func compile(contentsOf path: String, displayName: String? = nil, layout: Layout = .etos) throws(DiagnosticsError) -> Spec {
        let workbook = try SpreadsheetReader.read(contentsOf: path, displayName: displayName)
        return compile(workbook, layout: layout)
    }

    /// Compiles a workbook already read.
    public static func compile(_ workbook: Workbook, layout: Layout = .etos) -> Spec {
        var compiler = SpecCompiler(workbook: workbook, layout: layout)
        return compiler.run()
    }

    private mutating func run() -> Spec {
        let sheets = assignSheets()
        let dataSet = sheets[.dataSet].map { readDataSet($0) } ?? DataSetInfo(name: "", shortName: "", version: "")
        let listed = sheets[.codeLists].map { readCodeLists($0) } ?? []
        var items: [DataItem] = []
        var codeLists = listed
        if let sheet = sheets[.dataItems] {
            (items, codeLists) = readDataItems(sheet, listedCodeLists: listed)
        }
        let resolver = ItemResolver(items: items)
        let ruleCompiler = RuleCompiler(items: items, codeLists: codeLists, resolver: resolver)
        var rules: [Rule] = []
        if let sheet = sheets[.validations] {
            rules += readRules(sheet, kind: .dataItems, resolver: resolver, compiler: ruleCompiler)
        }
        if let sheet = sheets[.fileLevelRejects] {
            rules += readRules(sheet, kind: .fileLevel, resolver: resolver, compiler: ruleCompiler)
        }
        checkUniqueRuleCodes(rules)
        let changeLog = sheets[.changeLog].map { readChangeLog($0) } ?? []
        let groups = Self.groups(of: items)
        return Spec(
            source: workbook.file, dataSet: dataSet, groups: groups, items: items,
            codeLists: codeLists.sorted { $0.name < $1.name }, rules: rules, changeLog: changeLog,
            diagnostics: diagnostics
        )
    }

    /// Matches each workbook sheet to a sheet kind by name; reports unknown and missing sheets.
    private mutating func assignSheets() -> [Layout.SheetKind: Worksheet] {
        var assigned: [Layout.SheetKind: Worksheet] = [:]
        for sheet in workbook.sheets {
            let name = HeadingName(sheet.name)
            guard let layoutSheet = layout.sheets.first(where: { $0.names.contains(name) }) else {
                diagnostics.append(Diagnostic(.note, "sheet '\(sheet.name)' is not part of the ETOS layout and is ignored", at: sheet.headLocation))
                continue
            }
            if assigned[layoutSheet.kind] != nil {
                diagnostics.append(Diagnostic(.warning, "sheet '\(sheet.name)' is a second '\(layoutSheet.kind.rawValue)' sheet and is ignored", at: sheet.headLocation))
                continue
            }
            assigned[layoutSheet.kind] = sheet
        }
        for sheet in layout.sheets where sheet.required && assigned[sheet.kind] == nil {
            let names = ([sheet.kind.rawValue] + sheet.synonyms).map { "'\($0)'" }.joined(separator: ", ")
            diagnostics.append(Diagnostic(.error, "no '\(sheet.kind.rawValue)' sheet: looked for a sheet named \(names)", at: SourceLocation(file: workbook.file, line: 1, column: 1)))
        }
        return assigned
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
