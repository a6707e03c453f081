internal import CPrefetch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Remembers the keys of a file's records to find duplicates, compactly: each key is kept
/// as a 96-bit digest (a 64-bit and the low half of a second 64-bit FNV-1a hash) beside the
/// record's number, 16 bytes however long the values are, in an open-addressing table the
/// digest itself indexes (no second hashing). At a million keys the table is 32 MB, and
/// nearly every insertion misses the caches.
@_spi(ETOSGenerated) public struct UniqueKeys: Sendable {
    /// A record's key as the table keeps it (``UniqueKeys/digest(_:at:)``).
    public struct KeyDigest: Sendable, Equatable {
        let high: UInt64
        let low: UInt64
    }

    /// The first record holding a key that another record repeats.
    public struct Earlier: Sendable, Equatable {
        /// The earlier record's number (1-based).
        public let record: Int
        /// Whether this is the key's first repeat: the earlier record has not been reported
        /// as a duplicate yet (NHS England reports every record of a duplicated key, the
        /// first included, once).
        public let isFirstRepeat: Bool
    }

    private struct Slot {
        var high: UInt64
        /// The second digest's low 32 bits, the record's number in the next 31 bits (0: an
        /// empty slot), and in the top bit whether the key has been repeated.
        var lowAndRecord: UInt64

        static let repeated: UInt64 = 1 << 63

        var record: Int { Int(truncatingIfNeeded: (lowAndRecord & ~Self.repeated) >> 32) }
    }

    /// The slots, in memory this value owns (copied before a change while shared).
    private final class Table: @unchecked Sendable {
        let slots: UnsafeMutablePointer<Slot>
        let capacity: Int
        var count = 0

        init(capacity: Int) {
            self.capacity = capacity
            // Aligned to 2 MB and, on Linux, advised as huge pages: nearly every insertion lands
            // on a different 4 KB page, and the translation misses cost more than the cache
            // misses (measured in docs/PERFORMANCE.md).
            var memory: UnsafeMutableRawPointer?
            let bytes = capacity * MemoryLayout<Slot>.stride
            guard posix_memalign(&memory, 1 << 21, bytes) == 0, let memory else { fatalError("out of memory for \(capacity) uniqueness slots") }
            #if os(Linux)
            if bytes >= 1 << 21 { madvise(memory, bytes, MADV_HUGEPAGE) }
            #endif
            slots = memory.bindMemory(to: Slot.self, capacity: capacity)
            slots.initialize(repeating: Slot(high: 0, lowAndRecord: 0), count: capacity)
        }

        deinit { free(slots) }

        func copy() -> Table {
            let copy = Table(capacity: capacity)
            copy.slots.update(from: slots, count: capacity)
            copy.count = count
            return copy
        }
    }

    private var table = Table(capacity: 1 << 10)

    /// The most keys ``reserve(_:)`` makes room for (8 M slots, 128 MB): more than a national
    /// month's submission; a table for a larger file grows as keys arrive.
    public static let reserveLimit = 1 << 22

    public init() {}

    /// Makes room for `count` keys in all (at most ``reserveLimit``), so the table need not
    /// grow, moving every key, while they arrive. A hint, such as a record count estimated
    /// from a file's size: more keys still fit, fewer waste only memory.
    public mutating func reserve(_ count: Int) {
        var capacity = table.capacity
        while Self.overfills(min(count, Self.reserveLimit), capacity) { capacity *= 2 }
        if capacity > table.capacity { rehash(capacity: capacity) }
    }

    /// Whether `count` keys load a table of `capacity` slots past 70 % (probes grow long).
    @inline(__always)
    private static func overfills(_ count: Int, _ capacity: Int) -> Bool { count * 10 > capacity * 7 }

    /// Adds a record's key, as digested by ``digest(_:at:)``; returns the first record with the
    /// same key, or nil when the key is new.
    public mutating func insert(_ key: KeyDigest, record: Int) -> Earlier? {
        if !isKnownUniquelyReferenced(&table) { table = table.copy() }
        if Self.overfills(table.count + 1, table.capacity) { rehash(capacity: table.capacity * 2) }
        let lowBits = key.low & 0xFFFF_FFFF
        let slots = table.slots, mask = table.capacity - 1
        var index = Self.probeStart(key.high, mask)
        while slots[index].lowAndRecord != 0 {
            if slots[index].high == key.high, slots[index].lowAndRecord & 0xFFFF_FFFF == lowBits {
                let firstRepeat = slots[index].lowAndRecord & Slot.repeated == 0
                slots[index].lowAndRecord |= Slot.repeated
                return Earlier(record: slots[index].record, isFirstRepeat: firstRepeat)
            }
            index = (index + 1) & mask
        }
        // Record numbers past 2^31 (never met in a submission) are kept as their low bits.
        let number = UInt64(truncatingIfNeeded: max(record, 1)) & 0x7FFF_FFFF
        slots[index] = Slot(high: key.high, lowAndRecord: lowBits | max(number, 1) << 32)
        table.count += 1
        return nil
    }

    /// Starts fetching the slot where a key will be looked for, so that inserting it a little
    /// later does not wait for memory (at a million keys nearly every insertion misses the
    /// caches). Changes nothing.
    public func prefetch(_ key: KeyDigest) {
        etos_prefetch(table.slots + Self.probeStart(key.high, table.capacity - 1))
    }

    /// The digest of a record's key, the fields at `indices` (0-based; a field past the
    /// record's end is blank), trimmed: two FNV-1a hashes of the values; nil when a part is
    /// blank (blank keys are not compared). Keeps no state, so any thread can work it out
    /// (validators do it where the record was just checked, with its bytes in cache).
    public static func digest(_ fields: RecordFields, at indices: [Int]) -> KeyDigest? {
        var high: UInt64 = 0xCBF2_9CE4_8422_2325
        var low: UInt64 = 0x84222325_CBF29CE4
        for index in indices {
            let value = fields[index].trimmed
            guard !value.isEmpty else { return nil }
            for offset in 0..<value.count {
                let byte = UInt64(value[offset])
                high = (high ^ byte) &* 0x0000_0100_0000_01B3
                low = (low ^ byte) &* 0x0000_0100_0000_0193
            }
            // A separator no value holds, so ("ab", "c") and ("a", "bc") differ.
            high = (high ^ 0x1F) &* 0x0000_0100_0000_01B3
            low = (low ^ 0x1F) &* 0x0000_0100_0000_0193
        }
        return KeyDigest(high: high, low: low)
    }

    /// Where a digest's probe starts: from the first digest (FNV's low bits are weak; fold
    /// the high ones in). ``TableRecords`` probes the same way.
    static func probeStart(_ high: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: high ^ (high >> 32) ^ (high >> 51)) & mask
    }

    /// Moves the keys into a table of `capacity` slots.
    private mutating func rehash(capacity: Int) {
        let old = table
        table = Table(capacity: capacity)
        table.count = old.count
        let mask = table.capacity - 1
        for position in 0..<old.capacity where old.slots[position].lowAndRecord != 0 {
            let slot = old.slots[position]
            var index = Self.probeStart(slot.high, mask)
            while table.slots[index].lowAndRecord != 0 { index = (index + 1) & mask }
            table.slots[index] = slot
        }
    }
}
