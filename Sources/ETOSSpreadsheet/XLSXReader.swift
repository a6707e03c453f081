import ETOSModel
import Foundation

/// Reads Office Open XML workbooks (`.xlsx`, `.xlsm`; transitional or strict) into a
/// ``Workbook``: sheet names and order from the workbook part and its relationships,
/// shared strings (rich runs joined, phonetic runs skipped), inline strings, numbers,
/// booleans, errors, dates (serial numbers with a date format, 1900 or 1904 system) and
/// merged cells. Each sheet part is inflated and parsed as a stream.
enum XLSXReader {
    static let mainNamespaces: Set<String> = [
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main",
    ]
    static let relationshipNamespaces: Set<String> = [
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
    ]

    static func read(archive: ZipArchive) throws(DiagnosticsError) -> Workbook {
        var collector = WorkbookCollector()
        try read(archive: archive, into: &collector)
        return collector.workbook(file: archive.file)
    }

    /// Reads the workbook, handing each sheet to `consumer` once its part is read (a part's
    /// merged ranges follow its rows, so a sheet is whole only at its end).
    static func read(archive: ZipArchive, into consumer: inout some WorkbookConsumer) throws(DiagnosticsError) {
        let workbookPart = try mainPart(archive)
        let directory = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        let (sheetRefs, date1904) = try workbookSheets(archive, workbookPart)
        let relationships = try partRelationships(archive, of: workbookPart)
        var sharedStrings: [String] = []
        var dateStyles: Set<Int> = []
        for (_, target) in relationships.sorted(by: { $0.key < $1.key }) {
            let path = resolve(target, relativeTo: directory)
            if path.hasSuffix("sharedStrings.xml") { sharedStrings = try readSharedStrings(archive, path) }
            if path.hasSuffix("styles.xml") { dateStyles = try readDateStyles(archive, path) }
        }
        for (name, id) in sheetRefs {
            guard let target = relationships[id] else {
                throw DiagnosticsError([Diagnostic(.error, "\(archive.file): sheet '\(name)' points to relationship '\(id)', which the workbook does not have")])
            }
            let path = resolve(target, relativeTo: directory)
            let part = path.split(separator: "/").last.map(String.init) ?? path
            let stream = try XMLStream(source: archive.open(path), file: archive.file, part: part)
            var parser = XLSXSheetParser(stream: stream, name: name, sharedStrings: sharedStrings, dateStyles: dateStyles, date1904: date1904)
            try Workbook(file: archive.file, sheets: [parser.parse()]).replay(into: &consumer)
        }
    }

    /// The workbook part named by the package relationships (`xl/workbook.xml` usually).
    private static func mainPart(_ archive: ZipArchive) throws(DiagnosticsError) -> String {
        if archive.entries["_rels/.rels"] != nil {
            let stream = try XMLStream(source: archive.open("_rels/.rels"), file: archive.file, part: ".rels")
            while try stream.next() {
                if stream.nodeType == XMLStream.NodeType.element, stream.localName == "Relationship",
                   let type = stream.attribute("Type", namespace: nil), type.hasSuffix("/officeDocument"),
                   let target = stream.attribute("Target", namespace: nil) {
                    return resolve(target, relativeTo: "")
                }
            }
        }
        guard archive.entries["xl/workbook.xml"] != nil else {
            throw DiagnosticsError([Diagnostic(.error, "\(archive.file): a ZIP archive without a workbook part: not an .xlsx workbook", at: SourceLocation(file: archive.file, line: 1, column: 1))])
        }
        return "xl/workbook.xml"
    }

    private static func workbookSheets(_ archive: ZipArchive, _ path: String) throws(DiagnosticsError) -> ([(String, String)], Bool) {
        let stream = try XMLStream(source: archive.open(path), file: archive.file, part: String(path.split(separator: "/").last ?? ""))
        var sheets: [(String, String)] = []
        var date1904 = false
        var sawRoot = false
        while try stream.next() {
            guard stream.nodeType == XMLStream.NodeType.element else { continue }
            if !sawRoot {
                sawRoot = true
                guard stream.localName == "workbook", mainNamespaces.contains(stream.namespaceURI ?? "") else {
                    throw stream.error("\(path) is not a SpreadsheetML workbook part")
                }
            }
            switch stream.localName {
            case "workbookPr":
                let value = stream.attribute("date1904", namespace: nil)
                date1904 = value == "1" || value == "true"
            case "sheet":
                let id = relationshipNamespaces.lazy.compactMap { stream.attribute("id", namespace: $0) }.first
                guard let name = stream.attribute("name", namespace: nil), let id else { throw stream.error("a <sheet> without a name or relationship id") }
                sheets.append((name, id))
            default:
                break
            }
        }
        return (sheets, date1904)
    }

    /// Relationship id → target of a part's `_rels/<part>.rels`.
    private static func partRelationships(_ archive: ZipArchive, of part: String) throws(DiagnosticsError) -> [String: String] {
        var components = part.split(separator: "/").map(String.init)
        let name = components.removeLast()
        let path = (components + ["_rels", name + ".rels"]).joined(separator: "/")
        guard archive.entries[path] != nil else { return [:] }
        let stream = try XMLStream(source: archive.open(path), file: archive.file, part: "\(name).rels")
        var relationships: [String: String] = [:]
        while try stream.next() {
            if stream.nodeType == XMLStream.NodeType.element, stream.localName == "Relationship",
               let id = stream.attribute("Id", namespace: nil), let target = stream.attribute("Target", namespace: nil),
               stream.attribute("TargetMode", namespace: nil) != "External" {
                relationships[id] = target
            }
        }
        return relationships
    }

    private static func readSharedStrings(_ archive: ZipArchive, _ path: String) throws(DiagnosticsError) -> [String] {
        let stream = try XMLStream(source: archive.open(path), file: archive.file, part: "sharedStrings.xml")
        var strings: [String] = []
        var current: String?
        var textDepth: Int?
        var phoneticDepth: Int?
        while try stream.next() {
            switch stream.nodeType {
            case XMLStream.NodeType.element:
                switch stream.localName {
                case "si":
                    current = ""
                    if stream.isEmptyElement { strings.append(""); current = nil }
                case "rPh" where !stream.isEmptyElement: phoneticDepth = stream.depth
                case "t" where !stream.isEmptyElement && phoneticDepth == nil: textDepth = stream.depth
                default: break
                }
            case XMLStream.NodeType.endElement:
                if stream.localName == "si", let text = current {
                    strings.append(decodeEscapes(text))
                    current = nil
                } else if stream.depth == phoneticDepth {
                    phoneticDepth = nil
                } else if stream.depth == textDepth {
                    textDepth = nil
                }
            default:
                if textDepth != nil, stream.isText, let value = stream.value { current?.append(value) }
            }
        }
        return strings
    }

    /// Indexes into `cellXfs` whose number format shows a date.
    private static func readDateStyles(_ archive: ZipArchive, _ path: String) throws(DiagnosticsError) -> Set<Int> {
        let stream = try XMLStream(source: archive.open(path), file: archive.file, part: "styles.xml")
        var customDates: Set<Int> = []
        var dateStyles: Set<Int> = []
        var inCellXfs = false
        var index = 0
        while try stream.next() {
            if stream.nodeType == XMLStream.NodeType.endElement, stream.localName == "cellXfs" { inCellXfs = false }
            guard stream.nodeType == XMLStream.NodeType.element else { continue }
            switch stream.localName {
            case "numFmt":
                if let id = stream.attribute("numFmtId", namespace: nil).flatMap(Int.init), let code = stream.attribute("formatCode", namespace: nil), isDateFormat(code) {
                    customDates.insert(id)
                }
            case "cellXfs":
                inCellXfs = !stream.isEmptyElement
            case "xf" where inCellXfs:
                let id = stream.attribute("numFmtId", namespace: nil).flatMap(Int.init) ?? 0
                if (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id) || customDates.contains(id) {
                    dateStyles.insert(index)
                }
                index += 1
            default:
                break
            }
        }
        return dateStyles
    }

    /// True when a custom number format shows a date or time.
    static func isDateFormat(_ code: String) -> Bool {
        var visible = ""
        var inQuotes = false
        var inBrackets = false
        for character in code {
            if character == "\"" { inQuotes.toggle(); continue }
            if !inQuotes, character == "[" { inBrackets = true; continue }
            if !inQuotes, character == "]" { inBrackets = false; continue }
            if !inQuotes, !inBrackets { visible.append(character) }
        }
        let lowered = visible.lowercased()
        return lowered != "general" && (lowered.contains("y") || lowered.contains("d") || lowered.contains("h") || lowered.contains("ss"))
    }

    /// `_xHHHH_` escapes decoded (`_x000D_` is a carriage return, `_x005F_` an underscore).
    static func decodeEscapes(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var result = ""
        var characters = Substring(text)
        while let range = characters.range(of: "_x") {
            result += characters[..<range.lowerBound]
            let rest = characters[range.upperBound...]
            let hex = rest.prefix(4)
            if hex.count == 4, rest.dropFirst(4).first == "_", let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                result.unicodeScalars.append(scalar)
                characters = rest.dropFirst(5)
            } else {
                result += "_x"
                characters = rest
            }
        }
        return result + characters
    }

    /// `CCYY-MM-DDTHH:MM:SS.000` for a serial date, as XML Spreadsheet 2003 writes dates.
    static func dateText(serial: Double, date1904: Bool) -> String? {
        guard serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds == 86_400 { days += 1; seconds = 0 }
        // 1900 system: day 1 is 1900-01-01 and day 60 the 29 February 1900 Excel pretends existed.
        let epoch = date1904 ? DateComponents(year: 1904, month: 1, day: 1) : DateComponents(year: 1899, month: 12, day: days < 60 ? 31 : 30)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let start = calendar.date(from: epoch), let date = calendar.date(byAdding: .day, value: days, to: start) else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        func pad(_ value: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        return "\(pad(parts.year!, 4))-\(pad(parts.month!, 2))-\(pad(parts.day!, 2))T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).000"
    }

    /// A relationship target as a path inside the archive.
    static func resolve(_ target: String, relativeTo directory: String) -> String {
        var parts = target.hasPrefix("/") ? [] : directory.split(separator: "/").map(String.init)
        for component in target.split(separator: "/") {
            if component == ".." { _ = parts.popLast() } else if component != "." { parts.append(String(component)) }
        }
        return parts.joined(separator: "/")
    }
}

/// One worksheet part: rows of cells, then merged ranges.
private struct XLSXSheetParser {
    let stream: XMLStream
    let name: String
    let sharedStrings: [String]
    let dateStyles: Set<Int>
    let date1904: Bool

    var rows: [Row] = []
    var row: (index: Int, location: SourceLocation, cells: [Cell])?
    var nextRow = 1
    var nextColumn = 1
    var cell: (column: Int, type: String, style: Int, location: SourceLocation, value: String, formula: String?)?
    var collecting: String?
    var collectDepth = 0
    var phoneticDepth: Int?
    var merges: [(row: Int, column: Int, across: Int, down: Int)] = []
    var sawRoot = false

    init(stream: XMLStream, name: String, sharedStrings: [String], dateStyles: Set<Int>, date1904: Bool) {
        self.stream = stream
        self.name = name
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.date1904 = date1904
    }

    mutating func parse() throws(DiagnosticsError) -> Worksheet {
        var sheetLocation = SourceLocation(file: stream.file, line: 1, column: 1, part: stream.part)
        while try stream.next() {
            switch stream.nodeType {
            case XMLStream.NodeType.element:
                if !sawRoot {
                    sawRoot = true
                    sheetLocation = stream.elementLocation()
                    guard stream.localName == "worksheet" else { throw stream.error("the sheet part's root is <\(stream.localName)>, not <worksheet>") }
                    continue
                }
                try start()
            case XMLStream.NodeType.endElement:
                try end()
            default:
                if collecting != nil, phoneticDepth == nil, stream.isText, let text = stream.value {
                    if collecting == "f" {
                        let formula = (cell?.formula ?? "") + text
                        cell?.formula = formula
                    } else {
                        cell?.value.append(text)
                    }
                }
            }
        }
        for merge in merges {
            guard let rowIndex = rows.firstIndex(where: { $0.index == merge.row }),
                  let cellIndex = rows[rowIndex].cells.firstIndex(where: { $0.column == merge.column }) else { continue }
            rows[rowIndex].cells[cellIndex].mergeAcross = merge.across
            rows[rowIndex].cells[cellIndex].mergeDown = merge.down
        }
        return Worksheet(name: name, rows: rows, location: sheetLocation)
    }

    private mutating func start() throws(DiagnosticsError) {
        let empty = stream.isEmptyElement
        switch stream.localName {
        case "row":
            let location = stream.elementLocation()
            let index = try stream.attribute("r", namespace: nil).map { text throws(DiagnosticsError) in
                guard let value = Int(text), value >= 1, value <= 1_048_576 else { throw stream.error("row r=\"\(text)\" is not a row number") }
                return value
            } ?? nextRow
            row = (index, location, [])
            nextRow = index + 1
            nextColumn = 1
            if empty { endRow() }
        case "c":
            guard row != nil else { return }
            let location = stream.elementLocation()
            var column = nextColumn
            if let reference = stream.attribute("r", namespace: nil) {
                guard let parsed = Self.column(of: reference) else { throw stream.error("cell r=\"\(reference)\" is not a cell reference") }
                column = parsed
            }
            nextColumn = column + 1
            let style = stream.attribute("s", namespace: nil).flatMap(Int.init) ?? 0
            cell = (column, stream.attribute("t", namespace: nil) ?? "n", style, location, "", nil)
            if empty { endCell() }
        case "v", "t", "f":
            guard cell != nil, !empty, phoneticDepth == nil else { return }
            collecting = stream.localName
            collectDepth = stream.depth
        case "rPh":
            if !empty { phoneticDepth = stream.depth }
        case "mergeCell":
            guard let reference = stream.attribute("ref", namespace: nil) else { return }
            let corners = reference.split(separator: ":").map(String.init)
            guard corners.count == 2, let from = Self.cell(corners[0]), let to = Self.cell(corners[1]), to.row >= from.row, to.column >= from.column else {
                throw stream.error("mergeCell ref=\"\(reference)\" is not a range")
            }
            merges.append((from.row, from.column, to.column - from.column, to.row - from.row))
        default:
            break
        }
    }

    private mutating func end() throws(DiagnosticsError) {
        if let depth = phoneticDepth, stream.depth == depth, stream.localName == "rPh" {
            phoneticDepth = nil
            return
        }
        if collecting != nil, stream.depth == collectDepth {
            collecting = nil
            return
        }
        switch stream.localName {
        case "c": endCell()
        case "row": endRow()
        default: break
        }
    }

    private mutating func endCell() {
        guard let pending = cell, let current = row else { return }
        cell = nil
        var type = Cell.DataType.string
        var value = pending.value
        switch pending.type {
        case "s":
            value = Int(value.trimmingCharacters(in: .whitespaces)).flatMap { $0 >= 0 && $0 < sharedStrings.count ? sharedStrings[$0] : nil } ?? ""
        case "str", "inlineStr":
            value = XLSXReader.decodeEscapes(value)
        case "b":
            type = .boolean
        case "e":
            type = .error
        case "d":
            type = .dateTime
        default:
            type = .number
            if dateStyles.contains(pending.style), let serial = Double(value), let date = XLSXReader.dateText(serial: serial, date1904: date1904) {
                type = .dateTime
                value = date
            }
        }
        let built = CellBuilder.make(
            row: current.index, column: pending.column, value: value, type: type, comment: nil, formula: pending.formula,
            mergeAcross: 0, mergeDown: 0, location: pending.location, sheet: name
        )
        if let built { row?.cells.append(built) }
    }

    private mutating func endRow() {
        guard let current = row else { return }
        row = nil
        if !current.cells.isEmpty { rows.append(Row(index: current.index, cells: current.cells.sorted { $0.column < $1.column }, location: current.location)) }
    }

    /// The 1-based column of `B7` (letters only).
    static func column(of reference: String) -> Int? {
        let letters = reference.prefix { $0.isLetter }
        guard !letters.isEmpty, letters.count <= 3 else { return nil }
        return letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
    }

    static func cell(_ reference: String) -> (row: Int, column: Int)? {
        guard let column = column(of: reference), let row = Int(reference.drop { $0.isLetter }), row >= 1 else { return nil }
        return (row, column)
    }
}
