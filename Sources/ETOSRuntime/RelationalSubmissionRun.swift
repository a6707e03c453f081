/// Validates a relational submission, one CSV file per table, in bounded memory per table:
/// each table's file is streamed through its own validator (``check(table:input:with:linked:encoding:header:jobs:_:)``),
/// parents before children (``RelationalLayout/checkingOrder``), so a child read before its
/// parent in the folder is still checked against it. Keys are kept as digests
/// (``TableRecords``), so a link costs a hash look-up.
///
/// A missing table file is a file rejection, a file named after no table a warning; both
/// are ``fileFindings``, reported first. Findings of the count rules (a parent record with no
/// child) come from ``finish(_:)``, once every table is read. Every finding names its table.
@_spi(ETOSGenerated) public final class RelationalSubmissionRun {
    public let layout: RelationalLayout
    /// The file holding each table, by table index.
    private let files: [Int: String]
    /// Findings about the submission's files: missing tables, files for no table.
    public let fileFindings: [ReportedFinding]
    private var keptRecords: [TableRecords?]
    private var summaries: [Int: ValidationSummary] = [:]
    /// Per table with count rules: each record's line, and its worst finding so far (0 none,
    /// 1 warning, 2 rejection), to place and count a finding made once the children are read.
    private var lines: [Int: [Int32]] = [:]
    private var worst: [Int: [UInt8]] = [:]
    /// Every table's item names so far, by UID (a linked rule names its parent's items too).
    private var itemNames: [String: String] = [:]
    private var notEnforced: [UnenforcedRule] = []

    /// The finding codes of the submission's files.
    public static let missingTableCode = "ETOS-TABLE-MISSING"
    public static let unknownFileCode = "ETOS-TABLE-UNKNOWN-FILE"

    /// A run over a submission whose files are `fileNames` (names only, as listed in its
    /// folder or archive): each table's file is found by ``SubmissionFiles/match(_:tables:)``.
    public init(layout: RelationalLayout, fileNames: [String]) {
        self.layout = layout
        let match = SubmissionFiles.match(fileNames, tables: layout.tables.map { ($0.name, $0.id) })
        files = match.files
        var findings: [ReportedFinding] = []
        var summaries: [Int: ValidationSummary] = [:]
        for index in layout.checkingOrder where match.files[index] == nil {
            let table = layout.tables[index]
            let expected = ([table.name] + (table.id.map { [$0] } ?? [])).map { "\($0).csv" }.joined(separator: " or ")
            let finding = Finding(code: Self.missingTableCode, level: .fileRejection, items: [], values: [],
                                  message: "The submission has no file for table \(table.name) (expected \(expected), in any case).")
            findings.append(ReportedFinding(finding: finding, recordNumber: 0, line: 0, itemNames: [], key: [], table: table.name))
            var summary = ValidationSummary()
            summary.counts[finding.code] = FindingCount(level: .fileRejection, count: 1)
            summary.fileRejections = [finding.code]
            summary.findingsTotal = 1
            summaries[index] = summary
        }
        for (name, reason) in match.unknown {
            let finding = Finding(code: Self.unknownFileCode, level: .warning, items: [], values: [name], message: "File \(name) is not read: \(reason).")
            findings.append(ReportedFinding(finding: finding, recordNumber: 0, line: 0, itemNames: [], key: []))
        }
        fileFindings = findings
        self.summaries = summaries
        keptRecords = layout.tables.indices.map { index in
            let isParent = layout.tables.contains { $0.parent == index }
            guard isParent, match.files[index] != nil else { return nil }
            return TableRecords(carried: layout.tables[index].carried, countRules: layout.counts.filter { $0.table == index }.count)
        }
    }

    /// The submission's file for table `index`, or nil when it has none.
    public func file(of index: Int) -> String? { files[index] }

    /// Checks table `index`'s file, `input`, with `validator` (the table's own checks) and
    /// `linked` (its rules comparing with the linked parent record; nil, typed
    /// `NoLinkedChecks?`, when it has none), giving each finding to
    /// `found` in record order. Call in ``RelationalLayout/checkingOrder`` for each table
    /// with a file. Generic, so each validator's checks are specialised into the loop.
    public func check<Validator: SubmissionValidating, Linked: LinkedRecordChecking>(
        table index: Int, input: some ByteInput, with validator: Validator, linked: Linked?,
        encoding: TextEncoding = .utf8, header: HeaderMode = .auto, jobs: Int = 1, _ found: (ReportedFinding) throws -> Void
    ) throws {
        let table = layout.tables[index]
        let parentRecords = table.parent.flatMap { keptRecords[$0] }
        // Count rules are looked up by their index among the parent's.
        let childOf: [Int] = table.parent.map { parent in
            layout.counts.filter { $0.table == parent }.enumerated().filter { $0.element.child == index }.map(\.offset)
        } ?? []
        let wrapped = LinkedTableValidator(validator, table: table, records: keptRecords[index], parent: parentRecords,
                                           links: layout.links.filter { $0.table == index }, childOf: childOf, linked: linked)
        for item in validator.layout.items where itemNames[item.uid] == nil { itemNames[item.uid] = item.name }
        for rule in validator.layout.notEnforced where !notEnforced.contains(rule) { notEnforced.append(rule) }
        let counts = layout.counts.contains { $0.table == index }
        let run = SubmissionRun(validator: wrapped, input: input, encoding: encoding, header: header, jobs: jobs)
        while let record = try run.next() {
            if counts, record.recordNumber > 0 {
                lines[index, default: []].append(Int32(truncatingIfNeeded: record.line))
                worst[index, default: []].append(0)
            }
            for given in record.findings {
                let reported = ReportedFinding(finding: given.finding, recordNumber: given.recordNumber, line: given.line,
                                               itemNames: given.finding.items.map { itemNames[$0] ?? $0 }, key: given.key, table: table.name)
                if counts, reported.recordNumber > 0, reported.recordNumber <= worst[index]!.count {
                    let level: UInt8 = reported.finding.level == .warning ? 1 : 2
                    worst[index]![reported.recordNumber - 1] = max(worst[index]![reported.recordNumber - 1], level)
                }
                try found(reported)
            }
        }
        summaries[index] = run.summary
    }

    /// Applies the count rules (each parent record needs a child), giving their findings to
    /// `found` table by table in record order, and returns the submission's summary: each
    /// table's, and their totals. A rule whose parent or child file is missing is not applied.
    public func finish(_ found: (ReportedFinding) throws -> Void) rethrows -> ValidationSummary {
        for parentIndex in layout.checkingOrder {
            guard let records = keptRecords[parentIndex], summaries[parentIndex] != nil else { continue }
            let table = layout.tables[parentIndex]
            for (ruleIndex, rule) in layout.counts.filter({ $0.table == parentIndex }).enumerated() where files[rule.child] != nil {
                for (record, slot) in records.childless(rule: ruleIndex) {
                    let key = Array(records.carriedStrings(slot).prefix(table.key.count))
                    let finding = Finding(rule.kind, items: rule.items, values: key)
                    let line = Int(lines[parentIndex]?[record - 1] ?? 0)
                    try found(ReportedFinding(finding: finding, recordNumber: record, line: line,
                                              itemNames: rule.items.map { itemNames[$0] ?? $0 }, key: key, table: table.name))
                    recount(table: parentIndex, record: record, finding: finding)
                }
            }
        }
        let tables = layout.checkingOrder.map { index in
            TableSummary(table: layout.tables[index].name, file: files[index], summary: summaries[index] ?? ValidationSummary())
        }
        var summary = ValidationSummary(tables: tables, notEnforced: notEnforced)
        for reported in fileFindings where reported.table == nil {
            summary.counts[reported.finding.code, default: FindingCount(level: reported.finding.level, count: 0)].count += 1
            summary.findingsTotal += 1
        }
        return summary
    }

    /// Counts a finding made about record `record` of table `table` after its file was read.
    private func recount(table: Int, record: Int, finding: Finding) {
        var summary = summaries[table]!
        summary.counts[finding.code, default: FindingCount(level: finding.level, count: 0)].count += 1
        summary.findingsTotal += 1
        let before = worst[table]![record - 1]
        let after = max(before, finding.level == .warning ? 1 : 2)
        if before != after {
            if before == 1 { summary.recordsWarned -= 1 }
            if after == 2 {
                summary.recordsAccepted -= 1
                summary.recordsRejected += 1
            } else {
                summary.recordsWarned += 1
            }
            worst[table]![record - 1] = after
        }
        summaries[table] = summary
    }
}

/// Which file of a relational submission holds which table.
@_spi(ETOSGenerated) public enum SubmissionFiles {
    /// Matches file names to tables: a `.csv` (or `.txt`) file named after a table, in any
    /// case, with or without its ID (`REFERRAL.csv`, `referral.csv`, `T2.csv`, `T2_REFERRAL.csv`);
    /// spaces, dashes and underscores alike. The others, with the reason, are `unknown`.
    public static func match(_ names: [String], tables: [(name: String, id: String?)]) -> (files: [Int: String], unknown: [(name: String, reason: String)]) {
        var byStem: [String: Int] = [:]
        for (index, table) in tables.enumerated() {
            var stems = [fold(table.name)]
            if let id = table.id { stems += [fold(id), fold(id + " " + table.name), fold(table.name + " " + id)] }
            for stem in stems where byStem[stem] == nil { byStem[stem] = index }
        }
        var files: [Int: String] = [:]
        var unknown: [(String, String)] = []
        for name in names.sorted() {
            let base = name.split(separator: "/").last.map(String.init) ?? name
            guard let dot = base.lastIndex(of: "."), ["csv", "txt"].contains(base[base.index(after: dot)...].lowercased()) else {
                unknown.append((name, "not a .csv file"))
                continue
            }
            guard let table = byStem[fold(String(base[..<dot]))] else {
                unknown.append((name, "named after no table of the data set (\(tables.map(\.name).joined(separator: ", ")))"))
                continue
            }
            if let first = files[table] {
                unknown.append((name, "table \(tables[table].name) is read from \(first)"))
                continue
            }
            files[table] = name
        }
        return (files, unknown)
    }

    /// Lower case, each run of other characters than letters and digits one space.
    private static func fold(_ text: String) -> String {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.joined(separator: " ")
    }
}
