import ETOSModel

/// Translates rules into SQL predicates (DuckDB's or Spark's: ``SQLDialect``) that are true when a record passes, with the
/// runtime's semantics: values are trimmed of spaces and tabs, a blank or unreadable
/// operand skips a rule (the predicate is then true), timestamps compare as moments with
/// each other and as their date in England with dates.
///
/// Submission facts (reporting period, submission date) are written as DVE template
/// parameters, `{{ reporting_period_start }}` and so on, which the engine fills per run.
/// Reference-data rules look codes up with `EXISTS` in a ``ReferenceEntity``'s table, with
/// the runtime's validity at a date and grace after a code's end.
public struct SQLRuleTranslator {
    /// Why a rule has no SQL form.
    public struct Untranslatable: Error, Hashable {
        public var reason: String
    }

    /// The template parameters an expression may use, by operand.
    public static let parameterNames = ["reporting_period_start", "reporting_period_end", "submission_date"]

    /// The template parameter holding a submission fact.
    static func parameterName(of fact: RuleExpression.SubmissionFact) -> String {
        switch fact {
        case .submissionDate: "submission_date"
        case .reportingPeriodStart: "reporting_period_start"
        case .reportingPeriodEnd: "reporting_period_end"
        }
    }

    let index: SpecIndex
    /// UID → SQL column name.
    let columns: [String: String]
    /// The engine the SQL is for.
    let dialect: SQLDialect
    /// UID → a column an earlier step filled with the item's date (in England), which the
    /// reference-data lookups read instead of working it out in every filter.
    let dateColumns: [String: String]

    /// - Parameter dateColumns: UID → the column holding ``date(of:)`` of that item, when a step adds one.
    public init(spec: Spec, columns: [String: String], dialect: SQLDialect = .duckdb, dateColumns: [String: String] = [:]) {
        self.index = SpecIndex(spec)
        self.columns = columns
        self.dialect = dialect
        self.dateColumns = dateColumns
    }

    /// The items whose date a reference-data lookup reads (`active` rules' dates), in first-mention order.
    public static func lookupDates(of check: Check) -> [Check.TemporalField] {
        var result: [Check.TemporalField] = []
        func visit(_ check: Check) {
            if case .active(_, _, let at, _, _) = check, !result.contains(at) { result.append(at) }
            check.nested.forEach(visit)
        }
        visit(check)
        return result
    }

    /// A date or timestamp item's value as its DATE in England, NULL when blank or unreadable.
    public func date(of field: Check.TemporalField) throws(Untranslatable) -> String {
        try temporal(field).date
    }

    // MARK: Item checks

    /// The item's value is not blank.
    public func isPopulated(_ uid: String) -> String { "\(value(uid)) <> ''" }

    /// The value fits the item's format with these length bounds (blank passes).
    public func fitsFormat(_ uid: String, minLength: Int, maxLength: Int) -> String {
        guard let item = index.item(uid: uid) else { return "TRUE" }
        return fitsFormat(uid, kind: item.format.kind, minLength: minLength, maxLength: maxLength, decimalPattern: item.format.decimalPattern)
    }

    /// The value is one of the codes (blank, and values that do not fit the format, pass:
    /// the format check reports those).
    public func isCode(_ uid: String, codes: [String], minLength: Int, maxLength: Int) -> String {
        "NOT (\(fitsFormat(uid, minLength: minLength, maxLength: maxLength))) OR \(value(uid)) = '' OR \(value(uid)) IN (\(codes.map(literal).joined(separator: ", ")))"
    }

    /// No other record of the file has the record's key, or a part of it is blank (the
    /// file-level uniqueness rule: every record of a repeated key fails, the first included,
    /// as in the runtime and NHS England's processing).
    public func keyNotRepeated(_ uids: [String]) -> String {
        let parts = uids.map(value)
        let blank = parts.map { "\($0) = ''" }.joined(separator: " OR ")
        return "\(blank) OR count(*) OVER (PARTITION BY \(parts.joined(separator: ", "))) = 1"
    }

    // MARK: Rules

    /// A predicate true when the record passes `check`.
    public func passes(_ check: Check) throws(Untranslatable) -> String {
        switch check {
        case .populated(let f):
            return isPopulated(f.uid)
        case .anyPopulated(let fields):
            return fields.map { "(\(isPopulated($0.uid)))" }.joined(separator: " OR ")
        case .format(let f, let format):
            return fitsFormat(f.uid, kind: format.kind, minLength: format.minLength, maxLength: format.maxLength, decimalPattern: format.decimalPattern)
        case .length(let f, let min, let max):
            return skipBlank(f.uid, "length(\(value(f.uid))) BETWEEN \(min) AND \(max)")
        case .lettersAndDigits(let f, let min, let max):
            return skipBlank(f.uid, dialect.fullMatch(value(f.uid), "[A-Za-z0-9]{\(min),\(max)}"))
        case .digits(let f, let count):
            return skipBlank(f.uid, dialect.fullMatch(value(f.uid), "[0-9]{\(count)}"))
        case .validDate(let f):
            return skipBlank(f.uid, "\(date(value(f.uid))) IS NOT NULL")
        case .validTime(let f):
            return fitsFormat(f.uid, kind: .time, minLength: 8, maxLength: 8)
        case .validTimestamp(let f):
            return skipBlank(f.uid, "\(instant(value(f.uid))) IS NOT NULL")
        case .oneOf(let f, let codes, _):
            return skipBlank(f.uid, "\(value(f.uid)) IN (\(codes.map(literal).joined(separator: ", ")))")
        case .modulus11(let f):
            return modulus11(f.uid)
        case .postcode(let f):
            return skipBlank(f.uid, dialect.fullMatch(value(f.uid), "[A-Za-z][A-Za-z0-9]{1,3} [0-9][A-Za-z]{2}"))
        case .pattern(let f, let regex):
            return skipBlank(f.uid, dialect.fullMatch(value(f.uid), regex))
        case .timeZoneOffset(let f, let allowed):
            let v = value(f.uid)
            let written = "CASE WHEN upper(right(\(v), 1)) = 'Z' THEN 'Z' ELSE right(\(v), 6) END"
            return "\(instant(v)) IS NULL OR \(written) IN (\(allowed.map(literal).joined(separator: ", ")))"
        case .compare(let value, let comparison, let operand):
            return try compare(value, comparison, operand)
        case .within(let value, let amount, let unit, let after, let operand):
            return try within(value, amount, unit, after, operand)
        case .when(let condition, let then):
            return "NOT (\(try self.condition(condition))) OR (\(try passes(then)))"
        case .forbidden(let condition):
            return "NOT (\(try self.condition(condition)))"
        case .exists(let f, let dataset):
            let table = ReferenceEntity(dataset: dataset, kind: .codes)
            return skipBlank(f.uid, lookup(table, "\(referenceColumn(table, "code")) = \(value(f.uid))"))
        case .active(let f, let dataset, let at, let grace, let unit):
            let table = ReferenceEntity(dataset: dataset, kind: .codes)
            let day = try lookupDate(at)
            let start = referenceColumn(table, "start")
            let end = referenceColumn(table, "end")
            let lastDay = switch unit {
            case .days: dialect.addingDays(end, grace)
            case .months: dialect.addingMonths(end, grace)
            case .years: dialect.addingMonths(end, grace * 12)
            }
            let open = "(\(start) IS NULL OR \(start) <= \(day)) AND (\(end) IS NULL OR \(day) <= \(lastDay))"
            return "\(value(f.uid)) = '' OR \(day) IS NULL OR \(lookup(table, "\(referenceColumn(table, "code")) = \(value(f.uid)) AND \(open)"))"
        case .maps(let from, let to, let dataset):
            let table = ReferenceEntity(dataset: dataset, kind: .map)
            let pair = "\(referenceColumn(table, "from")) = \(value(from.uid)) AND \(referenceColumn(table, "to")) = \(value(to.uid))"
            return "\(value(from.uid)) = '' OR \(value(to.uid)) = '' OR \(lookup(table, pair))"
        }
    }

    // MARK: Pieces

    /// The trimmed text of an item's column; never NULL.
    func value(_ uid: String) -> String {
        dialect.trimmed("coalesce(\(column(uid)), '')")
    }

    private func column(_ uid: String) -> String {
        dialect.identifier(columns[uid] ?? uid)
    }

    /// The date a lookup compares with: the step's column when there is one.
    private func lookupDate(_ field: Check.TemporalField) throws(Untranslatable) -> String {
        if let column = dateColumns[field.field.uid] { return dialect.identifier(column) }
        return try temporal(field).date
    }

    /// Whether a row of the reference table satisfies `condition` (a correlated `EXISTS`: its
    /// unqualified columns are the record's, as no item column shares a reference column's name).
    private func lookup(_ table: ReferenceEntity, _ condition: String) -> String {
        "EXISTS (SELECT 1 FROM \(dialect.identifier(table.name)) WHERE \(condition))"
    }

    private func referenceColumn(_ table: ReferenceEntity, _ column: String) -> String {
        "\(dialect.identifier(table.name)).\(dialect.identifier(column))"
    }

    private func skipBlank(_ uid: String, _ predicate: String) -> String {
        "\(value(uid)) = '' OR (\(predicate))"
    }

    private func fitsFormat(_ uid: String, kind: ValueKind, minLength: Int, maxLength: Int, decimalPattern: String? = nil) -> String {
        let v = value(uid)
        let fits: String = switch kind {
        case .alphanumeric: "length(\(v)) BETWEEN \(minLength) AND \(maxLength)"
        case .numeric: dialect.fullMatch(v, "[0-9]{\(minLength),\(maxLength)}")
        case .date: "\(date(v)) IS NOT NULL"
        case .time: dialect.fullMatch(v, "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]")
        case .timestamp: "length(\(v)) <= \(maxLength) AND \(instant(v)) IS NOT NULL"
        case .decimal: dialect.fullMatch(v, decimalPattern ?? "")
        }
        return "\(v) = '' OR (\(fits))"
    }

    /// A `CCYY-MM-DD` value as a DATE, NULL when it is not one.
    private func date(_ text: String) -> String {
        "CASE WHEN \(dialect.fullMatch(text, "[0-9]{4}-[0-9]{2}-[0-9]{2}")) THEN \(dialect.parseDate(text)) END"
    }

    /// A timestamp value as its moment in UTC (a TIMESTAMP), NULL when it is not one.
    private func instant(_ text: String) -> String {
        let shape = "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-](0[0-9]|1[0-4]):[0-5][0-9])"
        let local = dialect.parseLocalTimestamp("substr(\(text), 1, 10) || ' ' || substr(\(text), 12, 8)")
        let offset = "CASE WHEN upper(right(\(text), 1)) = 'Z' THEN 0 ELSE (CASE WHEN substr(right(\(text), 6), 1, 1) = '-' THEN -1 ELSE 1 END) * (\(dialect.integer("substr(right(\(text), 6), 2, 2)")) * 60 + \(dialect.integer("substr(right(\(text), 6), 5, 2)"))) END"
        return "CASE WHEN \(dialect.fullMatch(text, shape)) THEN \(local) - \(dialect.interval(offset, .minutes)) END"
    }

    /// The date in England of a UTC moment: British Summer Time from 01:00 UTC on the last
    /// Sunday of March to 01:00 UTC on the last Sunday of October (the runtime's rule; no
    /// time-zone extension needed).
    private func englandDate(_ moment: String) -> String {
        func lastSunday(_ month: Int) -> String {
            let last = "make_date(year(\(moment)), \(month), 31)"
            return "(\(dialect.dateAsTimestamp(dialect.sundayOnOrBefore(last))) + \(dialect.interval("1", .hours)))"
        }
        return "CAST(\(moment) + CASE WHEN \(moment) >= \(lastSunday(3)) AND \(moment) < \(lastSunday(10)) THEN \(dialect.interval("1", .hours)) ELSE \(dialect.interval("0", .hours)) END AS DATE)"
    }

    /// A field's value as (DATE in England, UTC moment or nil for dates).
    private func temporal(_ field: Check.TemporalField) throws(Untranslatable) -> (date: String, instant: String?) {
        let v = value(field.field.uid)
        switch field.field.kind {
        case .date: return (date(v), nil)
        case .timestamp:
            let moment = instant(v)
            return (englandDate(moment), moment)
        case .alphanumeric, .numeric, .time, .decimal:
            throw Untranslatable(reason: "\(field.field.uid) is not a date or timestamp")
        }
    }

    private func operand(_ operand: Check.Operand) throws(Untranslatable) -> (date: String, instant: String?) {
        switch operand {
        case .field(let field): return try temporal(field)
        case .date(let iso): return ("DATE \(literal(iso))", nil)
        case .submissionDate: return ("CAST('{{ submission_date }}' AS DATE)", nil)
        case .submissionMonthStart: return (dialect.monthStart("CAST('{{ submission_date }}' AS DATE)"), nil)
        case .reportingPeriodStart: return ("CAST('{{ reporting_period_start }}' AS DATE)", nil)
        case .reportingPeriodEnd: return ("CAST('{{ reporting_period_end }}' AS DATE)", nil)
        }
    }

    private func compare(_ value: Check.TemporalField, _ comparison: Comparison, _ other: Check.Operand) throws(Untranslatable) -> String {
        let left = try temporal(value)
        let right = try operand(other)
        let symbol = switch comparison {
        case .before: "<"
        case .onOrBefore: "<="
        case .after: ">"
        case .onOrAfter: ">="
        }
        if let a = left.instant, let b = right.instant {
            return "coalesce(\(a) \(symbol) \(b), TRUE)"
        }
        return "coalesce(\(left.date) \(symbol) \(right.date), TRUE)"
    }

    private func within(_ value: Check.TemporalField, _ amount: Int, _ unit: CalendarUnit, _ after: Bool, _ other: Check.Operand) throws(Untranslatable) -> String {
        let left = try temporal(value)
        let right = try operand(other)
        let signed = after ? amount : -amount
        let bound = switch unit {
        case .days: dialect.addingDays(right.date, signed)
        case .months: dialect.addingMonths(right.date, signed)
        case .years: dialect.addingMonths(right.date, signed * 12)
        }
        return "coalesce(\(left.date) \(after ? "<=" : ">=") \(bound), TRUE)"
    }

    /// A condition as a predicate; a rule it tests holds when the rule runs and passes (a rule
    /// skipping a blank or unreadable value does not satisfy it), as in the runtime.
    private func condition(_ condition: Check.Condition) throws(Untranslatable) -> String {
        switch condition {
        case .populated(let f): return isPopulated(f.uid)
        case .blank(let f): return "\(value(f.uid)) = ''"
        case .equals(let f, let values): return "\(value(f.uid)) IN (\(values.map(literal).joined(separator: ", ")))"
        case .startsWith(let f, let prefix): return dialect.startsWith("upper(\(value(f.uid)))", prefix.uppercased())
        case .not(let inner): return "NOT (\(try self.condition(inner)))"
        case .satisfies(let check):
            return "(\(try runs(check))) AND (\(try passes(check)))"
        }
    }

    /// A predicate true when the runtime gives `check` a verdict on the record rather than
    /// skipping it (a blank or unreadable operand): a condition holds only on a pass.
    private func runs(_ check: Check) throws(Untranslatable) -> String {
        switch check {
        case .populated, .anyPopulated, .forbidden:
            return "TRUE"
        case .format(let f, _), .length(let f, _, _), .lettersAndDigits(let f, _, _), .digits(let f, _), .validDate(let f),
             .validTime(let f), .validTimestamp(let f), .oneOf(let f, _, _), .modulus11(let f), .postcode(let f), .pattern(let f, _),
             .exists(let f, _):
            return isPopulated(f.uid)
        case .timeZoneOffset(let f, _):
            return "\(instant(value(f.uid))) IS NOT NULL"
        case .compare(let value, _, let other), .within(let value, _, _, _, let other):
            return "\(try temporal(value).date) IS NOT NULL AND \(try operand(other).date) IS NOT NULL"
        case .active(let f, _, let at, _, _):
            return "\(isPopulated(f.uid)) AND \(try lookupDate(at)) IS NOT NULL"
        case .maps(let from, let to, _):
            return "\(isPopulated(from.uid)) AND \(isPopulated(to.uid))"
        case .when(let condition, let then):
            return "NOT (\(try self.condition(condition))) OR (\(try runs(then)))"
        }
    }

    /// Modulus 11 on the ten digits left after removing spaces and dashes; a value that is not
    /// ten digits fails (blank skips), as in the runtime.
    private func modulus11(_ uid: String) -> String {
        let digits = "replace(replace(\(value(uid)), ' ', ''), '-', '')"
        let weighted = (0..<9).map { "\(dialect.integer("substr(\(digits), \($0 + 1), 1)")) * \(10 - $0)" }.joined(separator: " + ")
        let check = "(11 - ((\(weighted)) % 11))"
        let last = dialect.integer("substr(\(digits), 10, 1)")
        return skipBlank(uid, "\(dialect.fullMatch(digits, "[0-9]{10}")) AND \(check) <> 10 AND \(check) % 11 = \(last)")
    }

    private func literal(_ text: String) -> String { dialect.literal(text) }
}
