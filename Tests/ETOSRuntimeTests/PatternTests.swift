@_spi(ETOSGenerated) import ETOSRuntime
import Testing

/// `Pattern` matches printable ASCII with its own table where it can; it must say exactly
/// what Swift `Regex` says.
@Suite("Pattern")
struct PatternTests {
    static let tabulated = [
        "^([CDGS][0-9]{1,7}|(CH|DT|CD|PH|SL)[0-9]{1,6}|[0-9]{2}[A-Z][0-9]{4}[A-Z]|(ZE|ZN|ZS|ZW)[0-9]{6}|H9999998|M9999998|R9999981|A9999998|P9999981|X9999998|N9999998)$",
        "[A-Z]{2}[0-9]+",
        "(ab|a)(bc|c)?",
        "[^0-9 ]*-?[0-9]{2,3}",
        "x|y|",
        "(a|b)*a(a|b){3}",
        "((a*)b)*c{2,}",
        "^a|b$",
        "[a-c-]x{0}y{1,}",
        "()z?",
    ]
    /// Read differently by `Regex` and plain readers, or not regular in the plain subset:
    /// left to `Regex`.
    static let notTabulated = ["\\d{3}", "a.c", "[[:alpha:]]", "[a&&b]", "[a--b]", "a**", "^*", "a{2,1}", "(a", "a)", "{3}", "x{1,500}", "[]a]"]

    @Test(arguments: tabulated + notTabulated) func tableAndSwiftRegexAgree(source: String) throws {
        let pattern = Pattern(source)
        let reference = try? Regex(source)
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ACDGSHZ0123456789abcxyz]-&é\r\n ")
        var texts = ["C1234567", "CH123456", "12A3456B", "ZE123456", "N9999998", "C12345678", "", "AB12", "abc", "ac", "123",
                     "ab-12", "aaaaa", "abbbcc", "b", "a", "cc", "z", "-xy", "]"]
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...9, using: &generator)
            texts.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        var disagreements: [String] = []
        for text in texts where pattern.wholeMatch(text) != (reference.map { (try? $0.wholeMatch(in: text)) != nil } ?? false) {
            disagreements.append(text)
        }
        #expect(disagreements.isEmpty, "\(source) on \(disagreements.prefix(5).map(\.debugDescription))")
    }

    @Test func theTableCoversThePlainSubsetOnly() {
        for source in Self.tabulated { #expect(Pattern(source).isTabulated, "\(source)") }
        for source in Self.notTabulated { #expect(!Pattern(source).isTabulated, "\(source)") }
    }

    /// Hostile patterns (deep nesting, counts of counts) are refused quickly, not tabulated.
    @Test func hostilePatternsAreLeftToRegex() {
        let deep = String(repeating: "(", count: 5_000) + "a" + String(repeating: ")", count: 5_000)
        let counts = "(((((a{100}){100}){100}){100}){100})"
        for source in [deep, counts] { #expect(!Pattern(source).isTabulated) }
    }
}
