import ETOSModel
import ETOSRuntime

/// A ``SubmissionValidating`` built from a spec at run time: the same item checks (with the
/// same rule codes, from ``CheckPlan``), rules and file-level checks, in the same order, as
/// the generated `SubmissionValidator`, so `etosc validate --spec` needs no generated module.
public struct InterpretedSubmissionValidator: SubmissionValidating {
    public let layout: SubmissionLayout
    public var context: ValidationContext
    private let itemChecks: [(check: ItemCheck, position: Int, codes: Set<String>?)]
    private let recordRules: [(kind: FindingKind, items: [String], positions: [Int])]
    private let compiledRules: RuleInterpreter.CompiledRules
    private let fieldCount: (count: Int, kind: FindingKind)?
    /// Each uniqueness rule with its items' 1-based positions.
    private let uniqueRules: [(kind: FindingKind, items: [String], positions: [Int])]
    private var uniqueKeys: [UniqueKeys]
    /// The 0-based field indices of each uniqueness rule's key.
    private let uniqueIndices: [[Int]]

    /// `fileLevel: false` leaves out the uniqueness checks (for checking records one by one).
    public init(spec: Spec, context: ValidationContext = ValidationContext(), fileLevel: Bool = true) {
        self.context = context
        let plan = CheckPlan(spec: spec)
        let index = SpecIndex(spec)
        let positions = Dictionary(spec.items.map { ($0.uid, $0.position) }, uniquingKeysWith: { first, _ in first })
        func kind(_ stated: CheckPlan.Stated) -> FindingKind { FindingKind(code: stated.code, level: stated.level.findingLevel, message: stated.message) }
        func kind(_ rule: Rule) -> FindingKind { FindingKind(code: rule.code, level: rule.level.findingLevel, message: rule.message ?? rule.text) }
        var checks: [(ItemCheck, Int, Set<String>?)] = []
        for group in spec.groups {
            for uid in group.items {
                guard let item = index.item(uid: uid), let checkPlan = plan.items[uid] else { continue }
                let shape: ItemCheck.Shape = switch item.format.kind {
                case .alphanumeric: .alphanumeric
                case .numeric: .numeric
                case .date: .date
                case .time: .time
                case .timestamp: .timestamp
                }
                let check = ItemCheck(uid: uid, shape: shape, minLength: checkPlan.minLength, maxLength: checkPlan.maxLength,
                                      missing: checkPlan.missing.map(kind), format: kind(checkPlan.format), code: checkPlan.code.map(kind))
                let codes = item.codeList.flatMap { index.codeList(named: $0) }.map { Set($0.codes.map(\.code)) }
                checks.append((check, item.position, codes))
            }
        }
        itemChecks = checks
        let interpreter = RuleInterpreter(spec: spec)
        let checked = CheckPlan.recordRules(of: spec, plan: plan)
        compiledRules = interpreter.compile(checked.map { $0.ast! }, positions: positions)
        recordRules = checked.map { rule in
            let items = rule.ast!.items
            return (kind(rule), items, items.map { positions[$0] ?? 0 })
        }
        var count: (Int, FindingKind)?
        var unique: [(FindingKind, [String], [Int])] = []
        for rule in spec.rules where rule.enforcement.isEnforced {
            switch rule.ast {
            case .fieldCount(let expected)?: count = (expected, kind(rule))
            case .unique(let items)?: unique.append((kind(rule), items, items.map { positions[$0] ?? 0 }))
            default: break
            }
        }
        fieldCount = count
        uniqueRules = fileLevel ? unique : []
        let infos = spec.items.map { DataItemInfo(uid: $0.uid, name: $0.name, group: $0.group, position: $0.position) }
        let notEnforced = spec.rules.compactMap { rule -> (code: String, reason: String)? in
            if case .notMachineReadable(let reason) = rule.enforcement { return (rule.code, reason) }
            return nil
        }
        layout = SubmissionLayout(items: infos, keyItems: unique.first?.1 ?? [], notEnforced: notEnforced)
        uniqueKeys = uniqueRules.map { _ in UniqueKeys() }
        uniqueIndices = uniqueRules.map { $0.positions.map { $0 - 1 } }
    }

    public func checkRecord(fields: [String]) -> RecordFindings {
        func field(_ position: Int) -> String { Self.field(fields, position) }
        var found = RecordFindings()
        for (check, position, codes) in itemChecks {
            let raw = field(position)
            switch check.shape {
            case _ where codes != nil: _ = check.code(raw, matching: { codes!.contains($0) }, &found.findings)
            case .alphanumeric: _ = check.text(raw, &found.findings)
            case .numeric: _ = check.digits(raw, &found.findings)
            case .date: _ = check.date(raw, &found.findings)
            case .time: _ = check.time(raw, &found.findings)
            case .timestamp: _ = check.timestamp(raw, &found.findings)
            }
        }
        if !recordRules.isEmpty {
            let reading = compiledRules.reading(fields)
            for (rule, run) in zip(recordRules, compiledRules.rules) {
                found.apply(run(reading, context), rule.kind, rule.items, rule.positions.map(field))
            }
        }
        if let fieldCount, fields.count != fieldCount.count {
            found.findings.insert(Finding(fieldCount.kind, items: [], values: [String(fields.count)]), at: 0)
        }
        return found
    }

    public mutating func checkInFile(fields: [String], recordNumber: Int, _ found: inout RecordFindings) {
        for (index, rule) in uniqueRules.enumerated() where uniqueKeys[index].insert(fields, at: uniqueIndices[index], record: recordNumber) != nil {
            found.findings.append(Finding(rule.kind, items: rule.items, values: rule.positions.map { RuleChecks.trimmed(Self.field(fields, $0)) }))
        }
    }

    /// A copy for a worker thread, without the file's keys (workers check records on their
    /// own; sharing the keys would make the next insertion copy them).
    public func copyForThread() -> InterpretedSubmissionValidator {
        var copy = self
        copy.context = context.copyForThread()
        copy.uniqueKeys = uniqueKeys.map { _ in UniqueKeys() }
        return copy
    }

    /// Field `position` (1-based), blank when the record is short.
    private static func field(_ fields: [String], _ position: Int) -> String {
        position >= 1 && position <= fields.count ? fields[position - 1] : ""
    }
}

extension RuleLevel {
    /// The runtime's level for a spec level.
    public var findingLevel: FindingLevel {
        switch self {
        case .fileRejection: .fileRejection
        case .recordRejection: .recordRejection
        case .warning: .warning
        }
    }
}
