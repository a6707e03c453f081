/// How a date or timestamp is compared with another.
public enum Comparison: String, Hashable, Sendable, Codable, CaseIterable {
    /// Strictly earlier.
    case before
    /// Earlier or the same.
    case onOrBefore = "on-or-before"
    /// Strictly later.
    case after
    /// Later or the same.
    case onOrAfter = "on-or-after"
}

/// A unit of calendar distance ("6 months", "365 days").
public enum CalendarUnit: String, Hashable, Sendable, Codable, CaseIterable {
    /// Calendar days.
    case days
    /// Calendar months (a day the target month lacks becomes its last day).
    case months
    /// Calendar years.
    case years
}
