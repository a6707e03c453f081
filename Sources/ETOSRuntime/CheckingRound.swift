import Dispatch

/// A batch of records being checked on worker threads, each thread taking one contiguous
/// slice with its own copy of the validator (``SubmissionValidating/copyForThread()``; one
/// round is in flight at a time, so the copies are reused from round to round).
/// Results are written straight into a buffer at the records' own indices, so the threads
/// never touch the same memory; after ``wait()`` the caller takes them out in order.
final class CheckingRound<Validator: SubmissionValidating>: @unchecked Sendable {
    let records: [CSVRecord]
    private let found: UnsafeMutableBufferPointer<RecordFindings>
    private let group = DispatchGroup()
    /// Results moved out so far (always the first ones).
    private var taken = 0

    init(records: [CSVRecord], workers: [Validator]) {
        self.records = records
        found = .allocate(capacity: records.count)
        let slice = (records.count + workers.count - 1) / workers.count
        for (own, start) in zip(workers, stride(from: 0, to: records.count, by: slice)) {
            let range = start..<min(start + slice, records.count)
            DispatchQueue.global().async(group: group) { [self] in
                for index in range {
                    (found.baseAddress! + index).initialize(to: own.checkRecord(fields: records[index].fields))
                }
            }
        }
    }

    /// Waits until every thread has finished.
    func wait() {
        group.wait()
    }

    /// The findings of record `index`, moved out; call after ``wait()`` with 0, 1, 2, … in turn.
    func take(_ index: Int) -> RecordFindings {
        precondition(index == taken, "results are taken in order")
        taken += 1
        return (found.baseAddress! + index).move()
    }

    deinit {
        group.wait()
        (found.baseAddress! + taken).deinitialize(count: records.count - taken)
        found.deallocate()
    }
}
