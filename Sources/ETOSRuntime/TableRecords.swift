/// The records of one table of a relational submission, by key, as its child tables look
/// them up: each key's digest (``UniqueKeys/digest(_:at:)``), the record's number, and the
/// fields the children's rules read, in one byte buffer. The first record of a key is kept
/// (a repeated key is the uniqueness rule's finding).
///
/// The digests are kept in an open-addressing table indexed by the digest itself (it is a
/// hash already), so a look-up hashes nothing; at 70 % load the table doubles. A key is told
/// apart by 96 bits of its digest, as ``UniqueKeys`` tells keys apart.
@_spi(ETOSGenerated) public final class TableRecords: @unchecked Sendable {
    /// One slot of the hash table, 16 bytes (one look-up reads one cache line): the digest's
    /// first half, and its second half's low 32 bits beside the record's index + 1 (0: empty).
    private struct Slot {
        var high: UInt64
        var lowAndIndex: UInt64

        var index: Int { Int(truncatingIfNeeded: lowAndIndex >> 32) }
    }

    // Only the thread checking the table's file, or later its children's, touches these, one
    // at a time, in record order: dynamic exclusivity checks on each access cost more than
    // the look-ups themselves.
    @exclusivity(unchecked) private var slots: [Slot]
    @exclusivity(unchecked) private var mask: Int
    @exclusivity(unchecked) private var numbers: [Int32] = []
    @exclusivity(unchecked) private var bytes: [UInt8] = []
    /// Where each kept record's carried fields start in `bytes`.
    @exclusivity(unchecked) private var starts: [Int] = []
    /// Where each carried field ends, counted from its record's start (``RecordFields`` layout:
    /// a separator byte between fields), `carried.count` per record.
    @exclusivity(unchecked) private var ends: [UInt32] = []
    /// Per count rule of the table as a parent: whether each kept record has a child.
    @exclusivity(unchecked) private var hasChild: [[Bool]]
    private let carried: [Int]

    init(carried: [Int], countRules: Int) {
        self.carried = carried
        hasChild = Array(repeating: [], count: countRules)
        slots = Array(repeating: Slot(high: 0, lowAndIndex: 0), count: 1 << 10)
        mask = (1 << 10) - 1
    }

    /// Keeps record `number` under `key`, unless a record already has the key.
    func insert(_ key: UniqueKeys.KeyDigest, record number: Int, _ fields: RecordFields) {
        let low = key.low & 0xFFFF_FFFF
        var slot = UniqueKeys.probeStart(key.high, mask)
        while slots[slot].lowAndIndex != 0 {
            if slots[slot].high == key.high, slots[slot].lowAndIndex & 0xFFFF_FFFF == low { return }
            slot = (slot + 1) & mask
        }
        slots[slot] = Slot(high: key.high, lowAndIndex: low | UInt64(numbers.count + 1) << 32)
        numbers.append(Int32(truncatingIfNeeded: number))
        let start = bytes.count
        starts.append(start)
        for index in carried {
            bytes.append(contentsOf: fields[index].trimmed.buffer)
            ends.append(UInt32(truncatingIfNeeded: bytes.count - start))
            bytes.append(UInt8(ascii: ","))
        }
        for rule in hasChild.indices { hasChild[rule].append(false) }
        if numbers.count * 10 > slots.count * 7 { grow() }
    }

    /// The index of the kept record with this key, if one was kept.
    func slot(of key: UniqueKeys.KeyDigest) -> Int? {
        let low = key.low & 0xFFFF_FFFF
        var slot = UniqueKeys.probeStart(key.high, mask)
        while slots[slot].lowAndIndex != 0 {
            if slots[slot].high == key.high, slots[slot].lowAndIndex & 0xFFFF_FFFF == low { return slots[slot].index - 1 }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Records that kept record `index` has a child for count rule `rule` (0-based among the table's).
    func markChild(_ index: Int, rule: Int) { hasChild[rule][index] = true }

    /// The record number of each kept record with no child for count rule `rule`, with its index, in record order.
    func childless(rule: Int) -> [(record: Int, slot: Int)] {
        hasChild[rule].indices.filter { !hasChild[rule][$0] }.map { (Int(numbers[$0]), $0) }.sorted { $0.record < $1.record }
    }

    /// Runs `body` on kept record `index`'s carried fields.
    func withCarried<Result>(_ index: Int, _ body: (RecordFields) -> Result) -> Result {
        guard !carried.isEmpty else { return RecordFields.withStrings([], body) }
        return bytes.withUnsafeBufferPointer { buffer in
            ends.withUnsafeBufferPointer { endBuffer in
                // A separator follows every field, so the buffer is never empty here.
                body(RecordFields(bytes: buffer.baseAddress! + starts[index], ends: endBuffer.baseAddress! + index * carried.count, count: carried.count))
            }
        }
    }

    /// Kept record `index`'s carried fields as text (the key's first).
    func carriedStrings(_ index: Int) -> [String] { withCarried(index) { $0.strings } }

    private func grow() {
        var grown = [Slot](repeating: Slot(high: 0, lowAndIndex: 0), count: slots.count * 2)
        let newMask = grown.count - 1
        for old in slots where old.lowAndIndex != 0 {
            var slot = UniqueKeys.probeStart(old.high, newMask)
            while grown[slot].lowAndIndex != 0 { slot = (slot + 1) & newMask }
            grown[slot] = old
        }
        slots = grown
        mask = newMask
    }
}
