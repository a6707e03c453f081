import ETOSDiff
import ETOSModel
import Foundation

/// What `etosc generate` writes for one spec, relative to the output directory:
/// `<ShortName>-v<Version>/` holding `DataSet.md`, `model.json`, `Swift/*.swift` and the
/// exports `table-schema.json` (for a relational spec, a data package), `dischema.json`
/// (DuckDB) and `dischema-spark.json`.
public enum GeneratedLayout {
    /// The spec's folder name, e.g. `DIDS-v2.0`.
    public static func folder(for spec: Spec) -> String {
        let short = spec.dataSet.shortName.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        let version = spec.dataSet.version.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return "\(short.isEmpty ? "Spec" : short)-v\(version.isEmpty ? "0" : version)"
    }

    /// Why a back end writes nothing for a relational spec (one with a Tables sheet): the
    /// reference tables its dischema reads are not exported yet (no bundled relational spec
    /// reads reference data).
    public static func relationalGap(_ backEnd: String) -> String {
        "\(backEnd) of a relational spec (one with a Tables sheet) are not exported yet"
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
        files["\(folder)/\(DischemaEmitter.fileName(for: .spark))"] = DischemaEmitter(spec: spec, specPath: specPath, dialect: .spark).document()
        return files
    }

    /// The change specification between consecutive versions of one data set:
    /// `<ShortName>-v<Old>-to-v<New>/` holding `CHANGES.md` and `changes.json`.
    public static func changeFiles(old: Spec, new: Spec) throws -> (folder: String, files: [String: String]) {
        let folder = "\(Self.folder(for: old))-to-v\(Self.folder(for: new).split(separator: "-v", maxSplits: 1).last ?? "")"
        let writer = ChangeSpecificationWriter(SpecDiff.compare(old: old, new: new))
        return (folder, ["\(folder)/CHANGES.md": writer.markdown(), "\(folder)/changes.json": try writer.json()])
    }

    /// Pairs of consecutive versions among `specs`: same short name, versions in numeric order.
    public static func consecutiveVersions(_ specs: [Spec]) -> [(old: Spec, new: Spec)] {
        let byName = Dictionary(grouping: specs) { $0.dataSet.shortName }
        var pairs: [(Spec, Spec)] = []
        for name in byName.keys.sorted() {
            let versions = byName[name]!.sorted { $0.dataSet.version.compare($1.dataSet.version, options: .numeric) == .orderedAscending }
            pairs += zip(versions, versions.dropFirst()).map { ($0, $1) }
        }
        return pairs
    }
}
