import ETOSModel

/// What `etosc generate` writes for one spec, relative to the output directory:
/// `<ShortName>-v<Version>/` holding `DataSet.md`, `model.json`, `Swift/*.swift` and the
/// exports `table-schema.json` and `dischema.json`.
public enum GeneratedLayout {
    /// The spec's folder name, e.g. `DIDS-v2.0`.
    public static func folder(for spec: Spec) -> String {
        let short = spec.dataSet.shortName.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        let version = spec.dataSet.version.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return "\(short.isEmpty ? "Spec" : short)-v\(version.isEmpty ? "0" : version)"
    }

    /// Relative path → contents, for one spec whose file is shown as `specPath`.
    public static func files(for spec: Spec, specPath: String) throws -> [String: String] {
        let folder = folder(for: spec)
        var files: [String: String] = [:]
        for (name, contents) in SwiftEmitter(spec: spec, specPath: specPath).files() {
            files["\(folder)/Swift/\(name)"] = contents
        }
        files["\(folder)/\(MarkdownEmitter.fileName)"] = MarkdownEmitter(spec: spec, specPath: specPath).page()
        files["\(folder)/model.json"] = try JSONIR.encode(spec)
        files["\(folder)/\(TableSchemaEmitter.fileName)"] = TableSchemaEmitter(spec: spec, specPath: specPath).document()
        files["\(folder)/\(DischemaEmitter.fileName)"] = DischemaEmitter(spec: spec, specPath: specPath).document()
        return files
    }
}
