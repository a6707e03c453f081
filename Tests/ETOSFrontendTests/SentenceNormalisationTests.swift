@testable import ETOSFrontend
import ETOSSampling
import Testing

@Suite("Rule sentence normalisation")
struct SentenceNormalisationTests {
    /// The definition: split on Unicode white space, joined by single spaces, final full stops dropped.
    private func reference(_ text: String) -> String {
        var folded = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while folded.hasSuffix(".") { folded.removeLast() }
        return folded
    }

    /// The ASCII fast path agrees with the definition on random text, control characters,
    /// CRLF pairs and non-ASCII white space (which takes the general path) included.
    @Test func theFastPathAgreesWithTheDefinition() {
        let alphabet: [String] = [" ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1F}", "\u{00}", "a", "B", "1", ".", ",", "é", "\u{A0}", "\u{2028}"]
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            #expect(SentenceMatcher.normalise(text) == reference(text), "\(Array(text.unicodeScalars))")
        }
    }
}

extension SentenceNormalisationTests {
    /// A prepared sentence's lower case and word characters are those of the definition
    /// (`lowercased`, `isLetter || isNumber`), ASCII fast path or not.
    @Test func preparedSentencesClassifyEveryCharacterAsTheDefinitionDoes() {
        let alphabet: [Character] = ["A", "z", "Q", "0", "9", " ", "-", "_", ".", "É", "é", "ß", "İ", "٣", "²", "\r\n", "Σ", "ﬁ"]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let text = String((0..<Int.random(in: 0...16, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let sentence = SentenceMatcher.Sentence(text)
            let lowered = Array(text).map { Character($0.lowercased()) }
            #expect(sentence.lowered == lowered, "\(text)")
            #expect(sentence.isWordCharacter == lowered.map { $0.isLetter || $0.isNumber }, "\(text)")
        }
    }
}
