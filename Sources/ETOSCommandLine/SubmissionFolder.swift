@_spi(ETOSGenerated) import ETOSRuntime
import ETOSSpreadsheet
import Foundation

/// A relational submission's files: those of a folder (not its subfolders or hidden
/// files), or of a `.zip` archive (inflated as each is read).
public struct SubmissionFolder {
    /// The folder or archive as the user named it.
    public let path: String
    /// The files' names (inside the archive, their paths there), sorted.
    public let names: [String]
    private let zip: ZipFiles?

    /// The submission at `path`: a folder, or a file ending `.zip`.
    public init(path: String) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SubmissionFolderError(description: "\(path): no such file or directory")
        }
        if isDirectory.boolValue {
            zip = nil
            let contents = try FileManager.default.contentsOfDirectory(atPath: path)
            names = contents.filter { name in
                var isFolder: ObjCBool = false
                return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isFolder) && !isFolder.boolValue
            }.sorted()
        } else if path.lowercased().hasSuffix(".zip") {
            let archive = try ZipFiles(path: path)
            zip = archive
            names = archive.names
        } else {
            throw SubmissionFolderError(description: "\(path): a relational submission is a folder or a .zip of one CSV file per table, not a single file")
        }
    }

    /// File `name`'s bytes.
    public func input(_ name: String) throws -> any ByteInput {
        if let zip { return ZipEntryInput(stream: try zip.open(name)) }
        return try FileInput(path: (path as NSString).appendingPathComponent(name))
    }
}

/// A file of a `.zip` as the CSV reader's input.
private struct ZipEntryInput: ByteInput {
    let stream: ZipFiles.Stream

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { try stream.read(into: buffer) }
}

/// Why a submission folder cannot be read.
public struct SubmissionFolderError: Error, CustomStringConvertible {
    public let description: String
}
