import ETOSModel
import Testing

@Suite("The coverage line")
struct CoverageLineTests {
    @Test func aFewRulesAreAllNamed() throws {
        let spec = try WorkbookBuilder.withReferenceRules(3).compile()
        #expect(spec.errors.isEmpty, "\(spec.errors)")
        #expect(Coverage(spec: spec).line(for: "t.xml") == "t.xml: coverage: 1 rule enforced, 3 need reference data (REF001, REF002, REF003), 0 not machine-readable")
    }

    /// A large spec's line stays readable: the list stops after 20 and says how many more.
    @Test func aLongListEndsWithHowManyMore() throws {
        let spec = try WorkbookBuilder.withReferenceRules(25).compile()
        let line = Coverage(spec: spec).line(for: "t.xml")
        #expect(line.contains("25 need reference data (REF001, REF002, "))
        #expect(line.contains("REF020, … and 5 more), 0 not machine-readable"), "\(line)")
        #expect(!line.contains("REF021"))
    }
}

extension WorkbookBuilder {
    /// One item with a population rule and `count` reference-data rules.
    fileprivate static func withReferenceRules(_ count: Int) -> WorkbookBuilder {
        var builder = WorkbookBuilder()
        builder.sheet("Data Set", [["Data Set Name", "Test Data Set"], ["Short Name", "TDS"], ["Version", "1.0"]])
        builder.sheet("Data Items", [["UID", "Data Item Name", "Format", "Mandation"], ["T1", "ORGANISATION CODE", "max an6", "M"]])
        let rules: [[String?]] = (1...count).map { ["REF\(String(format: "%03d", $0))", "ORGANISATION CODE", "Must exist in reference data ODS ORGANISATIONS", "Record Rejection"] }
        builder.sheet("Validations - Data Items", [["Error Code", "Data Item", "Validation", "Level"], ["POP001", "T1", "Must be populated", "Record Rejection"]] + rules)
        return builder
    }
}
