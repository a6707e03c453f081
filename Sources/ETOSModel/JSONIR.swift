import Foundation

/// Reading and writing the JSON IR: sorted keys, stable arrays, a trailing newline.
public enum JSONIR {
    /// The spec as pretty-printed JSON with sorted keys.
    public static func encode(_ spec: Spec) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(spec)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A spec read back from its JSON IR; refuses an IR of another version.
    public static func decode(_ json: String) throws -> Spec {
        let spec = try JSONDecoder().decode(Spec.self, from: Data(json.utf8))
        guard spec.irVersion == Spec.currentIRVersion else {
            throw DiagnosticsError([Diagnostic(.error, "JSON IR version \(spec.irVersion) is not supported (expected \(Spec.currentIRVersion))")])
        }
        return spec
    }
}
