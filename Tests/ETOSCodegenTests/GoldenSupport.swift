import ETOSCodegen
import ETOSFrontend
import ETOSModel
import Foundation
import Testing

let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

/// Compiles a spec, requiring no errors.
func compileSpec(_ path: String, displayName: String) throws -> Spec {
    let spec = try SpecCompiler.compile(contentsOf: path, displayName: displayName)
    try #require(!spec.diagnostics.hasErrors, "\(spec.diagnostics)")
    return spec
}

/// Every regular file below `directory`, as relative path → contents.
func filesBelow(_ directory: URL) -> [String: String] {
    var files: [String: String] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return files }
    while let relative = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let path = directory.appendingPathComponent(relative).path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
           let data = FileManager.default.contents(atPath: path) {
            files[relative] = String(decoding: data, as: UTF8.self)
        }
    }
    return files
}
