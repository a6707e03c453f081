import Dispatch
import Synchronization

/// A batch of records being checked on worker threads. The records are cut into chunks that
/// threads take in turn from a shared counter, each thread with its own copy of the validator
/// (``SubmissionValidating/copyForThread()``; one round is in flight at a time, so the copies
/// are reused from round to round).
/// Each record's findings and file keys (``SubmissionValidating/fileKeys(_:)``, worked out
/// while its bytes are in the checking thread's cache) are written straight into buffers at
/// the record's own index, so the threads never touch the same memory. The caller takes them
/// out in order (``take(_:)``) as soon as the record's chunk is done — not when the whole
/// round is, which left it blocked for the last chunks of every round (about a fifth of a
/// run) — and while a chunk it needs is still being checked it checks chunks not yet taken.
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
    private let chunkCount: Int
    /// Set (releasing) once a chunk's results are all written.
    private let chunkDone: UnsafeMutablePointer<Atomic<Bool>>
    /// The calling thread's copy, used while a record it needs is still being checked.
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
        chunkCount = (records.count + chunkSize - 1) / chunkSize
        chunkDone = .allocate(capacity: max(chunkCount, 1))
        for chunk in 0..<chunkCount { (chunkDone + chunk).initialize(to: Atomic(false)) }
        for own in workers {
            DispatchQueue.global(qos: .utility).async(group: group) { [self] in check(with: own) }
        }
    }

    /// Checks chunks until none is left.
    private func check(with validator: Validator) {
        while let chunk = takeChunk() { check(chunk, with: validator) }
    }

    /// The next chunk no thread has taken, or nil when all are taken.
    private func takeChunk() -> Int? {
        let chunk = nextChunk.add(1, ordering: .relaxed).oldValue
        return chunk < chunkCount ? chunk : nil
    }

    private func check(_ chunk: Int, with validator: Validator) {
        let start = chunk * chunkSize
        for index in start..<min(start + chunkSize, records.count) {
            let fields = records[index]
            (found.baseAddress! + index).initialize(to: validator.checkRecord(fields))
            (keys.baseAddress! + index).initialize(to: validator.fileKeys(fields))
        }
        chunkDone[chunk].store(true, ordering: .releasing)
    }

    /// Whether record `index`'s results are written.
    private func isChecked(_ index: Int) -> Bool {
        chunkDone[index / chunkSize].load(ordering: .acquiring)
    }

    /// The findings and file keys of record `index`, moved out, with 0, 1, 2, … in turn;
    /// until they are written, checks chunks no thread has taken (or, with none left, waits
    /// for the threads to finish).
    func take(_ index: Int) -> (findings: RecordFindings, keys: FileKeys) {
        precondition(index == taken, "results are taken in order")
        while !isChecked(index) {
            guard let chunk = takeChunk() else {
                group.wait()
                break
            }
            check(chunk, with: helper)
        }
        taken += 1
        return ((found.baseAddress! + index).move(), (keys.baseAddress! + index).move())
    }

    /// The file keys of a record not yet taken, if they are written yet (nil: still being
    /// checked).
    func keysIfChecked(_ index: Int) -> FileKeys? {
        precondition(index >= taken, "a record's keys are read before it is taken")
        return isChecked(index) ? keys[index] : nil
    }

    deinit {
        // Each worker holds the round until it stops, and stops only when every chunk is
        // taken: so no thread still checks, and every result is there. (The last holder may be
        // a worker: waiting for the group here would wait for itself.)
        (found.baseAddress! + taken).deinitialize(count: records.count - taken)
        (keys.baseAddress! + taken).deinitialize(count: records.count - taken)
        chunkDone.deinitialize(count: chunkCount)
        found.deallocate()
        keys.deallocate()
        chunkDone.deallocate()
    }
}
