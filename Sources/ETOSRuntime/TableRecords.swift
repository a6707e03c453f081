/// The records of one table of a relational submission, by key, as its child tables look
/// them up: each key's digest (``UniqueKeys/digest(_:at:)``), the record's number, and the
/// fields the children's rules read, in one byte buffer. The first record of a key is kept
/// (a repeated key is the uniqueness rule's finding).
///
/// The digests are kept in an open-addressing table indexed by the digest itself (it is a
/// hash already), so a look-up hashes nothing; at 70 % load the table doubles.
@_spi(ETOSGenerated) public final class TableRecords: @unchecked Sendable {
    /// Per slot of the hash table: the digest and the record's index + 1 (0: empty).
    private var highs: [UInt64]
    private var lows: [UInt64]
    private var indices: [Int32]
    private var mask: Int
    private var numbers: [Int32] = []
    private var bytes: [UInt8] = []
    /// Where each kept record's carried fields start in `bytes`.
    private var starts: [Int] = []
    /// Where each carried field ends, counted from its record's start (``RecordFields`` layout:
    /// a separator byte between fields), `carried.count` per record.
    private var ends: [UInt32] = []
    /// Per count rule of the table as a parent: whether each kept record has a child.
    private var hasChild: [[Bool]]
    private let carried: [Int]

    init(carried: [Int], countRules: Int) {
        self.carried = carried
        hasChild = Array(repeating: [], count: countRules)
        highs = Array(repeating: 0, count: 1 << 10)
        lows = highs
        indices = Array(repeating: 0, count: 1 << 10)
        mask = (1 << 10) - 1
    }

    /// The records kept.
    var count: Int { numbers.count }

    /// Keeps record `number` under `key`, unless a record already has the key.
    func insert(_ key: UniqueKeys.KeyDigest, record number: Int, _ fields: RecordFields) {
        var slot = Self.start(key.high, mask)
        while indices[slot] != 0 {
            if highs[slot] == key.high, lows[slot] == key.low { return }
            slot = (slot + 1) & mask
        }
        highs[slot] = key.high
        lows[slot] = key.low
        indices[slot] = Int32(truncatingIfNeeded: numbers.count + 1)
        numbers.append(Int32(truncatingIfNeeded: number))
        let start = bytes.count
        starts.append(start)
        for index in carried {
            bytes.append(contentsOf: fields[index].trimmed.buffer)
            ends.append(UInt32(truncatingIfNeeded: bytes.count - start))
            bytes.append(UInt8(ascii: ","))
        }
        for rule in hasChild.indices { hasChild[rule].append(false) }
        if numbers.count * 10 > indices.count * 7 { grow() }
    }

    /// The index of the kept record with this key, if one was kept.
    func slot(of key: UniqueKeys.KeyDigest) -> Int? {
        var slot = Self.start(key.high, mask)
        while indices[slot] != 0 {
            if highs[slot] == key.high, lows[slot] == key.low { return Int(indices[slot]) - 1 }
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

    /// Where a digest's probe starts (FNV's low bits are weak; fold the high ones in).
    private static func start(_ high: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: high ^ (high >> 32) ^ (high >> 51)) & mask
    }

    private func grow() {
        let capacity = indices.count * 2
        var newHighs = [UInt64](repeating: 0, count: capacity), newLows = newHighs
        var newIndices = [Int32](repeating: 0, count: capacity)
        let newMask = capacity - 1
        for old in indices.indices where indices[old] != 0 {
            var slot = Self.start(highs[old], newMask)
            while newIndices[slot] != 0 { slot = (slot + 1) & newMask }
            newHighs[slot] = highs[old]
            newLows[slot] = lows[old]
            newIndices[slot] = indices[old]
        }
        highs = newHighs
        lows = newLows
        indices = newIndices
        mask = newMask
    }
}
