import ETOSModel
import ETOSSpreadsheet

/// A tabular sheet once its header row is found: data rows addressed by canonical column.
struct SheetTable {
    /// One row below the header.
    struct Record {
        let row: Row
        let columns: [String: Int]
        let sheet: String
        let file: String

        /// The trimmed text of a column, nil when blank or the column is absent.
        func text(_ canonical: String) -> String? {
            guard let cell = cell(canonical) else { return nil }
            let trimmed = trim(cell.value)
            return trimmed.isEmpty ? nil : trimmed
        }

        func cell(_ canonical: String) -> Cell? {
            guard let column = columns[canonical] else { return nil }
            return row.cell(at: column)
        }

        /// Where a column's cell is, or would be when blank.
        func location(_ canonical: String) -> SourceLocation {
            if let cell = cell(canonical) { return cell.location }
            var location = row.location
            location.sheet = sheet
            location.cellReference = "\(columnLetters(columns[canonical] ?? 1))\(row.index)"
            return location
        }

        /// True when the row is a single merged cell: a title (for example a group name).
        var isTitle: Bool { row.cells.count == 1 && row.cells[0].mergeAcross > 0 }

        var isBlank: Bool { row.cells.allSatisfy { trim($0.value).isEmpty } }
    }

    let sheet: Worksheet
    let headerRow: Row
    /// Canonical column name → 1-based column.
    let columns: [String: Int]
    let records: [Record]

    /// Finds the header row: the first row holding every required column.
    ///
    /// Missing required columns are reported against the row that came closest.
    /// Unknown headings are notes.
    static func locate(in sheet: Worksheet, layout: Layout.SheetLayout, file: String, diagnostics: inout [Diagnostic]) -> SheetTable? {
        var best: (row: Row, missing: [Layout.Column])?
        for row in sheet.rows {
            let headings = row.cells.map { HeadingName($0.value) }
            let missing = layout.columns.filter { column in
                column.required && !headings.contains { column.names.contains($0) }
            }
            if missing.isEmpty {
                return SheetTable(sheet: sheet, header: row, layout: layout, file: file, diagnostics: &diagnostics)
            }
            let found = layout.columns.count - missing.count
            if found > 0, best == nil || missing.count < best!.missing.count { best = (row, missing) }
        }
        var location = best?.row.location ?? sheet.location
        location.sheet = sheet.name
        location.cellReference = "A\(best?.row.index ?? 1)"
        let missing = (best?.missing ?? layout.columns.filter(\.required)).map { column in
            column.synonyms.isEmpty ? "'\(column.canonical)'" : "'\(column.canonical)' (or \(column.synonyms.map { "'\($0)'" }.joined(separator: ", ")))"
        }
        diagnostics.append(Diagnostic(.error, "sheet '\(sheet.name)' has no header row with the required column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))", at: location))
        return nil
    }

    private init(sheet: Worksheet, header: Row, layout: Layout.SheetLayout, file: String, diagnostics: inout [Diagnostic]) {
        self.sheet = sheet
        self.headerRow = header
        var columns: [String: Int] = [:]
        for cell in header.cells {
            let heading = HeadingName(cell.value)
            guard !heading.key.isEmpty else { continue }
            if let column = layout.columns.first(where: { $0.names.contains(heading) }) {
                if columns[column.canonical] != nil {
                    diagnostics.append(Diagnostic(.warning, "column '\(cell.value)' repeats '\(column.canonical)'; the first one is used", at: cell.location))
                } else {
                    columns[column.canonical] = cell.column
                }
            } else {
                diagnostics.append(Diagnostic(.note, "column '\(cell.value)' is not part of the ETOS layout and is ignored", at: cell.location))
            }
        }
        self.columns = columns
        self.records = sheet.rows.filter { $0.index > header.index }.map { Record(row: $0, columns: columns, sheet: sheet.name, file: file) }
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

extension Worksheet {
    /// Where a whole sheet is, as a location naming its first cell.
    var headLocation: SourceLocation {
        var location = self.location
        location.sheet = name
        location.cellReference = "A1"
        return location
    }
}
