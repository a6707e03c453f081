import ETOSRuntime
import Foundation
import Testing

/// The JSON report is the `Codable` encoding of its types: what the report writer writes is
/// byte for byte what `JSONEncoder` makes of them, and decodes back to what was written.
@Suite("Report encoding")
struct ReportEncodingTests {
    private static let alphabet = Array("Ab1 \"\\/\n\r\t\u{08}\u{0C}\u{01}\u{1F}é€😀,;")

    private func text(_ numbers: inout SeededNumbers) -> String {
        String((0..<numbers.next(12)).map { _ in Self.alphabet[numbers.next(Self.alphabet.count)] })
    }

    private var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    private func finding(_ numbers: inout SeededNumbers) -> ReportedFinding {
        let items = (0..<numbers.next(3)).map { _ in text(&numbers) }
        return ReportedFinding(
            finding: Finding(code: text(&numbers), level: FindingLevel.allCases[numbers.next(3)], items: items,
                             values: items.map { _ in text(&numbers) }, message: text(&numbers)),
            recordNumber: numbers.next(1_000_000), line: numbers.next(1_000_000), itemNames: items.map { _ in text(&numbers) },
            key: (0..<numbers.next(3)).map { _ in text(&numbers) })
    }

    private func summary(_ numbers: inout SeededNumbers) -> ValidationSummary {
        var summary = ValidationSummary()
        summary.recordsRead = numbers.next(100)
        summary.recordsAccepted = numbers.next(100)
        summary.recordsRejected = numbers.next(100)
        summary.recordsWarned = numbers.next(100)
        summary.headerPresent = numbers.next(2) == 1
        summary.blankLines = numbers.next(5)
        for _ in 0..<numbers.next(4) { summary.counts[text(&numbers)] = FindingCount(level: FindingLevel.allCases[numbers.next(3)], count: numbers.next(50)) }
        summary.fileRejections = (0..<numbers.next(3)).map { _ in text(&numbers) }
        for _ in 0..<numbers.next(3) { summary.rulesNotRun[text(&numbers)] = numbers.next(100) }
        summary.notEnforced = (0..<numbers.next(3)).map { _ in UnenforcedRule(code: text(&numbers), reason: text(&numbers)) }
        summary.findingsListed = numbers.next(10)
        summary.findingsTotal = numbers.next(10)
        return summary
    }

    /// 2,000 random findings (quotes, backslashes, slashes, control characters, non-ASCII):
    /// each JSON Lines entry is the encoder's bytes with the `type` key in front.
    @Test func eachFindingIsItsEncoding() throws {
        var numbers = SeededNumbers(seed: 18)
        for _ in 0..<2_000 {
            let reported = finding(&numbers)
            var lines = ""
            var writer = ReportWriter(format: .jsonl) { lines += $0 }
            writer.write(reported)
            let encoded = String(decoding: try encoder.encode(reported), as: UTF8.self)
            #expect(lines == "{\"type\":\"finding\"," + encoded.dropFirst() + "\n")
            #expect(try JSONDecoder().decode(ReportedFinding.self, from: Data(encoded.utf8)) == reported)
        }
    }

    /// 500 random summaries: the report's summary is the encoder's bytes and decodes back.
    @Test func theSummaryIsItsEncoding() throws {
        var numbers = SeededNumbers(seed: 19)
        for _ in 0..<500 {
            let summary = summary(&numbers)
            #expect(ReportWriter.json(summary) == String(decoding: try encoder.encode(summary), as: UTF8.self))
            #expect(try JSONDecoder().decode(ValidationSummary.self, from: Data(ReportWriter.json(summary).utf8)) == summary)
        }
    }

    /// A whole `--format json` report decodes as a `ValidationReport` of what was written.
    @Test func aWholeReportDecodes() throws {
        var numbers = SeededNumbers(seed: 20)
        let findings = (0..<25).map { _ in finding(&numbers) }
        let summary = summary(&numbers)
        var text = ""
        var writer = ReportWriter(format: .json) { text += $0 }
        writer.begin()
        for finding in findings { writer.write(finding) }
        writer.end(summary)
        #expect(try JSONDecoder().decode(ValidationReport.self, from: Data(text.utf8)) == ValidationReport(findings: findings, summary: summary))
    }
}
