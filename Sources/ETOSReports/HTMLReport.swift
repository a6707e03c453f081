@_spi(ETOSGenerated) import ETOSRuntime

/// A validation run as one self-contained HTML page: no script, no request to any server
/// (its Content-Security-Policy forbids them), styles inline. It shows the verdict and why,
/// the counts, a bar chart of findings per code in inline SVG, each code's rule with its
/// sentence and cell, and the findings in collapsible pages.
public enum HTMLReport {
    /// Findings per collapsible page.
    static let pageSize = 500

    /// The page for `document`.
    public static func render(_ document: ValidationDocument) -> String {
        let e = MarkupText.escaped
        let summary = document.summary
        let state = summary.fileRejected ? "rejected" : summary.recordsRejected > 0 ? "partial" : "accepted"
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(document.submission)): \(e(document.verdict)) (\(e(document.dataSet)))</title>
        <style>\(style)</style>
        </head>
        <body>
        <header><h1>Validation report</h1><p><code>\(e(document.submission))</code> against \(e(document.dataSetName)) (\(e(document.dataSet)))</p></header>
        <section id="verdict" class="verdict \(state)"><h2>\(e(document.verdict))</h2><ul>
        """
        for reason in document.reasons { html += "<li>\(e(reason))</li>" }
        html += "</ul></section>\n"
        html += summaryTable(document)
        html += chart(document)
        html += rulesTable(document)
        html += findingsPages(document)
        html += "</body>\n</html>\n"
        return html
    }

    private static func summaryTable(_ document: ValidationDocument) -> String {
        let s = document.summary
        var rows: [(String, String)] = [
            ("Records read", "\(s.recordsRead)"), ("Accepted", "\(s.recordsAccepted)"), ("Rejected", "\(s.recordsRejected)"),
            ("Accepted with warnings", "\(s.recordsWarned)"), ("Header row", s.headerPresent ? "yes" : "no"), ("Blank lines", "\(s.blankLines)"),
            ("Findings", "\(s.findingsTotal)"),
        ]
        if !s.rulesNotRun.isEmpty { rows.append(("Rules not run", s.rulesNotRun.keys.sorted().joined(separator: ", "))) }
        if !s.notEnforced.isEmpty { rows.append(("Rules not machine-readable", s.notEnforced.map { "\($0.code) (\($0.reason))" }.joined(separator: "; "))) }
        for table in s.tables {
            let part = table.summary
            rows.append(("Table \(table.table)", table.file.map { "\($0): \(part.recordsRead) read, \(part.recordsAccepted) accepted, \(part.recordsRejected) rejected, \(part.recordsWarned) with warnings" + (part.fileRejected ? "; rejected (\(part.fileRejections.joined(separator: ", ")))" : "") } ?? "missing"))
        }
        var html = "<section id=\"summary\"><h2>Summary</h2><table class=\"facts\">"
        for (name, value) in rows { html += "<tr><th scope=\"row\">\(MarkupText.escaped(name))</th><td>\(MarkupText.escaped(value))</td></tr>" }
        return html + "</table></section>\n"
    }

    /// One horizontal bar per code, longest first, coloured by level.
    private static func chart(_ document: ValidationDocument) -> String {
        let counts = document.countsByFrequency
        guard let largest = counts.first?.count.count, largest > 0 else {
            return "<section id=\"chart\"><h2>Findings by code</h2><p>No findings.</p></section>\n"
        }
        let bar = 22, label = 150, width = 520, height = counts.count * bar + 10
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"chart-title\" width=\"\(label + width + 90)\" height=\"\(height)\" viewBox=\"0 0 \(label + width + 90) \(height)\">"
        svg += "<title id=\"chart-title\">Findings by code</title>"
        for (index, entry) in counts.enumerated() {
            let y = index * bar + 4
            let length = max(2, entry.count.count * width / largest)
            svg += "<a href=\"#rule-\(anchor(entry.code))\"><text x=\"\(label - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">\(MarkupText.escaped(entry.code))</text>"
            svg += "<rect class=\"\(entry.count.level.rawValue)\" x=\"\(label)\" y=\"\(y)\" width=\"\(length)\" height=\"\(bar - 6)\"><title>\(MarkupText.escaped(entry.code)): \(entry.count.count) (\(entry.count.level.rawValue))</title></rect>"
            svg += "<text x=\"\(label + length + 6)\" y=\"\(y + 15)\">\(entry.count.count)</text></a>"
        }
        svg += "</svg>"
        let legend = FindingLevel.allCases.map { "<span class=\"key \($0.rawValue)\"></span>\($0.rawValue)" }.joined(separator: " ")
        return "<section id=\"chart\"><h2>Findings by code</h2>\(svg)<p class=\"legend\">\(legend)</p></section>\n"
    }

    /// Every code found, with its rule's sentence and cell.
    private static func rulesTable(_ document: ValidationDocument) -> String {
        var html = "<section id=\"rules\"><h2>Codes found</h2><table><thead><tr><th>Code</th><th>Level</th><th>Count</th><th>Items</th><th>Rule</th><th>Stated at</th></tr></thead><tbody>"
        for (code, count) in document.countsByFrequency {
            let rule = document.rules[code]
            let sentence = rule?.sentence ?? document.message(of: code) ?? ""
            let place = rule?.cell ?? "found by etosc reading the file"
            html += "<tr id=\"rule-\(anchor(code))\"><td><code>\(MarkupText.escaped(code))</code></td><td class=\"level \(count.level.rawValue)\">\(count.level.rawValue)</td><td class=\"number\">\(count.count)</td><td>\(MarkupText.escaped(rule?.items.joined(separator: ", ") ?? ""))</td><td>\(MarkupText.escaped(sentence))</td><td>\(MarkupText.escaped(place))</td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    /// The findings, a page of ``pageSize`` per collapsible block (the first open).
    private static func findingsPages(_ document: ValidationDocument) -> String {
        let e = MarkupText.escaped
        var html = "<section id=\"findings\"><h2>Findings</h2>"
        if let note = document.capNote { html += "<p class=\"cap\">\(e(note))</p>" }
        if document.findings.isEmpty { html += "<p>None listed.</p>" }
        for start in stride(from: 0, to: document.findings.count, by: pageSize) {
            let page = document.findings[start..<min(start + pageSize, document.findings.count)]
            let tables = !document.summary.tables.isEmpty
            html += "<details\(start == 0 ? " open" : "")><summary>Findings \(start + 1)–\(start + page.count)</summary><table><thead><tr>\(tables ? "<th>Table</th>" : "")<th>Record</th><th>Line</th><th>Code</th><th>Level</th><th>Items</th><th>Values</th><th>Key</th><th>Message</th></tr></thead><tbody>"
            for reported in page {
                let f = reported.finding
                html += "<tr>\(tables ? "<td>\(e(reported.table ?? ""))</td>" : "")<td class=\"number\">\(reported.recordNumber == 0 ? "file" : String(reported.recordNumber))</td><td class=\"number\">\(reported.line)</td>"
                html += "<td><a href=\"#rule-\(anchor(f.code))\"><code>\(e(f.code))</code></a></td><td class=\"level \(f.level.rawValue)\">\(f.level.rawValue)</td>"
                html += "<td>\(e(reported.itemNames.joined(separator: ", ")))</td><td>\(e(f.values.joined(separator: " | ")))</td><td>\(e(reported.key.joined(separator: " | ")))</td><td>\(e(f.message))</td></tr>"
            }
            html += "</tbody></table></details>"
        }
        return html + "</section>\n"
    }

    /// A code as a fragment identifier: letters, digits and `-` kept, anything else as `_`.
    static func anchor(_ code: String) -> String {
        String(code.unicodeScalars.map { $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) || $0 == "-" ? Character($0) : "_" })
    }

    private static let style = """
    body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:75rem;padding:0 1rem;color:#1d1d1f}\
    h1{font-size:1.6rem;margin:0}h2{font-size:1.2rem;margin:1.6rem 0 .6rem}header p{margin:.2rem 0 0;color:#555}\
    .verdict{border-radius:8px;padding:.6rem 1.2rem;margin-top:1.2rem;border:2px solid}.verdict h2{margin:.3rem 0}\
    .verdict.rejected{background:#fdecea;border-color:#c62828}.verdict.partial{background:#fff4e5;border-color:#ef6c00}.verdict.accepted{background:#e8f5e9;border-color:#2e7d32}\
    table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}\
    table.facts{width:auto}td.number{text-align:right;font-variant-numeric:tabular-nums}\
    rect.file-rejection,.key.file-rejection{fill:#c62828;background:#c62828}rect.record-rejection,.key.record-rejection{fill:#ef6c00;background:#ef6c00}rect.warning,.key.warning{fill:#f9a825;background:#f9a825}\
    td.level{white-space:nowrap}td.level.file-rejection{color:#c62828}td.level.record-rejection{color:#ef6c00}td.level.warning{color:#8d6e00}\
    svg text{font-size:12px;fill:#1d1d1f}.key{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}\
    details{margin:.4rem 0}summary{cursor:pointer;font-weight:600}.cap{background:#fff8e1;padding:.4rem .8rem;border-left:4px solid #f9a825}\
    tr:target{background:#fff59d}
    """
}
