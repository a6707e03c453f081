import Foundation
import ETOSModel
import ETOSSpreadsheet

extension SpecCompiler {
    /// Reads the key/value rows of the Data Set (cover) sheet.
    mutating func readDataSet(_ sheet: Worksheet) -> DataSetInfo {
        let layout = layout.sheet(.dataSet)
        var values: [String: String] = [:]
        for row in sheet.rows {
            let cells = row.cells.filter { !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            guard cells.count >= 2 else { continue }
            let key = HeadingName(cells[0].value.trimmingCharacters(in: CharacterSet(charactersIn: ": ")))
            guard let column = layout.columns.first(where: { $0.names.contains(key) }), values[column.canonical] == nil else { continue }
            values[column.canonical] = cells[1].value.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        for column in layout.columns where column.required && values[column.canonical] == nil {
            let names = column.names.map { "'\($0.key)'" }.joined(separator: " or ")
            error("sheet '\(sheet.name)' has no '\(column.canonical)' row: looked for a row whose first cell is \(names) followed by its value", at: sheet.headLocation)
        }
        let publicationDate = values["Publication Date"].map { $0.count > 10 && $0.dropFirst(10).hasPrefix("T") ? String($0.prefix(10)) : $0 }
        return DataSetInfo(
            name: values["Data Set Name"] ?? "", shortName: values["Short Name"] ?? "", version: values["Version"] ?? "",
            publicationDate: publicationDate, status: values["Status"], notes: values["Notes"]
        )
    }

    /// Reads the change log rows.
    mutating func readChangeLog(_ sheet: Worksheet) -> [ChangeLogEntry] {
        guard let table = SheetTable.locate(in: sheet, layout: layout.sheet(.changeLog), file: workbook.file, diagnostics: &diagnostics) else { return [] }
        return table.records.compactMap { record in
            guard let version = record.text("Version"), let change = record.text("Change") else { return nil }
            return ChangeLogEntry(version: version, change: change, date: record.text("Date"))
        }
    }
}
