/// A table's validator in a relational submission: the table's own checks (`Inner`, a
/// generated or interpreted validator of its file), plus, in record order, what links its
/// records to the other tables'. Each record's key is kept for the tables below
/// (``TableRecords``); its link is looked up among its parent's keys (an orphan is the link
/// rule's finding), marks the parent record as having a child, and gives the parent's
/// fields to the rules that compare with the linked record.
@_spi(ETOSGenerated) public struct LinkedTableValidator<Inner: SubmissionValidating, Linked: LinkedRecordChecking>: SubmissionValidating {
    private var inner: Inner
    private let table: RelationalLayout.Table
    /// This table's records by key, when a table below reads them.
    private let records: TableRecords?
    /// The parent's records by key; nil when the parent's file is missing (nothing to look up).
    private let parent: TableRecords?
    /// The link rules of this table.
    private let links: [RelationalLayout.LinkRule]
    /// For each count rule whose child is this table, its index among the parent's.
    private let childOf: [Int]
    private let linked: Linked?

    init(_ inner: Inner, table: RelationalLayout.Table, records: TableRecords?, parent: TableRecords?,
         links: [RelationalLayout.LinkRule], childOf: [Int], linked: Linked?) {
        self.inner = inner
        self.table = table
        self.records = records
        self.parent = parent
        self.links = links
        self.childOf = childOf
        self.linked = linked
    }

    public var layout: SubmissionLayout { inner.layout }
    public var rulesNotRun: [String] { inner.rulesNotRun }
    public func checkRecord(_ fields: RecordFields) -> RecordFindings { inner.checkRecord(fields) }
    public func fileKeys(_ fields: RecordFields) -> FileKeys { inner.fileKeys(fields) }
    public mutating func reserveInFile(records: Int) { inner.reserveInFile(records: records) }
    public func prepareInFile(_ keys: FileKeys) { inner.prepareInFile(keys) }

    public mutating func checkInFile(_ fields: RecordFields, keys: FileKeys, recordNumber: Int, _ found: inout RecordFindings) {
        inner.checkInFile(fields, keys: keys, recordNumber: recordNumber, &found)
        if let records, let key = UniqueKeys.digest(fields, at: table.key) { records.insert(key, record: recordNumber, fields) }
        // A blank part of the link is the link item's mandation to report, not an orphan.
        guard let parent, let link = UniqueKeys.digest(fields, at: table.link) else { return }
        guard let slot = parent.slot(of: link) else {
            for rule in links { found.findings.append(Finding(rule.kind, items: rule.items, values: table.link.map { fields[$0].trimmed.string })) }
            return
        }
        for rule in childOf { parent.markChild(slot, rule: rule) }
        if let linked { parent.withCarried(slot) { linked.check(fields, linked: $0, &found.findings) } }
    }

    public func copyForThread() -> LinkedTableValidator {
        var copy = self
        copy.inner = inner.copyForThread()
        return copy
    }
}
