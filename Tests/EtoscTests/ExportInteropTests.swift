import Foundation
import Testing

/// The exports run on the engines they are for: frictionless validates the Table Schema, and
/// DuckDB and Spark run the dischema's filters (the reference-data rules on the tables
/// `etosc export --format reference-data` builds from the bundled published files), on the
/// same generated submission as `etosc validate`, and the findings are compared. Skipped
/// (with the reason) when the Python package is absent.
@Suite("exports on other engines")
struct ExportInteropTests {
    private static let facts = ["--reporting-period", "2026-04", "--submission-date", "2026-05-10"]
    /// The published reference files bundled with the samples.
    private static let referenceData = ["--reference-data", "Spec/Samples/ReferenceData"]
    /// The reference-data rules of DIDS v2.0: each must be run, and agree, on every engine.
    private static let referenceCodes: Set<String> = ["DIDS016", "DIDS018", "DIDS024", "DIDS068", "DIDS079", "DIDS080", "DIDS081",
                                                      "DIDS00300302", "DIDS00300402", "DIDSREJ012"]

    /// True when `python3 -c "import <module>"` succeeds.
    static func python(has module: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import \(module)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    private struct Finding: Hashable {
        var record: Int
        var code: String
    }

    /// A submission with seeded violations, its etosc findings (JSONL objects) and the workspace.
    /// With `referenceData`, the sample seeds reference-data violations and etosc checks them.
    private func submission(records: Int, seed: Int, referenceData: Bool = false, spec: String = "Spec/DIDS-v2.0-ETOS.xml") throws -> (directory: URL, findings: [[String: Any]]) {
        let directory = try EtoscProcess.workspace()
        let reference = referenceData ? Self.referenceData : []
        let sample = try EtoscProcess.run(["sample", "--spec", spec, "--records", String(records), "--invalid-rate", "0.3",
                                           "--seed", String(seed), "--output", "submission.csv"] + reference + Self.facts, in: directory)
        try #require(sample.status == 0, "\(sample.stderr)")
        let validate = try EtoscProcess.run(["validate", "--spec", spec, "--format", "jsonl", "submission.csv"] + reference + Self.facts, in: directory)
        try #require([0, 1, 2].contains(validate.status), "\(validate.stderr)")
        let objects = try validate.stdout.split(separator: "\n").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        return (directory, objects.filter { $0["type"] as? String == "finding" })
    }

    private func pythonFindings(_ script: String, _ arguments: [String], in directory: URL) throws -> [Finding] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", EtoscProcess.packageRoot.appendingPathComponent("scripts/\(script)").path] + arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        process.standardOutput = out
        // The engine's log (Spark's is chatty) goes to a file, shown if the script fails.
        let log = directory.appendingPathComponent("\(script).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self).suffix(2000))")
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return Finding(record: object["record"] as? Int ?? 0, code: object["code"] as? String ?? "")
        }
    }

    private func codes(in file: URL, _ extract: ([String: Any]) -> [String]) throws -> Set<String> {
        let object = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        return Set(extract(object))
    }

    /// Exports the dischema in `dialect` and the reference tables, runs its filters with
    /// `script` on a submission with seeded violations, and requires every exported code, the
    /// reference-data rules included, to agree with `etosc validate` record by record.
    private func dischemaAgreesWithEtosc(dialect: String, script: String, spec: String = "Spec/DIDS-v2.0-ETOS.xml", referenceCodes: Set<String> = referenceCodes) throws {
        let (directory, ours) = try submission(records: 1500, seed: 5, referenceData: true, spec: spec)
        defer { try? FileManager.default.removeItem(at: directory) }
        let export = try EtoscProcess.run(["export", "--format", "dischema", "--dialect", dialect, spec, "--output", "dischema.json"] + Self.facts, in: directory)
        try #require(export.status == 0, "\(export.stderr)")
        let tables = try EtoscProcess.run(["export", "--format", "reference-data", spec, "--output", "reference-tables"] + Self.referenceData, in: directory)
        try #require(tables.status == 0, "\(tables.stderr)")
        let exported = try codes(in: directory.appendingPathComponent("dischema.json")) { object in
            ((object["transformations"] as? [String: Any])?["filters"] as? [[String: Any]] ?? []).compactMap { $0["error_code"] as? String }
        }
        #expect(referenceCodes.isSubset(of: exported), "every reference-data rule is exported")
        let theirs = Set(try pythonFindings(script, ["dischema.json", "submission.csv", "reference-tables"], in: directory))
        let mine = Set(ours.compactMap { finding -> Finding? in
            guard let code = finding["code"] as? String, exported.contains(code) else { return nil }
            return Finding(record: finding["record"] as? Int ?? 0, code: code)
        })
        #expect(mine.count > 300)
        #expect(Set(theirs.map(\.code)).count > 15, "findings of many rules, not of one")
        let seeded = Set(mine.map(\.code)).intersection(referenceCodes)
        #expect(seeded.count * 5 >= referenceCodes.count * 4, "the sample seeds violations of the reference-data rules: \(seeded.sorted())")
        #expect(theirs.subtracting(mine).sorted { ($0.record, $0.code) < ($1.record, $1.code) }.isEmpty)
        #expect(mine.subtracting(theirs).sorted { ($0.record, $0.code) < ($1.record, $1.code) }.isEmpty)
    }

    /// The tables etosc writes for other engines are reference data etosc itself reads: the
    /// same findings, byte for byte, as from the published files they were built from.
    @Test func referenceTablesReadBackGiveTheSameReport() throws {
        let (directory, _) = try submission(records: 800, seed: 9, referenceData: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tables = try EtoscProcess.run(["export", "--format", "reference-data", "Spec/DIDS-v2.0-ETOS.xml", "--output", "reference-tables"] + Self.referenceData, in: directory)
        try #require(tables.status == 0, "\(tables.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("reference-tables").path).sorted()
        #expect(written == ["nicip.csv", "ods-organisations.csv", "ons-postcode-directory.csv", "snomed-ct-diagnostic-imaging-refset.csv"])
        let organisations = try String(contentsOf: directory.appendingPathComponent("reference-tables/ods-organisations.csv"), encoding: .utf8)
        #expect(organisations.hasPrefix("code,start,end\n"))
        #expect(organisations.contains("\nB82005,1974-04-01,2025-06-30\n"), "a closed practice keeps its dates")
        func report(_ reference: String) throws -> String {
            let run = try EtoscProcess.run(["validate", "--spec", "Spec/DIDS-v2.0-ETOS.xml", "--format", "jsonl", "submission.csv", "--reference-data", reference] + Self.facts, in: directory)
            try #require([0, 1, 2].contains(run.status), "\(run.stderr)")
            return run.stdout
        }
        let published = try report("Spec/Samples/ReferenceData")
        #expect(published.contains("\"DIDS068\""))
        #expect(try report("reference-tables") == published)
    }

    /// An RF2 member first seen inactive was a member until the day before, as the runtime
    /// reads it: its table row says so. A data set the directory lacks is a warning, an error under --strict, and
    /// a failed run leaves the earlier tables as they were.
    @Test func refsetPeriodsAndMissingDataSets() throws {
        let directory = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let refset = directory.appendingPathComponent("refset")
        try FileManager.default.createDirectory(at: refset, withIntermediateDirectories: true)
        try """
        id\teffectiveTime\tactive\tmoduleId\trefsetId\treferencedComponentId
        00000000-aaaa-4bbb-8ccc-000000000000\t20100101\t1\t999000011000000103\t999001111000000105\t399208008
        00000009-aaaa-4bbb-8ccc-000000000009\t20200101\t0\t999000011000000103\t999001111000000105\t55555555

        """.write(to: refset.appendingPathComponent("der2_Refset_SimpleFull_GB1000000_20260401.txt"), atomically: true, encoding: .utf8)
        let run = try EtoscProcess.run(["export", "--format", "reference-data", "Spec/DIDS-v2.0-ETOS.xml", "--reference-data", "refset", "--output", "tables"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOf: directory.appendingPathComponent("tables/snomed-ct-diagnostic-imaging-refset.csv"), encoding: .utf8)
        #expect(written == "code,start,end\n399208008,2010-01-01,\n55555555,,2019-12-31\n")
        for missing in ["NICIP", "ODS ORGANISATIONS", "ONS POSTCODE DIRECTORY"] {
            #expect(run.stderr.contains("warning: refset holds no \(missing)"), "\(run.stderr)")
        }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let strict = try EtoscProcess.run(["export", "--format", "reference-data", "Spec/DIDS-v2.0-ETOS.xml", "--reference-data", "empty", "--output", "tables", "--strict"], in: directory)
        #expect(strict.status != 0)
        #expect(strict.stderr.contains("error: empty holds no NICIP"), "\(strict.stderr)")
        let after = try String(contentsOf: directory.appendingPathComponent("tables/snomed-ct-diagnostic-imaging-refset.csv"), encoding: .utf8)
        #expect(after == written)
        let noData = try EtoscProcess.run(["export", "--format", "reference-data", "Spec/DIDS-v2.0-ETOS.xml", "--output", "tables"], in: directory)
        #expect(noData.status != 0)
        #expect(noData.stderr.contains("needs --reference-data DIR"), "\(noData.stderr)")
    }

    @Test(.enabled(if: python(has: "duckdb"), "DuckDB for Python is not installed (pip install duckdb): the dischema's SQL is not run"))
    func theDischemaFiltersOnDuckDBFindWhatEtoscFinds() throws {
        try dischemaAgreesWithEtosc(dialect: "duckdb", script: "duckdb_dischema_findings.py")
    }

    /// The relational example's dischema (an entity per table, links as `left_join`, child
    /// counts as `anti_join`) on DuckDB finds, table by table and record by record, what etosc
    /// finds on a sampled submission seeding every cross-table rule, and on the hand-written sample.
    @Test(.enabled(if: python(has: "duckdb"), "DuckDB for Python is not installed (pip install duckdb): the dischema's SQL is not run"))
    func theRelationalDischemaOnDuckDBFindsWhatEtoscFinds() throws {
        let directory = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = "Spec/IPEDS-v1.0-ETOS.xml"
        try #require(try EtoscProcess.run(["sample", "--spec", spec, "--records", "200", "--invalid-rate", "0.2", "--seed", "7", "--output", "sampled"], in: directory).status == 0)
        try #require(try EtoscProcess.run(["export", "--format", "dischema", spec, "--output", "dischema.json"], in: directory).status == 0)
        for folder in ["sampled", "Spec/Samples/IPEDS-v1.0-sample"] {
            let run = try EtoscProcess.run(["validate", "--spec", spec, folder, "--format", "jsonl", "--all-findings"], in: directory)
            let mine = Set(run.stdout.split(separator: "\n").compactMap { line -> String? in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], object["type"] as? String == "finding" else { return nil }
                return "\(object["table"] as? String ?? "") \(object["record"] as? Int ?? -1) \(object["code"] as? String ?? "")"
            })
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", EtoscProcess.packageRoot.appendingPathComponent("scripts/duckdb_relational_findings.py").path, "dischema.json", folder]
            process.currentDirectoryURL = directory
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0)
            let theirs = Set(String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line -> String? in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
                return "\(object["table"] as? String ?? "") \(object["record"] as? Int ?? -1) \(object["code"] as? String ?? "")"
            })
            #expect(mine.count > 10)
            #expect(theirs == mine, "only etosc: \(mine.subtracting(theirs).sorted()); only DuckDB: \(theirs.subtracting(mine).sorted())")
            for code in ["IPE002-R01", "IPE003-R01", "IPE001-F02", "IPE002-F02", "IPE003-R02"] {
                #expect(mine.contains { $0.hasSuffix(" " + code) }, "\(folder) seeds \(code)")
            }
        }
    }

    /// DIDS v1.0 reads a map (NICIP to SNOMED CT) as well as code lists.
    @Test(.enabled(if: python(has: "duckdb"), "DuckDB for Python is not installed (pip install duckdb): the dischema's SQL is not run"))
    func theVersion1DischemaOnDuckDBWithItsMapFindsWhatEtoscFinds() throws {
        try dischemaAgreesWithEtosc(dialect: "duckdb", script: "duckdb_dischema_findings.py", spec: "Spec/DIDS-v1.0-ETOS.xml", referenceCodes: Self.version1ReferenceCodes)
    }

    /// DIDS v1.0's reference-data rules, the map's included.
    private static let version1ReferenceCodes: Set<String> = ["DIDS016", "DIDS018", "DIDS024", "DIDS057", "DIDS059", "DIDS068", "DIDS077",
                                                              "DIDS078", "DIDS079", "DIDS080", "DIDS081", "DIDS082"]

    /// Java and PySpark, for the Spark dialect.
    static let hasSpark: Bool = {
        let java = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/java") }
        return java && python(has: "pyspark")
    }()

    /// The Spark dialect on a real Spark (PySpark, local[2], one session).
    @Test(.enabled(if: hasSpark, "Java or PySpark is missing (apt-get install default-jre-headless; pip install pyspark==3.5.3): the Spark dischema is not run"))
    func theSparkDischemaOnSparkFindsWhatEtoscFinds() throws {
        try dischemaAgreesWithEtosc(dialect: "spark", script: "spark_dischema_findings.py")
    }

    @Test(.enabled(if: python(has: "frictionless"), "frictionless is not installed (pip install frictionless): the Table Schema is not run"))
    func frictionlessOnTheTableSchemaFindsWhatEtoscFindsForTheRulesBothExpress() throws {
        let (directory, ours) = try submission(records: 1500, seed: 5)
        defer { try? FileManager.default.removeItem(at: directory) }
        let export = try EtoscProcess.run(["export", "--format", "table-schema", "Spec/DIDS-v2.0-ETOS.xml", "--output", "schema.json"], in: directory)
        try #require(export.status == 0, "\(export.stderr)")
        let expressed = try codes(in: directory.appendingPathComponent("schema.json")) { object in
            let fields = object["fields"] as? [[String: Any]] ?? []
            let fieldCodes = fields.flatMap { (($0["x-etos"] as? [String: Any])?["codes"] as? [String: String] ?? [:]).values }
            return fieldCodes + [object["x-etos-primary-key"] as? String].compactMap { $0 }
        }
        let theirs = Set(try pythonFindings("frictionless_findings.py", ["schema.json", "submission.csv"], in: directory))
        var mine: Set<Finding> = []
        var fileRejected: Set<Int> = []
        var blankKey: Set<Int> = []
        var impossibleTimestamp: Set<Finding> = []
        /// The first record of each repeated key (etosc reports it too, as NHS England does).
        var firstOfKey: [[String]: Int] = [:]
        for finding in ours {
            let record = finding["record"] as? Int ?? 0
            let code = finding["code"] as? String ?? ""
            if finding["level"] as? String == "file-rejection" { fileRejected.insert(record) }
            if (finding["key"] as? [String])?.contains("") == true { blankKey.insert(record) }
            if let value = (finding["values"] as? [String])?.first, Self.isTimestampShapeWithImpossibleDate(value) {
                impossibleTimestamp.insert(Finding(record: record, code: code))
            }
            if expressed.contains(code) { mine.insert(Finding(record: record, code: code)) }
            if code == "DIDS071", let key = finding["key"] as? [String] { firstOfKey[key] = min(firstOfKey[key] ?? record, record) }
        }
        // Every difference is one a Table Schema cannot avoid, each named here:
        for finding in theirs.subtracting(mine) {
            if finding.code.hasPrefix("frictionless:") {
                // extra or missing cells: the row has the wrong field count (etosc: file rejection).
                #expect(fileRejected.contains(finding.record), "\(finding)")
            } else {
                // a primary key with a blank part: etosc compares only complete keys.
                #expect(finding.code == "DIDS071" && blankKey.contains(finding.record), "\(finding)")
            }
        }
        let firstRecords = Set(firstOfKey.values)
        for finding in mine.subtracting(theirs) {
            // a timestamp of the right shape on a day that does not exist: a pattern cannot see it;
            // the first record of a repeated key: a primary key reports only the later ones.
            #expect(impossibleTimestamp.contains(finding) || (finding.code == "DIDS071" && firstRecords.contains(finding.record)), "\(finding)")
        }
        #expect(mine.intersection(theirs).count > 150)
    }

    /// `CCYY-MM-DDT…` whose day is past the end of its month.
    static func isTimestampShapeWithImpossibleDate(_ value: String) -> Bool {
        let parts = value.prefix(10).split(separator: "-")
        guard value.count > 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month) else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day > days
    }
}
