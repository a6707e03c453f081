import ETOSCodegen
import ETOSModel
import Foundation
import Testing

/// Fails when `Generated/` is not what the compiler produces from `Spec/` now.
/// Fix with `swift run etosc generate` and commit the result.
@Suite("Generated/ is up to date")
struct GeneratedFilesValidityTests {
    @Test func generatedMatchesFreshCompilerOutput() throws {
        let specDirectory = packageRoot.appendingPathComponent("Spec")
        let specs = try FileManager.default.contentsOfDirectory(atPath: specDirectory.path).filter { $0.hasSuffix(".xml") }.sorted()
        try #require(!specs.isEmpty)
        for name in specs {
            let spec = try compileSpec(specDirectory.appendingPathComponent(name).path, displayName: "Spec/\(name)")
            let folder = GeneratedLayout.folder(for: spec)
            let fresh = try GeneratedLayout.files(for: spec, specPath: "Spec/\(name)")
            let committed = filesBelow(packageRoot.appendingPathComponent("Generated/\(folder)"))
            #expect(Set(committed.keys.map { folder + "/" + $0 }) == Set(fresh.keys), "Generated/\(folder) has stale or missing files: run `swift run etosc generate`")
            for (path, contents) in fresh.sorted(by: { $0.key < $1.key }) {
                #expect(committed[String(path.dropFirst(folder.count + 1))] == contents, "Generated/\(path) is out of date: run `swift run etosc generate`")
            }
        }
    }
}
