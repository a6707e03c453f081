import Foundation
import Testing

/// A new user's relational spec, written from Spec/README.md alone: a "Tables and Keys" sheet,
/// each table's items on a sheet named after it (one by its ID), LOCAL PATIENT IDENTIFIER in
/// every table, and a rule of each cross-table form. It compiles cleanly, and a folder of its
/// three CSVs (a child file first) gives exactly the findings expected.
@Suite("etosc: a new user's three-table spec")
struct NewRelationalSpecTests {
    private static func cell(_ text: String) -> String {
        "<Cell><Data ss:Type=\"String\">\(text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</Data></Cell>"
    }

    private static func sheet(_ name: String, _ rows: [[String]]) -> String {
        "<Worksheet ss:Name=\"\(name)\"><Table>" + rows.map { "<Row>" + $0.map(cell).joined() + "</Row>" }.joined() + "</Table></Worksheet>"
    }

    private static let workbook = """
    <?xml version="1.0"?>
    <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
    \(sheet("Cover", [["Data Set Name", "Community Clinic Data Set"], ["Short Name", "CCDS"], ["Version", "0.1"]]))
    \(sheet("Tables and Keys", [["Table Name", "Table ID", "Key", "Parent Table", "Link"],
                                ["PERSON", "CC01", "LOCAL PATIENT IDENTIFIER", "", ""],
                                ["CARE CONTACT", "CC02", "CARE CONTACT IDENTIFIER", "PERSON", "LOCAL PATIENT IDENTIFIER"],
                                ["CARE ACTIVITY", "CC03", "CARE ACTIVITY IDENTIFIER", "CARE CONTACT", "CARE CONTACT IDENTIFIER"]]))
    \(sheet("Person", [["Data Item Name", "Format", "M/R/O"],
                       ["LOCAL PATIENT IDENTIFIER", "max an10", "M"], ["PERSON BIRTH DATE", "an10 CCYY-MM-DD", "M"]]))
    \(sheet("Care Contact", [["Data Item Name", "Format", "M/R/O"],
                             ["CARE CONTACT IDENTIFIER", "max an10", "M"], ["LOCAL PATIENT IDENTIFIER", "max an10", "M"], ["CARE CONTACT DATE", "an10 CCYY-MM-DD", "M"]]))
    \(sheet("CC03", [["Data Item Name", "Format", "M/R/O"],
                     ["CARE ACTIVITY IDENTIFIER", "max an10", "M"], ["CARE CONTACT IDENTIFIER", "max an10", "M"], ["LOCAL PATIENT IDENTIFIER", "max an10", "O"],
                     ["CARE ACTIVITY DATE", "an10 CCYY-MM-DD", "M"]]))
    \(sheet("Validations", [["Error Code", "Table", "Data Item", "Validation", "Level"],
                            ["CC1", "CARE CONTACT", "LOCAL PATIENT IDENTIFIER", "Must exist in table PERSON", "Record Rejection"],
                            ["CC2", "CARE ACTIVITY", "CARE CONTACT IDENTIFIER", "Must exist in table CARE CONTACT", "Record Rejection"],
                            ["CC3", "CARE CONTACT", "CARE CONTACT DATE", "Must not be before PERSON BIRTH DATE of the linked PERSON record", "Record Rejection"],
                            ["CC4", "CARE ACTIVITY", "CARE ACTIVITY DATE", "Must not be more than 7 days after CARE CONTACT DATE of the linked CARE CONTACT record", "Warning"],
                            ["CC5", "PERSON", "N/A", "Each PERSON record must have at least one CARE CONTACT record", "Warning"],
                            ["CC6", "CARE ACTIVITY", "CARE ACTIVITY IDENTIFIER", "CARE ACTIVITY IDENTIFIER must be unique within the file", "Record Rejection"]]))
    </Workbook>
    """

    @Test func itCompilesAndItsFolderGivesExactlyTheExpectedFindings() throws {
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        try Self.workbook.write(to: workspace.appendingPathComponent("ccds.xml"), atomically: true, encoding: .utf8)
        let check = try EtoscProcess.run(["check", "ccds.xml"], in: workspace)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(!check.stderr.contains("error:") && !check.stderr.contains("warning:"), "\(check.stderr)")
        #expect(check.stdout.contains("6 rules enforced, 0 need reference data, 0 not machine-readable"), "\(check.stdout)")
        let folder = workspace.appendingPathComponent("upload")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "CARE ACTIVITY IDENTIFIER,CARE CONTACT IDENTIFIER,LOCAL PATIENT IDENTIFIER,CARE ACTIVITY DATE\nA1,C1,P1,2026-05-02\nA2,C9,P1,2026-05-02\nA3,C2,P2,2026-05-30\nA3,C1,P1,2026-05-01\n"
            .write(to: folder.appendingPathComponent("care_activity.csv"), atomically: true, encoding: .utf8)
        try "CARE CONTACT IDENTIFIER,LOCAL PATIENT IDENTIFIER,CARE CONTACT DATE\nC1,P1,2026-05-01\nC2,P2,2026-05-20\nC3,P7,2026-05-03\nC4,P2,1999-01-01\n"
            .write(to: folder.appendingPathComponent("CC02.csv"), atomically: true, encoding: .utf8)
        try "LOCAL PATIENT IDENTIFIER,PERSON BIRTH DATE\nP1,1970-01-01\nP2,2000-06-30\nP3,1988-02-02\n"
            .write(to: folder.appendingPathComponent("Person.csv"), atomically: true, encoding: .utf8)
        let result = try EtoscProcess.run(["validate", "--spec", "ccds.xml", "upload", "--format", "csv"], in: workspace)
        #expect(result.status == 1, "\(result.stderr)")
        let found = result.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").prefix(4).joined(separator: ",") }
        #expect(found == [
            "CARE CONTACT,3,4,CC1",    // P7 is no PERSON
            "CARE CONTACT,4,5,CC3",    // before the person's birth
            "CARE ACTIVITY,2,3,CC2",   // C9 is no CARE CONTACT
            "CARE ACTIVITY,3,4,CC4",   // 10 days after its contact
            "CARE ACTIVITY,3,4,CC6",   // A3 again (the earlier record first)
            "CARE ACTIVITY,4,5,CC6",
            "PERSON,3,4,CC5",          // P3 has no contact
        ], "\(result.stdout)")
    }
}
