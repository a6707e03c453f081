import FuzzDriver

/// libFuzzer's entry: SwiftPM links executables with `main=FuzzRuleSentence_main`.
@_cdecl("FuzzRuleSentence_main")
public func FuzzRuleSentenceMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in testOneInput(data, size) }
}
