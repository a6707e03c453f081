import Foundation
import Testing

@Suite("etosc commands")
struct EtoscCommandTests {
    @Test func checkPassesTheBundledSpecs() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let result = try EtoscProcess.run(["check", "--quiet", "Spec/DIDS-v2.0-ETOS.xml", "Spec/DIDS-v1.0-ETOS.xml"], in: workspace)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
    }

    @Test func checkReportsEveryErrorWithItsLocationAndFails() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let spec = workspace.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml")
        var text = try String(contentsOf: spec, encoding: .utf8)
        text = text.replacingOccurrences(of: ">min n6 max n18<", with: ">min n6 max banana<")
        text = text.replacingOccurrences(of: ">DIDS072<", with: ">DIDS071<")
        try text.write(to: spec, atomically: true, encoding: .utf8)
        let result = try EtoscProcess.run(["check", "Spec/DIDS-v2.0-ETOS.xml"], in: workspace)
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 2, "\(result.stderr)")
        let format = try #require(errors.first { $0.contains("unrecognised format 'min n6 max banana'") })
        #expect(format.range(of: #"^Spec/DIDS-v2\.0-ETOS\.xml:\d+:\d+: error: .* \[Data Items!F21\]$"#, options: .regularExpression) != nil, "\(format)")
        #expect(errors.contains { $0.contains("error code DIDS071 is used twice") })
    }

    /// A renamed heading that drops a column's values is a warning naming the column it most
    /// likely means, not a note (a newcomer's `Mandatory?` made every item optional, silently).
    @Test func aCloseMissHeadingIsAWarningWithDidYouMean() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let spec = workspace.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml")
        let text = try String(contentsOf: spec, encoding: .utf8).replacingOccurrences(of: ">M/R/O<", with: ">Mandatory?<")
        try text.write(to: spec, atomically: true, encoding: .utf8)
        let result = try EtoscProcess.run(["check", "--quiet", "Spec/DIDS-v2.0-ETOS.xml"], in: workspace)
        let warning = try #require(result.stderr.split(separator: "\n").first { $0.contains("'Mandatory?'") }, "\(result.stderr)")
        #expect(warning.contains(": warning: column 'Mandatory?' is not part of the ETOS layout and is ignored: did you mean 'Mandation'? Its values are not read"))
        #expect(warning.hasSuffix("[Data Items!E3]") || warning.contains("[Data Items!"), "\(warning)")
        #expect(result.status == 0, "a warning alone does not fail check")
        let strict = try EtoscProcess.run(["check", "--quiet", "--strict", "Spec/DIDS-v2.0-ETOS.xml"], in: workspace)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains(": error: column 'Mandatory?' is not part of the ETOS layout and is ignored: did you mean 'Mandation'? Its values are not read (an error in strict mode)"), "\(strict.stderr)")
        let unrelated = try EtoscProcess.run(["check", "Spec/DIDS-v2.0-ETOS.xml"], in: workspace)
        #expect(!unrelated.stderr.contains("did you mean 'Mandatory?'"))
    }

    /// A rule sentence outside the language is a warning (the rule is not enforced); strict
    /// mode fails on it, and writes nothing, so a CI gate cannot pass with the rule dropped.
    @Test func anUnknownSentenceFailsStrictMode() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let spec = workspace.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml")
        let text = try String(contentsOf: spec, encoding: .utf8)
        let sentence = try #require(text.range(of: ">Must be a valid date<"))
        try text.replacingCharacters(in: sentence, with: ">Must be a vaild date<").write(to: spec, atomically: true, encoding: .utf8)
        let lenient = try EtoscProcess.run(["check", "--quiet", "Spec/DIDS-v2.0-ETOS.xml"], in: workspace)
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains(": warning: rule "), "\(lenient.stderr)")
        #expect(lenient.stderr.contains("closest form: 'must be a valid date'"), "\(lenient.stderr)")
        #expect(lenient.stdout.contains("1 not machine-readable"), "\(lenient.stdout)")
        let strict = try EtoscProcess.run(["emit-swift", "--strict", "Spec/DIDS-v2.0-ETOS.xml", "--output", "Out"], in: workspace)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains(": error: rule ") && strict.stderr.contains("(an error in strict mode)"), "\(strict.stderr)")
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("Out").path))
    }

    /// The build plugin names the spec relative to the package (climbing out of it with `..`),
    /// so no generated file holds an absolute path.
    @Test func emitSwiftNamesTheSpecRelativeToThePackage() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let spec = workspace.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml").path
        let package = workspace.appendingPathComponent("Examples/App").path
        try FileManager.default.createDirectory(atPath: package, withIntermediateDirectories: true)
        let result = try EtoscProcess.run(["emit-swift", spec, "--output", "Out", "--relative-to", package], in: workspace)
        #expect(result.status == 0, "\(result.stderr)")
        let validation = try String(contentsOf: workspace.appendingPathComponent("Out/ETOSValidation.swift"), encoding: .utf8)
        #expect(validation.contains("// Generated by etosc from ../../Spec/DIDS-v2.0-ETOS.xml."))
        #expect(validation.contains("#sourceLocation(file: \"../../Spec/DIDS-v2.0-ETOS.xml\", line: "))
        #expect(!validation.contains(workspace.path))
    }

    /// A misnamed Data Items sheet is one error that lists the sheets there are, after a
    /// warning at the sheet that was probably meant; its rules do not each fail to resolve.
    @Test func aMisnamedSheetIsOneErrorListingTheSheets() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let spec = workspace.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml")
        let text = try String(contentsOf: spec, encoding: .utf8).replacingOccurrences(of: "ss:Name=\"Data Items\"", with: "ss:Name=\"Data Item\"")
        try text.write(to: spec, atomically: true, encoding: .utf8)
        let result = try EtoscProcess.run(["check", "--quiet", "Spec/DIDS-v2.0-ETOS.xml"], in: workspace)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(result.stderr)")
        #expect(lines.first?.contains("warning: sheet 'Data Item' is not part of the ETOS layout and is ignored: did you mean 'Data Items'?") == true, "\(result.stderr)")
        #expect(lines.last?.contains("error: no 'Data Items' sheet: looked for a sheet named 'Data Items', 'TOS', 'Data Item List'; the workbook's sheets are 'Data Set', 'Data Item', 'Code Lists'") == true, "\(result.stderr)")
    }

    @Test func modelPrintsTheJSONIR() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let result = try EtoscProcess.run(["model", "Spec/DIDS-v2.0-ETOS.xml"], in: workspace)
        #expect(result.status == 0)
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["irVersion"] as? Int == 4)
        #expect(json["tables"] == nil, "a flat spec has no tables key")
        #expect((json["items"] as? [Any])?.count == 23)
        #expect(result.stdout == (try EtoscProcess.run(["model", "Spec/DIDS-v2.0-ETOS.xml"], in: workspace).stdout))
    }

    /// `emit-docc` writes a user's module catalog, titled by the folder's module, and replaces
    /// what the folder held; a folder not named `.docc` is refused before anything is written.
    @Test func emitDocCWritesTheModuleCatalog() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let catalog = workspace.appendingPathComponent("Sources/Imaging/Imaging.docc")
        try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
        try "stale".write(to: catalog.appendingPathComponent("Old.md"), atomically: true, encoding: .utf8)
        let result = try EtoscProcess.run(["emit-docc", "Spec/DIDS-v2.0-ETOS.xml", "--output", "Sources/Imaging/Imaging.docc"], in: workspace)
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: catalog.path).sorted()
        #expect(names == ["Imaging.md", "ReferenceData.md", "ValidatingASubmission.md"])
        let landing = try String(contentsOf: catalog.appendingPathComponent("Imaging.md"), encoding: .utf8)
        #expect(landing.hasPrefix("# ``Imaging``\n"))
        #expect(landing.contains("| ``RuleCode/dids001`` | File Rejection | Must pass the Modulus 11 check | Validations – Data Items!A4 |"))
        #expect(!landing.contains(workspace.path), "no absolute path in generated files")
        let refused = try EtoscProcess.run(["emit-docc", "Spec/DIDS-v2.0-ETOS.xml", "--output", "Sources/Imaging/Docs"], in: workspace)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--output must be a folder named <Module>.docc"))
    }

    /// An export of a spec outside the working directory names the spec by its file name,
    /// never by an absolute path.
    @Test func exportsCarryNoAbsolutePath() throws {
        let workspace = try EtoscProcess.workspace()
        let elsewhere = try EtoscProcess.workspace()
        defer {
            try? FileManager.default.removeItem(at: workspace)
            try? FileManager.default.removeItem(at: elsewhere)
        }
        let spec = workspace.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml").path
        for format in ["table-schema", "dischema"] {
            let result = try EtoscProcess.run(["export", "--format", format, spec], in: elsewhere)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stdout.contains(workspace.path), "\(format) names the spec's absolute path")
            #expect(result.stdout.contains("DIDS-v2.0-ETOS.xml"))
        }
    }

    /// A CI gate can demand that every rule ran: `--require-all-rules` exits 1 on a clean file
    /// validated without reference data or dates, naming the rules; with them all, it exits 0.
    @Test func requireAllRulesFailsWhenARuleCouldNotRun() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        try FileManager.default.copyItem(at: EtoscProcess.packageRoot.appendingPathComponent("Spec/Samples"), to: workspace.appendingPathComponent("Samples"))
        let sample = try EtoscProcess.run(["sample", "--spec", "Spec/DIDS-v2.0-ETOS.xml", "--records", "50", "--invalid-rate", "0", "--seed", "3",
                                           "--reporting-period", "2026-04", "--submission-date", "2026-05-10", "--reference-data", "Samples/ReferenceData",
                                           "--output", "clean.csv"], in: workspace)
        #expect(sample.status == 0, "\(sample.stderr)")
        let plain = try EtoscProcess.run(["validate", "--spec", "Spec/DIDS-v2.0-ETOS.xml", "clean.csv"], in: workspace)
        #expect(plain.status == 0, "rules not run alone do not fail a run: \(plain.stderr)")
        let gated = try EtoscProcess.run(["validate", "--spec", "Spec/DIDS-v2.0-ETOS.xml", "--require-all-rules", "clean.csv"], in: workspace)
        #expect(gated.status == 1)
        #expect(gated.stderr.contains("could not run (--require-all-rules): DIDS00300302, DIDS00300402, DIDS016"), "\(gated.stderr)")
        let complete = try EtoscProcess.run(["validate", "--spec", "Spec/DIDS-v2.0-ETOS.xml", "--require-all-rules", "--reporting-period", "2026-04",
                                             "--submission-date", "2026-05-10", "--reference-data", "Samples/ReferenceData", "clean.csv"], in: workspace)
        #expect(complete.status == 0, "\(complete.stderr)")
    }

    @Test func generateWritesEverySpecAndIsByteIdenticalAcrossDirectories() throws {
        let first = try EtoscProcess.workspace()
        let second = try EtoscProcess.workspace()
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        #expect(try EtoscProcess.run(["generate"], in: first).status == 0)
        #expect(try EtoscProcess.run(["generate", "--output", "Out"], in: second).status == 0)
        let a = try snapshot(first.appendingPathComponent("Generated"))
        let b = try snapshot(second.appendingPathComponent("Out"))
        #expect(a.count == 32, "10 files per spec (Swift 5, Markdown, IR, Table Schema, dischema for DuckDB and Spark), the relational example's included, and the change specification's 2")
        #expect(a == b)
        for contents in a.values {
            #expect(!contents.contains(first.path))
        }
        // A second run changes nothing.
        let again = try EtoscProcess.run(["generate"], in: first)
        #expect(again.stdout.contains("0 files written, 32 unchanged, 0 removed"))
    }

    @Test func aFailedGenerateLeavesEarlierOutputUntouched() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        #expect(try EtoscProcess.run(["generate"], in: workspace).status == 0)
        let before = try snapshot(workspace.appendingPathComponent("Generated"))
        // v1 stays good, v2 breaks: nothing at all may be written.
        let spec = workspace.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml")
        let text = try String(contentsOf: spec, encoding: .utf8).replacingOccurrences(of: ">an1<", with: ">an<")
        try text.write(to: spec, atomically: true, encoding: .utf8)
        let v1 = workspace.appendingPathComponent("Spec/DIDS-v1.0-ETOS.xml")
        let v1Text = try String(contentsOf: v1, encoding: .utf8).replacingOccurrences(of: "The NHS number's check digit is wrong.", with: "Changed message.")
        try v1Text.write(to: v1, atomically: true, encoding: .utf8)
        let result = try EtoscProcess.run(["generate"], in: workspace)
        #expect(result.status == 1)
        #expect(result.stderr.contains("nothing written"))
        #expect(try snapshot(workspace.appendingPathComponent("Generated")) == before)
    }

    @Test func generateRemovesFilesASpecNoLongerProduces() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let stale = workspace.appendingPathComponent("Generated/DIDS-v2.0/Swift/Old.swift")
        try FileManager.default.createDirectory(at: stale.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "// old".write(to: stale, atomically: true, encoding: .utf8)
        let unrelated = workspace.appendingPathComponent("Generated/README.md")
        try "keep".write(to: unrelated, atomically: true, encoding: .utf8)
        let result = try EtoscProcess.run(["generate"], in: workspace)
        #expect(result.stdout.contains("1 removed"))
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: unrelated.path))
    }

    @Test func unreadableInputFailsWithOneLine() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let missing = try EtoscProcess.run(["check", "Spec/nope.xml"], in: workspace)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("error: cannot read Spec/nope.xml"))
        let empty = workspace.appendingPathComponent("Spec/empty.xml")
        try Data().write(to: empty)
        let result = try EtoscProcess.run(["check", "Spec/empty.xml"], in: workspace)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Spec/empty.xml:1:1: error:"))
    }

    @Test func helpIsAvailableThroughout() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        for command in [[], ["check"], ["model"], ["generate"], ["emit-swift"]] {
            let result = try EtoscProcess.run(command + ["--help"], in: workspace)
            #expect(result.status == 0)
            #expect(result.stdout.contains("USAGE"))
        }
    }

    private func snapshot(_ directory: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: directory.path))
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = directory.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try String(contentsOfFile: path, encoding: .utf8)
            }
        }
        return files
    }
}

@Suite("etosc with .xlsx and .fods specs")
struct EtoscWorkbookFormatTests {
    @Test(arguments: ["DIDS-v2.0-ETOS-libreoffice.xlsx", "DIDS-v2.0-ETOS-libreoffice.fods"])
    func checkAndEmitSwiftTakeEveryFormat(fixture: String) throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let source = EtoscProcess.packageRoot.appendingPathComponent("Tests/ETOSSpreadsheetTests/Fixtures/\(fixture)")
        let copy = workspace.appendingPathComponent("Spec/DIDS-v2.0-ETOS.\(source.pathExtension)")
        try FileManager.default.copyItem(at: source, to: copy)
        let check = try EtoscProcess.run(["check", "--quiet", "Spec/DIDS-v2.0-ETOS.\(source.pathExtension)"], in: workspace)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try EtoscProcess.run(["emit-swift", "Spec/DIDS-v2.0-ETOS.\(source.pathExtension)", "--output", "FromWorkbook"], in: workspace).status == 0)
        #expect(try EtoscProcess.run(["emit-swift", "Spec/DIDS-v2.0-ETOS.xml", "--output", "FromXML"], in: workspace).status == 0)
        for name in ["ETOSCodeLists.swift", "ETOSDataSet.swift", "ETOSRecords.swift"] {
            let a = try String(contentsOf: workspace.appendingPathComponent("FromWorkbook/\(name)"), encoding: .utf8)
            let b = try String(contentsOf: workspace.appendingPathComponent("FromXML/\(name)"), encoding: .utf8)
            // Only the header names the spec file and cells differ in their sheet references' file.
            #expect(a.split(separator: "\n").dropFirst(2) == b.split(separator: "\n").dropFirst(2))
        }
    }
}

@Suite("etosc generate is atomic")
struct AtomicGenerateTests {
    @Test func aRunStoppedBeforeTheSwapLeavesTheOutputAsItWasAndWritesNothingElsewhere() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        #expect(try EtoscProcess.run(["generate"], in: workspace).status == 0)
        let generated = workspace.appendingPathComponent("Generated")
        let before = try listing(generated)
        let page = generated.appendingPathComponent("DIDS-v2.0/DataSet.md")
        let unchanged = generated.appendingPathComponent("DIDS-v1.0/DataSet.md")
        let date = try FileManager.default.attributesOfItem(atPath: unchanged.path)[.modificationDate] as? Date
        // Change the spec so every output would change, then stop the run just before the swap.
        let spec = workspace.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml")
        try String(contentsOf: spec, encoding: .utf8).replacingOccurrences(of: "Diagnostic Imaging Data Set</Data>", with: "Diagnostic Imaging Data Set (changed)</Data>")
            .write(to: spec, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = EtoscProcess.executable
        process.arguments = ["generate"]
        process.currentDirectoryURL = workspace
        process.environment = ["ETOSC_FAULT": "before-swap"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 99)
        #expect(try listing(generated) == before)
        // Only Spec/ and Generated/ (plus the staging area the next run clears) are in the workspace.
        let top = try FileManager.default.contentsOfDirectory(atPath: workspace.path).filter { !$0.hasPrefix(".Generated.etosc-staging") }.sorted()
        #expect(top == ["Generated", "Spec"])
        // A full run then swaps everything in; unchanged files keep their dates.
        let result = try EtoscProcess.run(["generate"], in: workspace)
        #expect(result.status == 0)
        #expect(try listing(generated) != before)
        #expect(try String(contentsOf: page, encoding: .utf8).contains("(changed)"))
        #expect(try FileManager.default.attributesOfItem(atPath: unchanged.path)[.modificationDate] as? Date == date)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path).sorted() == ["Generated", "Spec"])
    }

    private func listing(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: directory.path))
        while let entry = enumerator.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: directory.appendingPathComponent(entry).path) { files[entry] = data }
        }
        return files
    }
}
