import ETOSModel
import Foundation

/// Opening spec files.
enum SpreadsheetFile {
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
