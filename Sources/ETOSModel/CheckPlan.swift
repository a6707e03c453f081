/// A spec's checks, worked out once for every back end: each item's checks (and which rule
/// states each), each remaining record rule lowered to a ``Check``, the file-level rules with
/// their fields, and the rules no back end can check.
///
/// A rule that restates what an item's Format, Mandation or National Codes imply (for
/// example "Must be a valid date" on a date item) gives that check its code, level and
/// message instead of a derived `ETOS-…` code, and is not generated twice. A length rule
/// on a text item ("Must be between 5 and 12 characters") restates the length check with
/// its own bounds.
public struct CheckPlan: Sendable {
    /// A record rule no item check carries, lowered.
    public struct RecordRule: Sendable {
        /// The validation row.
        public let rule: Rule
        /// What the rule checks.
        public let check: Check
        /// The fields a finding of the rule names (with their values), in first-mention order.
        public var fields: [Check.Field] { check.fields }
        /// Reference data sets the rule consults: it runs only when all are loaded.
        public let referenceDatasets: [String]
        /// Submission facts the rule compares with: it runs only when all are given.
        public let submissionFacts: [RuleExpression.SubmissionFact]

        /// The finding the rule reports.
        public let stated: Stated
    }

    /// A rule checked across the file, with the fields it reads.
    public enum FileRule: Sendable {
        /// Every record has `count` fields.
        case fieldCount(Rule, count: Int)
        /// No two records share a value of the `key` fields (records with a blank part are not compared).
        case unique(Rule, key: [Check.Field])

        /// The validation row.
        public var rule: Rule {
            switch self {
            case .fieldCount(let rule, _), .unique(let rule, _): rule
            }
        }
    }

    /// Record rules no item check carries, in sheet order.
    public let records: [RecordRule]
    /// Every enforced record rule lowered, those item checks carry included, in sheet order
    /// (what a sampler breaks one by one).
    public let everyRecordRule: [RecordRule]
    /// File-level rules, in sheet order.
    public let fileRules: [FileRule]
    /// A rule the spec states that no back end checks, and why.
    public struct Unenforced: Sendable {
        public let rule: Rule
        public let reason: String
    }

    /// Rules the spec states that no back end checks, with the reason, in sheet order.
    public let unenforced: [Unenforced]
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
            let stated = Stated(code: rule.code, level: rule.level, message: spec.findingMessage(for: rule), rule: rule.code)
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

        var records: [RecordRule] = []
        var every: [RecordRule] = []
        var fileRules: [FileRule] = []
        var unenforced: [Unenforced] = []
        func field(_ uid: String) -> Check.Field? {
            index.item(uid: uid).map { Check.Field(uid: uid, index: $0.position - 1, kind: $0.format.kind) }
        }
        for rule in spec.rules {
            guard let ast = rule.ast, rule.enforcement.isEnforced else {
                if case .notMachineReadable(let reason) = rule.enforcement { unenforced.append(Unenforced(rule: rule, reason: reason)) }
                continue
            }
            switch ast {
            case .fieldCount(let count):
                fileRules.append(.fieldCount(rule, count: count))
            case .unique(let uids):
                let key = uids.compactMap(field)
                if key.count == uids.count { fileRules.append(.unique(rule, key: key)) } else { unenforced.append(Unenforced(rule: rule, reason: "its key names an item the spec lacks")) }
            default:
                guard let check = Check.lowering(ast, in: index) else {
                    unenforced.append(Unenforced(rule: rule, reason: "it names an item or code list the spec lacks"))
                    continue
                }
                let lowered = RecordRule(rule: rule, check: check,
                                         referenceDatasets: ast.referenceDatasets, submissionFacts: ast.submissionFacts,
                                         stated: Stated(code: rule.code, level: rule.level, message: spec.findingMessage(for: rule), rule: rule.code))
                every.append(lowered)
                if !absorbed.contains(rule.code) { records.append(lowered) }
            }
        }
        self.records = records
        self.everyRecordRule = every
        self.fileRules = fileRules
        self.unenforced = unenforced
    }

    private enum Restated {
        case missing
        case format(bounds: (Int, Int)?, lettersAndDigits: Bool = false)
        case code
    }

    private static func restatedCheck(_ ast: RuleExpression, index: SpecIndex) -> (String, Restated)? {
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
