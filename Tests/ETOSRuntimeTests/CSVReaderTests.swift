import Foundation
@_spi(ETOSGenerated) import ETOSRuntime
import Testing

private func records(_ bytes: [UInt8], encoding: TextEncoding = .utf8, chunk: Int = 1 << 20) throws -> [CSVRecord] {
    var reader = CSVReader(input: MemoryInput(bytes), encoding: encoding, chunkSize: chunk)
    var result: [CSVRecord] = []
    while let record = try reader.next() { result.append(record) }
    return result
}

private func records(_ text: String, chunk: Int = 1 << 20) throws -> [CSVRecord] {
    try records(Array(text.utf8), chunk: chunk)
}

@Suite("CSV as it really arrives")
struct CSVReaderTests {
    @Test(arguments: [1, 2, 3, 7, 1 << 20])
    func quotingAndLineEndsAtAnyChunkSize(chunk: Int) throws {
        let text = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,x\rlast,row\n"
        let parsed = try records(text, chunk: chunk)
        #expect(parsed.map(\.fields) == [["a", "b,c", "say \"hi\""], ["multi\nline", "", "x"], ["last", "row"]])
        #expect(parsed.map(\.line) == [1, 2, 4])
        #expect(parsed.allSatisfy { $0.problems.isEmpty })
    }

    @Test func skipsAByteOrderMarkAndBlankLines() throws {
        var reader = CSVReader(input: MemoryInput([0xEF, 0xBB, 0xBF] + Array("a,b\n\n\r\n  \nc,d".utf8)))
        var parsed: [CSVRecord] = []
        while let record = try reader.next() { parsed.append(record) }
        #expect(parsed.map(\.fields) == [["a", "b"], ["  "], ["c", "d"]])
        #expect(reader.blankLines == 2)
        #expect(parsed.last?.line == 5)
    }

    @Test func keepsRaggedRowsAsTheyAre() throws {
        #expect(try records("a,b,c\nd\ne,f,g,h\n").map(\.fields.count) == [3, 1, 4])
    }

    @Test func anUnterminatedQuoteIsAProblemNotALostRecord() throws {
        let parsed = try records("a,b\nc,\"never closed\nd,e\n")
        #expect(parsed.count == 2)
        #expect(parsed[1].problems == [.unterminatedQuote])
        #expect(parsed[1].fields == ["c", "never closed\nd,e\n"])
    }

    /// A record longer than the reader's limit stops the reading with an error naming its
    /// line (never a trap on the 32-bit field ends, never the whole file in memory); records
    /// up to the limit read whole, from any chunk size.
    @Test(arguments: [4, 7, 64])
    func aRecordPastTheLimitIsAnErrorNotATrap(chunk: Int) throws {
        let long = String(repeating: "x", count: 200)
        var reader = CSVReader(input: MemoryInput(Array("a,b\n\(long),c\nd\n".utf8)), chunkSize: chunk, maximumRecordBytes: 150)
        #expect(try reader.next()?.fields == ["a", "b"])
        #expect(throws: SubmissionInputError.recordTooLong(line: 2, limit: 150)) { try reader.next() }
        var roomy = CSVReader(input: MemoryInput(Array("a,b\n\(long),c\nd\n".utf8)), chunkSize: chunk, maximumRecordBytes: 204)
        #expect(try roomy.next()?.fields == ["a", "b"])
        #expect(try roomy.next()?.fields == [long, "c"])
        #expect(try roomy.next()?.fields == ["d"])
        // A quote left open takes the rest of the file into its record: past the limit, an error.
        var open = CSVReader(input: MemoryInput(Array("a,\"\(long)\n\(long)\n".utf8)), chunkSize: chunk, maximumRecordBytes: 300)
        #expect(throws: SubmissionInputError.recordTooLong(line: 1, limit: 300)) { try open.next() }
        #expect(SubmissionInputError.recordTooLong(line: 2, limit: 1 << 26).description
            == "the record at line 2 is longer than 64 MiB (a file without line breaks, or a quote never closed?)")
    }

    @Test func invalidUTF8IsReplacedAndReported() throws {
        let parsed = try records([0x61, 0x2C, 0xFF, 0x62, 0x0A, 0x63, 0x0A])
        #expect(parsed[0].fields == ["a", "\u{FFFD}b"])
        #expect(parsed[0].problems == [.invalidEncoding])
        #expect(parsed[1].problems.isEmpty)
    }

    @Test func decodesWindows1252() throws {
        let parsed = try records([0x80, 0x2C, 0xE9, 0x2C, 0x93, 0x71, 0x94], encoding: .windows1252)
        #expect(parsed[0].fields == ["€", "é", "“q”"])
    }

    @Test func takesATenMegabyteField() throws {
        let big = String(repeating: "x", count: 10_000_000)
        let parsed = try records("a,\"\(big)\",c\n", chunk: 65_536)
        #expect(parsed[0].fields.map(\.count) == [1, 10_000_000, 1])
    }

    /// However the bytes arrive (small chunks, reads of one to three bytes), the records,
    /// lines, problems and blank lines are those of reading the whole file at once.
    @Test func chunkBoundariesNeverChangeWhatIsRead() throws {
        let pieces: [[UInt8]] = [[0x61], [0x62], Array("é".utf8), [0x2C], [0x2C], [0x22], [0x22], [0x0A], [0x0D], [0x0D, 0x0A], [0x20], [0xFF]]
        var generator = SplitMix(seed: 2026)
        for round in 0..<400 {
            var bytes: [UInt8] = round % 5 == 0 ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0..<Int(generator.next() % 60) { bytes += pieces[Int(generator.next() % UInt64(pieces.count))] }
            let whole = try read(MemoryInput(bytes), chunk: 1 << 20)
            for chunk in [4, 5, 7, 13] {
                #expect(try read(MemoryInput(bytes), chunk: chunk) == whole, "round \(round), chunk \(chunk): \(bytes)")
            }
            #expect(try read(TrickleInput(bytes, seed: UInt64(round)), chunk: 8) == whole, "round \(round) trickled: \(bytes)")
        }
    }

    /// Unquoted fields are split where a plain split on commas and line ends would split
    /// them, whatever their length and wherever a delimiter falls in an eight-byte word,
    /// among bytes that differ from a delimiter only in their top bit (`¬` is 0xC2 0xAC).
    @Test func unquotedFieldsSplitAsAPlainSplitDoes() throws {
        let pieces: [[UInt8]] = [[0x61], [0x39], [0x20], Array("¬".utf8), Array("Ŋ".utf8), Array("é".utf8), [0x2B], [0x2D], [0x09]]
        var generator = SplitMix(seed: 1129)
        for round in 0..<300 {
            var lines: [[[UInt8]]] = []
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                lines.append((0..<(1 + Int(generator.next() % 12))).map { _ in
                    (0..<Int(generator.next() % 20)).flatMap { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }
                })
            }
            // A line of one empty field is a blank line, not a record.
            lines.removeAll { $0.count == 1 && $0[0].isEmpty }
            let bytes = lines.flatMap { fields in Array(fields.joined(separator: [0x2C])) + (generator.next() % 2 == 0 ? [0x0A] : [0x0D, 0x0A]) }
            let expected = lines.map { $0.map { String(decoding: $0, as: UTF8.self) } }
            #expect(try read(MemoryInput(bytes), chunk: 1 << 20).fields == expected, "round \(round)")
        }
    }

    /// Fields holding any of the delimiters, quotes and line breaks, written as RFC 4180 says
    /// (quoted when they hold one, quotes doubled) with LF, CRLF or CR line ends, read back as
    /// they were, whatever the chunk size: the plain-record fast paths and the quoted path agree.
    @Test func fieldsWrittenAsRFC4180AreReadBackAsTheyWere() throws {
        let pieces = ["a", "9", " ", "é", ",", "\"", "\n", "\r", "¬", "ab,cd", "x\"y"]
        let ends = ["\n", "\r\n", "\r"]
        var generator = SplitMix(seed: 2026)
        for round in 0..<400 {
            var lines: [[String]] = (0..<(1 + Int(generator.next() % 4))).map { _ in
                (0..<(1 + Int(generator.next() % 14))).map { _ in
                    (0..<Int(generator.next() % 12)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
                }
            }
            lines.removeAll { $0.count == 1 && $0[0].isEmpty }
            func written(_ field: String) -> String {
                // By scalar: "\r\n" is one Character, and would hide a lone "\r" or "\n".
                field.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }
            let text = lines.map { $0.map(written).joined(separator: ",") + ends[Int(generator.next() % 3)] }.joined()
            for chunk in [1 + Int(generator.next() % 40), 1 << 20] {
                #expect(try read(MemoryInput(Array(text.utf8)), chunk: chunk).fields == lines, "round \(round), chunk \(chunk)")
            }
        }
    }

    private struct Read: Equatable {
        var fields: [[String]] = []
        var lines: [Int] = []
        var problems: [[CSVProblem]] = []
        var blankLines = 0
    }

    private func read(_ input: some ByteInput, chunk: Int) throws -> Read {
        var reader = CSVReader(input: input, chunkSize: chunk)
        var result = Read()
        while let record = try reader.next() {
            result.fields.append(record.fields)
            result.lines.append(record.line)
            result.problems.append(record.problems)
        }
        result.blankLines = reader.blankLines
        return result
    }

    @Test func anEmptyFileHasNoRecords() throws {
        #expect(try records("").isEmpty)
        #expect(try records("\n\n").isEmpty)
    }

    @Test func aQuoteInsideAnUnquotedFieldIsKept() throws {
        #expect(try records("ab\"c,d\n")[0].fields == ["ab\"c", "d"])
    }
}

@Suite("Uniqueness keys")
struct UniqueKeysTests {
    /// Inserts the key made of `fields`' first two fields.
    private func insert(_ keys: inout UniqueKeys, _ fields: [String], record: Int) -> Int? {
        RecordFields.withStrings(fields) { row in UniqueKeys.digest(row, at: [0, 1]).flatMap { keys.insert($0, record: record)?.record } }
    }

    /// The first repeat of a key says so (the earlier record is then reported too); later
    /// repeats name the same first record without saying it again.
    @Test func saysOnceThatAKeyIsRepeated() {
        var keys = UniqueKeys()
        let key = RecordFields.withStrings(["ACC1", "RR813"]) { UniqueKeys.digest($0, at: [0, 1]) }!
        #expect(keys.insert(key, record: 4) == nil)
        let first = keys.insert(key, record: 9)
        #expect(first?.record == 4 && first?.isFirstRepeat == true)
        let second = keys.insert(key, record: 12)
        #expect(second?.record == 4 && second?.isFirstRepeat == false)
    }

    @Test func findsTheEarlierRecordAndKeepsPartsApart() {
        var keys = UniqueKeys()
        #expect(insert(&keys, ["ab", "c"], record: 1) == nil)
        #expect(insert(&keys, ["a", "bc"], record: 2) == nil)
        #expect(insert(&keys, [" ab ", "c"], record: 3) == 1)
        #expect(insert(&keys, ["", "c"], record: 4) == nil)
        #expect(insert(&keys, ["", "c"], record: 5) == nil)
        for number in 6...20_000 { #expect(insert(&keys, ["ACC\(number)", "RR813"], record: number) == nil) }
        #expect(insert(&keys, ["ACC19999", "RR813"], record: 20_001) == 19_999)
        // Every key survives the table's growth (1,024 slots at first).
        var lost: [Int] = []
        for number in 6...20_000 where insert(&keys, ["ACC\(number)", "RR813"], record: 30_000) != number { lost.append(number) }
        #expect(lost.isEmpty)
    }

    /// Room made for many keys keeps the keys already in, and finds later duplicates of them
    /// with their records' numbers; an absurd count is capped (no table of 2^60 slots).
    @Test func reservingKeepsTheKeysAndFindsLaterDuplicates() {
        var keys = UniqueKeys()
        for number in 1...1_000 { #expect(insert(&keys, ["ACC\(number)", "RR813"], record: number) == nil) }
        keys.reserve(200_000)
        keys.reserve(Int.max)
        var found: [Int?] = []
        for number in 1...1_000 { found.append(insert(&keys, ["ACC\(number)", "RR813"], record: 5_000 + number)) }
        #expect(found == (1...1_000).map { $0 })
        #expect(insert(&keys, ["ACC1001", "RR813"], record: 7_000) == nil)
    }

    /// The size of a regular file is known before reading; a pipe's is not.
    @Test func aFilesSizeIsKnownBeforeReading() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("etos-size-\(getpid()).csv").path
        try Data(repeating: 0x41, count: 123).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try FileInput(path: path).totalBytes == 123)
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        #expect(try FileInput(path: "/dev/fd/\(ends[0])").totalBytes == nil)
        #expect(MemoryInput([1, 2, 3]).totalBytes == 3)
    }

    /// A record's file keys hold each rule's digest in the validator's order, however many
    /// rules there are (the first in line, the others in an array).
    @Test func fileKeysKeepEachRulesDigestInOrder() {
        RecordFields.withStrings(["A", "B", "", "D"]) { record in
            let digests = [[0], [1], [2], [0, 3]].map { UniqueKeys.digest(record, at: $0) }
            #expect(digests[2] == nil)
            #expect(Set(digests.compactMap { $0.map { "\($0)" } }).count == 3)
            let single = FileKeys(digests[1])
            #expect(single[0] == digests[1])
            for keys in [FileKeys(digests[0], digests[1], digests[2], digests[3]), FileKeys(digests)] {
                for rule in 0..<4 { #expect(keys[rule] == digests[rule]) }
            }
        }
    }

    /// Against a set of the keys themselves: 60,000 random keys of two parts (lengths 1–40,
    /// many repeated, parts that straddle the 8-byte words), the earlier record is reported
    /// exactly for the repeats, and no two different keys meet.
    @Test func agreesWithASetOfTheKeys() {
        var generator = SplitMix(seed: 11)
        var keys = UniqueKeys()
        var first: [[String]: Int] = [:]
        let alphabet = Array("AB01 é-".unicodeScalars)
        func part() -> String {
            let length = 1 + Int(generator.next() % 40)
            return String(String.UnicodeScalarView((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }))
        }
        var pool: [[String]] = []
        var mismatches = 0
        for record in 1...60_000 {
            let key = !pool.isEmpty && generator.next() % 4 == 0 ? pool[Int(generator.next() % UInt64(pool.count))] : [part(), part()]
            pool.append(key)
            let trimmed = key.map { $0.trimmingCharacters(in: .whitespaces) }
            let expected = trimmed.contains("") ? nil : first[trimmed]
            if !trimmed.contains(""), first[trimmed] == nil { first[trimmed] = record }
            if insert(&keys, key, record: record) != expected { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(first.count > 40_000)
    }
}

/// Hands out one to three bytes per read, as a slow pipe might.
private struct TrickleInput: ByteInput {
    private let bytes: [UInt8]
    private var offset = 0
    private var generator: SplitMix

    init(_ bytes: [UInt8], seed: UInt64) {
        self.bytes = bytes
        generator = SplitMix(seed: seed)
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, bytes.count - offset, 1 + Int(generator.next() % 3))
        guard count > 0 else { return 0 }
        for index in 0..<count { buffer[index] = bytes[offset + index] }
        offset += count
        return count
    }
}

/// A small seeded generator (SplitMix64), so failures reproduce.
private struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
