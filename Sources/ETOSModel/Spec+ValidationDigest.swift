import Foundation

extension Spec {
    /// SHA-256 (hex) of what validating a submission against this spec depends on: the model
    /// without its source file, locations, diagnostics and change log. Two spec files that
    /// validate alike (one moved, renamed or with its rows at other lines) share it; a changed item,
    /// code or rule changes it. A generated module records its spec's digest, so `etosc
    /// validate` can run that module's compiled rules for a spec with the same digest.
    public var validationDigest: String {
        var content = self
        let nowhere = SourceLocation(file: "", line: 0, column: 0)
        content.source = ""
        content.diagnostics = []
        content.changeLog = []
        for index in content.items.indices { content.items[index].location = nowhere }
        for index in content.rules.indices { content.rules[index].location = nowhere }
        for list in content.codeLists.indices {
            content.codeLists[list].location = nowhere
            for code in content.codeLists[list].codes.indices { content.codeLists[list].codes[code].location = nowhere }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding a value of plain strings, numbers and arrays cannot fail.
        let data = (try? encoder.encode(content)) ?? Data()
        return SHA256.hex(data)
    }
}
