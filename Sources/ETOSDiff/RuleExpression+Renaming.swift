import ETOSModel

extension RuleExpression {
    /// The expression with item UIDs replaced through `map` and code-list names through
    /// `lists` (others are kept): how an old rule reads in the new spec's terms.
    func renamingItems(_ map: [String: String], lists: [String: String] = [:]) -> RuleExpression {
        func r(_ uid: String) -> String { map[uid] ?? uid }
        func operand(_ operand: Operand) -> Operand {
            if case .item(let uid) = operand { return .item(uid: r(uid)) }
            return operand
        }
        func renamed(_ condition: Condition) -> Condition {
            switch condition {
            case .populated(let item): .populated(item: r(item))
            case .blank(let item): .blank(item: r(item))
            case .equals(let item, let values): .equals(item: r(item), values: values)
            case .startsWith(let item, let prefix): .startsWith(item: r(item), prefix: prefix)
            case .not(let inner): .not(condition: renamed(inner))
            case .satisfies(let rule): .satisfies(rule: rule.renamingItems(map, lists: lists))
            }
        }
        switch self {
        case .populated(let item): return .populated(item: r(item))
        case .atLeastOnePopulated(let items): return .atLeastOnePopulated(items: items.map(r))
        case .format(let item, let format): return .format(item: r(item), format: format)
        case .length(let item, let min, let max): return .length(item: r(item), min: min, max: max)
        case .lettersAndDigits(let item, let min, let max): return .lettersAndDigits(item: r(item), min: min, max: max)
        case .digits(let item, let count): return .digits(item: r(item), count: count)
        case .validDate(let item): return .validDate(item: r(item))
        case .validTime(let item): return .validTime(item: r(item))
        case .validTimestamp(let item): return .validTimestamp(item: r(item))
        case .inCodeList(let item, let list): return .inCodeList(item: r(item), list: lists[list] ?? list)
        case .oneOf(let item, let codes): return .oneOf(item: r(item), codes: codes)
        case .modulus11(let item): return .modulus11(item: r(item))
        case .postcode(let item): return .postcode(item: r(item))
        case .pattern(let item, let regex): return .pattern(item: r(item), regex: regex)
        case .timeZoneOffset(let item, let allowed): return .timeZoneOffset(item: r(item), allowed: allowed)
        case .compare(let item, let comparison, let other): return .compare(item: r(item), comparison: comparison, operand: operand(other))
        case .within(let item, let amount, let unit, let direction, let other):
            return .within(item: r(item), amount: amount, unit: unit, direction: direction, operand: operand(other))
        case .implies(let when, let then): return .implies(condition: renamed(when), then: then.renamingItems(map, lists: lists))
        case .forbidden(let when): return .forbidden(condition: renamed(when))
        case .unique(let items): return .unique(items: items.map(r))
        case .fieldCount, .hasLinkedRecords: return self
        case .existsInTable(let items, let table): return .existsInTable(items: items.map(r), table: table)
        case .existsInReference(let item, let dataset): return .existsInReference(item: r(item), dataset: dataset)
        case .activeInReference(let item, let dataset, let at, let amount, let unit):
            return .activeInReference(item: r(item), dataset: dataset, at: r(at), graceAmount: amount, graceUnit: unit)
        case .mapsInReference(let item, let to, let dataset): return .mapsInReference(item: r(item), to: r(to), dataset: dataset)
        }
    }
}
