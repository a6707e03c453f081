/// A period in which a code is active: from `start` to `end`, both included; nil is open.
public struct ActivePeriod: Hashable, Sendable {
    public var start: ISODate?
    public var end: ISODate?

    public init(start: ISODate? = nil, end: ISODate? = nil) {
        self.start = start
        self.end = end
    }
}

/// External code lists: organisations, postcodes, NICIP and SNOMED CT releases, maps.
///
/// Data sets are named as the rule sentences name them (`ODS ORGANISATIONS`, `NICIP`, …).
public protocol ReferenceData: Sendable {
    /// The active periods of `code` in `dataset` (empty when the code is not in it), or nil
    /// when the data set is not loaded.
    func periods(of code: String, in dataset: String) -> [ActivePeriod]?
    /// Whether `dataset` maps `from` to `to`, or nil when the data set is not loaded.
    func maps(_ from: String, to: String, in dataset: String) -> Bool?
}

/// Reference data held in memory: for tests, or loaded from files by a caller.
public struct InMemoryReferenceData: ReferenceData {
    private var codes: [String: [String: [ActivePeriod]]]
    private var mappings: [String: Set<Pair>]

    private struct Pair: Hashable, Sendable {
        let from: String
        let to: String
    }

    public init() {
        codes = [:]
        mappings = [:]
    }

    /// Adds a code (always active unless periods are given).
    public mutating func add(_ code: String, to dataset: String, periods: [ActivePeriod] = [ActivePeriod()]) {
        codes[dataset, default: [:]][code, default: []] += periods
    }

    /// Adds a mapping.
    public mutating func addMapping(from: String, to: String, in dataset: String) {
        mappings[dataset, default: []].insert(Pair(from: from, to: to))
    }

    /// Declares a data set loaded even if it holds no codes.
    public mutating func declare(_ dataset: String) {
        if codes[dataset] == nil { codes[dataset] = [:] }
    }

    public func periods(of code: String, in dataset: String) -> [ActivePeriod]? {
        guard let table = codes[dataset] else { return nil }
        return table[code] ?? []
    }

    public func maps(_ from: String, to: String, in dataset: String) -> Bool? {
        mappings[dataset].map { $0.contains(Pair(from: from, to: to)) }
    }

    /// The codes of a data set, sorted (for generators and listings).
    public func codes(in dataset: String) -> [String] { (codes[dataset] ?? [:]).keys.sorted() }

    /// The mappings of a data set, sorted.
    public func mappings(in dataset: String) -> [(from: String, to: String)] {
        (mappings[dataset] ?? []).map { ($0.from, $0.to) }.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }
}
