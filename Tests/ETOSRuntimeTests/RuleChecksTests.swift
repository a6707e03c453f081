@_spi(ETOSGenerated) import ETOSRuntime
import Testing

@Suite("Rule checks on submitted text")
struct RuleChecksTests {
    @Test(arguments: [
        ("LS1 4AP", RuleVerdict.pass), ("ZZ99 3CZ", .pass), ("ls1 4ap", .pass), (" LS1 4AP ", .pass), ("EC1A 1BB", .pass), ("W1 0AX", .pass),
        ("L 4AP", .fail), ("LS1AB 4AP", .fail), ("1S1 4AP", .fail), ("LS1 4A", .fail), ("LS1 4APX", .fail), ("LS1  4AP", .fail),
        ("LS1 A4P", .fail), ("LS1\t4AP", .fail), ("LÉ1 4AP", .fail), ("LS14AP", .fail), ("LS1 4AP 1", .fail), ("", .skipped), ("   ", .skipped),
    ])
    func postcodeShapes(text: String, verdict: RuleVerdict) {
        #expect(text.withFieldBytes(RuleChecks.postcode) == verdict, "\(text)")
    }

    @Test(arguments: [
        ("9434765919", RuleVerdict.pass), (" 943 476 5919 ", .pass), ("943-476-5919", .pass), ("9434765918", .fail),
        ("94347", .fail), ("999999999", .fail), ("943\t4765919", .fail), ("94347659190", .fail), ("943476591X", .fail), ("", .skipped), ("   ", .skipped),
    ])
    func modulus11(text: String, verdict: RuleVerdict) {
        #expect(text.withFieldBytes(RuleChecks.modulus11) == verdict, "\(text)")
    }

    /// The offset check gives the same verdict whether it parses the value itself or is
    /// handed the value read once for all rules (what generated code does).
    @Test(arguments: [
        ("2026-04-02T09:00:00Z", RuleVerdict.pass), ("2026-04-02T09:00:00z", .pass), (" 2026-04-02T09:00:00+01:00 ", .pass),
        ("2026-04-02T09:00:00-00:00", .pass), ("2026-04-02T09:00:00.250+00:00", .pass), ("2026-04-02T09:00:00+02:00", .fail),
        ("2026-04-02T09:00:00-01:00", .fail), ("2026-04-02T09:00:00", .skipped), ("2026-04-02", .skipped),
        ("2026-13-02T09:00:00Z", .skipped), ("Z", .skipped), ("+01:00", .skipped), ("", .skipped), ("  ", .skipped),
    ])
    func timeZoneOffsets(text: String, verdict: RuleVerdict) {
        let allowed = CodeSet(["+00:00", "+01:00", "-00:00", "Z"])
        text.withFieldBytes { value in
            #expect(RuleChecks.timeZoneOffset(value, allowed: allowed) == verdict, "\(text)")
            #expect(RuleChecks.timeZoneOffset(value, TemporalValue(value, .timestamp), allowed: allowed) == verdict, "\(text), read once")
        }
        #expect(text.withFieldBytes { RuleChecks.timeZoneOffset($0, allowed: CodeSet(["+01:00"])) } == (verdict == .skipped ? .skipped : (text.contains("+01:00") ? .pass : .fail)))
    }

    /// A timestamp item read as the value rules compare reports what reading it as a
    /// `Timestamp` reports, and gives the same moment.
    @Test(arguments: ["2026-04-02T09:00:00Z", " 2026-04-02T09:00:00.125+01:00", "2026-04-02T09:00:00", "2026-02-30T09:00:00Z",
                      "2026-04-02T09:00:00.+01:00", "2026-04-02T09:00:00.1234567+01:00", "", "x", "2026-04-02T24:00:00Z"])
    func timestampItemsReadAsValuesReportTheSame(text: String) {
        let check = ItemCheck(uid: "U1", shape: .timestamp, minLength: 1, maxLength: 25, missing: FindingKind(code: "M", level: .recordRejection, message: "m"),
                              format: FindingKind(code: "F", level: .recordRejection, message: "f"))
        var asTimestamp: [Finding] = []
        var asValue: [Finding] = []
        let timestamp = text.withFieldBytes { check.timestamp($0, &asTimestamp) }
        let value = text.withFieldBytes { check.timestampValue($0, &asValue) }
        #expect(asTimestamp == asValue, "\(text)")
        #expect(timestamp?.instant == value?.instant && timestamp?.ukLocalDate == value?.date, "\(text)")
    }

    @Test func trimmingKeepsInnerSpaceAndTabs() {
        #expect(RuleChecks.trimmed(" \ta b\t ") == "a b")
        #expect(RuleChecks.trimmed("a\tb") == "a\tb")
        #expect(RuleChecks.trimmed("  ") == "")
        #expect(RuleChecks.trimmed("a-long-value-that-is-not-a-small-string ") == "a-long-value-that-is-not-a-small-string")
    }
}

@Suite("Rule checks on text: prefixes and lengths")
struct RuleChecksTextTests {
    @Test(arguments: [
        ("ZZ99 3CZ", "ZZ99", true), ("zz99 3cz", "ZZ99", true), (" ZZ993CZ", "zz99", true), ("ZZ9", "ZZ99", false),
        ("LS1 4AP", "ZZ99", false), ("", "ZZ99", false), ("straße", "STRASS", true), ("ÉCOLE", "é", true), ("Zz", "", true),
    ])
    func startsWithIgnoresCase(text: String, prefix: String, expected: Bool) {
        #expect(text.withFieldBytes { RuleChecks.startsWith($0, prefix) } == expected, "\(text) / \(prefix)")
    }

    /// The byte comparison agrees with upper-casing both texts, on random values and
    /// prefixes mixing ASCII letters, digits, spaces and letters whose upper case differs in
    /// length or script (`ß`, `ſ`, `é`, `ı`).
    @Test func startsWithAgreesWithUppercasing() {
        let pieces = ["a", "A", "z", "S", "s", "9", " ", "-", "ß", "ſ", "é", "É", "ı", "I", "\t"]
        var numbers = SeededNumbers(seed: 77)
        func text(_ length: Int) -> String { (0..<length).map { _ in pieces[numbers.next(pieces.count)] }.joined() }
        var wrong: [String] = []
        for _ in 0..<20_000 {
            let prefix = text(numbers.next(4))
            let value = numbers.next(3) == 0 ? prefix + text(numbers.next(3)) : text(numbers.next(6))
            let expected = RuleChecks.trimmed(value).uppercased().hasPrefix(prefix.uppercased())
            if value.withFieldBytes({ RuleChecks.startsWith($0, prefix) }) != expected { wrong.append("\(value) / \(prefix)") }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    @Test func lengthsCountCharactersNotBytes() {
        #expect("abc".withFieldBytes { RuleChecks.length($0, min: 3, max: 3) } == .pass)
        #expect("ééé".withFieldBytes { RuleChecks.length($0, min: 3, max: 3) } == .pass)
        #expect("e\u{301}e\u{301}".withFieldBytes { RuleChecks.length($0, min: 2, max: 2) } == .pass)
        #expect("abcd".withFieldBytes { RuleChecks.length($0, min: 1, max: 3) } == .fail)
        #expect("éé".withFieldBytes { RuleChecks.format($0, shape: .alphanumeric, min: 1, max: 2) } == .pass)
    }
}
