import ETOSModel

/// Renders a lowered rule (``Check``) as the Swift body of its generated function: calls of
/// the runtime's `RuleChecks` on the record's fields (`r`), the values rules compare (`t`) and
/// the validation context (`c`).
struct SwiftRuleRenderer {
    let plan: SwiftPlan
    /// The lists rules compare with, declared once each in `Rules`.
    let lists: RuleListConstants

    init(plan: SwiftPlan) {
        self.plan = plan
        self.lists = RuleListConstants(rules: plan.recordRules.map { ($0.name, $0.check) })
    }

    private static let checks = SwiftNames.runtime("RuleChecks")

    /// The body of a rule function: Swift statements returning a `RuleVerdict`.
    func body(_ check: Check, _ code: String) -> [String] {
        if case .when(let condition, let then) = check {
            return ["guard \(self.condition(condition, code)) else { return .pass }"] + body(then, code)
        }
        return ["return " + expression(check, code)]
    }

    /// The timestamp fields whose offset the check tests (read once, as their value).
    static func offsetFields(_ check: Check) -> [Check.TemporalField] {
        switch check {
        case .timeZoneOffset(let field, _) where field.kind == .timestamp: [Check.TemporalField(field)]
        default: check.nested.flatMap(offsetFields)
        }
    }

    /// The regular expression a check matches against, if it has one.
    static func pattern(in check: Check) -> String? {
        switch check {
        case .pattern(_, let regex): regex
        default: check.nested.lazy.compactMap(pattern(in:)).first
        }
    }

    /// The fixed dates a check compares with.
    static func dates(in check: Check) -> [String] {
        switch check {
        case .compare(_, _, .date(let iso)), .within(_, _, _, _, .date(let iso)): [iso]
        default: check.nested.flatMap(dates(in:))
        }
    }

    /// The name of the `Rules` constant holding a date a rule compares with (read once, not per record).
    static func dateConstant(_ iso: String) -> String {
        "date" + iso.filter(\.isNumber)
    }

    private func field(_ field: Check.Field) -> String { "r.\(plan.property(field.uid))" }

    /// A field's value as rules compare it, read once per record (`RuleOperands`).
    private func temporal(_ field: Check.TemporalField) -> String { "t.\(plan.property(field.field.uid))" }

    private func operand(_ operand: Check.Operand) -> String {
        switch operand {
        case .field(let field): ".field(\(temporal(field)))"
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

    private func condition(_ condition: Check.Condition, _ code: String) -> String {
        let checks = Self.checks
        return switch condition {
        case .populated(let f): "\(checks).isPopulated(\(field(f)))"
        case .blank(let f): "!\(checks).isPopulated(\(field(f)))"
        case .equals(let f, let values): "\(checks).equals(\(field(f)), \(lists.name(.values, values)))"
        case .startsWith(let f, let prefix): "\(checks).startsWith(\(field(f)), \(SwiftNames.literal(prefix)))"
        case .not(let inner): "!(\(self.condition(inner, code)))"
        case .satisfies(let check): "(\(expression(check, code)) == .pass)"
        }
    }

    /// A Swift expression evaluating to the check's verdict.
    private func expression(_ check: Check, _ code: String) -> String {
        let checks = Self.checks
        switch check {
        case .populated(let f): return "\(checks).populated(\(field(f)))"
        case .anyPopulated(let fields):
            // Tested one by one: an array of the fields would be allocated for every record.
            return "(" + fields.map { "\(checks).isPopulated(\(field($0)))" }.joined(separator: " || ") + " ? .pass : .fail)"
        case .format(let f, let format):
            let fraction = format.fraction.map { ", fraction: \($0.min)...\($0.max)" } ?? ""
            return "\(checks).format(\(field(f)), shape: \(kind(format.kind)), min: \(format.minLength), max: \(format.maxLength)\(fraction))"
        case .length(let f, let min, let max): return "\(checks).length(\(field(f)), min: \(min), max: \(max))"
        case .lettersAndDigits(let f, let min, let max): return "\(checks).lettersAndDigits(\(field(f)), min: \(min), max: \(max))"
        case .digits(let f, let count): return "\(checks).digits(\(field(f)), count: \(count))"
        case .validDate(let f): return "\(checks).validDate(\(field(f)))"
        case .validTime(let f): return "\(checks).validTime(\(field(f)))"
        case .validTimestamp(let f): return "\(checks).validTimestamp(\(field(f)))"
        case .oneOf(let f, _, let list?):
            guard let type = plan.codeLists.first(where: { $0.list.name == list })?.typeName else {
                preconditionFailure("rule \(code) names code list \(list), which lowering resolved")
            }
            return "\(checks).inCodeList(\(field(f)), \(type).self)"
        case .oneOf(let f, let codes, nil): return "\(checks).oneOf(\(field(f)), \(lists.name(.codes, codes)))"
        case .modulus11(let f): return "\(checks).modulus11(\(field(f)))"
        case .postcode(let f): return "\(checks).postcode(\(field(f)))"
        case .pattern(let f, _): return "\(checks).matches(\(field(f)), \(plan.ruleName(code))Pattern)"
        case .timeZoneOffset(let f, let allowed):
            let read = f.kind == .timestamp ? "\(temporal(Check.TemporalField(f))), " : ""
            return "\(checks).timeZoneOffset(\(field(f)), \(read)allowed: \(lists.name(.offsets, allowed)))"
        case .compare(let value, let comparison, let other):
            return "\(checks).compare(\(temporal(value)), \(self.comparison(comparison)), \(operand(other)), c)"
        case .within(let value, let amount, let unit, let after, let other):
            return "\(checks).within(\(temporal(value)), \(amount), \(self.unit(unit)), after: \(after), \(operand(other)), c)"
        case .when(let condition, let then):
            return "(\(self.condition(condition, code)) ? \(expression(then, code)) : .pass)"
        case .forbidden(let condition):
            return "(\(self.condition(condition, code)) ? .fail : .pass)"
        case .exists(let f, let dataset):
            return "\(checks).exists(\(field(f)), in: \(SwiftNames.literal(dataset)), c)"
        case .active(let f, let dataset, let at, let amount, let unit):
            return "\(checks).active(\(field(f)), in: \(SwiftNames.literal(dataset)), at: \(temporal(at)), grace: \(amount), \(self.unit(unit)), c)"
        case .maps(let from, let to, let dataset):
            return "\(checks).maps(\(field(from)), to: \(field(to)), in: \(SwiftNames.literal(dataset)), c)"
        }
    }
}
