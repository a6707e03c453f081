import ArgumentParser
import ETOSCodegen
import ETOSModel

/// `etosc check SPEC…`: diagnostics only.
public struct CheckCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compile specs and report every problem as path:line:col: severity: message [Sheet!B7].",
        discussion: "Exits 0 when no spec has errors, 1 otherwise."
    )

    @Argument(help: "ETOS files: .xlsx, .xlsm, .fods or XML Spreadsheet 2003.")
    var specs: [String]

    @OptionGroup var specOptions: SpecOptions

    @Flag(name: .long, help: "Hide notes; show only errors and warnings.")
    var quiet = false

    public func run() throws {
        var failed = false
        for path in specs {
            guard let spec = SpecInput.compile(path: path, options: specOptions, quiet: quiet) else {
                failed = true
                continue
            }
            // What naming the generated Swift finds (colliding code-list meanings).
            SpecInput.report(SwiftEmitter(spec: spec, specPath: SpecInput.displayPath(path)).diagnostics, includeNotes: false)
            print(Coverage(spec: spec).line(for: SpecInput.displayPath(path)))
        }
        if failed { throw ExitCode(1) }
    }
}
