import ETOSCodegen
import ETOSModel
import Foundation
import Testing

/// What `etosc generate` writes for the bundled relational example: the guide with its
/// tables and links, and the Table Schema data package.
@Suite("Relational spec: guide and Table Schema data package")
struct RelationalOutputTests {
    private func example() throws -> Spec {
        try compileSpec(packageRoot.appendingPathComponent("Spec/IPEDS-v1.0-ETOS.xml").path, displayName: "Spec/IPEDS-v1.0-ETOS.xml")
    }

    @Test func theGuideDrawsTheTablesWithTheirLinksAndHasASectionPerTable() throws {
        let spec = try example()
        let page = MarkdownEmitter(spec: spec, specPath: "Spec/IPEDS-v1.0-ETOS.xml").page()
        #expect(page.contains("    PATIENT ||--o{ REFERRAL : \"LOCAL PATIENT IDENTIFIER\""))
        #expect(page.contains("    REFERRAL ||--o{ EXAMINATION : \"REFERRAL IDENTIFIER\""))
        #expect(page.contains("        text REFERRAL_IDENTIFIER FK \"IPE003-02 max an20 M\""))
        #expect(page.contains("        text EXAMINATION_IDENTIFIER PK \"IPE003-01 max an20 M\""))
        for table in ["PATIENT", "REFERRAL", "EXAMINATION"] {
            #expect(page.contains("\n## Table \(table)\n"), "a section per table")
            #expect(page.contains("- [Table \(table)](#table-\(table.lowercased()))"))
        }
        #expect(page.contains("### EXAMINATION (`EXAMINATION.csv` or `IPE003.csv`)"))
        #expect(page.contains("| Parent | [REFERRAL](#table-referral): each record links to one REFERRAL record by [REFERRAL IDENTIFIER](#ipe003-02) |"))
        #expect(page.contains("| Table | [REFERRAL](#table-referral), field 2 |"), "an item says its table and field")
        #expect(page.contains("| Code | Table | Level |"))
    }

    @Test func theTableSchemaIsADataPackageWithForeignKeys() throws {
        let spec = try example()
        let text = TableSchemaEmitter(spec: spec, specPath: "Spec/IPEDS-v1.0-ETOS.xml").document()
        let package = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(package["profile"] as? String == "tabular-data-package")
        let resources = try #require(package["resources"] as? [[String: Any]])
        #expect(resources.map { $0["name"] as? String } == ["PATIENT", "REFERRAL", "EXAMINATION"])
        let examination = try #require(resources.last?["schema"] as? [String: Any])
        #expect(examination["primaryKey"] as? String == "EXAMINATION IDENTIFIER")
        let foreignKeys = try #require(examination["foreignKeys"] as? [[String: Any]])
        #expect(foreignKeys.first?["fields"] as? String == "REFERRAL IDENTIFIER")
        let reference = try #require(foreignKeys.first?["reference"] as? [String: Any])
        #expect(reference["resource"] as? String == "REFERRAL" && reference["fields"] as? String == "REFERRAL IDENTIFIER")
        #expect(foreignKeys.first?["x-etos-codes"] as? [String] == ["IPE003-R01"])
        #expect((examination["fields"] as? [[String: Any]])?.count == 5, "one field per item of the table")
        let notExpressed = try #require(package["x-etos-not-expressed"] as? [[String: Any]])
        #expect(Set(notExpressed.compactMap { $0["code"] as? String }) == ["IPE001-F02", "IPE002-F02", "IPE002-R02", "IPE003-R02", "IPE003-R03"])
    }
}
