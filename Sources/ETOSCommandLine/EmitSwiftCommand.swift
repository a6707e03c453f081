import ArgumentParser
import ETOSCodegen
import ETOSModel
import Foundation

/// `etosc emit-swift SPEC --output DIR`: the Swift files of one spec, for the build plugin.
public struct EmitSwiftCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "emit-swift",
        abstract: "Write the Swift files of one spec into a directory (used by the build plugin).",
        discussion: "Writes \(SwiftEmitter.fileNames.joined(separator: ", ")). Exits 1, writing nothing, when the spec has errors."
    )

    @Argument(help: "An ETOS file.")
    var spec: String

    @Option(name: .long, help: "Directory to write the Swift files into.")
    var output: String

    @Option(name: .long, help: "Name the spec, in generated files and messages, by its path relative to this directory (the build plugin passes the package's).")
    var relativeTo: String?

    @Flag(name: .customLong("source-warnings"), inversion: .prefixedNo, help: "Write each warning that leaves part of the spec unenforced into the generated code as a #warning at its cell, so every build shows it.")
    var sourceWarnings = true

    @OptionGroup var specOptions: SpecOptions

    public func run() throws {
        let shown = relativeTo.map { SpecInput.path(spec, relativeTo: $0) } ?? SpecInput.displayPath(spec)
        guard let model = SpecInput.compile(path: spec, displayName: shown, options: specOptions, quiet: true) else { throw ExitCode(1) }
        let emitter = SwiftEmitter(spec: model, specPath: shown, sourceWarnings: sourceWarnings)
        SpecInput.report(emitter.diagnostics, includeNotes: false)
        _ = try AtomicWriter.writeAll(emitter.files(), under: output)
    }
}
