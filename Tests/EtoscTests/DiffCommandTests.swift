import Foundation
import Testing

/// `etosc diff` as CI uses it: exit 1 when breaking, 0 when not, 2 when a spec is broken.
@Suite("etosc diff")
struct DiffCommandTests {
    @Test func exitStatusSaysWhetherAChangeBreaks() throws {
        let directory = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let breaking = try EtoscProcess.run(["diff", "Spec/DIDS-v1.0-ETOS.xml", "Spec/DIDS-v2.0-ETOS.xml", "--format", "json"], in: directory)
        #expect(breaking.status == 1, "\(breaking.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(breaking.stdout.utf8)) as? [String: Any])
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.contains { $0["kind"] as? String == "item-removed" && $0["subject"] as? String == "DID013 DIAGNOSTIC TEST DATE" })

        let same = try EtoscProcess.run(["diff", "Spec/DIDS-v2.0-ETOS.xml", "Spec/DIDS-v2.0-ETOS.xml"], in: directory)
        #expect(same.status == 0)
        #expect(same.stdout.contains("| **All** | 0 | 0 | 0 |"))

        try "<not a spreadsheet".write(to: directory.appendingPathComponent("broken.xml"), atomically: true, encoding: .utf8)
        let broken = try EtoscProcess.run(["diff", "broken.xml", "Spec/DIDS-v2.0-ETOS.xml"], in: directory)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("broken.xml:"))
    }

    @Test func submitterOnlyBreakageCanBeAllowedForConsumers() throws {
        let directory = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try EtoscProcess.run(["diff", "Spec/DIDS-v1.0-ETOS.xml", "Spec/DIDS-v2.0-ETOS.xml", "--breaking-for", "submitter", "--output", "changes.md"], in: directory)
        #expect(result.status == 1)
        let text = try String(contentsOf: directory.appendingPathComponent("changes.md"), encoding: .utf8)
        #expect(text.hasPrefix("# Change specification: Diagnostic Imaging Data Set 1.0 → 2.0"))
    }
}
