import Foundation

/// A file (or standard input) read in chunks.
public struct FileInput: ByteInput {
    private let handle: FileHandle

    /// Opens `path`; `-` is standard input.
    ///
    /// - Parameter path: the file's path, or `-`.
    /// - Throws: ``InputFileError`` naming the path and why it cannot be read (no such file,
    ///   a directory, no permission).
    public init(path: String) throws(InputFileError) {
        if path == "-" {
            handle = FileHandle.standardInput
            return
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw InputFileError(path: path, reason: String(cString: strerror(errno)).lowercased()) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw InputFileError(path: path, reason: "is a directory, not a file")
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
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
    /// Moves to byte `offset` of a regular file (a loader reading one part of it).
    func seek(to offset: Int) throws {
        guard lseek(handle.fileDescriptor, off_t(offset), SEEK_SET) >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = Glibc.read(handle.fileDescriptor, buffer.baseAddress, buffer.count)
        if count < 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return count
    }
}

/// A file that cannot be opened for reading: `nosuch.csv: no such file or directory`.
public struct InputFileError: Error, CustomStringConvertible {
    /// The path as given.
    public let path: String
    /// Why, in a few words.
    public let reason: String

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
