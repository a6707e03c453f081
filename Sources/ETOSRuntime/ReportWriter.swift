/// How a run's findings and summary are written.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// For people at a terminal.
    case text
    /// One JSON object: `findings` then `summary` (schema in docs/REPORT.md): the `Codable`
    /// encoding of ``ValidationReport``, keys sorted.
    case json
    /// One JSON object per line: each finding, then the summary, each with a `type` key first.
    case jsonl
    /// One row per finding, with a header row; the summary goes to the text stream.
    case csv
}

/// Writes findings as they are found and the summary at the end, to `output`: call
/// ``begin()``, then ``write(_:)`` for each finding, then ``end(_:)``.
public struct ReportWriter {
    /// How the report is written.
    public let format: ReportFormat
    private let output: (String) -> Void
    private let colour: Bool
    /// Whether findings name their table (a relational submission): CSV gains a `table` column.
    private let tables: Bool
    private var wroteFinding = false

    /// A writer of one report.
    ///
    /// - Parameters:
    ///   - format: how the report is written.
    ///   - colour: adds ANSI colours to the text format (use only on a terminal).
    ///   - tables: whether the submission is relational (findings name their table).
    ///   - output: receives the report's text, piece by piece.
    public init(format: ReportFormat, colour: Bool = false, tables: Bool = false, output: @escaping (String) -> Void) {
        self.format = format
        self.colour = colour
        self.tables = tables
        self.output = output
    }

    /// Writes what comes before the first finding (a CSV header, the JSON report's opening).
    public mutating func begin() {
        switch format {
        case .json: output("{\"findings\":[")
        case .csv: output((tables ? "table," : "") + "record,line,code,level,items,item_names,values,key,message\n")
        case .text, .jsonl: break
        }
    }

    /// Writes one finding.
    ///
    /// - Parameter finding: the finding, placed in its file.
    public mutating func write(_ finding: ReportedFinding) {
        switch format {
        case .text:
            output(text(finding) + "\n")
        case .json:
            output((wroteFinding ? "," : "") + "\n" + json(finding))
        case .jsonl:
            output("{\"type\":\"finding\"," + json(finding).dropFirst() + "\n")
        case .csv:
            let f = finding.finding
            let row = [String(finding.recordNumber), String(finding.line), f.code, f.level.rawValue, f.items.joined(separator: ";"),
                       finding.itemNames.joined(separator: ";"), f.values.joined(separator: ";"), finding.key.joined(separator: ";"), f.message]
            output(((tables ? [finding.table ?? ""] : []) + row).map(Self.csvField).joined(separator: ",") + "\n")
        }
        wroteFinding = true
    }

    /// Writes the summary; for CSV, returns it as text for another stream instead.
    ///
    /// - Parameter summary: the run's summary, once every record is read.
    /// - Returns: for CSV, the summary as text; otherwise nil.
    @discardableResult
    public mutating func end(_ summary: ValidationSummary) -> String? {
        switch format {
        case .text:
            output(Self.text(summary, colour: colour))
            return nil
        case .json:
            output((wroteFinding ? "\n" : "") + "],\"summary\":" + Self.json(summary) + "}\n")
            return nil
        case .jsonl:
            output("{\"type\":\"summary\"," + Self.json(summary).dropFirst() + "\n")
            return nil
        case .csv:
            return Self.text(summary, colour: false)
        }
    }

    // MARK: Text

    private func text(_ reported: ReportedFinding) -> String {
        let finding = reported.finding
        let place = reported.recordNumber == 0 ? "file" : "record \(reported.recordNumber) (line \(reported.line))"
        let where_ = reported.table.map { "\($0) \(place)" } ?? place
        let values = zip(reported.itemNames, finding.values).map { "\($0)='\($1)'" }
        let extra = finding.items.isEmpty && !finding.values.isEmpty ? finding.values.map { "'\($0)'" } : []
        var line = "\(where_): \(paint(finding.level)) \(finding.code): \(finding.message)"
        if !(values + extra).isEmpty { line += " [\((values + extra).joined(separator: ", "))]" }
        if !reported.key.isEmpty, reported.key.contains(where: { !$0.isEmpty }) { line += " key \(reported.key.joined(separator: " / "))" }
        return line
    }

    private func paint(_ level: FindingLevel) -> String {
        let name = level.rawValue
        guard colour else { return name }
        let code = switch level {
        case .fileRejection: "1;31"
        case .recordRejection: "31"
        case .warning: "33"
        }
        return "\u{1B}[\(code)m\(name)\u{1B}[0m"
    }

    /// The summary as people read it.
    ///
    /// - Parameters:
    ///   - summary: the run's summary.
    ///   - colour: whether to add ANSI colours (only on a terminal).
    public static func text(_ summary: ValidationSummary, colour: Bool) -> String {
        var lines: [String] = [""]
        // A relational submission is accepted or rejected as a whole, like a file.
        let noun = summary.tables.isEmpty ? "file" : "submission"
        let verdict = summary.fileRejected
            ? "\(noun.uppercased()) REJECTED (\(summary.fileRejections.joined(separator: ", ")))"
            : summary.recordsRejected > 0 ? "\(noun) accepted, \(summary.recordsRejected) record\(summary.recordsRejected == 1 ? "" : "s") rejected" : "\(noun) accepted"
        lines.append(colour ? "\u{1B}[1m\(verdict)\u{1B}[0m" : verdict)
        lines.append("records read \(summary.recordsRead): \(summary.recordsAccepted) accepted (\(summary.recordsWarned) with warnings), \(summary.recordsRejected) rejected"
                     + (summary.headerPresent ? "; header row skipped" : "") + (summary.blankLines > 0 ? "; \(summary.blankLines) blank line\(summary.blankLines == 1 ? "" : "s") skipped" : ""))
        for table in summary.tables {
            let part = table.summary
            let state = table.file == nil ? "missing" : part.fileRejected ? "REJECTED (\(part.fileRejections.joined(separator: ", ")))"
                : "\(part.recordsRead) read, \(part.recordsAccepted) accepted (\(part.recordsWarned) with warnings), \(part.recordsRejected) rejected"
            lines.append("  \(table.table)\(table.file.map { " (\($0))" } ?? ""): \(state)")
        }
        if !summary.counts.isEmpty {
            lines.append("findings by code:")
            for (code, entry) in summary.counts.sorted(by: { ($0.value.level, $0.key) < ($1.value.level, $1.key) }) {
                lines.append("  \(code)  \(entry.level.rawValue)  \(entry.count)")
            }
        }
        if summary.findingsListed < summary.findingsTotal {
            lines.append("listed \(summary.findingsListed) of \(summary.findingsTotal) findings; counts above are complete")
        }
        if !summary.rulesNotRun.isEmpty {
            lines.append("rules not run (reference data or submission facts missing): " + summary.rulesNotRun.keys.sorted().joined(separator: ", "))
        }
        if !summary.notEnforced.isEmpty {
            lines.append("rules not machine-readable: " + summary.notEnforced.map { "\($0.code) (\($0.reason))" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    private func json(_ reported: ReportedFinding) -> String {
        var json = ReportJSON()
        json.finding(reported)
        return json.text
    }

    /// The summary as one JSON object: its `Codable` encoding, keys sorted.
    public static func json(_ summary: ValidationSummary) -> String {
        var json = ReportJSON()
        json.summary(summary)
        return json.text
    }

    /// A CSV field, quoted (RFC 4180) when it holds a comma, quote or line break.
    @_spi(ETOSGenerated) public static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
