import Dispatch
import Synchronization

/// A batch of records being checked on worker threads. The records are cut into chunks that
/// threads take in turn from a shared counter, each thread with its own copy of the validator
/// (``SubmissionValidating/copyForThread()``; one round is in flight at a time, so the copies
/// are reused from round to round). The calling thread, when it waits for the round, takes
/// chunks too, so no core idles while one thread finishes a long slice.
/// Each record's findings and file keys (``SubmissionValidating/fileKeys(_:)``, worked out
/// while its bytes are in the checking thread's cache) are written straight into buffers at
/// the record's own index, so the threads never touch the same memory; after ``wait()`` the
/// caller takes them out in order.
///
/// Workers run at utility quality of service (on Linux, a nice value of 2), below the calling
/// thread: it reads the records and applies the file-level rules in order, the part no other
/// thread can take, so when threads outnumber cores the checks, not the reading, wait.
final class CheckingRound<Validator: SubmissionValidating>: @unchecked Sendable {
    let records: RecordBatch
    private let found: UnsafeMutableBufferPointer<RecordFindings>
    private let keys: UnsafeMutableBufferPointer<FileKeys>
    private let group = DispatchGroup()
    /// The next chunk not yet taken.
    private let nextChunk = Atomic<Int>(0)
    private let chunkSize: Int
    /// The calling thread's copy, used while it waits.
    private let helper: Validator
    /// Results moved out so far (always the first ones).
    private var taken = 0

    /// - Parameters:
    ///   - workers: one validator copy per worker thread.
    ///   - helper: the calling thread's own copy (not shared with a worker).
    init(records: RecordBatch, workers: [Validator], helper: Validator) {
        self.records = records
        self.helper = helper
        found = .allocate(capacity: records.count)
        keys = .allocate(capacity: records.count)
        // About eight chunks per thread: small enough to even out, large enough that taking
        // one costs nothing next to checking it.
        chunkSize = max(16, records.count / ((workers.count + 1) * 8))
        for own in workers {
            DispatchQueue.global(qos: .utility).async(group: group) { [self] in check(with: own) }
        }
    }

    /// Checks chunks until none is left.
    private func check(with validator: Validator) {
        while true {
            let start = nextChunk.add(1, ordering: .relaxed).oldValue * chunkSize
            guard start < records.count else { return }
            for index in start..<min(start + chunkSize, records.count) {
                let fields = records[index]
                (found.baseAddress! + index).initialize(to: validator.checkRecord(fields))
                (keys.baseAddress! + index).initialize(to: validator.fileKeys(fields))
            }
        }
    }

    /// Helps check what is left, then waits until every thread has finished.
    func wait() {
        check(with: helper)
        group.wait()
    }

    /// The findings and file keys of record `index`, moved out; call after ``wait()`` with
    /// 0, 1, 2, … in turn.
    func take(_ index: Int) -> (findings: RecordFindings, keys: FileKeys) {
        precondition(index == taken, "results are taken in order")
        taken += 1
        return ((found.baseAddress! + index).move(), (keys.baseAddress! + index).move())
    }

    /// The file keys of a record not yet taken (after ``wait()``).
    func keys(_ index: Int) -> FileKeys {
        precondition(index >= taken, "a record's keys are read before it is taken")
        return keys[index]
    }

    deinit {
        group.wait()  // the workers take every chunk before they stop, so every result is there
        (found.baseAddress! + taken).deinitialize(count: records.count - taken)
        (keys.baseAddress! + taken).deinitialize(count: records.count - taken)
        found.deallocate()
        keys.deallocate()
    }
}
