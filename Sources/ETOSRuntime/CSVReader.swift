/// Text encodings of submission files.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
}

/// Something wrong with the bytes of one CSV record.
public enum CSVProblem: Hashable, Sendable {
    /// A quoted field runs to the end of the file.
    case unterminatedQuote
    /// Bytes that are not valid UTF-8 (replaced by U+FFFD in the fields).
    case invalidEncoding
}

/// One record of a CSV file.
public struct CSVRecord: Sendable {
    public var fields: [String]
    /// 1-based physical line on which the record starts.
    public var line: Int
    public var problems: [CSVProblem]
}

/// Where the reader's bytes come from.
public protocol ByteInput {
    /// Fills `buffer` from the start; returns the count, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Bytes already in memory.
public struct MemoryInput: ByteInput {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

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
public struct CSVReader {
    /// Read a chunk at a time, so the existential costs nothing per byte.
    private var input: any ByteInput
    private let encoding: TextEncoding
    private var buffer: [UInt8]
    private var position = 0
    private var end = 0
    private var exhausted = false
    private var line = 1
    private var atStart = true
    /// Blank lines skipped so far.
    public private(set) var blankLines = 0
    /// Bytes taken from the input so far (for progress).
    public private(set) var bytesRead = 0

    public init(input: some ByteInput, encoding: TextEncoding = .utf8, chunkSize: Int = 1 << 20) {
        self.input = input
        self.encoding = encoding
        self.buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    /// The next record, or nil at the end of the input.
    public mutating func next() throws -> CSVRecord? {
        var fields: [String] = []
        var field: [UInt8] = []
        var problems: [CSVProblem] = []
        record: while true {
            fields.removeAll()
            field.removeAll(keepingCapacity: true)
            problems.removeAll()
            var quoted = false
            var inQuotes = false
            var sawAnything = false
            let startLine = line
            while true {
                guard let byte = try nextByte() else {
                    if !sawAnything { return nil }
                    if inQuotes { problems.append(.unterminatedQuote) }
                    fields.append(Self.decode(field, encoding, &problems))
                    return CSVRecord(fields: fields, line: startLine, problems: problems)
                }
                if atStart {
                    atStart = false
                    if byte == 0xEF, try peekBytes([0xBB, 0xBF]) { continue }
                }
                if inQuotes {
                    if byte == UInt8(ascii: "\"") {
                        if try peekByte() == UInt8(ascii: "\"") {
                            position += 1
                            field.append(byte)
                        } else {
                            inQuotes = false
                        }
                    } else {
                        if byte == UInt8(ascii: "\n") { line += 1 }
                        field.append(byte)
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: ","):
                    sawAnything = true
                    fields.append(Self.decode(field, encoding, &problems))
                    field.removeAll(keepingCapacity: true)
                    quoted = false
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    if byte == UInt8(ascii: "\r"), try peekByte() == UInt8(ascii: "\n") { position += 1 }
                    line += 1
                    if !sawAnything && field.isEmpty && !quoted {
                        blankLines += 1
                        continue record
                    }
                    fields.append(Self.decode(field, encoding, &problems))
                    return CSVRecord(fields: fields, line: startLine, problems: problems)
                case UInt8(ascii: "\""):
                    sawAnything = true
                    if field.isEmpty && !quoted {
                        quoted = true
                        inQuotes = true
                    } else {
                        field.append(byte)
                    }
                default:
                    sawAnything = true
                    field.append(byte)
                }
            }
        }
    }

    // MARK: Bytes

    private mutating func fill() throws -> Bool {
        guard !exhausted else { return false }
        let count = try buffer.withUnsafeMutableBytes { try input.read(into: $0) }
        position = 0
        end = count
        bytesRead += count
        if count == 0 { exhausted = true }
        return count > 0
    }

    private mutating func nextByte() throws -> UInt8? {
        if position == end, try !fill() { return nil }
        defer { position += 1 }
        return buffer[position]
    }

    private mutating func peekByte() throws -> UInt8? {
        if position == end, try !fill() { return nil }
        return buffer[position]
    }

    /// Consumes `bytes` if they come next (within the current chunk).
    private mutating func peekBytes(_ bytes: [UInt8]) throws -> Bool {
        if position == end, try !fill() { return false }
        guard end - position >= bytes.count, Array(buffer[position..<(position + bytes.count)]) == bytes else { return false }
        position += bytes.count
        return true
    }

    private static func decode(_ bytes: [UInt8], _ encoding: TextEncoding, _ problems: inout [CSVProblem]) -> String {
        switch encoding {
        case .utf8:
            // ASCII needs no validation (the common case, and much cheaper than validating).
            if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            if let text = String(validating: bytes, as: UTF8.self) { return text }
            if !problems.contains(.invalidEncoding) { problems.append(.invalidEncoding) }
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            var text = String.UnicodeScalarView()
            for byte in bytes { text.append(windows1252(byte)) }
            return String(text)
        }
    }

    /// The character Windows-1252 gives a byte (Latin-1 except 0x80–0x9F).
    static func windows1252(_ byte: UInt8) -> Unicode.Scalar {
        let high: [UInt32] = [0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                              0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178]
        if byte >= 0x80, byte <= 0x9F { return Unicode.Scalar(high[Int(byte - 0x80)])! }
        return Unicode.Scalar(byte)
    }
}
