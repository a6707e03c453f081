@_spi(ETOSGenerated) import ETOSRuntime
import Foundation
import Testing

/// The byte-level pieces checks read records through, against their text definitions.
@Suite("Field bytes, code sets and record batches")
struct FieldBytesTests {
    private static let alphabet = Array("AB01 \t-é\u{1F}Zz9")

    private func text(_ numbers: inout SeededNumbers, upTo length: Int) -> String {
        String((0..<numbers.next(length + 1)).map { _ in Self.alphabet[numbers.next(Self.alphabet.count)] })
    }

    /// 5,000 random texts (spaces and tabs at either end, non-ASCII, control bytes): trimming
    /// the bytes gives the bytes of the trimmed text, and the packed form of short ASCII text
    /// holds their bytes and count, telling texts apart exactly.
    @Test func trimmingAndPackingAgreeWithTheText() {
        var numbers = SeededNumbers(seed: 3)
        var packed: [UInt64: String] = [:]
        var wrong = 0
        for _ in 0..<5_000 {
            let value = text(&numbers, upTo: 9)
            value.withFieldBytes { bytes in
                if bytes.trimmed.string != RuleChecks.trimmed(value) { wrong += 1 }
                if bytes.isASCII != value.utf8.allSatisfy({ $0 < 0x80 }) { wrong += 1 }
                if let key = bytes.packed {
                    if value.utf8.count > 7 || !bytes.isASCII { wrong += 1 }
                    // Byte i at bits 8i, the count in the top byte.
                    if key != value.utf8.enumerated().reduce(UInt64(value.utf8.count) << 56, { $0 | UInt64($1.element) << (8 * $1.offset) }) { wrong += 1 }
                    if let earlier = packed[key], earlier != value { wrong += 1 }
                    packed[key] = value
                } else if value.utf8.count <= 7, bytes.isASCII {
                    wrong += 1
                }
            }
        }
        #expect(wrong == 0)
        #expect(packed.count > 500)
    }

    /// A code set answers as a set of its codes would, for codes short and long (past the
    /// packed form's seven bytes), ASCII or not, and the empty code; for lists of none to
    /// dozens of codes.
    @Test func codeSetsAgreeWithASetOfTheCodes() {
        var numbers = SeededNumbers(seed: 8)
        var wrong = 0
        for _ in 0..<200 {
            let codes = (0..<numbers.next(90)).map { _ in text(&numbers, upTo: 10) }
            let set = CodeSet(codes)
            let expected = Set(codes)
            for _ in 0..<50 {
                let probe = numbers.next(3) == 0 && !codes.isEmpty ? codes[numbers.next(codes.count)] : text(&numbers, upTo: 10)
                if set.contains(probe) != expected.contains(probe) { wrong += 1 }
            }
        }
        #expect(wrong == 0)
    }

    @Test func recordFieldsPastTheEndAreBlank() {
        RecordFields.withStrings(["a", "", " b "]) { fields in
            #expect(fields.count == 3)
            #expect(fields.strings == ["a", "", " b "])
            #expect(fields[2].trimmed.string == "b")
            #expect(fields[3].isEmpty && fields[40].string == "")
        }
    }
}

/// A validator that reports every record's first field, to see what a run hands out.
private struct FirstFieldValidator: SubmissionValidating {
    var layout: SubmissionLayout { SubmissionLayout(items: [DataItemInfo(uid: "U1", name: "ONE", group: "G", position: 1)], keyItems: ["U1"]) }
    var rulesNotRun: [String] { [] }
    func checkRecord(_ fields: RecordFields) -> RecordFindings {
        RecordFindings(findings: [Finding(FindingKind(code: "SEEN", level: .warning, message: "seen"), items: ["U1"], values: [fields[0].string])])
    }
    mutating func checkInFile(_ fields: RecordFields, keys: FileKeys, recordNumber: Int, _ found: inout RecordFindings) {}
    func copyForThread() -> FirstFieldValidator { self }
}

/// A validator with rules that cannot run, and no other check.
private struct NotRunValidator: SubmissionValidating {
    let rulesNotRun: [String]
    var layout: SubmissionLayout { SubmissionLayout(items: [DataItemInfo(uid: "U1", name: "ONE", group: "G", position: 1)], keyItems: []) }
    func checkRecord(_ fields: RecordFields) -> RecordFindings { RecordFindings() }
    mutating func checkInFile(_ fields: RecordFields, keys: FileKeys, recordNumber: Int, _ found: inout RecordFindings) {}
    func copyForThread() -> NotRunValidator { self }
}

/// A validator that notes the record count a run estimates for its file.
private struct ReserveNotingValidator: SubmissionValidating {
    final class Noted: @unchecked Sendable { var estimates: [Int] = [] }
    let noted = Noted()
    var layout: SubmissionLayout { SubmissionLayout(items: [DataItemInfo(uid: "U1", name: "ONE", group: "G", position: 1)], keyItems: []) }
    var rulesNotRun: [String] { [] }
    func checkRecord(_ fields: RecordFields) -> RecordFindings { RecordFindings() }
    mutating func checkInFile(_ fields: RecordFields, keys: FileKeys, recordNumber: Int, _ found: inout RecordFindings) {}
    mutating func reserveInFile(records: Int) { noted.estimates.append(records) }
    func copyForThread() -> ReserveNotingValidator { self }
}

/// A validator that reports every record's first field, and checks records whose first
/// field starts with "slow" slowly: their chunk finishes after later ones.
private struct SlowFirstChunkValidator: SubmissionValidating {
    var layout: SubmissionLayout { SubmissionLayout(items: [DataItemInfo(uid: "U1", name: "ONE", group: "G", position: 1)], keyItems: []) }
    var rulesNotRun: [String] { [] }
    func checkRecord(_ fields: RecordFields) -> RecordFindings {
        if fields[0].string.hasPrefix("slow") { usleep(500) }
        return RecordFindings(findings: [Finding(FindingKind(code: "SEEN", level: .warning, message: "seen"), items: ["U1"], values: [fields[0].string])])
    }
    mutating func checkInFile(_ fields: RecordFields, keys: FileKeys, recordNumber: Int, _ found: inout RecordFindings) {}
    func copyForThread() -> SlowFirstChunkValidator { self }
}

#if os(Linux)
/// A validator that notes the nice value of each worker thread that checks a record. Its
/// copies are numbered as the run makes them: first one per worker, then the calling
/// thread's, which notes nothing and, before its first record, waits (up to ten seconds) for
/// a worker to have checked one: with other tests keeping the thread pool busy, the calling
/// thread would otherwise check every record itself before a worker started.
private struct PriorityNotingValidator: SubmissionValidating {
    final class Noted: @unchecked Sendable {
        private let lock = NSLock()
        private var values: Set<Int32> = []
        private var copies = 0
        let workerChecked = DispatchSemaphore(value: 0)
        /// Set when the calling thread waited ten seconds for a worker in vain.
        var workerNeverCame = false
        func insert(_ value: Int32) {
            let first = lock.withLock {
                defer { values.insert(value) }
                return values.isEmpty
            }
            if first { workerChecked.signal() }
        }
        func nextCopy() -> Int { lock.withLock { copies += 1; return copies } }
        var all: Set<Int32> { lock.withLock { values } }
    }
    let noted = Noted()
    let jobs: Int
    /// 0: the run's own; 1 to `jobs`: the workers'; `jobs + 1`: the calling thread's.
    var copy = 0
    var layout: SubmissionLayout { SubmissionLayout(items: [DataItemInfo(uid: "U1", name: "ONE", group: "G", position: 1)], keyItems: []) }
    var rulesNotRun: [String] { [] }
    func checkRecord(_ fields: RecordFields) -> RecordFindings {
        if copy > jobs {
            if noted.all.isEmpty, noted.workerChecked.wait(timeout: .now() + 10) == .timedOut { noted.workerNeverCame = true }
        } else {
            noted.insert(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0))
            usleep(20)
        }
        return RecordFindings()
    }
    mutating func checkInFile(_ fields: RecordFields, keys: FileKeys, recordNumber: Int, _ found: inout RecordFindings) {}
    func copyForThread() -> PriorityNotingValidator {
        var copy = self
        copy.copy = noted.nextCopy()
        return copy
    }
}
#endif

@Suite("Submission runs over record batches")
struct RecordBatchRunTests {
    #if os(Linux)
    /// Worker threads check records at a lower priority (a higher nice value) than the calling
    /// thread, which reads the file and must not wait for them when threads outnumber cores.
    /// Run after run, too: a round released last by a worker must not leave that worker
    /// waiting for itself, which took the pool's threads one by one.
    @Test func workersCheckBelowTheCallingThreadsPriority() throws {
        let caller = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let csv = Array((1...4_000).map { "row\($0)" }.joined(separator: "\n").utf8)
        for _ in 0..<8 {
            let validator = PriorityNotingValidator(jobs: 2)
            let run = SubmissionRun(validator: validator, input: MemoryInput(csv), header: .absent, jobs: 2, roundSize: 500)
            while try run.next() != nil {}
            #expect(!validator.noted.workerNeverCame, "no worker checked a record within ten seconds")
            #expect(!validator.noted.all.isEmpty && validator.noted.all.allSatisfy { $0 > caller }, "workers' nice values: \(validator.noted.all), caller \(caller)")
        }
    }
    #endif

    /// Once the first round is read, the validator is told about how many records the file
    /// holds (from the input's size and the round's bytes), once; an input of unknown size
    /// tells it nothing.
    @Test(arguments: [1, 2])
    func theValidatorIsToldTheFilesEstimatedRecordCount(jobs: Int) throws {
        let csv = Array((1...20_000).map { "row\(100_000 + $0),x" }.joined(separator: "\n").utf8)
        let validator = ReserveNotingValidator()
        let run = SubmissionRun(validator: validator, input: MemoryInput(csv), header: .absent, jobs: jobs, roundSize: 1_000)
        while try run.next() != nil {}
        #expect(validator.noted.estimates.count == 1)
        #expect(abs((validator.noted.estimates.first ?? 0) - 20_000) <= 20)
        let unknown = ReserveNotingValidator()
        let trickled = SubmissionRun(validator: unknown, input: UnsizedInput(bytes: csv), header: .absent, jobs: jobs, roundSize: 1_000)
        while try trickled.next() != nil {}
        #expect(unknown.noted.estimates.isEmpty)
    }

    /// Records are read in rounds into batches; a record kept past later rounds still gives
    /// its own fields and findings (each round has its own batch), with one job or several.
    @Test(arguments: [1, 2])
    func recordsKeptPastTheirRoundKeepTheirFields(jobs: Int) throws {
        let lines = (1...25).map { "value\($0),x\($0),\"quoted, \($0)\"" }
        let csv = Array(lines.joined(separator: "\n").utf8)
        let run = SubmissionRun(validator: FirstFieldValidator(), input: MemoryInput(csv), header: .absent, jobs: jobs, roundSize: 4)
        var kept: [SubmissionRun<FirstFieldValidator>.RecordResult] = []
        while let record = try run.next() { kept.append(record) }
        #expect(kept.count == 25)
        #expect(kept.map(\.fields) == (1...25).map { ["value\($0)", "x\($0)", "quoted, \($0)"] })
        #expect(kept.map { $0.findings.first?.finding.values } == (1...25).map { ["value\($0)"] })
        #expect(kept.map { $0.findings.first?.key } == (1...25).map { ["value\($0)"] })
    }

    /// Results are handed out as each record's chunk is done, not when its whole round is:
    /// with the first chunk of every round slow, later chunks finish first, and every record
    /// still comes out in order with its own findings (2 and 3 jobs).
    @Test(arguments: [2, 3])
    func recordsComeOutInOrderWhenLaterChunksFinishFirst(jobs: Int) throws {
        // Rounds of 400 records: chunks of 16, the first one of each round slow.
        let lines = (0..<1_200).map { $0 % 400 < 16 ? "slow\($0)" : "fast\($0)" }
        let csv = Array(lines.joined(separator: "\n").utf8)
        let run = SubmissionRun(validator: SlowFirstChunkValidator(), input: MemoryInput(csv), header: .absent, jobs: jobs, roundSize: 400)
        var seen: [String] = []
        while let record = try run.next() { seen.append(record.findings.first?.finding.values.first ?? "none") }
        #expect(seen == lines)
    }

    /// The summary counts, for each rule that cannot run, every record read (blank lines and
    /// the header not counted), exactly, read at any point of the run; none before the first.
    @Test(arguments: [1, 2])
    func rulesNotRunAreCountedForEveryRecord(jobs: Int) throws {
        let records = (0..<300).map { $0 % 37 == 0 ? "short" : "x,\($0)" }
        let csv = Array(("U1\n" + records.joined(separator: "\n\n")).utf8)
        let run = SubmissionRun(validator: NotRunValidator(rulesNotRun: ["R1", "R2"]), input: MemoryInput(csv), header: .present, jobs: jobs, roundSize: 16)
        #expect(run.summary.rulesNotRun.isEmpty)
        var read = 0
        while try run.next() != nil {
            read += 1
            if read % 50 == 0 || read == 1 {
                #expect(run.summary.rulesNotRun == ["R1": read, "R2": read], "after \(read) records")
            }
        }
        #expect(read == records.count)
        #expect(run.summary.rulesNotRun == ["R1": 300, "R2": 300])
        #expect(run.summary.blankLines == 299)
    }
}

/// Bytes from a source whose size is not known before reading (like a pipe).
private struct UnsizedInput: ByteInput {
    var bytes: [UInt8]
    var offset = 0

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        for index in 0..<count { buffer[index] = bytes[offset + index] }
        offset += count
        return count
    }
}
