import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory etos-generate [etosc generate options]`:
/// regenerates `Generated/` from `Spec/` by running `etosc generate` in the package root.
@main
struct ETOSGenerateCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "etosc")
        let process = Process()
        process.executableURL = tool.url
        process.currentDirectoryURL = context.package.directoryURL
        process.arguments = ["generate"] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            Diagnostics.error("etosc generate failed with status \(process.terminationStatus)")
            return
        }
    }
}
