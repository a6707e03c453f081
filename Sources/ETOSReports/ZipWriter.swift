import CZlib

/// Writes a ZIP archive of deflated entries, as Office Open XML packages are: each entry
/// compressed with zlib, fixed dates (1980-01-01, so the same content gives the same bytes),
/// no ZIP64 (an entry or the archive past 4 GB is refused).
struct ZipWriter {
    struct TooLarge: Error {}

    private struct Entry {
        let name: [UInt8]
        let crc: UInt32
        let compressed: UInt32
        let size: UInt32
        let offset: UInt32
    }

    private(set) var bytes: [UInt8] = []
    private var entries: [Entry] = []

    /// Adds `name` holding `contents`.
    mutating func add(_ name: String, _ contents: [UInt8]) throws {
        guard contents.count < Int(UInt32.max) else { throw TooLarge() }
        let deflated = try Self.deflate(contents)
        guard deflated.count < Int(UInt32.max), bytes.count + deflated.count < Int(UInt32.max) - (1 << 20), entries.count < Int(UInt16.max) else { throw TooLarge() }
        let crc = contents.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        let entry = Entry(name: Array(name.utf8), crc: crc, compressed: UInt32(deflated.count), size: UInt32(contents.count), offset: UInt32(bytes.count))
        // Local file header: version 2.0, no flags, deflate, 00:00 on 1980-01-01.
        word32(0x0403_4B50); word16(20); word16(0); word16(8); word16(0); word16(0x21)
        word32(entry.crc); word32(entry.compressed); word32(entry.size); word16(UInt16(entry.name.count)); word16(0)
        bytes += entry.name
        bytes += deflated
        entries.append(entry)
    }

    /// The central directory and its end record, after the last entry.
    mutating func finish() {
        let start = UInt32(bytes.count)
        for entry in entries {
            word32(0x0201_4B50); word16(20); word16(20); word16(0); word16(8); word16(0); word16(0x21)
            word32(entry.crc); word32(entry.compressed); word32(entry.size); word16(UInt16(entry.name.count))
            word16(0); word16(0); word16(0); word16(0); word32(0); word32(entry.offset)
            bytes += entry.name
        }
        let size = UInt32(bytes.count) - start
        word32(0x0605_4B50); word16(0); word16(0); word16(UInt16(entries.count)); word16(UInt16(entries.count))
        word32(size); word32(start); word16(0)
    }

    private mutating func word16(_ value: UInt16) { bytes += [UInt8(value & 0xFF), UInt8(value >> 8)] }

    private mutating func word32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) } }

    /// `contents` as raw deflate.
    private static func deflate(_ contents: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard czlib_deflate_init_raw(&stream, 6) == Z_OK else { throw TooLarge() }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(contents.count))))
        let status = contents.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw TooLarge() }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }
}
