#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The checks generated rule functions call. Each takes submitted text (trimmed here) and
/// returns a ``RuleVerdict``. A blank or unreadable operand skips a rule unless the rule is
/// about presence: the item's own format rule reports a bad value.
public enum RuleChecks {
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

    public enum Comparison: Sendable {
        case before, onOrBefore, after, onOrAfter
    }

    public enum CalendarUnit: Sendable {
        case days, months, years
    }

    // MARK: Presence and shape

    public static func populated(_ text: String) -> RuleVerdict {
        trimmed(text).isEmpty ? .fail : .pass
    }

    public static func atLeastOnePopulated(_ texts: [String]) -> RuleVerdict {
        texts.contains { !trimmed($0).isEmpty } ? .pass : .fail
    }

    /// Length in characters within `min...max`.
    public static func length(_ text: String, min: Int, max: Int) -> RuleVerdict {
        check(text) { (min...max).contains(ItemCheck.characterCount($0)) }
    }

    /// Exactly `count` ASCII digits.
    public static func digits(_ text: String, count: Int) -> RuleVerdict {
        check(text) { $0.utf8.count == count && DigitString(rawValue: $0) != nil }
    }

    /// Fits a format: `shape` as in ``ItemCheck/Shape``, length bounds as the notation gives.
    public static func format(_ text: String, shape: ItemCheck.Shape, min: Int, max: Int) -> RuleVerdict {
        check(text) { value in
            switch shape {
            case .alphanumeric: (min...max).contains(ItemCheck.characterCount(value))
            case .numeric: (min...max).contains(value.utf8.count) && DigitString(rawValue: value) != nil
            case .date: ISODate(parsing: value) != nil
            case .time: TimeOfDay(parsing: value) != nil
            case .timestamp: value.utf8.count <= max && Timestamp(parsing: value) != nil
            }
        }
    }

    public static func validDate(_ text: String) -> RuleVerdict { check(text) { ISODate(parsing: $0) != nil } }
    public static func validTime(_ text: String) -> RuleVerdict { check(text) { TimeOfDay(parsing: $0) != nil } }
    public static func validTimestamp(_ text: String) -> RuleVerdict { check(text) { Timestamp(parsing: $0) != nil } }

    /// One of `codes`, exactly as written.
    public static func oneOf(_ text: String, _ codes: Set<String>) -> RuleVerdict { check(text) { codes.contains($0) } }

    /// One of a code-list enum's codes.
    public static func inCodeList<Code: RawRepresentable>(_ text: String, _ type: Code.Type) -> RuleVerdict where Code.RawValue == String {
        check(text) { Code(rawValue: $0) != nil }
    }

    /// The NHS number check digit. A value that is not ten digits (after removing spaces
    /// and dashes) is skipped: the format rule reports it.
    public static func modulus11(_ text: String) -> RuleVerdict {
        let value = trimmed(text)
        var digits = 0
        for byte in value.utf8 where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "-") {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return .skipped }
            digits += 1
        }
        guard digits == 10 else { return .skipped }
        return NHSNumber.passesModulus11(value) ? .pass : .fail
    }

    /// A UK postcode shape: an outward code of 2 to 4 letters and digits starting with a
    /// letter, one space, then a digit and two letters (`LS1 4AP`, `ZZ99 3CZ`).
    public static func postcode(_ text: String) -> RuleVerdict {
        check(text) { value in
            func letter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
            func digit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
            // Outward code, one space, inward code: at most 4 + 1 + 3 bytes.
            var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
            var count = 0
            var space = -1
            for byte in value.utf8 {
                guard count < 8 else { return false }
                if byte == UInt8(ascii: " ") {
                    guard space < 0 else { return false }
                    space = count
                }
                withUnsafeMutableBytes(of: &bytes) { $0[count] = byte }
                count += 1
            }
            return withUnsafeBytes(of: &bytes) { b in
                guard (2...4).contains(space), count - space - 1 == 3, letter(b[0]) else { return false }
                for index in 1..<space where !letter(b[index]) && !digit(b[index]) { return false }
                return digit(b[space + 1]) && letter(b[space + 2]) && letter(b[space + 3])
            }
        }
    }

    /// The whole value matches `pattern`.
    public static func matches(_ text: String, _ pattern: Pattern) -> RuleVerdict {
        check(text) { pattern.wholeMatch($0) }
    }

    /// A timestamp whose offset is written as one of `allowed` (`Z`, `+00:00`, `+01:00`, `-00:00`, …).
    public static func timeZoneOffset(_ text: String, allowed: [String]) -> RuleVerdict {
        let value = trimmed(text)
        guard let timestamp = Timestamp(parsing: value) else { return .skipped }
        // A parsed timestamp ends in `Z`/`z` or in the offset as `±hh:mm`.
        let written = timestamp.isZulu ? "Z" : String(decoding: value.utf8.suffix(6), as: UTF8.self)
        return allowed.contains(written) ? .pass : .fail
    }

    // MARK: Dates and timestamps

    /// Compares a date or timestamp with an operand. Two timestamps compare as moments;
    /// otherwise timestamps are taken as their date in England (``Timestamp/ukLocalDate``).
    /// A nil `value` (blank or unreadable) skips the rule.
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
    public static func within(_ value: TemporalValue?, _ amount: Int, _ unit: CalendarUnit, after: Bool, _ operand: Operand, _ context: ValidationContext) -> RuleVerdict {
        guard let value else { return .skipped }
        let other: TemporalValue
        switch resolve(operand, context) {
        case .value(let resolved): other = resolved
        case .verdict(let verdict): return verdict
        }
        let signed = after ? amount : -amount
        let bound: ISODate = switch unit {
        case .days: other.date.adding(days: signed)
        case .months: other.date.adding(months: signed)
        case .years: other.date.adding(months: signed * 12)
        }
        return (after ? value.date <= bound : value.date >= bound) ? .pass : .fail
    }

    // MARK: Reference data

    /// The value is a code of `dataset`.
    public static func exists(_ text: String, in dataset: String, _ context: ValidationContext) -> RuleVerdict {
        let value = trimmed(text)
        guard !value.isEmpty else { return .skipped }
        guard let known = context.referenceData?.contains(value, in: dataset) else { return notLoaded(dataset) }
        return known ? .pass : .fail
    }

    /// The code was active at the date of `at`, or retired no more than the grace before it.
    public static func active(_ text: String, in dataset: String, at: TemporalValue?, grace amount: Int, _ unit: CalendarUnit, _ context: ValidationContext) -> RuleVerdict {
        let value = trimmed(text)
        guard !value.isEmpty, let at = at?.date else { return .skipped }
        let found = context.referenceData?.anyPeriod(of: value, in: dataset) { period in
            let end = period.end.map { end -> ISODate in
                switch unit {
                case .days: end.adding(days: amount)
                case .months: end.adding(months: amount)
                case .years: end.adding(months: amount * 12)
                }
            }
            return (period.start.map { $0 <= at } ?? true) && (end.map { at <= $0 } ?? true)
        }
        guard let active = found else { return notLoaded(dataset) }
        return active ? .pass : .fail
    }

    /// `dataset` maps the first value to the second.
    public static func maps(_ text: String, to otherText: String, in dataset: String, _ context: ValidationContext) -> RuleVerdict {
        let from = trimmed(text)
        let to = trimmed(otherText)
        guard !from.isEmpty, !to.isEmpty else { return .skipped }
        guard let maps = context.referenceData?.maps(from, to: to, in: dataset) else { return notLoaded(dataset) }
        return maps ? .pass : .fail
    }

    // MARK: Conditions

    public static func isPopulated(_ text: String) -> Bool { !trimmed(text).isEmpty }

    /// One of a few `values` (a condition's list; code lists use ``oneOf(_:_:)``).
    public static func equals(_ text: String, _ values: [String]) -> Bool { values.contains(trimmed(text)) }

    /// Case-insensitive prefix test.
    public static func startsWith(_ text: String, _ prefix: String) -> Bool {
        let value = trimmed(text)
        // Printable ASCII (the usual case): compare bytes ignoring case, as upper-casing would.
        func printable(_ string: String) -> Bool { string.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
        if printable(value), printable(prefix) {
            guard value.utf8.count >= prefix.utf8.count else { return false }
            return zip(value.utf8, prefix.utf8).allSatisfy { asciiUpper($0) == asciiUpper($1) }
        }
        return value.uppercased().hasPrefix(prefix.uppercased())
    }

    private static func asciiUpper(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
    }

    // MARK: Helpers

    /// Leading and trailing spaces and tabs removed.
    public static func trimmed(_ text: String) -> String { ItemCheck.trim(text) }

    private static func check(_ text: String, _ predicate: (String) -> Bool) -> RuleVerdict {
        let value = trimmed(text)
        guard !value.isEmpty else { return .skipped }
        return predicate(value) ? .pass : .fail
    }

    private static func notLoaded(_ dataset: String) -> RuleVerdict {
        .notRun(reason: "reference data \(dataset) is not loaded")
    }

    private enum Resolved {
        case value(TemporalValue)
        case verdict(RuleVerdict)
    }

    private static func resolve(_ operand: Operand, _ context: ValidationContext) -> Resolved {
        let submission = context.submission
        func fact(_ date: ISODate?, _ name: String) -> Resolved {
            date.map { .value(TemporalValue(date: $0)) } ?? .verdict(.notRun(reason: "the \(name) is not given"))
        }
        switch operand {
        case .field(let value):
            return value.map { .value($0) } ?? .verdict(.skipped)
        case .date(let date): return .value(TemporalValue(date: date))
        case .submissionDate: return fact(submission.submissionDate, "submission date")
        case .submissionMonthStart: return fact(submission.submissionDate?.startOfMonth, "submission date")
        case .reportingPeriodStart: return fact(submission.reportingPeriodStart, "reporting period")
        case .reportingPeriodEnd: return fact(submission.reportingPeriodEnd, "reporting period")
        }
    }
}

/// A date, or a timestamp as its moment and its date in England: what date rules compare.
/// Generated code reads each field once per record (`RuleOperands`) for all the rules using it.
public struct TemporalValue: Sendable {
    public let date: ISODate
    /// Seconds since the epoch, for timestamps.
    public let instant: Int?

    /// `text` (trimmed) read as a date or a timestamp; nil when blank or unreadable.
    public init?(_ text: String, _ kind: RuleChecks.TemporalKind) {
        let value = RuleChecks.trimmed(text)
        switch kind {
        case .date:
            guard let date = ISODate(parsing: value) else { return nil }
            self.init(date: date)
        case .timestamp:
            guard let timestamp = Timestamp(parsing: value) else { return nil }
            self.init(timestamp: timestamp)
        }
    }

    public init(date: ISODate) {
        self.date = date
        instant = nil
    }

    public init(timestamp: Timestamp) {
        date = timestamp.ukLocalDate
        instant = timestamp.instant
    }
}

/// A compiled regular expression for ``RuleChecks/matches(_:_:)``.
///
/// Swift `Regex` is the reference semantics. A pattern written in the subset where POSIX
/// extended expressions mean the same (literals, classes, groups, `|`, quantifiers, anchors;
/// no escapes, no `.`) is also compiled with `regcomp`, and printable ASCII values are matched with
/// `regexec`, several times faster; a test checks both agree.
public final class Pattern: @unchecked Sendable {
    // Regex is not Sendable; this one is built once and only ever read. `regexec` on a
    // compiled `regex_t` is safe from several threads.
    private let regex: Regex<AnyRegexOutput>
    private let posix: UnsafeMutablePointer<regex_t>?

    /// Compiles `source`; generated code only passes patterns the compiler has checked.
    public init(_ source: String) {
        let compiled = try? Regex(source)
        regex = compiled ?? (try! Regex("(?!)"))
        posix = compiled == nil ? nil : Pattern.compilePOSIX(source)
    }

    deinit {
        if let posix {
            regfree(posix)
            posix.deallocate()
        }
    }

    public func wholeMatch(_ text: String) -> Bool {
        if let posix, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return text.withCString { regexec(posix, $0, 0, nil, 0) == 0 }
        }
        return (try? regex.wholeMatch(in: text)) != nil
    }

    /// True when `source` is in the subset Swift `Regex` and POSIX extended expressions read alike.
    public static func isPOSIXCompatible(_ source: String) -> Bool {
        !source.contains("[:") && !source.contains("{,") && source.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            default: Array("[]()|*+?{},^$- _:/@#&=<>%~!'".utf8).contains(byte)
            }
        }
    }

    private static func compilePOSIX(_ source: String) -> UnsafeMutablePointer<regex_t>? {
        guard isPOSIXCompatible(source) else { return nil }
        let compiled = UnsafeMutablePointer<regex_t>.allocate(capacity: 1)
        guard regcomp(compiled, "^(" + source + ")$", REG_EXTENDED | REG_NOSUB) == 0 else {
            compiled.deallocate()
            return nil
        }
        return compiled
    }
}
