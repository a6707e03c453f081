/// What a submission run needs from a validator: a generated module's
/// `SubmissionValidator`, or one that interprets a spec at run time.
///
/// A user of a generated module needs only ``rulesNotRun``; the requirements that check
/// records as bytes are for generated code (`@_spi(ETOSGenerated)`).
//
// Checking is split so records can be checked on several threads: `checkRecord(_:)` looks at
// one record alone (item checks, record rules, the field count) and `fileKeys(_:)` works out
// what the file-level rules need of it (for uniqueness, its key's digest); both keep no state
// and run where the record is checked. `checkInFile(_:keys:recordNumber:_:)` applies the
// file-level rules and is called once per record, in record order. All read the record's
// fields as bytes.
public protocol SubmissionValidating: Sendable {
    /// The items, their order and the record key.
    @_spi(ETOSGenerated) var layout: SubmissionLayout { get }
    /// Rules that cannot run with the validator's context (their reference data is not loaded
    /// or a submission fact is not given): not run on any record, so listed once for a run.
    var rulesNotRun: [String] { get }
    /// The findings of one record on its own, given as its fields in submission order.
    @_spi(ETOSGenerated) func checkRecord(_ fields: RecordFields) -> RecordFindings
    /// What the file-level rules need of one record, from the record alone.
    @_spi(ETOSGenerated) func fileKeys(_ fields: RecordFields) -> FileKeys
    /// Adds the findings of the file-level rules for record `recordNumber` (1-based), whose
    /// ``fileKeys(_:)`` are `keys`, to `found`.
    @_spi(ETOSGenerated) mutating func checkInFile(_ fields: RecordFields, keys: FileKeys, recordNumber: Int, _ found: inout RecordFindings)
    /// Told, once the first records are read, about how many records the file holds (from
    /// its size), so file-level state can be sized once instead of growing. A hint: more or
    /// fewer records may come (the default does nothing).
    @_spi(ETOSGenerated) mutating func reserveInFile(records: Int)
    /// Called with a record's keys a few records before its ``checkInFile(_:keys:recordNumber:_:)``,
    /// so that file-level state it will need can be fetched from memory early. A hint: it
    /// must change nothing (the default does nothing).
    @_spi(ETOSGenerated) func prepareInFile(_ keys: FileKeys)
    /// A copy for a worker thread that shares no reference-counted object the other threads
    /// touch on every record (such counts are atomic and slow when threads contend).
    @_spi(ETOSGenerated) func copyForThread() -> Self
}

extension SubmissionValidating {
    @_spi(ETOSGenerated) public func prepareInFile(_ keys: FileKeys) {}

    @_spi(ETOSGenerated) public mutating func reserveInFile(records: Int) {}

    /// No keys: for a validator without file-level rules.
    @_spi(ETOSGenerated) public func fileKeys(_ fields: RecordFields) -> FileKeys { FileKeys() }

    /// ``checkRecord(_:)`` for a record given as text.
    @_spi(ETOSGenerated) public func checkRecord(fields: [String]) -> RecordFindings {
        RecordFields.withStrings(fields) { checkRecord($0) }
    }

    /// Checks record `recordNumber` (1-based), given as text, completely: ``checkRecord(_:)``
    /// then ``checkInFile(_:keys:recordNumber:_:)``. Call in record order.
    @_spi(ETOSGenerated) public mutating func check(fields: [String], recordNumber: Int) -> RecordFindings {
        RecordFields.withStrings(fields) { record in
            var found = checkRecord(record)
            checkInFile(record, keys: fileKeys(record), recordNumber: recordNumber, &found)
            return found
        }
    }
}

/// What the file-level rules need of one record: the digest of its key for each of a
/// validator's uniqueness rules, in the validator's order (nil where a part of the key is
/// blank). The first is held in line, so the usual single rule makes no array per record.
@_spi(ETOSGenerated) public struct FileKeys: Sendable {
    private var first: UniqueKeys.KeyDigest?
    private var others: [UniqueKeys.KeyDigest?]

    /// No keys (a validator without uniqueness rules).
    public init() {
        first = nil
        others = []
    }

    /// The digests of the keys of one rule or more, in the validator's order.
    public init(_ first: UniqueKeys.KeyDigest?, _ others: UniqueKeys.KeyDigest?...) {
        self.first = first
        self.others = others
    }

    /// The digests of the keys of each rule, in the validator's order.
    public init(_ digests: some Sequence<UniqueKeys.KeyDigest?>) {
        var digests = digests.makeIterator()
        first = digests.next() ?? nil
        others = Array(IteratorSequence(digests))
    }

    /// The key of rule `rule` (0-based), nil when it had a blank part.
    public subscript(rule: Int) -> UniqueKeys.KeyDigest? { rule == 0 ? first : others[rule - 1] }
}

/// The findings of one record.
@_spi(ETOSGenerated) public struct RecordFindings: Sendable {
    public var findings: [Finding]
    /// Findings this record reveals about earlier records: the first record of a key that this
    /// record repeats (NHS England reports every record of a duplicated key).
    public var earlierRecords: [EarlierFinding]

    public init(findings: [Finding] = [], earlierRecords: [EarlierFinding] = []) {
        self.findings = findings
        self.earlierRecords = earlierRecords
    }

    /// Records a uniqueness finding of this record, and of the earlier record with the same key
    /// when that one has not been reported yet.
    /// This record's finding names the first record with the key.
    public mutating func duplicate(_ finding: Finding, of earlier: UniqueKeys.Earlier) {
        findings.append(Finding(code: finding.code, level: finding.level, items: finding.items, values: finding.values,
                                message: "\(finding.message) (first record with this key: \(earlier.record))"))
        if earlier.isFirstRepeat { earlierRecords.append(EarlierFinding(recordNumber: earlier.record, finding: finding)) }
    }

    /// Records a rule's verdict: a failure becomes a finding with the items' (trimmed) values.
    /// The finding's kind, items and values are only fetched for a failure (most verdicts
    /// are passes). A rule that cannot run is not listed here: it cannot run on any record of
    /// the run, so validators list such rules once
    /// (``SubmissionValidating/rulesNotRun``).
    @inlinable @inline(__always)
    public mutating func apply(_ verdict: RuleVerdict, _ kind: @autoclosure () -> FindingKind, _ items: @autoclosure () -> [String], _ values: @autoclosure () -> [FieldBytes]) {
        switch verdict {
        case .fail: findings.append(Finding(kind(), items: items(), values: values().map(\.trimmed.string)))
        case .pass, .skipped, .notRun: break
        }
    }
}

/// A finding about an earlier record, found while checking a later one (the first record of
/// a key the later record repeats).
public struct EarlierFinding: Hashable, Sendable, Codable {
    /// The earlier record (1-based).
    public let recordNumber: Int
    /// What was found about it.
    public let finding: Finding

    @_spi(ETOSGenerated) public init(recordNumber: Int, finding: Finding) {
        self.recordNumber = recordNumber
        self.finding = finding
    }
}

/// The shape of a submission file.
@_spi(ETOSGenerated) public struct SubmissionLayout: Sendable {
    /// Items in submission order.
    public let items: [DataItemInfo]
    /// UIDs of the items that identify a record in reports (the spec's uniqueness items).
    public let keyItems: [String]
    /// Rules the spec states that no code checks, with the reason.
    public let notEnforced: [UnenforcedRule]

    public init(items: [DataItemInfo], keyItems: [String], notEnforced: [UnenforcedRule] = []) {
        self.items = items
        self.keyItems = keyItems
        self.notEnforced = notEnforced
    }
}
