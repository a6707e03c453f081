import ETOSModel
import Foundation

/// Bytes handed to the XML reader in order: a file read a chunk at a time, a whole file in
/// memory, or an archive entry inflated as it is read.
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

/// A file read a chunk at a time: the reader holds one chunk, not the file (a mapped file's
/// pages would stay in the process's resident memory as they are read).
final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let displayName: String

    init(path: String, displayName: String) throws(DiagnosticsError) {
        descriptor = open(path, O_RDONLY)
        self.displayName = displayName
        guard descriptor >= 0 else {
            throw DiagnosticsError([Diagnostic(.error, "cannot read \(displayName): \(String(cString: strerror(errno)))")])
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DiagnosticsError) -> Int {
        while true {
            let count = Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            guard errno == EINTR else {
                throw DiagnosticsError([Diagnostic(.error, "cannot read \(displayName): \(String(cString: strerror(errno)))")])
            }
        }
    }
}
