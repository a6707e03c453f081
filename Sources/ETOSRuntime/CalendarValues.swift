/// A calendar date written `CCYY-MM-DD`.
public struct ISODate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month.
    public let day: Int

    /// A valid date, or nil (month 1–12, day within the month, leap years counted).
    ///
    /// - Parameters:
    ///   - year: the year, 1–9999.
    ///   - month: the month, 1–12.
    ///   - day: the day of the month.
    public init?(year: Int, month: Int, day: Int) {
        // Every month has 28 days: only a later day needs its month's length.
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= 28 || day <= ISODate.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date reached by arithmetic, such as a bound six months before 0001-03-01: the month
    /// and day are valid, the year may lie outside what `CCYY` can write (it still compares
    /// and counts days correctly), so a rule near the ends of the calendar cannot fail.
    init(calendarYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `CCYY-MM-DD`.
    ///
    /// - Parameter text: the date's text.
    public init?(parsing text: some StringProtocol) {
        guard let parsed = text.utf8.withContiguousStorageIfAvailable({ ISODate(bytes: $0) }) ?? Array(text.utf8).withUnsafeBufferPointer({ ISODate(bytes: $0) }) else { return nil }
        self = parsed
    }

    /// Parses exactly `CCYY-MM-DD` from UTF-8 bytes.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, let head = DigitWord(bytes, at: 0, .dateHead), let tail = DigitWord(bytes, at: 2, .lastTwoDigits) else { return nil }
        self.init(year: head.fourDigits(at: 0), month: head.twoDigits(at: 5), day: tail.twoDigits(at: 6))
    }

    /// The number of days in a month.
    ///
    /// - Parameters:
    ///   - year: the year (for February).
    ///   - month: the month, 1–12.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (negative before).
    @inlinable
    public var daysSinceEpoch: Int {
        // Neri and Schneider's days-from-civil: years counted from March (January and
        // February belong to the year before) and shifted by one 400-year cycle, so that
        // every number is unsigned and every division a multiply and shift. Within the
        // years guarded nothing overflows, so the arithmetic is unchecked.
        guard year > -400, year < 1 << 40 else { return ISODate.daysSinceEpoch(year: year, month: month, day: day) }
        let isJanuaryOrFebruary = month <= 2
        let shiftedYear = UInt(bitPattern: year &+ 400) &- (isJanuaryOrFebruary ? 1 : 0)
        let shiftedMonth = UInt(bitPattern: month) &+ (isJanuaryOrFebruary ? 12 : 0)
        let century = shiftedYear / 100
        let yearDays = (1461 &* shiftedYear) / 4 &- century &+ century / 4
        let monthDays = (979 &* shiftedMonth &- 2919) / 32
        return Int(bitPattern: yearDays &+ monthDays &+ UInt(bitPattern: day)) &- 865_566
    }

    /// ``daysSinceEpoch`` for any year (Howard Hinnant's days_from_civil, signed).
    @usableFromInline
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Whether `lhs` is the earlier date.
    @inlinable
    public static func < (lhs: ISODate, rhs: ISODate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The date as `CCYY-MM-DD`.
    public var description: String { pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) }
}

/// A time of day written `HH:MM:SS`.
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The hour, 0–23.
    public let hour: Int
    /// The minute, 0–59.
    public let minute: Int
    /// The second, 0–59.
    public let second: Int

    /// Parses exactly `HH:MM:SS` (00:00:00 to 23:59:59).
    ///
    /// - Parameter text: the time's text.
    public init?(parsing text: some StringProtocol) {
        guard let parsed = Array(text.utf8).withUnsafeBufferPointer({ TimeOfDay(bytes: $0) }) else { return nil }
        self = parsed
    }

    /// Parses exactly `HH:MM:SS` from UTF-8 bytes.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 8, let word = DigitWord(bytes, at: 0, .time) else { return nil }
        self.init(hour: word.twoDigits(at: 0), minute: word.twoDigits(at: 3), second: word.twoDigits(at: 6))
    }

    /// A valid time, or nil.
    ///
    /// - Parameters:
    ///   - hour: the hour, 0–23.
    ///   - minute: the minute, 0–59.
    ///   - second: the second, 0–59.
    public init?(hour: Int, minute: Int, second: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Seconds from midnight to this time (unchecked arithmetic: the parts are within a day).
    public var secondsSinceMidnight: Int { hour &* 3600 &+ minute &* 60 &+ second }

    /// Whether `lhs` is the earlier time.
    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.secondsSinceMidnight < rhs.secondsSinceMidnight }

    /// The time as `hh:mm:ss`.
    public var description: String { pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2) }
}

/// An ISO 8601 date and time with a UTC offset: `CCYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)`.
///
/// Values keep the clock time and offset as written; ``instant`` compares them.
public struct Timestamp: Hashable, Sendable, CustomStringConvertible {
    /// The date as written (in the timestamp's offset).
    public let date: ISODate
    /// The clock time as written (in the timestamp's offset).
    public let time: TimeOfDay
    /// Fractional seconds as written after the point (empty when none).
    public let fraction: String
    /// Offset from UTC in minutes (`Z` is 0).
    public let offsetMinutes: Int
    /// True when the offset was written `Z`, false for a numeric offset.
    public let isZulu: Bool
    /// True for `-00:00` (RFC 3339's "offset unknown").
    public let isNegativeZero: Bool

    /// Parses the timestamp form; nil for anything else (a date alone, no offset, bad values).
    ///
    /// - Parameter text: the timestamp's text.
    public init?(parsing text: some StringProtocol) {
        // Parsed in place when the text is contiguous UTF-8 (native strings): no copy.
        guard let parsed = text.utf8.withContiguousStorageIfAvailable({ Timestamp(bytes: $0) }) ?? Array(text.utf8).withUnsafeBufferPointer({ Timestamp(bytes: $0) }) else { return nil }
        self = parsed
    }

    /// Parses the timestamp form from UTF-8 bytes.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let parts = TimestampParts(bytes) else { return nil }
        date = parts.date
        time = parts.time
        fraction = parts.fraction.isEmpty ? "" : String(decoding: bytes[parts.fraction], as: UTF8.self)
        offsetMinutes = parts.offsetMinutes
        isZulu = parts.isZulu
        isNegativeZero = parts.isNegativeZero
    }

    /// Seconds since 1970-01-01T00:00:00Z: the moment, whatever the offset.
    public var instant: Int {
        date.daysSinceEpoch * 86_400 + time.secondsSinceMidnight - offsetMinutes * 60
    }

    /// True for the offsets valid for activity in England: `+00:00`, `+01:00`, `-00:00` or `Z`.
    public var hasUKOffset: Bool { offsetMinutes == 0 || offsetMinutes == 60 }

    /// The timestamp as `CCYY-MM-DDThh:mm:ss[.fraction]±hh:mm` (or `Z`), as written.
    public var description: String {
        let offsetText: String
        if isZulu {
            offsetText = "Z"
        } else {
            let magnitude = abs(offsetMinutes)
            offsetText = (offsetMinutes < 0 || isNegativeZero ? "-" : "+") + pad(magnitude / 60, 2) + ":" + pad(magnitude % 60, 2)
        }
        return "\(date)T\(time)" + (fraction.isEmpty ? "" : "." + fraction) + offsetText
    }
}

/// The parts of the timestamp form read from UTF-8 bytes, the fraction as the range of its
/// digits: what ``Timestamp`` keeps, and what date rules read without making its text.
struct TimestampParts {
    let date: ISODate
    let time: TimeOfDay
    let fraction: Range<Int>
    let offsetMinutes: Int
    let isZulu: Bool
    let isNegativeZero: Bool

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        let count = bytes.count
        guard count >= 20, count <= 64,
              let head = DigitWord(bytes, at: 0, .dateHead), // CCYY-MM-
              let middle = DigitWord(bytes, at: 8, .timestampMiddle), // DDThh:mm
              let seconds = DigitWord(bytes, at: 11, .secondsTail), // …:ss, ending at byte 18
              let date = ISODate(year: head.fourDigits(at: 0), month: head.twoDigits(at: 5), day: middle.twoDigits(at: 0)),
              let time = TimeOfDay(hour: middle.twoDigits(at: 3), minute: middle.twoDigits(at: 6), second: seconds.twoDigits(at: 6))
        else { return nil }
        // The offset, read from the end: `Z` or `±hh:mm`.
        let offsetStart: Int
        var isZulu = false
        var isNegativeZero = false
        let offset: Int
        if bytes[count - 1] | 0x20 == UInt8(ascii: "z") {
            offsetStart = count - 1
            offset = 0
            isZulu = true
        } else {
            offsetStart = count - 6
            let sign = bytes[offsetStart]
            guard offsetStart >= 19, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
                  let zone = DigitWord(bytes, at: count - 8, .offsetTail) else { return nil }
            let hours = zone.twoDigits(at: 3), minutes = zone.twoDigits(at: 6)
            guard hours <= 14, minutes < 60 else { return nil }
            offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 60 + minutes)
            isNegativeZero = sign == UInt8(ascii: "-") && offset == 0
        }
        // Between the seconds and the offset: nothing, or a point and one or more digits.
        var fraction = 19..<19
        if offsetStart > 19 {
            guard bytes[19] == UInt8(ascii: "."), offsetStart > 20 else { return nil }
            for index in 20..<offsetStart where bytes[index] &- UInt8(ascii: "0") > 9 { return nil }
            fraction = 20..<offsetStart
        }
        self.date = date
        self.time = time
        self.fraction = fraction
        self.offsetMinutes = offset
        self.isZulu = isZulu
        self.isNegativeZero = isNegativeZero
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
