import FuzzDIDS

/// Any bytes as a DIDS v2.0 submission through the generated validator: never a crash,
/// and records read = accepted + rejected.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for encoding in [TextEncoding.utf8, .windows1252] {
        var run = SubmissionRun(validator: SubmissionValidator(), input: MemoryInput(bytes), encoding: encoding)
        while let record = try? run.next() { _ = record }
        let summary = run.summary
        precondition(summary.recordsRead == summary.recordsAccepted + summary.recordsRejected)
    }
    return 0
}
