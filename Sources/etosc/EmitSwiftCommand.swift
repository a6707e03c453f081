import ArgumentParser
import ETOSCodegen
import Foundation

/// `etosc emit-swift SPEC --output DIR`: the Swift files of one spec, for the build plugin.
struct EmitSwiftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emit-swift",
        abstract: "Write the Swift files of one spec into a directory (used by the build plugin).",
        discussion: "Writes \(SwiftEmitter.fileNames.joined(separator: ", ")). Exits 1, writing nothing, when the spec has errors."
    )

    @Argument(help: "An ETOS file.")
    var spec: String

    @Option(name: .long, help: "Directory to write the Swift files into.")
    var output: String

    @OptionGroup var layout: LayoutOption

    func run() throws {
        guard let model = SpecInput.compile(path: spec, layout: layout, quiet: true) else { throw ExitCode(1) }
        let emitter = SwiftEmitter(spec: model, specPath: SpecInput.displayPath(spec))
        SpecInput.report(emitter.diagnostics, includeNotes: false)
        let files = emitter.files()
        _ = try AtomicWriter.writeAll(files, under: output)
    }
}
