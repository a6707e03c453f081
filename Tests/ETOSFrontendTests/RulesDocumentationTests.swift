import ETOSFrontend
import Foundation
import Testing

@Suite("docs/RULES.md")
struct RulesDocumentationTests {
    @Test func isWhatTheParserTableProducesNow() throws {
        let committed = try String(contentsOf: packageRoot.appendingPathComponent("docs/RULES.md"), encoding: .utf8)
        #expect(committed == RuleLanguageDocumentation.markdown(), "docs/RULES.md is out of date: run `swift run etosc rules-doc --output docs/RULES.md`")
    }

    @Test func listsEveryForm() {
        let markdown = RuleLanguageDocumentation.markdown()
        for form in RuleSentenceForm.all {
            #expect(markdown.contains(form.example.replacingOccurrences(of: "|", with: "\\|")))
        }
    }
}
