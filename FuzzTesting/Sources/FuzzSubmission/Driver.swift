import FuzzDriver

/// libFuzzer's entry: SwiftPM links executables with `main=FuzzSubmission_main`.
@_cdecl("FuzzSubmission_main")
public func FuzzSubmissionMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in testOneInput(data, size) }
}
