/// The checks generated rule functions call. Each takes a field's bytes (trimmed here) and
/// returns a ``RuleVerdict``. A blank or unreadable operand skips a rule unless the rule is
/// about presence: the item's own format rule reports a bad value.
@_spi(ETOSGenerated) public enum RuleChecks {
    /// Whether a date or timestamp field holds a date or a timestamp.
    public enum TemporalKind: Sendable {
        case date, timestamp
    }

    /// What a date or timestamp is compared with.
    public enum Operand: Sendable {
        /// Another field's value (nil when blank or unreadable: the rule is skipped).
        case field(TemporalValue?)
        case date(ISODate)
        case submissionDate
        case submissionMonthStart
        case reportingPeriodStart
        case reportingPeriodEnd
    }

    // MARK: Presence and shape

    public static func populated(_ value: FieldBytes) -> RuleVerdict {
        isPopulated(value) ? .pass : .fail
    }

    public static func atLeastOnePopulated(_ values: [FieldBytes]) -> RuleVerdict {
        values.contains(where: isPopulated) ? .pass : .fail
    }

    /// Length in characters within `min...max`.
    public static func length(_ value: FieldBytes, min: Int, max: Int) -> RuleVerdict {
        check(value) { (min...max).contains(ItemCheck.characterCount($0)) }
    }

    /// From `min` to `max` characters, each an ASCII letter or digit.
    public static func lettersAndDigits(_ value: FieldBytes, min: Int, max: Int) -> RuleVerdict {
        check(value) { (min...max).contains($0.count) && ItemCheck.isLettersAndDigits($0) }
    }

    /// Exactly `count` ASCII digits.
    public static func digits(_ value: FieldBytes, count: Int) -> RuleVerdict {
        check(value) { $0.count == count && ItemCheck.isDigits($0) }
    }

    /// Fits a format: `shape` as in ``ValueKind``, length bounds as the notation gives.
    public static func format(_ value: FieldBytes, shape: ValueKind, min: Int, max: Int, fraction: ClosedRange<Int> = 0...0) -> RuleVerdict {
        check(value) { value in
            switch shape {
            case .alphanumeric: (min...max).contains(ItemCheck.characterCount(value))
            case .numeric: (min...max).contains(value.count) && ItemCheck.isDigits(value)
            case .date: ISODate(bytes: value.buffer) != nil
            case .time: TimeOfDay(bytes: value.buffer) != nil
            case .timestamp: value.count <= max && Timestamp(bytes: value.buffer) != nil
            case .decimal: ItemCheck.isDecimal(value, whole: min...max, fraction: fraction)
            }
        }
    }

    public static func validDate(_ value: FieldBytes) -> RuleVerdict { check(value) { ISODate(bytes: $0.buffer) != nil } }
    public static func validTime(_ value: FieldBytes) -> RuleVerdict { check(value) { TimeOfDay(bytes: $0.buffer) != nil } }
    public static func validTimestamp(_ value: FieldBytes) -> RuleVerdict { check(value) { Timestamp(bytes: $0.buffer) != nil } }

    /// One of `codes`, exactly as written.
    public static func oneOf(_ value: FieldBytes, _ codes: CodeSet) -> RuleVerdict { check(value) { codes.contains($0) } }

    /// One of a code-list enum's codes.
    public static func inCodeList<Code: RawRepresentable>(_ value: FieldBytes, _ type: Code.Type) -> RuleVerdict where Code.RawValue == String {
        check(value) { Code(rawValue: $0.string) != nil }
    }

    /// The NHS number check digit, spaces and dashes ignored. A value that is not ten digits
    /// fails too, as NHS England's processing reports it (beside the format rule): a check
    /// digit that cannot be computed is not a valid one.
    public static func modulus11(_ value: FieldBytes) -> RuleVerdict {
        let value = value.trimmed
        guard !value.isEmpty else { return .skipped }
        return NHSNumber.modulus11(value.buffer) == true ? .pass : .fail
    }

    /// A UK postcode shape: an outward code of 2 to 4 letters and digits starting with a
    /// letter, one space, then a digit and two letters (`LS1 4AP`, `ZZ99 3CZ`).
    public static func postcode(_ value: FieldBytes) -> RuleVerdict {
        check(value) { b in
            func letter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }
            func digit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") <= 9 }
            // Outward code, one space, inward code: 6 to 8 bytes.
            let count = b.count
            guard count >= 6, count <= 8, b[count - 4] == UInt8(ascii: " "), letter(b[0]) else { return false }
            let space = count - 4
            for index in 1..<space where !letter(b[index]) && !digit(b[index]) { return false }
            return digit(b[space + 1]) && letter(b[space + 2]) && letter(b[space + 3])
        }
    }

    /// The whole value matches `pattern`.
    public static func matches(_ value: FieldBytes, _ pattern: Pattern) -> RuleVerdict {
        check(value) { pattern.wholeMatch($0) }
    }

    /// A timestamp whose offset is written as one of `allowed` (`Z`, `+00:00`, `+01:00`, `-00:00`, …).
    public static func timeZoneOffset(_ value: FieldBytes, allowed: CodeSet) -> RuleVerdict {
        let value = value.trimmed
        guard TimestampParts(value.buffer) != nil else { return .skipped }
        return offset(of: value, isIn: allowed)
    }

    /// ``timeZoneOffset(_:allowed:)`` for a value already read as a timestamp, `timestamp`
    /// (nil when blank or unreadable: skipped), so it is not parsed again.
    public static func timeZoneOffset(_ value: FieldBytes, _ timestamp: TemporalValue?, allowed: CodeSet) -> RuleVerdict {
        guard timestamp != nil else { return .skipped }
        return offset(of: value.trimmed, isIn: allowed)
    }

    /// Whether a valid timestamp's offset is written as one of `allowed`: it ends in `Z`/`z`
    /// or in the offset as `±hh:mm`.
    private static func offset(of timestamp: FieldBytes, isIn allowed: CodeSet) -> RuleVerdict {
        // A caller's timestamp that does not match the value (too short to hold an offset)
        // cannot be judged: nothing is read outside the value.
        guard timestamp.count > 0 else { return .skipped }
        let last = timestamp[timestamp.count - 1]
        if last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") {
            return allowed.containsPacked(zulu) ? .pass : .fail
        }
        guard timestamp.count >= 8 else { return .skipped }
        // `±hh:mm`: the last six of a valid timestamp's at least 25 bytes, packed as
        // ``FieldBytes/packed`` packs them, from the word ending the value.
        let word = UInt64(littleEndian: UnsafeRawPointer(timestamp.buffer.baseAddress.unsafelyUnwrapped + timestamp.count - 8).loadUnaligned(as: UInt64.self))
        return allowed.containsPacked(word >> 16 | 6 << 56) ? .pass : .fail
    }

    /// `Z` as ``FieldBytes/packed`` gives it: the length, then the byte.
    private static let zulu: UInt64 = 1 << 56 | UInt64(UInt8(ascii: "Z"))

    // MARK: Dates and timestamps

    /// Compares a date or timestamp with an operand. Two timestamps compare as moments;
    /// otherwise timestamps are taken as their date in England (``Timestamp/ukLocalDate``).
    /// A nil `value` (blank or unreadable) skips the rule.
    @inlinable
    public static func compare(_ value: TemporalValue?, _ comparison: Comparison, _ operand: Operand, _ context: ValidationContext) -> RuleVerdict {
        guard let value else { return .skipped }
        let other: TemporalValue
        switch resolve(operand, context) {
        case .value(let resolved): other = resolved
        case .verdict(let verdict): return verdict
        }
        let order: Int
        if let a = value.instant, let b = other.instant {
            order = a < b ? -1 : (a == b ? 0 : 1)
        } else {
            order = value.date < other.date ? -1 : (value.date == other.date ? 0 : 1)
        }
        let holds = switch comparison {
        case .before: order < 0
        case .onOrBefore: order <= 0
        case .after: order > 0
        case .onOrAfter: order >= 0
        }
        return holds ? .pass : .fail
    }

    /// `value ≤ operand + amount` (`after`) or `value ≥ operand − amount` (`before`), in whole
    /// days on dates in England; months and years are calendar months and years.
    @inlinable
    public static func within(_ value: TemporalValue?, _ amount: Int, _ unit: CalendarUnit, after: Bool, _ operand: Operand, _ context: ValidationContext) -> RuleVerdict {
        guard let value else { return .skipped }
        let other: TemporalValue
        switch resolve(operand, context) {
        case .value(let resolved): other = resolved
        case .verdict(let verdict): return verdict
        }
        let signed = after ? amount : -amount
        // Day or month numbers compared directly: the same as comparing with the date
        // `signed` days or months on.
        let order: Int
        switch unit {
        case .days: order = value.date.daysSinceEpoch - (other.date.daysSinceEpoch + signed)
        case .months: order = value.date.order(againstMonths: signed, from: other.date)
        case .years: order = value.date.order(againstMonths: signed * 12, from: other.date)
        }
        return (after ? order <= 0 : order >= 0) ? .pass : .fail
    }

    // MARK: Reference data

    // Reference-data rules test first that any reference data is loaded: without it they
    // cannot run on any record, whatever its values.

    /// The value is a code of `dataset`.
    public static func exists(_ value: FieldBytes, in dataset: String, _ context: ValidationContext) -> RuleVerdict {
        guard let data = context.reference?.data else { return .notRun(reason: .referenceDataNotLoaded) }
        let value = value.trimmed
        guard !value.isEmpty else { return .skipped }
        guard let known = data.anyPeriod(of: value, in: dataset, where: { _ in true }) else { return .notRun(reason: .referenceDataNotLoaded) }
        return known ? .pass : .fail
    }

    /// The code was active at the date of `at`, or retired no more than the grace before it.
    public static func active(_ value: FieldBytes, in dataset: String, at: TemporalValue?, grace amount: Int, _ unit: CalendarUnit, _ context: ValidationContext) -> RuleVerdict {
        guard let data = context.reference?.data else { return .notRun(reason: .referenceDataNotLoaded) }
        let value = value.trimmed
        guard !value.isEmpty, let at = at?.date else { return .skipped }
        let found = data.anyPeriod(of: value, in: dataset) { period in
            let end = period.end.map { end -> ISODate in
                switch unit {
                case .days: end.adding(days: amount)
                case .months: end.adding(months: amount)
                case .years: end.adding(months: amount * 12)
                }
            }
            return (period.start.map { $0 <= at } ?? true) && (end.map { at <= $0 } ?? true)
        }
        guard let active = found else { return .notRun(reason: .referenceDataNotLoaded) }
        return active ? .pass : .fail
    }

    /// `dataset` maps the first value to the second.
    public static func maps(_ value: FieldBytes, to other: FieldBytes, in dataset: String, _ context: ValidationContext) -> RuleVerdict {
        guard let data = context.reference?.data else { return .notRun(reason: .referenceDataNotLoaded) }
        let from = value.trimmed
        let to = other.trimmed
        guard !from.isEmpty, !to.isEmpty else { return .skipped }
        guard let maps = data.maps(from, to: to, in: dataset) else { return .notRun(reason: .referenceDataNotLoaded) }
        return maps ? .pass : .fail
    }

    // MARK: Conditions

    @inlinable
    public static func isPopulated(_ value: FieldBytes) -> Bool { !value.trimmed.isEmpty }

    /// One of a few `values` (a condition's list; code lists use ``oneOf(_:_:)``).
    public static func equals(_ value: FieldBytes, _ values: [String]) -> Bool {
        let value = value.trimmed
        return values.contains(where: value.equals)
    }

    /// Case-insensitive prefix test.
    public static func startsWith(_ value: FieldBytes, _ prefix: String) -> Bool {
        // The prefix's bytes read in place (iterating a String's UTF-8 view costs far more
        // per byte).
        prefix.withFieldBytes { startsWith(value.trimmed, prefix: $0, text: prefix) }
    }

    private static func startsWith(_ value: FieldBytes, prefix bytes: FieldBytes, text prefix: String) -> Bool {
        // Printable ASCII (the usual case): bytes compared ignoring case, as upper-casing
        // would; anything else is upper-cased as text. A printable value ending before the
        // prefix cannot start with it.
        var index = 0
        for byte in bytes.buffer {
            guard byte >= 0x20, byte < 0x7F else { return startsWithUppercased(value, prefix) }
            guard index < value.count else { return false }
            let valueByte = value[index]
            guard valueByte >= 0x20, valueByte < 0x7F else { return startsWithUppercased(value, prefix) }
            if asciiUpper(valueByte) != asciiUpper(byte) { return false }
            index += 1
        }
        return true
    }

    private static func startsWithUppercased(_ value: FieldBytes, _ prefix: String) -> Bool {
        value.string.uppercased().hasPrefix(prefix.uppercased())
    }

    private static func asciiUpper(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
    }

    // MARK: Helpers

    /// Leading and trailing spaces and tabs removed.
    public static func trimmed(_ text: String) -> String {
        text.withFieldBytes { value in
            let kept = value.trimmed
            return kept.count == value.count ? text : kept.string
        }
    }

    private static func check(_ value: FieldBytes, _ predicate: (FieldBytes) -> Bool) -> RuleVerdict {
        let value = value.trimmed
        guard !value.isEmpty else { return .skipped }
        return predicate(value) ? .pass : .fail
    }

    @usableFromInline
    enum Resolved {
        case value(TemporalValue)
        case verdict(RuleVerdict)
    }

    @inlinable @inline(__always)
    static func resolve(_ operand: Operand, _ context: ValidationContext) -> Resolved {
        let submission = context.submission
        func fact(_ date: ISODate?, _ missing: NotRunReason) -> Resolved {
            date.map { .value(TemporalValue(date: $0)) } ?? .verdict(.notRun(reason: missing))
        }
        switch operand {
        case .field(let value):
            return value.map { .value($0) } ?? .verdict(.skipped)
        case .date(let date): return .value(TemporalValue(date: date))
        case .submissionDate: return fact(submission.submissionDate, .submissionDateNotGiven)
        case .submissionMonthStart: return fact(submission.submissionDate?.startOfMonth, .submissionDateNotGiven)
        case .reportingPeriodStart: return fact(submission.reportingPeriodStart, .reportingPeriodNotGiven)
        case .reportingPeriodEnd: return fact(submission.reportingPeriodEnd, .reportingPeriodNotGiven)
        }
    }
}

/// A date, or a timestamp as its moment and its date in England: what date rules compare.
/// Generated code reads each field once per record (`RuleOperands`) for all the rules using it.
@_spi(ETOSGenerated) public struct TemporalValue: Sendable {
    public let date: ISODate
    /// Seconds since the epoch, for timestamps.
    public let instant: Int?

    /// `value` (trimmed) read as a date or a timestamp; nil when blank or unreadable.
    public init?(_ value: FieldBytes, _ kind: RuleChecks.TemporalKind) {
        let value = value.trimmed
        switch kind {
        case .date:
            guard let date = ISODate(bytes: value.buffer) else { return nil }
            self.init(date: date)
        case .timestamp:
            self.init(timestampBytes: value.buffer)
        }
    }

    /// A timestamp read from its bytes without making a ``Timestamp``; nil when unreadable.
    init?(timestampBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard let parts = TimestampParts(bytes) else { return nil }
        (date, instant) = Timestamp.inEngland(parts.date, secondsSinceMidnight: parts.time.secondsSinceMidnight, offsetMinutes: parts.offsetMinutes)
    }

    @inlinable
    public init(date: ISODate) {
        self.date = date
        instant = nil
    }

    public init(timestamp: Timestamp) {
        let (date, instant) = timestamp.inEngland
        self.date = date
        self.instant = instant
    }
}

/// A compiled regular expression for ``RuleChecks/matches(_:_:)``.
///
/// Swift `Regex` is the reference semantics. A pattern in the plain subset
/// ``PatternAutomaton`` reads exactly as `Regex` does (literals, classes, groups, `|`,
/// quantifiers, anchors) is also compiled into a table, and printable ASCII values are
/// matched with it, one look-up per byte; a test checks both agree.
@_spi(ETOSGenerated) public final class Pattern: @unchecked Sendable {
    // Regex is not Sendable; this one is built once and only ever read.
    private let regex: Regex<AnyRegexOutput>
    private let automaton: PatternAutomaton?

    /// Compiles `source`; generated code only passes patterns the compiler has checked.
    public init(_ source: String) {
        let compiled = try? Regex(source)
        regex = compiled ?? (try! Regex("(?!)"))
        automaton = compiled == nil ? nil : PatternAutomaton(source)
    }

    /// True when values of printable ASCII are matched by the table rather than by `Regex`.
    public var isTabulated: Bool { automaton != nil }

    public func wholeMatch(_ text: String) -> Bool {
        text.withFieldBytes(wholeMatch)
    }

    public func wholeMatch(_ value: FieldBytes) -> Bool {
        if let automaton, value.buffer.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return automaton.wholeMatch(value)
        }
        return (try? regex.wholeMatch(in: value.string)) != nil
    }
}
