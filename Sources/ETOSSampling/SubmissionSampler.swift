@_spi(ETOSGenerated) import ETOSInterpreter
import ETOSModel
@_spi(ETOSGenerated) import ETOSRuntime

/// Writes realistic submissions for a spec: valid records, and records that break one
/// chosen rule and nothing else (checked by validating each one), reproducible from a seed.
public struct SubmissionSampler {
    /// A record made to break a rule.
    public struct Seeded: Hashable, Sendable {
        /// 1-based data record.
        public let record: Int
        public let rule: String
        /// The codes a validator must report for the record: the rule's, and those of any rules
        /// that cannot hold while it is broken (a birth date after the report is after the
        /// procedure too), in the validator's order.
        public let findings: [String]
    }

    /// A rule no record could be made to break alone, and why.
    public struct Skipped: Sendable {
        public let rule: String
        public let reason: String
    }

    public let spec: Spec
    private let context: ValidationContext
    private let reference: InMemoryReferenceData?
    private var generator: SeededGenerator
    /// A second stream for choosing which records break which rule, so that the valid
    /// records do not change with the invalid rate.
    var generatorCopy: SeededGenerator
    private var probe: InterpretedSubmissionValidator
    private let anchor: ISODate
    private let items: [DataItem]
    /// The lowered checks of each item's rules (the rule's subject), for picking values.
    private let rulesByItem: [String: [Check]]
    /// Each enforced record rule lowered, by code.
    private let checksByCode: [String: Check]
    private let plan: CheckPlan
    private let uniqueKeys: [[Check.Field]]
    private var templates: [[String]] = []
    private var salt = 0

    public init(spec: Spec, context: ValidationContext, referenceData: InMemoryReferenceData?, seed: UInt64) {
        self.spec = spec
        self.context = context
        self.reference = referenceData
        generator = SeededGenerator(seed: seed)
        generatorCopy = SeededGenerator(seed: seed ^ 0x5EED)
        probe = InterpretedSubmissionValidator(spec: spec, context: context, fileLevel: false)
        let submission = context.submission
        anchor = submission.reportingPeriodStart.map { $0.adding(days: 9) } ?? submission.submissionDate?.adding(days: -20) ?? ISODate(year: 2026, month: 4, day: 10)!
        items = spec.items.sorted { $0.position < $1.position }
        let plan = CheckPlan(spec: spec)
        self.plan = plan
        var byItem: [String: [Check]] = [:]
        for lowered in plan.everyRecordRule {
            let check = lowered.check
            if let subject = Self.subject(of: check) {
                // An exemption ("where … does not start with ZZ99") still constrains most values.
                if case .when(.not, let then) = check { byItem[subject.uid, default: []].append(then) } else { byItem[subject.uid, default: []].append(check) }
            }
        }
        rulesByItem = byItem
        checksByCode = Dictionary(plan.everyRecordRule.map { ($0.rule.code, $0.check) }, uniquingKeysWith: { first, _ in first })
        uniqueKeys = plan.fileRules.compactMap { rule in
            if case .unique(_, let key) = rule { return key }
            return nil
        }
    }

    // MARK: Valid records

    /// A valid record: one of a few hundred varied templates, with its key made unique.
    public mutating func validRecord(number: Int) -> [String] {
        if templates.count < 200 { templates.append(makeTemplate()) }
        var record = templates[Int.random(in: 0..<templates.count, using: &generator)]
        makeUnique(&record, number: number)
        return record
    }

    mutating func makeTemplate() -> [String] {
        var record = items.map { value(for: $0, excluding: nil) }
        applyMaps(&record)
        for _ in 0..<20 where !isClean(record) {
            record = items.map { value(for: $0, excluding: nil) }
            applyMaps(&record)
        }
        leaveOutItemsThatBreakRules(&record)
        // Spread the dates: move each back by a random amount when every rule still holds.
        for item in items where item.format.kind == .date || item.format.kind == .timestamp {
            let index = item.position - 1
            guard !record[index].isEmpty else { continue }
            let original = record[index]
            for scale in Self.spread(of: item) {
                record[index] = temporal(anchorShift(-Int.random(in: 1...scale, using: &generator)), kind: item.format.kind)
                if isClean(record) { break }
                record[index] = original
            }
        }
        return record
    }

    private func anchorShift(_ days: Int) -> ISODate { anchor.adding(days: days) }

    /// How far back (in days, tried largest first) a date may move from the anchor, nine days
    /// into the reporting period, and stay plausible: a birth date by decades; a date that
    /// leads up to the activity (a request, a referral, a waiting-list clock start) by months;
    /// the activity's own dates stay in the reporting period.
    static func spread(of item: DataItem) -> [Int] {
        let name = item.name.uppercased()
        if name.contains("BIRTH") { return [30_000, 360, 45, 7] }
        if ["REQUEST", "REFERRAL", "CLOCK START", "RECEIVED"].contains(where: name.contains) { return [300, 45, 7] }
        return [8, 3]
    }

    /// Blanks items that are not mandatory, one at a time, where that leaves fewer findings: a
    /// rule may forbid values that are each valid together (DIDS v2.0 rejects a record giving
    /// both procedure codes valid).
    /// The items a finding names are tried first (the rule's own items, not the dates it
    /// reads: blanking those would only keep the rule from running).
    private mutating func leaveOutItemsThatBreakRules(_ record: inout [String]) {
        var found = probe.check(fields: record, recordNumber: 1).findings
        // In random order, so that records vary in which of the items they leave out.
        let named = found.flatMap(\.items).compactMap { uid in items.first { $0.uid == uid } }.shuffled(using: &generator)
        for item in named + items where !found.isEmpty && item.mandation != .mandatory && !record[item.position - 1].isEmpty {
            var candidate = record
            candidate[item.position - 1] = ""
            let left = probe.check(fields: candidate, recordNumber: 1).findings
            if left.count < found.count { (record, found) = (candidate, left) }
        }
    }

    private mutating func makeUnique(_ record: inout [String], number: Int) {
        for keys in uniqueKeys {
            guard let free = keys.compactMap({ field in items.first { $0.uid == field.uid } }).first(where: isFree) else { continue }
            let text = "S" + String(number)
            record[free.position - 1] = text.count <= free.format.maxLength ? text : String(text.suffix(free.format.maxLength))
        }
    }

    /// An item whose value no code list, reference data or pattern constrains.
    private func isFree(_ item: DataItem) -> Bool {
        item.codeList == nil && item.format.kind == .alphanumeric && !(rulesByItem[item.uid] ?? []).contains { rule in
            switch rule {
            case .exists, .active, .pattern, .postcode, .oneOf: true
            default: false
            }
        }
    }

    /// A value for `item` that its rules accept (leaving out the rule `excluding`).
    private mutating func value(for item: DataItem, excluding: Check?) -> String {
        let rules = (rulesByItem[item.uid] ?? []).filter { $0 != excluding }
        if let list = item.codeList.flatMap({ spec.codeList(named: $0) }), !list.codes.isEmpty {
            return list.codes.randomElement(using: &generator)!.code
        }
        for rule in rules {
            switch rule {
            case .oneOf(_, let codes, nil): return codes.randomElement(using: &generator)!
            case .modulus11: return nhsNumber()
            case .exists(_, let dataset), .active(_, let dataset, _, _, _):
                if let code = activeCode(in: dataset, for: item) { return code }
            default: break
            }
        }
        if rules.contains(where: { if case .postcode = $0 { true } else { false } }) { return postcode() }
        for rule in rules {
            if case .pattern(_, let regex) = rule {
                for _ in 0..<100 {
                    if let text = PatternSampler.sample(regex, using: &generator), (item.format.minLength...item.format.maxLength).contains(text.count) { return text }
                }
            }
        }
        var minimum = item.format.minLength
        var maximum = item.format.maxLength
        for rule in rules { if let bounds = Self.lengthBounds(rule) { (minimum, maximum) = bounds } }
        switch item.format.kind {
        case .date: return temporal(anchor, kind: .date)
        case .timestamp:
            // Later items later in the day: start, end, report.
            let minutes = 8 * 60 + item.position * 7
            return "\(anchor)T\(pad(minutes / 60)):\(pad(minutes % 60)):00" + (isSummer(anchor) ? "+01:00" : "+00:00")
        case .time: return "10:\(pad(Int.random(in: 0...59, using: &generator))):00"
        case .decimal:
            let whole = String(Int.random(in: 1...9, using: &generator)) + String(repeating: "0", count: max(minimum, 1) - 1)
            let places = item.format.fraction.map { max($0.min, min($0.max, 2)) } ?? 0
            return places == 0 ? whole : whole + "." + (0..<places).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
        case .numeric:
            let length = min(maximum, minimum + Int.random(in: 0...2, using: &generator))
            return String(Int.random(in: 1...9, using: &generator)) + (1..<max(length, 1)).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
        case .alphanumeric:
            let length = min(maximum, max(minimum, min(8, maximum)))
            let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
            return String((0..<length).map { _ in letters.randomElement(using: &generator)! })
        }
    }

    private func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// A date or timestamp text for a date (timestamps at noon, in UK local time).
    private func temporal(_ date: ISODate, kind: ValueKind) -> String {
        guard kind == .timestamp else { return date.description }
        return "\(date)T12:00:00" + (isSummer(date) ? "+01:00" : "+00:00")
    }

    /// True when England keeps British Summer Time on `date` (23:30 UTC is then already the next day).
    private func isSummer(_ date: ISODate) -> Bool {
        Timestamp(parsing: "\(date)T23:30:00Z")?.ukLocalDate != date
    }

    /// A value in the item's format that no reference data is likely to hold.
    private mutating func unknownCode(for item: DataItem) -> String {
        let length = min(item.format.maxLength, max(item.format.minLength, 6))
        let alphabet = Array(item.format.kind == .numeric ? "0123456789" : "ZQXJ0123456789")
        return String((0..<length).map { index in index == 0 && item.format.kind != .numeric ? "Z" : alphabet.randomElement(using: &generator)! })
    }

    private mutating func nhsNumber() -> String {
        while true {
            let digits = (0..<9).map { _ in Int.random(in: 0...9, using: &generator) }
            let sum = digits.enumerated().reduce(0) { $0 + $1.element * (10 - $1.offset) }
            let check = (11 - sum % 11) % 11
            if check != 10, digits[0] != 0 { return digits.map(String.init).joined() + String(check) }
        }
    }

    private mutating func postcode() -> String {
        let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
        let outward = String(letters.randomElement(using: &generator)!) + String(letters.randomElement(using: &generator)!) + String(Int.random(in: 1...9, using: &generator))
        return outward + " " + String(Int.random(in: 0...9, using: &generator)) + String(letters.randomElement(using: &generator)!) + String(letters.randomElement(using: &generator)!)
    }

    /// A code of `dataset`, active long enough, that fits the item's format and shape.
    private mutating func activeCode(in dataset: String, for item: DataItem) -> String? {
        guard let reference else { return nil }
        let active = reference.codes(in: dataset).filter { code in
            (reference.periods(of: code, in: dataset) ?? []).contains { ($0.start.map { $0 <= anchor.adding(days: -400) } ?? true) && ($0.end == nil) }
                && fits(code, item)
        }
        return active.randomElement(using: &generator)
    }

    /// True when `code` fits the item's format and its shape rules.
    private func fits(_ code: String, _ item: DataItem) -> Bool {
        var minimum = item.format.minLength
        var maximum = item.format.maxLength
        for rule in rulesByItem[item.uid] ?? [] { if let bounds = Self.lengthBounds(rule) { (minimum, maximum) = bounds } }
        guard (minimum...maximum).contains(code.count), item.format.kind != .numeric || DigitString(rawValue: code) != nil else { return false }
        return (rulesByItem[item.uid] ?? []).allSatisfy { rule in
            switch rule {
            case .postcode: code.withFieldBytes(RuleChecks.postcode) == .pass
            default: true
            }
        }
    }

    private mutating func applyMaps(_ record: inout [String]) {
        guard let reference else { return }
        for lowered in plan.everyRecordRule {
            guard case .maps(let from, let to, let dataset) = lowered.check else { continue }
            let pairs = reference.mappings(in: dataset).filter { pair in
                isActive(pair.from, itemRules: rulesByItem[from.uid] ?? []) && isActive(pair.to, itemRules: rulesByItem[to.uid] ?? [])
            }
            guard let pair = pairs.randomElement(using: &generator) else { continue }
            record[from.index] = pair.from
            record[to.index] = pair.to
        }
    }

    /// The length bounds a rule sets, if it sets them.
    private static func lengthBounds(_ rule: Check) -> (Int, Int)? {
        switch rule {
        case .length(_, let low, let high), .lettersAndDigits(_, let low, let high): (low, high)
        default: nil
        }
    }

    private func isActive(_ code: String, itemRules: [Check]) -> Bool {
        guard let reference else { return true }
        for rule in itemRules {
            if case .active(_, let dataset, _, _, _) = rule, !(reference.periods(of: code, in: dataset) ?? []).contains(where: { $0.end == nil }) { return false }
            if case .exists(_, let dataset) = rule, (reference.periods(of: code, in: dataset) ?? []).isEmpty { return false }
        }
        return true
    }

    private mutating func isClean(_ record: [String]) -> Bool {
        probe.check(fields: record, recordNumber: 1).findings.isEmpty
    }

    private mutating func codes(_ record: [String]) -> [String] {
        probe.check(fields: record, recordNumber: 1).findings.map(\.code)
    }

    // MARK: Violations

    /// The rules a record can be made to break here (enforced, runnable with the
    /// reference data and facts given), and those it cannot, with the reason.
    public mutating func breakableRules() -> (rules: [Rule], skipped: [Skipped]) {
        var rules: [Rule] = []
        var skipped: [Skipped] = []
        let base = validRecord(number: 1)
        let fileLevel = Set(plan.fileRules.map(\.rule.code))
        let unenforced = Dictionary(plan.unenforced.map { ($0.rule.code, $0.reason) }, uniquingKeysWith: { first, _ in first })
        for rule in spec.rules {
            if let reason = unenforced[rule.code] {
                skipped.append(Skipped(rule: rule.code, reason: "not machine-readable: \(reason)"))
                continue
            }
            guard fileLevel.contains(rule.code) || checksByCode[rule.code] != nil else { continue }
            if probe.rulesNotRun.contains(rule.code) {
                skipped.append(Skipped(rule: rule.code, reason: "cannot run: reference data or submission facts not given"))
                continue
            }
            if fileLevel.contains(rule.code) || violation(of: rule, base: base) != nil {
                rules.append(rule)
            } else {
                skipped.append(Skipped(rule: rule.code, reason: "no record found that breaks it"))
            }
        }
        return (rules, skipped)
    }

    /// `base` changed to break `rule` alone (record-level rules), or nil when no such change was found.
    /// `base` changed to break `rule` (record-level rules) with the codes a validator then
    /// reports: the rule's alone when possible, else with the fewest companions; nil when no
    /// change breaks it. `salt` (the record number) keeps values written to break a rule
    /// distinct between records.
    public mutating func violation(of rule: Rule, base: [String], salt: Int = 0) -> (record: [String], findings: [String])? {
        if case .fieldCount? = rule.ast {
            let record = base + ["extra"]
            return (record, codes(record))
        }
        guard let check = checksByCode[rule.code] else { return nil }
        self.salt = salt
        var best: (record: [String], findings: [String])?
        for candidate in candidates(for: check, base) {
            let found = codes(candidate)
            guard found.contains(rule.code) else { continue }
            if found == [rule.code] { return (candidate, found) }
            if found.count <= 4, best.map({ found.count < $0.findings.count }) ?? true { best = (candidate, found) }
        }
        return best
    }

    private mutating func candidates(for check: Check, _ base: [String]) -> [[String]] {
        func with(_ field: Check.Field, _ value: String, in record: [String] = base) -> [String] {
            var record = record
            record[field.index] = value
            return record
        }
        func item(_ field: Check.Field) -> DataItem? { spec.item(uid: field.uid) }
        switch check {
        case .populated(let f): return [with(f, "")]
        case .anyPopulated(let fields): return [fields.reduce(base) { with($1, "", in: $0) }]
        case .format(let f, let format): return wrongLength(f, min: format.minLength, max: format.maxLength, numeric: format.kind == .numeric, base)
        case .length(let f, let low, let high): return wrongLength(f, min: low, max: high, numeric: false, base)
        case .lettersAndDigits(let f, let low, let high):
            return wrongLength(f, min: low, max: high, numeric: false, base) + [with(f, String(repeating: "&", count: low))]
        case .digits(let f, let count): return [with(f, String(repeating: "1", count: count + 1)), with(f, String(repeating: "1", count: max(1, count - 1))), with(f, String(repeating: "1", count: count - 1) + "X")]
        case .validDate(let f): return [with(f, "2026-02-30"), with(f, "30/04/2026")]
        case .validTime(let f): return [with(f, "25:00:00")]
        case .validTimestamp(let f): return [with(f, "2026-02-30T10:00:00Z"), with(f, "2026-04-01T10:00:00")]
        case .oneOf(let f, _, _):
            let length = item(f)?.format.maxLength ?? 1
            return ["Q", "QQ", "ZZ", "?"].map { String($0.prefix(max(1, length))) }.map { with(f, $0) } + [with(f, String(repeating: "Q", count: length))]
        case .modulus11(let f):
            let value = base[f.index]
            guard let last = value.last?.wholeNumberValue else { return [] }
            return (1...9).map { with(f, String(value.dropLast()) + String((last + $0) % 10)) }
        case .postcode(let f): return [with(f, base[f.index].replacingOccurrences(of: " ", with: ""))] + (reference?.codes(in: "ONS POSTCODE DIRECTORY").filter { !$0.contains(" ") }.map { with(f, $0) } ?? [])
        case .pattern(let f, _): return [with(f, "99999999"), with(f, "!"), with(f, "Q")]
        case .timeZoneOffset(let f, _):
            let value = base[f.index]
            guard value.count >= 19 else { return [] }
            return [with(f, String(value.prefix(19)) + "+05:00"), with(f, String(value.prefix(19)) + "-04:00")]
        case .compare(let value, let comparison, let operand):
            guard let target = operandDate(operand, base) else { return [] }
            let shifts: [Int] = switch comparison {
            case .onOrBefore: [1, 2, 5]
            case .before: [0, 1, 3]
            case .onOrAfter: [-1, -2, -5]
            case .after: [0, -1, -3]
            }
            return shifts.map { with(value.field, temporal(target.adding(days: $0), kind: value.field.kind)) }
        case .within(let value, let amount, let unit, let after, let operand):
            guard let target = operandDate(operand, base) else { return [] }
            let sign = after ? 1 : -1
            let bound: ISODate = switch unit {
            case .days: target.adding(days: sign * amount)
            case .months: target.adding(months: sign * amount)
            case .years: target.adding(months: sign * amount * 12)
            }
            return [1, 3, 10].map { with(value.field, temporal(bound.adding(days: sign * $0), kind: value.field.kind)) }
        case .when(let condition, let then):
            return satisfying(condition, base).flatMap { candidates(for: then, $0) }
        case .forbidden(let condition):
            return satisfying(condition, base)
        case .exists(let f, let dataset), .active(let f, let dataset, _, _, _):
            guard let item = item(f) else { return [] }
            var values: [String] = []
            if case .active = check, let reference {
                values += reference.codes(in: dataset).filter { code in (reference.periods(of: code, in: dataset) ?? []).allSatisfy { $0.end != nil } }
            }
            for _ in 0..<6 { values.append(value(for: item, excluding: check)) }
            for _ in 0..<6 { values.append(unknownCode(for: item)) }
            let known = Set(reference?.codes(in: dataset) ?? [])
            let mustBeUnknown = if case .exists = check { true } else { false }
            return values.filter { !(mustBeUnknown && known.contains($0)) }.map { with(f, $0) }
        case .maps(let from, let to, let dataset):
            guard let reference else { return [] }
            let mapped = Set(reference.mappings(in: dataset).filter { $0.from == base[from.index] }.map(\.to))
            return reference.mappings(in: dataset).map(\.to).filter { !mapped.contains($0) && isActive($0, itemRules: rulesByItem[to.uid] ?? []) }.map { with(to, $0) }
        }
    }

    private func wrongLength(_ field: Check.Field, min: Int, max: Int, numeric: Bool, _ base: [String]) -> [[String]] {
        func filler(_ count: Int) -> String {
            String((String(salt) + String(repeating: numeric ? "1" : "A", count: count)).prefix(count))
        }
        var values = [filler(max + 1)]
        if min > 1 { values.append(filler(min - 1)) }
        return values.map { value in
            var record = base
            record[field.index] = value
            return record
        }
    }

    private func operandDate(_ operand: Check.Operand, _ record: [String]) -> ISODate? {
        let submission = context.submission
        switch operand {
        case .field(let field):
            let text = record[field.field.index]
            return field.isTimestamp ? Timestamp(parsing: text)?.ukLocalDate : ISODate(parsing: text)
        case .date(let iso): return ISODate(parsing: iso)
        case .submissionDate: return submission.submissionDate
        case .submissionMonthStart: return submission.submissionDate?.startOfMonth
        case .reportingPeriodStart: return submission.reportingPeriodStart
        case .reportingPeriodEnd: return submission.reportingPeriodEnd
        }
    }

    /// Records in which `condition` holds, made from `base`.
    private mutating func satisfying(_ condition: Check.Condition, _ base: [String]) -> [[String]] {
        func with(_ field: Check.Field, _ value: String) -> [String] {
            var record = base
            record[field.index] = value
            return record
        }
        func current(_ field: Check.Field) -> String { base[field.index] }
        switch condition {
        case .populated(let f): return current(f).isEmpty ? [] : [base]
        case .blank(let f): return [with(f, "")]
        case .equals(let f, let values): return values.map { with(f, $0) }
        case .startsWith(let f, let prefix):
            let value = current(f)
            let tail = value.split(separator: " ").last.map(String.init) ?? ""
            return [prefix + " " + tail, prefix + String(value.dropFirst(prefix.count)), prefix].map { with(f, $0) }
        case .satisfies(let check):
            // The check's blank fields given values their rules accept (candidates are validated).
            var record = base
            for field in check.fields where current(field).isEmpty {
                if let item = spec.item(uid: field.uid) { record[field.index] = value(for: item, excluding: nil) }
            }
            return [record]
        case .not(let inner):
            switch inner {
            case .startsWith(let f, let prefix): return current(f).withFieldBytes { RuleChecks.startsWith($0, prefix) } ? [] : [base]
            case .equals(let f, let values): return values.contains(current(f)) ? [] : [base]
            case .populated(let f): return [with(f, "")]
            case .blank(let f): return current(f).isEmpty ? [] : [base]
            case .not(let twice): return satisfying(twice, base)
            case .satisfies: return [base]
            }
        }
    }

    /// The field a check is about, for picking values.
    private static func subject(of check: Check) -> Check.Field? {
        switch check {
        case .populated(let f), .format(let f, _), .length(let f, _, _), .digits(let f, _), .validDate(let f), .validTime(let f),
             .validTimestamp(let f), .oneOf(let f, _, _), .modulus11(let f), .postcode(let f), .pattern(let f, _),
             .timeZoneOffset(let f, _), .exists(let f, _), .active(let f, _, _, _, _), .maps(let f, _, _), .lettersAndDigits(let f, _, _):
            return f
        case .compare(let value, _, _), .within(let value, _, _, _, _):
            return value.field
        case .when(let condition, let then):
            if case .not(.startsWith) = condition { return subject(of: then) }
            return nil
        case .anyPopulated, .forbidden:
            return nil
        }
    }
}

import Foundation
