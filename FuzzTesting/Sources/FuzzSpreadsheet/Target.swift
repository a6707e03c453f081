import ETOSFrontend
import ETOSSpreadsheet
import Foundation

/// Raw bytes as a spec file of any format: reading and compiling must never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Data(bytes: data, count: size)
    if let workbook = try? SpreadsheetReader.read(data: bytes, file: "fuzz") {
        _ = SpecCompiler.compile(workbook)
    }
    return 0
}
