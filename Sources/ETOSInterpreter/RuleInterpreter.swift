import ETOSModel
import ETOSRuntime

/// Evaluates a spec's rules straight from the model, with the same runtime checks the
/// generated code calls. Used where no generated module exists (tests of the rule
/// language, tools that load a spec at run time) and to cross-check generated code.
public struct RuleInterpreter: Sendable {
    private let items: [String: DataItem]
    private let codeLists: [String: Set<String>]
    private let patterns: [String: Pattern]

    public init(spec: Spec) {
        items = Dictionary(spec.items.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        codeLists = Dictionary(spec.codeLists.map { ($0.name, Set($0.codes.map(\.code))) }, uniquingKeysWith: { first, _ in first })
        var patterns: [String: Pattern] = [:]
        func collect(_ ast: RuleExpression) {
            switch ast {
            case .pattern(_, let regex): patterns[regex] = Pattern(regex)
            case .implies(_, let then): collect(then)
            default: break
            }
        }
        spec.rules.compactMap(\.ast).forEach(collect)
        self.patterns = patterns
    }

    /// The verdict of `expression` on a record given as UID → submitted text (absent = blank).
    /// File-level expressions (uniqueness, field count) pass here: they need the whole file.
    public func evaluate(_ expression: RuleExpression, _ values: [String: String], context: ValidationContext = ValidationContext()) -> RuleVerdict {
        func value(_ uid: String) -> String { values[uid] ?? "" }
        func kind(_ uid: String) -> RuleChecks.TemporalKind { items[uid]?.format.kind == .timestamp ? .timestamp : .date }
        func unit(_ unit: RuleExpression.CalendarUnit) -> RuleChecks.CalendarUnit {
            switch unit {
            case .days: .days
            case .months: .months
            case .years: .years
            }
        }
        func operand(_ operand: RuleExpression.Operand) -> RuleChecks.Operand {
            switch operand {
            case .item(let uid): .field(TemporalValue(value(uid), kind(uid)))
            case .date(let iso): ISODate(parsing: iso).map { .date($0) } ?? .field(nil)
            case .submissionDate: .submissionDate
            case .submissionMonthStart: .submissionMonthStart
            case .reportingPeriodStart: .reportingPeriodStart
            case .reportingPeriodEnd: .reportingPeriodEnd
            }
        }
        func holds(_ condition: RuleExpression.Condition) -> Bool {
            switch condition {
            case .populated(let uid): RuleChecks.isPopulated(value(uid))
            case .blank(let uid): !RuleChecks.isPopulated(value(uid))
            case .equals(let uid, let values): RuleChecks.equals(value(uid), values)
            case .startsWith(let uid, let prefix): RuleChecks.startsWith(value(uid), prefix)
            case .not(let inner): !holds(inner)
            }
        }
        switch expression {
        case .populated(let uid): return RuleChecks.populated(value(uid))
        case .atLeastOnePopulated(let uids): return RuleChecks.atLeastOnePopulated(uids.map(value))
        case .format(let uid, let format):
            let shape: ItemCheck.Shape = switch format.kind {
            case .alphanumeric: .alphanumeric
            case .numeric: .numeric
            case .date: .date
            case .time: .time
            case .timestamp: .timestamp
            }
            return RuleChecks.format(value(uid), shape: shape, min: format.minLength, max: format.maxLength)
        case .length(let uid, let min, let max): return RuleChecks.length(value(uid), min: min, max: max)
        case .digits(let uid, let count): return RuleChecks.digits(value(uid), count: count)
        case .validDate(let uid): return RuleChecks.validDate(value(uid))
        case .validTime(let uid): return RuleChecks.validTime(value(uid))
        case .validTimestamp(let uid): return RuleChecks.validTimestamp(value(uid))
        case .inCodeList(let uid, let list): return RuleChecks.oneOf(value(uid), codeLists[list] ?? [])
        case .oneOf(let uid, let codes): return RuleChecks.oneOf(value(uid), Set(codes))
        case .modulus11(let uid): return RuleChecks.modulus11(value(uid))
        case .postcode(let uid): return RuleChecks.postcode(value(uid))
        case .pattern(let uid, let regex): return RuleChecks.matches(value(uid), patterns[regex] ?? Pattern(regex))
        case .timeZoneOffset(let uid, let allowed): return RuleChecks.timeZoneOffset(value(uid), allowed: allowed)
        case .compare(let uid, let comparison, let op):
            let mapped: RuleChecks.Comparison = switch comparison {
            case .before: .before
            case .onOrBefore: .onOrBefore
            case .after: .after
            case .onOrAfter: .onOrAfter
            }
            return RuleChecks.compare(TemporalValue(value(uid), kind(uid)), mapped, operand(op), context)
        case .within(let uid, let amount, let calendarUnit, let direction, let op):
            return RuleChecks.within(TemporalValue(value(uid), kind(uid)), amount, unit(calendarUnit), after: direction == .after, operand(op), context)
        case .implies(let condition, let then):
            return holds(condition) ? evaluate(then, values, context: context) : .pass
        case .unique, .fieldCount:
            return .pass
        case .existsInReference(let uid, let dataset):
            return RuleChecks.exists(value(uid), in: dataset, context)
        case .activeInReference(let uid, let dataset, let at, let amount, let graceUnit):
            return RuleChecks.active(value(uid), in: dataset, at: TemporalValue(value(at), kind(at)), grace: amount, unit(graceUnit), context)
        case .mapsInReference(let uid, let to, let dataset):
            return RuleChecks.maps(value(uid), to: value(to), in: dataset, context)
        }
    }
}
