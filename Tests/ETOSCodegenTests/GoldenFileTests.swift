import ETOSCodegen
import ETOSModel
import Foundation
import Testing

/// The emitters' output for `Golden/Tiny-ETOS.xml` must match `Golden/TINY-v1/` byte for byte.
/// After an intended change, rerun with `ETOS_UPDATE_GOLDEN=1` and review the diff.
@Suite("Golden files")
struct GoldenFileTests {
    private let golden = testsDirectory.appendingPathComponent("Golden")

    private func generate() throws -> [String: String] {
        let spec = try compileSpec(golden.appendingPathComponent("Tiny-ETOS.xml").path, displayName: "Tests/ETOSCodegenTests/Golden/Tiny-ETOS.xml")
        return try GeneratedLayout.files(for: spec, specPath: "Tests/ETOSCodegenTests/Golden/Tiny-ETOS.xml")
    }

    @Test func swiftAndMarkdownMatchTheGoldenFiles() throws {
        let files = try generate()
        if ProcessInfo.processInfo.environment["ETOS_UPDATE_GOLDEN"] == "1" {
            for (path, contents) in files {
                let url = golden.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try contents.write(to: url, atomically: true, encoding: .utf8)
            }
        }
        let expected = filesBelow(golden.appendingPathComponent("TINY-v1"))
        #expect(Set(files.keys) == Set(expected.keys.map { "TINY-v1/" + $0 }))
        for (path, contents) in files.sorted(by: { $0.key < $1.key }) {
            let relative = String(path.dropFirst("TINY-v1/".count))
            #expect(contents == expected[relative], "\(path) differs from its golden file; rerun with ETOS_UPDATE_GOLDEN=1 and review the diff")
        }
    }

    @Test func outputIsTheSameOnEveryRun() throws {
        #expect(try generate() == generate())
    }

    @Test func theBuildPluginDeclaresTheFilesTheEmitterWrites() throws {
        let plugin = try String(contentsOf: packageRoot.appendingPathComponent("Plugins/ETOSBuildPlugin/ETOSBuildPlugin.swift"), encoding: .utf8)
        let declared = "static let generatedFileNames = [" + SwiftEmitter.fileNames.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        #expect(plugin.contains(declared))
    }

    @Test func generatedSwiftPointsAtTheSpreadsheet() throws {
        let validation = try #require(try generate()["TINY-v1/Swift/ETOSValidation.swift"])
        #expect(validation.contains("#sourceLocation(file: \"Tests/ETOSCodegenTests/Golden/Tiny-ETOS.xml\", line: 27)"))
        #expect(validation.contains("Spec: Data Items!B2."))
        #expect(!validation.contains(packageRoot.path))
    }
}

@Suite("Swift names")
struct SwiftNamesTests {
    @Test func derivesIdentifiers() {
        #expect(SwiftNames.typeName("Imaging Activity") == "ImagingActivity")
        #expect(SwiftNames.typeName("PersonalAndDemographics") == "PersonalAndDemographics")
        #expect(SwiftNames.memberName("NHS NUMBER") == "nhsNumber")
        #expect(SwiftNames.memberName("CODED PROCEDURE (SNOMED CT)") == "codedProcedureSnomedCt")
        #expect(SwiftNames.memberName("01 = thing") == "_01Thing")
        #expect(SwiftNames.memberName("DEFAULT") == "`default`")
        #expect(SwiftNames.memberName("") == "unnamed")
        #expect(SwiftNames.memberName("Trace attempted - no match or multiple match found", maxWords: 6) == "traceAttemptedNoMatchOrMultiple")
    }

    @Test func escapesLiterals() {
        #expect(SwiftNames.literal("a \"b\" \\ c\nd") == #""a \"b\" \\ c\nd""#)
        #expect(SwiftNames.literal("\u{7}") == #""\u{7}""#)
    }
}
