import ETOSDiff
import ETOSModel
import Testing

/// A relational spec built in code: PATIENT ← REFERRAL, LOCAL PATIENT IDENTIFIER in both.
private func relational(version: String, tables: [Table], items: [DataItem]) -> Spec {
    Spec(source: "v\(version).xml", dataSet: DataSetInfo(name: "Rel", shortName: "REL", version: version),
         groups: [Group(name: "Record", items: items.map(\.uid))], tables: tables, items: items, codeLists: [], rules: [], changeLog: [], diagnostics: [])
}

private let here = ETOSModel.SourceLocation(file: "t", line: 1, column: 1)
private let text = Format(text: "max an20", kind: .alphanumeric, minLength: 1, maxLength: 20)
private let date = Format(text: "an10 CCYY-MM-DD", kind: .date, minLength: 10, maxLength: 10)

private func item(_ uid: String, _ name: String, _ table: String, _ position: Int, _ format: Format = text) -> DataItem {
    DataItem(uid: uid, name: name, group: "Record", table: table, position: position, format: format, mandation: .mandatory, location: here)
}

private let baseItems = [
    item("P1", "LOCAL PATIENT IDENTIFIER", "PATIENT", 1), item("P2", "PERSON BIRTH DATE", "PATIENT", 2, date),
    item("R1", "REFERRAL IDENTIFIER", "REFERRAL", 1), item("R2", "LOCAL PATIENT IDENTIFIER", "REFERRAL", 2),
]
private let baseTables = [
    Table(name: "PATIENT", key: ["P1"], items: ["P1", "P2"], location: here),
    Table(name: "REFERRAL", key: ["R1"], parent: "PATIENT", link: ["R2"], items: ["R1", "R2"], location: here),
]

@Suite("etosc diff: tables")
struct TableDiffTests {
    @Test func tablesAddedRemovedKeysAndLinksChangedEachWithTheirImpact() {
        let old = relational(version: "1", tables: baseTables, items: baseItems)
        var items = baseItems.filter { $0.table != "PATIENT" } + [
            item("P1", "LOCAL PATIENT IDENTIFIER", "PERSON", 1), item("P3", "NHS NUMBER", "PERSON", 2),
            item("R3", "REFERRAL REQUEST RECEIVED DATE", "REFERRAL", 3, date),
            item("X1", "EXAMINATION IDENTIFIER", "EXAMINATION", 1), item("X2", "REFERRAL IDENTIFIER", "EXAMINATION", 2),
        ]
        items.sort { ($0.table!, $0.position) < ($1.table!, $1.position) }
        let new = relational(version: "2", tables: [
            Table(name: "PERSON", key: ["P1"], items: ["P1", "P3"], location: here),
            Table(name: "REFERRAL", key: ["R1", "R3"], parent: "PERSON", link: ["R2"], items: ["R1", "R2", "R3"], location: here),
            Table(name: "EXAMINATION", key: ["X1"], parent: "REFERRAL", link: ["X2"], items: ["X1", "X2"], location: here),
        ], items: items)
        let changes = SpecDiff.compare(old: old, new: new).changes
        func change(_ kind: ChangeSpecification.Kind, _ subject: String) -> ChangeSpecification.Change? { changes.first { $0.kind == kind && $0.subject == subject } }
        let removed = change(.tableRemoved, "PATIENT")
        #expect(removed?.submitter.breaking == false && removed?.consumer.breaking == true)
        let added = try? #require(change(.tableAdded, "EXAMINATION"))
        #expect(added?.submitter.breaking == true && added?.detail.contains("under REFERRAL") == true)
        #expect(change(.tableAdded, "PERSON") != nil)
        let key = change(.keyChanged, "REFERRAL")
        #expect(key?.detail == "key REFERRAL IDENTIFIER → REFERRAL IDENTIFIER, REFERRAL REQUEST RECEIVED DATE")
        #expect(key?.submitter.breaking == true)
        let link = change(.linkChanged, "REFERRAL")
        #expect(link?.detail == "link PATIENT by LOCAL PATIENT IDENTIFIER → PERSON by LOCAL PATIENT IDENTIFIER")
        #expect(change(.fieldCountChanged, "REFERRAL")?.detail == "2 → 3 fields")
        // Items match within their table: REFERRAL's LOCAL PATIENT IDENTIFIER is not paired with PATIENT's.
        let matches = SpecDiff.compare(old: old, new: new).matches
        #expect(matches.contains { $0.old == "R2" && $0.new == "R2" })
        #expect(!matches.contains { $0.old == "P1" }, "PATIENT is gone, so its items are removed with it")
    }

    @Test func anUnchangedRelationalSpecHasNoChangesAndAFlatDiffShowsNoTablesSection() {
        let spec = relational(version: "1", tables: baseTables, items: baseItems)
        #expect(SpecDiff.compare(old: spec, new: spec).changes.isEmpty)
        var flat = spec
        flat.tables = []
        for index in flat.items.indices { flat.items[index].table = nil }
        let markdown = ChangeSpecificationWriter(SpecDiff.compare(old: flat, new: flat)).markdown()
        #expect(!markdown.contains("## Tables"))
    }
}
