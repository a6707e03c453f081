import FuzzDriver

/// libFuzzer's entry: SwiftPM links executables with `main=FuzzPattern_main`.
@_cdecl("FuzzPattern_main")
public func FuzzPatternMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in testOneInput(data, size) }
}
