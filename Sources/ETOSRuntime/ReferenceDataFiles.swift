import Foundation

/// Loads reference data from a directory: the files NHS England, ONS and NHS TRUD publish,
/// recognised by name and shape, and the project's own simple CSVs.
///
/// Published layouts (Spec/Samples/README.md gives each): ODS organisation files (no header,
/// 24 or 27 fields) fill `ODS ORGANISATIONS`; the ONS Postcode Directory (a header with
/// `pcds` and `dointr`) fills `ONS POSTCODE DIRECTORY`; SNOMED CT RF2 simple refsets
/// (`der2_Refset_Simple…txt`) fill `SNOMED CT REFSET <id>` (and the name a spec uses for a
/// known refset); a file with a `<file>.mapping.json` beside it is read as the mapping says.
///
/// A simple CSV's data set is its file name without `.csv`, upper-cased, with `-` and `_` as
/// spaces: `ods-organisations.csv` is `ODS ORGANISATIONS`. It starts with a header:
/// - code lists: `code` and optionally `start` and `end` (CCYY-MM-DD, blank when open),
///   one row per active period (organisations' open and close dates, NICIP and SNOMED CT
///   codes' active and retired dates);
/// - maps: `from` and `to` (NICIP → SNOMED CT).
///
/// A `.csv` or `.txt` file that matches none of these is an error, as is a bad row: each
/// names the file and line.
public enum ReferenceDataFiles {
    /// The data set name a file gives.
    ///
    /// - Parameter name: the file's name (`ods-organisations.csv`).
    public static func datasetName(forFile name: String) -> String {
        var base = name
        if base.lowercased().hasSuffix(".csv") { base.removeLast(4) }
        return base.uppercased().map { $0 == "-" || $0 == "_" ? " " : $0 }.reduce(into: "") { $0.append($1) }
    }

    /// Every `.csv` and `.txt` file in `directory`, in the layout it is recognised as.
    ///
    /// - Parameter directory: the directory's path.
    /// - Throws: ``ReferenceDataError`` naming the file and line of the first bad row, or a file that matches no layout.
    public static func load(directory: String) throws -> InMemoryReferenceData {
        var data = InMemoryReferenceData()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw ReferenceDataError(description: "\(directory): no such directory")
        }
        guard isDirectory.boolValue else { throw ReferenceDataError(description: "\(directory): not a directory (give the directory holding the reference-data files)") }
        guard let listed = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw ReferenceDataError(description: "\(directory): cannot be listed")
        }
        let names = listed.filter { name in
            let lower = name.lowercased()
            return !name.hasPrefix(".") && (lower.hasSuffix(".csv") || lower.hasSuffix(".txt"))
        }.sorted()
        for name in names {
            let path = directory + "/" + name
            if let mapping = try PublishedReferenceFiles.mapping(for: name, in: directory) {
                try PublishedReferenceFiles.loadMapped(path, name: name, mapping: mapping, into: &data)
                continue
            }
            if PublishedReferenceFiles.isRefsetFile(name) {
                try PublishedReferenceFiles.loadRefset(path, name: name, into: &data)
                continue
            }
            var reader = CSVReader(input: try FileInput(path: path))
            guard let first = try reader.next() else {
                data.declare(datasetName(forFile: name))
                continue
            }
            let header = first.fields.map { RuleChecks.trimmed($0).lowercased() }
            if header.contains("code") || (header.contains("from") && header.contains("to")) {
                try loadSimple(&reader, header: header, name: name, into: &data)
            } else if PublishedReferenceFiles.isPostcodeHeader(header) {
                try PublishedReferenceFiles.loadPostcodes(path, name: name, header: header, into: &data)
            } else if PublishedReferenceFiles.isOrganisationRecord(first.fields) {
                try PublishedReferenceFiles.loadOrganisations(path, name: name, into: &data)
            } else {
                throw PublishedReferenceFiles.problem(name, 1, "matches no known reference-data layout: expected a header 'code' (with optional 'start' and 'end') or 'from' and 'to'; an ODS organisation file (no header, 24 or 27 fields); the ONS Postcode Directory (a header with pcds and dointr); a SNOMED CT RF2 simple refset (der2_Refset_Simple….txt); or a column mapping in \(name).mapping.json")
            }
        }
        return data
    }

    /// The project's own layout: a code list (`code`, `start`, `end`) or a map (`from`, `to`),
    /// named after the file.
    private static func loadSimple(_ reader: inout CSVReader, header: [String], name: String, into data: inout InMemoryReferenceData) throws {
        let dataset = datasetName(forFile: name)
        data.declare(dataset)
        if let from = header.firstIndex(of: "from"), let to = header.firstIndex(of: "to") {
            while let record = try reader.next() {
                guard record.fields.count > max(from, to) else { throw PublishedReferenceFiles.problem(name, record.line, "expected a 'from' and a 'to' value") }
                data.addMapping(from: try PublishedReferenceFiles.checkedCode(RuleChecks.trimmed(record.fields[from]), name, record.line),
                                to: try PublishedReferenceFiles.checkedCode(RuleChecks.trimmed(record.fields[to]), name, record.line), in: dataset)
            }
            return
        }
        guard let code = header.firstIndex(of: "code") else { return }
        let start = header.firstIndex(of: "start")
        let end = header.firstIndex(of: "end")
        while let record = try reader.next() {
            guard record.fields.count > code else { throw PublishedReferenceFiles.problem(name, record.line, "no code") }
            func date(_ index: Int?) throws -> ISODate? {
                guard let index, index < record.fields.count else { return nil }
                let text = RuleChecks.trimmed(record.fields[index])
                if text.isEmpty { return nil }
                guard let date = ISODate(parsing: text) else { throw PublishedReferenceFiles.problem(name, record.line, "'\(text)' is not a CCYY-MM-DD date") }
                return date
            }
            data.add(try PublishedReferenceFiles.checkedCode(RuleChecks.trimmed(record.fields[code]), name, record.line), to: dataset,
                     periods: [ActivePeriod(start: try date(start), end: try date(end))])
        }
    }

}

/// A reference-data file that cannot be read.
public struct ReferenceDataError: Error, CustomStringConvertible {
    /// The file, line and what is wrong.
    public let description: String
}
