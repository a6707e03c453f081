import ArgumentParser
import ETOSFrontend

/// `etosc rules-doc [--output FILE]`: the rule language reference.
public struct RulesDocCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "rules-doc",
        abstract: "Print (or write) docs/RULES.md, the rule language reference, from the parser's table of forms."
    )

    @Option(name: .long, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    public func run() throws {
        let markdown = RuleLanguageDocumentation.markdown()
        if let output {
            try AtomicWriter.write(markdown, to: output)
        } else {
            print(markdown, terminator: "")
        }
    }
}
