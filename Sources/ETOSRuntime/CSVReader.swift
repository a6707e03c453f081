#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text encodings of submission files.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8; bytes that are not UTF-8 are reported.
    case utf8 = "utf-8"
    /// Windows-1252 (what Excel on Windows saves as "CSV").
    case windows1252 = "windows-1252"
}

/// Something wrong with the bytes of one CSV record.
@_spi(ETOSGenerated) public enum CSVProblem: Hashable, Sendable {
    /// A quoted field runs to the end of the file.
    case unterminatedQuote
    /// Bytes that are not valid UTF-8 (replaced by U+FFFD in the fields).
    case invalidEncoding
}

/// The problems of one record as a set of bits: what the reader keeps per record (a plain
/// value, where an array would be counted in and out of every batch entry).
struct CSVProblems: Sendable {
    private var bits: UInt8 = 0

    mutating func insert(_ problem: CSVProblem) {
        bits |= problem == .unterminatedQuote ? 1 : 2
    }

    var isEmpty: Bool { bits == 0 }

    /// The problems in the order the reader finds them: the quote, then the encoding.
    var list: [CSVProblem] {
        (bits & 1 != 0 ? [.unterminatedQuote] : []) + (bits & 2 != 0 ? [.invalidEncoding] : [])
    }
}

/// One record of a CSV file.
@_spi(ETOSGenerated) public struct CSVRecord: Sendable {
    public var fields: [String]
    /// 1-based physical line on which the record starts.
    public var line: Int
    public var problems: [CSVProblem]
}

/// Where the reader's bytes come from.
public protocol ByteInput {
    /// Fills `buffer` from the start, writing at most its count of bytes.
    ///
    /// - Parameter buffer: where to write.
    /// - Returns: the number of bytes written, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// The number of bytes in all, when known before reading (a file's size; not a pipe's).
    var totalBytes: Int? { get }
}

extension ByteInput {
    /// Unknown: the input is read to its end.
    public var totalBytes: Int? { nil }
}

/// Bytes already in memory.
public struct MemoryInput: ByteInput {
    private let bytes: [UInt8]
    private var offset = 0

    /// Input of `bytes`.
    ///
    /// - Parameter bytes: the whole file's bytes.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The number of bytes.
    public var totalBytes: Int? { bytes.count }

    /// Copies the next bytes into `buffer`.
    ///
    /// - Parameter buffer: where to copy; at most its count is copied.
    /// - Returns: the number of bytes copied, 0 at the end.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
        offset += count
        return count
    }
}

/// Reads RFC 4180 CSV as it really arrives, one record at a time, in bounded memory:
/// quoted fields with commas, doubled quotes and line breaks; CRLF, LF or CR line ends;
/// a UTF-8 byte order mark; UTF-8 or Windows-1252; blank lines skipped (and counted).
/// Malformed input becomes a ``CSVProblem`` on its record, never an error or a lost record.
///
/// Records are scanned straight from the read buffer into a ``RecordBatch`` of field bytes
/// (``next()`` then makes the fields text); a record cut by the buffer's end is
/// moved to the front and scanned again once more bytes are in (the buffer grows for a
/// record longer than itself).
@_spi(ETOSGenerated) public struct CSVReader {
    /// Read a chunk at a time, so the existential costs nothing per byte.
    private var input: any ByteInput
    private let encoding: TextEncoding
    private var buffer: [UInt8]
    /// Unread bytes are `buffer[position..<end]`.
    private var position = 0
    private var end = 0
    private var exhausted = false
    private var line = 1
    private var atStart = true
    /// Blank lines skipped so far.
    public private(set) var blankLines = 0
    /// Bytes taken from the input so far (for progress).
    public private(set) var bytesRead = 0
    /// Bytes of the input read as records so far (``bytesRead`` less what is buffered).
    public var bytesScanned: Int { bytesRead - (end - position) }
    /// The input's size, when known before reading.
    public var totalBytes: Int? { input.totalBytes }
    /// Where ``next()`` reads a record before making its fields text.
    private let scratch = RecordBatch(byteCapacity: 1 << 10, fieldCapacity: 64)
    /// The longest record read; a longer one stops the reading (``SubmissionInputError/recordTooLong(line:limit:)``).
    private let maximumRecordBytes: Int

    /// The longest record a reader takes by default: 64 MiB, far beyond any record of a data
    /// set, and a bound on the memory a file without line breaks can take.
    public static let defaultMaximumRecordBytes = 1 << 26

    /// A reader of `input`; records longer than `maximumRecordBytes` (at most 4 GiB, the
    /// field ends' 32 bits) stop it with an error.
    public init(input: some ByteInput, encoding: TextEncoding = .utf8, chunkSize: Int = 1 << 20, maximumRecordBytes: Int = CSVReader.defaultMaximumRecordBytes) {
        self.input = input
        self.encoding = encoding
        self.buffer = [UInt8](repeating: 0, count: max(chunkSize, 4))
        self.maximumRecordBytes = min(max(maximumRecordBytes, 1), Int(UInt32.max))
    }

    /// The next record, or nil at the end of the input.
    public mutating func next() throws -> CSVRecord? {
        scratch.removeAll()
        guard try read(into: scratch) else { return nil }
        return CSVRecord(fields: scratch[0].strings, line: scratch.line(0), problems: scratch.problems(0).list)
    }

    /// Reads the next record into `batch` (its fields as bytes, no `String` made); false at
    /// the end of the input.
    mutating func read(into batch: RecordBatch) throws -> Bool {
        if atStart {
            while end - position < 3, !exhausted { try fill() }
            atStart = false
            if end - position >= 3, buffer[position] == 0xEF, buffer[position + 1] == 0xBB, buffer[position + 2] == 0xBF { position += 3 }
        }
        while true {
            if position == end {
                if exhausted { return false }
                try fill()
                continue
            }
            batch.beginRecord()
            let (scan, next, lines) = buffer.withUnsafeBufferPointer { bytes in
                Self.scanRecord(bytes, from: position, to: end, atEOF: exhausted, into: batch)
            }
            switch scan {
            case .needMore:
                batch.abandonRecord()
                try fill()
                continue
            case .blank:
                blankLines += 1
            case .record(var problems):
                if batch.recordHasNonASCII { Self.decode(batch, encoding, &problems) }
                batch.endRecord(line: line, problems: problems)
            }
            position = next
            line += lines
            if case .record = scan { return true }
        }
    }

    // MARK: Scanning

    private enum Scan {
        case record(CSVProblems)
        case blank
        /// The record runs past the buffer's end (and the input has more).
        case needMore
    }

    /// Scans one record starting at `start` into `batch` (bytes as written, quotes undone);
    /// returns what it was, the index after it and the line breaks it spans.
    private static func scanRecord(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, atEOF: Bool,
                                   into batch: RecordBatch) -> (Scan, Int, Int) {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let base = bytes.baseAddress!
        var problems = CSVProblems()
        var fields = 0
        var lines = 0
        var i = start
        // Until a quoted field, the record's bytes are its line as written: only the fields'
        // ends are noted, and the line is copied once at its end. A quoted field copies what
        // came before it and has its bytes (and those after it) appended field by field.
        var asWritten = true
        // Where the record's line ends (its first line break), found when first needed.
        var lineEnd = -1
        while true {
            if i < end, bytes[i] == quote {
                if asWritten {
                    batch.append(base + start, count: i - start)
                    asWritten = false
                }
                // Quoted: doubled quotes are one quote; after the closing quote, bytes up to
                // the delimiter are kept as written.
                i += 1
                var run = i
                var closed = false
                while i < end {
                    let byte = bytes[i]
                    if byte == quote {
                        if i + 1 == end, !atEOF { return (.needMore, start, 0) }
                        batch.append(base + run, count: i - run)
                        if i + 1 < end, bytes[i + 1] == quote {
                            batch.append(quote)
                            i += 2
                            run = i
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    if byte == lf { lines += 1 }
                    i += 1
                }
                if !closed {
                    if !atEOF { return (.needMore, start, 0) }
                    batch.append(base + run, count: i - run)
                    problems.insert(.unterminatedQuote)
                }
                run = i
                while i < end, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr { i += 1 }
                batch.append(base + run, count: i - run)
            } else {
                var fieldStart = i
                if asWritten {
                    if lineEnd < 0 { lineEnd = lineBreak(in: base, from: i, to: end) }
                    fieldStart = commaEndedFields(base, from: i, to: lineEnd, recordStart: start, into: batch, fields: &fields)
                    if fieldStart < end, bytes[fieldStart] == quote {
                        i = fieldStart
                        continue
                    }
                }
                i = delimiter(in: base, from: fieldStart, to: end)
                if i == end, !atEOF { return (.needMore, start, 0) }
                if i == fieldStart, fields == 0, i < end, bytes[i] != comma {
                    // A line with nothing on it.
                    if bytes[i] == cr, i + 1 == end, !atEOF { return (.needMore, start, 0) }
                    let next = bytes[i] == cr && i + 1 < end && bytes[i + 1] == lf ? i + 2 : i + 1
                    return (.blank, next, 1)
                }
                if !asWritten { batch.append(base + fieldStart, count: i - fieldStart) }
            }
            if asWritten { batch.endField(at: i - start) } else { batch.endField() }
            fields += 1
            if i == end {
                if !atEOF { return (.needMore, start, 0) }
                if asWritten { batch.append(base + start, count: i - start) }
                return (.record(problems), i, lines)
            }
            switch bytes[i] {
            case comma:
                i += 1
            case cr:
                if i + 1 == end, !atEOF { return (.needMore, start, 0) }
                if asWritten { batch.append(base + start, count: i - start) }
                i += i + 1 < end && bytes[i + 1] == lf ? 2 : 1
                return (.record(problems), i, lines + 1)
            default:
                if asWritten { batch.append(base + start, count: i - start) }
                i += 1
                return (.record(problems), i, lines + 1)
            }
        }
    }

    /// The index of the first line feed or carriage return in `start..<end` (`end` when there
    /// is none), by the C library's search (many bytes at a time).
    @inline(__always)
    private static func lineBreak(in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var lineEnd = end
        if let found = memchr(base + start, 0x0A, end - start) { lineEnd = UnsafeRawPointer(base).distance(to: found) }
        if let found = memchr(base + start, 0x0D, lineEnd - start) { lineEnd = UnsafeRawPointer(base).distance(to: found) }
        return lineEnd
    }

    /// The top bit of each byte of `word` that is zero, exactly (no borrow runs between
    /// bytes): XOR a word with a byte repeated, and the bytes equal to it are these.
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & lows) &+ lows) | word | lows)
    }

    /// `byte` in every byte of a word.
    @inline(__always)
    private static func repeated(_ byte: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(byte) }

    /// Notes the ends of the unquoted fields from `start` (a field's first byte, not a quote)
    /// that end with a comma before `lineEnd` (the line's first break), eight bytes at a time:
    /// each word's commas end fields in turn. Returns where the first field not noted starts:
    /// one that starts with a quote, or the line's last field (or fields, within its last
    /// eight bytes).
    @inline(__always)
    private static func commaEndedFields(_ base: UnsafePointer<UInt8>, from start: Int, to lineEnd: Int, recordStart: Int,
                                         into batch: RecordBatch, fields: inout Int) -> Int {
        var fieldStart = start
        // Ends are kept in 32 bits: the reader takes no record longer than 4 GiB
        // (`maximumRecordBytes`), so this cannot fail; tested once for the line, not per field.
        precondition(lineEnd - recordStart <= Int(UInt32.max), "a record longer than 4 GiB")
        // At most one field ends at each byte up to the line's end. Indices stay within the
        // buffer, so their arithmetic is unchecked.
        batch.endFields(upTo: lineEnd - start) { ends in
            var noted = 0
            var word = start
            scan: while word &+ 8 <= lineEnd {
                let bytes = UInt64(littleEndian: UnsafeRawPointer(base + word).loadUnaligned(as: UInt64.self))
                var commas = zeroBytes(bytes ^ repeated(UInt8(ascii: ",")))
                while commas != 0 {
                    let comma = word &+ commas.trailingZeroBitCount &>> 3
                    ends[noted] = UInt32(truncatingIfNeeded: comma &- recordStart)
                    noted &+= 1
                    fieldStart = comma &+ 1
                    if fieldStart < lineEnd, base[fieldStart] == UInt8(ascii: "\"") { break scan }
                    commas &= commas &- 1
                }
                word &+= 8
            }
            fields += noted
            return noted
        }
        return fieldStart
    }

    /// The index of the first comma, line feed or carriage return in `start..<end` (`end`
    /// when there is none), eight bytes at a time.
    @inline(__always)
    private static func delimiter(in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        while i + 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let found = zeroBytes(word ^ repeated(UInt8(ascii: ","))) | zeroBytes(word ^ repeated(UInt8(ascii: "\n"))) | zeroBytes(word ^ repeated(UInt8(ascii: "\r")))
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end, base[i] != UInt8(ascii: ","), base[i] != UInt8(ascii: "\n"), base[i] != UInt8(ascii: "\r") { i += 1 }
        return i
    }

    // MARK: Bytes

    /// Moves the unread bytes to the front (growing the buffer when they fill it) and reads more.
    private mutating func fill() throws {
        let unread = end - position
        if position > 0 {
            buffer.withUnsafeMutableBytes { raw in
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + position, byteCount: unread)
            }
            position = 0
            end = unread
        }
        if end == buffer.count {
            // The buffer holds one unfinished record alone (it was moved to the front).
            guard buffer.count < maximumRecordBytes else { throw SubmissionInputError.recordTooLong(line: line, limit: maximumRecordBytes) }
            buffer.append(contentsOf: repeatElement(0, count: min(buffer.count, maximumRecordBytes + 1 - buffer.count)))
        }
        let count = try buffer.withUnsafeMutableBytes { raw in
            try input.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
        }
        end += count
        bytesRead += count
        if count == 0 { exhausted = true }
    }

    /// Makes the record being read UTF-8: invalid UTF-8 becomes U+FFFD (and a problem),
    /// Windows-1252 is transcoded. Only called for records with a byte that is not ASCII.
    private static func decode(_ batch: RecordBatch, _ encoding: TextEncoding, _ problems: inout CSVProblems) {
        var invalid = false
        batch.transformRecordFields { field in
            guard field.contains(where: { $0 >= 0x80 }) else { return nil }
            switch encoding {
            case .utf8:
                if String(validating: field, as: UTF8.self) != nil { return nil }
                invalid = true
                return Array(String(decoding: field, as: UTF8.self).utf8)
            case .windows1252:
                var text = String.UnicodeScalarView()
                for byte in field { text.append(windows1252(byte)) }
                return Array(String(text).utf8)
            }
        }
        if invalid { problems.insert(.invalidEncoding) }
    }

    /// The character Windows-1252 gives a byte (Latin-1 except 0x80–0x9F).
    static func windows1252(_ byte: UInt8) -> Unicode.Scalar {
        let high: [UInt32] = [0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                              0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178]
        if byte >= 0x80, byte <= 0x9F { return Unicode.Scalar(high[Int(byte - 0x80)])! }
        return Unicode.Scalar(byte)
    }
}
