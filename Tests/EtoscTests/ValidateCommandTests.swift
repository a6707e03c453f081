import Foundation
import Testing

/// `etosc validate` and `etosc sample` as users run them.
@Suite("etosc validate and sample")
struct ValidateCommandTests {
    private let context = ["--reporting-period", "2026-04", "--submission-date", "2026-05-10", "--reference-data", "Spec/Samples/ReferenceData"]

    private func workspace() throws -> URL {
        let directory = try EtoscProcess.workspace()
        return directory
    }

    private func validate(_ file: String, _ extra: [String] = [], in directory: URL) throws -> EtoscProcess.Result {
        try EtoscProcess.run(["validate", "--spec", "Spec/DIDS-v2.0-ETOS.xml"] + context + extra + [file], in: directory)
    }

    @Test func theBundledSampleGivesExactlyItsSeededFindings() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try validate("Spec/Samples/DIDS-v2.0-sample.csv", ["--format", "csv"], in: directory)
        // DIDS v2.0 rejects the file for any error (its guidance has no record rejection).
        #expect(result.status == 2, "\(result.stderr)")
        let found = result.stdout.split(separator: "\n").dropFirst().map { line -> String in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return "\(fields[0]),\(fields[2])"
        }
        let expected = try String(contentsOf: directory.appendingPathComponent("Spec/Samples/DIDS-v2.0-sample.expected.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().flatMap { line -> [String] in
                let fields = line.split(separator: ",")
                return fields[2].split(separator: ";").map { "\(fields[0]),\($0)" }
            }
        #expect(found.sorted() == expected.sorted())
        #expect(result.stderr.contains("records read 200"))
    }

    @Test func jsonFollowsTheDocumentedSchema() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try validate("Spec/Samples/DIDS-v2.0-sample.csv", ["--format", "json", "--output", "report.json"], in: directory)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let data = try Data(contentsOf: directory.appendingPathComponent("report.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(Set(findings[0].keys) == ["code", "level", "record", "line", "items", "values", "key", "message"])
        #expect((findings[0]["items"] as? [[String: String]])?.first?.keys.sorted() == ["name", "uid"])
        #expect(Set(summary.keys) == ["recordsRead", "recordsAccepted", "recordsRejected", "recordsWarned", "headerPresent", "blankLines", "fileAccepted",
                                      "fileRejections", "counts", "rulesNotRun", "notEnforced", "findingsListed", "findingsTotal"])
        #expect(summary["recordsRead"] as? Int == 200)
        #expect((summary["recordsAccepted"] as? Int ?? 0) + (summary["recordsRejected"] as? Int ?? 0) == 200)
        #expect(summary["fileAccepted"] as? Bool == false)
        // Record 26 repeats record 25's key: both are reported, the first one first.
        let first = findings[0]
        #expect(first["record"] as? Int == 25)
        #expect(first["line"] as? Int == 26)
        #expect(findings[1]["record"] as? Int == 26)
        #expect(first["code"] as? String == "DIDS071")
        #expect((first["key"] as? [String])?.count == 2)
    }

    @Test func jsonlAndMaxFindings() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try validate("Spec/Samples/DIDS-v2.0-sample.csv", ["--format", "jsonl", "--max-findings", "2"], in: directory)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as? [String: Any])
        #expect(summary["type"] as? String == "summary")
        #expect(summary["findingsListed"] as? Int == 2)
        #expect(summary["findingsTotal"] as? Int == 11)
        // The cap is said where a person sees it, with the way to lift it.
        #expect(result.stderr.contains("etosc: listed 2 of 11 findings (--max-findings 2); --all-findings lists every one"), "\(result.stderr)")
        let all = try validate("Spec/Samples/DIDS-v2.0-sample.csv", ["--format", "jsonl", "--max-findings", "2", "--all-findings"], in: directory)
        #expect(all.stdout.split(separator: "\n").count == 12)
        #expect(!all.stderr.contains("listed"))
        // Capped by default: a file of the wrong data set must not write gigabytes.
        let help = try EtoscProcess.run(["validate", "--help"], in: directory)
        #expect(help.stdout.contains("(default: 100000)"))
    }

    /// The documents: xlsx needs a file; both cap their findings and say so; a failed run
    /// leaves no half-written document.
    @Test func htmlAndXlsxAreWrittenAtTheEndAndCapped() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try validate("Spec/Samples/DIDS-v2.0-sample.csv", ["--format", "xlsx"], in: directory).status == 64)
        let xlsx = try validate("Spec/Samples/DIDS-v2.0-sample.csv", ["--format", "xlsx", "--output", "report.xlsx", "--max-findings", "4"], in: directory)
        #expect(xlsx.status == 2, "\(xlsx.stderr)")
        #expect(xlsx.stdout.isEmpty)
        #expect(xlsx.stderr.contains("records read 200: 192 accepted"))
        #expect(xlsx.stderr.contains("etosc: listed 4 of 11 findings (--max-findings 4)"))
        let workbook = try Data(contentsOf: directory.appendingPathComponent("report.xlsx"))
        #expect(workbook.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        let html = try validate("Spec/Samples/DIDS-v2.0-sample.csv", ["--format", "html", "--max-findings", "4"], in: directory)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(html.stdout.contains("Listing 4 of 11 findings (--max-findings 4; --all-findings lists every one)"))
        #expect(html.stdout.components(separatedBy: "<tr><td class=\"number\">").count - 1 == 4)
        let missing = try validate("nope.csv", ["--format", "html", "--output", "report.html"], in: directory)
        #expect(missing.status == 3)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("report.html").path))
    }

    @Test func jobsChangeTheSpeedNotTheReport() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let one = try validate("Spec/Samples/DIDS-v2.0-sample.csv", ["--format", "jsonl", "--jobs", "1"], in: directory)
        let three = try validate("Spec/Samples/DIDS-v2.0-sample.csv", ["--format", "jsonl", "--jobs", "3"], in: directory)
        #expect(one.status == 2 && three.status == 2)
        #expect(one.stdout.split(separator: "\n").count == 12)
        #expect(three.stdout == one.stdout)
        #expect(try validate("Spec/Samples/DIDS-v2.0-sample.csv", ["--jobs", "0"], in: directory).status == 64)
    }

    /// A bundled spec runs on the generated module etosc links (picked by its content digest,
    /// wherever the file lies); every engine gives the byte-identical report; an edited spec
    /// is interpreted, and `--engine generated` refuses it.
    @Test func everyEngineGivesTheSameReport() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let made = try EtoscProcess.run(["sample", "--spec", "Spec/DIDS-v1.0-ETOS.xml", "--records", "300", "--invalid-rate", "0.2", "--seed", "4", "--output", "v1.csv"], in: directory)
        #expect(made.status == 0, "\(made.stderr)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("Moved"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: directory.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml"), to: directory.appendingPathComponent("Moved/dids.xml"))
        for (spec, file) in [("Spec/DIDS-v2.0-ETOS.xml", "Spec/Samples/DIDS-v2.0-sample.csv"), ("Moved/dids.xml", "Spec/Samples/DIDS-v2.0-sample.csv"), ("Spec/DIDS-v1.0-ETOS.xml", "v1.csv")] {
            var first: [String: String] = [:]
            for engine in ["auto", "generated", "interpreted"] {
                for format in ["json", "jsonl", "text"] {
                    let result = try EtoscProcess.run(["validate", "--spec", spec, "--engine", engine, "--format", format] + context + [file], in: directory)
                    #expect(result.status == 2 || result.status == 1, "\(spec) \(engine): \(result.stderr)")
                    if let report = first[format] {
                        #expect(result.stdout == report, "\(spec): --engine \(engine) --format \(format) differs from --engine auto")
                    } else {
                        first[format] = result.stdout
                    }
                }
            }
            #expect(first["jsonl"]?.isEmpty == false)
        }
        let spec = directory.appendingPathComponent("Spec/DIDS-v2.0-ETOS.xml")
        try String(contentsOf: spec, encoding: .utf8).replacingOccurrences(of: ">max an20<", with: ">max an19<")
            .write(to: spec, atomically: true, encoding: .utf8)
        let refused = try validate("Spec/Samples/DIDS-v2.0-sample.csv", ["--engine", "generated"], in: directory)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("no generated module is linked for this spec (etosc links DIDS v2.0, DIDS v1.0, IPEDS v1.0); its content digest is "), "\(refused.stderr)")
        let edited = try validate("Spec/Samples/DIDS-v2.0-sample.csv", ["--format", "jsonl"], in: directory)
        let interpreted = try validate("Spec/Samples/DIDS-v2.0-sample.csv", ["--format", "jsonl", "--engine", "interpreted"], in: directory)
        #expect(edited.stdout == interpreted.stdout)
    }

    @Test func exitStatusesSayWhatHappened() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sample = try EtoscProcess.run(["sample", "--spec", "Spec/DIDS-v2.0-ETOS.xml", "--records", "20", "--reference-data", "Spec/Samples/ReferenceData", "--output", "clean.csv"], in: directory)
        #expect(sample.status == 0, "\(sample.stderr)")
        #expect(try validate("clean.csv", in: directory).status == 0)
        // A wrong field count rejects the file.
        let clean = try String(contentsOf: directory.appendingPathComponent("clean.csv"), encoding: .utf8)
        try (clean + "a,b\r\n").write(to: directory.appendingPathComponent("ragged.csv"), atomically: true, encoding: .utf8)
        let ragged = try validate("ragged.csv", in: directory)
        #expect(ragged.status == 2)
        #expect(ragged.stdout.contains("FILE REJECTED (DIDS075"))
        // Missing file, broken spec, bad reference data, bad arguments: could not run.
        let missing = try validate("nope.csv", in: directory)
        #expect(missing.status == 3)
        #expect(missing.stderr == "etosc: cannot validate: nope.csv: no such file or directory\n")
        try "not,a,spec".write(to: directory.appendingPathComponent("Spec/bad.xml"), atomically: true, encoding: .utf8)
        #expect(try EtoscProcess.run(["validate", "--spec", "Spec/bad.xml", "clean.csv"], in: directory).status == 3)
        try "wrong,header\n".write(to: directory.appendingPathComponent("Spec/Samples/ReferenceData/broken.csv"), atomically: true, encoding: .utf8)
        let badReference = try validate("clean.csv", in: directory)
        #expect(badReference.status == 3)
        #expect(badReference.stderr.contains("broken.csv:1:"))
        #expect(try EtoscProcess.run(["validate", "--spec", "Spec/DIDS-v2.0-ETOS.xml", "--reporting-period", "April", "clean.csv"], in: directory).status == 64)
    }

    @Test func headerlessV1FilesAndRulesNotRun() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let made = try EtoscProcess.run(["sample", "--spec", "Spec/DIDS-v1.0-ETOS.xml", "--records", "5", "--no-header", "--output", "v1.csv"], in: directory)
        #expect(made.status == 0, "\(made.stderr)")
        let result = try EtoscProcess.run(["validate", "--spec", "Spec/DIDS-v1.0-ETOS.xml", "--header", "absent", "v1.csv"], in: directory)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("records read 5: 5 accepted"))
        #expect(result.stdout.contains("rules not run (reference data or submission facts missing): DIDS016, DIDS018"))
        #expect(result.stdout.contains("DIDS076 (applies to XML submissions"))
    }

    @Test func theConformancePackChecksOut() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let made = try EtoscProcess.run(["sample", "--spec", "Spec/DIDS-v2.0-ETOS.xml", "--reference-data", "Spec/Samples/ReferenceData", "--conformance", "Pack"], in: directory)
        #expect(made.status == 0, "\(made.stderr)")
        let pack = directory.appendingPathComponent("Pack")
        let cases = try FileManager.default.contentsOfDirectory(atPath: pack.path).filter { $0.hasSuffix(".expected.json") }.sorted()
        #expect(cases.count >= 60)
        for name in cases.prefix(12) + cases.suffix(4) {
            let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: pack.appendingPathComponent(name))) as? [String: Any])
            let code = try #require(expected["rule"] as? String)
            let result = try EtoscProcess.run(["validate", "--spec", "Spec/DIDS-v2.0-ETOS.xml", "--reporting-period", "2026-04", "--submission-date", "2026-05-10",
                                               "--reference-data", "Spec/Samples/ReferenceData", "--format", "csv", "Pack/\(code).csv"], in: directory)
            let found = result.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[2] }.map(String.init)
            // Findings about earlier records (the first of a repeated key) come first.
            let earlier = (expected["earlierRecords"] as? [[String: Any]] ?? []).flatMap { $0["findings"] as? [String] ?? [] }
            #expect(found == earlier + (expected["findings"] as? [String] ?? []), "\(code)")
        }
        #expect(cases.contains("DIDSREJ012.expected.json"))
        let duplicate = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: pack.appendingPathComponent("DIDS071.expected.json"))) as? [String: Any])
        #expect((duplicate["earlierRecords"] as? [[String: Any]])?.first?["record"] as? Int == 1)
    }

    /// A newcomer's damaged inputs: each is one line naming the path and what is wrong, before
    /// any per-record finding, with the exit status docs/REPORT.md gives it.
    @Test func damagedInputsAreRecognisedInOneLine() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        func write(_ name: String, _ text: String) throws {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let sample = try String(contentsOf: directory.appendingPathComponent("Spec/Samples/DIDS-v2.0-sample.csv"), encoding: .utf8)
        let lines = sample.split(whereSeparator: \.isNewline).map(String.init)

        // Cannot run (3): a directory, a missing file, binary content, a missing reference-data directory.
        let folder = try validate("Spec", in: directory)
        #expect(folder.status == 3)
        #expect(folder.stderr == "etosc: cannot validate: Spec: is a directory, not a file\n")
        var binary = Data("PK\u{3}\u{4}".utf8)
        binary.append(contentsOf: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) })
        try binary.write(to: directory.appendingPathComponent("book.xlsx"))
        let archive = try validate("book.xlsx", in: directory)
        #expect(archive.status == 3)
        #expect(archive.stderr == "etosc: cannot validate: reading book.xlsx: the file is not text (it holds NUL bytes): a submission is a CSV file\n")
        #expect(archive.stdout.isEmpty)
        // A record past the reader's 64 MiB (a file with no line break after its header):
        // one line and exit 3, where the 32-bit field ends once trapped.
        var endless = Data((lines[0] + "\r\n").utf8)
        endless.append(Data(repeating: UInt8(ascii: "x"), count: (1 << 26) + 10))
        try endless.write(to: directory.appendingPathComponent("endless.csv"))
        let long = try validate("endless.csv", in: directory)
        #expect(long.status == 3)
        #expect(long.stderr.hasSuffix("etosc: cannot validate: reading endless.csv: the record at line 2 is longer than 64 MiB (a file without line breaks, or a quote never closed?)\n"), "\(long.stderr)")
        let noReference = try EtoscProcess.run(["validate", "--spec", "Spec/DIDS-v2.0-ETOS.xml", "--reference-data", "Nowhere", "x.csv"], in: directory)
        #expect(noReference.status == 3)
        #expect(noReference.stderr == "etosc: cannot validate: reference data: Nowhere: no such directory\n")

        // File rejections (2), each one finding about the file and no per-record finding.
        try write("empty.csv", "")
        try write("semicolons.csv", lines.prefix(4).map { $0.replacingOccurrences(of: ",", with: ";") }.joined(separator: "\r\n"))
        var header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        header.swapAt(2, 4)
        try write("swapped.csv", ([header.joined(separator: ",")] + lines[1...3]).joined(separator: "\r\n"))
        let expected = [
            "empty.csv": "file: file-rejection ETOS-FILE-EMPTY: The file holds no records.",
            "semicolons.csv": "file: file-rejection ETOS-CSV-DELIMITER: The file's fields are separated by ';', not commas: its first record reads as one field where the spec has 23.",
            "swapped.csv": "file: file-rejection ETOS-CSV-HEADER: The header does not match the spec: column 3 is 'PERSON STATED GENDER CODE', which the spec has as column 5; the spec's column 3 is 'PERSON BIRTH DATE'.",
        ]
        for (name, line) in expected.sorted(by: { $0.key < $1.key }) {
            let result = try validate(name, in: directory)
            #expect(result.status == 2, "\(name): \(result.stdout)")
            let findings = result.stdout.split(separator: "\n").filter { $0.hasPrefix("file:") || $0.hasPrefix("record ") }
            #expect(findings == [Substring(line)], "\(name): \(result.stdout)")
        }
        // The other version's spec on this file: its header says so.
        let otherVersion = try EtoscProcess.run(["validate", "--spec", "Spec/DIDS-v1.0-ETOS.xml", "Spec/Samples/DIDS-v2.0-sample.csv"], in: directory)
        #expect(otherVersion.status == 2)
        #expect(otherVersion.stdout.hasPrefix("file: file-rejection ETOS-CSV-HEADER: The header has 23 columns where the spec has 18: is the file for another version of the data set?\n"), "\(otherVersion.stdout)")
    }

    /// The repeat of a key names the key's first record; a blank item's finding names the item
    /// with its empty value.
    @Test func findingsSayWhatIsWrong() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try validate("Spec/Samples/DIDS-v2.0-sample.csv", in: directory)
        #expect(result.stdout.contains("record 26 (line 27): file-rejection DIDS071: Another record in the file has the same accession number at the same site. (first record with this key: 25) [RADIOLOGICAL ACCESSION NUMBER='S25', SITE CODE (OF IMAGING)='B86003']"), "\(result.stdout)")
        let sample = try String(contentsOf: directory.appendingPathComponent("Spec/Samples/DIDS-v2.0-sample.csv"), encoding: .utf8)
        var lines = sample.split(whereSeparator: \.isNewline).map(String.init)
        var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[7] = ""
        lines[1] = fields.joined(separator: ",")
        try lines.prefix(2).joined(separator: "\r\n").write(to: directory.appendingPathComponent("blank.csv"), atomically: true, encoding: .utf8)
        let blank = try validate("blank.csv", in: directory)
        #expect(blank.stdout.contains("[PATIENT SOURCE SETTING TYPE (DIAGNOSTIC IMAGING)='']"), "\(blank.stdout)")
    }

    /// A small sample still has an invalid record when the rate is above 0, and its dates are
    /// plausible: the activity in the reporting period, what led up to it within the year.
    @Test func smallSamplesHonourTheRateAndDatesArePlausible() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let small = try EtoscProcess.run(["sample", "--spec", "Spec/DIDS-v2.0-ETOS.xml", "--records", "2", "--invalid-rate", "0.01", "--seed", "3",
                                          "--output", "small.csv", "--expected", "small.expected.csv"], in: directory)
        #expect(small.status == 0, "\(small.stderr)")
        let expected = try String(contentsOf: directory.appendingPathComponent("small.expected.csv"), encoding: .utf8)
        #expect(expected.split(separator: "\n").count == 2, "one invalid record: \(expected)")
        let made = try EtoscProcess.run(["sample", "--spec", "Spec/DIDS-v2.0-ETOS.xml", "--records", "100", "--reporting-period", "2026-04", "--output", "dated.csv"], in: directory)
        #expect(made.status == 0, "\(made.stderr)")
        let rows = try String(contentsOf: directory.appendingPathComponent("dated.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows[0]
        for (index, name) in header.enumerated() where name.hasSuffix("DATE") || name.hasSuffix("TIMESTAMP") {
            let dates = rows.dropFirst().map { $0[index].prefix(10) }.filter { !$0.isEmpty }.sorted()
            guard let first = dates.first, let last = dates.last else { continue }
            #expect(last <= "2026-04-30", "\(name) after the period: \(last)")
            if name.contains("BIRTH") {
                #expect(first >= "1900-01-01", "\(name): \(first)")
            } else if name.contains("PROCEDURE") || name.contains("REPORT ISSUE") {
                #expect(first >= "2026-04-01", "\(name) before the period: \(first)")
            } else {
                #expect(first >= "2025-01-01", "\(name) implausibly early: \(first)")
            }
        }
    }
}
