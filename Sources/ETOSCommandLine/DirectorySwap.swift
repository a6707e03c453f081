import Foundation

/// Replaces a whole output directory at once: the new tree is built beside it (unchanged
/// files hard-linked, so they keep their inode and date), then exchanged with the old one in
/// a single `renameat2(RENAME_EXCHANGE)`. A run that fails or is killed at any point before
/// the exchange leaves the directory exactly as it was.
enum DirectorySwap {
    /// Writes `files` (relative path → contents) into `root`, removing files under
    /// `ownedFolders` that are no longer produced; other files in `root` are kept.
    static func replace(files: [String: String], under root: String, ownedFolders: Set<String>) throws -> (written: Int, removed: Int) {
        let manager = FileManager.default
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        let staging = rootURL.deletingLastPathComponent().appendingPathComponent(".\(rootURL.lastPathComponent).etosc-staging-\(ProcessInfo.processInfo.processIdentifier)").path
        // Clear this run's and any killed run's staging area.
        let parent = rootURL.deletingLastPathComponent().path
        for leftover in (try? manager.contentsOfDirectory(atPath: parent)) ?? [] where leftover.hasPrefix(".\(rootURL.lastPathComponent).etosc-staging-") {
            try? manager.removeItem(atPath: parent + "/" + leftover)
        }
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? manager.removeItem(atPath: staging) }

        var removed = 0
        let rootPath = rootURL.path
        let exists = manager.fileExists(atPath: rootPath)
        if exists, let enumerator = manager.enumerator(atPath: rootPath) {
            while let entry = enumerator.nextObject() as? String {
                let source = rootPath + "/" + entry
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: source, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    try manager.createDirectory(atPath: staging + "/" + entry, withIntermediateDirectories: true)
                } else if files[entry] == nil, ownedFolders.contains(where: { entry.hasPrefix($0 + "/") }) {
                    removed += 1
                } else if link(source, staging + "/" + entry) != 0 {
                    try manager.copyItem(atPath: source, toPath: staging + "/" + entry)
                }
            }
        }
        var written = 0
        for (relative, contents) in files.sorted(by: { $0.key < $1.key }) {
            let target = staging + "/" + relative
            let data = Data(contents.utf8)
            if manager.contents(atPath: target) == data { continue }
            // Unlink first: the staged file may be a hard link to the live one.
            try? manager.removeItem(atPath: target)
            try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard manager.createFile(atPath: target, contents: data) else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target]) }
            written += 1
        }
        guard written > 0 || removed > 0 else { return (0, 0) }
        if ProcessInfo.processInfo.environment["ETOSC_FAULT"] == "before-swap" { exit(99) } // fault injection for tests
        if exists {
            try exchange(staging, rootPath)
        } else {
            guard rename(staging, rootPath) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        return (written, removed)
    }

    /// Swaps two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`); elsewhere,
    /// two renames (the old tree is kept beside the new one until the second succeeds).
    private static func exchange(_ a: String, _ b: String) throws {
        typealias Renameat2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        if let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") {
            let renameat2 = unsafeBitCast(symbol, to: Renameat2.self)
            let atCurrentDirectory: Int32 = -100
            let renameExchange: UInt32 = 2
            if renameat2(atCurrentDirectory, a, atCurrentDirectory, b, renameExchange) == 0 { return }
        }
        let old = b + ".etosc-old"
        guard rename(b, old) == 0, rename(a, b) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        try? FileManager.default.removeItem(atPath: old)
    }
}
