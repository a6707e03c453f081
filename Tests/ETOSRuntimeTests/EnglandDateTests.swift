@_spi(ETOSGenerated) import ETOSRuntime
import Testing

/// `Timestamp.ukLocalDate`: the date in England at a moment (GMT, or BST from 01:00 UTC on the
/// last Sunday of March to 01:00 UTC on the last Sunday of October).
@Suite("Date in England")
struct EnglandDateTests {
    private func date(_ text: String) throws -> ISODate {
        try #require(Timestamp(parsing: text)).ukLocalDate
    }

    @Test func summerTimeBoundsAndOffsets() throws {
        #expect(try date("2026-03-29T00:59:59Z") == ISODate(year: 2026, month: 3, day: 29))
        #expect(try date("2026-06-30T23:30:00Z") == ISODate(year: 2026, month: 7, day: 1))          // BST: 00:30 on 1 July
        #expect(try date("2026-10-25T00:59:59Z") == ISODate(year: 2026, month: 10, day: 25))
        #expect(try date("2026-10-24T23:30:00Z") == ISODate(year: 2026, month: 10, day: 25))        // still BST
        #expect(try date("2026-10-25T23:30:00Z") == ISODate(year: 2026, month: 10, day: 25))        // GMT again
        #expect(try date("2026-07-01T08:00:00+09:00") == ISODate(year: 2026, month: 7, day: 1))     // 00:00 UTC = 01:00 BST
        #expect(try date("2026-12-31T23:00:00-14:00") == ISODate(year: 2027, month: 1, day: 1))     // 13:00 UTC on New Year's Day
        #expect(try date("2027-01-01T10:00:00+14:00") == ISODate(year: 2026, month: 12, day: 31))   // 20:00 UTC on New Year's Eve
    }

    /// Against the definition: the UTC moment, an hour added inside that UTC year's BST window.
    @Test func agreesWithTheDefinitionOnRandomMoments() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let days = Int.random(in: -25_000...60_000, using: &generator)
            let seconds = Int.random(in: 0..<86_400, using: &generator)
            let offsetHours = Int.random(in: -14...14, using: &generator)
            let offsetMinutes = [0, 30, 45].randomElement(using: &generator)!
            let written = ISODate(daysSinceEpoch: days)
            let sign = offsetHours < 0 ? "-" : "+"
            let text = "\(written)T\(pad(seconds / 3600)):\(pad(seconds / 60 % 60)):\(pad(seconds % 60))\(sign)\(pad(abs(offsetHours))):\(pad(offsetMinutes))"
            let timestamp = try #require(Timestamp(parsing: text))
            #expect(timestamp.ukLocalDate == reference(timestamp.instant), "\(text)")
            let value = TemporalValue(timestamp: timestamp)     // what date rules compare
            #expect(value.date == timestamp.ukLocalDate && value.instant == timestamp.instant, "\(text)")
            let read = try #require(text.withFieldBytes { TemporalValue($0, .timestamp) })   // read from bytes, no Timestamp
            #expect(read.date == value.date && read.instant == value.instant, "\(text)")
        }
    }

    /// Only dates written in March or October need the year's summer-time bounds: the extreme
    /// offsets (±14:59) at either end of every month's first and last days, and every hour
    /// of the days around each bound, over 60 years, agree with the definition.
    @Test func monthEdgesAgreeWithTheDefinition() throws {
        var texts: [String] = []
        for year in 1990...2050 {
            for month in 1...12 {
                let first = try #require(ISODate(year: year, month: month, day: 1))
                let last = try #require(ISODate(year: year, month: month, day: ISODate.daysInMonth(year: year, month: month)))
                for day in [first, last] {
                    for time in ["00:00:00", "23:59:59"] {
                        for offset in ["+14:59", "-14:59", "+00:00"] { texts.append("\(day)T\(time)\(offset)") }
                    }
                }
            }
            for month in [3, 10] {
                for day in 24...31 {
                    for hour in 0..<24 { texts.append("\(year)-\(pad(month))-\(pad(day))T\(pad(hour)):30:00\(hour % 2 == 0 ? "+01:00" : "Z")") }
                }
            }
        }
        for text in texts {
            let timestamp = try #require(Timestamp(parsing: text))
            #expect(timestamp.ukLocalDate == reference(timestamp.instant), "\(text)")
        }
    }

    private func reference(_ instant: Int) -> ISODate {
        let utc = ISODate(daysSinceEpoch: Int((Double(instant) / 86_400).rounded(.down)))
        func lastSunday(_ month: Int) -> Int {
            var day = ISODate(year: utc.year, month: month, day: 31)!
            while (day.daysSinceEpoch % 7 + 7) % 7 != 3 { day = day.adding(days: -1) }   // 1970-01-01 was a Thursday
            return day.daysSinceEpoch * 86_400 + 3_600
        }
        let summer = instant >= lastSunday(3) && instant < lastSunday(10)
        return ISODate(daysSinceEpoch: Int((Double(instant + (summer ? 3_600 : 0)) / 86_400).rounded(.down)))
    }

    private func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
