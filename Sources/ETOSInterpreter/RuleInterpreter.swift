import ETOSModel
@_spi(ETOSGenerated) import ETOSRuntime

/// Runs a spec's rules straight from the model, with the same runtime checks the generated
/// code calls. Used where no generated module exists (`etosc validate --spec`, tests of the
/// rule language, tools that load a spec at run time) and to cross-check generated code.
///
/// Each rule, lowered by ``CheckPlan`` (field positions and code lists resolved), is compiled
/// once into a closure with its code sets, dates and patterns made, so checking a record
/// looks nothing up by name; rules compiled together read each date and timestamp field once
/// per record.
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

    private let index: SpecIndex
    /// Fields in a record of the spec.
    private let fieldCount: Int

    public init(spec: Spec) {
        index = SpecIndex(spec)
        fieldCount = spec.items.map(\.position).max() ?? 0
    }

    /// The verdict of `expression` on a record given as UID → submitted text (absent = blank).
    /// File-level expressions (uniqueness, field count), and those naming what the spec
    /// lacks, are skipped here.
    @_spi(ETOSGenerated) public func evaluate(_ expression: RuleExpression, _ values: [String: String], context: ValidationContext = ValidationContext()) -> RuleVerdict {
        guard let check = Check.lowering(expression, in: index) else { return .skipped }
        var fields = [String](repeating: "", count: fieldCount)
        for (uid, value) in values {
            if let item = index.item(uid: uid) { fields[item.position - 1] = value }
        }
        let compiled = compile([check])
        return RecordFields.withStrings(fields) { compiled.rules[0](compiled.reading($0), context) }
    }

    /// `checks` compiled to read each field at its position in a record (a field past the
    /// record's end is blank).
    @_spi(ETOSGenerated) public func compile(_ checks: [Check]) -> CompiledRules {
        var slots: [Check.TemporalField: Int] = [:]
        var temporals: [(position: Int, kind: RuleChecks.TemporalKind)] = []
        let rules = checks.map { check in
            RuleFunction(run: Self.compile(check) { field in
                if let slot = slots[field] { return slot }
                temporals.append((field.field.index + 1, field.isTimestamp ? .timestamp : .date))
                slots[field] = temporals.count - 1
                return temporals.count - 1
            })
        }
        return CompiledRules(rules: rules, temporals: temporals)
    }

    /// One check; `slot` gives the index in ``Reading`` of a date or timestamp field.
    private static func compile(_ check: Check, slot: (Check.TemporalField) -> Int) -> CompiledRule {
        func temporal(_ field: Check.TemporalField) -> @Sendable (Reading) -> TemporalValue? {
            let index = slot(field)
            return { $0.temporals[index] }
        }
        func operand(_ operand: Check.Operand) -> @Sendable (Reading) -> RuleChecks.Operand {
            switch operand {
            case .field(let field):
                let value = temporal(field)
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
        func condition(_ given: Check.Condition) -> @Sendable ((record: Reading, context: ValidationContext)) -> Bool {
            switch given {
            case .populated(let f):
                let i = f.index
                return { RuleChecks.isPopulated($0.record.fields[i]) }
            case .blank(let f):
                let i = f.index
                return { !RuleChecks.isPopulated($0.record.fields[i]) }
            case .equals(let f, let values):
                let i = f.index
                return { RuleChecks.equals($0.record.fields[i], values) }
            case .startsWith(let f, let prefix):
                let i = f.index
                return { RuleChecks.startsWith($0.record.fields[i], prefix) }
            case .not(let inner):
                let holds = condition(inner)
                return { !holds($0) }
            case .satisfies(let check):
                let verdict = compile(check, slot: slot)
                return { verdict($0.record, $0.context) == .pass }
            }
        }
        /// A check of one field's text.
        func onText(_ field: Check.Field, _ check: @escaping @Sendable (FieldBytes) -> RuleVerdict) -> CompiledRule {
            let i = field.index
            return { record, _ in check(record.fields[i]) }
        }
        switch check {
        case .populated(let f): return onText(f, RuleChecks.populated)
        case .anyPopulated(let fields):
            let indices = fields.map(\.index)
            return { record, _ in RuleChecks.atLeastOnePopulated(indices.map { record.fields[$0] }) }
        case .format(let f, let format):
            let fraction = format.fraction.map { $0.min...$0.max } ?? 0...0
            return onText(f) { RuleChecks.format($0, shape: format.kind, min: format.minLength, max: format.maxLength, fraction: fraction) }
        case .length(let f, let min, let max): return onText(f) { RuleChecks.length($0, min: min, max: max) }
        case .lettersAndDigits(let f, let min, let max): return onText(f) { RuleChecks.lettersAndDigits($0, min: min, max: max) }
        case .digits(let f, let count): return onText(f) { RuleChecks.digits($0, count: count) }
        case .validDate(let f): return onText(f, RuleChecks.validDate)
        case .validTime(let f): return onText(f, RuleChecks.validTime)
        case .validTimestamp(let f): return onText(f, RuleChecks.validTimestamp)
        case .oneOf(let f, let listed, _):
            let codes = CodeSet(listed)
            return onText(f) { RuleChecks.oneOf($0, codes) }
        case .modulus11(let f): return onText(f, RuleChecks.modulus11)
        case .postcode(let f): return onText(f, RuleChecks.postcode)
        case .pattern(let f, let regex):
            let pattern = Pattern(regex)
            return onText(f) { RuleChecks.matches($0, pattern) }
        case .timeZoneOffset(let f, let allowed):
            let offsets = CodeSet(allowed)
            return onText(f) { RuleChecks.timeZoneOffset($0, allowed: offsets) }
        case .compare(let field, let comparison, let op):
            let value = temporal(field), other = operand(op)
            return { record, context in RuleChecks.compare(value(record), comparison, other(record), context) }
        case .within(let field, let amount, let unit, let after, let op):
            let value = temporal(field), other = operand(op)
            return { record, context in RuleChecks.within(value(record), amount, unit, after: after, other(record), context) }
        case .when(let given, let then):
            let holds = condition(given), rule = compile(then, slot: slot)
            return { record, context in holds((record, context)) ? rule(record, context) : .pass }
        case .forbidden(let given):
            let holds = condition(given)
            return { record, context in holds((record, context)) ? .fail : .pass }
        case .exists(let f, let dataset):
            let i = f.index
            return { record, context in RuleChecks.exists(record.fields[i], in: dataset, context) }
        case .active(let f, let dataset, let at, let amount, let unit):
            let i = f.index, date = temporal(at)
            return { record, context in RuleChecks.active(record.fields[i], in: dataset, at: date(record), grace: amount, unit, context) }
        case .maps(let from, let to, let dataset):
            let i = from.index, j = to.index
            return { record, context in RuleChecks.maps(record.fields[i], to: record.fields[j], in: dataset, context) }
        }
    }

    /// Field `position` (1-based), blank when absent.
    static func field(_ fields: RecordFields, _ position: Int) -> FieldBytes {
        position >= 1 ? fields[position - 1] : .blank
    }
}
