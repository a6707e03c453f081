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
        var compiled: [Spec] = []
        var expected: [(folder: String, files: [String: String])] = []
        for name in specs {
            let spec = try compileSpec(specDirectory.appendingPathComponent(name).path, displayName: "Spec/\(name)")
            compiled.append(spec)
            expected.append((GeneratedLayout.folder(for: spec), try GeneratedLayout.files(for: spec, specPath: "Spec/\(name)")))
        }
        for (old, new) in GeneratedLayout.consecutiveVersions(compiled) {
            expected.append(try GeneratedLayout.changeFiles(old: old, new: new))
        }
        #expect(expected.contains { $0.folder == "DIDS-v1.0-to-v2.0" }, "the DIDS v1.0 → v2.0 change specification is generated")
        for (folder, fresh) in expected {
            let committed = filesBelow(packageRoot.appendingPathComponent("Generated/\(folder)"))
            #expect(Set(committed.keys.map { folder + "/" + $0 }) == Set(fresh.keys), "Generated/\(folder) has stale or missing files: run `swift run etosc generate`")
            for (path, contents) in fresh.sorted(by: { $0.key < $1.key }) {
                #expect(committed[String(path.dropFirst(folder.count + 1))] == contents, "Generated/\(path) is out of date: run `swift run etosc generate`")
            }
        }
    }

    /// The DocC catalogs of the bundled modules are what the compiler writes for their specs now.
    @Test(arguments: [("DIDS", "DIDS-v2.0-ETOS.xml"), ("DIDSV1", "DIDS-v1.0-ETOS.xml")])
    func moduleCatalogMatchesFreshCompilerOutput(module: String, specName: String) throws {
        let spec = try compileSpec(packageRoot.appendingPathComponent("Spec/\(specName)").path, displayName: "Spec/\(specName)")
        let fresh = DocCEmitter(spec: spec, specPath: "Spec/\(specName)", moduleName: module).files()
        let committed = filesBelow(packageRoot.appendingPathComponent("Sources/\(module)/\(module).docc"))
        #expect(Set(committed.keys) == Set(fresh.keys), "Sources/\(module)/\(module).docc has stale or missing files: run `swift run etosc generate`")
        for (name, contents) in fresh.sorted(by: { $0.key < $1.key }) {
            #expect(committed[name] == contents, "Sources/\(module)/\(module).docc/\(name) is out of date: run `swift run etosc generate`")
        }
    }
}

/// An .xlsx spec's generated code points at cells, not at lines of a zip part.
@Test func archiveSpecsSourceLocationsNameTheCell() throws {
    let path = packageRoot.appendingPathComponent("Tests/ETOSSpreadsheetTests/Fixtures/DIDS-v2.0-ETOS-libreoffice.xlsx").path
    let spec = try compileSpec(path, displayName: "Book.xlsx")
    let validation = try #require(SwiftEmitter(spec: spec, specPath: "Book.xlsx").files()["ETOSValidation.swift"])
    let directives = validation.split(separator: "\n").filter { $0.hasPrefix("#sourceLocation(file:") }
    #expect(!directives.isEmpty)
    #expect(directives.allSatisfy { $0.hasPrefix("#sourceLocation(file: \"Book.xlsx: ") && $0.hasSuffix(", line: 1)") })
    #expect(directives.contains("#sourceLocation(file: \"Book.xlsx: Data Items!D4\", line: 1)"))
}

/// A rule the spec leaves unenforced is a `#warning` at its cell in the generated module, so
/// every build that compiles the module shows it; `sourceWarnings: false` leaves it out.
@Test func unenforcedRulesBecomeWarningsAtTheirCell() throws {
    let original = try String(contentsOf: packageRoot.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml"), encoding: .utf8)
    let sentence = try #require(original.range(of: ">Must be a valid date<"))
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("unenforced-\(UUID().uuidString).xml")
    defer { try? FileManager.default.removeItem(at: path) }
    try original.replacingCharacters(in: sentence, with: ">Must be a vaild date<").write(to: path, atomically: true, encoding: .utf8)
    let spec = try compileSpec(path.path, displayName: "Spec/Changed.xml")
    let dataSet = try #require(SwiftEmitter(spec: spec, specPath: "Spec/Changed.xml").files()["ETOSDataSet.swift"])
    let lines = dataSet.split(separator: "\n")
    let warning = try #require(lines.firstIndex { $0.hasPrefix("#warning(\"rule DIDS005: sentence not understood") })
    #expect(lines[warning - 1].hasPrefix("#sourceLocation(file: \"Spec/Changed.xml\", line: "))
    #expect(lines[warning].hasSuffix("[Validations – Data Items!C7]\")"))
    #expect(lines[warning + 1] == "#sourceLocation()")
    #expect(lines.filter { $0.hasPrefix("#warning(") }.count == 1)
    let quiet = try #require(SwiftEmitter(spec: spec, specPath: "Spec/Changed.xml", sourceWarnings: false).files()["ETOSDataSet.swift"])
    #expect(!quiet.contains("#warning("))
}

/// The README's Mandation table is the one definition the generated guide and doc comments use.
@Test func readmeMandationTableIsTheModelsDefinition() throws {
    let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let start = try #require(readme.range(of: "<!-- checked: mandation -->\n"))
    let table = readme[start.upperBound...].split(separator: "\n").prefix { $0.hasPrefix("|") }.dropFirst(2).map(String.init)
    #expect(table == Mandation.allCases.map { "| \($0.code) | \($0.inWords) |" })
}
