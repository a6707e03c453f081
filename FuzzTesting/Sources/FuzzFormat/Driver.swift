import FuzzDriver

/// libFuzzer's entry: SwiftPM links executables with `main=FuzzFormat_main`.
@_cdecl("FuzzFormat_main")
public func FuzzFormatMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in testOneInput(data, size) }
}
