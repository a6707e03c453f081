import ArgumentParser
import ETOSCodegen
import Foundation

/// `etosc emit-docc SPEC --output DIR.docc`: the DocC catalog of a spec's generated module.
public struct EmitDocCCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "emit-docc",
        abstract: "Write the DocC catalog of a spec's generated module.",
        discussion: """
        Writes a landing page (the data set, its items, code lists and rules, each beside the spec \
        cell that states it) and the articles "Validating a submission" and "Reference data" into \
        the catalog folder, replacing what it held. Put the folder in the target the build plugin \
        generates the module into (Sources/<Target>/<Target>.docc); then \
        `swift package generate-documentation --target <Target>` builds the documentation. \
        Exits 1, writing nothing, when the spec has errors.
        """
    )

    @Argument(help: "An ETOS file.")
    var spec: String

    @Option(name: .long, help: "The catalog folder to write, named <Module>.docc.")
    var output: String

    @Option(name: .long, help: "The module the catalog documents (default: the folder's name without .docc).")
    var module: String?

    @OptionGroup var specOptions: SpecOptions

    public func run() throws {
        let folder = URL(fileURLWithPath: output).standardizedFileURL
        guard folder.pathExtension == "docc" else { throw ValidationError("--output must be a folder named <Module>.docc, not '\(output)'") }
        let moduleName = module ?? folder.deletingPathExtension().lastPathComponent
        guard let model = SpecInput.compile(path: spec, options: specOptions, quiet: true) else { throw ExitCode(1) }
        let written = try CatalogWriter.write(DocCEmitter(spec: model, specPath: SpecInput.displayPath(spec), moduleName: moduleName), into: folder)
        print("etosc: \(SpecInput.displayPath(output)): \(written) file\(written == 1 ? "" : "s") written")
    }
}

/// Writes a DocC catalog as one folder, exchanged at once with the one it replaces.
enum CatalogWriter {
    /// Writes `emitter`'s catalog into `folder`; returns how many files changed.
    static func write(_ emitter: DocCEmitter, into folder: URL) throws -> Int {
        let name = folder.lastPathComponent
        let files = Dictionary(uniqueKeysWithValues: emitter.files().map { (name + "/" + $0.key, $0.value) })
        let result = try DirectorySwap.replace(files: files, under: folder.deletingLastPathComponent().path, ownedFolders: [name])
        return result.written + result.removed
    }

    /// The package's targets whose `etos.json` names one of `specs` (paths as given): target
    /// directory → the spec path it names.
    static func targets(naming specs: [String], under sources: String = "Sources") -> [(directory: URL, spec: String)] {
        let manager = FileManager.default
        let wanted = Dictionary(specs.map { (URL(fileURLWithPath: $0).standardizedFileURL.path, $0) }, uniquingKeysWith: { first, _ in first })
        var found: [(URL, String)] = []
        for name in ((try? manager.contentsOfDirectory(atPath: sources)) ?? []).sorted() {
            let directory = URL(fileURLWithPath: sources).appendingPathComponent(name).standardizedFileURL
            guard let data = manager.contents(atPath: directory.appendingPathComponent("etos.json").path),
                  let config = try? JSONDecoder().decode(TargetConfig.self, from: data), let spec = config.spec else { continue }
            let path = URL(fileURLWithPath: spec, relativeTo: directory).standardizedFileURL.path
            if let given = wanted[path] { found.append((directory, given)) }
        }
        return found
    }

    private struct TargetConfig: Decodable {
        var spec: String?
    }
}
