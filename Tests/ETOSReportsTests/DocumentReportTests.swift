import ETOSFrontend
import ETOSModel
import ETOSReports
@_spi(ETOSGenerated) import ETOSRuntime
import ETOSSpreadsheet
import Foundation
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The bundled v2.0 spec and a run with findings at every level, hostile text included.
private func document(findings count: Int = 3, listed: Int? = nil) throws -> ValidationDocument {
    let spec = try SpecCompiler.compile(contentsOf: packageRoot.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml").path, displayName: "Spec/DIDS-v2.0-ETOS.xml")
    var summary = ValidationSummary()
    summary.recordsRead = count
    summary.recordsRejected = count
    summary.headerPresent = true
    let kinds = [FindingKind(code: "DIDS026", level: .fileRejection, message: "The test date is not a valid date."),
                 FindingKind(code: "DIDS080", level: .warning, message: "The site was not open."),
                 FindingKind(code: "ETOS-CSV-QUOTE", level: .recordRejection, message: "A quoted field is not closed before the end of the file.")]
    var findings: [ReportedFinding] = []
    for record in 1...count {
        let kind = kinds[record % kinds.count]
        let finding = Finding(kind, items: kind.code == "DIDS026" ? ["DID010"] : [], values: ["<script>alert(\(record))</script>\u{1}&"])
        findings.append(ReportedFinding(finding: finding, recordNumber: record, line: record + 1, itemNames: finding.items.map { _ in "DIAGNOSTIC TEST DATE" }, key: ["S\(record)"]))
        summary.counts[kind.code, default: FindingCount(level: kind.level, count: 0)].count += 1
    }
    summary.fileRejections = ["DIDS026"]
    summary.findingsTotal = count
    let shown = Array(findings.prefix(listed ?? count))
    summary.findingsListed = shown.count
    return ValidationDocument(spec: spec, submission: "trust & co <April>.csv", summary: summary, findings: shown, maxFindings: listed)
}

@Suite("Reports people read: HTML and xlsx")
struct DocumentReportTests {
    @Test func theHTMLPageShowsTheVerdictChartRulesAndFindings() throws {
        let html = HTMLReport.render(try document())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""))
        #expect(!html.contains("<script"), "no script, so no console errors and nothing to run")
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").dropFirst().allSatisfy { $0.hasPrefix("www.w3.org/2000/svg") })
        #expect(html.contains("<section id=\"verdict\" class=\"verdict rejected\"><h2>File rejected</h2>"))
        #expect(html.contains("<li>DIDS026 (DIAGNOSTIC TEST REQUEST DATE): Must be a valid date</li>"))
        // One bar per code, each linking to its rule, which names the sentence and the cell.
        #expect(html.components(separatedBy: "<rect class=").count - 1 == 3)
        #expect(html.contains("<a href=\"#rule-DIDS080\">"))
        #expect(html.contains("<tr id=\"rule-DIDS026\"><td><code>DIDS026</code></td><td class=\"level file-rejection\">file-rejection</td><td class=\"number\">1</td><td>DIAGNOSTIC TEST REQUEST DATE</td><td>Must be a valid date</td><td>Spec/DIDS-v2.0-ETOS.xml: Validations – Data Items!A21</td></tr>"))
        #expect(html.contains("<tr id=\"rule-ETOS-CSV-QUOTE\">"))
        // Hostile values are text, never markup; a control character becomes U+FFFD.
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;\u{FFFD}&amp;"))
        #expect(html.contains("<code>trust &amp; co &lt;April&gt;.csv</code>"))
        #expect(html == HTMLReport.render(try document()))
    }

    /// Large files: findings in collapsible pages, and the cap said plainly.
    @Test func findingsArePagedAndTheCapIsSaid() throws {
        let html = HTMLReport.render(try document(findings: 1_200, listed: 1_100))
        #expect(html.components(separatedBy: "<details").count - 1 == 3)
        #expect(html.contains("<details open><summary>Findings 1–500</summary>"))
        #expect(html.contains("<details><summary>Findings 1001–1100</summary>"))
        #expect(html.contains("Listing 1100 of 1200 findings (--max-findings 1100; --all-findings lists every one); the counts cover every finding."))
        #expect(!html.contains("<td class=\"number\">1101</td><td class=\"number\">1102</td>"))
        #expect(html.contains("<td class=\"number\">1100</td><td class=\"number\">1101</td>"))
        #expect(!HTMLReport.render(try document()).contains("class=\"cap\""))
    }

    /// The workbook, read back by the project's own .xlsx reader: sheets Summary and Findings,
    /// numbers as numbers, the cap in the summary; the same run gives the same bytes.
    @Test func theWorkbookReadsBackWithItsTwoSheets() throws {
        let report = try document(findings: 40, listed: 25)
        let bytes = try XLSXReport.render(report)
        #expect(bytes == (try XLSXReport.render(report)))
        let workbook = try SpreadsheetReader.read(data: Data(bytes), file: "report.xlsx")
        #expect(workbook.sheets.map(\.name) == ["Summary", "Findings"])
        // Each row's values by column (a cell left empty reads as no cell).
        func rows(_ sheet: Int) -> [[String]] {
            workbook.sheets[sheet].rows.map { row in
                var values = [String](repeating: "", count: row.cells.map(\.column).max() ?? 0)
                for cell in row.cells { values[cell.column - 1] = cell.value }
                return values
            }
        }
        let summary = rows(0)
        #expect(summary.contains(["Verdict", "File rejected"]))
        #expect(summary.contains(["Findings", "40"]))
        #expect(summary.contains(["Findings listed", "25"]))
        #expect(summary.contains { $0.last == "Listing 25 of 40 findings (--max-findings 25; --all-findings lists every one); the counts cover every finding." })
        #expect(summary.contains(["DIDS026", "file-rejection", "13", "DIAGNOSTIC TEST REQUEST DATE", "Must be a valid date", "Spec/DIDS-v2.0-ETOS.xml: Validations – Data Items!A21"]))
        let findings = rows(1)
        #expect(findings.count == 26)
        #expect(findings[0] == ["Record", "Line", "Code", "Level", "Items", "Values", "Key", "Message"])
        #expect(findings[1] == ["1", "2", "DIDS080", "warning", "", "<script>alert(1)</script>\u{FFFD}&", "S1", "The site was not open."])
        #expect(workbook.sheets[1].rows[1].cells[0].type == .number)
    }

    /// openpyxl (the library most Python data teams open workbooks with) reads it too.
    @Test(.enabled(if: Python.hasOpenpyxl, "openpyxl not installed (pip install openpyxl)"))
    func openpyxlReadsTheWorkbook() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("etos-report-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: path) }
        try Data(try XLSXReport.render(try document(findings: 5))).write(to: path)
        let script = "import openpyxl,sys\nwb=openpyxl.load_workbook(sys.argv[1])\nprint(wb.sheetnames, wb['Findings'].max_row, wb['Findings']['A2'].value, wb['Summary']['B4'].value)"
        let output = try Python.run(["-c", script, path.path])
        #expect(output == "['Summary', 'Findings'] 6 1 File rejected\n")
    }
}

/// Python, for the interoperability check.
private enum Python {
    static let hasOpenpyxl = (try? run(["-c", "import openpyxl"])) != nil

    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return String(decoding: output, as: UTF8.self)
    }
}
