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

    init(file: String, layout: Layout) {
        self.file = file
        self.layout = layout
    }

    mutating func beginSheet(named name: String, at location: SourceLocation) {
        current = nil
        var head = location
        head.sheet = name
        head.cellReference = "A1"
        let heading = HeadingName(name)
        guard let sheet = layout.sheets.first(where: { $0.names.contains(heading) }) else {
            diagnostics.append(Diagnostic(.note, "sheet '\(name)' is not part of the ETOS layout and is ignored", at: head))
            return
        }
        guard tables[sheet.kind] == nil, !(sheet.kind == .dataSet && dataSet != nil) else {
            diagnostics.append(Diagnostic(.warning, "sheet '\(name)' is a second '\(sheet.kind.rawValue)' sheet and is ignored", at: head))
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
        switch current {
        case nil: break
        case .dataSet: dataSet?.consume(row)
        case let kind?: tables[kind]?.consume(row)
        }
    }

    mutating func endSheet() {
        current = nil
    }

    /// Required sheets the workbook did not have, as errors.
    func missingSheets() -> [Diagnostic] {
        let start = SourceLocation(file: file, line: 1, column: 1)
        var found = layout.sheets.filter { sheet in
            sheet.required && (sheet.kind == .dataSet ? dataSet == nil && layout.dataSet == nil : tables[sheet.kind] == nil)
        }.map { sheet in
            let names = ([sheet.kind.rawValue] + sheet.synonyms).map { "'\($0)'" }.joined(separator: ", ")
            let hint = sheet.kind == .dataSet ? ", or a layout file's \"dataSet\": {\"name\": …, \"shortName\": …, \"version\": …}" : ""
            return Diagnostic(.error, "no '\(sheet.kind.rawValue)' sheet: looked for a sheet named \(names)\(hint)", at: start)
        }
        if tables[.validations] == nil && tables[.fileLevelRejects] == nil {
            found.append(Diagnostic(.note, "no validation sheets: the workbook is a TOS, not an ETOS; the checks its items' formats, mandation and national codes imply are generated", at: start))
        }
        return found
    }
}
