/// What kind of value a data item's format admits: the spec's format notation and the
/// runtime's item checks speak of the same kinds.
public enum ValueKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Any characters (`an`).
    case alphanumeric
    /// ASCII digits only (`n`).
    case numeric
    /// A calendar date, `CCYY-MM-DD`.
    case date
    /// A time of day, `hh:mm:ss`.
    case time
    /// A date and time with a UTC offset, `CCYY-MM-DDThh:mm:ss±hh:mm`.
    case timestamp
    /// Digits, optionally a point and more digits (`max n3.max n2`).
    case decimal
}
