import ETOSModel
import ETOSSpreadsheet

/// Takes an ETOS workbook row by row as it is read and keeps only what the compiler needs:
/// each known sheet's table of records (compactly) and the Data Set sheet's values.
/// Sheets are matched to the layout by name; unknown and repeated sheets are reported and
/// their rows dropped at once.
struct SpecSheets: WorkbookConsumer {
    let file: String
    let layout: Layout
    /// Notes and warnings about the sheets themselves, in the order the sheets came.
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var dataSet: DataSetValues?
    private(set) var tables: [Layout.SheetKind: SheetTableBuilder] = [:]
    private var current: Layout.SheetKind?
    /// Every sheet's name, in workbook order, and where each sheet not in the layout starts.
    private var sheetNames: [String] = []
    private var unknownSheets: [(name: String, location: SourceLocation)] = []
    /// Sheets not in the layout, read as Data Items sheets: a relational workbook may give each
    /// table's items on a sheet named after the table. Used only when the Tables sheet names them.
    private(set) var tableSheets: [(name: String, table: SheetTableBuilder)] = []
    private var currentTableSheet: Int?

    init(file: String, layout: Layout) {
        self.file = file
        self.layout = layout
    }

    mutating func beginSheet(named name: String, at location: SourceLocation) {
        current = nil
        currentTableSheet = nil
        var head = location
        head.sheet = name
        head.cellReference = "A1"
        let heading = HeadingName(name)
        sheetNames.append(name)
        guard let sheet = layout.sheets.first(where: { $0.names.contains(heading) }) else {
            unknownSheets.append((name, head))
            currentTableSheet = tableSheets.count
            tableSheets.append((name, SheetTableBuilder(layout: layout.sheet(.dataItems), sheet: name, location: location)))
            return
        }
        guard !has(sheet.kind) else {
            diagnostics.append(Diagnostic(.warning, "sheet '\(name)' is a second '\(sheet.kind.rawValue)' sheet and is ignored", at: head, weakensEnforcement: true))
            return
        }
        current = sheet.kind
        if sheet.kind == .dataSet {
            dataSet = DataSetValues(layout: sheet, sheet: name, location: head)
        } else {
            tables[sheet.kind] = SheetTableBuilder(layout: sheet, sheet: name, location: location)
        }
    }

    mutating func consume(_ row: Row) {
        if let index = currentTableSheet {
            tableSheets[index].table.consume(row)
            return
        }
        switch current {
        case nil: break
        case .dataSet: dataSet?.consume(row)
        case let kind?: tables[kind]?.consume(row)
        }
    }

    mutating func endSheet() {
        current = nil
        currentTableSheet = nil
    }

    private func has(_ kind: Layout.SheetKind) -> Bool {
        kind == .dataSet ? dataSet != nil : tables[kind] != nil
    }

    /// What the workbook's sheets leave out, once all are read: sheets not in the layout (a
    /// warning with "did you mean" when the name is close to a sheet the workbook lacks, whose
    /// rows would be lost), and required sheets missing, as errors naming the sheets there are.
    /// `tableSheets` are the sheets read as tables' items (not reported as unknown).
    func sheetProblems(tableSheets: Set<String> = []) -> [Diagnostic] {
        let absent = layout.sheets.filter { !has($0.kind) }
        var found: [Diagnostic] = []
        var meant: Set<Layout.SheetKind> = []
        for sheet in unknownSheets where !tableSheets.contains(sheet.name) {
            if let kind = HeadingName(sheet.name).closeMiss(among: absent.map { ($0.kind.rawValue, $0.names) }) {
                meant.insert(Layout.SheetKind(rawValue: kind)!)
                found.append(Diagnostic(.warning, "sheet '\(sheet.name)' is not part of the ETOS layout and is ignored: did you mean '\(kind)'? Its rows are not read", at: sheet.location, weakensEnforcement: true))
            } else {
                found.append(Diagnostic(.note, "sheet '\(sheet.name)' is not part of the ETOS layout and is ignored", at: sheet.location))
            }
        }
        let start = SourceLocation(file: file, line: 1, column: 1)
        let present = sheetNames.isEmpty ? "the workbook has no sheets" : "the workbook's sheets are " + sheetNames.map { "'\($0)'" }.joined(separator: ", ")
        for sheet in absent where sheet.required && !(sheet.kind == .dataSet && layout.dataSet != nil) && !(sheet.kind == .dataItems && !tableSheets.isEmpty) {
            let names = ([sheet.kind.rawValue] + sheet.synonyms).map { "'\($0)'" }.joined(separator: ", ")
            let hint = sheet.kind == .dataSet ? ", or a layout file's \"dataSet\": {\"name\": …, \"shortName\": …, \"version\": …}" : ""
            let rename = meant.contains(sheet.kind) ? "" : "; rename one, or name it in a layout file"
            found.append(Diagnostic(.error, "no '\(sheet.kind.rawValue)' sheet: looked for a sheet named \(names)\(hint); \(present)\(rename)", at: start))
        }
        if !has(.validations) && !has(.fileLevelRejects) {
            found.append(Diagnostic(.note, "no validation sheets: the workbook is a TOS, not an ETOS; the checks its items' formats, mandation and national codes imply are generated", at: start))
        }
        return found
    }
}
