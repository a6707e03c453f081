import ArgumentParser
import ETOSCodegen
import ETOSModel
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

    @Option(name: .long, help: "Name the spec, in generated files and messages, by its path relative to this directory (the build plugin passes the package's).")
    var relativeTo: String?

    @Option(name: .long, help: "Also write the warnings that leave part of the spec unenforced to this file, one per line as file, line and message separated by tabs (the build plugin re-prints them on every build).")
    var warningsFile: String?

    @OptionGroup var specOptions: SpecOptions

    func run() throws {
        let shown = relativeTo.map { SpecInput.path(spec, relativeTo: $0) } ?? SpecInput.displayPath(spec)
        guard let model = SpecInput.compile(path: spec, displayName: shown, options: specOptions, quiet: true) else { throw ExitCode(1) }
        let emitter = SwiftEmitter(spec: model, specPath: shown)
        SpecInput.report(emitter.diagnostics, includeNotes: false)
        _ = try AtomicWriter.writeAll(emitter.files(), under: output)
        if let warningsFile {
            let unenforced = (model.diagnostics + emitter.diagnostics).filter { $0.weakensEnforcement && $0.severity == .warning }
            _ = try AtomicWriter.write(unenforced.map(Self.tabSeparated).joined(), to: warningsFile)
        }
    }

    /// `file<TAB>line<TAB>message [cell]`; an archive's cell goes in the message, line empty.
    private static func tabSeparated(_ diagnostic: Diagnostic) -> String {
        let message = diagnostic.message.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
        guard let location = diagnostic.location else { return "\t\t\(message)\n" }
        let cell = location.cell.map { location.isShownByCell ? "\($0): " : "" } ?? ""
        let suffix = location.isShownByCell ? "" : location.cell.map { " [\($0)]" } ?? ""
        return "\(location.file)\t\(location.isShownByCell ? "" : String(location.line))\t\(cell)\(message)\(suffix)\n"
    }
}
