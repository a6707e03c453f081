/// The JSON report's text, written directly: byte for byte what `JSONEncoder` with
/// `[.sortedKeys, .withoutEscapingSlashes]` makes of ``ReportedFinding`` and
/// ``ValidationSummary`` (a test holds the two together), without its cost per finding.
struct ReportJSON {
    private(set) var text = ""

    /// A finding: keys in sorted order, as the encoder writes them.
    mutating func finding(_ reported: ReportedFinding) {
        let finding = reported.finding
        text += "{\"code\":"
        string(finding.code)
        text += ",\"items\":["
        for (index, (uid, name)) in zip(finding.items, reported.itemNames).enumerated() {
            text += index == 0 ? "{\"name\":" : ",{\"name\":"
            string(name)
            text += ",\"uid\":"
            string(uid)
            text += "}"
        }
        text += "],\"key\":"
        strings(reported.key)
        text += ",\"level\":"
        string(finding.level.rawValue)
        text += ",\"line\":\(reported.line),\"message\":"
        string(finding.message)
        text += ",\"record\":\(reported.recordNumber),\"values\":"
        strings(finding.values)
        text += "}"
    }

    /// The summary: keys in sorted order, lists by code.
    mutating func summary(_ summary: ValidationSummary) {
        text += "{\"blankLines\":\(summary.blankLines),\"counts\":["
        for (index, entry) in summary.counts.sorted(by: { $0.key < $1.key }).enumerated() {
            text += index == 0 ? "{\"code\":" : ",{\"code\":"
            string(entry.key)
            text += ",\"count\":\(entry.value.count),\"level\":"
            string(entry.value.level.rawValue)
            text += "}"
        }
        text += "],\"fileAccepted\":\(!summary.fileRejected),\"fileRejections\":"
        strings(summary.fileRejections)
        text += ",\"findingsListed\":\(summary.findingsListed),\"findingsTotal\":\(summary.findingsTotal),\"headerPresent\":\(summary.headerPresent),\"notEnforced\":["
        for (index, rule) in summary.notEnforced.enumerated() {
            text += index == 0 ? "{\"code\":" : ",{\"code\":"
            string(rule.code)
            text += ",\"reason\":"
            string(rule.reason)
            text += "}"
        }
        text += "],\"recordsAccepted\":\(summary.recordsAccepted),\"recordsRead\":\(summary.recordsRead),\"recordsRejected\":\(summary.recordsRejected),\"recordsWarned\":\(summary.recordsWarned),\"rulesNotRun\":["
        for (index, entry) in summary.rulesNotRun.sorted(by: { $0.key < $1.key }).enumerated() {
            text += index == 0 ? "{\"code\":" : ",{\"code\":"
            string(entry.key)
            text += ",\"records\":\(entry.value)}"
        }
        text += "]}"
    }

    mutating func strings(_ values: [String]) {
        text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            string(value)
        }
        text += "]"
    }

    /// A string literal, escaped as the encoder escapes: `"` and `\`, the control characters
    /// (`\b`, `\f`, `\n`, `\r`, `\t`, else `\u00XX`); everything else as it is.
    mutating func string(_ value: String) {
        text += "\""
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            text += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\u{08}": text += "\\b"
                case "\u{0C}": text += "\\f"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
