import ETOSModel
@_spi(ETOSGenerated) import ETOSRuntime

/// A relational spec's validators built at run time: one ``InterpretedSubmissionValidator``
/// per table (its own file's checks), the rules comparing a record with its linked parent
/// record, and the ``RelationalLayout`` the runtime links the tables with, from
/// ``RelationalPlan``, as a generated module's submission type states them.
public struct InterpretedRelationalValidator: Sendable {
    /// The tables, their keys and links, and the link and count rules.
    @_spi(ETOSGenerated) public let layout: RelationalLayout
    /// Each table's validator, in the spec's table order.
    public let tables: [InterpretedSubmissionValidator]
    /// Each table's rules that compare with the linked record (nil when it has none).
    @_spi(ETOSGenerated) public let linked: [InterpretedLinkedChecks?]

    public init(spec: Spec, context: ValidationContext = ValidationContext()) {
        let plan = RelationalPlan(spec: spec)
        func kind(_ rule: Rule) -> FindingKind { FindingKind(code: rule.code, level: rule.level, message: spec.findingMessage(for: rule)) }
        layout = RelationalLayout(
            tables: plan.tables.map { RelationalLayout.Table(name: $0.table.name, id: $0.table.id, key: $0.key, parent: $0.parent, link: $0.link, carried: $0.carriedFields) },
            links: plan.links.map { RelationalLayout.LinkRule(table: $0.table, kind: kind($0.rule), items: plan.tables[$0.table].table.link) },
            counts: plan.counts.map { RelationalLayout.CountRule(table: $0.table, child: $0.child, kind: kind($0.rule), items: plan.tables[$0.table].table.key) },
            checkingOrder: plan.checkingOrder
        )
        tables = plan.tables.map { InterpretedSubmissionValidator(spec: $0.flat, context: context) }
        let items = Dictionary(spec.items.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        linked = plan.tables.indices.map { index in
            let rules = plan.linked.filter { $0.table == index }
            guard !rules.isEmpty, let parent = plan.tables[index].parent else { return nil }
            let joined = RelationalPlan.joinedSpec(own: plan.tables[index].flat, carried: plan.tables[parent].carried.compactMap { items[$0] })
            return InterpretedLinkedChecks(joined: joined, ownFields: plan.tables[index].flat.items.count, rules: rules, spec: spec, context: context)
        }
    }
}

/// One table's rules comparing a record with its linked parent record, interpreted over the
/// joined record (the record's own fields, then the parent's carried ones).
@_spi(ETOSGenerated) public struct InterpretedLinkedChecks: LinkedRecordChecking {
    private let ownFields: Int
    /// Scratch for the joined record (``check(_:linked:_:)`` runs on one thread, in record order).
    private let joined = JoinedFields()
    private let compiled: RuleInterpreter.CompiledRules
    private let findings: [(kind: FindingKind, items: [String], indices: [Int])]
    private let runnable: [Bool]
    private let context: ValidationContext

    init(joined: Spec, ownFields: Int, rules: [RelationalPlan.LinkedRule], spec: Spec, context: ValidationContext) {
        self.ownFields = ownFields
        self.context = context
        compiled = RuleInterpreter(spec: joined).compile(rules.map(\.check))
        findings = rules.map { rule in
            (FindingKind(code: rule.rule.code, level: rule.rule.level, message: spec.findingMessage(for: rule.rule)), rule.check.fields.map(\.uid), rule.check.fields.map(\.index))
        }
        runnable = InterpretedSubmissionValidator.runnable(rules.map { ($0.rule.code, $0.referenceDatasets, $0.submissionFacts) }, context).0
    }

    public func check(_ record: RecordFields, linked: RecordFields, _ found: inout [Finding]) {
        joined.withJoined(record, count: ownFields, linked) { joined in
            let reading = compiled.reading(joined)
            for (index, rule) in compiled.rules.enumerated() where runnable[index] {
                if case .fail = rule(reading, context) {
                    let finding = findings[index]
                    found.append(Finding(finding.kind, items: finding.items, values: finding.indices.map { joined[$0].trimmed.string }))
                }
            }
        }
    }
}
