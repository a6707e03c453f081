/// Validates a CSV submission record by record, in bounded memory: iterate it (`for try await
/// result in run`, or ``next()`` in a loop on the hot path) for each record with its
/// findings, then read ``summary``.
///
/// A run is a reference: iterating it, or a copy of it, advances the one run, and its
/// summary counts every record read however it was read.
///
/// Records are read in rounds into a `RecordBatch` (field bytes, no `String` per field) and
/// checked from there. With `jobs` above 1 each round's records are checked on `jobs` threads
/// (each record's own checks and its file keys) while
/// the next round is read; file-level rules, counting and reporting stay in record order, so
/// the results are the same as with one job.
public final class SubmissionRun<Validator: SubmissionValidating>: AsyncSequence {
    /// One record as checked.
    public struct RecordResult {
        /// The record's number in the file (1-based; the header and blank lines not counted).
        public let recordNumber: Int
        /// The physical line the record starts on (1-based).
        public let line: Int
        /// Findings of this record (all of them, even past the listing maximum), after those it
        /// revealed about an earlier record (the first record of a key this one repeats),
        /// which carry that record's number and line.
        public let findings: [ReportedFinding]
        /// The round the record was read in (kept alive by the result: a caller keeping every
        /// result keeps every round's bytes; a round no result holds is reused).
        fileprivate let batch: RecordBatch
        /// The record's index in its round; nil for the file's own result (record 0).
        fileprivate let index: Int?

        /// The record's fields as text (none for record 0, which reports on the file as a whole:
        /// an empty file, a header that is not the spec's, the wrong delimiter).
        public var fields: [String] { index.map { batch[$0].strings } ?? [] }
    }

    /// Everything found so far (all of it once ``next()`` has returned nil).
    public var summary: ValidationSummary { engine.summary }

    /// The run's state in one value, stepped by its mutating methods: the class then checks
    /// exclusive access once per record, not once per property the hot path touches.
    private var engine: SubmissionEngine<Validator>

    /// A run of `validator` over the CSV records of `input`.
    ///
    /// - Parameters:
    ///   - validator: checks each record (a generated module's `SubmissionValidator`).
    ///   - input: the submission file's bytes (``FileInput``, ``MemoryInput``).
    ///   - encoding: how the file's text is encoded.
    ///   - header: whether the first record is a header row.
    ///   - jobs: threads checking records (1: all on the calling thread).
    ///   - roundSize: records read ahead per round when `jobs` is above 1.
    public init(validator: Validator, input: some ByteInput, encoding: TextEncoding = .utf8, header: HeaderMode = .auto,
                jobs: Int = 1, roundSize: Int = 8_192) {
        engine = SubmissionEngine(validator: validator, input: input, encoding: encoding, header: header, jobs: jobs, roundSize: roundSize)
    }

    /// Bytes of the file read so far.
    public var bytesRead: Int { engine.bytesRead }

    /// The next record with its findings, or nil at the end of the file: the synchronous
    /// step the asynchronous iteration takes.
    ///
    /// - Throws: an error reading the input.
    public func next() throws -> RecordResult? {
        try engine.next()
    }

    /// Iterates the run's records (the run itself advances).
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(run: self) }

    /// Steps through a run's records; each step is a synchronous ``SubmissionRun/next()``.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let run: SubmissionRun

        /// The next record with its findings, or nil at the end of the file.
        public mutating func next() async throws -> RecordResult? { try run.next() }

        /// The next record with its findings, or nil at the end of the file, on the caller's actor.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> RecordResult? { try run.next() }
    }
}

/// The state and steps of one ``SubmissionRun``.
///
/// Records are read in rounds into a `RecordBatch` and checked from there; with several jobs
/// each round is checked on the workers while the next is read. File-level rules, counting and
/// reporting stay in record order.
struct SubmissionEngine<Validator: SubmissionValidating> {
    typealias RecordResult = SubmissionRun<Validator>.RecordResult


    private var counted = ValidationSummary()
    /// Each record's line and how it was counted (``RecordState``), so that a finding about
    /// an earlier record can be placed and counted; kept only for a validator with uniqueness
    /// rules (the only source of such findings), whose key table grows with the file anyway.
    private var recordStates: [RecordState] = []
    private let keepsRecordStates: Bool
    /// The validator's rules that cannot run: not run on any record read.
    private let rulesNotRun: [String]
    private var validator: Validator
    private var reader: CSVReader
    private let header: HeaderMode
    private var started = false
    /// Set when the first record shows the file cannot be checked record by record: no more is read.
    private var stopped = false
    /// A finding about the file as a whole, to report as record 0 once the records are done.
    private var fileFinding: Finding?
    private var fileFindingReported = false
    /// Records at the start of the file checked for NUL bytes (binary input).
    private static var recordsLookedAtForText: Int { 64 }

    private static func holdsNUL(_ fields: [String]) -> Bool {
        fields.contains { $0.utf8.contains(0) }
    }
    /// Whether the validator has been told the file's estimated record count.
    private var reserved = false
    private let names: [String: String]
    private let keyPositions: [Int]
    private let jobs: Int
    private let roundSize: Int
    /// The round being finished (one job: being checked too), in record order, and its next record.
    private var batch = RecordBatch(byteCapacity: 16, fieldCapacity: 16)
    private var batchIndex = 0
    /// With several jobs: the current round's checks, and the next round being checked.
    private var current: CheckingRound<Validator>?
    private var inFlight: CheckingRound<Validator>?
    /// With several jobs: how many records ahead the file-level state is prepared
    /// (``SubmissionValidating/prepareInFile(_:)``); 8 to 64 ran alike, 1 was 7 % slower.
    private static var prepareDistance: Int { 16 }
    /// With one job: the file keys of the round's next record, worked out early to prefetch for them.
    private var nextKeys: FileKeys?
    /// The validator's copies for the worker threads and for the calling thread, made for the first round.
    private var copies: (workers: [Validator], helper: Validator)?

    /// Everything found so far.
    var summary: ValidationSummary {
        var summary = counted
        if summary.recordsRead > 0 {
            for code in rulesNotRun { summary.rulesNotRun[code] = summary.recordsRead }
        }
        return summary
    }

    init(validator: Validator, input: some ByteInput, encoding: TextEncoding, header: HeaderMode, jobs: Int, roundSize: Int) {
        self.validator = validator
        self.reader = CSVReader(input: input, encoding: encoding)
        self.header = header
        self.jobs = Swift.max(1, jobs)
        self.roundSize = Swift.max(1, roundSize)
        let layout = validator.layout
        names = Dictionary(layout.items.map { ($0.uid, $0.name) }, uniquingKeysWith: { first, _ in first })
        keyPositions = layout.keyItems.compactMap { uid in layout.items.first { $0.uid == uid }?.position }
        keepsRecordStates = !layout.keyItems.isEmpty
        counted.notEnforced = layout.notEnforced
        rulesNotRun = validator.rulesNotRun
    }

    /// Bytes of the file read so far.
    var bytesRead: Int { reader.bytesRead }

    mutating func next() throws -> RecordResult? {
        if batchIndex == batch.count {
            if jobs == 1 {
                batch = try readRound(into: reusableBatch())
            } else {
                try refill()
            }
            batchIndex = 0
            guard batch.count > 0 else { return fileResult() }
        }
        let index = batchIndex
        batchIndex += 1
        if let current {
            let (checked, keys) = current.take(index)
            return finish(index, checked, keys)
        }
        let keys = nextKeys ?? validator.fileKeys(batch[index])
        nextKeys = nil
        return finish(index, validator.checkRecord(batch[index]), keys)
    }

    /// Record 0, once: the finding about the file as a whole (its shape, or that it holds no
    /// records), after every record; nil when there is none.
    private mutating func fileResult() -> RecordResult? {
        guard !fileFindingReported else { return nil }
        fileFindingReported = true
        if fileFinding == nil, counted.recordsRead == 0 {
            fileFinding = Finding(FindingKind(code: "ETOS-FILE-EMPTY", level: .fileRejection, message: "The file holds no records."), items: [], values: [])
        }
        guard let finding = fileFinding else { return nil }
        count(finding)
        let reported = ReportedFinding(finding: finding, recordNumber: 0, line: 1, itemNames: [], key: [])
        return RecordResult(recordNumber: 0, line: 1, findings: [reported], batch: batch, index: nil)
    }

    /// The finished round's batch, emptied, when nothing else holds it (a record result kept
    /// by the caller does); otherwise a new one. Reusing it spares fresh memory, and the page
    /// faults that come with it, every round.
    private mutating func reusableBatch() -> RecordBatch {
        current = nil  // the finished round: its results have all been taken
        guard isKnownUniquelyReferenced(&batch) else { return RecordBatch() }
        batch.removeAll()
        return batch
    }

    /// Reads up to a round of records into `round` (the header skipped).
    private mutating func readRound(into round: RecordBatch) throws -> RecordBatch {
        let first = !started
        while round.count < roundSize, !stopped, try reader.read(into: round) {
            if !started {
                started = true
                let first = round[0].strings
                if Self.holdsNUL(first) { throw SubmissionInputError.notText }
                let isHeader = isHeader(first)
                counted.headerPresent = isHeader
                if let problem = SubmissionShape.problem(firstRecord: first, isHeader: isHeader, items: validator.layout.items) {
                    fileFinding = Finding(problem, items: [], values: [])
                    stopped = true
                }
                if isHeader || stopped { round.removeAll() }
            }
        }
        // A text file has no NUL byte; an archive or image has many, soon. Judged on the start
        // of the first round, before any record is reported, so with any number of jobs alike.
        if first, (0..<Swift.min(round.count, Self.recordsLookedAtForText)).contains(where: { Self.holdsNUL(round[$0].strings) }) {
            throw SubmissionInputError.notText
        }
        if round.count < roundSize { counted.blankLines = reader.blankLines }
        if !reserved, round.count > 0 {
            reserved = true
            if let total = reader.totalBytes, reader.bytesScanned > 0 {
                // The file's records, estimated from the first round's: sizing file-level
                // state once spares growing it (and moving what it holds) on the way.
                let estimate = Double(total) / Double(reader.bytesScanned) * Double(round.count)
                validator.reserveInFile(records: estimate < Double(Int.max) ? Int(estimate) : Int.max)
            }
        }
        return round
    }

    /// Reads the next round while the workers check the round in flight, then makes the
    /// round in flight current (empty at the end of the file).
    private mutating func refill() throws {
        repeat {
            let records = try readRound(into: reusableBatch())
            current = inFlight
            if copies == nil { copies = ((0..<jobs).map { _ in validator.copyForThread() }, validator.copyForThread()) }
            inFlight = records.count == 0 ? nil : CheckingRound(records: records, workers: copies!.workers, helper: copies!.helper)
        } while current == nil && inFlight != nil
        batch = current?.records ?? RecordBatch(byteCapacity: 16, fieldCapacity: 16)
    }

    /// Applies the file-level rules to a checked record of the current round, counts it and reports it.
    private mutating func finish(_ index: Int, _ checked: RecordFindings, _ keys: FileKeys) -> RecordResult {
        counted.recordsRead += 1
        let number = counted.recordsRead
        let fields = batch[index]
        let line = batch.line(index)
        var found = checked
        if let current {
            // The keys of a record some way ahead (worked out on the checking threads): a
            // slot fetched one record ahead was still on its way from memory when needed.
            let ahead = index + Self.prepareDistance
            if ahead < batch.count, let keys = current.keysIfChecked(ahead) { validator.prepareInFile(keys) }
        } else if index + 1 < batch.count {
            let following = validator.fileKeys(batch[index + 1])
            nextKeys = following
            validator.prepareInFile(following)
        }
        validator.checkInFile(fields, keys: keys, recordNumber: number, &found)
        let problems = batch.problems(index)
        if !problems.isEmpty {
            for problem in problems.list { found.findings.insert(Finding(problem.kind, items: [], values: []), at: 0) }
        }
        var reported: [ReportedFinding] = []
        if !found.findings.isEmpty || !found.earlierRecords.isEmpty {
            let key = keyPositions.map { fields[$0 - 1].trimmed.string }
            func report(_ finding: Finding, _ record: Int, _ line: Int) -> ReportedFinding {
                ReportedFinding(finding: finding, recordNumber: record, line: line, itemNames: finding.items.map { names[$0] ?? $0 }, key: key)
            }
            for earlier in found.earlierRecords where earlier.recordNumber >= 1 && earlier.recordNumber <= recordStates.count {
                reported.append(report(earlier.finding, earlier.recordNumber, recordStates[earlier.recordNumber - 1].line))
                retally(record: earlier.recordNumber, adding: earlier.finding)
            }
            reported += found.findings.map { report($0, number, line) }
        }
        let counted = tally(found.findings)
        if keepsRecordStates { recordStates.append(RecordState(line: line, counted: counted)) }
        return RecordResult(recordNumber: number, line: line, findings: reported, batch: batch, index: index)
    }

    /// Counts a record's findings; returns how the record was counted.
    private mutating func tally(_ findings: [Finding]) -> RecordState.Counted {
        var worst: FindingLevel?
        for finding in findings where worst.map({ finding.level < $0 }) ?? true { worst = finding.level }
        let state: RecordState.Counted
        if worst == .fileRejection || worst == .recordRejection {
            counted.recordsRejected += 1
            state = .rejected
        } else {
            counted.recordsAccepted += 1
            if worst == .warning { counted.recordsWarned += 1 }
            state = worst == .warning ? .warned : .accepted
        }
        for finding in findings { count(finding) }
        return state
    }

    /// Counts a finding about an earlier record, moving the record to rejected (or warned)
    /// when the finding is worse than what it had.
    private mutating func retally(record: Int, adding finding: Finding) {
        count(finding)
        let before = recordStates[record - 1].counted
        let after: RecordState.Counted = switch finding.level {
        case .fileRejection, .recordRejection: .rejected
        case .warning: before == .rejected ? .rejected : .warned
        }
        guard after != before else { return }
        if before == .warned { counted.recordsWarned -= 1 }
        if after == .rejected {
            counted.recordsAccepted -= 1
            counted.recordsRejected += 1
        } else {
            counted.recordsWarned += 1
        }
        recordStates[record - 1].counted = after
    }

    private mutating func count(_ finding: Finding) {
        counted.counts[finding.code, default: FindingCount(level: finding.level, count: 0)].count += 1
        counted.findingsTotal += 1
        if finding.level == .fileRejection, !counted.fileRejections.contains(finding.code) {
            counted.fileRejections.append(finding.code)
        }
    }

    private func isHeader(_ fields: [String]) -> Bool {
        switch header {
        case .present: return true
        case .absent: return false
        case .auto:
            let known = Set(validator.layout.items.flatMap { [SubmissionShape.fold($0.name), SubmissionShape.fold($0.uid)] })
            let matches = fields.filter { known.contains(SubmissionShape.fold($0)) }.count
            return matches * 2 > Swift.max(fields.count, 1)
        }
    }
}

/// A record's line and how it was counted, in four bytes.
private struct RecordState {
    enum Counted: UInt32 { case accepted, warned, rejected }

    private var bits: UInt32

    init(line: Int, counted: Counted) {
        bits = UInt32(truncatingIfNeeded: min(Swift.max(line, 0), Int(UInt32.max >> 2))) << 2 | counted.rawValue
    }

    var line: Int { Int(bits >> 2) }

    var counted: Counted {
        get { Counted(rawValue: bits & 3)! }
        set { bits = bits & ~3 | newValue.rawValue }
    }
}

extension CSVProblem {
    /// The finding a malformed record gets.
    var kind: FindingKind {
        switch self {
        case .unterminatedQuote:
            FindingKind(code: "ETOS-CSV-QUOTE", level: .recordRejection, message: "A quoted field is not closed before the end of the file.")
        case .invalidEncoding:
            FindingKind(code: "ETOS-CSV-ENCODING", level: .recordRejection, message: "The record holds bytes that are not valid UTF-8 (shown as �); was the file saved as Windows-1252?")
        }
    }
}
