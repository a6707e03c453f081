import FuzzDIDS

/// Any bytes as a DIDS v2.0 submission through the generated validator: never a crash,
/// records read = accepted + rejected, and several checking threads (rounds of a few chunks)
/// find exactly what one finds.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for encoding in [TextEncoding.utf8, .windows1252] {
        let one = outcome(bytes, encoding, jobs: 1)
        precondition(one.read == one.accepted + one.rejected)
        precondition(outcome(bytes, encoding, jobs: 2) == one, "two jobs found other than one")
    }
    return 0
}

/// Each record's finding codes and the summary's counts.
private struct Outcome: Equatable {
    var codes: [[String]] = []
    var read = 0
    var accepted = 0
    var rejected = 0
}

private func outcome(_ bytes: [UInt8], _ encoding: TextEncoding, jobs: Int) -> Outcome {
    let run = SubmissionRun(validator: SubmissionValidator(), input: MemoryInput(bytes), encoding: encoding, jobs: jobs, roundSize: 40)
    var result = Outcome()
    while let record = try? run.next() { result.codes.append(record.findings.map(\.finding.code)) }
    let summary = run.summary
    result.read = summary.recordsRead
    result.accepted = summary.recordsAccepted
    result.rejected = summary.recordsRejected
    return result
}
