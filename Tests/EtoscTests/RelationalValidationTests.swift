import Foundation
import Testing

/// `etosc validate` on relational submissions: the bundled example spec (PATIENT ← REFERRAL ←
/// EXAMINATION) and its sample folder, as a folder and as a .zip.
@Suite("etosc validate: relational submissions")
struct RelationalValidationTests {
    private let spec = "Spec/IPEDS-v1.0-ETOS.xml"
    private let sample = "Spec/Samples/IPEDS-v1.0-sample"

    private struct Report: Decodable {
        struct Found: Decodable, Hashable {
            var table: String?
            var record: Int
            var code: String
        }

        struct Summary: Decodable {
            struct Table: Decodable {
                struct Counts: Decodable {
                    var recordsRead: Int
                    var recordsRejected: Int
                    var recordsWarned: Int
                    var fileRejections: [String]
                }

                var table: String
                var file: String?
                var summary: Counts
            }

            var recordsRead: Int
            var recordsRejected: Int
            var fileRejections: [String]
            var tables: [Table]
        }

        var findings: [Found]
        var summary: Summary
    }

    private func report(_ submission: String, in workspace: URL, extra: [String] = []) throws -> (EtoscProcess.Result, Report?) {
        let result = try EtoscProcess.run(["validate", "--spec", spec, submission, "--format", "json"] + extra, in: workspace)
        return (result, try? JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8)))
    }

    /// Every finding the sample was written to give, at its table and record: an orphan at
    /// each level, a comparison with the linked record at each level, a parent without
    /// children at each level, a duplicate key, and the tables' own checks. The folder lists
    /// EXAMINATION's file before its parents'.
    @Test func theSampleFolderGivesExactlyTheFindingsItWasWrittenFor() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let (result, parsed) = try report(sample, in: workspace)
        let report = try #require(parsed, "\(result.stderr)")
        #expect(result.status == 1, "records are rejected: \(result.stderr)")
        let expected: [Report.Found] = [
            .init(table: "PATIENT", record: 3, code: "IPE001-R01"),
            .init(table: "REFERRAL", record: 5, code: "IPE002-R01"),
            .init(table: "REFERRAL", record: 6, code: "IPE002-R02"),
            .init(table: "EXAMINATION", record: 3, code: "IPE003-R02"),
            .init(table: "EXAMINATION", record: 5, code: "IPE003-R03"),
            .init(table: "EXAMINATION", record: 6, code: "IPE003-R01"),
            .init(table: "EXAMINATION", record: 6, code: "IPE003-F01"),
            .init(table: "EXAMINATION", record: 7, code: "IPE003-R04"),
            .init(table: "EXAMINATION", record: 7, code: "IPE003-F01"),
            .init(table: "EXAMINATION", record: 7, code: "IPE003-R03"),
            .init(table: "PATIENT", record: 5, code: "IPE001-F02"),
            .init(table: "REFERRAL", record: 4, code: "IPE002-F02"),
        ]
        #expect(report.findings == expected)
        #expect(report.summary.tables.map(\.table) == ["PATIENT", "REFERRAL", "EXAMINATION"])
        #expect(report.summary.tables.map(\.file) == ["patient.csv", "referral.csv", "examination.csv"])
        #expect(report.summary.tables.map(\.summary.recordsRead) == [5, 6, 7])
        #expect(report.summary.tables.map(\.summary.recordsRejected) == [1, 2, 3])
        // The count rules' warnings, made once the children are read, count on the parents' records.
        #expect(report.summary.tables.map(\.summary.recordsWarned) == [1, 1, 1])
        #expect(report.summary.recordsRead == 18 && report.summary.recordsRejected == 6)
    }

    @Test func aZipOfTheFilesGivesTheSameReport() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let zip = workspace.appendingPathComponent("submission.zip").path
        // Upper-case names with the tables' IDs, in a folder inside the archive, beside a
        // macOS resource fork: all found as a user's archiver writes them.
        let python = """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
            for name, member in [("patient.csv", "upload/IPE001_PATIENT.CSV"), ("referral.csv", "upload/Referral.csv"), ("examination.csv", "upload/IPE003.csv")]:
                z.write(sys.argv[2] + "/" + name, member)
            z.writestr("__MACOSX/upload/._Referral.csv", b"\\0\\0")
        """
        let process = try Process.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", python, zip, workspace.appendingPathComponent(sample).path])
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let folder = try EtoscProcess.run(["validate", "--spec", spec, sample, "--format", "jsonl"], in: workspace)
        let zipped = try EtoscProcess.run(["validate", "--spec", spec, "submission.zip", "--format", "jsonl"], in: workspace)
        #expect(zipped.status == folder.status, "\(zipped.stderr)")
        let findings = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("{\"type\":\"finding\"") } }
        #expect(!findings(folder.stdout).isEmpty)
        #expect(findings(zipped.stdout) == findings(folder.stdout))
        #expect(zipped.stdout.contains("\"file\":\"upload/IPE001_PATIENT.CSV\""))
    }

    @Test func aMissingTableFileRejectsTheSubmissionAndAnUnknownFileIsAWarning() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let folder = workspace.appendingPathComponent(sample)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("patient.csv"))
        try "a,b\n".write(to: folder.appendingPathComponent("notes.csv"), atomically: true, encoding: .utf8)
        try "readme".write(to: folder.appendingPathComponent("README.txt.bak"), atomically: true, encoding: .utf8)
        let (result, parsed) = try report(sample, in: workspace)
        let report = try #require(parsed, "\(result.stderr)")
        #expect(result.status == 2, "a file rejection: \(result.stderr)")
        #expect(report.summary.fileRejections == ["ETOS-TABLE-MISSING"])
        #expect(report.findings.first == .init(table: "PATIENT", record: 0, code: "ETOS-TABLE-MISSING"))
        #expect(report.findings.filter { $0.code == "ETOS-TABLE-UNKNOWN-FILE" }.count == 2)
        // With no PATIENT file there are no patients to look up: no orphan referrals, no
        // comparison with a patient, and PATIENT's count rule is not applied.
        #expect(!report.findings.contains { ["IPE002-R01", "IPE002-R02", "IPE001-F02"].contains($0.code) })
        #expect(report.findings.contains { $0.code == "IPE003-R01" }, "the levels below are still checked")
        #expect(report.summary.tables.first { $0.table == "PATIENT" }?.file == nil)
        #expect(result.stdout.contains("The submission has no file for table PATIENT (expected PATIENT.csv or IPE001.csv, in any case)."))
    }

    /// etosc links the example's generated module and picks it by the spec's digest; the
    /// interpreter gives the same report byte for byte.
    @Test func theGeneratedModuleAndTheInterpreterGiveTheSameReport() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let generated = try EtoscProcess.run(["validate", "--spec", spec, sample, "--format", "json", "--engine", "generated"], in: workspace)
        let interpreted = try EtoscProcess.run(["validate", "--spec", spec, sample, "--format", "json", "--engine", "interpreted"], in: workspace)
        #expect(generated.status == 1, "\(generated.stderr)")
        #expect(!generated.stdout.isEmpty)
        #expect(generated.stdout == interpreted.stdout)
    }

    /// `etosc sample` writes a relational submission (a folder of one file per table) whose
    /// seeded violations, of every rule kind (orphans at each level, parents without
    /// children, comparisons with the linked record, each table's own rules), are exactly
    /// what `etosc validate` finds.
    @Test(arguments: [UInt64(3), 11])
    func aSampledSubmissionGivesExactlyTheSeededFindings(seed: UInt64) throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let made = try EtoscProcess.run(["sample", "--spec", spec, "--records", "150", "--invalid-rate", "0.1", "--seed", String(seed), "--output", "sampled", "--expected", "expected.csv"], in: workspace)
        #expect(made.status == 0, "\(made.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: workspace.appendingPathComponent("sampled").path).sorted()
        #expect(names == ["EXAMINATION.csv", "PATIENT.csv", "REFERRAL.csv"])
        let expectedText = try String(contentsOf: workspace.appendingPathComponent("expected.csv"), encoding: .utf8)
        let expected = Set(expectedText.split(separator: "\n").dropFirst().map { line -> Report.Found in
            let parts = line.split(separator: ",").map(String.init)
            return Report.Found(table: parts[0], record: Int(parts[1]) ?? -1, code: parts[2])
        })
        let (result, parsed) = try report("sampled", in: workspace, extra: ["--all-findings"])
        let report = try #require(parsed, "\(result.stderr)")
        #expect(Set(report.findings) == expected)
        let codes = Set(expected.map(\.code))
        #expect(codes.isSuperset(of: ["IPE002-R01", "IPE003-R01", "IPE001-F02", "IPE002-F02", "IPE002-R02", "IPE003-R02", "IPE003-R03"]), "every cross-table rule is seeded: \(codes.sorted())")
        #expect(report.summary.tables.map(\.summary.recordsRead) == [150, 300, 600])
    }

    @Test func aSingleFileForARelationalSpecIsRefusedWithTheReason() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let result = try EtoscProcess.run(["validate", "--spec", spec, sample + "/patient.csv"], in: workspace)
        #expect(result.status == 3)
        #expect(result.stderr.contains("a relational submission is a folder or a .zip of one CSV file per table"), "\(result.stderr)")
    }

    @Test func everyReportFormatNamesTheTable() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let text = try EtoscProcess.run(["validate", "--spec", spec, sample], in: workspace)
        #expect(text.stdout.contains("REFERRAL record 5 (line 6): record-rejection IPE002-R01"), "\(text.stdout)")
        #expect(text.stdout.contains("  EXAMINATION (examination.csv): 7 read, 4 accepted (1 with warnings), 3 rejected"))
        let csv = try EtoscProcess.run(["validate", "--spec", spec, sample, "--format", "csv"], in: workspace)
        #expect(csv.stdout.hasPrefix("table,record,line,code,"))
        #expect(csv.stdout.contains("\nREFERRAL,5,6,IPE002-R01,"))
        for format in ["html", "xlsx"] {
            let result = try EtoscProcess.run(["validate", "--spec", spec, sample, "--format", format, "--output", "report.\(format)"], in: workspace)
            #expect(result.status == 1, "\(result.stderr)")
        }
        let html = try String(contentsOf: workspace.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<th>Table</th><th>Record</th>"))
        #expect(html.contains("<tr><td>REFERRAL</td><td class=\"number\">5</td>"))
        #expect(html.contains("Table EXAMINATION"))
    }
}
