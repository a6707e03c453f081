import ETOSFrontend
import ETOSModel
import ETOSSpreadsheet
import Foundation

/// Writes small SpreadsheetML workbooks for tests: each sheet a list of rows, each row a
/// list of cell texts (nil leaves the cell out; a row of one `TitleCell` is a merged title).
struct WorkbookBuilder {
    struct Sheet {
        var name: String
        var rows: [[String?]]
    }

    var sheets: [Sheet] = []

    mutating func sheet(_ name: String, _ rows: [[String?]]) {
        sheets.append(Sheet(name: name, rows: rows))
    }

    /// A row that is one title cell merged across `width` columns.
    static func title(_ text: String, width: Int = 4) -> [String?] {
        ["\u{1}\(width)\u{1}" + text]
    }

    var xml: String {
        var out = """
        <?xml version="1.0"?>
        <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">

        """
        for sheet in sheets {
            out += " <Worksheet ss:Name=\"\(escape(sheet.name))\">\n  <Table>\n"
            for row in sheet.rows {
                out += "   <Row>"
                for (index, cell) in row.enumerated() {
                    guard let cell else { continue }
                    if cell.hasPrefix("\u{1}") {
                        let parts = cell.split(separator: "\u{1}", omittingEmptySubsequences: false)
                        out += "<Cell ss:Index=\"\(index + 1)\" ss:MergeAcross=\"\(parts[1])\"><Data ss:Type=\"String\">\(escape(String(parts[2])))</Data></Cell>"
                    } else {
                        out += "<Cell ss:Index=\"\(index + 1)\"><Data ss:Type=\"String\">\(escape(cell))</Data></Cell>"
                    }
                }
                out += "</Row>\n"
            }
            out += "  </Table>\n </Worksheet>\n"
        }
        return out + "</Workbook>\n"
    }

    func compile(layout: Layout = .etos) throws -> Spec {
        SpecCompiler.compile(try SpreadsheetMLReader.read(data: Data(xml.utf8), file: "test.xml"), layout: layout)
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "\n", with: "&#10;")
    }

    /// A minimal valid ETOS: two items, one code list, two rules.
    static func minimal() -> WorkbookBuilder {
        var builder = WorkbookBuilder()
        builder.sheet("Data Set", [["Data Set Name", "Test Data Set"], ["Short Name", "TDS"], ["Version", "1.0"]])
        builder.sheet("Data Items", [
            ["UID", "Data Item Name", "Format", "Mandation", "National Codes", "Group"],
            ["T1", "PERSON BIRTH DATE", "an10 CCYY-MM-DD", "M", nil, "Patient"],
            ["T2", "GENDER CODE", "an1", "R", "1 = Male\n2 = Female", "Patient"],
        ])
        builder.sheet("Validations - Data Items", [
            ["Error Code", "Data Item", "Validation", "Level", "Error Message"],
            ["TDS001", "PERSON BIRTH DATE", "Must be populated", "Record Rejection", "Birth date missing."],
            ["TDS002", "T2", "Must be a valid national code", "Warning", nil],
        ])
        return builder
    }
}

extension Spec {
    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    var notes: [Diagnostic] { diagnostics.filter { $0.severity == .note } }
}

/// The package root (for Spec/ and Generated/).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
