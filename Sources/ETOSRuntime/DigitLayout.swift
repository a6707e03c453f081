/// A fixed layout of eight bytes — ASCII digits, separators that must match, bytes to
/// ignore — tested against a word of input in one step instead of a branch per byte.
///
/// XORing a digit position with "0" turns "0"–"9" into 0–9 and any other byte into a value
/// above 9; XORing a separator position with the separator turns a match into 0. Adding
/// 0x76 to a digit position (0x7F to a separator) then sets that byte's top bit exactly when
/// it does not match. Letters match either case.
struct DigitLayout {
    /// XORed into the word: "0" at digit positions, the (lower-case) separator elsewhere.
    let pattern: UInt64
    /// Added to the XORed word: 0x76 at digit positions, 0x7F at separators, 0 where ignored.
    let limits: UInt64
    /// 0xFF at the positions tested, 0 where ignored.
    let tested: UInt64
    /// 0x20 at letter positions, ORed in first so that either case matches.
    let folded: UInt64

    // Byte 0 of each layout is the word's lowest byte: `d` a digit, `?` any byte.

    /// `dddd-dd-`: a date's year and month.
    static let dateHead = DigitLayout(pattern: 0x2D30_302D_3030_3030, limits: 0x7F76_767F_7676_7676, tested: ~0, folded: 0)
    /// `dddddddd`: eight digits.
    static let digits = DigitLayout(pattern: 0x3030_3030_3030_3030, limits: 0x7676_7676_7676_7676, tested: ~0, folded: 0)
    /// `??????dd`: two digits ending a word, such as a date's day.
    static let lastTwoDigits = DigitLayout(pattern: 0x3030_0000_0000_0000, limits: 0x7676_0000_0000_0000, tested: 0xFFFF_0000_0000_0000, folded: 0)
    /// `ddTdd:dd`: a timestamp's day, `T` and its hours and minutes.
    static let timestampMiddle = DigitLayout(pattern: 0x3030_3A30_3074_3030, limits: 0x7676_7F76_767F_7676, tested: ~0, folded: 0x20_0000)
    /// `?????:dd`: the seconds ending a time of day.
    static let secondsTail = DigitLayout(pattern: 0x3030_3A00_0000_0000, limits: 0x7676_7F00_0000_0000, tested: 0xFFFF_FF00_0000_0000, folded: 0)
    /// `???dd:dd`: a UTC offset's hours and minutes, its sign tested apart.
    static let offsetTail = DigitLayout(pattern: 0x3030_3A30_3000_0000, limits: 0x7676_7F76_7600_0000, tested: 0xFFFF_FFFF_FF00_0000, folded: 0)
    /// `dd:dd:dd`: a time of day.
    static let time = DigitLayout(pattern: 0x3030_3A30_303A_3030, limits: 0x7676_7F76_767F_7676, tested: ~0, folded: 0)
}

/// Eight input bytes that matched a ``DigitLayout``: each digit position holds its value.
struct DigitWord {
    private let values: UInt64

    /// The eight bytes at `offset` (which must leave eight bytes in `bytes`) if they match
    /// `layout`, else nil.
    @inline(__always)
    init?(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, _ layout: DigitLayout) {
        assert(offset >= 0 && offset + 8 <= bytes.count, "a digit word past the value's end")
        let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + offset).loadUnaligned(as: UInt64.self))
        let values = ((word | layout.folded) ^ layout.pattern) & layout.tested
        guard ((values &+ layout.limits) | values) & 0x8080_8080_8080_8080 == 0 else { return nil }
        self.values = values
    }

    /// The digit at byte `position`.
    @inline(__always)
    func digit(at position: Int) -> Int {
        Int(truncatingIfNeeded: (values >> UInt64(position * 8)) & 0xFF)
    }

    /// The two-digit number at bytes `start` and `start + 1`.
    @inline(__always)
    func twoDigits(at start: Int) -> Int {
        // Each byte of `pairs` is its digit times ten plus the next byte's digit: at most 99,
        // so no byte carries into the next, and all pairs come from one multiply.
        let pairs = values &* 10 &+ values >> 8
        return Int(truncatingIfNeeded: (pairs >> UInt64(start * 8)) & 0xFF)
    }

    /// The four-digit number at bytes `start` to `start + 3`.
    @inline(__always)
    func fourDigits(at start: Int) -> Int {
        twoDigits(at: start) * 100 + twoDigits(at: start + 2)
    }
}
