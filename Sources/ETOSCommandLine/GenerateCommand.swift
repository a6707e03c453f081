import ArgumentParser
import ETOSCodegen
import ETOSModel
import Foundation

/// `etosc generate [SPEC…] [--output DIR]`: the committed output (docs, IR, Swift snapshot).
public struct GenerateCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Compile specs and write their Markdown guide, JSON IR and Swift snapshot.",
        discussion: """
        Each spec gets a folder <ShortName>-v<Version> in the output directory, and each pair of \
        consecutive versions of one data set a folder <ShortName>-v<Old>-to-v<New> holding the \
        change specification between them. Nothing is \
        written unless every spec compiles without errors; the new tree is built beside the \
        output directory and exchanged with it in one step, so a failed or killed run leaves it \
        as it was. Unchanged files keep their dates; files a spec no longer produces are removed.
        A target in Sources/ whose etos.json names one of the specs also gets its module's DocC \
        catalog, Sources/<Target>/<Target>.docc (as `etosc emit-docc` writes it).
        """
    )

    @Argument(help: "ETOS files: .xlsx, .xlsm, .fods or XML Spreadsheet 2003 (default: every such file in Spec/, in name order).")
    var specs: [String] = []

    @Option(name: .long, help: "Output directory.")
    var output = "Generated"

    @OptionGroup var specOptions: SpecOptions

    public func run() throws {
        let paths = try specs.isEmpty ? Self.defaultSpecs() : specs
        var compiled: [(spec: Spec, path: String)] = []
        var failed = false
        for path in paths {
            if let spec = SpecInput.compile(path: path, options: specOptions, quiet: true) {
                SpecInput.report(SwiftEmitter(spec: spec, specPath: SpecInput.displayPath(path)).diagnostics, includeNotes: false)
                compiled.append((spec, SpecInput.displayPath(path)))
            } else {
                failed = true
            }
        }
        if failed {
            FileHandle.standardError.write(Data("etosc: nothing written: fix the errors above first\n".utf8))
            throw ExitCode(1)
        }
        var files: [String: String] = [:]
        var folders: [String: String] = [:]
        for (spec, path) in compiled {
            let folder = GeneratedLayout.folder(for: spec)
            if let other = folders[folder] {
                throw ValidationError("\(path) and \(other) both produce \(folder)/: give them different short names or versions")
            }
            folders[folder] = path
            files.merge(try GeneratedLayout.files(for: spec, specPath: path)) { first, _ in first }
        }
        for (before, after) in GeneratedLayout.consecutiveVersions(compiled.map(\.spec)) {
            let (folder, changeFiles) = try GeneratedLayout.changeFiles(old: before, new: after)
            folders[folder] = before.source
            files.merge(changeFiles) { first, _ in first }
        }
        let result = try DirectorySwap.replace(files: files, under: output, ownedFolders: Set(folders.keys))
        print("etosc: \(compiled.count) spec\(compiled.count == 1 ? "" : "s") → \(output)/: \(result.written) file\(result.written == 1 ? "" : "s") written, \(files.count - result.written) unchanged, \(result.removed) removed")
        let specsByPath = Dictionary(compiled.map { ($0.path, $0.spec) }, uniquingKeysWith: { first, _ in first })
        for target in CatalogWriter.targets(naming: compiled.map(\.path)) {
            // A relational module's catalog is not written yet (its API is per table); its guide is in Generated/.
            guard let spec = specsByPath[target.spec], !spec.isRelational else { continue }
            let name = target.directory.lastPathComponent
            let folder = target.directory.appendingPathComponent(name + ".docc")
            let changed = try CatalogWriter.write(DocCEmitter(spec: spec, specPath: target.spec, moduleName: name), into: folder)
            print("etosc: \(target.spec) → \(SpecInput.displayPath(folder.path))/: \(changed) file\(changed == 1 ? "" : "s") written")
        }
    }

    static func defaultSpecs() throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "Spec")) ?? []
        let extensions = [".xml", ".xlsx", ".xlsm", ".fods"]
        let specs = names.filter { name in extensions.contains { name.lowercased().hasSuffix($0) } }.sorted().map { "Spec/" + $0 }
        guard !specs.isEmpty else { throw ValidationError("no specs given and no .xml, .xlsx, .xlsm or .fods file in \(FileManager.default.currentDirectoryPath)/Spec") }
        return specs
    }
}
