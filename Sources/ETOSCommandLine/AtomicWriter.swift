import Foundation

/// Writes files so that a reader never sees half a file and an unchanged file keeps its
/// timestamp: contents go to a temporary file beside the target, then are renamed over it.
enum AtomicWriter {
    /// Writes `contents` to `path` unless it already holds exactly that; returns true when it wrote.
    @discardableResult
    static func write(_ contents: String, to path: String) throws -> Bool {
        let data = Data(contents.utf8)
        if let existing = FileManager.default.contents(atPath: path), existing == data { return false }
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).etosc-\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
        return true
    }

    /// Writes every file below `root` (relative path → contents); returns how many changed.
    static func writeAll(_ files: [String: String], under root: String) throws -> Int {
        var written = 0
        for (relative, contents) in files.sorted(by: { $0.key < $1.key }) where try write(contents, to: root + "/" + relative) {
            written += 1
        }
        return written
    }
}
