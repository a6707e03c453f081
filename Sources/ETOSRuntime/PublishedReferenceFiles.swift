import Foundation

/// Reference-data files in the layouts NHS England, ONS and NHS TRUD publish, recognised by
/// name and shape (Spec/Samples/README.md describes each):
/// - ODS organisation files (`epraccur.csv`, `etr.csv`, …): no header, 24 or 27 fields,
///   code in field 1, open and close dates (CCYYMMDD) in fields 11 and 12;
/// - the ONS Postcode Directory: a header of lower-case names, postcodes in `pcd`, `pcd2` or
///   `pcds`, introduced and terminated months (YYYYMM) in `dointr` and `doterm`;
/// - SNOMED CT RF2 simple reference sets (`der2_Refset_Simple…_<date>.txt`), Full or Snapshot:
///   each member's active intervals from its rows' `effectiveTime` and `active`;
/// - any file with a column mapping beside it (`<file>.mapping.json`), for releases whose
///   layout is not fixed here (NICIP).
enum PublishedReferenceFiles {
    /// The data set every ODS organisation file adds to.
    static let organisations = "ODS ORGANISATIONS"
    /// The data set the ONS Postcode Directory fills.
    static let postcodes = "ONS POSTCODE DIRECTORY"
    /// Reference sets the bundled specs name, by refset ID; any refset is also loaded as
    /// `SNOMED CT REFSET <id>`.
    static let knownRefsets = ["999001111000000105": "SNOMED CT DIAGNOSTIC IMAGING REFSET"]
    /// The RF2 simple refset header.
    static let refsetHeader = ["id", "effectiveTime", "active", "moduleId", "refsetId", "referencedComponentId"]

    // MARK: ODS

    /// Whether a header-less first record looks like an ODS organisation file's.
    static func isOrganisationRecord(_ fields: [String]) -> Bool {
        guard fields.count == 24 || fields.count == 27, !RuleChecks.trimmed(fields[0]).isEmpty else { return false }
        return [fields[10], fields[11]].allSatisfy { field in
            let text = RuleChecks.trimmed(field)
            return text.isEmpty || (text.utf8.count == 8 && text.utf8.allSatisfy { (0x30...0x39).contains($0) })
        }
    }

    /// Adds every organisation of an ODS file, its open to close dates as its period.
    static func loadOrganisations(_ path: String, name: String, into data: inout InMemoryReferenceData) throws {
        var reader = CSVReader(input: try FileInput(path: path))
        var width: Int?
        data.declare(organisations)
        while let record = try reader.next() {
            let fields = record.fields
            if width == nil { width = fields.count }
            guard fields.count == width else {
                throw problem(name, record.line, "\(fields.count) fields where the file's first record has \(width ?? 0) (an ODS organisation file has 24 or 27)")
            }
            let code = try checkedCode(RuleChecks.trimmed(fields[0]), name, record.line)
            guard !code.isEmpty else { throw problem(name, record.line, "no organisation code in field 1") }
            let open = try compactDate(fields[10], name, record.line, field: "open date (field 11)")
            let close = try compactDate(fields[11], name, record.line, field: "close date (field 12)")
            data.add(code, to: organisations, periods: [ActivePeriod(start: open, end: close)])
        }
    }

    // MARK: ONS Postcode Directory

    /// Whether a header is the ONS Postcode Directory's (names change between releases: the
    /// columns are found by name).
    static func isPostcodeHeader(_ header: [String]) -> Bool {
        header.contains("dointr") && (header.contains("pcds") || header.contains("pcd") || header.contains("pcd2"))
    }

    /// Adds every postcode of an ONSPD file, normalised (upper case, one space before the
    /// inward code), live from the first day of `dointr` to the last day of `doterm`.
    /// Only the needed fields become text: a full release is 2.7 M rows of some 50 fields. A
    /// large file is read in two parts on two threads, split at a line break (a split that
    /// falls inside a quoted field is found, and the file read in one part instead), and the
    /// postcodes are added in file order.
    /// `splitAbove`: the body size above which the file is read in two parts.
    static func loadPostcodes(_ path: String, name: String, header: [String], into data: inout InMemoryReferenceData, splitAbove: Int = 64 << 20) throws {
        let columns = try PostcodeColumns(header: header, file: name)
        let headerReader = try LeadingFieldsReader(path: path, leading: 0)
        _ = try headerReader.next()
        let bodyStart = headerReader.recordLength
        let size = headerReader.totalBytes ?? 0
        data.declare(postcodes)
        if size - bodyStart > splitAbove, let split = try lineStart(in: path, after: bodyStart + (size - bodyStart) / 2) {
            let second = PostcodePart.Box()
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                second.part = Result { try PostcodePart(path: path, offset: split, length: .max, columns: columns) }
                done.signal()
            }
            let first = try PostcodePart(path: path, offset: bodyStart, length: split - bodyStart, columns: columns)
            done.wait()
            let rest = try second.part!.get()
            if first.endedAtLineBreak {
                data.reserve(first.ends.count + rest.ends.count, keyBytes: first.bytes.count + rest.bytes.count, in: postcodes)
                try first.add(to: &data, file: name, firstLine: 2)
                try rest.add(to: &data, file: name, firstLine: 2 + first.lines)
                return
            }
        }
        let whole = try PostcodePart(path: path, offset: bodyStart, length: .max, columns: columns)
        data.reserve(whole.ends.count, keyBytes: whole.bytes.count, in: postcodes)
        try whole.add(to: &data, file: name, firstLine: 2)
    }

    /// Where the line after byte `offset` starts, if a line break follows within 1 MiB.
    private static func lineStart(in path: String, after offset: Int) throws -> Int? {
        var input = try FileInput(path: path)
        try input.seek(to: offset)
        var bytes = [UInt8](repeating: 0, count: 1 << 20)
        let read = try bytes.withUnsafeMutableBytes { try input.read(into: $0) }
        return bytes.prefix(read).firstIndex(of: 0x0A).map { offset + $0 + 1 }
    }

    /// The ONSPD columns a loader reads, found by name.
    struct PostcodeColumns: Sendable {
        let forms: [Int]
        let introduced: Int
        let terminated: Int?
        let count: Int
        var needed: Int { (forms + [introduced] + (terminated.map { [$0] } ?? [])).max() ?? 0 }

        init(header: [String], file: String) throws {
            forms = ["pcds", "pcd", "pcd2"].compactMap { header.firstIndex(of: $0) }
            guard let introduced = header.firstIndex(of: "dointr") else { throw problem(file, 1, "no dointr column") }
            self.introduced = introduced
            terminated = header.firstIndex(of: "doterm")
            count = header.count
        }
    }

    /// One part of an ONSPD file read: its postcodes (bytes end to end) with their periods,
    /// or the first problem, at a line counted from the part's start.
    struct PostcodePart: Sendable {
        final class Box: @unchecked Sendable {
            var part: Result<PostcodePart, Error>?
        }

        private(set) var bytes: [UInt8] = []
        private(set) var ends: [UInt32] = []
        private(set) var periods: [StoredPeriod] = []
        /// Records read before the problem, or all of them.
        private(set) var lines = 0
        private(set) var problem: (line: Int, message: String)?
        private(set) var endedAtLineBreak = false

        init(path: String, offset: Int, length: Int, columns: PostcodeColumns) throws {
            let reader = try LeadingFieldsReader(path: path, leading: columns.needed + 1, offset: offset, length: length)
            var scratch: [UInt8] = []
            var previous: [[UInt8]] = [[], [], []]
            func fail(_ message: String) { problem = (reader.line, message) }
            reading: while try reader.next() {
                lines = reader.line
                let fields = reader.fields
                guard reader.fieldCount == columns.count else { fail("\(reader.fieldCount) fields where the header names \(columns.count)"); break }
                let start: ISODate?, end: ISODate?
                do {
                    start = try yearMonth(fields[columns.introduced].trimmed, field: "dointr")
                    end = try columns.terminated.flatMap { try yearMonth(fields[$0].trimmed, field: "doterm") }.map { $0.adding(months: 1).adding(days: -1) }
                } catch let error as FieldProblem {
                    fail(error.message)
                    break
                }
                let period = StoredPeriod(ActivePeriod(start: start, end: end))
                // Each form once: pcd, pcd2 and pcds are one postcode written three ways.
                var added = 0
                for form in columns.forms {
                    normalisePostcode(fields[form].trimmed, into: &scratch)
                    guard !scratch.isEmpty, !previous.prefix(added).contains(scratch) else { continue }
                    guard scratch.count <= 16 else { fail("'\(fields[form].trimmed.string)' is not a postcode"); break reading }
                    previous[added].removeAll(keepingCapacity: true)
                    previous[added].append(contentsOf: scratch)
                    added += 1
                    bytes += scratch
                    // Ends are kept in 32 bits (4 GB of postcodes: a thousand times a release's).
                    guard bytes.count <= Int(UInt32.max) else { fail("more postcodes than a table holds (4 GB of them)"); break reading }
                    ends.append(UInt32(truncatingIfNeeded: bytes.count))
                    periods.append(period)
                }
            }
            endedAtLineBreak = reader.endedAtLineBreak
        }

        /// Adds the part's postcodes, or throws its problem at its line in the file.
        func add(to data: inout InMemoryReferenceData, file: String, firstLine: Int) throws {
            if let problem { throw PublishedReferenceFiles.problem(file, firstLine + problem.line - 1, problem.message) }
            bytes.withUnsafeBufferPointer { all in
                var start = 0
                for (index, end) in ends.enumerated() {
                    let code = FieldBytes(start: all.baseAddress! + start, count: Int(end) - start)
                    data.add(code, to: postcodes, period: periods[index])
                    start = Int(end)
                }
            }
        }
    }

    /// `ls16ab`, `LS1  6AB`, `LS16AB` → `LS1 6AB` in `result`: ASCII upper case, spaces
    /// removed, one space before the last three characters (the inward code).
    static func normalisePostcode(_ field: FieldBytes, into result: inout [UInt8]) {
        result.removeAll(keepingCapacity: true)
        for index in 0..<field.count where field[index] != 0x20 {
            let byte = field[index]
            result.append((0x61...0x7A).contains(byte) ? byte - 0x20 : byte)
        }
        if result.count > 3 { result.insert(0x20, at: result.count - 3) }
    }

    // MARK: SNOMED CT RF2 simple reference sets

    /// Whether a file is an RF2 simple refset, by its name (`der2_Refset_Simple…txt`).
    static func isRefsetFile(_ name: String) -> Bool {
        name.hasPrefix("der2_Refset_Simple") && name.lowercased().hasSuffix(".txt")
    }

    /// Adds each member of each refset in an RF2 file, with its active intervals: a row with
    /// `active` 1 opens an interval on its `effectiveTime`, one with 0 closes it the day
    /// before. In a Snapshot an inactive member's start is unknown (nil).
    static func loadRefset(_ path: String, name: String, into data: inout InMemoryReferenceData) throws {
        let lines = try TabSeparatedLines(path: path)
        guard let header = try lines.next(), header.fields == refsetHeader else {
            throw problem(name, 1, "not an RF2 simple refset: the header must be \(refsetHeader.joined(separator: " "))")
        }
        // Member id → its rows (date, active), and its refset and component.
        var history: [String: (refset: String, component: String, rows: [(date: ISODate, active: Bool)])] = [:]
        while let row = try lines.next() {
            let fields = row.fields
            guard fields.count == refsetHeader.count else { throw problem(name, row.line, "\(fields.count) fields where RF2 has \(refsetHeader.count)") }
            let date = try compactDate(fields[1], name, row.line, field: "effectiveTime")
            guard let date, fields[2] == "0" || fields[2] == "1" else { throw problem(name, row.line, "effectiveTime and active (0 or 1) are required") }
            history[fields[0], default: (fields[4], fields[5], [])].rows.append((date, fields[2] == "1"))
        }
        for refset in Set(history.values.map(\.refset)).sorted() {
            data.declare("SNOMED CT REFSET \(refset)")
            if let known = knownRefsets[refset] { data.declare(known) }
        }
        for (_, member) in history.sorted(by: { $0.key < $1.key }) {
            var periods: [ActivePeriod] = []
            var openSince: ISODate?
            for row in member.rows.sorted(by: { $0.date < $1.date }) {
                if row.active {
                    if openSince == nil { openSince = row.date }
                } else if let start = openSince {
                    periods.append(ActivePeriod(start: start, end: row.date.adding(days: -1)))
                    openSince = nil
                } else if periods.isEmpty {
                    // Inactive with no earlier row (a Snapshot): a member until the day before.
                    periods.append(ActivePeriod(start: nil, end: row.date.adding(days: -1)))
                }
            }
            if let start = openSince { periods.append(ActivePeriod(start: start, end: nil)) }
            guard !periods.isEmpty else { continue }
            _ = try checkedCode(member.component, name, 1)
            data.add(member.component, to: "SNOMED CT REFSET \(member.refset)", periods: periods)
            if let known = knownRefsets[member.refset] { data.add(member.component, to: known, periods: periods) }
        }
    }

    // MARK: Column mappings

    /// A column mapping beside a release file (`<file>.mapping.json`): which data set it fills
    /// and where its values are. Columns are header names, or 1-based positions (`"3"`) for a
    /// file without a header.
    struct Mapping: Decodable {
        var dataset: String
        /// `","` (the default) or `"\t"`.
        var delimiter: String?
        /// Whether the first line is a header (default true).
        var header: Bool?
        /// A code list: the code column and, optionally, the first and last active days.
        var code: String?
        var start: String?
        var end: String?
        /// `CCYY-MM-DD` (the default), `CCYYMMDD` or `DD/MM/CCYY`.
        var dateFormat: String?
        /// A map: the columns mapped from and to.
        var from: String?
        var to: String?
    }

    /// The mapping beside `file` in `directory`, if any.
    static func mapping(for file: String, in directory: String) throws -> Mapping? {
        let path = directory + "/" + file + ".mapping.json"
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(Mapping.self, from: data)
        } catch {
            throw ReferenceDataError(description: "\(file).mapping.json: not a column mapping (\(error))")
        }
    }

    /// Adds a file's rows as its mapping says.
    static func loadMapped(_ path: String, name: String, mapping: Mapping, into data: inout InMemoryReferenceData) throws {
        let tab = mapping.delimiter == "\t"
        guard tab || mapping.delimiter == nil || mapping.delimiter == "," else {
            throw problem(name + ".mapping.json", 1, "delimiter must be \",\" or \"\\t\"")
        }
        var rows = try MappedRows(path: path, tab: tab)
        var names: [String]?
        if mapping.header ?? true { names = try rows.next()?.fields.map { RuleChecks.trimmed($0) } }
        func column(_ key: String?, _ role: String) throws -> Int? {
            guard let key else { return nil }
            if let names, let index = names.firstIndex(of: key) { return index }
            if let position = Int(key), position >= 1 { return position - 1 }
            throw problem(name, 1, "the mapping's \(role) column '\(key)' is not in the header")
        }
        func date(_ text: String, _ line: Int, _ role: String) throws -> ISODate? {
            let text = RuleChecks.trimmed(text)
            if text.isEmpty { return nil }
            switch mapping.dateFormat ?? "CCYY-MM-DD" {
            case "CCYYMMDD": return try compactDate(text, name, line, field: role)
            case "DD/MM/CCYY":
                let parts = text.split(separator: "/")
                guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]),
                      let value = ISODate(year: year, month: month, day: day) else { throw problem(name, line, "\(role) '\(text)' is not a DD/MM/CCYY date") }
                return value
            default:
                guard let value = ISODate(parsing: text) else { throw problem(name, line, "\(role) '\(text)' is not a CCYY-MM-DD date") }
                return value
            }
        }
        if let from = try column(mapping.from, "from"), let to = try column(mapping.to, "to") {
            while let row = try rows.next() {
                guard row.fields.count > max(from, to) else { throw problem(name, row.line, "\(row.fields.count) fields: no '\(mapping.from!)' or '\(mapping.to!)'") }
                data.addMapping(from: try checkedCode(RuleChecks.trimmed(row.fields[from]), name, row.line),
                                to: try checkedCode(RuleChecks.trimmed(row.fields[to]), name, row.line), in: mapping.dataset)
            }
            return
        }
        guard let code = try column(mapping.code, "code") else {
            throw problem(name + ".mapping.json", 1, "give \"code\" (with optional \"start\" and \"end\") or \"from\" and \"to\"")
        }
        let start = try column(mapping.start, "start"), end = try column(mapping.end, "end")
        data.declare(mapping.dataset)
        while let row = try rows.next() {
            let fields = row.fields
            guard fields.count > max(code, start ?? 0, end ?? 0) else { throw problem(name, row.line, "\(fields.count) fields: too few for the mapping") }
            let value = try checkedCode(RuleChecks.trimmed(fields[code]), name, row.line)
            guard !value.isEmpty else { continue }
            let period = ActivePeriod(start: try start.flatMap { try date(fields[$0], row.line, "start") },
                                      end: try end.flatMap { try date(fields[$0], row.line, "end") })
            data.add(value, to: mapping.dataset, periods: [period])
        }
    }

    /// Rows of a comma-separated (quoted as RFC 4180) or tab-separated file.
    struct MappedRows {
        private var csv: CSVReader?
        private var tabs: TabSeparatedLines?

        init(path: String, tab: Bool) throws {
            if tab { tabs = try TabSeparatedLines(path: path) } else { csv = CSVReader(input: try FileInput(path: path)) }
        }

        mutating func next() throws -> TabSeparatedLines.Line? {
            if let tabs { return try tabs.next() }
            guard let record = try csv?.next() else { return nil }
            return TabSeparatedLines.Line(fields: record.fields, line: record.line)
        }
    }

    // MARK: Dates

    /// A CCYYMMDD date; nil when blank.
    static func compactDate(_ field: String, _ file: String, _ line: Int, field name: String) throws -> ISODate? {
        let text = RuleChecks.trimmed(field)
        if text.isEmpty { return nil }
        let digits = Array(text.utf8)
        guard digits.count == 8, digits.allSatisfy({ (0x30...0x39).contains($0) }),
              let year = Int(text.prefix(4)), let month = Int(text.dropFirst(4).prefix(2)), let day = Int(text.suffix(2)),
              let date = ISODate(year: year, month: month, day: day) else {
            throw problem(file, line, "\(name) '\(text)' is not a CCYYMMDD date")
        }
        return date
    }

    /// A field's problem, before its file and line are known.
    struct FieldProblem: Error {
        let message: String
    }

    /// A YYYYMM month as its first day; nil when blank.
    static func yearMonth(_ field: FieldBytes, field name: String) throws(FieldProblem) -> ISODate? {
        if field.count == 0 { return nil }
        var digits = 0, value = 0
        for index in 0..<field.count where (0x30...0x39).contains(field[index]) {
            digits += 1
            value = value * 10 + Int(field[index] - 0x30)
        }
        guard digits == 6, field.count == 6, let date = ISODate(year: value / 100, month: value % 100, day: 1) else {
            throw FieldProblem(message: "\(name) '\(field.string)' is not a YYYYMM month")
        }
        return date
    }

    /// A code as read, refused when longer than any code is (the tables bound key length).
    static func checkedCode(_ text: String, _ file: String, _ line: Int) throws -> String {
        guard !text.isEmpty else { throw problem(file, line, "a blank code") }
        guard text.utf8.count <= 255 else { throw problem(file, line, "a code of \(text.utf8.count) bytes: longer than any code (255 at most)") }
        return text
    }

    static func problem(_ file: String, _ line: Int, _ message: String) -> ReferenceDataError {
        ReferenceDataError(description: "\(file):\(line): \(message)")
    }
}

/// The lines of a tab-separated file without quoting (RF2, most TRUD releases), split into
/// fields; CR before LF is dropped.
final class TabSeparatedLines {
    struct Line {
        let fields: [String]
        let line: Int
    }

    private var input: FileInput
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private var number = 0

    init(path: String) throws {
        input = try FileInput(path: path)
    }

    func next() throws -> Line? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = take(upTo: newline)
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = take(upTo: buffer.count)
                start = buffer.count
                return line
            }
            buffer.removeFirst(start)
            start = 0
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let read = try chunk.withUnsafeMutableBytes { try input.read(into: $0) }
            if read == 0 { atEnd = true } else { buffer += chunk.prefix(read) }
        }
    }

    private func take(upTo end: Int) -> Line {
        number += 1
        var bytes = buffer[start..<end]
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        let fields = bytes.split(separator: 0x09, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        return Line(fields: fields, line: number)
    }
}
