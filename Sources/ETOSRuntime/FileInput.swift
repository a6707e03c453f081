import Foundation

/// A file (or standard input) read in chunks.
public struct FileInput: ByteInput {
    private let handle: FileHandle

    /// Opens `path`; `-` is standard input.
    ///
    /// - Parameter path: the file's path, or `-`.
    /// - Throws: `CocoaError(.fileReadNoSuchFile)` when the file cannot be opened.
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

    /// The size of a regular file; nil for standard input, a pipe or a device.
    public var totalBytes: Int? {
        var status = stat()
        guard fstat(handle.fileDescriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(status.st_size)
    }

    /// Reads the next bytes into `buffer`.
    ///
    /// - Parameter buffer: where to read; at most its count is read.
    /// - Returns: the number of bytes read, 0 at the end.
    /// - Throws: the operating system's error.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = Glibc.read(handle.fileDescriptor, buffer.baseAddress, buffer.count)
        if count < 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return count
    }
}
