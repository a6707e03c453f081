@_spi(ETOSGenerated) import ETOSRuntime
import Foundation
import Testing

@Suite("Dates, times and timestamps")
struct CalendarValueTests {
    /// Month and day arithmetic agree with each other across the whole calendar and past its
    /// ends (no crash at 0001 or 9999): a month later is the same day of the next month, or
    /// its last day, and day numbers count back to the same date.
    @Test func arithmeticHoldsAcrossAndPastTheCalendar() throws {
        var numbers = SeededNumbers(seed: 2026)
        for round in 0..<20_000 {
            let year = round % 3 == 0 ? 1 + numbers.next(2) : (round % 3 == 1 ? 9998 + numbers.next(2) : 1 + numbers.next(9999))
            let month = 1 + numbers.next(12)
            let date = try #require(ISODate(year: year, month: month, day: 1 + numbers.next(ISODate.daysInMonth(year: year, month: month))))
            let months = numbers.next(61) - 30
            let moved = date.adding(months: months)
            #expect((1...12).contains(moved.month) && moved.day <= date.day && moved.day >= 1, "\(date) + \(months) months")
            #expect(moved.year * 12 + moved.month - 1 == year * 12 + month - 1 + months, "\(date) + \(months) months")
            let days = numbers.next(801) - 400
            let shifted = date.adding(days: days)
            #expect(shifted.daysSinceEpoch == date.daysSinceEpoch + days && ISODate(daysSinceEpoch: shifted.daysSinceEpoch) == shifted, "\(date) + \(days) days")
        }
    }

    /// Day numbers run one a day with no gap or repeat across the whole calendar and far
    /// past it — including where the unsigned formula hands over to the signed one (400
    /// years before year 0) — and agree with the date each day number names.
    @Test func dayNumbersCountEveryDayOnce() {
        // Day numbers of 1970-01-01, 0000-01-01, 400 years before it, and 9999-12-31.
        let spans = [0, -719_528, -865_625, 2_932_896].map { ($0 - 800)...($0 + 800) } + [-3_000_000_000 ... -2_999_999_000, 9_000_000_000...9_000_001_000]
        for span in spans {
            var previous: Int?
            for number in stride(from: span.lowerBound, through: span.upperBound, by: 1) {
                let date = ISODate(daysSinceEpoch: number)
                #expect(date.daysSinceEpoch == number, "\(date)")
                if let previous { #expect(date.daysSinceEpoch == previous + 1) }
                previous = date.daysSinceEpoch
                if date.daysSinceEpoch != number { return }
            }
        }
        #expect(ISODate(daysSinceEpoch: -719_528).description == "0000-01-01")
        #expect(ISODate(daysSinceEpoch: 2_932_896).description == "9999-12-31")
    }

    /// Comparing a date with another moved by whole months gives the same answer as making
    /// the moved date first (month ends clamped: 31 January + 1 month is 28 or 29 February).
    @Test func monthOrderAgreesWithMovedDates() throws {
        var numbers = SeededNumbers(seed: 11)
        for _ in 0..<20_000 {
            let year = 1 + numbers.next(9999), month = 1 + numbers.next(12)
            let other = try #require(ISODate(year: year, month: month, day: max(1, ISODate.daysInMonth(year: year, month: month) - numbers.next(4))))
            let months = numbers.next(73) - 36
            let bound = other.adding(months: months)
            let value = bound.adding(days: numbers.next(7) - 3)
            let order = value.order(againstMonths: months, from: other)
            #expect((order < 0) == (value < bound) && (order == 0) == (value == bound), "\(value) against \(other) + \(months) months")
        }
    }

    /// Timestamps, dates and times are read exactly as a plain reading of their forms
    /// reads them, for valid values and for values with bytes changed, added or removed.
    @Test func readsAsThePlainFormDefinitionDoes() throws {
        var numbers = SeededNumbers(seed: 7)
        let alphabet = Array("0123456789-:T.tZz+- x/\u{7F}".utf8) + [0xC3, 0xA9, 0x80, 0xB9]
        let offsets = ["Z", "z", "+00:00", "-00:00", "+01:00", "+14:00", "+14:59", "-05:30", "+15:00", "+01:60"]
        for round in 0..<40_000 {
            let fraction = numbers.next(3) == 0 ? "." + String(repeating: "7", count: 1 + numbers.next(9)) : ""
            let text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", numbers.next(10_000), numbers.next(14), numbers.next(33), numbers.next(26), numbers.next(62), numbers.next(62)) + fraction + offsets[numbers.next(offsets.count)]
            var bytes = Array(text.utf8)
            switch round % 4 {
            case 0: break
            case 1: bytes[numbers.next(bytes.count)] = alphabet[numbers.next(alphabet.count)]
            case 2: bytes.insert(alphabet[numbers.next(alphabet.count)], at: numbers.next(bytes.count + 1))
            default: bytes.remove(at: numbers.next(bytes.count))
            }
            let written = String(decoding: bytes, as: UTF8.self)
            let parsed = Timestamp(parsing: written)
            let expected = PlainTimestamp(bytes)
            #expect(parsed?.date == expected?.date && parsed?.time == expected?.time && parsed?.fraction == expected?.fraction
                && parsed?.offsetMinutes == expected?.offsetMinutes && parsed?.isZulu == expected?.isZulu, "\(written)")
            let date = String(decoding: bytes.prefix(10 + round % 3 - 1), as: UTF8.self)
            #expect(ISODate(parsing: date) == PlainTimestamp.date(Array(date.utf8)), "\(date)")
            let time = String(decoding: bytes.dropFirst(11).prefix(8 + round % 3 - 1), as: UTF8.self)
            #expect(TimeOfDay(parsing: time) == PlainTimestamp.time(Array(time.utf8)), "\(time)")
        }
    }

    /// Dates and timestamps are read only when every digit position holds a digit: any
    /// other byte there (including those just below `0` and above `9`) makes them unreadable.
    @Test func everyDigitPositionMustHoldADigit() {
        let date = Array("2024-02-29".utf8), timestamp = Array("2024-02-29T23:59:58+01:30".utf8)
        for wrong: UInt8 in [UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "a"), 0x20, 0xD9] {
            for position in [0, 1, 2, 3, 5, 6, 8, 9] {
                var bytes = date
                bytes[position] = wrong
                #expect(ISODate(parsing: String(decoding: bytes, as: UTF8.self)) == nil, "\(bytes)")
            }
            for position in [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24] {
                var bytes = timestamp
                bytes[position] = wrong
                #expect(Timestamp(parsing: String(decoding: bytes, as: UTF8.self)) == nil, "\(bytes)")
            }
        }
        #expect(ISODate(parsing: "2024-02-29") != nil && Timestamp(parsing: "2024-02-29T23:59:58+01:30")?.offsetMinutes == 90)
    }

    @Test func parsesValidDatesOnly() {
        #expect(ISODate(parsing: "2024-02-29")?.description == "2024-02-29")
        #expect(ISODate(parsing: "2023-02-29") == nil)
        #expect(ISODate(parsing: "1900-02-29") == nil)
        #expect(ISODate(parsing: "2000-02-29") != nil)
        #expect(ISODate(parsing: "2024-04-31") == nil)
        #expect(ISODate(parsing: "2024-13-01") == nil)
        #expect(ISODate(parsing: "2024-1-01") == nil)
        #expect(ISODate(parsing: "2024/01/01") == nil)
        #expect(ISODate(parsing: "２０２４-01-01") == nil)
        #expect(ISODate(parsing: "") == nil)
    }

    @Test func countsDaysFromTheEpoch() throws {
        #expect(try #require(ISODate(parsing: "1970-01-01")).daysSinceEpoch == 0)
        #expect(try #require(ISODate(parsing: "2000-03-01")).daysSinceEpoch == 11_017)
        #expect(try #require(ISODate(parsing: "1969-12-31")).daysSinceEpoch == -1)
        #expect(try #require(ISODate(parsing: "1900-01-01")).daysSinceEpoch == -25_567)
    }

    @Test func parsesTimes() {
        #expect(TimeOfDay(parsing: "23:59:59")?.secondsSinceMidnight == 86_399)
        #expect(TimeOfDay(parsing: "24:00:00") == nil)
        #expect(TimeOfDay(parsing: "12:60:00") == nil)
        #expect(TimeOfDay(parsing: "1:00:00") == nil)
    }

    @Test func parsesTimestampsWithOffsets() throws {
        let bst = try #require(Timestamp(parsing: "2020-08-21T10:15:20+01:00"))
        #expect(bst.offsetMinutes == 60)
        #expect(bst.hasUKOffset)
        #expect(bst.description == "2020-08-21T10:15:20+01:00")
        let zulu = try #require(Timestamp(parsing: "2020-08-21T09:15:20Z"))
        #expect(zulu.instant == bst.instant)
        #expect(zulu.description == "2020-08-21T09:15:20Z")
        let negativeZero = try #require(Timestamp(parsing: "2020-08-21T09:15:20-00:00"))
        #expect(negativeZero.hasUKOffset)
        #expect(negativeZero.description == "2020-08-21T09:15:20-00:00")
        let fraction = try #require(Timestamp(parsing: "2020-08-21T09:15:20.123+00:00"))
        #expect(fraction.fraction == "123")
        #expect(Timestamp(parsing: "2020-08-21T09:15:20+05:30")?.hasUKOffset == false)
    }

    @Test(arguments: ["2020-08-21", "2020-08-21T09:15:20", "2020-08-21 09:15:20Z", "2020-02-30T09:15:20Z", "2020-08-21T25:15:20Z",
                      "2020-08-21T09:15:20+1:00", "2020-08-21T09:15:20Zjunk", "2020-08-21T09:15:20.+00:00", "2020-08-21T09:15:20+15:00"])
    func refusesMalformedTimestamps(text: String) {
        #expect(Timestamp(parsing: text) == nil)
    }
}

@Suite("Identifiers and item checks")
struct ItemCheckTests {
    @Test func checksNHSNumbersWithModulus11() {
        #expect(NHSNumber.passesModulus11("9434765919"))
        #expect(NHSNumber.passesModulus11("943 476 5919"))
        #expect(NHSNumber.passesModulus11("943-476-5919"))
        #expect(!NHSNumber.passesModulus11("9434765918"))
        #expect(!NHSNumber.passesModulus11("943476591"))
        #expect(!NHSNumber.passesModulus11("94347659190"))
        #expect(!NHSNumber.passesModulus11("943476591X"))
        // Check digit 10 is never valid.
        #expect(!NHSNumber.passesModulus11("1000000010"))
    }

    /// Modulus 11 agrees with the check as NHS England states it — weights 10 down to 2 on
    /// the first nine digits, 11 minus the remainder, 11 read as 0, 10 never valid — for
    /// ten digits, values with a byte changed, spaces and dashes, and other lengths.
    @Test func modulus11AgreesWithItsStatement() {
        var numbers = SeededNumbers(seed: 3)
        func stated(_ text: String) -> Bool {
            let digits = text.filter { $0 != " " && $0 != "-" }
            guard digits.count == 10, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            let values = digits.map { Int($0.asciiValue! - 48) }
            let check = 11 - zip(values.prefix(9), (2...10).reversed()).reduce(0) { $0 + $1.0 * $1.1 } % 11
            return check != 10 && (check == 11 ? 0 : check) == values[9]
        }
        let others: [Character] = [" ", "-", "/", ":", "a", "é"]
        var passed = 0
        for round in 0..<20_000 {
            var text = Array((0..<(round % 7 == 0 ? 9 + numbers.next(3) : 10)).map { _ in Character(String(numbers.next(10))) })
            if round % 3 == 1 { text[numbers.next(text.count)] = others[numbers.next(others.count)] }
            if round % 5 == 2 { text.insert(others[numbers.next(2)], at: numbers.next(text.count + 1)) }
            let value = String(text)
            #expect(NHSNumber.passesModulus11(value) == stated(value), "\(value)")
            if stated(value) { passed += 1 }
        }
        #expect(passed > 1_000)
    }

    /// A value is all digits exactly when every byte is one, at any length (the word-at-a-time
    /// test's last word overlaps the one before) and wherever a non-digit stands.
    @Test func digitsAreTestedAtEveryPosition() {
        for count in 0...30 {
            let digits = Array(repeating: UInt8(ascii: "7"), count: count)
            #expect(String(decoding: digits, as: UTF8.self).withFieldBytes(ItemCheck.isDigits) == (count > 0))
            for position in 0..<count {
                for wrong: UInt8 in [UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: " "), 0xD9] {
                    var bytes = digits
                    bytes[position] = wrong
                    #expect(!String(decoding: bytes, as: UTF8.self).withFieldBytes(ItemCheck.isDigits), "\(count) bytes, \(wrong) at \(position)")
                }
            }
        }
    }

    /// Lengths count characters, not bytes: a value of multi-byte characters fits a maximum
    /// its bytes exceed, and a minimum counts its characters.
    @Test func lengthsCountCharacters() {
        var findings: [Finding] = []
        let upToThree = ItemCheck(uid: "U", shape: .alphanumeric, minLength: 1, maxLength: 3, missing: nil, format: format)
        #expect(upToThree.text("é", &findings) == "é")
        #expect(upToThree.text("ééé", &findings) == "ééé")
        #expect(upToThree.text("abc", &findings) == "abc")
        #expect(upToThree.text("abcd", &findings) == nil)
        #expect(upToThree.text("éééé", &findings) == nil)
        let twoToThree = ItemCheck(uid: "V", shape: .alphanumeric, minLength: 2, maxLength: 3, missing: nil, format: format)
        #expect(twoToThree.text("é", &findings) == nil)
        #expect(twoToThree.text("éé", &findings) == "éé")
        #expect(findings.map(\.values) == [["abcd"], ["éééé"], ["é"]])
    }

    @Test func digitStringsHoldDigitsOnly() {
        #expect(DigitString(rawValue: "0012")?.rawValue == "0012")
        #expect(DigitString(rawValue: "12a") == nil)
        #expect(DigitString(rawValue: "") == nil)
        #expect(DigitString(rawValue: "١٢") == nil)
    }

    private let missing = FindingKind(code: "MISS", level: .recordRejection, message: "missing")
    private let format = FindingKind(code: "FMT", level: .recordRejection, message: "format")

    @Test func trimsAndReportsMissingValues() {
        let check = ItemCheck(uid: "U1", shape: .alphanumeric, minLength: 1, maxLength: 5, missing: missing, format: format)
        var findings: [Finding] = []
        #expect(check.text("  ab ", &findings) == "ab")
        #expect(check.text("   ", &findings) == nil)
        // A blank item's finding still names the item, with its (empty) value: one value per item.
        #expect(findings == [Finding(missing, items: ["U1"], values: [""])])
        let optional = ItemCheck(uid: "U2", shape: .alphanumeric, minLength: 1, maxLength: 5, missing: nil, format: format)
        findings = []
        #expect(optional.text("", &findings) == nil)
        #expect(findings.isEmpty)
    }

    @Test func reportsValuesOutsideTheFormat() {
        var findings: [Finding] = []
        let text = ItemCheck(uid: "U", shape: .alphanumeric, minLength: 5, maxLength: 9, missing: nil, format: format)
        #expect(text.text("abcd", &findings) == nil)
        #expect(text.text("abcdéfghi", &findings) == "abcdéfghi")
        #expect(text.text("abcdefghij", &findings) == nil)
        let digits = ItemCheck(uid: "D", shape: .numeric, minLength: 10, maxLength: 10, missing: nil, format: format)
        #expect(digits.digits("94347659A9", &findings) == nil)
        #expect(digits.digits("9434765919", &findings)?.rawValue == "9434765919")
        let date = ItemCheck(uid: "T", shape: .date, minLength: 10, maxLength: 10, missing: nil, format: format)
        #expect(date.date("2024-02-30", &findings) == nil)
        let stamp = ItemCheck(uid: "S", shape: .timestamp, minLength: 1, maxLength: 25, missing: nil, format: format)
        #expect(stamp.timestamp("2024-02-01T10:00:00.1234567+00:00", &findings) == nil)
        #expect(stamp.timestamp("2024-02-01T10:00:00+00:00", &findings) != nil)
        #expect(findings.map(\.items) == [["U"], ["U"], ["D"], ["T"], ["S"]])
        #expect(findings.map(\.values) == [["abcd"], ["abcdefghij"], ["94347659A9"], ["2024-02-30"], ["2024-02-01T10:00:00.1234567+00:00"]])
    }

    private enum Answer: String, CaseIterable { case yes = "Y", no = "N" }

    @Test func reportsCodesNotInTheList() {
        let code = FindingKind(code: "CODE", level: .recordRejection, message: "code")
        let check = ItemCheck(uid: "C", shape: .alphanumeric, minLength: 1, maxLength: 1, missing: nil, format: format, code: code, codes: Answer.allCases.map(\.rawValue))
        var findings: [Finding] = []
        func answer(_ raw: String) -> Answer? {
            check.code(raw, &findings).flatMap(Answer.init(rawValue:))
        }
        #expect(answer(" Y ") == .yes)
        #expect(answer("Q") == nil)
        #expect(answer("YES") == nil)
        #expect(findings.map(\.code) == ["CODE", "FMT"])
    }
}

/// The timestamp form read one character at a time, as the format states it: the
/// reference the word-at-a-time readers are compared with.
private struct PlainTimestamp {
    let date: ISODate
    let time: TimeOfDay
    let fraction: String
    let offsetMinutes: Int
    let isZulu: Bool

    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 20, bytes.count <= 64, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              let date = Self.date(Array(bytes[0..<10])), let time = Self.time(Array(bytes[11..<19])) else { return nil }
        var rest = Array(bytes[19...])
        var fraction: [UInt8] = []
        if rest.first == UInt8(ascii: ".") {
            fraction = Array(rest.dropFirst().prefix { Self.isDigit($0) })
            guard !fraction.isEmpty else { return nil }
            rest = Array(rest.dropFirst(1 + fraction.count))
        }
        if rest == [UInt8(ascii: "Z")] || rest == [UInt8(ascii: "z")] {
            offsetMinutes = 0
            isZulu = true
        } else {
            guard rest.count == 6, rest[0] == UInt8(ascii: "+") || rest[0] == UInt8(ascii: "-"), rest[3] == UInt8(ascii: ":"),
                  let hours = Self.number(rest[1...2]), let minutes = Self.number(rest[4...5]), hours <= 14, minutes < 60 else { return nil }
            offsetMinutes = (rest[0] == UInt8(ascii: "-") ? -1 : 1) * (hours * 60 + minutes)
            isZulu = false
        }
        self.date = date
        self.time = time
        self.fraction = String(decoding: fraction, as: UTF8.self)
    }

    static func date(_ bytes: [UInt8]) -> ISODate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(bytes[0...3]), let month = number(bytes[5...6]), let day = number(bytes[8...9]) else { return nil }
        return ISODate(year: year, month: month, day: day)
    }

    static func time(_ bytes: [UInt8]) -> TimeOfDay? {
        guard bytes.count == 8, bytes[2] == UInt8(ascii: ":"), bytes[5] == UInt8(ascii: ":"),
              let hour = number(bytes[0...1]), let minute = number(bytes[3...4]), let second = number(bytes[6...7]) else { return nil }
        return TimeOfDay(hour: hour, minute: minute, second: second)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard digits.allSatisfy(isDigit) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}
