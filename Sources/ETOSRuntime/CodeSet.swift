/// The codes of a code list, matched against field bytes without making text: codes of up
/// to seven ASCII bytes (nearly all national codes) are kept as packed numbers
/// (``FieldBytes/packed``) in a small open-addressing table; longer ones as text.
@_spi(ETOSGenerated) public struct CodeSet: Sendable {
    /// Packed codes by multiplicative hash, at most half full; 0 marks an empty slot (only
    /// the empty code packs to 0, and it is kept apart).
    private let slots: [UInt64]
    private let shift: UInt64
    private let hasEmpty: Bool
    @usableFromInline let long: Set<String>

    public init(_ codes: [String]) {
        var packed: Set<UInt64> = []
        var long: Set<String> = []
        for code in codes {
            if let value = code.withFieldBytes(\.packed) { packed.insert(value) } else { long.insert(code) }
        }
        hasEmpty = packed.remove(0) != nil
        var bits: UInt64 = 1
        while 1 << bits < packed.count * 2 { bits += 1 }
        shift = 64 - bits
        var slots = [UInt64](repeating: 0, count: 1 << bits)
        for value in packed.sorted() {
            var index = Self.slot(value, shift)
            while slots[index] != 0 { index = (index + 1) & (slots.count - 1) }
            slots[index] = value
        }
        self.slots = slots
        self.long = long
    }

    /// True when `value` is exactly one of the codes.
    @inlinable
    public func contains(_ value: FieldBytes) -> Bool {
        if let packed = value.packed { return containsPacked(packed) }
        return !long.isEmpty && long.contains(value.string)
    }

    public func contains(_ text: String) -> Bool { text.withFieldBytes(contains) }

    @usableFromInline
    func containsPacked(_ packed: UInt64) -> Bool {
        guard packed != 0 else { return hasEmpty }
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var index = Self.slot(packed, shift)
            while true {
                let code = slots[index]
                if code == packed { return true }
                if code == 0 { return false }
                index = (index + 1) & mask
            }
        }
    }

    private static func slot(_ packed: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}
