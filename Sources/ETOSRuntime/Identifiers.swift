/// A value that must consist of ASCII digits only (NHS numbers, SNOMED CT identifiers).
///
/// Kept as text: leading zeros matter.
public struct DigitString: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The digits.
    public let rawValue: String

    /// Nil unless `rawValue` is one or more ASCII digits.
    public init?(rawValue: String) {
        guard rawValue.withFieldBytes(ItemCheck.isDigits) else { return nil }
        self.rawValue = rawValue
    }

    /// The digits.
    public var description: String { rawValue }
}

/// An NHS number: ten digits whose last is the Modulus 11 check digit of the first nine.
///
/// A value exists only for a number that passes the check, so holding one means the check
/// digit is known to be valid.
public struct NHSNumber: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The ten digits.
    public let rawValue: String

    /// Nil unless `rawValue` is ten digits that pass the Modulus 11 check.
    ///
    /// - Parameter rawValue: the number as ten digits, without spaces.
    public init?(rawValue: String) {
        guard rawValue.utf8.count == 10, let digits = DigitString(rawValue: rawValue), Self.passesModulus11(digits.rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// The NHS number of `digits`, or nil when they are not a valid NHS number.
    ///
    /// - Parameter digits: a value read as digits.
    public init?(_ digits: DigitString) {
        self.init(rawValue: digits.rawValue)
    }

    /// The ten digits.
    public var description: String { rawValue }

    /// True when `text` is ten digits whose last is the Modulus 11 check digit of the first nine.
    /// Spaces and dashes are ignored, as NHS England's processing strips them.
    ///
    /// - Parameter text: the number as written.
    public static func passesModulus11(_ text: some StringProtocol) -> Bool {
        var text = String(text)
        return text.withUTF8 { modulus11($0) ?? false }
    }

    /// The Modulus 11 verdict on UTF-8 bytes, spaces and dashes ignored: nil when they are not
    /// ten digits, else whether the last is the check digit of the first nine.
    static func modulus11(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        // Weighted sum of the first nine digits (weights 10 down to 2), then the check digit.
        // Ten bytes, the usual case, are tested as two words of digits.
        if bytes.count == 10, let head = DigitWord(bytes, at: 0, .digits), let tail = DigitWord(bytes, at: 2, .lastTwoDigits) {
            var sum = tail.digit(at: 6) * 2
            for position in 0..<8 { sum += head.digit(at: position) * (10 - position) }
            return isCheckDigit(tail.digit(at: 7), of: sum)
        }
        var sum = 0
        var count = 0
        var last = 0
        for byte in bytes {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") { continue }
            let digit = byte &- UInt8(ascii: "0")
            guard digit <= 9, count < 10 else { return nil }
            if count < 9 { sum += Int(digit) * (10 - count) } else { last = Int(digit) }
            count += 1
        }
        guard count == 10 else { return nil }
        return isCheckDigit(last, of: sum)
    }

    /// Whether `digit` is the check digit of the first nine digits' weighted `sum`.
    private static func isCheckDigit(_ digit: Int, of sum: Int) -> Bool {
        let check = 11 - sum % 11
        return check != 10 && (check == 11 ? 0 : check) == digit
    }
}
