/// One field's bytes as read (UTF-8), in the reader's buffer: what checks read, so that a
/// `String` is made only for a value that is reported. Valid only while the record it
/// belongs to is (during a check).
@_spi(ETOSGenerated) public struct FieldBytes: @unchecked Sendable {
    @usableFromInline let start: UnsafePointer<UInt8>?
    public let count: Int

    @inlinable
    public init(start: UnsafePointer<UInt8>?, count: Int) {
        self.start = start
        self.count = count
    }

    @inlinable
    public init(_ buffer: UnsafeBufferPointer<UInt8>) {
        self.init(start: buffer.baseAddress, count: buffer.count)
    }

    /// A field past the end of its record (computed: a stored constant costs a lazy
    /// initialisation check on every use).
    @inlinable
    public static var blank: FieldBytes { FieldBytes(start: nil, count: 0) }

    /// The byte at `index`, which must be below ``count`` (asserted in debug builds only:
    /// this is the hot path, and its callers bound their indices).
    @inlinable
    public subscript(index: Int) -> UInt8 {
        assert(index >= 0 && index < count, "FieldBytes index \(index) outside 0..<\(count)")
        return start.unsafelyUnwrapped[index]
    }

    @inlinable
    public var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    /// Without leading and trailing spaces and tabs (as ``RuleChecks/trimmed(_:)``). Most
    /// values have none: that is checked in line, at the first and last byte.
    @inlinable @inline(__always)
    public var trimmed: FieldBytes {
        guard count > 0 else { return self }
        let first = self[0], last = self[count - 1]
        if first != 0x20, first != 0x09, last != 0x20, last != 0x09 { return self }
        return trimmedEnds
    }

    @usableFromInline
    var trimmedEnds: FieldBytes {
        var first = 0
        var last = count
        while first < last, self[first] == 0x20 || self[first] == 0x09 { first += 1 }
        while last > first, self[last - 1] == 0x20 || self[last - 1] == 0x09 { last -= 1 }
        return first == 0 && last == count ? self : FieldBytes(start: start.map { $0 + first }, count: last - first)
    }

    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// True when every byte is ASCII.
    @inlinable
    public var isASCII: Bool {
        var high: UInt8 = 0
        for index in 0..<count { high |= self[index] }
        return high < 0x80
    }

    /// The text (bytes that are not UTF-8 shown as U+FFFD).
    public var string: String { String(decoding: buffer, as: UTF8.self) }

    /// True when the bytes are exactly `text`'s UTF-8.
    public func equals(_ text: String) -> Bool {
        guard text.utf8.count == count else { return false }
        return text.withFieldBytes { other in
            for index in 0..<count where other[index] != self[index] { return false }
            return true
        }
    }

    /// The bytes of up to seven ASCII bytes packed into one number with their count (nil for
    /// longer values or non-ASCII ones): code lists compare these instead of text.
    @inlinable
    public var packed: UInt64? {
        guard count <= 7 else { return nil }
        guard let start, count > 0 else { return 0 }
        // Two loads that overlap unless the count is their sum (the bytes both hold are the
        // same, so OR keeps them): no copy, call or loop for a few bytes.
        let raw = UnsafeRawPointer(start)
        let value: UInt64
        if count >= 4 {
            let first = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
            let last = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            value = first | last << UInt64(8 * (count - 4))
        } else if count >= 2 {
            let first = UInt64(UInt16(littleEndian: raw.loadUnaligned(as: UInt16.self)))
            let last = UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)))
            value = first | last << UInt64(8 * (count - 2))
        } else {
            value = UInt64(start.pointee)
        }
        guard value & 0x0080_8080_8080_8080 == 0 else { return nil }
        return value | UInt64(count) << 56
    }
}

extension String {
    /// Runs `body` on the text's UTF-8 as a field (no copy for a native string).
    @inlinable
    @_spi(ETOSGenerated) public func withFieldBytes<Result>(_ body: (FieldBytes) throws -> Result) rethrows -> Result {
        var text = self
        return try text.withUTF8 { try body(FieldBytes($0)) }
    }
}

/// The fields of one record, as bytes: fields past the record's end read as blank.
@_spi(ETOSGenerated) public struct RecordFields: @unchecked Sendable {
    @usableFromInline let bytes: UnsafePointer<UInt8>
    /// Where each field ends, counted from `bytes`; field 0 starts at 0, each other field one
    /// byte (a separator) after the previous one ends. 32 bits each: half the memory the
    /// checking threads read after the reading thread wrote it.
    @usableFromInline let ends: UnsafePointer<UInt32>
    /// The number of fields the record has.
    public let count: Int

    init(bytes: UnsafePointer<UInt8>, ends: UnsafePointer<UInt32>, count: Int) {
        self.bytes = bytes
        self.ends = ends
        self.count = count
    }

    /// Field `index` (0-based), blank past the record's end.
    @inlinable
    public subscript(index: Int) -> FieldBytes {
        guard index < count else { return .blank }
        let start = index == 0 ? 0 : Int(ends[index - 1]) + 1
        return FieldBytes(start: bytes + start, count: Int(ends[index]) - start)
    }

    /// The fields as text.
    public var strings: [String] { (0..<count).map { self[$0].string } }

    /// Runs `body` on `fields` laid out as a record (for callers holding text).
    public static func withStrings<Result>(_ fields: [String], _ body: (RecordFields) throws -> Result) rethrows -> Result {
        var bytes: [UInt8] = []
        var ends: [UInt32] = []
        bytes.reserveCapacity(fields.reduce(1) { $0 + $1.utf8.count + 1 })
        ends.reserveCapacity(fields.count + 1)
        for field in fields {
            bytes.append(contentsOf: field.utf8)
            ends.append(UInt32(bytes.count))
            bytes.append(UInt8(ascii: ","))
        }
        bytes.append(0)  // never empty, so the buffer has an address
        ends.append(0)
        return try bytes.withUnsafeBufferPointer { b in
            try ends.withUnsafeBufferPointer { e in
                try body(RecordFields(bytes: b.baseAddress!, ends: e.baseAddress!, count: fields.count))
            }
        }
    }
}

/// Scratch memory for one record made of a record's fields then those of the record it links
/// to (relational rules), reused from record to record by the one thread that uses it.
@_spi(ETOSGenerated) public final class JoinedFields: @unchecked Sendable {
    // One thread uses it, one record at a time: no dynamic exclusivity checks.
    @exclusivity(unchecked) private var bytes: [UInt8] = []
    @exclusivity(unchecked) private var ends: [UInt32] = []

    public init() {}

    /// Runs `body` on `first`'s fields `0..<count` (blank past its end) followed by all of `second`'s.
    public func withJoined<Result>(_ first: RecordFields, count: Int, _ second: RecordFields, _ body: (RecordFields) throws -> Result) rethrows -> Result {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        for index in 0..<(count + second.count) {
            let field = index < count ? first[index] : second[index - count]
            bytes.append(contentsOf: field.buffer)
            ends.append(UInt32(truncatingIfNeeded: bytes.count))
            bytes.append(UInt8(ascii: ","))
        }
        bytes.append(0)
        ends.append(0)
        return try bytes.withUnsafeBufferPointer { b in
            try ends.withUnsafeBufferPointer { e in
                try body(RecordFields(bytes: b.baseAddress!, ends: e.baseAddress!, count: count + second.count))
            }
        }
    }
}
