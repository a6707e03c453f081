/// A value that must consist of ASCII digits only (NHS numbers, SNOMED CT identifiers).
///
/// Kept as text: leading zeros matter.
public struct DigitString: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Nil unless `rawValue` is one or more ASCII digits.
    public init?(rawValue: String) {
        guard !rawValue.isEmpty, rawValue.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}

/// NHS number checks.
public enum NHSNumber {
    /// True when `text` is ten digits whose last is the Modulus 11 check digit of the first nine.
    /// Spaces and dashes are ignored, as NHS England's processing strips them.
    public static func passesModulus11(_ text: some StringProtocol) -> Bool {
        var digits: [Int] = []
        for byte in text.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") { continue }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits.count < 10 else { return false }
            digits.append(Int(byte - UInt8(ascii: "0")))
        }
        guard digits.count == 10 else { return false }
        var sum = 0
        for index in 0..<9 { sum += digits[index] * (10 - index) }
        let check = 11 - sum % 11
        if check == 10 { return false }
        return (check == 11 ? 0 : check) == digits[9]
    }
}
