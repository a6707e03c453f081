@_spi(ETOSGenerated) import ETOSRuntime

/// The first line is a regular expression, each further line a value: a `Pattern` must never
/// crash, and where it matches with its own table it must answer as Swift `Regex` does.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let lines = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
        .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Short patterns and values: `Regex` backtracks, and long inputs only make it slow.
    guard let source = lines.first, source.utf8.count <= 64 else { return 0 }
    let pattern = Pattern(source)
    guard pattern.isTabulated, let reference = try? Regex(source) else { return 0 }
    for value in lines.dropFirst().prefix(8) where value.utf8.count <= 16 {
        let expected = (try? reference.wholeMatch(in: value)) != nil
        if pattern.wholeMatch(value) != expected {
            fatalError("pattern \(source.debugDescription) on \(value.debugDescription): table says \(!expected), Regex \(expected)")
        }
    }
    return 0
}
