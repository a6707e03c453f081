/// A rule lowered to the runtime's primitives: what every back end (generated Swift, the
/// interpreter, SQL, the sampler) renders, with each item resolved to its field position and
/// kind, and each code list to its codes. Built once per spec by ``CheckPlan``.
public indirect enum Check: Hashable, Sendable {
    // Presence
    case populated(Field)
    case anyPopulated([Field])

    // Shape of one value
    case format(Field, Format)
    case length(Field, min: Int, max: Int)
    /// From `min` to `max` ASCII letters or digits.
    case lettersAndDigits(Field, min: Int, max: Int)
    case digits(Field, count: Int)
    case validDate(Field)
    case validTime(Field)
    case validTimestamp(Field)
    /// One of `codes`; `list` names the spec's code list they come from, when they do.
    case oneOf(Field, codes: [String], list: String?)
    case modulus11(Field)
    case postcode(Field)
    case pattern(Field, regex: String)
    /// A valid timestamp's offset is one of `allowed` (a timestamp item's value is read once
    /// for every check of it).
    case timeZoneOffset(Field, allowed: [String])

    // Dates and timestamps
    case compare(TemporalField, Comparison, Operand)
    /// Not more than `amount` `unit`s after (or before) the operand.
    case within(TemporalField, amount: Int, unit: CalendarUnit, after: Bool, Operand)

    // Reference data
    case exists(Field, dataset: String)
    /// Active in `dataset` at the date of `at`, or within the grace period after the code's end.
    case active(Field, dataset: String, at: TemporalField, grace: Int, unit: CalendarUnit)
    case maps(Field, to: Field, dataset: String)

    // Conditions
    /// `then` applies when `condition` holds; the rule passes otherwise.
    case when(Condition, then: Check)
    /// Fails when `condition` holds.
    case forbidden(Condition)

    /// One field of a record.
    public struct Field: Hashable, Sendable {
        /// The item's UID.
        public let uid: String
        /// The field's 0-based position in a record.
        public let index: Int
        /// What the item's format admits.
        public let kind: ValueKind

        public init(uid: String, index: Int, kind: ValueKind) {
            self.uid = uid
            self.index = index
            self.kind = kind
        }
    }

    /// A field read as a date or as a timestamp (its kind decides).
    public struct TemporalField: Hashable, Sendable {
        public let field: Field

        public init(_ field: Field) { self.field = field }

        /// Whether the value is read as a timestamp (else as a date).
        public var isTimestamp: Bool { field.kind == .timestamp }
    }

    /// What a date or timestamp is compared with.
    public enum Operand: Hashable, Sendable {
        case field(TemporalField)
        /// A fixed date, `CCYY-MM-DD`.
        case date(String)
        case submissionDate
        case submissionMonthStart
        case reportingPeriodStart
        case reportingPeriodEnd
    }

    /// When a conditional check applies.
    public indirect enum Condition: Hashable, Sendable {
        case populated(Field)
        case blank(Field)
        case equals(Field, values: [String])
        case startsWith(Field, prefix: String)
        case not(Condition)
        /// The check passes on the record (not merely skipped).
        case satisfies(Check)

        /// The checks the condition tests, outermost first.
        public var checks: [Check] {
            switch self {
            case .satisfies(let check): [check]
            case .not(let inner): inner.checks
            case .populated, .blank, .equals, .startsWith: []
            }
        }
    }

    /// The checks nested in this one: those its condition tests, then what it applies.
    public var nested: [Check] {
        switch self {
        case .when(let condition, let then): condition.checks + [then]
        case .forbidden(let condition): condition.checks
        default: []
        }
    }

    /// The fields the check reads, in first-mention order.
    public var fields: [Field] {
        var result: [Field] = []
        func add(_ field: Field) { if !result.contains(field) { result.append(field) } }
        func visit(_ condition: Condition) {
            switch condition {
            case .populated(let field), .blank(let field), .equals(let field, _), .startsWith(let field, _): add(field)
            case .not(let inner): visit(inner)
            case .satisfies(let check): check.fields.forEach(add)
            }
        }
        switch self {
        case .populated(let field), .format(let field, _), .length(let field, _, _), .lettersAndDigits(let field, _, _),
             .digits(let field, _), .validDate(let field), .validTime(let field), .validTimestamp(let field), .oneOf(let field, _, _),
             .modulus11(let field), .postcode(let field), .pattern(let field, _), .timeZoneOffset(let field, _), .exists(let field, _):
            add(field)
        case .anyPopulated(let fields):
            fields.forEach(add)
        case .compare(let value, _, let operand), .within(let value, _, _, _, let operand):
            add(value.field)
            if case .field(let other) = operand { add(other.field) }
        case .active(let field, _, let at, _, _):
            add(field)
            add(at.field)
        case .maps(let from, let to, _):
            add(from)
            add(to)
        case .when(let condition, let then):
            visit(condition)
            then.fields.forEach(add)
        case .forbidden(let condition):
            visit(condition)
        }
        return result
    }

    /// The fields the check reads as dates or timestamps, in first-mention order.
    public var temporalFields: [TemporalField] {
        var result: [TemporalField] = []
        func add(_ field: TemporalField) { if !result.contains(field) { result.append(field) } }
        switch self {
        case .compare(let field, _, let operand), .within(let field, _, _, _, let operand):
            add(field)
            if case .field(let other) = operand { add(other) }
        case .active(_, _, let at, _, _):
            add(at)
        default:
            break
        }
        for check in nested { check.temporalFields.forEach(add) }
        return result
    }
}

extension Check {
    /// Lowers `expression` against the spec `index` describes: nil when it names an item or
    /// code list the spec lacks, or is a file-level rule (``CheckPlan`` lowers those itself).
    public static func lowering(_ expression: RuleExpression, in index: SpecIndex) -> Check? {
        func field(_ uid: String) -> Field? {
            index.item(uid: uid).map { Field(uid: uid, index: $0.position - 1, kind: $0.format.kind) }
        }
        func temporal(_ uid: String) -> TemporalField? { field(uid).map(TemporalField.init) }
        func operand(_ operand: RuleExpression.Operand) -> Operand? {
            switch operand {
            case .item(let uid): temporal(uid).map(Operand.field)
            case .date(let iso): .date(iso)
            case .submissionDate: .submissionDate
            case .submissionMonthStart: .submissionMonthStart
            case .reportingPeriodStart: .reportingPeriodStart
            case .reportingPeriodEnd: .reportingPeriodEnd
            }
        }
        func condition(_ given: RuleExpression.Condition) -> Condition? {
            switch given {
            case .populated(let uid):
                guard let field = field(uid) else { return nil }
                return .populated(field)
            case .blank(let uid):
                guard let field = field(uid) else { return nil }
                return .blank(field)
            case .equals(let uid, let values):
                guard let field = field(uid) else { return nil }
                return .equals(field, values: values)
            case .startsWith(let uid, let prefix):
                guard let field = field(uid) else { return nil }
                return .startsWith(field, prefix: prefix)
            case .not(let inner):
                guard let inner = condition(inner) else { return nil }
                return .not(inner)
            case .satisfies(let rule):
                guard let check = lowering(rule, in: index) else { return nil }
                return .satisfies(check)
            }
        }
        switch expression {
        case .populated(let uid): return field(uid).map(Check.populated)
        case .atLeastOnePopulated(let uids):
            let fields = uids.compactMap(field)
            return fields.count == uids.count ? .anyPopulated(fields) : nil
        case .format(let uid, let format): return field(uid).map { .format($0, format) }
        case .length(let uid, let min, let max): return field(uid).map { .length($0, min: min, max: max) }
        case .lettersAndDigits(let uid, let min, let max): return field(uid).map { .lettersAndDigits($0, min: min, max: max) }
        case .digits(let uid, let count): return field(uid).map { .digits($0, count: count) }
        case .validDate(let uid): return field(uid).map(Check.validDate)
        case .validTime(let uid): return field(uid).map(Check.validTime)
        case .validTimestamp(let uid): return field(uid).map(Check.validTimestamp)
        case .inCodeList(let uid, let list):
            guard let field = field(uid), let codes = index.codeList(named: list)?.codes.map(\.code) else { return nil }
            return .oneOf(field, codes: codes, list: list)
        case .oneOf(let uid, let codes): return field(uid).map { .oneOf($0, codes: codes, list: nil) }
        case .modulus11(let uid): return field(uid).map(Check.modulus11)
        case .postcode(let uid): return field(uid).map(Check.postcode)
        case .pattern(let uid, let regex): return field(uid).map { .pattern($0, regex: regex) }
        case .timeZoneOffset(let uid, let allowed): return field(uid).map { .timeZoneOffset($0, allowed: allowed) }
        case .compare(let uid, let comparison, let other):
            guard let value = temporal(uid), let other = operand(other) else { return nil }
            return .compare(value, comparison, other)
        case .within(let uid, let amount, let unit, let direction, let other):
            guard let value = temporal(uid), let other = operand(other) else { return nil }
            return .within(value, amount: amount, unit: unit, after: direction == .after, other)
        case .existsInReference(let uid, let dataset): return field(uid).map { .exists($0, dataset: dataset) }
        case .activeInReference(let uid, let dataset, let at, let amount, let unit):
            guard let value = field(uid), let date = temporal(at) else { return nil }
            return .active(value, dataset: dataset, at: date, grace: amount, unit: unit)
        case .mapsInReference(let uid, let to, let dataset):
            guard let from = field(uid), let to = field(to) else { return nil }
            return .maps(from, to: to, dataset: dataset)
        case .implies(let given, let then):
            guard let given = condition(given), let then = lowering(then, in: index) else { return nil }
            return .when(given, then: then)
        case .forbidden(let given): return condition(given).map(Check.forbidden)
        case .unique, .fieldCount, .existsInTable, .hasLinkedRecords: return nil
        }
    }
}
