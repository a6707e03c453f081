import ArgumentParser
import ETOSCommandLine

/// `etos-codegen`: the generator the SwiftPM plugins run. It is `etosc` without `validate`,
/// so that `etosc` can link the modules these plugins generate (a tool cannot depend on
/// modules its own output builds).
@main
struct EtosCodegen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "etos-codegen",
        abstract: "Generate Swift, DocC catalogs and Generated/ from ETOS files (the tool the ETOS plugins run; etosc has the same commands).",
        subcommands: [EmitSwiftCommand.self, EmitDocCCommand.self, GenerateCommand.self]
    )
}
