import ArgumentParser
import ETOSDiff
import ETOSModel
import Foundation

/// `etosc diff OLD NEW`: the change specification between two versions of a spec.
public struct DiffCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Write the change specification between two versions of a spec (Markdown or JSON).",
        discussion: """
        Items are matched by Data Dictionary element, then UID, then name similarity. Each change \
        is classed as breaking or compatible for a submitter and for a consumer of the generated \
        module. Exit status: 0 no breaking change (for --breaking-for), 1 breaking changes, \
        2 a spec could not be compiled.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, json
    }

    enum Audience: String, ExpressibleByArgument, CaseIterable {
        case submitter, consumer, either
    }

    @Argument(help: "The old spec.")
    var old: String

    @Argument(help: "The new spec.")
    var new: String

    @Option(name: .long, help: "The change specification's format.")
    var format: Format = .markdown

    @Option(name: .long, help: "Write here (atomically) instead of standard output.")
    var output: String?

    @Option(name: .long, help: "Whose breaking changes set exit status 1.")
    var breakingFor: Audience = .either

    @OptionGroup var specOptions: SpecOptions

    public func run() throws {
        let before = SpecInput.compile(path: old, options: specOptions, quiet: true)
        let after = SpecInput.compile(path: new, options: specOptions, quiet: true)
        guard let before, let after else { throw ExitCode(2) }
        let changes = SpecDiff.compare(old: before, new: after)
        let writer = ChangeSpecificationWriter(changes)
        let text = format == .json ? try writer.json() : writer.markdown()
        if let output {
            try AtomicWriter.write(text, to: output)
        } else {
            print(text, terminator: "")
        }
        let breaking = switch breakingFor {
        case .submitter: changes.breaksSubmitters
        case .consumer: changes.breaksConsumers
        case .either: changes.breaksSubmitters || changes.breaksConsumers
        }
        if breaking { throw ExitCode(1) }
    }
}
