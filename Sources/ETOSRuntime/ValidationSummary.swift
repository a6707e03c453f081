/// Whether the first record of a file is a header.
public enum HeaderMode: String, Sendable, CaseIterable {
    /// A header when most of its fields are the items' names or UIDs.
    case auto
    /// The first record is a header.
    case present
    /// Every record is data.
    case absent
}

/// A finding placed in its file: record, line, items by name, and the record's key.
///
/// Encoded as one finding of the JSON report (docs/REPORT.md): `code`, `level`, `record`,
/// `line`, `items` (`uid` and `name` each), `values`, `key` and `message`; in a relational
/// submission also `table`.
public struct ReportedFinding: Hashable, Sendable, Codable {
    /// What was found.
    public let finding: Finding
    /// The table whose file the record is in (a relational submission); nil for a flat one.
    public let table: String?
    /// 1-based data record (headers and blank lines not counted); 0 for the file itself.
    public let recordNumber: Int
    /// 1-based physical line where the record starts.
    public let line: Int
    /// Names of `finding.items`, in the same order.
    public let itemNames: [String]
    /// The record's key values (the spec's uniqueness items), for finding it in the source system.
    public let key: [String]

    /// A finding placed in its file.
    ///
    /// - Parameters:
    ///   - finding: what was found.
    ///   - recordNumber: the record (1-based), or 0 for the file.
    ///   - line: the physical line the record starts on (1-based).
    ///   - itemNames: the names of the finding's items, in its order.
    ///   - key: the record's key values.
    ///   - table: the table whose file holds the record, in a relational submission.
    public init(finding: Finding, recordNumber: Int, line: Int, itemNames: [String], key: [String], table: String? = nil) {
        self.finding = finding
        self.table = table
        self.recordNumber = recordNumber
        self.line = line
        self.itemNames = itemNames
        self.key = key
    }

    private enum CodingKeys: String, CodingKey {
        case code, level, record, line, items, values, key, message, table
    }

    private struct Item: Codable {
        var uid: String
        var name: String
    }

    /// Decodes a finding of the JSON report.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let items = try container.decode([Item].self, forKey: .items)
        finding = Finding(code: try container.decode(String.self, forKey: .code), level: try container.decode(FindingLevel.self, forKey: .level),
                          items: items.map(\.uid), values: try container.decode([String].self, forKey: .values),
                          message: try container.decode(String.self, forKey: .message))
        recordNumber = try container.decode(Int.self, forKey: .record)
        line = try container.decode(Int.self, forKey: .line)
        itemNames = items.map(\.name)
        key = try container.decode([String].self, forKey: .key)
        table = try container.decodeIfPresent(String.self, forKey: .table)
    }

    /// Encodes the finding as the JSON report writes it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(finding.code, forKey: .code)
        try container.encode(finding.level, forKey: .level)
        try container.encode(recordNumber, forKey: .record)
        try container.encode(line, forKey: .line)
        try container.encode(zip(finding.items, itemNames).map { Item(uid: $0, name: $1) }, forKey: .items)
        try container.encode(finding.values, forKey: .values)
        try container.encode(key, forKey: .key)
        try container.encode(finding.message, forKey: .message)
        try container.encodeIfPresent(table, forKey: .table)
    }
}

/// How often a rule's code was found, and at what level.
public struct FindingCount: Hashable, Sendable, Codable {
    /// The level of the code's findings.
    public var level: FindingLevel
    /// Every occurrence, however many were listed.
    public var count: Int

    /// A count of `count` findings at `level`.
    ///
    /// - Parameters:
    ///   - level: the level of the code's findings.
    ///   - count: how many were found.
    public init(level: FindingLevel, count: Int) {
        self.level = level
        self.count = count
    }
}

/// A rule the spec states that no code checks, and why.
public struct UnenforcedRule: Hashable, Sendable, Codable {
    /// The rule's code.
    public let code: String
    /// Why it is not checked (for example, its sentence is not machine-readable).
    public let reason: String

    /// A rule left unchecked.
    ///
    /// - Parameters:
    ///   - code: the rule's code.
    ///   - reason: why it is not checked.
    public init(code: String, reason: String) {
        self.code = code
        self.reason = reason
    }
}

/// Everything a run found, counted exactly however many findings were listed.
///
/// Encoded as the `summary` of the JSON report (docs/REPORT.md): lists in code order.
public struct ValidationSummary: Hashable, Sendable, Codable {
    /// Data records read (the header and blank lines not counted).
    public var recordsRead = 0
    /// Records without a rejection finding.
    public var recordsAccepted = 0
    /// Records with a record- or file-rejection finding.
    public var recordsRejected = 0
    /// Accepted records with at least one warning.
    public var recordsWarned = 0
    /// Whether the first line was a header row (skipped).
    public var headerPresent = false
    /// Blank lines skipped.
    public var blankLines = 0
    /// Code → its level and count, every occurrence counted.
    public var counts: [String: FindingCount] = [:]
    /// Codes of file rejections found, in the order first found.
    public var fileRejections: [String] = []
    /// Code → records on which the rule could not run.
    public var rulesNotRun: [String: Int] = [:]
    /// Rules the spec states that no code checks, with the reason.
    public var notEnforced: [UnenforcedRule] = []
    /// Findings listed (at most the run's maximum).
    public var findingsListed = 0
    /// Findings found, listed or not.
    public var findingsTotal = 0
    /// A relational submission's tables, each counted on its own (in the order checked);
    /// empty for a flat one. The counts above are their totals.
    public var tables: [TableSummary] = []

    /// An empty summary: nothing read yet.
    public init() {}

    /// Whether a file-rejection finding was found.
    public var fileRejected: Bool { !fileRejections.isEmpty }

    private enum CodingKeys: String, CodingKey {
        case recordsRead, recordsAccepted, recordsRejected, recordsWarned, headerPresent, blankLines
        case fileAccepted, fileRejections, counts, rulesNotRun, notEnforced, findingsListed, findingsTotal, tables
    }

    private struct CodeCount: Codable {
        var code: String
        var level: FindingLevel
        var count: Int
    }

    private struct NotRun: Codable {
        var code: String
        var records: Int
    }

    /// Decodes the summary of a JSON report.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        recordsRead = try container.decode(Int.self, forKey: .recordsRead)
        recordsAccepted = try container.decode(Int.self, forKey: .recordsAccepted)
        recordsRejected = try container.decode(Int.self, forKey: .recordsRejected)
        recordsWarned = try container.decode(Int.self, forKey: .recordsWarned)
        headerPresent = try container.decode(Bool.self, forKey: .headerPresent)
        blankLines = try container.decode(Int.self, forKey: .blankLines)
        fileRejections = try container.decode([String].self, forKey: .fileRejections)
        let counted = try container.decode([CodeCount].self, forKey: .counts)
        counts = Dictionary(counted.map { ($0.code, FindingCount(level: $0.level, count: $0.count)) }, uniquingKeysWith: { $1 })
        let notRun = try container.decode([NotRun].self, forKey: .rulesNotRun)
        rulesNotRun = Dictionary(notRun.map { ($0.code, $0.records) }, uniquingKeysWith: { $1 })
        notEnforced = try container.decode([UnenforcedRule].self, forKey: .notEnforced)
        findingsListed = try container.decode(Int.self, forKey: .findingsListed)
        findingsTotal = try container.decode(Int.self, forKey: .findingsTotal)
        tables = try container.decodeIfPresent([TableSummary].self, forKey: .tables) ?? []
    }

    /// Encodes the summary as the JSON report writes it (lists in code order).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(recordsRead, forKey: .recordsRead)
        try container.encode(recordsAccepted, forKey: .recordsAccepted)
        try container.encode(recordsRejected, forKey: .recordsRejected)
        try container.encode(recordsWarned, forKey: .recordsWarned)
        try container.encode(headerPresent, forKey: .headerPresent)
        try container.encode(blankLines, forKey: .blankLines)
        try container.encode(!fileRejected, forKey: .fileAccepted)
        try container.encode(fileRejections, forKey: .fileRejections)
        try container.encode(counts.sorted { $0.key < $1.key }.map { CodeCount(code: $0.key, level: $0.value.level, count: $0.value.count) }, forKey: .counts)
        try container.encode(rulesNotRun.sorted { $0.key < $1.key }.map { NotRun(code: $0.key, records: $0.value) }, forKey: .rulesNotRun)
        try container.encode(notEnforced, forKey: .notEnforced)
        try container.encode(findingsListed, forKey: .findingsListed)
        try container.encode(findingsTotal, forKey: .findingsTotal)
        if !tables.isEmpty { try container.encode(tables, forKey: .tables) }
    }
}

/// One table of a relational submission, counted on its own.
public struct TableSummary: Hashable, Sendable, Codable {
    /// The table's name, as the spec's Tables sheet gives it.
    public var table: String
    /// The submission's file for the table (nil when it is missing).
    public var file: String?
    /// The table's records, findings and file rejections.
    public var summary: ValidationSummary

    /// A table's summary.
    public init(table: String, file: String?, summary: ValidationSummary) {
        self.table = table
        self.file = file
        self.summary = summary
    }
}

extension ValidationSummary {
    /// The totals of `tables` (their records, findings and rejections added up), with the
    /// tables kept beside them.
    public init(tables: [TableSummary], notEnforced: [UnenforcedRule]) {
        self.init()
        for table in tables {
            let part = table.summary
            recordsRead += part.recordsRead
            recordsAccepted += part.recordsAccepted
            recordsRejected += part.recordsRejected
            recordsWarned += part.recordsWarned
            blankLines += part.blankLines
            headerPresent = headerPresent || part.headerPresent
            for (code, count) in part.counts { counts[code, default: FindingCount(level: count.level, count: 0)].count += count.count }
            for code in part.fileRejections where !fileRejections.contains(code) { fileRejections.append(code) }
            for (code, records) in part.rulesNotRun { rulesNotRun[code, default: 0] += records }
            findingsListed += part.findingsListed
            findingsTotal += part.findingsTotal
        }
        self.notEnforced = notEnforced
        self.tables = tables
    }
}

/// A whole JSON report: every finding listed, then the summary (docs/REPORT.md).
public struct ValidationReport: Hashable, Sendable, Codable {
    /// The findings listed, in file order.
    public var findings: [ReportedFinding]
    /// What the run found, counted in full.
    public var summary: ValidationSummary

    /// A report of `findings` and `summary`.
    ///
    /// - Parameters:
    ///   - findings: the findings listed, in file order.
    ///   - summary: what the run found.
    public init(findings: [ReportedFinding], summary: ValidationSummary) {
        self.findings = findings
        self.summary = summary
    }
}
