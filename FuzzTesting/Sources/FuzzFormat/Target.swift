import ETOSFrontend
import ETOSModel

/// Any text as a Format cell (and as national codes): parsing must never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = FormatParser.parse(text, itemName: "FUZZ TIMESTAMP")
    _ = NationalCodes.parse(text, maxCodeLength: 2)
    _ = HeadingName(text)
    _ = Mandation(cellText: text)
    _ = FindingLevel(cellText: text)
    return 0
}
