/// The records of one table of a relational submission, by key, as its child tables look
/// them up: each key's digest (``UniqueKeys/digest(_:at:)``), the record's number, and the
/// fields the children's rules read, in one byte buffer. The first record of a key is kept
/// (a repeated key is the uniqueness rule's finding).
@_spi(ETOSGenerated) public final class TableRecords: @unchecked Sendable {
    private var slots: [UniqueKeys.KeyDigest: Int32] = [:]
    private var numbers: [Int32] = []
    private var bytes: [UInt8] = []
    /// Where each carried field ends in `bytes` (``RecordFields`` layout: a separator byte between fields).
    private var ends: [UInt32] = []
    /// Per count rule of the table as a parent: whether each kept record has a child.
    private var hasChild: [[Bool]]
    private let carried: [Int]

    init(carried: [Int], countRules: Int) {
        self.carried = carried
        hasChild = Array(repeating: [], count: countRules)
    }

    /// The records kept.
    var count: Int { numbers.count }

    /// Keeps record `number` under `key`, unless a record already has the key.
    func insert(_ key: UniqueKeys.KeyDigest, record number: Int, _ fields: RecordFields) {
        guard slots[key] == nil else { return }
        slots[key] = Int32(truncatingIfNeeded: numbers.count)
        numbers.append(Int32(truncatingIfNeeded: number))
        for index in carried {
            let field = fields[index].trimmed
            bytes.append(contentsOf: field.buffer)
            ends.append(UInt32(truncatingIfNeeded: bytes.count))
            bytes.append(UInt8(ascii: ","))
        }
        for rule in hasChild.indices { hasChild[rule].append(false) }
    }

    /// The slot of the record with this key, if one was kept.
    func slot(of key: UniqueKeys.KeyDigest) -> Int? { slots[key].map(Int.init) }

    /// Records that slot `slot`'s record has a child for count rule `rule` (0-based among the table's).
    func markChild(_ slot: Int, rule: Int) { hasChild[rule][slot] = true }

    /// The record number of each kept record with no child for count rule `rule`, with its slot, in record order.
    func childless(rule: Int) -> [(record: Int, slot: Int)] {
        hasChild[rule].indices.filter { !hasChild[rule][$0] }.map { (Int(numbers[$0]), $0) }.sorted { $0.record < $1.record }
    }

    /// Runs `body` on slot `slot`'s carried fields.
    func withCarried<Result>(_ slot: Int, _ body: (RecordFields) -> Result) -> Result {
        guard !carried.isEmpty else { return RecordFields.withStrings([], body) }
        let first = slot * carried.count
        let start = first == 0 ? 0 : Int(ends[first - 1]) + 1
        return bytes.withUnsafeBufferPointer { buffer in
            ends.withUnsafeBufferPointer { endBuffer in
                // Ends count from the buffer's start; a record's fields count from its first.
                var local: [UInt32] = []
                local.reserveCapacity(carried.count)
                for index in first..<(first + carried.count) { local.append(endBuffer[index] - UInt32(start)) }
                return local.withUnsafeBufferPointer { localEnds in
                    body(RecordFields(bytes: (buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!) + start, ends: localEnds.baseAddress!, count: carried.count))
                }
            }
        }
    }

    /// Slot `slot`'s carried fields as text (the key's first).
    func carriedStrings(_ slot: Int) -> [String] { withCarried(slot) { $0.strings } }
}
