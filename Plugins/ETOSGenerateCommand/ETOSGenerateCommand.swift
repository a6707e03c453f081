import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory etos-generate [--target NAME …] [options]`.
///
/// With `--target NAME` (repeatable), writes the DocC catalog of each target's spec into
/// `Sources/NAME/NAME.docc` (`etos-codegen emit-docc`): the spec is the one an `etos.json` beside the
/// target's sources names, or the one ETOS file among them, as the build plugin finds it.
/// Without `--target`, a package with a `Spec/` folder regenerates `Generated/` from it
/// (`etos-codegen generate`, given the remaining arguments); any other package gets the catalog of
/// every target that holds an ETOS.
@main
struct ETOSGenerateCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let names = extractor.extractOption(named: "target")
        let rest = extractor.remainingArguments
        let tool = try context.tool(named: "etos-codegen").url
        let root = context.package.directoryURL
        if names.isEmpty, FileManager.default.fileExists(atPath: root.appending(path: "Spec").path(percentEncoded: false)) {
            try run(tool, ["generate"] + rest, in: root)
            return
        }
        let targets = try names.isEmpty
            ? context.package.targets.compactMap { $0 as? SourceModuleTarget }.filter { (try? TargetSpec(of: $0)) != nil }
            : context.package.targets(named: names).map { target in
                guard let module = target as? SourceModuleTarget else { throw CommandError("target '\(target.name)' has no sources") }
                return module
            }
        guard !targets.isEmpty else {
            throw CommandError("no target holds an ETOS file or an etos.json, and there is no Spec/ folder: name one with --target NAME")
        }
        for target in targets {
            let spec = try TargetSpec(of: target)
            guard target.sourceFiles.contains(where: { $0.url.pathExtension == "swift" }) else {
                throw CommandError("target '\(target.name)' has no Swift file of its own: add one (a comment is enough); SwiftPM neither runs build plugins for nor links a target without one")
            }
            let catalog = target.directoryURL.appending(path: "\(target.name).docc")
            var arguments = ["emit-docc", spec.spec.path(percentEncoded: false), "--output", catalog.path(percentEncoded: false)]
            if let layout = spec.layout { arguments += ["--layout", layout.path(percentEncoded: false)] }
            try run(tool, arguments + rest, in: root)
        }
    }

    private func run(_ tool: URL, _ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = tool
        process.currentDirectoryURL = directory
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw CommandError("etos-codegen \(arguments[0]) failed with status \(process.terminationStatus)")
        }
    }
}

/// A target's spec as the build plugin finds it: named by `etos.json`, or the one ETOS file.
struct TargetSpec {
    let spec: URL
    let layout: URL?

    private struct Config: Decodable {
        var spec: String?
        var layout: String?
    }

    init(of target: SourceModuleTarget) throws {
        let directory = target.directoryURL
        let config = directory.appending(path: "etos.json")
        let decoded = FileManager.default.fileExists(atPath: config.path(percentEncoded: false))
            ? try JSONDecoder().decode(Config.self, from: Data(contentsOf: config)) : nil
        layout = decoded?.layout.map { URL(fileURLWithPath: $0, relativeTo: directory).standardizedFileURL }
        if let named = decoded?.spec {
            spec = URL(fileURLWithPath: named, relativeTo: directory).standardizedFileURL
            return
        }
        let found = target.sourceFiles.map(\.url).filter { url in
            let name = url.lastPathComponent
            let leftover = name.hasPrefix("~$") || name.hasPrefix(".~lock.") || name.hasSuffix("~") || name.hasSuffix("#")
            return ["xml", "xlsx", "xlsm", "fods"].contains(url.pathExtension.lowercased()) && !leftover
        }
        guard found.count == 1 else {
            throw CommandError("target '\(target.name)' needs exactly one ETOS file, or an etos.json naming one; found \(found.count)")
        }
        spec = found[0]
    }
}

struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
