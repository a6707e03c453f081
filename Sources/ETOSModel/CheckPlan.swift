/// Which rule states each item-level check, and which rules remain to be generated.
///
/// A rule that restates what an item's Format, Mandation or National Codes imply (for
/// example "Must be a valid date" on a date item) gives that check its code, level and
/// message instead of a derived `ETOS-…` code, and is not generated twice. A length rule
/// on a text item ("Must be between 5 and 12 characters") restates the length check with
/// its own bounds.
public struct CheckPlan: Sendable {
    /// The checks of one item.
    public struct ItemPlan: Sendable {
        public var minLength: Int
        public var maxLength: Int
        /// Reported when the item is blank, or nil when a blank is allowed.
        public var missing: Stated?
        public var format: Stated
        public var code: Stated?
        /// Whether the format check admits only ASCII letters and digits (a rule stated it).
        public var lettersAndDigitsOnly = false
    }

    /// A finding kind and the rule that states it (nil for a derived check).
    public struct Stated: Sendable, Hashable {
        public var code: String
        public var level: FindingLevel
        public var message: String
        public var rule: String?
    }

    public let items: [String: ItemPlan]
    /// Rule codes carried by item checks.
    public let absorbed: Set<String>

    /// Rules checked record by record that no item check carries, in sheet order.
    public static func recordRules(of spec: Spec, plan: CheckPlan) -> [Rule] {
        spec.rules.filter { rule in
            guard rule.enforcement.isEnforced, let ast = rule.ast else { return false }
            return !ast.isFileLevel && !plan.absorbed.contains(rule.code)
        }
    }

    public init(spec: Spec) {
        let index = SpecIndex(spec)
        var plans: [String: ItemPlan] = [:]
        let rejection = spec.dataSet.rejectionLevel ?? .recordRejection
        for item in spec.items {
            let missing: Stated? = item.mandation == .mandatory
                ? Stated(code: "ETOS-MAN-\(item.uid)", level: rejection, message: "\(item.name) is mandatory and missing.", rule: nil)
                : nil
            let format = Stated(code: "ETOS-FMT-\(item.uid)", level: rejection, message: "\(item.name) must be \(item.format.inWords); its format is \(item.format.text).", rule: nil)
            let code = item.codeList.map { Stated(code: "ETOS-CODE-\(item.uid)", level: rejection, message: "\(item.name) must be one of the national codes of \($0).", rule: nil) }
            plans[item.uid] = ItemPlan(minLength: item.format.minLength, maxLength: item.format.maxLength, missing: missing, format: format, code: code)
        }
        var absorbed: Set<String> = []
        for rule in spec.rules {
            guard let ast = rule.ast, rule.enforcement.isEnforced, let (uid, check) = Self.restatedCheck(ast, index: index), var plan = plans[uid] else { continue }
            let stated = Stated(code: rule.code, level: rule.level, message: rule.message ?? rule.text, rule: rule.code)
            switch check {
            case .missing where plan.missing?.rule == nil:
                plan.missing = stated
            case .format(let bounds, let lettersAndDigits) where plan.format.rule == nil:
                plan.format = stated
                if let bounds { (plan.minLength, plan.maxLength) = bounds }
                plan.lettersAndDigitsOnly = lettersAndDigits
            case .code where plan.code?.rule == nil:
                plan.code = stated
            default:
                continue
            }
            plans[uid] = plan
            absorbed.insert(rule.code)
        }
        // A value of a coded item that does not fit its format is not one of its codes either:
        // when a rule states the code check and none states the format, it reports both.
        for (uid, plan) in plans {
            if let code = plan.code, code.rule != nil, plan.format.rule == nil { plans[uid]?.format = code }
        }
        self.items = plans
        self.absorbed = absorbed
    }

    private enum Check {
        case missing
        case format(bounds: (Int, Int)?, lettersAndDigits: Bool = false)
        case code
    }

    private static func restatedCheck(_ ast: RuleExpression, index: SpecIndex) -> (String, Check)? {
        func item(_ uid: String) -> DataItem? { index.item(uid: uid) }
        switch ast {
        case .populated(let uid):
            return (uid, .missing)
        case .format(let uid, let format):
            guard let current = item(uid)?.format, current.kind == format.kind, current.minLength == format.minLength, current.maxLength == format.maxLength else { return nil }
            return (uid, .format(bounds: nil))
        case .validDate(let uid) where item(uid)?.format.kind == .date,
             .validTime(let uid) where item(uid)?.format.kind == .time,
             .validTimestamp(let uid) where item(uid)?.format.kind == .timestamp:
            return (uid, .format(bounds: nil))
        case .digits(let uid, let count):
            guard let format = item(uid)?.format, format.kind == .numeric, format.minLength == count, format.maxLength == count else { return nil }
            return (uid, .format(bounds: nil))
        case .length(let uid, let min, let max) where item(uid)?.format.kind == .alphanumeric:
            return (uid, .format(bounds: (min, max)))
        case .lettersAndDigits(let uid, let min, let max) where item(uid)?.format.kind == .alphanumeric:
            return (uid, .format(bounds: (min, max), lettersAndDigits: true))
        case .inCodeList(let uid, let list) where item(uid)?.codeList == list:
            return (uid, .code)
        default:
            return nil
        }
    }
}
