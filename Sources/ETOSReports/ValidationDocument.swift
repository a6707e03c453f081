import ETOSModel
@_spi(ETOSGenerated) import ETOSRuntime

/// A finished validation run as the document formats (HTML, xlsx) show it: what was checked
/// against what, the verdict and counts, the findings listed, and each code's rule.
public struct ValidationDocument: Sendable {
    /// The data set and version, `DIDS v2.0`.
    public var dataSet: String
    /// The data set's full name.
    public var dataSetName: String
    /// The submission as the user named it.
    public var submission: String
    /// The run's summary (exact counts, however many findings were listed).
    public var summary: ValidationSummary
    /// The findings listed, in file order: at most ``maxFindings``.
    public var findings: [ReportedFinding]
    /// The cap on findings listed (nil: every finding).
    public var maxFindings: Int?
    /// What each code means, by code.
    public var rules: [String: RuleEntry]

    /// A document of a run of `spec` over `submission`.
    public init(spec: Spec, submission: String, summary: ValidationSummary, findings: [ReportedFinding], maxFindings: Int?) {
        dataSet = "\(spec.dataSet.shortName) v\(spec.dataSet.version)"
        dataSetName = spec.dataSet.name
        self.submission = submission
        self.summary = summary
        self.findings = findings
        self.maxFindings = maxFindings
        rules = RuleEntry.catalogue(of: spec)
    }

    /// The verdict in a few words: `File rejected`, `File accepted with 3 records rejected`.
    public var verdict: String {
        if summary.fileRejected { return "File rejected" }
        if summary.recordsRejected > 0 { return "File accepted, \(summary.recordsRejected) record\(summary.recordsRejected == 1 ? "" : "s") rejected" }
        if summary.recordsWarned > 0 { return "File accepted, with warnings" }
        return "File accepted"
    }

    /// Why: each file rejection's code and what its rule says, or the record counts.
    public var reasons: [String] {
        if summary.fileRejected {
            return summary.fileRejections.map { code in
                guard let rule = rules[code] else { return "\(code): \(message(of: code) ?? "file rejection")" }
                return rule.items.isEmpty ? "\(code): \(rule.sentence)" : "\(code) (\(rule.items.joined(separator: ", "))): \(rule.sentence)"
            }
        }
        var lines = ["\(summary.recordsRead) records read: \(summary.recordsAccepted) accepted, \(summary.recordsRejected) rejected, \(summary.recordsWarned) with warnings"]
        if !summary.rulesNotRun.isEmpty {
            lines.append("\(summary.rulesNotRun.count) rules could not run (reference data or submission dates not given): " + summary.rulesNotRun.keys.sorted().joined(separator: ", "))
        }
        return lines
    }

    /// Each code found, most frequent first (ties in code order).
    public var countsByFrequency: [(code: String, count: FindingCount)] {
        summary.counts.map { ($0.key, $0.value) }.sorted { ($1.count.count, $0.code) < ($0.count.count, $1.code) }
    }

    /// Whether fewer findings are listed than were found, and the sentence saying so.
    public var capNote: String? {
        guard summary.findingsListed < summary.findingsTotal else { return nil }
        let cap = maxFindings.map { " (--max-findings \($0); --all-findings lists every one)" } ?? ""
        return "Listing \(summary.findingsListed) of \(summary.findingsTotal) findings\(cap); the counts cover every finding."
    }

    /// The message of the first listed finding with `code` (for codes no rule states).
    func message(of code: String) -> String? {
        findings.first { $0.finding.code == code }?.finding.message
    }
}

/// What a finding's code means: the rule's sentence and where the spec states it.
public struct RuleEntry: Sendable, Hashable {
    /// The code.
    public var code: String
    /// The level the spec gives it.
    public var level: FindingLevel
    /// The rule as the spec words it (for a derived item check, its message).
    public var sentence: String
    /// Where it is stated: `Validations!C12`, or `file:line` outside a cell.
    public var cell: String
    /// The names of the items it is about.
    public var items: [String]

    /// Every rule of `spec`, and the item checks whose codes `etosc` derives (`ETOS-…`), by code.
    static func catalogue(of spec: Spec) -> [String: RuleEntry] {
        var entries: [String: RuleEntry] = [:]
        let plan = CheckPlan(spec: spec)
        for item in spec.items {
            guard let checks = plan.items[item.uid] else { continue }
            for stated in [checks.missing, checks.format, checks.code].compactMap({ $0 }) where stated.rule == nil {
                entries[stated.code] = RuleEntry(code: stated.code, level: stated.level, sentence: stated.message, cell: place(item.location), items: [item.name])
            }
        }
        let names = Dictionary(spec.items.map { ($0.uid, $0.name) }, uniquingKeysWith: { first, _ in first })
        for rule in spec.rules {
            entries[rule.code] = RuleEntry(code: rule.code, level: rule.level, sentence: rule.text, cell: place(rule.location), items: rule.items.map { names[$0] ?? $0 })
        }
        return entries
    }

    private static func place(_ location: SourceLocation) -> String {
        location.cell.map { "\(location.file): \($0)" } ?? location.description
    }
}
