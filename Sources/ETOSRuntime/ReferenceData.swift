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
    /// Whether `dataset` holds `code`, or nil when the data set is not loaded.
    func contains(_ code: String, in dataset: String) -> Bool?
    /// Whether `dataset` maps `from` to `to`, or nil when the data set is not loaded.
    func maps(_ from: String, to: String, in dataset: String) -> Bool?
}

extension ReferenceData {
    public func contains(_ code: String, in dataset: String) -> Bool? {
        periods(of: code, in: dataset).map { !$0.isEmpty }
    }
}

/// Reference data held in memory: for tests, or loaded from files by a caller.
///
/// The tables live in one shared object (copied only when a copy is changed), so passing
/// the value around, as every rule lookup on every thread does, costs one reference count.
public struct InMemoryReferenceData: ReferenceData {
    private final class Tables: @unchecked Sendable {
        // Changed only while uniquely referenced (see `mutate`), so never while shared.
        /// Per data set (a handful), found by comparing names: cheaper than hashing them on every lookup.
        var datasets: [(name: String, codes: [String: [ActivePeriod]])] = []
        var mappings: [String: Set<Pair>] = [:]

        func copy() -> Tables {
            let copy = Tables()
            copy.datasets = datasets
            copy.mappings = mappings
            return copy
        }

        func codes(of dataset: String) -> [String: [ActivePeriod]]? {
            for entry in datasets where entry.name == dataset { return entry.codes }
            return nil
        }

        /// The index of `dataset`'s table, added empty if new.
        func table(_ dataset: String) -> Int {
            if let index = datasets.firstIndex(where: { $0.name == dataset }) { return index }
            datasets.append((dataset, [:]))
            return datasets.count - 1
        }
    }

    private struct Pair: Hashable, Sendable {
        let from: String
        let to: String
    }

    private var tables = Tables()

    public init() {}

    private mutating func mutate(_ change: (Tables) -> Void) {
        if !isKnownUniquelyReferenced(&tables) { tables = tables.copy() }
        change(tables)
    }

    /// Adds a code (always active unless periods are given).
    public mutating func add(_ code: String, to dataset: String, periods: [ActivePeriod] = [ActivePeriod()]) {
        mutate { $0.datasets[$0.table(dataset)].codes[code, default: []] += periods }
    }

    /// Adds a mapping.
    public mutating func addMapping(from: String, to: String, in dataset: String) {
        mutate { _ = $0.mappings[dataset, default: []].insert(Pair(from: from, to: to)) }
    }

    /// Declares a data set loaded even if it holds no codes.
    public mutating func declare(_ dataset: String) {
        mutate { _ = $0.table(dataset) }
    }

    public func periods(of code: String, in dataset: String) -> [ActivePeriod]? {
        guard let table = tables.codes(of: dataset) else { return nil }
        return table[code] ?? []
    }

    public func contains(_ code: String, in dataset: String) -> Bool? {
        tables.codes(of: dataset).map { !($0[code]?.isEmpty ?? true) }
    }

    public func maps(_ from: String, to: String, in dataset: String) -> Bool? {
        tables.mappings[dataset].map { $0.contains(Pair(from: from, to: to)) }
    }

    /// The codes of a data set, sorted (for generators and listings).
    public func codes(in dataset: String) -> [String] { (tables.codes(of: dataset) ?? [:]).keys.sorted() }

    /// The mappings of a data set, sorted.
    public func mappings(in dataset: String) -> [(from: String, to: String)] {
        (tables.mappings[dataset] ?? []).map { ($0.from, $0.to) }.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }
}
