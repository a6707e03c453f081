import ETOSModel
import ETOSSpreadsheet
import Foundation

/// A tabular sheet once its header row is found: data rows addressed by canonical column.
///
/// Rows are kept compactly (the trimmed text and position of each cell in a known column),
/// so a sheet costs memory in proportion to its content, not to its XML.
struct SheetTable {
    /// What every record of one table shares.
    final class Context {
        /// Canonical column name → 1-based column.
        let columns: [String: Int]
        /// The columns a record keeps.
        let known: Set<Int>
        let sheet: String
        /// The file the sheet's locations name.
        let file: String
        /// The archive member the sheet is read from (for .xlsx, its sheet part).
        let part: String?
        /// The header's first column: a row whose only cell is there is a title.
        let firstColumn: Int

        init(columns: [String: Int], sheet: String, file: String, part: String?, firstColumn: Int) {
            self.columns = columns
            known = Set(columns.values)
            self.sheet = sheet
            self.file = file
            self.part = part
            self.firstColumn = firstColumn
        }
    }

    /// A cell in one of the table's columns: its trimmed text and the position of its element.
    struct Field {
        let column: Int32
        let line: Int32
        let position: Int32
        let text: String
    }

    /// One row below the header.
    struct Record {
        let context: Context
        /// 1-based row number.
        let index: Int
        let line: Int32
        let position: Int32
        /// Cells in the table's columns, in column order.
        let fields: [Field]
        /// The text of a row that is a single merged cell, or has a single non-blank cell: a
        /// title (for example a group name, as real TOS workbooks put them between items).
        let title: String?
        /// Whether the title is a merged cell (an unmerged one may be an item missing its cells).
        let titleIsMerged: Bool
        let isBlank: Bool

        init(row: Row, context: Context) {
            self.context = context
            index = row.index
            line = Int32(clamping: row.location.line)
            position = Int32(clamping: row.location.column)
            fields = row.cells.filter { context.known.contains($0.column) }.map { cell in
                Field(column: Int32(clamping: cell.column), line: Int32(clamping: cell.location.line),
                      position: Int32(clamping: cell.location.column), text: trim(cell.value))
            }
            let filled = row.cells.filter { !trim($0.value).isEmpty }
            titleIsMerged = row.cells.count == 1 && row.cells[0].mergeAcross > 0
            title = titleIsMerged || (filled.count == 1 && filled[0].column == context.firstColumn)
                ? filled.first.map { $0.value.trimmingCharacters(in: .whitespacesAndNewlines) } : nil
            isBlank = row.cells.allSatisfy { trim($0.value).isEmpty }
        }

        /// The trimmed text of a column, nil when blank or the column is absent.
        func text(_ canonical: String) -> String? {
            guard let field = field(canonical), !field.text.isEmpty else { return nil }
            return field.text
        }

        private func field(_ canonical: String) -> Field? {
            guard let column = context.columns[canonical] else { return nil }
            return fields.first { $0.column == column }
        }

        /// Where a column's cell is, or would be when blank.
        func location(_ canonical: String) -> SourceLocation {
            let field = field(canonical)
            let column = field.map { Int($0.column) } ?? context.columns[canonical] ?? 1
            return SourceLocation(
                file: context.file, line: Int(field?.line ?? line), column: Int(field?.position ?? position),
                sheet: context.sheet, cellReference: "\(columnLetters(column))\(index)", part: context.part
            )
        }

        /// True when the row is a single merged cell: a title (for example a group name).
        var isTitle: Bool { title != nil }
    }

    /// The header's row number; rows above it are not records.
    let headerIndex: Int
    /// Where the header row is.
    let headerLocation: SourceLocation
    let context: Context
    /// Canonical column name → 1-based column.
    var columns: [String: Int] { context.columns }
    var records: [Record] = []
}

/// Builds a ``SheetTable`` from a sheet's rows as they are read: the header is the first row
/// holding every required column; the rows after it become records.
struct SheetTableBuilder {
    let layout: Layout.SheetLayout
    let sheet: String
    let location: SourceLocation
    private(set) var table: SheetTable?
    /// Problems with the header, in the order found.
    private(set) var diagnostics: [Diagnostic] = []
    /// The row that came closest to a header, with the required columns it lacks.
    private var best: (index: Int, location: SourceLocation, missing: [Layout.Column])?

    init(layout: Layout.SheetLayout, sheet: String, location: SourceLocation) {
        self.layout = layout
        self.sheet = sheet
        self.location = location
    }

    mutating func consume(_ row: Row) {
        if table != nil {
            if row.index > table!.headerIndex { table!.records.append(SheetTable.Record(row: row, context: table!.context)) }
            return
        }
        let headings = row.cells.map { HeadingName($0.value) }
        let missing = layout.columns.filter { column in
            column.required && !headings.contains { column.names.contains($0) }
        }
        if missing.isEmpty {
            table = SheetTable(headerIndex: row.index, headerLocation: row.location, context: header(row))
            return
        }
        let found = layout.columns.count - missing.count
        if found > 0, best == nil || missing.count < best!.missing.count { best = (row.index, row.location, missing) }
    }

    /// The table, or nil with an error naming the missing columns when no row was a header.
    mutating func finish() -> SheetTable? {
        if let table { return table }
        var location = best?.location ?? location
        location.sheet = sheet
        location.cellReference = "A\(best?.index ?? 1)"
        let missing = (best?.missing ?? layout.columns.filter(\.required)).map { column in
            column.synonyms.isEmpty ? "'\(column.canonical)'" : "'\(column.canonical)' (or \(column.synonyms.map { "'\($0)'" }.joined(separator: ", ")))"
        }
        diagnostics.append(Diagnostic(.error, "sheet '\(sheet)' has no header row with the required column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))", at: location))
        return nil
    }

    /// The header's columns; repeated and unknown headings are reported.
    private mutating func header(_ row: Row) -> SheetTable.Context {
        var columns: [String: Int] = [:]
        var unknown: [Cell] = []
        for cell in row.cells {
            let heading = HeadingName(cell.value)
            guard !heading.key.isEmpty else { continue }
            if let column = layout.columns.first(where: { $0.names.contains(heading) }) {
                if columns[column.canonical] != nil {
                    diagnostics.append(Diagnostic(.warning, "column '\(cell.value)' repeats '\(column.canonical)'; the first one is used and this one's values are not read", at: cell.location, weakensEnforcement: true))
                } else {
                    columns[column.canonical] = cell.column
                }
            } else {
                unknown.append(cell)
            }
        }
        // Judged once every known column is found: a close miss names a column the header lacks.
        let missing = layout.columns.filter { columns[$0.canonical] == nil }.map { ($0.canonical, $0.names) }
        for cell in unknown {
            if let meant = HeadingName(cell.value).closeMiss(among: missing) {
                // A misspelt or reworded heading (`Mandatory?` for `Mandation`) drops that
                // column's values: every item would lose what the column says.
                diagnostics.append(Diagnostic(.warning, "column '\(cell.value)' is not part of the ETOS layout and is ignored: did you mean '\(meant)'? Its values are not read", at: cell.location, weakensEnforcement: true))
            } else {
                diagnostics.append(Diagnostic(.warning, "column '\(cell.value)' is not part of the ETOS layout and is ignored (a layout file can name it; see Spec/README.md)", at: cell.location, weakensEnforcement: true))
            }
        }
        let first = row.cells.first { !HeadingName($0.value).key.isEmpty }?.column ?? 1
        return SheetTable.Context(columns: columns, sheet: sheet, file: row.location.file, part: row.location.part, firstColumn: first)
    }
}

/// `text` without leading and trailing white space and line breaks (without Foundation's
/// bridging, which dominated compile time on large specs).
func trim(_ text: String) -> String {
    guard let first = text.unicodeScalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let last = text.unicodeScalars.lastIndex(where: { !$0.properties.isWhitespace })!
    if first == text.startIndex, text.unicodeScalars.index(after: last) == text.endIndex { return text }
    return String(text.unicodeScalars[first...last])
}
