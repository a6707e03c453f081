import ETOSRuntime
import Testing

/// `Pattern` matches with POSIX `regexec` where it can; it must say exactly what Swift `Regex` says.
@Suite("Pattern")
struct PatternTests {
    static let patterns = [
        "^([CDGS][0-9]{1,7}|(CH|DT|CD|PH|SL)[0-9]{1,6}|[0-9]{2}[A-Z][0-9]{4}[A-Z]|(ZE|ZN|ZS|ZW)[0-9]{6}|H9999998|M9999998|R9999981|A9999998|P9999981|X9999998|N9999998)$",
        "[A-Z]{2}[0-9]+",
        "(ab|a)(bc|c)?",
        "[^0-9 ]*-?[0-9]{2,3}",
        "x|y|",
        "\\d{3}",            // escapes: Swift Regex only
        "a.c",               // `.`: Swift Regex only
    ]

    @Test(arguments: patterns) func posixAndSwiftRegexAgree(source: String) throws {
        let pattern = Pattern(source)
        let reference = try Regex(source)
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ACDGSHZ0123456789abcxy -é\r\n")
        var checked = 0
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...9, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(pattern.wholeMatch(text) == ((try? reference.wholeMatch(in: text)) != nil), "\(source) on \(text.debugDescription)")
            checked += 1
        }
        for text in ["C1234567", "CH123456", "12A3456B", "ZE123456", "N9999998", "C12345678", "", "AB12", "abc", "ac", "123", "ab-12"] {
            #expect(pattern.wholeMatch(text) == ((try? reference.wholeMatch(in: text)) != nil), "\(source) on \(text.debugDescription)")
        }
        #expect(checked == 3_000)
    }

    @Test func theSubsetExcludesWhatPOSIXReadsDifferently() {
        #expect(Pattern.isPOSIXCompatible(PatternTests.patterns[0]))
        #expect(!Pattern.isPOSIXCompatible("\\d{3}"))
        #expect(!Pattern.isPOSIXCompatible("a.c"))
        #expect(!Pattern.isPOSIXCompatible("[[:alpha:]]"))
    }
}
