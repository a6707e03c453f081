/// Calendar arithmetic on dates, and the UK local date of a timestamp.
extension ISODate {
    /// The date `days` days after 1970-01-01 (negative: before).
    ///
    /// - Parameter days: days since 1970-01-01.
    public init(daysSinceEpoch days: Int) {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(calendarYear: year, month: month, day: day)
    }

    /// The date `count` days later (earlier when negative).
    ///
    /// - Parameter count: days to add.
    public func adding(days count: Int) -> ISODate {
        ISODate(daysSinceEpoch: daysSinceEpoch + count)
    }

    /// The date `count` calendar months later (earlier when negative). A day that the
    /// target month lacks becomes its last day: 2024-01-31 + 1 month = 2024-02-29.
    ///
    /// - Parameter count: months to add.
    public func adding(months count: Int) -> ISODate {
        let index = year * 12 + (month - 1) + count
        let targetYear = index >= 0 ? index / 12 : -((-index + 11) / 12)
        let targetMonth = index - targetYear * 12 + 1
        return ISODate(calendarYear: targetYear, month: targetMonth, day: min(day, ISODate.daysInMonth(year: targetYear, month: targetMonth)))
    }

    /// How this date orders against `other.adding(months: count)` — negative before it, 0 on
    /// it, positive after — without making that date: the months decide unless both fall in
    /// the same month, where the bound is `other`'s day or, if this month is shorter, its last.
    @inlinable
    @_spi(ETOSGenerated) public func order(againstMonths count: Int, from other: ISODate) -> Int {
        // Unchecked: a date's year, even one reached by arithmetic, is far from overflowing.
        let months = year &* 12 &+ month, boundMonths = other.year &* 12 &+ other.month &+ count
        guard months == boundMonths else { return months - boundMonths }
        return day - (other.day <= 28 ? other.day : min(other.day, ISODate.daysInMonth(year: year, month: month)))
    }

    /// The first day of this date's month.
    public var startOfMonth: ISODate { ISODate(calendarYear: year, month: month, day: 1) }
}

extension Timestamp {
    /// The calendar date in England at this moment: UTC, plus an hour while British
    /// Summer Time is in force (from 01:00 UTC on the last Sunday of March to 01:00 UTC
    /// on the last Sunday of October).
    public var ukLocalDate: ISODate { inEngland.date }

    /// ``ukLocalDate`` and ``instant`` worked out together (the written date's day number once).
    var inEngland: (date: ISODate, instant: Int) {
        Timestamp.inEngland(date, secondsSinceMidnight: time.secondsSinceMidnight, offsetMinutes: offsetMinutes)
    }

    /// ``inEngland`` of a timestamp given by its parts.
    static func inEngland(_ date: ISODate, secondsSinceMidnight: Int, offsetMinutes: Int) -> (date: ISODate, instant: Int) {
        let writtenDays = date.daysSinceEpoch
        // Unchecked arithmetic: the parts are within a day, the day number far from overflowing.
        let fromMidnight = secondsSinceMidnight &- offsetMinutes &* 60  // the moment, from the written day's UTC midnight
        let instant = writtenDays &* 86_400 &+ fromMidnight
        // An offset moves the moment less than 15 hours from the written clock time, so only a
        // date written in March or October can fall either side of a bound (the last Sundays
        // of those months). The written year picks the bounds: the UTC year differs from it
        // only within a day of New Year, far from either bound.
        let summer: Bool
        switch date.month {
        case 4...9: summer = true
        case 3, 10:
            let (summerStart, summerEnd) = summerTime(year: date.year)
            summer = instant >= summerStart && instant < summerEnd
        default: summer = false
        }
        // Days from the written date to the local one: `fromMidnight` + 1 day is positive
        // (an offset is under 15 hours), so this is a plain division.
        let dayShift = (fromMidnight &+ (summer ? 3_600 : 0) &+ 86_400) / 86_400 &- 1
        // Usually the written date itself; otherwise a day or two either side.
        return (dayShift == 0 ? date : date.adding(days: dayShift), instant)
    }

    /// The moments British Summer Time starts and ends in `year` (seconds since 1970),
    /// from a table for 1900–2199 built once.
    private static func summerTime(year: Int) -> (start: Int, end: Int) {
        guard (1900..<2200).contains(year) else { return computeSummerTime(year: year) }
        return summerTimeTable[year - 1900]
    }

    private static let summerTimeTable: [(start: Int, end: Int)] = (1900..<2200).map { computeSummerTime(year: $0) }

    private static func computeSummerTime(year: Int) -> (start: Int, end: Int) {
        (lastSunday(year: year, month: 3).daysSinceEpoch * 86_400 + 3_600, lastSunday(year: year, month: 10).daysSinceEpoch * 86_400 + 3_600)
    }

    private static func lastSunday(year: Int, month: Int) -> ISODate {
        let last = ISODate(calendarYear: year, month: month, day: ISODate.daysInMonth(year: year, month: month))
        // 1970-01-01 was a Thursday: weekday 0 = Thursday, 3 = Sunday.
        let weekday = ((last.daysSinceEpoch % 7) + 7) % 7
        return last.adding(days: -((weekday - 3 + 7) % 7))
    }
}
