import ETOSRuntime
import Foundation
import Testing

/// The runtime's values as a user meets them (no SPI): NHS numbers known valid, calendar
/// values to and from Foundation, and their `Codable` text.
@Suite("Domain values")
struct DomainValueTests {
    @Test func anNHSNumberExistsOnlyWithAValidCheckDigit() throws {
        #expect(NHSNumber(rawValue: "9434765919")?.description == "9434765919")
        #expect(NHSNumber(rawValue: "9434765918") == nil, "wrong check digit")
        #expect(NHSNumber(rawValue: "943476591") == nil, "nine digits")
        #expect(NHSNumber(rawValue: "943 476 5919") == nil, "a value is the ten digits alone")
        #expect(NHSNumber(try #require(DigitString(rawValue: "9434765919"))) != nil)
        let encoded = try JSONEncoder().encode([NHSNumber(rawValue: "9434765919")!])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["9434765919"]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([NHSNumber].self, from: Data(#"["9434765918"]"#.utf8)) }
    }

    @Test func datesConvertToAndFromFoundation() throws {
        let date = try #require(ISODate(year: 2024, month: 2, day: 29))
        #expect(ISODate(date.dateComponents) == date)
        #expect(ISODate(DateComponents(year: 2023, month: 2, day: 29)) == nil)
        let start = date.startOfDay()
        #expect(start.timeIntervalSince1970 == Double(date.daysSinceEpoch * 86_400))
        #expect(ISODate(start) == date)
        let london = try #require(TimeZone(identifier: "Europe/London"))
        // 23:30 UTC on 30 June is already 1 July in London (BST).
        #expect(ISODate(Date(timeIntervalSince1970: Double(ISODate(year: 2026, month: 6, day: 30)!.daysSinceEpoch * 86_400 + 23 * 3600 + 1800)), in: london)
                == ISODate(year: 2026, month: 7, day: 1))
    }

    @Test func timestampsConvertToAndFromFoundation() throws {
        let stamp = try #require(Timestamp(parsing: "2026-04-10T09:30:00+01:00"))
        #expect(stamp.moment.timeIntervalSince1970 == Double(stamp.instant))
        #expect(Timestamp(stamp.moment, offsetMinutes: 60)?.description == "2026-04-10T09:30:00+01:00")
        #expect(Timestamp(stamp.moment)?.description == "2026-04-10T08:30:00+00:00")
        #expect(Timestamp(stamp.moment, offsetMinutes: 24 * 60) == nil)
        let fractional = try #require(Timestamp(parsing: "2026-04-10T09:30:00.25Z"))
        #expect(fractional.moment.timeIntervalSince1970 == Double(fractional.instant) + 0.25)
    }

    @Test func calendarValuesEncodeAsTheirText() throws {
        struct Values: Codable, Equatable {
            var date: ISODate
            var time: TimeOfDay
            var stamp: Timestamp
            var digits: DigitString
        }
        let values = Values(date: ISODate(year: 2026, month: 4, day: 1)!, time: TimeOfDay(hour: 7, minute: 5, second: 0)!,
                            stamp: Timestamp(parsing: "2026-04-01T07:05:00-00:00")!, digits: DigitString(rawValue: "0012")!)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(values), as: UTF8.self)
        #expect(text == #"{"date":"2026-04-01","digits":"0012","stamp":"2026-04-01T07:05:00-00:00","time":"07:05:00"}"#)
        #expect(try JSONDecoder().decode(Values.self, from: Data(text.utf8)) == values)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ISODate].self, from: Data(#"["2026-02-30"]"#.utf8)) }
    }
}
