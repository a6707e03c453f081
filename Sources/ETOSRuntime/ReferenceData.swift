/// A period in which a code is active: from `start` to `end`, both included; nil is open.
public struct ActivePeriod: Hashable, Sendable {
    /// The first day the code is active; nil when open at the start.
    public var start: ISODate?
    /// The last day the code is active; nil when still open.
    public var end: ISODate?

    /// A period from `start` to `end`, both included.
    ///
    /// - Parameters:
    ///   - start: the first active day, or nil for no start.
    ///   - end: the last active day, or nil for still open.
    public init(start: ISODate? = nil, end: ISODate? = nil) {
        self.start = start
        self.end = end
    }
}

/// External code lists: organisations, postcodes, NICIP and SNOMED CT releases, maps.
///
/// Data sets are named as the rule sentences name them (`ODS ORGANISATIONS`, `NICIP`, …).
/// Checks look codes up by their bytes (an SPI overload of ``periods(of:in:)`` for field bytes);
/// the default implementations make text of them and use the text methods.
public protocol ReferenceData: Sendable {
    /// The active periods of `code` in `dataset` (empty when the code is not in it), or nil
    /// when the data set is not loaded.
    ///
    /// - Parameters:
    ///   - code: the code to look up.
    ///   - dataset: the data set's name.
    func periods(of code: String, in dataset: String) -> [ActivePeriod]?
    /// Whether one of `code`'s active periods satisfies `test` (false when the code is not
    /// in `dataset`), or nil when the data set is not loaded.
    @_spi(ETOSGenerated) func anyPeriod(of code: FieldBytes, in dataset: String, where test: (ActivePeriod) -> Bool) -> Bool?
    /// Whether `dataset` maps `from` to `to`, or nil when the data set is not loaded.
    ///
    /// - Parameters:
    ///   - from: the code mapped from.
    ///   - to: the code mapped to.
    ///   - dataset: the map's name.
    func maps(_ from: String, to: String, in dataset: String) -> Bool?
    /// ``maps(_:to:in:)`` on field bytes.
    @_spi(ETOSGenerated) func maps(_ from: FieldBytes, to: FieldBytes, in dataset: String) -> Bool?
    /// The same data for another thread, sharing no reference-counted object that every
    /// lookup touches (such counts are atomic and slow when threads contend).
    @_spi(ETOSGenerated) func copyForThread() -> any ReferenceData
}

extension ReferenceData {
    /// Whether `dataset` holds `code`, or nil when the data set is not loaded.
    ///
    /// - Parameters:
    ///   - code: the code to look up.
    ///   - dataset: the data set's name, as rule sentences name it.
    public func contains(_ code: String, in dataset: String) -> Bool? {
        code.withFieldBytes { anyPeriod(of: $0, in: dataset) { _ in true } }
    }

    @_spi(ETOSGenerated) public func anyPeriod(of code: FieldBytes, in dataset: String, where test: (ActivePeriod) -> Bool) -> Bool? {
        periods(of: code.string, in: dataset).map { $0.contains(where: test) }
    }

    @_spi(ETOSGenerated) public func maps(_ from: FieldBytes, to: FieldBytes, in dataset: String) -> Bool? {
        maps(from.string, to: to.string, in: dataset)
    }

    @_spi(ETOSGenerated) public func copyForThread() -> any ReferenceData { self }
}

/// Reference data held in memory: for tests, or loaded from files by a caller.
///
/// Codes sit in one table keyed by data set and code bytes (`ByteKeyTable`), mappings in
/// another, with a single period stored inline, so a lookup makes no text and copies no
/// reference-counted value. The tables live in one shared object, copied only when a copy is
/// changed; a copy for a worker thread gets a worker thread its own object over the same
/// (read-only) tables.
/// An active period in 8 bytes: each end a packed date (year, month and day in bits),
/// 0 when open. A national table holds millions.
struct StoredPeriod: Sendable {
    var start: UInt32
    var end: UInt32

    init(_ period: ActivePeriod) {
        start = Self.pack(period.start)
        end = Self.pack(period.end)
    }

    var period: ActivePeriod { ActivePeriod(start: Self.unpack(start), end: Self.unpack(end)) }

    /// Year (offset by 2^16, so arithmetic's years before 1 fit), month, day; never 0.
    private static func pack(_ date: ISODate?) -> UInt32 {
        guard let date else { return 0 }
        return UInt32(truncatingIfNeeded: date.year + 65_536) << 9 | UInt32(date.month) << 5 | UInt32(date.day)
    }

    private static func unpack(_ bits: UInt32) -> ISODate? {
        guard bits != 0 else { return nil }
        return ISODate(calendarYear: Int(bits >> 9) - 65_536, month: Int(bits >> 5 & 0xF), day: Int(bits & 0x1F))
    }
}

public struct InMemoryReferenceData: ReferenceData {
    /// A code's active periods; almost always one.
    private enum Periods: Sendable {
        case one(StoredPeriod)
        case many([StoredPeriod])

        var all: [ActivePeriod] {
            switch self {
            case .one(let period): [period.period]
            case .many(let periods): periods.map(\.period)
            }
        }

        func contains(where test: (ActivePeriod) -> Bool) -> Bool {
            switch self {
            case .one(let period): test(period.period)
            case .many(let periods): periods.contains { test($0.period) }
            }
        }

        func adding(_ more: StoredPeriod) -> Periods {
            switch self {
            case .one(let period): .many([period, more])
            case .many(let periods): .many(periods + [more])
            }
        }
    }

    private final class Tables: @unchecked Sendable {
        // Changed only while uniquely referenced (see `mutate`), so never while shared, and
        // never read and written at once: the run-time exclusivity check every look-up paid
        // (3–4 % of a validation run) is switched off.
        /// Loaded data sets (a handful), found by comparing names: cheaper than hashing them.
        @exclusivity(unchecked) var codeSets: [String] = []
        @exclusivity(unchecked) var mapSets: [String] = []
        @exclusivity(unchecked) var codes = ByteKeyTable<Periods>()
        @exclusivity(unchecked) var mappings = ByteKeyTable<Bool>()

        /// A copy sharing the tables; names are copied afresh (they are read on every lookup).
        func copy() -> Tables {
            let copy = Tables()
            copy.codeSets = codeSets.map { String(decoding: Array($0.utf8), as: UTF8.self) }
            copy.mapSets = mapSets.map { String(decoding: Array($0.utf8), as: UTF8.self) }
            copy.codes = codes
            copy.mappings = mappings
            return copy
        }

        static func index(of name: String, in names: [String]) -> Int? {
            // Lengths first: a full string comparison only for the name that can match.
            let length = name.utf8.count
            var index = 0
            while index < names.count {
                if names[index].utf8.count == length, names[index] == name { return index }
                index += 1
            }
            return nil
        }
    }

    private var tables = Tables()

    /// Reference data holding no data set.
    public init() {}

    private mutating func mutate(_ change: (Tables) -> Void) {
        if !isKnownUniquelyReferenced(&tables) { tables = tables.copy() }
        change(tables)
    }

    /// Adds a code (always active unless periods are given).
    ///
    /// - Parameters:
    ///   - code: the code.
    ///   - dataset: the data set it belongs to (declared if new).
    ///   - periods: when the code is active.
    public mutating func add(_ code: String, to dataset: String, periods: [ActivePeriod] = [ActivePeriod()]) {
        code.withFieldBytes { add($0, to: dataset, periods: periods) }
    }

    /// Adds a code read from a file, without making it a `String` first (the loaders' path:
    /// a national file adds millions). No period: the code is known but never active.
    mutating func add(_ code: FieldBytes, to dataset: String, periods: [ActivePeriod]) {
        guard !periods.isEmpty else { return update(code, in: dataset) { $0 = $0 ?? .many([]) } }
        for period in periods { add(code, to: dataset, period: StoredPeriod(period)) }
    }

    /// Adds a code with one period (no array made: the common case of a national file).
    mutating func add(_ code: FieldBytes, to dataset: String, period: StoredPeriod) {
        update(code, in: dataset) { stored in stored = stored.map { $0.adding(period) } ?? .one(period) }
    }

    private mutating func update(_ code: FieldBytes, in dataset: String, _ change: (inout Periods?) -> Void) {
        declare(dataset)
        mutate { tables in tables.codes.update(scope: Tables.index(of: dataset, in: tables.codeSets)!, code, nil, change) }
    }

    /// Adds a mapping.
    ///
    /// - Parameters:
    ///   - from: the code mapped from (a NICIP code).
    ///   - to: the code mapped to (a SNOMED CT concept).
    ///   - dataset: the map's name.
    public mutating func addMapping(from: String, to: String, in dataset: String) {
        mutate { tables in
            if Tables.index(of: dataset, in: tables.mapSets) == nil { tables.mapSets.append(dataset) }
            tables.mappings.update(scope: Tables.index(of: dataset, in: tables.mapSets)!, from, to) { $0 = true }
        }
    }

    /// Makes room for `count` more codes of `keyBytes` bytes in all (a loader that knows them
    /// before adding: the table then neither grows nor moves its entries on the way).
    mutating func reserve(_ count: Int, keyBytes: Int, in dataset: String) {
        declare(dataset)
        mutate { $0.codes.reserve(count, keyBytes: keyBytes) }
    }

    /// Declares a data set loaded even if it holds no codes.
    ///
    /// - Parameter dataset: the data set's name.
    public mutating func declare(_ dataset: String) {
        guard Tables.index(of: dataset, in: tables.codeSets) == nil else { return }
        mutate { $0.codeSets.append(dataset) }
    }

    /// The active periods of `code` in `dataset` (empty when the code is not in it), or nil
    /// when the data set is not loaded.
    ///
    /// - Parameters:
    ///   - code: the code to look up.
    ///   - dataset: the data set's name.
    public func periods(of code: String, in dataset: String) -> [ActivePeriod]? {
        guard let set = Tables.index(of: dataset, in: tables.codeSets) else { return nil }
        return code.withFieldBytes { tables.codes.value(scope: set, $0)?.all ?? [] }
    }

    @_spi(ETOSGenerated) public func anyPeriod(of code: FieldBytes, in dataset: String, where test: (ActivePeriod) -> Bool) -> Bool? {
        guard let set = Tables.index(of: dataset, in: tables.codeSets) else { return nil }
        return tables.codes.value(scope: set, code)?.contains(where: test) ?? false
    }

    /// Whether `dataset` maps `from` to `to`, or nil when the map is not loaded.
    ///
    /// - Parameters:
    ///   - from: the code mapped from.
    ///   - to: the code mapped to.
    ///   - dataset: the map's name.
    public func maps(_ from: String, to: String, in dataset: String) -> Bool? {
        from.withFieldBytes { a in to.withFieldBytes { b in maps(a, to: b, in: dataset) } }
    }

    @_spi(ETOSGenerated) public func maps(_ from: FieldBytes, to: FieldBytes, in dataset: String) -> Bool? {
        guard let set = Tables.index(of: dataset, in: tables.mapSets) else { return nil }
        return tables.mappings.value(scope: set, from, to) ?? false
    }

    @_spi(ETOSGenerated) public func copyForThread() -> any ReferenceData {
        var copy = self
        copy.tables = tables.copy()
        return copy
    }

    /// The codes of a data set, sorted (for generators and listings).
    ///
    /// - Parameter dataset: the data set's name.
    public func codes(in dataset: String) -> [String] {
        guard let set = Tables.index(of: dataset, in: tables.codeSets) else { return [] }
        return tables.codes.keys(scope: set).map(\.first).sorted()
    }

    /// The mappings of a data set, sorted.
    ///
    /// - Parameter dataset: the map's name.
    public func mappings(in dataset: String) -> [CodeMapping] {
        guard let set = Tables.index(of: dataset, in: tables.mapSets) else { return [] }
        return tables.mappings.keys(scope: set).map { CodeMapping(from: $0.first, to: $0.second ?? "") }.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }
}

/// One entry of a code map (NICIP → SNOMED CT).
public struct CodeMapping: Hashable, Sendable, Codable {
    /// The code mapped from.
    public let from: String
    /// The code mapped to.
    public let to: String

    /// A mapping of `from` to `to`.
    ///
    /// - Parameters:
    ///   - from: the code mapped from.
    ///   - to: the code mapped to.
    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}
