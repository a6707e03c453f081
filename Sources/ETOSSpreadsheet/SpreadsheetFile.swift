import ETOSModel
import Foundation

/// Opening spec files.
enum SpreadsheetFile {
    /// The file's first `count` bytes (fewer when it is shorter), to tell its format.
    static func head(_ path: String, displayName: String, count: Int = 4096) throws(DiagnosticsError) -> Data {
        let source = try FileByteSource(path: path, displayName: displayName)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { buffer.deallocate() }
        var filled = 0
        while filled < count {
            let read = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if read == 0 { break }
            filled += read
        }
        return Data(buffer[0..<filled])
    }

    /// The file's bytes, memory-mapped.
    static func map(_ path: String, displayName: String) throws(DiagnosticsError) -> Data {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
            guard data.count < Int(Int32.max) else {
                throw DiagnosticsError([Diagnostic(.error, "\(displayName) is larger than 2 GB, which the reader does not take")])
            }
            return data
        } catch let error as DiagnosticsError {
            throw error
        } catch {
            throw DiagnosticsError([Diagnostic(.error, "cannot read \(displayName): \(error.localizedDescription)")])
        }
    }
}
