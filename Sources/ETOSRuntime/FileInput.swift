import Foundation

/// A file (or standard input) read in chunks.
public struct FileInput: ByteInput {
    private let handle: FileHandle

    /// Opens `path`; `-` is standard input.
    public init(path: String) throws {
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            self.handle = handle
        }
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = Glibc.read(handle.fileDescriptor, buffer.baseAddress, buffer.count)
        if count < 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return count
    }
}
