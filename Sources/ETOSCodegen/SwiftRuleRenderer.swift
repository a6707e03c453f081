import ETOSModel

/// Renders a rule's expression as the Swift body of its generated function: calls of the
/// runtime's `RuleChecks` on the record's fields (`r`), the values rules compare (`t`) and the
/// validation context (`c`).
struct SwiftRuleRenderer {
    let plan: SwiftPlan
    /// The lists rules compare with, declared once each in `Rules`.
    let lists: RuleListConstants

    init(plan: SwiftPlan) {
        self.plan = plan
        self.lists = RuleListConstants(rules: plan.recordRules.map { ($0.name, $0.ast) })
    }

    private static let checks = SwiftNames.runtime("RuleChecks")

    /// The body of a rule function: Swift statements returning a `RuleVerdict`.
    func body(_ ast: RuleExpression, _ code: String) -> [String] {
        if case .implies(let condition, let then) = ast {
            return ["guard \(self.condition(condition, code)) else { return .pass }"] + body(then, code)
        }
        return ["return " + check(ast, code)]
    }

    /// How rules read an item: as a date or as a timestamp.
    enum Temporal {
        case date, timestamp

        /// The runtime's `TemporalKind` case.
        var swift: String { self == .date ? ".date" : ".timestamp" }
    }

    /// How rules read an item that they compare.
    func temporalKind(_ uid: String) -> Temporal {
        plan.index.item(uid: uid)?.format.kind == .timestamp ? .timestamp : .date
    }

    /// The timestamp items whose offset the rule checks.
    func offsetItems(_ ast: RuleExpression) -> [String] {
        switch ast {
        case .timeZoneOffset(let uid, _) where temporalKind(uid) == .timestamp: [uid]
        default: ast.nested.flatMap(offsetItems)
        }
    }

    /// The regular expression a rule matches against, if it has one.
    static func pattern(in ast: RuleExpression) -> String? {
        switch ast {
        case .pattern(_, let regex): regex
        default: ast.nested.lazy.compactMap(pattern(in:)).first
        }
    }

    /// The name of the `Rules` constant holding a date a rule compares with (read once, not per record).
    static func dateConstant(_ iso: String) -> String {
        "date" + iso.filter(\.isNumber)
    }

    private func field(_ uid: String) -> String { "r.\(plan.property(uid))" }

    /// An item's value as rules compare it, read once per record (`RuleOperands`).
    private func temporal(_ uid: String) -> String { "t.\(plan.property(uid))" }

    private func operand(_ operand: RuleExpression.Operand) -> String {
        switch operand {
        case .item(let uid): ".field(\(temporal(uid)))"
        case .date(let iso): ".date(\(Self.dateConstant(iso)))"
        case .submissionDate: ".submissionDate"
        case .submissionMonthStart: ".submissionMonthStart"
        case .reportingPeriodStart: ".reportingPeriodStart"
        case .reportingPeriodEnd: ".reportingPeriodEnd"
        }
    }

    private func unit(_ unit: CalendarUnit) -> String {
        switch unit {
        case .days: ".days"
        case .months: ".months"
        case .years: ".years"
        }
    }

    private func comparison(_ comparison: Comparison) -> String {
        switch comparison {
        case .before: ".before"
        case .onOrBefore: ".onOrBefore"
        case .after: ".after"
        case .onOrAfter: ".onOrAfter"
        }
    }

    private func kind(_ kind: ValueKind) -> String {
        switch kind {
        case .alphanumeric: ".alphanumeric"
        case .numeric: ".numeric"
        case .date: ".date"
        case .time: ".time"
        case .timestamp: ".timestamp"
        case .decimal: ".decimal"
        }
    }

    private func condition(_ condition: RuleExpression.Condition, _ code: String) -> String {
        let checks = Self.checks
        return switch condition {
        case .populated(let uid): "\(checks).isPopulated(\(field(uid)))"
        case .blank(let uid): "!\(checks).isPopulated(\(field(uid)))"
        case .equals(let uid, let values): "\(checks).equals(\(field(uid)), \(lists.name(.values, values)))"
        case .startsWith(let uid, let prefix): "\(checks).startsWith(\(field(uid)), \(SwiftNames.literal(prefix)))"
        case .not(let inner): "!(\(self.condition(inner, code)))"
        case .satisfies(let rule): "(\(check(rule, code)) == .pass)"
        }
    }

    /// A Swift expression evaluating to the rule's verdict.
    private func check(_ ast: RuleExpression, _ code: String) -> String {
        let checks = Self.checks
        switch ast {
        case .populated(let uid): return "\(checks).populated(\(field(uid)))"
        case .atLeastOnePopulated(let uids):
            // Tested one by one: an array of the fields would be allocated for every record.
            return "(" + uids.map { "\(checks).isPopulated(\(field($0)))" }.joined(separator: " || ") + " ? .pass : .fail)"
        case .format(let uid, let format):
            let fraction = format.fraction.map { ", fraction: \($0.min)...\($0.max)" } ?? ""
            return "\(checks).format(\(field(uid)), shape: \(kind(format.kind)), min: \(format.minLength), max: \(format.maxLength)\(fraction))"
        case .length(let uid, let min, let max): return "\(checks).length(\(field(uid)), min: \(min), max: \(max))"
        case .lettersAndDigits(let uid, let min, let max): return "\(checks).lettersAndDigits(\(field(uid)), min: \(min), max: \(max))"
        case .digits(let uid, let count): return "\(checks).digits(\(field(uid)), count: \(count))"
        case .validDate(let uid): return "\(checks).validDate(\(field(uid)))"
        case .validTime(let uid): return "\(checks).validTime(\(field(uid)))"
        case .validTimestamp(let uid): return "\(checks).validTimestamp(\(field(uid)))"
        case .inCodeList(let uid, let list):
            guard let type = plan.codeLists.first(where: { $0.list.name == list })?.typeName else {
                preconditionFailure("rule \(code) names code list \(list), which the frontend resolves")
            }
            return "\(checks).inCodeList(\(field(uid)), \(type).self)"
        case .oneOf(let uid, let codes): return "\(checks).oneOf(\(field(uid)), \(lists.name(.codes, codes)))"
        case .modulus11(let uid): return "\(checks).modulus11(\(field(uid)))"
        case .postcode(let uid): return "\(checks).postcode(\(field(uid)))"
        case .pattern(let uid, _): return "\(checks).matches(\(field(uid)), \(plan.ruleName(code))Pattern)"
        case .timeZoneOffset(let uid, let allowed):
            let read = offsetItems(ast).isEmpty ? "" : "\(temporal(uid)), "
            return "\(checks).timeZoneOffset(\(field(uid)), \(read)allowed: \(lists.name(.offsets, allowed)))"
        case .compare(let uid, let comparison, let op):
            return "\(checks).compare(\(temporal(uid)), \(self.comparison(comparison)), \(operand(op)), c)"
        case .within(let uid, let amount, let unit, let direction, let op):
            return "\(checks).within(\(temporal(uid)), \(amount), \(self.unit(unit)), after: \(direction == .after), \(operand(op)), c)"
        case .implies(let condition, let then):
            return "(\(self.condition(condition, code)) ? \(check(then, code)) : .pass)"
        case .forbidden(let condition):
            return "(\(self.condition(condition, code)) ? .fail : .pass)"
        case .existsInReference(let uid, let dataset):
            return "\(checks).exists(\(field(uid)), in: \(SwiftNames.literal(dataset)), c)"
        case .activeInReference(let uid, let dataset, let at, let amount, let unit):
            return "\(checks).active(\(field(uid)), in: \(SwiftNames.literal(dataset)), at: \(temporal(at)), grace: \(amount), \(self.unit(unit)), c)"
        case .mapsInReference(let uid, let to, let dataset):
            return "\(checks).maps(\(field(uid)), to: \(field(to)), in: \(SwiftNames.literal(dataset)), c)"
        case .unique, .fieldCount:
            preconditionFailure("rule \(code) is file-level: the submission validator checks it, not a record rule")
        }
    }
}
