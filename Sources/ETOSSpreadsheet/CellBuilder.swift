import ETOSModel
import Foundation

/// What every reader does when a cell ends: normalise line breaks, drop empty cells,
/// give the location its `Sheet!B7`.
enum CellBuilder {
    /// The finished cell, or nil when it holds nothing (no value, comment or merge).
    static func make(
        row: Int, column: Int, value: String, type: Cell.DataType, comment: String?, formula: String?,
        mergeAcross: Int, mergeDown: Int, location: SourceLocation, sheet: String
    ) -> Cell? {
        let value = normaliseLineBreaks(value)
        let comment = comment.map(normaliseLineBreaks)
        guard !value.isEmpty || comment != nil || mergeAcross > 0 || mergeDown > 0 else { return nil }
        var location = location
        location.sheet = sheet
        location.cellReference = "\(columnLetters(column))\(row)"
        return Cell(row: row, column: column, value: value, type: type, comment: comment, formula: formula,
                    mergeAcross: mergeAcross, mergeDown: mergeDown, location: location)
    }

    /// `\r\n` and lone `\r` become `\n`.
    static func normaliseLineBreaks(_ text: String) -> String {
        guard containsCarriageReturn(text) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// Whether `text` holds a carriage return, searched with `memchr` over its bytes when
    /// they are contiguous (cells can be kilobytes of notes).
    private static func containsCarriageReturn(_ text: String) -> Bool {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, 13, bytes.count) != nil } ?? false
        }
        return found ?? text.utf8.contains(13)
    }
}

/// Names a document that is not the spreadsheet format expected.
enum ForeignDocument {
    static func describe(root name: String, namespace: String) -> String {
        switch (name.lowercased(), namespace) {
        case ("workbook", _) where namespace.isEmpty:
            return "a Workbook element without the SpreadsheetML namespace (\(SpreadsheetMLReader.namespace))"
        case ("worksheet", let ns) where ns.contains("openxmlformats") || ns.contains("purl.oclc.org/ooxml"),
             ("workbook", let ns) where ns.contains("openxmlformats") || ns.contains("purl.oclc.org/ooxml"),
             ("sst", let ns) where ns.contains("openxmlformats"):
            return "a part of an .xlsx workbook (Office Open XML) taken out of its archive: pass the .xlsx file itself"
        case ("html", _):
            return "an HTML page (a spreadsheet saved as HTML with an .xls name), not a spreadsheet the compiler reads"
        case ("document", let ns) where ns.contains("opendocument"):
            return "a flat OpenDocument document that is not a spreadsheet"
        default:
            return "XML whose root is <\(name)>\(namespace.isEmpty ? "" : " in \(namespace)"), such as Excel's “XML Data” export; an ETOS must be an .xlsx workbook, a flat OpenDocument spreadsheet (.fods) or “XML Spreadsheet 2003” (root <Workbook> in \(SpreadsheetMLReader.namespace))"
        }
    }
}
