import ETOSModel
@_spi(ETOSGenerated) import ETOSRuntime

/// Writes relational submissions of a spec with a Tables sheet: one file per table, parents
/// first, every record's link holding a parent's key, and, at the rate asked, records made to
/// break one rule each: a table's own rules (as ``SubmissionSampler`` breaks them), a link to
/// no parent (an orphan), a parent with no child, and a comparison with the linked record.
/// Each table has twice as many records as its parent.
public struct RelationalSampler {
    /// One table's file.
    public struct TableFile: Sendable {
        public let table: String
        /// The header's item names.
        public let header: [String]
        public let records: [[String]]
    }

    /// A record made to break a rule.
    public struct Seeded: Hashable, Sendable {
        public let table: String
        public let record: Int
        public let rule: String
    }

    public let spec: Spec
    private let plan: RelationalPlan
    private var samplers: [SubmissionSampler]
    private var random: SeededGenerator

    public init(spec: Spec, context: ValidationContext, referenceData: InMemoryReferenceData?, seed: UInt64) {
        self.spec = spec
        plan = RelationalPlan(spec: spec)
        samplers = plan.tables.enumerated().map { index, table in
            SubmissionSampler(spec: table.flat, context: context, referenceData: referenceData, seed: seed &+ UInt64(index) &* 7919)
        }
        random = SeededGenerator(seed: seed)
    }

    /// The files, `records` in each table without a parent, and the records made to break a rule.
    public mutating func generate(records: Int, invalidRate: Double) -> (files: [TableFile], seeded: [Seeded]) {
        var files: [TableFile?] = Array(repeating: nil, count: plan.tables.count)
        var seeded: [Seeded] = []
        /// Per table: each record's key values (nil where the key was not kept intact).
        var keys: [[[String]?]] = Array(repeating: [], count: plan.tables.count)
        var counts: [Int] = Array(repeating: records, count: plan.tables.count)
        for index in plan.checkingOrder {
            let table = plan.tables[index]
            if let parent = table.parent { counts[index] = counts[parent] * 2 }
            let name = table.table.name
            var (own, _) = samplers[index].breakableRules()
            own.removeAll { if case .unique? = $0.ast { true } else { false } }
            let links = plan.links.filter { $0.table == index }
            let linked = plan.linked.filter { $0.table == index }.filter { Self.breakable($0.check) != nil }
            // Parents left without children, chosen before their children are made.
            let counted = plan.counts.filter { $0.child == index }
            var childless: Set<Int> = []
            if let parent = table.parent, !counted.isEmpty {
                for record in 1...max(1, counts[parent]) where Double.random(in: 0..<1, using: &random) < invalidRate / 4 && childless.count + 1 < counts[parent] {
                    childless.insert(record)
                    for rule in counted { seeded.append(Seeded(table: plan.tables[parent].table.name, record: record, rule: rule.rule.code)) }
                }
            }
            let parents = table.parent.map { keys[$0].indices.map { $0 + 1 }.filter { !childless.contains($0) && keys[table.parent!][$0 - 1] != nil } } ?? []
            var rows: [[String]] = []
            var tableKeys: [[String]?] = []
            for number in 1...max(counts[index], 1) where counts[index] > 0 {
                var record = samplers[index].validRecord(number: number)
                for (field, uid) in zip(table.key, table.table.key) { record[field] = Self.keyValue(table: index, record: number, item: spec.item(uid: uid)) }
                var parentRecord: Int?
                if let parent = table.parent, !parents.isEmpty {
                    // Every parent first gets a child in turn, then children pick parents at random.
                    let chosen = number <= parents.count ? parents[number - 1] : parents.randomElement(using: &random)!
                    parentRecord = chosen
                    for (field, value) in zip(table.link, keys[parent][chosen - 1] ?? []) { record[field] = value }
                    for rule in linked { Self.satisfy(rule.check, &record, parent: Self.records(of: parent, files)[chosen - 1], carried: plan.tables[parent].carriedFields) }
                }
                if Double.random(in: 0..<1, using: &random) < invalidRate {
                    var kinds: [Violation] = []
                    if !own.isEmpty { kinds.append(.ownRule) }
                    // A parent's first child (given in turn) keeps its link, so an orphan leaves no parent childless.
                    if !links.isEmpty, number > parents.count { kinds.append(.orphan) }
                    if !linked.isEmpty, parentRecord != nil { kinds.append(.linkedComparison) }
                    switch kinds.randomElement(using: &random) {
                    case .ownRule?:
                        let rule = own.randomElement(using: &random)!
                        if let broken = samplers[index].violation(of: rule, base: record, salt: number),
                           (table.key + table.link).allSatisfy({ broken.record[$0] == record[$0] }) {
                            record = broken.record
                            for code in broken.findings { seeded.append(Seeded(table: name, record: number, rule: code)) }
                        }
                    case .orphan?:
                        for field in table.link { record[field] = Self.orphanValue(record: number, item: spec.tables[index].link.first.flatMap { spec.item(uid: $0) }) }
                        for rule in links { seeded.append(Seeded(table: name, record: number, rule: rule.rule.code)) }
                    case .linkedComparison?:
                        let rule = linked.randomElement(using: &random)!
                        if let parent = table.parent, let chosen = parentRecord,
                           Self.breakRule(rule.check, &record, parent: Self.records(of: parent, files)[chosen - 1], carried: plan.tables[parent].carriedFields) {
                            seeded.append(Seeded(table: name, record: number, rule: rule.rule.code))
                        }
                    case nil:
                        break
                    }
                }
                rows.append(record)
                tableKeys.append(table.key.map { record[$0] })
            }
            keys[index] = tableKeys
            files[index] = TableFile(table: name, header: table.flat.items.map(\.name), records: rows)
        }
        return (files.compactMap { $0 }, seeded.sorted { ($0.table, $0.record, $0.rule) < ($1.table, $1.record, $1.rule) })
    }

    /// The ways a record is made to break a rule (a parent without children is chosen before its children are made).
    private enum Violation {
        case ownRule, orphan, linkedComparison
    }

    private static func records(of table: Int, _ files: [TableFile?]) -> [[String]] { files[table]?.records ?? [] }

    /// A key value unique in its table that fits the item's format: a letter for the table, then the record's number.
    private static func keyValue(table: Int, record: Int, item: DataItem?) -> String {
        let format = item?.format
        var digits = String(record)
        if format?.kind == .numeric {
            while digits.count < (format?.minLength ?? 1) { digits = "0" + digits }
            return String(table + 1) + digits
        }
        var value = String(UnicodeScalar(UInt8(65 + table % 26))) + digits
        while value.count < (format?.minLength ?? 1) { value += "0" }
        return value
    }

    /// A link value no parent has.
    private static func orphanValue(record: Int, item: DataItem?) -> String {
        item?.format.kind == .numeric ? "9" + String(record) : "Z" + String(record)
    }

    /// The child's date field, the operator and the parent's carried position a linked comparison reads.
    private static func breakable(_ check: Check) -> (own: Check.Field, parent: Int, check: Check)? {
        switch check {
        case .compare(let value, _, .field(let other)), .within(let value, _, _, _, .field(let other)):
            guard value.field.kind == .date, other.field.kind == .date else { return nil }
            return (value.field, other.field.index, check)
        default:
            return nil
        }
    }

    /// Makes the child's date keep the linked comparison: the parent's date (a day after or
    /// before it for a strict comparison).
    private static func satisfy(_ check: Check, _ record: inout [String], parent: [String], carried: [Int]) {
        guard let (own, joined, check) = breakable(check), let date = parentDate(joined, record.count, parent, carried) else { return }
        let shift: Int = switch check {
        case .compare(_, .after, _): 1
        case .compare(_, .before, _): -1
        default: 0
        }
        record[own.index] = date.adding(days: shift).description
    }

    /// Moves the child's date to break the comparison; false when it cannot.
    private static func breakRule(_ check: Check, _ record: inout [String], parent: [String], carried: [Int]) -> Bool {
        guard let (own, joined, check) = breakable(check), let date = parentDate(joined, record.count, parent, carried) else { return false }
        let shift: Int
        switch check {
        case .compare(_, .onOrAfter, _): shift = -1
        case .compare(_, .after, _): shift = 0
        case .compare(_, .onOrBefore, _): shift = 1
        case .compare(_, .before, _): shift = 0
        case .within(_, let amount, let unit, let after, _):
            let days = switch unit {
            case .days: amount + 1
            case .months: amount * 31 + 1
            case .years: amount * 366 + 1
            }
            shift = after ? days : -days
        default: return false
        }
        record[own.index] = date.adding(days: shift).description
        return true
    }

    /// The parent's date a joined field (own fields, then the parent's carried ones) reads.
    private static func parentDate(_ joined: Int, _ ownCount: Int, _ parent: [String], _ carried: [Int]) -> ISODate? {
        let position = joined - ownCount
        guard position >= 0, position < carried.count, carried[position] < parent.count else { return nil }
        return ISODate(parsing: parent[carried[position]])
    }
}
