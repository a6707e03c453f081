import Dispatch

/// A batch of records being checked on worker threads, each thread taking one contiguous
/// slice. Results are written straight into a buffer at the records' own indices, so the
/// threads never touch the same memory; ``results()`` waits for them.
final class CheckingRound<Validator: SubmissionValidating>: @unchecked Sendable {
    private let records: [CSVRecord]
    private let found: UnsafeMutableBufferPointer<RecordFindings>
    private let group = DispatchGroup()

    init(records: [CSVRecord], validator: Validator, jobs: Int) {
        self.records = records
        found = .allocate(capacity: records.count)
        let slice = (records.count + jobs - 1) / jobs
        for start in stride(from: 0, to: records.count, by: slice) {
            let range = start..<min(start + slice, records.count)
            DispatchQueue.global().async(group: group) { [self] in
                for index in range {
                    (found.baseAddress! + index).initialize(to: validator.checkRecord(fields: records[index].fields))
                }
            }
        }
    }

    /// The records with their findings, in order, once every thread has finished.
    func results() -> [(record: CSVRecord, found: RecordFindings)] {
        group.wait()
        return records.indices.map { (records[$0], found[$0]) }
    }

    deinit {
        group.wait()
        found.baseAddress!.deinitialize(count: records.count)
        found.deallocate()
    }
}
