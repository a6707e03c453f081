import ETOSModel
import ETOSSpreadsheet
import Foundation

/// An Excel-style workbook around `body` (one or more `<Worksheet>` elements).
func excelWorkbook(_ body: String) -> String {
    """
    <?xml version="1.0"?>
    <?mso-application progid="Excel.Sheet"?>
    <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
     xmlns:o="urn:schemas-microsoft-com:office:office"
     xmlns:x="urn:schemas-microsoft-com:office:excel"
     xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
     xmlns:html="http://www.w3.org/TR/REC-html40">
     <Styles>
      <Style ss:ID="Default" ss:Name="Normal"><Font ss:FontName="Calibri"/></Style>
     </Styles>
    \(body)
    </Workbook>
    """
}

func readWorkbook(_ xml: String, file: String = "book.xml") throws(DiagnosticsError) -> Workbook {
    try SpreadsheetMLReader.read(data: Data(xml.utf8), file: file)
}

/// The diagnostics a read throws, or an empty list when it succeeds.
func readErrors(_ xml: String) -> [Diagnostic] {
    do {
        _ = try readWorkbook(xml)
        return []
    } catch {
        return error.diagnostics
    }
}

extension Workbook {
    func sheet(_ name: String) -> Worksheet? { sheets.first { $0.name == name } }
}

extension Worksheet {
    /// The cell at an A1 reference, e.g. `B7`.
    func cell(_ reference: String) -> Cell? {
        rows.lazy.flatMap(\.cells).first { $0.location.cellReference == reference }
    }
}

/// The directory of fixture files.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
