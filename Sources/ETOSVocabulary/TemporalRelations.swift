/// How a date or timestamp is compared with another.
public enum Comparison: String, Hashable, Sendable, Codable, CaseIterable {
    case before
    case onOrBefore = "on-or-before"
    case after
    case onOrAfter = "on-or-after"
}

/// A unit of calendar distance ("6 months", "365 days").
public enum CalendarUnit: String, Hashable, Sendable, Codable, CaseIterable {
    case days, months, years
}
