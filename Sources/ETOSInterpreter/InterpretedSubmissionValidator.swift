import ETOSModel
@_spi(ETOSGenerated) import ETOSRuntime

/// A ``SubmissionValidating`` built from a spec at run time: the same item checks (with the
/// same rule codes, from ``CheckPlan``), rules and file-level checks, in the same order, as
/// the generated `SubmissionValidator`, so `etosc validate --spec` needs no generated module.
public struct InterpretedSubmissionValidator: SubmissionValidating {
    @_spi(ETOSGenerated) public let layout: SubmissionLayout
    public var context: ValidationContext {
        didSet { (runnable, rulesNotRun) = Self.runnable(needs, context) }
    }
    /// What each record rule needs beyond the record, in the order rules are checked.
    private let needs: [(code: String, datasets: [String], facts: [RuleExpression.SubmissionFact])]
    /// Whether each record rule can run with ``context``; those that cannot are not checked.
    private var runnable: [Bool]
    /// The rules that cannot run with ``context``: not run on any record.
    public private(set) var rulesNotRun: [String]
    /// The record checks compiled into closures; each thread gets its own (``copyForThread()``).
    private var checks: RecordChecks
    private let makeChecks: @Sendable () -> RecordChecks
    private let fieldCount: (count: Int, kind: FindingKind)?
    /// Each uniqueness rule with its key's items and their 0-based field indices.
    private let uniqueRules: [(kind: FindingKind, items: [String], indices: [Int])]
    private var uniqueKeys: [UniqueKeys]

    /// `fileLevel: false` leaves out the uniqueness checks (for checking records one by one).
    public init(spec: Spec, context: ValidationContext = ValidationContext(), fileLevel: Bool = true) {
        self.context = context
        let plan = CheckPlan(spec: spec)
        let index = SpecIndex(spec)
        func kind(_ stated: CheckPlan.Stated) -> FindingKind { FindingKind(code: stated.code, level: stated.level, message: stated.message) }
        func kind(_ rule: Rule) -> FindingKind { FindingKind(code: rule.code, level: rule.level, message: spec.findingMessage(for: rule)) }
        var checks: [(ItemCheck, Int)] = []
        for group in spec.groups {
            for uid in group.items {
                guard let item = index.item(uid: uid), let checkPlan = plan.items[uid] else { continue }
                let codes = item.codeList.flatMap { index.codeList(named: $0) }.map { $0.codes.map(\.code) }
                let check = ItemCheck(uid: uid, shape: item.format.kind, minLength: checkPlan.minLength, maxLength: checkPlan.maxLength,
                                      missing: checkPlan.missing.map(kind), format: kind(checkPlan.format), code: checkPlan.code.map(kind), codes: codes,
                                      lettersAndDigitsOnly: checkPlan.lettersAndDigitsOnly,
                                      fractionDigits: item.format.fraction.map { $0.min...$0.max } ?? 0...0)
                checks.append((check, item.position))
            }
        }
        let itemChecks = checks
        let interpreter = RuleInterpreter(spec: spec)
        let records = plan.records
        let lowered = records.map(\.check)
        needs = records.map { ($0.rule.code, $0.referenceDatasets, $0.submissionFacts) }
        (runnable, rulesNotRun) = Self.runnable(needs, context)
        let findings = records.map { rule in (kind(rule.stated), rule.fields.map(\.uid), rule.fields.map(\.index)) }
        makeChecks = { RecordChecks(items: itemChecks, interpreter: interpreter, checks: lowered, findings: findings) }
        self.checks = makeChecks()
        var count: (Int, FindingKind)?
        var unique: [(FindingKind, [String], [Int])] = []
        for rule in plan.fileRules {
            switch rule {
            case .fieldCount(let rule, let expected): count = (expected, kind(rule))
            case .unique(let rule, let key): unique.append((kind(rule), key.map(\.uid), key.map(\.index)))
            }
        }
        fieldCount = count
        uniqueRules = fileLevel ? unique : []
        let infos = spec.items.map { DataItemInfo(uid: $0.uid, name: $0.name, group: $0.group, position: $0.position) }
        let notEnforced = plan.unenforced.map { UnenforcedRule(code: $0.rule.code, reason: $0.reason) }
        layout = SubmissionLayout(items: infos, keyItems: unique.first?.1 ?? [], notEnforced: notEnforced)
        uniqueKeys = uniqueRules.map { _ in UniqueKeys() }
    }

    /// Whether each rule can run with `context` (its reference data sets loaded, its submission
    /// facts given), and the codes of those that cannot (as the generated `RunnableRules`).
    static func runnable(_ needs: [(code: String, datasets: [String], facts: [RuleExpression.SubmissionFact])], _ context: ValidationContext) -> ([Bool], [String]) {
        func given(_ fact: RuleExpression.SubmissionFact) -> Bool {
            switch fact {
            case .submissionDate: context.submission.submissionDate != nil
            case .reportingPeriodStart: context.submission.reportingPeriodStart != nil
            case .reportingPeriodEnd: context.submission.reportingPeriodEnd != nil
            }
        }
        let runnable = needs.map { $0.datasets.allSatisfy(context.hasReferenceData) && $0.facts.allSatisfy(given) }
        return (runnable, zip(needs, runnable).filter { !$0.1 }.map(\.0.code))
    }

    @_spi(ETOSGenerated) public func checkRecord(_ fields: RecordFields) -> RecordFindings {
        var found = RecordFindings()
        for check in checks.items { check.run(fields, &found.findings) }
        if !checks.rules.isEmpty {
            let reading = checks.compiled.reading(fields)
            for (rule, runs) in zip(checks.rules, runnable) where runs { rule.run(reading, context, &found) }
        }
        if let fieldCount, fields.count != fieldCount.count {
            found.findings.insert(Finding(fieldCount.kind, items: [], values: [String(fields.count)]), at: 0)
        }
        return found
    }

    /// The key digests (the usual single rule without making an array per record).
    @_spi(ETOSGenerated) public func fileKeys(_ fields: RecordFields) -> FileKeys {
        switch uniqueRules.count {
        case 0: FileKeys()
        case 1: FileKeys(UniqueKeys.digest(fields, at: uniqueRules[0].indices))
        default: FileKeys(uniqueRules.map { UniqueKeys.digest(fields, at: $0.indices) })
        }
    }

    @_spi(ETOSGenerated) public mutating func reserveInFile(records: Int) {
        for rule in uniqueKeys.indices { uniqueKeys[rule].reserve(records) }
    }

    @_spi(ETOSGenerated) public func prepareInFile(_ keys: FileKeys) {
        for rule in uniqueKeys.indices { if let key = keys[rule] { uniqueKeys[rule].prefetch(key) } }
    }

    @_spi(ETOSGenerated) public mutating func checkInFile(_ fields: RecordFields, keys: FileKeys, recordNumber: Int, _ found: inout RecordFindings) {
        for (index, rule) in uniqueRules.enumerated() {
            guard let key = keys[index], let earlier = uniqueKeys[index].insert(key, record: recordNumber) else { continue }
            found.duplicate(Finding(rule.kind, items: rule.items, values: rule.indices.map { fields[$0].trimmed.string }), of: earlier)
        }
    }

    /// A copy for a worker thread, without the file's keys (workers check records on their
    /// own; sharing the keys would make the next insertion copy them) and with its own
    /// compiled rules.
    @_spi(ETOSGenerated) public func copyForThread() -> InterpretedSubmissionValidator {
        var copy = self
        copy.context = context.copyForThread()
        copy.uniqueKeys = uniqueKeys.map { _ in UniqueKeys() }
        // Its own closures: calling a closure counts a reference to its captures, and
        // threads sharing those counts slow each other down.
        copy.checks = makeChecks()
        return copy
    }
}

/// One thread's record checks: item checks and rules as closures that add their findings,
/// each kept in a struct (called out of an array without a reabstraction thunk).
private struct RecordChecks: Sendable {
    struct ItemStep: Sendable {
        let run: @Sendable (_ fields: RecordFields, _ findings: inout [Finding]) -> Void
    }

    struct RuleStep: Sendable {
        let run: @Sendable (_ record: RuleInterpreter.Reading, _ context: ValidationContext, _ found: inout RecordFindings) -> Void
    }

    let items: [ItemStep]
    let compiled: RuleInterpreter.CompiledRules
    let rules: [RuleStep]

    init(items: [(ItemCheck, Int)], interpreter: RuleInterpreter, checks: [Check],
         findings: [(kind: FindingKind, items: [String], indices: [Int])]) {
        self.items = items.map { check, position -> ItemStep in
            if check.codes != nil { return ItemStep { fields, found in _ = check.code(RuleInterpreter.field(fields, position), &found) } }
            return switch check.shape {
            case .alphanumeric: ItemStep { fields, found in _ = check.text(RuleInterpreter.field(fields, position), &found) }
            case .numeric: ItemStep { fields, found in _ = check.digits(RuleInterpreter.field(fields, position), &found) }
            case .date: ItemStep { fields, found in _ = check.date(RuleInterpreter.field(fields, position), &found) }
            case .time: ItemStep { fields, found in _ = check.time(RuleInterpreter.field(fields, position), &found) }
            case .timestamp: ItemStep { fields, found in _ = check.timestampValue(RuleInterpreter.field(fields, position), &found) }
            case .decimal: ItemStep { fields, found in _ = check.decimal(RuleInterpreter.field(fields, position), &found) }
            }
        }
        compiled = interpreter.compile(checks)
        rules = zip(compiled.rules, findings).map { function, finding -> RuleStep in
            let (kind, items, indices) = finding
            let run = function.run
            return RuleStep { record, context, found in
                found.apply(run(record, context), kind, items, indices.map { record.fields[$0] })
            }
        }
    }
}
