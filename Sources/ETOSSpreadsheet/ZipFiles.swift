import ETOSModel
import Foundation

/// The files of a ZIP archive other than a workbook (a relational submission's tables), read
/// with the workbook reader's refusals: encrypted entries, names climbing out of the
/// archive, and entries that inflate past the limits are errors. The archive is mapped, not
/// read; each file is inflated as it is read.
public struct ZipFiles {
    private let archive: ZipArchive

    /// Opens the archive at `path`; throws for a damaged or hostile one.
    public init(path: String) throws(DiagnosticsError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw DiagnosticsError([Diagnostic(.error, "\(path): cannot read: \(error.localizedDescription)")])
        }
        archive = try ZipArchive(data: data, file: path)
    }

    /// The files' names (paths inside the archive), sorted; folders and macOS resource
    /// forks (`__MACOSX/`, `._name`) left out.
    public var names: [String] {
        archive.entries.keys.filter { name in
            !name.hasSuffix("/") && !name.hasPrefix("__MACOSX/") && !(name.split(separator: "/").last ?? "").hasPrefix("._")
        }.sorted()
    }

    /// A stream of file `name`'s bytes.
    public func open(_ name: String) throws(DiagnosticsError) -> Stream {
        Stream(source: try archive.open(name))
    }

    /// One file's bytes, inflated as they are read.
    public struct Stream {
        fileprivate let source: InflatingByteSource

        /// Fills `buffer` from the start; returns the bytes written, 0 at the end.
        public func read(into buffer: UnsafeMutableRawBufferPointer) throws(DiagnosticsError) -> Int {
            try source.read(into: buffer)
        }
    }
}
