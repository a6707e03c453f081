@_spi(ETOSGenerated) import ETOSRuntime

/// A validation run as an Excel workbook, as NHS England's validation engine offers its
/// feedback: a **Summary** sheet (verdict, reasons, counts, each code found with its rule)
/// and a **Findings** sheet (one row per finding listed, with a filter on its header).
/// Strings are written inline, numbers as numbers; a header row is bold and frozen.
public enum XLSXReport {
    /// Rows a sheet holds, the header included (Excel's limit).
    public static let maximumRows = 1_048_576

    /// The workbook's bytes (an `.xlsx` package).
    public static func render(_ document: ValidationDocument) throws -> [UInt8] {
        var zip = ZipWriter()
        try zip.add("[Content_Types].xml", Array(contentTypes.utf8))
        try zip.add("_rels/.rels", Array(packageRelationships.utf8))
        try zip.add("xl/workbook.xml", Array(workbook.utf8))
        try zip.add("xl/_rels/workbook.xml.rels", Array(workbookRelationships.utf8))
        try zip.add("xl/styles.xml", Array(styles.utf8))
        try zip.add("xl/worksheets/sheet1.xml", summarySheet(document))
        try zip.add("xl/worksheets/sheet2.xml", findingsSheet(document))
        zip.finish()
        return zip.bytes
    }

    /// A cell's value.
    enum Cell {
        case text(String)
        case number(Int)
        case empty
    }

    private static func summarySheet(_ document: ValidationDocument) -> [UInt8] {
        let s = document.summary
        var rows: [([Cell], bold: Bool)] = [
            ([.text("Validation report")], true),
            ([.text("Submission"), .text(document.submission)], false),
            ([.text("Data set"), .text("\(document.dataSetName) (\(document.dataSet))")], false),
            ([.text("Verdict"), .text(document.verdict)], true),
        ]
        rows += document.reasons.map { ([.empty, .text($0)], false) }
        rows += [
            ([.text("Records read"), .number(s.recordsRead)], false), ([.text("Accepted"), .number(s.recordsAccepted)], false),
            ([.text("Rejected"), .number(s.recordsRejected)], false), ([.text("Accepted with warnings"), .number(s.recordsWarned)], false),
            ([.text("Blank lines"), .number(s.blankLines)], false), ([.text("Findings"), .number(s.findingsTotal)], false),
            ([.text("Findings listed"), .number(s.findingsListed)], false),
        ]
        if let note = document.capNote ?? sheetCapNote(document) { rows.append(([.empty, .text(note)], false)) }
        for table in s.tables {
            let part = table.summary
            rows.append(([.text("Table \(table.table)"), .text(table.file.map { "\($0): \(part.recordsRead) read, \(part.recordsAccepted) accepted, \(part.recordsRejected) rejected, \(part.recordsWarned) with warnings" } ?? "missing")], false))
        }
        if !s.rulesNotRun.isEmpty { rows.append(([.text("Rules not run"), .text(s.rulesNotRun.keys.sorted().joined(separator: ", "))], false)) }
        for rule in s.notEnforced { rows.append(([.text("Not machine-readable"), .text("\(rule.code): \(rule.reason)")], false)) }
        rows.append(([], false))
        rows.append(([.text("Code"), .text("Level"), .text("Count"), .text("Items"), .text("Rule"), .text("Stated at")], true))
        for (code, count) in document.countsByFrequency {
            let rule = document.rules[code]
            rows.append(([.text(code), .text(count.level.rawValue), .number(count.count), .text(rule?.items.joined(separator: ", ") ?? ""),
                          .text(rule?.sentence ?? document.message(of: code) ?? ""),
                          .text(rule?.cell ?? "found by etosc reading the file")], false))
        }
        var sheet = SheetXML(columnWidths: [24, 18, 10, 40, 70, 40])
        for (cells, bold) in rows { sheet.row(cells, bold: bold) }
        return sheet.finish(filter: nil)
    }

    private static func findingsSheet(_ document: ValidationDocument) -> [UInt8] {
        // A relational submission's findings name their table in a first column.
        let tables = !document.summary.tables.isEmpty
        var sheet = SheetXML(columnWidths: (tables ? [16] : []) + [9, 8, 16, 16, 40, 30, 30, 80], frozenHeader: true)
        sheet.row(((tables ? ["Table"] : []) + ["Record", "Line", "Code", "Level", "Items", "Values", "Key", "Message"]).map(Cell.text), bold: true)
        for reported in document.findings.prefix(maximumRows - 1) {
            let f = reported.finding
            sheet.row((tables ? [.text(reported.table ?? "")] : []) + [.number(reported.recordNumber), .number(reported.line), .text(f.code), .text(f.level.rawValue),
                       .text(reported.itemNames.joined(separator: ", ")), .text(f.values.joined(separator: " | ")),
                       .text(reported.key.joined(separator: " | ")), .text(f.message)], bold: false)
        }
        return sheet.finish(filter: "A1:\(tables ? "I" : "H")\(sheet.rowCount)")
    }

    /// Said when the findings listed outrun a sheet.
    private static func sheetCapNote(_ document: ValidationDocument) -> String? {
        document.findings.count >= maximumRows ? "The Findings sheet holds the first \(maximumRows - 1) findings listed (Excel's row limit)." : nil
    }

    private static let contentTypes = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
    <Default Extension="xml" ContentType="application/xml"/>\
    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
    <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
    <Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
    </Types>
    """

    private static let packageRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
    </Relationships>
    """

    private static let workbook = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
    <sheets><sheet name="Summary" sheetId="1" r:id="rId1"/><sheet name="Findings" sheetId="2" r:id="rId2"/></sheets>\
    </workbook>
    """

    private static let workbookRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>\
    <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
    </Relationships>
    """

    /// Two cell formats: 0 plain, 1 bold.
    private static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
    <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
    <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
    <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
    <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
    <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
    </styleSheet>
    """
}

/// One worksheet's XML, row by row.
private struct SheetXML {
    private var text: String
    private var body = ""
    private(set) var rowCount = 0

    init(columnWidths: [Int], frozenHeader: Bool = false) {
        text = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        if frozenHeader {
            text += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        }
        text += "<cols>" + columnWidths.enumerated().map { "<col min=\"\($0.offset + 1)\" max=\"\($0.offset + 1)\" width=\"\($0.element)\" customWidth=\"1\"/>" }.joined() + "</cols>"
    }

    mutating func row(_ cells: [XLSXReport.Cell], bold: Bool) {
        rowCount += 1
        body += "<row r=\"\(rowCount)\">"
        for (index, cell) in cells.enumerated() {
            let reference = "\(Self.column(index))\(rowCount)", style = bold ? " s=\"1\"" : ""
            switch cell {
            case .text(let value): body += "<c r=\"\(reference)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(MarkupText.escaped(value))</t></is></c>"
            case .number(let value): body += "<c r=\"\(reference)\"\(style)><v>\(value)</v></c>"
            case .empty: continue
            }
        }
        body += "</row>"
    }

    /// The sheet's bytes, with an auto-filter on `filter` when given.
    func finish(filter: String?) -> [UInt8] {
        Array((text + "<sheetData>" + body + "</sheetData>" + (filter.map { "<autoFilter ref=\"\($0)\"/>" } ?? "") + "</worksheet>").utf8)
    }

    /// `A`, `B`, … `Z`, `AA` for 0-based column `index`.
    static func column(_ index: Int) -> String {
        var name = "", rest = index + 1
        while rest > 0 {
            rest -= 1
            name = String(UnicodeScalar(UInt8(65 + rest % 26))) + name
            rest /= 26
        }
        return name
    }
}
