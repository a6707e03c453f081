import Foundation
import ETOSModel
import ETOSSpreadsheet

/// The key/value rows of the Data Set (cover) sheet, gathered as they are read: a row's
/// first non-blank cell names a field, its second holds the value; the first row wins.
struct DataSetValues {
    let layout: Layout.SheetLayout
    let sheet: String
    /// The sheet's first cell, where a missing field is reported.
    let location: SourceLocation
    private(set) var values: [String: String] = [:]

    init(layout: Layout.SheetLayout, sheet: String, location: SourceLocation) {
        self.layout = layout
        self.sheet = sheet
        self.location = location
    }

    mutating func consume(_ row: Row) {
        let cells = row.cells.filter { !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        guard cells.count >= 2 else { return }
        let key = HeadingName(cells[0].value.trimmingCharacters(in: CharacterSet(charactersIn: ": ")))
        guard let column = layout.columns.first(where: { $0.names.contains(key) }), values[column.canonical] == nil else { return }
        values[column.canonical] = cells[1].value.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension SpecCompiler {
    /// The data set's identity from its cover sheet; each required field missing is an error.
    mutating func readDataSet(_ sheet: DataSetValues) -> DataSetInfo {
        let values = sheet.values
        for column in sheet.layout.columns where column.required && values[column.canonical] == nil {
            let names = column.names.map { "'\($0.key)'" }.joined(separator: " or ")
            error("sheet '\(sheet.sheet)' has no '\(column.canonical)' row: looked for a row whose first cell is \(names) followed by its value", at: sheet.location)
        }
        let publicationDate = values["Publication Date"].map { $0.count > 10 && $0.dropFirst(10).hasPrefix("T") ? String($0.prefix(10)) : $0 }
        var rejectionLevel: FindingLevel?
        if let text = values["Rejection Level"] {
            rejectionLevel = FindingLevel(cellText: text)
            if rejectionLevel == nil || rejectionLevel == .warning {
                error("sheet '\(sheet.sheet)': rejection level '\(text)' is not File Rejection or Record Rejection", at: sheet.location)
                rejectionLevel = nil
            }
        }
        return DataSetInfo(
            name: values["Data Set Name"] ?? "", shortName: values["Short Name"] ?? "", version: values["Version"] ?? "",
            publicationDate: publicationDate, status: values["Status"], notes: values["Notes"], rejectionLevel: rejectionLevel
        )
    }

    /// Reads the change log rows.
    mutating func readChangeLog(_ sheet: SheetTableBuilder) -> [ChangeLogEntry] {
        guard let table = located(sheet) else { return [] }
        return table.records.compactMap { record in
            guard let version = record.text("Version"), let change = record.text("Change") else { return nil }
            return ChangeLogEntry(version: version, change: change, date: record.text("Date"))
        }
    }
}
