import ETOSModel
import Foundation

/// Bytes handed to the XML reader in order: a mapped file, or an archive entry inflated
/// as it is read.
protocol ByteSource: AnyObject {
    /// Fills the start of `buffer`; returns how many bytes were written, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DiagnosticsError) -> Int
}

/// A whole file already in memory (memory-mapped for files).
final class MemoryByteSource: ByteSource {
    private let data: Data
    private var offset = 0

    init(_ data: Data) {
        self.data = data
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, data.count - offset)
        guard count > 0 else { return 0 }
        data.withUnsafeBytes { bytes in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
        }
        offset += count
        return count
    }
}
