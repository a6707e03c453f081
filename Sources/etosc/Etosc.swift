import ArgumentParser
import ETOSCommandLine

/// `etosc`: the ETOS compiler's command line.
@main
struct Etosc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "etosc",
        abstract: "Compile NHS England Enhanced Technical Output Specifications (ETOS) to Swift and documentation.",
        subcommands: [CheckCommand.self, ModelCommand.self, GenerateCommand.self, EmitSwiftCommand.self, EmitDocCCommand.self, ValidateCommand.self, SampleCommand.self, ExportCommand.self, DiffCommand.self, RulesDocCommand.self]
    )
}
