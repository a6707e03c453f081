import CZlib
import ETOSModel
import Foundation

/// A ZIP archive read from memory, refusing what a hostile archive would need: encrypted
/// entries, names that climb out of the archive, unknown compression, and entries or
/// totals that inflate past ``Limits``.
struct ZipArchive {
    /// What an archive may inflate to.
    struct Limits {
        /// Largest uncompressed entry.
        var entryBytes = 1 << 30
        /// Largest total of all uncompressed entries.
        var totalBytes = 2 << 30
        /// Largest uncompressed / compressed ratio for an entry over 1 MB.
        var ratio = 200
    }

    struct Entry {
        let name: String
        let method: UInt16
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    let data: Data
    let file: String
    let entries: [String: Entry]
    let limits: Limits

    /// Reads the central directory; throws for a damaged or hostile archive.
    init(data: Data, file: String, limits: Limits = Limits()) throws(DiagnosticsError) {
        self.data = data
        self.file = file
        self.limits = limits
        func fail(_ message: String) -> DiagnosticsError {
            DiagnosticsError([Diagnostic(.error, "\(file): \(message)", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        let bytes = [UInt8](data.suffix(65_557))
        guard let endIndex = stride(from: bytes.count - 22, through: 0, by: -1).first(where: { Self.u32(bytes, $0) == 0x0605_4B50 }) else {
            throw fail("not a ZIP archive (no end of central directory)")
        }
        let count = Int(Self.u16(bytes, endIndex + 10))
        let directorySize = Int(Self.u32(bytes, endIndex + 12))
        let directoryOffset = Int(Self.u32(bytes, endIndex + 16))
        guard count != 0xFFFF, directoryOffset != 0xFFFF_FFFF else { throw fail("ZIP64 archives are not supported") }
        guard directoryOffset + directorySize <= data.count else { throw fail("the central directory lies outside the file (truncated archive)") }
        let directory = [UInt8](data[data.startIndex + directoryOffset ..< data.startIndex + directoryOffset + directorySize])
        var entries: [String: Entry] = [:]
        var position = 0
        var total = 0
        for _ in 0..<count {
            guard position + 46 <= directory.count, Self.u32(directory, position) == 0x0201_4B50 else { throw fail("damaged central directory") }
            let flags = Self.u16(directory, position + 8)
            let method = Self.u16(directory, position + 10)
            let compressed = Int(Self.u32(directory, position + 20))
            let uncompressed = Int(Self.u32(directory, position + 24))
            let nameLength = Int(Self.u16(directory, position + 28))
            let extraLength = Int(Self.u16(directory, position + 30))
            let commentLength = Int(Self.u16(directory, position + 32))
            let offset = Int(Self.u32(directory, position + 42))
            guard position + 46 + nameLength <= directory.count else { throw fail("damaged central directory") }
            let name = String(decoding: directory[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            position += 46 + nameLength + extraLength + commentLength
            if flags & 1 != 0 { throw fail("entry '\(name)' is encrypted; encrypted workbooks are refused") }
            if name.hasPrefix("/") || name.contains("\\") || name.contains("\0") || name.split(separator: "/").contains("..") || name.contains(":") {
                throw fail("entry name '\(name)' points outside the archive; the archive is refused")
            }
            guard method == 0 || method == 8 else { throw fail("entry '\(name)' uses compression method \(method); only stored and deflated entries are read") }
            guard uncompressed <= limits.entryBytes else { throw fail("entry '\(name)' would inflate to \(uncompressed) bytes, over the limit of \(limits.entryBytes)") }
            if uncompressed > 1_048_576, uncompressed / max(compressed, 1) > limits.ratio {
                throw fail("entry '\(name)' compresses \(uncompressed / max(compressed, 1)):1, which only a ZIP bomb does; the archive is refused")
            }
            total += uncompressed
            guard total <= limits.totalBytes else { throw fail("the archive would inflate to more than \(limits.totalBytes) bytes; refused") }
            entries[name] = Entry(name: name, method: method, compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: offset)
        }
        self.entries = entries
    }

    /// A stream of the entry's uncompressed bytes.
    func open(_ name: String) throws(DiagnosticsError) -> InflatingByteSource {
        guard let entry = entries[name] else {
            throw DiagnosticsError([Diagnostic(.error, "\(file): the workbook has no part '\(name)'", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        let headerStart = data.startIndex + min(entry.localHeaderOffset, data.count)
        let header = [UInt8](data[headerStart ..< min(data.endIndex, headerStart + 30)])
        guard header.count == 30, Self.u32(header, 0) == 0x0403_4B50 else {
            throw DiagnosticsError([Diagnostic(.error, "\(file): damaged local header for '\(name)'")])
        }
        let start = entry.localHeaderOffset + 30 + Int(Self.u16(header, 26)) + Int(Self.u16(header, 28))
        guard start + entry.compressedSize <= data.count else {
            throw DiagnosticsError([Diagnostic(.error, "\(file): entry '\(name)' runs past the end of the file (truncated archive)")])
        }
        return try InflatingByteSource(data: data, range: start..<(start + entry.compressedSize), entry: entry, file: file)
    }

    /// The whole entry as bytes (for small parts such as relationships).
    func contents(_ name: String) throws(DiagnosticsError) -> Data {
        let source = try open(name)
        var result = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let read: Result<Int, DiagnosticsError> = buffer.withUnsafeMutableBytes { target in
                do throws(DiagnosticsError) { return .success(try source.read(into: target)) } catch { return .failure(error) }
            }
            let count = try read.get()
            if count == 0 { return result }
            result.append(contentsOf: buffer[0..<count])
        }
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 { UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16 }
}

/// An entry's bytes, inflated as they are read; stops at its declared size.
final class InflatingByteSource: ByteSource {
    private let data: Data
    private var inputOffset: Int
    private let inputEnd: Int
    private let entry: ZipArchive.Entry
    private let file: String
    private var stream = z_stream()
    private var produced = 0
    private var finished = false

    init(data: Data, range: Range<Int>, entry: ZipArchive.Entry, file: String) throws(DiagnosticsError) {
        self.data = data
        self.inputOffset = range.lowerBound
        self.inputEnd = range.upperBound
        self.entry = entry
        self.file = file
        if entry.method == 8, czlib_inflate_init_raw(&stream) != Z_OK {
            throw DiagnosticsError([Diagnostic(.error, "\(file): cannot start inflating '\(entry.name)'")])
        }
    }

    deinit {
        if entry.method == 8 { inflateEnd(&stream) }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DiagnosticsError) -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        if entry.method == 0 {
            let count = min(buffer.count, inputEnd - inputOffset)
            data.withUnsafeBytes { bytes in buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[inputOffset..<(inputOffset + count)])) }
            inputOffset += count
            finished = inputOffset == inputEnd
            return count
        }
        let chunk = min(inputEnd - inputOffset, 65_536)
        let result: Int32 = data.withUnsafeBytes { bytes in
            stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress!.advanced(by: inputOffset).assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(chunk)
            stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(buffer.count)
            return inflate(&stream, Z_NO_FLUSH)
        }
        inputOffset += chunk - Int(stream.avail_in)
        let count = buffer.count - Int(stream.avail_out)
        produced += count
        if produced > entry.uncompressedSize {
            throw DiagnosticsError([Diagnostic(.error, "\(file): entry '\(entry.name)' inflates past its declared size; the archive is refused")])
        }
        switch result {
        case Z_STREAM_END:
            finished = true
        case Z_OK:
            if count == 0, inputOffset >= inputEnd {
                throw DiagnosticsError([Diagnostic(.error, "\(file): entry '\(entry.name)' ends early (truncated archive)")])
            }
        default:
            throw DiagnosticsError([Diagnostic(.error, "\(file): entry '\(entry.name)' is damaged (inflate error \(result))")])
        }
        return count == 0 && !finished ? try read(into: buffer) : count
    }
}
