/// A hash table keyed by a number (the data set) and one or two byte strings (a code, or a
/// mapping's two codes), looked up with field bytes: no `String` is made and hashing is
/// FNV-1a over the bytes, with none of `Hasher`'s per-call set-up. Open addressing over
/// indices into the entries, each slot holding its key's hash's high half as well, so a probe
/// passes over another key without reading its entry (at a national table's size each entry
/// read is a cache miss); key bytes are kept end to end in one array.
struct ByteKeyTable<Value> {
    /// 24 bytes before the value: a national table (2.7 M postcodes) is entries end to end.
    private struct Entry {
        var hash: UInt64
        /// Where the key's bytes start in `keyBytes`.
        var start: UInt32
        var scope: UInt16
        /// Bytes of the first part; the second (if any) follows it.
        var firstCount: UInt16
        /// Bytes of the second part; -1 when there is none.
        var secondCount: Int16
        var value: Value

        var first: Int { Int(firstCount) }
        var second: Int { Int(secondCount) }
    }

    private var keyBytes: [UInt8] = []
    private var entries: [Entry] = []
    /// Each slot: the entry's index + 1 in the low 32 bits (0: empty), its hash's high 32 bits
    /// above them.
    private var slots = [UInt64](repeating: 0, count: 16)
    private static var tagBits: UInt64 { 0xFFFF_FFFF_0000_0000 }

    /// Hashed between a key's two parts.
    private static var separator: UInt8 { 0x1F }

    var isEmpty: Bool { entries.isEmpty }

    /// The value stored for the key, if any.
    func value(scope: Int, _ first: FieldBytes, _ second: FieldBytes? = nil) -> Value? {
        let hash = Self.hash(scope, first, second), tag = hash & Self.tagBits
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & (slots.count - 1)
        while slots[slot] != 0 {
            if slots[slot] & Self.tagBits == tag {
                let index = Int(truncatingIfNeeded: slots[slot] & ~Self.tagBits) - 1
                if entries[index].hash == hash, Int(entries[index].scope) == scope, matches(index, first, second) { return entries[index].value }
            }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Changes the value stored for the key (nil: none yet).
    mutating func update(scope: Int, _ first: String, _ second: String? = nil, _ change: (inout Value?) -> Void) {
        first.withFieldBytes { a in
            if let second {
                second.withFieldBytes { b in update(scope: scope, a, b, change) }
            } else {
                update(scope: scope, a, nil, change)
            }
        }
    }

    /// Every key of `scope` as text, with its value.
    func keys(scope: Int) -> [(first: String, second: String?, value: Value)] {
        entries.filter { Int($0.scope) == scope }.map { entry in
            let start = Int(entry.start), secondStart = start + entry.first
            let first = String(decoding: keyBytes[start..<secondStart], as: UTF8.self)
            let second = entry.second < 0 ? nil : String(decoding: keyBytes[secondStart..<(secondStart + entry.second)], as: UTF8.self)
            return (first, second, entry.value)
        }
    }

    /// Changes the value stored for the key (nil: none yet). Keys are at most 32,767 bytes a
    /// part and a table's keys under 4 GB in all; scopes are fewer than 65,536.
    mutating func update(scope: Int, _ first: FieldBytes, _ second: FieldBytes?, _ change: (inout Value?) -> Void) {
        precondition(scope >= 0 && scope <= Int(UInt16.max) && first.count <= Int(Int16.max) && (second?.count ?? 0) <= Int(Int16.max), "reference-data key out of range")
        let hash = Self.hash(scope, first, second), tag = hash & Self.tagBits
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & (slots.count - 1)
        while slots[slot] != 0 {
            if slots[slot] & Self.tagBits == tag {
                let index = Int(truncatingIfNeeded: slots[slot] & ~Self.tagBits) - 1
                if entries[index].hash == hash, Int(entries[index].scope) == scope, matches(index, first, second) {
                    var value: Value? = entries[index].value
                    change(&value)
                    if let value { entries[index].value = value }
                    return
                }
            }
            slot = (slot + 1) & (slots.count - 1)
        }
        var value: Value?
        change(&value)
        guard let value else { return }
        let start = keyBytes.count
        precondition(start + first.count + (second?.count ?? 0) <= Int(UInt32.max) && entries.count < Int(Int32.max), "reference-data table full")
        keyBytes.append(contentsOf: first.buffer)
        if let second { keyBytes.append(contentsOf: second.buffer) }
        entries.append(Entry(hash: hash, start: UInt32(start), scope: UInt16(scope), firstCount: UInt16(first.count),
                             secondCount: Int16(second?.count ?? -1), value: value))
        slots[slot] = tag | UInt64(entries.count)
        if entries.count * 10 > slots.count * 7 { grow() }
    }

    /// Whether entry `index` has the key (its fields read in place: copying the entry would
    /// count a reference to its value).
    private func matches(_ index: Int, _ first: FieldBytes, _ second: FieldBytes?) -> Bool {
        guard entries[index].first == first.count, entries[index].second == (second?.count ?? -1) else { return false }
        let start = Int(entries[index].start)
        return keyBytes.withUnsafeBufferPointer { bytes in
            // No key bytes at all: every key so far is empty, as this one is (its counts matched).
            guard let base = bytes.baseAddress else { return true }
            let key = base + start
            return Self.same(key, first) && (second.map { Self.same(key + first.count, $0) } ?? true)
        }
    }

    private static func same(_ key: UnsafePointer<UInt8>, _ value: FieldBytes) -> Bool {
        for index in 0..<value.count where key[index] != value[index] { return false }
        return true
    }

    private static func hash(_ scope: Int, _ first: FieldBytes, _ second: FieldBytes?) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(truncatingIfNeeded: scope)
        for index in 0..<first.count { hash = (hash ^ UInt64(first[index])) &* 0x0000_0100_0000_01B3 }
        if let second {
            hash = (hash ^ UInt64(separator)) &* 0x0000_0100_0000_01B3
            for index in 0..<second.count { hash = (hash ^ UInt64(second[index])) &* 0x0000_0100_0000_01B3 }
        }
        return hash
    }

    /// Makes room for `count` more keys of `bytes` bytes in all.
    mutating func reserve(_ count: Int, keyBytes bytes: Int) {
        entries.reserveCapacity(entries.count + count)
        keyBytes.reserveCapacity(keyBytes.count + bytes)
        var capacity = slots.count
        while (entries.count + count) * 10 > capacity * 7 { capacity *= 2 }
        if capacity > slots.count { grow(to: capacity) }
    }

    private mutating func grow() { grow(to: slots.count * 2) }

    private mutating func grow(to capacity: Int) {
        slots = [UInt64](repeating: 0, count: capacity)
        for index in entries.indices {
            let hash = entries[index].hash
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & (slots.count - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = hash & Self.tagBits | UInt64(index + 1)
        }
    }
}
