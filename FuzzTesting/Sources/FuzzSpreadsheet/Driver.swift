import FuzzDriver

/// libFuzzer's entry: SwiftPM links executables with `main=FuzzSpreadsheet_main`.
@_cdecl("FuzzSpreadsheet_main")
public func FuzzSpreadsheetMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in testOneInput(data, size) }
}
