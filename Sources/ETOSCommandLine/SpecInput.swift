import ArgumentParser
import ETOSFrontend
import ETOSModel
import Foundation

/// Options shared by every command that reads a spec.
public struct SpecOptions: ParsableArguments {
    public init() {}

    @Option(name: .long, help: "A JSON layout file adding sheet and column names (see Spec/README.md).")
    var layout: String?

    @Flag(name: .long, help: "Fail on every warning that leaves part of the spec unenforced: ignored columns and sheets, rules not understood, code lists the workbook lacks.")
    var strict = false

    /// The ETOS layout with this option's overrides applied.
    public func resolved() throws(DiagnosticsError) -> Layout {
        guard let layout else { return .etos }
        guard let data = FileManager.default.contents(atPath: layout) else {
            throw DiagnosticsError([Diagnostic(.error, "cannot read layout file \(layout)")])
        }
        return try Layout.etos.applying(LayoutOverrides.parse(data, file: layout), file: layout)
    }
}

/// Compiles a spec and prints its diagnostics to standard error.
public enum SpecInput {
    /// The compiled spec; nil when it has errors (all of them already printed).
    /// In strict mode (`--strict`), diagnostics that weaken enforcement are errors.
    /// `displayName` is how diagnostics name the file (by default ``displayPath(_:)``).
    public static func compile(path: String, displayName: String? = nil, options: SpecOptions, quiet: Bool = false) -> Spec? {
        do {
            var spec = try SpecCompiler.compile(contentsOf: path, displayName: displayName ?? displayPath(path), layout: options.resolved())
            if options.strict { spec.diagnostics = spec.diagnostics.promotingWeakenedEnforcement() }
            report(spec.diagnostics, includeNotes: !quiet)
            return spec.diagnostics.hasErrors ? nil : spec
        } catch {
            report(error.diagnostics, includeNotes: true)
            return nil
        }
    }

    static func report(_ diagnostics: [Diagnostic], includeNotes: Bool) {
        for diagnostic in diagnostics where includeNotes || diagnostic.severity != .note {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
    }

    /// `path` as exported files name it: relative to the current directory when it lies below
    /// it, else its file name alone (an exported file carries no absolute path).
    public static func portablePath(_ path: String) -> String {
        let shown = displayPath(path)
        return shown.hasPrefix("/") ? URL(fileURLWithPath: shown).lastPathComponent : shown
    }

    /// `path` relative to the directory `base`, climbing with `..` where it lies outside it
    /// (`../Shared/X.xml`): never absolute, so generated files name it the same on any machine.
    static func path(_ path: String, relativeTo base: String) -> String {
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let root = URL(fileURLWithPath: base, isDirectory: true).standardizedFileURL.pathComponents
        let shared = zip(target, root).prefix { $0 == $1 }.count
        let parts = Array(repeating: "..", count: root.count - shared) + target[shared...]
        return parts.joined(separator: "/")
    }

    /// `path` relative to the current directory when it lies below it, else as given.
    static func displayPath(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : path
    }
}
