/// The codes of a code list, matched against field bytes without making text: codes of up
/// to seven ASCII bytes (nearly all national codes) are kept as packed numbers
/// (``FieldBytes/packed``), sorted; longer ones as text.
public struct CodeSet: Sendable {
    private let short: [UInt64]
    @usableFromInline let long: Set<String>

    public init(_ codes: [String]) {
        var short: [UInt64] = []
        var long: Set<String> = []
        for code in codes {
            if let packed = code.withFieldBytes(\.packed) { short.append(packed) } else { long.insert(code) }
        }
        self.short = Array(Set(short)).sorted()
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
        // Most lists are a handful of codes: comparing with each, without branching on the
        // result, beats a binary search's unpredictable branches.
        if short.count <= 32 {
            return short.withUnsafeBufferPointer { codes in
                var found = false
                for code in codes { found = found || code == packed }
                return found
            }
        }
        var low = 0
        var high = short.count
        while low < high {
            let middle = (low + high) / 2
            let code = short[middle]
            if code == packed { return true }
            if code < packed { low = middle + 1 } else { high = middle }
        }
        return false
    }
}
