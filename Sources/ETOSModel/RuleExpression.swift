/// A validation rule as a typed expression: what must hold for a record (or file) to pass.
///
/// Rule sentences and the `Expression` column both compile to this. Items are UIDs.
public indirect enum RuleExpression: Hashable, Sendable, Codable {
    // Presence
    case populated(item: String)
    case atLeastOnePopulated(items: [String])

    // Shape of one value
    case format(item: String, format: Format)
    case length(item: String, min: Int, max: Int)
    /// From `min` to `max` characters, each an ASCII letter or digit ("alphanumeric" as NHS
    /// England's processing reads it, where the format notation's `an` allows any character).
    case lettersAndDigits(item: String, min: Int, max: Int)
    case digits(item: String, count: Int)
    case validDate(item: String)
    case validTime(item: String)
    case validTimestamp(item: String)
    case inCodeList(item: String, list: String)
    case oneOf(item: String, codes: [String])
    case modulus11(item: String)
    case postcode(item: String)
    case pattern(item: String, regex: String)
    case timeZoneOffset(item: String, allowed: [String])

    // Dates and timestamps
    case compare(item: String, comparison: Comparison, operand: Operand)
    case within(item: String, amount: Int, unit: CalendarUnit, direction: Direction, operand: Operand)

    // Conditions
    case implies(condition: Condition, then: RuleExpression)
    /// Fails when the condition holds: a rule stated as the failing condition, such as
    /// "… are both valid codes" (blank values make the condition false, so the rule passes).
    case forbidden(condition: Condition)

    // File level
    case unique(items: [String])
    case fieldCount(count: Int)

    // Tables of a relational data set
    /// The record's link (`items`, the table's link items) is the key of a record of `table`,
    /// its parent: referential integrity. Passes when a link item is blank.
    case existsInTable(items: [String], table: String)
    /// Every record of `table` has at least one record of `child` linked to it.
    case hasLinkedRecords(table: String, child: String)

    // Reference data
    case existsInReference(item: String, dataset: String)
    case activeInReference(item: String, dataset: String, at: String, graceAmount: Int, graceUnit: CalendarUnit)
    case mapsInReference(item: String, to: String, dataset: String)

    /// `value ≤ operand` and friends; the value is the rule's item.
    public enum Direction: String, Hashable, Sendable, Codable {
        case before, after
    }

    /// What a date or timestamp is compared with.
    public enum Operand: Hashable, Sendable, Codable {
        case item(uid: String)
        case date(iso: String)
        case submissionDate
        case submissionMonthStart
        case reportingPeriodStart
        case reportingPeriodEnd
    }

    /// When a conditional rule applies.
    public indirect enum Condition: Hashable, Sendable, Codable {
        case populated(item: String)
        case blank(item: String)
        case equals(item: String, values: [String])
        case startsWith(item: String, prefix: String)
        case not(condition: Condition)
        /// The rule passes on the record, its values present: "Where X is not more than 6
        /// months before …" holds when the interval rule passes (not when it is skipped).
        case satisfies(rule: RuleExpression)
    }

    /// The items the expression reads as dates or timestamps (compared, or the date a code
    /// must be active at), in first-mention order.
    public var temporalItems: [String] {
        switch self {
        case .compare(let item, _, let operand), .within(let item, _, _, _, let operand):
            if case .item(let other) = operand, other != item { return [item, other] }
            return [item]
        case .activeInReference(_, _, let at, _, _):
            return [at]
        case .implies, .forbidden:
            return Self.distinct(nested.flatMap(\.temporalItems))
        default:
            return []
        }
    }

    /// The items the expression reads, in first-mention order.
    public var items: [String] {
        var result: [String] = []
        func add(_ uid: String) { if !result.contains(uid) { result.append(uid) } }
        func visit(_ operand: Operand) { if case .item(let uid) = operand { add(uid) } }
        func visit(_ condition: Condition) {
            switch condition {
            case .populated(let item), .blank(let item), .equals(let item, _), .startsWith(let item, _): add(item)
            case .not(let inner): visit(inner)
            case .satisfies(let rule): rule.items.forEach(add)
            }
        }
        switch self {
        case .populated(let item), .format(let item, _), .length(let item, _, _), .digits(let item, _), .validDate(let item),
             .validTime(let item), .validTimestamp(let item), .inCodeList(let item, _), .oneOf(let item, _), .modulus11(let item),
             .postcode(let item), .pattern(let item, _), .timeZoneOffset(let item, _), .existsInReference(let item, _),
             .lettersAndDigits(let item, _, _):
            add(item)
        case .atLeastOnePopulated(let items), .unique(let items), .existsInTable(let items, _):
            items.forEach(add)
        case .compare(let item, _, let operand), .within(let item, _, _, _, let operand):
            add(item)
            visit(operand)
        case .implies(let condition, let then):
            visit(condition)
            then.items.forEach(add)
        case .forbidden(let condition):
            visit(condition)
        case .fieldCount, .hasLinkedRecords:
            break
        case .activeInReference(let item, _, let at, _, _):
            add(item)
            add(at)
        case .mapsInReference(let item, let to, _):
            add(item)
            add(to)
        }
        return result
    }

    /// The reference data sets the expression consults.
    public var referenceDatasets: [String] {
        switch self {
        case .existsInReference(_, let dataset), .activeInReference(_, let dataset, _, _, _), .mapsInReference(_, _, let dataset):
            return [dataset]
        case .implies, .forbidden:
            return Self.distinct(nested.flatMap(\.referenceDatasets))
        default:
            return []
        }
    }

    private static func distinct<T: Equatable>(_ values: [T]) -> [T] {
        var result: [T] = []
        for value in values where !result.contains(value) { result.append(value) }
        return result
    }

    /// The facts of the submission the expression compares with, in first-mention order.
    public var submissionFacts: [SubmissionFact] {
        func fact(_ operand: Operand) -> [SubmissionFact] {
            switch operand {
            case .submissionDate, .submissionMonthStart: [.submissionDate]
            case .reportingPeriodStart: [.reportingPeriodStart]
            case .reportingPeriodEnd: [.reportingPeriodEnd]
            case .item, .date: []
            }
        }
        switch self {
        case .compare(_, _, let operand), .within(_, _, _, _, let operand): return fact(operand)
        case .implies, .forbidden: return Self.distinct(nested.flatMap(\.submissionFacts))
        default: return []
        }
    }

    /// A fact given with a submission (not in its records) that rules compare with; the raw
    /// value is the runtime's `SubmissionContext` property holding it.
    public enum SubmissionFact: String, Hashable, Sendable {
        case submissionDate, reportingPeriodStart, reportingPeriodEnd
    }

    /// The expressions nested in this one: the rules its condition tests, then what it
    /// applies when the condition holds.
    public var nested: [RuleExpression] {
        switch self {
        case .implies(let condition, let then): condition.rules + [then]
        case .forbidden(let condition): condition.rules
        default: []
        }
    }

    /// True when the rule is checked across the whole file rather than per record.
    public var isFileLevel: Bool {
        switch self {
        case .unique, .fieldCount, .existsInTable, .hasLinkedRecords: true
        default: false
        }
    }
}

extension RuleExpression.Condition {
    /// The rules a condition tests (``satisfies(rule:)``), outermost first.
    public var rules: [RuleExpression] {
        switch self {
        case .satisfies(let rule): [rule]
        case .not(let inner): inner.rules
        case .populated, .blank, .equals, .startsWith: []
        }
    }
}

/// Whether generated code enforces a rule.
public enum Enforcement: Hashable, Sendable, Codable {
    /// Checked by generated code.
    case enforced
    /// Checked by generated code through a reference-data provider.
    case referenceData([String])
    /// Not checked: the rule is not machine-readable, for the reason given.
    case notMachineReadable(reason: String)

    public var isEnforced: Bool {
        switch self {
        case .enforced, .referenceData: true
        case .notMachineReadable: false
        }
    }
}
