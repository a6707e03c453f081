import Foundation
import PackagePlugin

/// Generates Swift from the ETOS spec of the target it is applied to.
///
/// The spec is the one `.xml`, `.xlsx`, `.xlsm` or `.fods` file in the target's directory, or the one an `etos.json`
/// beside the sources names (`{"spec": "../../Spec/X.xml", "layout": "layout.json"}`,
/// paths relative to the target directory; `"strict": true` makes every warning that leaves
/// part of the spec unenforced an error). The command reruns when the spec, the config,
/// the layout file or the generator (`etos-codegen`) changes.
///
/// Warnings that leave part of the spec unenforced are written into the generated code as
/// `#warning`s at the spec's cells, so every build that compiles the module shows them, not
/// just the one that regenerated it (`"sourceWarnings": false` leaves them out).
@main
struct ETOSBuildPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let directory = target.directoryURL
        let configURL = directory.appending(path: "etos.json")
        let config = try PluginConfig.load(from: configURL)

        let specURL: URL
        if let spec = config?.spec {
            specURL = URL(fileURLWithPath: spec, relativeTo: directory).standardizedFileURL
        } else {
            let specs = target.sourceFiles.map(\.url).filter { url in
                ["xml", "xlsx", "xlsm", "fods"].contains(url.pathExtension.lowercased()) && !PluginConfig.isEditorLeftover(url.lastPathComponent)
            }
            guard specs.count == 1, let only = specs.first else {
                let found = specs.isEmpty ? "found none" : "found \(specs.count): " + specs.map(\.lastPathComponent).sorted().joined(separator: ", ")
                // Reported rather than thrown, which would add SwiftPM's "build planning stopped" line.
                Diagnostics.error("target '\(target.name)' needs exactly one ETOS file (.xml, .xlsx, .xlsm or .fods), or an etos.json naming one; \(found)")
                return []
            }
            specURL = only
        }

        let tool = try context.tool(named: "etos-codegen")
        let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")
        var arguments = [
            "emit-swift", specURL.path(percentEncoded: false), "--output", output.path(percentEncoded: false),
            "--relative-to", context.package.directoryURL.path(percentEncoded: false),
        ]
        var inputs = [specURL, tool.url]
        if config != nil { inputs.append(configURL) }
        if config?.strict == true { arguments.append("--strict") }
        if config?.sourceWarnings == false { arguments.append("--no-source-warnings") }
        if let layout = config?.layout {
            let layoutURL = URL(fileURLWithPath: layout, relativeTo: directory).standardizedFileURL
            arguments += ["--layout", layoutURL.path(percentEncoded: false)]
            inputs.append(layoutURL)
        }
        return [
            .buildCommand(
                displayName: "Generating Swift for \(target.name) from \(specURL.lastPathComponent)",
                executable: tool.url,
                arguments: arguments,
                inputFiles: inputs,
                outputFiles: PluginConfig.generatedFileNames.map { output.appending(path: $0) }
            ),
        ]
    }
}

/// The optional `etos.json` beside a target's sources.
struct PluginConfig: Decodable {
    /// Must match `SwiftEmitter.fileNames` in ETOSCodegen (checked by a test).
    static let generatedFileNames = ["ETOSCodeLists.swift", "ETOSDataSet.swift", "ETOSRecords.swift", "ETOSRuleCodes.swift", "ETOSValidation.swift"]

    var spec: String?
    var layout: String?
    /// Fail the build on every warning that leaves part of the spec unenforced (`--strict`).
    var strict: Bool?
    /// `false` leaves those warnings out of the generated code (`#warning`), for a build
    /// that treats warnings as errors but accepts the spec's gaps.
    var sourceWarnings: Bool?

    /// Files an editor leaves beside the one it has open: Excel's lock file (`~$Book.xlsx`),
    /// LibreOffice's (`.~lock.Book.xlsx#`), and backups (`Book.xlsx~`, `#Book.xlsx#`).
    static func isEditorLeftover(_ name: String) -> Bool {
        name.hasPrefix("~$") || name.hasPrefix(".~lock.") || name.hasSuffix("~") || name.hasSuffix("#")
    }

    static func load(from url: URL) throws -> PluginConfig? {
        guard FileManager.default.fileExists(atPath: url.path(percentEncoded: false)) else { return nil }
        do {
            return try JSONDecoder().decode(PluginConfig.self, from: Data(contentsOf: url))
        } catch {
            throw PluginError("\(url.path(percentEncoded: false)): not a valid etos.json (\(error))")
        }
    }
}

struct PluginError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
