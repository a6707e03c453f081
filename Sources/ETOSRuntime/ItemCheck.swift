/// The checks one data item's Format, Mandation and National Codes imply.
///
/// Generated code declares one per item and calls the method for its type; each method
/// trims the submitted text, reports a missing value (per mandation), a value not in the
/// format, or a code not in the list, and returns the typed value or nil.
///
/// A class: checks are shared constants, and calling one through a reference copies
/// nothing (as a struct, each call copied its 176 bytes out of the constant).
@_spi(ETOSGenerated) public final class ItemCheck: Sendable {
    public let uid: String
    public let shape: ValueKind
    public let minLength: Int
    public let maxLength: Int
    /// Reported when the value is blank; nil when a blank is allowed.
    public let missing: FindingKind?
    /// Reported when the value does not fit the format.
    public let format: FindingKind
    /// Reported when the value is not one of the national codes.
    public let code: FindingKind?
    /// The national codes, for items that have them.
    public let codes: CodeSet?
    /// Whether text may hold only ASCII letters and digits (a rule such as "Must be between 5
    /// and 12 letters or digits" stated the item's format check).
    public let lettersAndDigitsOnly: Bool
    /// A decimal's digits after the point (a lower bound of 0: the point may be left out).
    public let fractionDigits: ClosedRange<Int>

    public init(uid: String, shape: ValueKind, minLength: Int, maxLength: Int, missing: FindingKind?, format: FindingKind, code: FindingKind? = nil, codes: [String]? = nil,
                lettersAndDigitsOnly: Bool = false, fractionDigits: ClosedRange<Int> = 0...0) {
        self.lettersAndDigitsOnly = lettersAndDigitsOnly
        self.fractionDigits = fractionDigits
        self.uid = uid
        self.shape = shape
        self.minLength = minLength
        self.maxLength = maxLength
        self.missing = missing
        self.format = format
        self.code = code
        self.codes = codes.map(CodeSet.init)
    }

    // MARK: Bytes (what a submission run checks)

    /// The value without leading and trailing spaces, or nil when blank (reported if missing is set).
    @inlinable @inline(__always)
    public func present(_ raw: FieldBytes, _ findings: inout [Finding]) -> FieldBytes? {
        let trimmed = raw.trimmed
        if trimmed.isEmpty {
            if let missing { findings.append(Finding(missing, items: [uid], values: [""])) }
            return nil
        }
        return trimmed
    }

    /// Text within the length bounds.
    public func text(_ raw: FieldBytes, _ findings: inout [Finding]) -> FieldBytes? {
        guard let value = present(raw, &findings) else { return nil }
        return fitsLength(value) && (!lettersAndDigitsOnly || Self.isLettersAndDigits(value)) ? value : fail(value, &findings)
    }

    /// Digits within the length bounds.
    public func digits(_ raw: FieldBytes, _ findings: inout [Finding]) -> FieldBytes? {
        guard let value = present(raw, &findings) else { return nil }
        return fitsLength(value) && Self.isDigits(value) ? value : fail(value, &findings)
    }

    /// A decimal number within the digit bounds.
    public func decimal(_ raw: FieldBytes, _ findings: inout [Finding]) -> FieldBytes? {
        guard let value = present(raw, &findings) else { return nil }
        return Self.isDecimal(value, whole: minLength...maxLength, fraction: fractionDigits) ? value : fail(value, &findings)
    }

    public func date(_ raw: FieldBytes, _ findings: inout [Finding]) -> ISODate? {
        guard let value = present(raw, &findings) else { return nil }
        return ISODate(bytes: value.buffer) ?? fail(value, &findings)
    }

    public func time(_ raw: FieldBytes, _ findings: inout [Finding]) -> TimeOfDay? {
        guard let value = present(raw, &findings) else { return nil }
        return TimeOfDay(bytes: value.buffer) ?? fail(value, &findings)
    }

    public func timestamp(_ raw: FieldBytes, _ findings: inout [Finding]) -> Timestamp? {
        readTimestamp(raw, &findings, Timestamp.init(bytes:))
    }

    /// ``timestamp(_:_:)`` as the value date rules compare, without making a ``Timestamp``.
    public func timestampValue(_ raw: FieldBytes, _ findings: inout [Finding]) -> TemporalValue? {
        readTimestamp(raw, &findings, TemporalValue.init(timestampBytes:))
    }

    /// A timestamp within the length bound, read by `parse`.
    @inline(__always)
    private func readTimestamp<Value>(_ raw: FieldBytes, _ findings: inout [Finding], _ parse: (UnsafeBufferPointer<UInt8>) -> Value?) -> Value? {
        guard let value = present(raw, &findings) else { return nil }
        guard value.count <= maxLength, let timestamp = parse(value.buffer) else { return fail(value, &findings) }
        return timestamp
    }

    /// A national code: the value must fit the format and be one of ``codes``.
    public func code(_ raw: FieldBytes, _ findings: inout [Finding]) -> FieldBytes? {
        guard let value = present(raw, &findings) else { return nil }
        guard fitsLength(value), shape != .numeric || Self.isDigits(value) else { return fail(value, &findings) }
        guard codes?.contains(value) ?? true else {
            findings.append(Finding(self.code ?? format, items: [uid], values: [value.string]))
            return nil
        }
        return value
    }

    // MARK: Text (typed records and the interpreter)

    /// Text within the length bounds.
    public func text(_ raw: String, _ findings: inout [Finding]) -> String? {
        raw.withFieldBytes { text($0, &findings)?.string }
    }

    /// Digits within the length bounds.
    public func digits(_ raw: String, _ findings: inout [Finding]) -> DigitString? {
        raw.withFieldBytes { digits($0, &findings).flatMap { DigitString(rawValue: $0.string) } }
    }

    /// A decimal number within the digit bounds.
    public func decimal(_ raw: String, _ findings: inout [Finding]) -> String? {
        raw.withFieldBytes { decimal($0, &findings)?.string }
    }

    public func date(_ raw: String, _ findings: inout [Finding]) -> ISODate? {
        raw.withFieldBytes { date($0, &findings) }
    }

    public func time(_ raw: String, _ findings: inout [Finding]) -> TimeOfDay? {
        raw.withFieldBytes { time($0, &findings) }
    }

    public func timestamp(_ raw: String, _ findings: inout [Finding]) -> Timestamp? {
        raw.withFieldBytes { timestamp($0, &findings) }
    }

    /// A national code: the value must fit the format and be one of ``codes``.
    public func code(_ raw: String, _ findings: inout [Finding]) -> String? {
        raw.withFieldBytes { code($0, &findings)?.string }
    }

    // MARK: Helpers

    /// Whether a present (non-blank) value has from ``minLength`` to ``maxLength`` characters.
    private func fitsLength(_ value: FieldBytes) -> Bool {
        // A character takes at least one byte, so a value of 1 to maxLength bytes has 1 to
        // maxLength characters: only a longer value, or a minimum above 1, needs counting.
        if minLength <= 1 && value.count <= maxLength { return true }
        let length = ItemCheck.characterCount(value)
        return length >= minLength && length <= maxLength
    }

    /// The number of characters, counted as bytes when the text is ASCII (the usual case:
    /// counting grapheme clusters is much slower).
    package static func characterCount(_ value: FieldBytes) -> Int {
        value.isASCII ? value.count : value.string.count
    }

    /// Digits (`whole` of them), then optionally a point and `fraction` digits; a point must
    /// be followed by a digit, and with a fraction of at least one digit the point is required.
    package static func isDecimal(_ value: FieldBytes, whole: ClosedRange<Int>, fraction: ClosedRange<Int>) -> Bool {
        let count = value.count
        var index = 0
        while index < count, value[index] &- UInt8(ascii: "0") <= 9 { index += 1 }
        guard whole.contains(index) else { return false }
        if index == count { return fraction.lowerBound == 0 }
        guard value[index] == UInt8(ascii: "."), index + 1 < count else { return false }
        index += 1
        let start = index
        while index < count, value[index] &- UInt8(ascii: "0") <= 9 { index += 1 }
        return index == count && fraction.contains(count - start)
    }

    /// One or more ASCII letters and digits, nothing else.
    package static func isLettersAndDigits(_ value: FieldBytes) -> Bool {
        guard !value.isEmpty else { return false }
        for index in 0..<value.count {
            let byte = value[index]
            guard byte &- UInt8(ascii: "0") <= 9 || (byte | 0x20) &- UInt8(ascii: "a") < 26 else { return false }
        }
        return true
    }

    /// One or more ASCII digits.
    package static func isDigits(_ value: FieldBytes) -> Bool {
        guard !value.isEmpty else { return false }
        guard value.count >= 8 else {
            for index in 0..<value.count where value[index] &- UInt8(ascii: "0") > 9 { return false }
            return true
        }
        // Eight bytes at a time, the last word ending with the value (overlapping the one
        // before when the count is not a multiple of eight).
        let bytes = value.buffer
        var offset = 0
        while offset + 8 < value.count {
            guard DigitWord(bytes, at: offset, .digits) != nil else { return false }
            offset += 8
        }
        return DigitWord(bytes, at: value.count - 8, .digits) != nil
    }

    private func fail<T>(_ value: FieldBytes, _ findings: inout [Finding]) -> T? {
        findings.append(Finding(format, items: [uid], values: [value.string]))
        return nil
    }
}
