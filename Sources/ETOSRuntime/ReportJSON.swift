/// The JSON report's text, written directly: byte for byte what `JSONEncoder` with
/// `[.sortedKeys, .withoutEscapingSlashes]` makes of ``ReportedFinding`` and
/// ``ValidationSummary`` (a test holds the two together), without its cost per finding.
/// Written as UTF-8 bytes: appending `String`s piece by piece cost more than checking the
/// records that the findings are about.
struct ReportJSON {
    private var bytes: [UInt8] = []

    /// What has been written.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends `piece` as it is (keys, punctuation, numbers).
    private mutating func raw(_ piece: String) {
        var piece = piece
        piece.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A finding: keys in sorted order, as the encoder writes them.
    mutating func finding(_ reported: ReportedFinding) {
        let finding = reported.finding
        raw("{\"code\":")
        string(finding.code)
        raw(",\"items\":[")
        for (index, (uid, name)) in zip(finding.items, reported.itemNames).enumerated() {
            raw(index == 0 ? "{\"name\":" : ",{\"name\":")
            string(name)
            raw(",\"uid\":")
            string(uid)
            raw("}")
        }
        raw("],\"key\":")
        strings(reported.key)
        raw(",\"level\":")
        string(finding.level.rawValue)
        raw(",\"line\":\(reported.line),\"message\":")
        string(finding.message)
        raw(",\"record\":\(reported.recordNumber)")
        if let table = reported.table {
            raw(",\"table\":")
            string(table)
        }
        raw(",\"values\":")
        strings(finding.values)
        raw("}")
    }

    /// The summary: keys in sorted order, lists by code.
    mutating func summary(_ summary: ValidationSummary) {
        raw("{\"blankLines\":\(summary.blankLines),\"counts\":[")
        for (index, entry) in summary.counts.sorted(by: { $0.key < $1.key }).enumerated() {
            raw(index == 0 ? "{\"code\":" : ",{\"code\":")
            string(entry.key)
            raw(",\"count\":\(entry.value.count),\"level\":")
            string(entry.value.level.rawValue)
            raw("}")
        }
        raw("],\"fileAccepted\":\(!summary.fileRejected),\"fileRejections\":")
        strings(summary.fileRejections)
        raw(",\"findingsListed\":\(summary.findingsListed),\"findingsTotal\":\(summary.findingsTotal),\"headerPresent\":\(summary.headerPresent),\"notEnforced\":[")
        for (index, rule) in summary.notEnforced.enumerated() {
            raw(index == 0 ? "{\"code\":" : ",{\"code\":")
            string(rule.code)
            raw(",\"reason\":")
            string(rule.reason)
            raw("}")
        }
        raw("],\"recordsAccepted\":\(summary.recordsAccepted),\"recordsRead\":\(summary.recordsRead),\"recordsRejected\":\(summary.recordsRejected),\"recordsWarned\":\(summary.recordsWarned),\"rulesNotRun\":[")
        for (index, entry) in summary.rulesNotRun.sorted(by: { $0.key < $1.key }).enumerated() {
            raw(index == 0 ? "{\"code\":" : ",{\"code\":")
            string(entry.key)
            raw(",\"records\":\(entry.value)}")
        }
        raw("]")
        if !summary.tables.isEmpty {
            raw(",\"tables\":[")
            for (index, table) in summary.tables.enumerated() {
                raw(index == 0 ? "{" : ",{")
                if let file = table.file {
                    raw("\"file\":")
                    string(file)
                    raw(",")
                }
                raw("\"summary\":")
                self.summary(table.summary)
                raw(",\"table\":")
                string(table.table)
                raw("}")
            }
            raw("]")
        }
        raw("}")
    }

    mutating func strings(_ values: [String]) {
        raw("[")
        for (index, value) in values.enumerated() {
            if index > 0 { raw(",") }
            string(value)
        }
        raw("]")
    }

    /// A string literal, escaped as the encoder escapes: `"` and `\`, the control characters
    /// (`\b`, `\f`, `\n`, `\r`, `\t`, else `\u00XX`); everything else as it is.
    mutating func string(_ value: String) {
        var value = value
        let plain = value.withUTF8 { utf8 in
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            return true
        }
        guard !plain else { return }
        raw("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": raw("\\\"")
            case "\\": raw("\\\\")
            case "\u{08}": raw("\\b")
            case "\u{0C}": raw("\\f")
            case "\n": raw("\\n")
            case "\r": raw("\\r")
            case "\t": raw("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                raw("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: raw(String(scalar))
            }
        }
        raw("\"")
    }
}
