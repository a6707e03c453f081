import ETOSModel
@_spi(ETOSGenerated) import ETOSRuntime

/// Runs a spec's rules straight from the model, with the same runtime checks the generated
/// code calls. Used where no generated module exists (`etosc validate --spec`, tests of the
/// rule language, tools that load a spec at run time) and to cross-check generated code.
///
/// Each rule is compiled once into a closure with its items' field positions, code sets,
/// dates and patterns resolved, so checking a record looks nothing up by name; rules
/// compiled together read each date and timestamp item once per record.
public struct RuleInterpreter: Sendable {
    /// A record as compiled rules read it: its fields (in submission order) and the value of
    /// every date or timestamp item the rules compare, read once.
    @_spi(ETOSGenerated) public struct Reading: Sendable {
        public let fields: RecordFields
        let temporals: [TemporalValue?]
    }

    /// A rule ready to run on one record.
    @_spi(ETOSGenerated) public typealias CompiledRule = @Sendable (_ record: Reading, _ context: ValidationContext) -> RuleVerdict

    /// A compiled rule kept in a struct: a closure stored straight in an array is called
    /// through a reabstraction thunk, one kept in a struct field is not.
    @_spi(ETOSGenerated) public struct RuleFunction: Sendable {
        let run: CompiledRule

        public func callAsFunction(_ record: Reading, _ context: ValidationContext) -> RuleVerdict {
            run(record, context)
        }
    }

    /// Rules compiled together, in the order given.
    @_spi(ETOSGenerated) public struct CompiledRules: Sendable {
        public let rules: [RuleFunction]
        /// Position and kind of each date or timestamp the rules read.
        let temporals: [(position: Int, kind: RuleChecks.TemporalKind)]

        /// `fields` with every date and timestamp the rules compare read once.
        public func reading(_ fields: RecordFields) -> Reading {
            Reading(fields: fields, temporals: temporals.map { TemporalValue(RuleInterpreter.field(fields, $0.position), $0.kind) })
        }
    }

    private let items: [String: DataItem]
    private let codeLists: [String: CodeSet]

    public init(spec: Spec) {
        items = Dictionary(spec.items.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        codeLists = Dictionary(spec.codeLists.map { ($0.name, CodeSet($0.codes.map(\.code))) }, uniquingKeysWith: { first, _ in first })
    }

    /// The verdict of `expression` on a record given as UID → submitted text (absent = blank).
    /// File-level expressions (uniqueness, field count) pass here: they need the whole file.
    @_spi(ETOSGenerated) public func evaluate(_ expression: RuleExpression, _ values: [String: String], context: ValidationContext = ValidationContext()) -> RuleVerdict {
        let uids = values.keys.sorted()
        let positions = Dictionary(uniqueKeysWithValues: uids.enumerated().map { ($1, $0 + 1) })
        let compiled = compile([expression], positions: positions)
        return RecordFields.withStrings(uids.map { values[$0]! }) { compiled.rules[0](compiled.reading($0), context) }
    }

    /// `expressions` compiled to read each item from a record's fields at its 1-based position
    /// in `positions` (an item without one, or past the record's end, is blank).
    @_spi(ETOSGenerated) public func compile(_ expressions: [RuleExpression], positions: [String: Int]) -> CompiledRules {
        var slots: [String: Int] = [:]
        var temporals: [(position: Int, kind: RuleChecks.TemporalKind)] = []
        let rules = expressions.map { expression in
            RuleFunction(run: compile(expression, positions: positions) { uid, position, kind in
                if let slot = slots[uid] { return slot }
                temporals.append((position, kind))
                slots[uid] = temporals.count - 1
                return temporals.count - 1
            })
        }
        return CompiledRules(rules: rules, temporals: temporals)
    }

    /// One rule; `slot` gives the index in ``Reading`` of a date or timestamp item.
    private func compile(_ expression: RuleExpression, positions: [String: Int],
                         slot: (_ uid: String, _ position: Int, _ kind: RuleChecks.TemporalKind) -> Int) -> CompiledRule {
        func at(_ uid: String) -> Int { positions[uid] ?? 0 }
        func kind(_ uid: String) -> RuleChecks.TemporalKind { items[uid]?.format.kind == .timestamp ? .timestamp : .date }
        func temporal(_ uid: String) -> @Sendable (Reading) -> TemporalValue? {
            let index = slot(uid, at(uid), kind(uid))
            return { $0.temporals[index] }
        }
        func operand(_ operand: RuleExpression.Operand) -> @Sendable (Reading) -> RuleChecks.Operand {
            switch operand {
            case .item(let uid):
                let value = temporal(uid)
                return { .field(value($0)) }
            case .date(let iso):
                let resolved: RuleChecks.Operand = ISODate(parsing: iso).map { .date($0) } ?? .field(nil)
                return { _ in resolved }
            case .submissionDate: return { _ in .submissionDate }
            case .submissionMonthStart: return { _ in .submissionMonthStart }
            case .reportingPeriodStart: return { _ in .reportingPeriodStart }
            case .reportingPeriodEnd: return { _ in .reportingPeriodEnd }
            }
        }
        func condition(_ given: RuleExpression.Condition) -> @Sendable ((record: Reading, context: ValidationContext)) -> Bool {
            switch given {
            case .populated(let uid):
                let p = at(uid)
                return { RuleChecks.isPopulated(Self.field($0.record.fields, p)) }
            case .blank(let uid):
                let p = at(uid)
                return { !RuleChecks.isPopulated(Self.field($0.record.fields, p)) }
            case .equals(let uid, let values):
                let p = at(uid)
                return { RuleChecks.equals(Self.field($0.record.fields, p), values) }
            case .startsWith(let uid, let prefix):
                let p = at(uid)
                return { RuleChecks.startsWith(Self.field($0.record.fields, p), prefix) }
            case .not(let inner):
                let holds = condition(inner)
                return { !holds($0) }
            case .satisfies(let rule):
                let verdict = compile(rule, positions: positions, slot: slot)
                return { verdict($0.record, $0.context) == .pass }
            }
        }
        /// A check of one item's text.
        func onText(_ uid: String, _ check: @escaping @Sendable (FieldBytes) -> RuleVerdict) -> CompiledRule {
            let p = at(uid)
            return { record, _ in check(Self.field(record.fields, p)) }
        }
        switch expression {
        case .populated(let uid): return onText(uid, RuleChecks.populated)
        case .atLeastOnePopulated(let uids):
            let ps = uids.map(at)
            return { record, _ in RuleChecks.atLeastOnePopulated(ps.map { Self.field(record.fields, $0) }) }
        case .format(let uid, let format):
            let fraction = format.fraction.map { $0.min...$0.max } ?? 0...0
            return onText(uid) { RuleChecks.format($0, shape: format.kind, min: format.minLength, max: format.maxLength, fraction: fraction) }
        case .length(let uid, let min, let max): return onText(uid) { RuleChecks.length($0, min: min, max: max) }
        case .lettersAndDigits(let uid, let min, let max): return onText(uid) { RuleChecks.lettersAndDigits($0, min: min, max: max) }
        case .digits(let uid, let count): return onText(uid) { RuleChecks.digits($0, count: count) }
        case .validDate(let uid): return onText(uid, RuleChecks.validDate)
        case .validTime(let uid): return onText(uid, RuleChecks.validTime)
        case .validTimestamp(let uid): return onText(uid, RuleChecks.validTimestamp)
        case .inCodeList(let uid, let list):
            let codes = codeLists[list] ?? CodeSet([])
            return onText(uid) { RuleChecks.oneOf($0, codes) }
        case .oneOf(let uid, let listed):
            let codes = CodeSet(listed)
            return onText(uid) { RuleChecks.oneOf($0, codes) }
        case .modulus11(let uid): return onText(uid, RuleChecks.modulus11)
        case .postcode(let uid): return onText(uid, RuleChecks.postcode)
        case .pattern(let uid, let regex):
            let pattern = Pattern(regex)
            return onText(uid) { RuleChecks.matches($0, pattern) }
        case .timeZoneOffset(let uid, let allowed):
            let offsets = CodeSet(allowed)
            return onText(uid) { RuleChecks.timeZoneOffset($0, allowed: offsets) }
        case .compare(let uid, let comparison, let op):
            let value = temporal(uid), other = operand(op)
            return { record, context in RuleChecks.compare(value(record), comparison, other(record), context) }
        case .within(let uid, let amount, let unit, let direction, let op):
            let value = temporal(uid), other = operand(op), after = direction == .after
            return { record, context in RuleChecks.within(value(record), amount, unit, after: after, other(record), context) }
        case .implies(let given, let then):
            let holds = condition(given), rule = compile(then, positions: positions, slot: slot)
            return { record, context in holds((record, context)) ? rule(record, context) : .pass }
        case .forbidden(let given):
            let holds = condition(given)
            return { record, context in holds((record, context)) ? .fail : .pass }
        case .unique, .fieldCount:
            return { _, _ in .pass }
        case .existsInReference(let uid, let dataset):
            let p = at(uid)
            return { record, context in RuleChecks.exists(Self.field(record.fields, p), in: dataset, context) }
        case .activeInReference(let uid, let dataset, let atItem, let amount, let unit):
            let p = at(uid), date = temporal(atItem)
            return { record, context in RuleChecks.active(Self.field(record.fields, p), in: dataset, at: date(record), grace: amount, unit, context) }
        case .mapsInReference(let uid, let to, let dataset):
            let p = at(uid), q = at(to)
            return { record, context in RuleChecks.maps(Self.field(record.fields, p), to: Self.field(record.fields, q), in: dataset, context) }
        }
    }

    /// Field `position` (1-based), blank when absent.
    static func field(_ fields: RecordFields, _ position: Int) -> FieldBytes {
        position >= 1 ? fields[position - 1] : .blank
    }
}
