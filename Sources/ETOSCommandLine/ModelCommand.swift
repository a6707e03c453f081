import ArgumentParser
import ETOSModel

/// `etosc model SPEC`: the JSON IR on standard output.
public struct ModelCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Print the compiled spec as JSON (the IR), diagnostics included."
    )

    @Argument(help: "An ETOS file.")
    var spec: String

    @OptionGroup var specOptions: SpecOptions

    public func run() throws {
        guard let model = SpecInput.compile(path: spec, options: specOptions, quiet: true) else { throw ExitCode(1) }
        print(try JSONIR.encode(model), terminator: "")
    }
}
