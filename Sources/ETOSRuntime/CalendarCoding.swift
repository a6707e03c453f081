import Foundation

// Calendar values encode as the text the data set writes (`CCYY-MM-DD`, `hh:mm:ss`,
// `CCYY-MM-DDThh:mm:ss±hh:mm`) and convert to and from Foundation's `Date` and
// `DateComponents`.

/// Decodes one of the calendar values from its text, or reports that it is not one.
private func decodeText<Value>(_ decoder: any Decoder, _ what: String, _ parse: (String) -> Value?) throws -> Value {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = parse(text) else {
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not \(what)")
    }
    return value
}

private let utc = TimeZone(identifier: "UTC")!

private var gregorian: Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = utc
    return calendar
}

extension ISODate: Codable {
    /// Decodes a date from its `CCYY-MM-DD` text.
    public init(from decoder: any Decoder) throws {
        self = try decodeText(decoder, "a date in CCYY-MM-DD form") { ISODate(parsing: $0) }
    }

    /// Encodes the date as its `CCYY-MM-DD` text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The date of `components`' year, month and day (nil when one is missing or the day
    /// does not exist).
    ///
    /// - Parameter components: a year, month and day.
    public init?(_ components: DateComponents) {
        guard let year = components.year, let month = components.month, let day = components.day else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The calendar date on which `date` falls in `timeZone`.
    ///
    /// - Parameters:
    ///   - date: a moment.
    ///   - timeZone: where the date is read (UTC unless given).
    public init(_ date: Date, in timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        var calendar = gregorian
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(calendarYear: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// The year, month and day, in the Gregorian calendar.
    public var dateComponents: DateComponents {
        DateComponents(calendar: gregorian, year: year, month: month, day: day)
    }

    /// The start of the day in `timeZone`.
    ///
    /// - Parameter timeZone: where the day starts (UTC unless given).
    public func startOfDay(in timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> Date {
        var calendar = gregorian
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }
}

extension TimeOfDay: Codable {
    /// Decodes a time of day from its `hh:mm:ss` text.
    public init(from decoder: any Decoder) throws {
        self = try decodeText(decoder, "a time in hh:mm:ss form") { TimeOfDay(parsing: $0) }
    }

    /// Encodes the time as its `hh:mm:ss` text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Timestamp: Codable {
    /// Decodes a timestamp from its `CCYY-MM-DDThh:mm:ss±hh:mm` text.
    public init(from decoder: any Decoder) throws {
        self = try decodeText(decoder, "a date and time with a UTC offset") { Timestamp(parsing: $0) }
    }

    /// Encodes the timestamp as its text, offset as written.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The moment the timestamp names, whatever its offset (fractional seconds included).
    public var moment: Date {
        let seconds = Double(instant) + (fraction.isEmpty ? 0 : Double("0." + fraction) ?? 0)
        return Date(timeIntervalSince1970: seconds)
    }

    /// The timestamp of `date` written with the offset `offsetMinutes` from UTC (whole seconds).
    ///
    /// - Parameters:
    ///   - date: a moment.
    ///   - offsetMinutes: the offset to write, in minutes east of UTC (0 writes `+00:00`).
    public init?(_ date: Date, offsetMinutes: Int = 0) {
        guard abs(offsetMinutes) < 24 * 60, let zone = TimeZone(secondsFromGMT: offsetMinutes * 60) else { return nil }
        var calendar = gregorian
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let sign = offsetMinutes < 0 ? "-" : "+"
        let magnitude = abs(offsetMinutes)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = "\(ISODate(calendarYear: parts.year!, month: parts.month!, day: parts.day!))T\(two(parts.hour!)):\(two(parts.minute!)):\(two(parts.second!))\(sign)\(two(magnitude / 60)):\(two(magnitude % 60))"
        self.init(parsing: text)
    }
}
