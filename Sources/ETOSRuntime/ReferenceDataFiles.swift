import Foundation

/// Loads reference data from a directory of CSV files, one data set per file.
///
/// The data set's name is the file name without `.csv`, upper-cased, with `-` and `_` as
/// spaces: `ods-organisations.csv` is `ODS ORGANISATIONS`. Each file starts with a header:
/// - code lists: `code` and optionally `start` and `end` (CCYY-MM-DD, blank when open),
///   one row per active period (organisations' open and close dates, NICIP and SNOMED CT
///   codes' active and retired dates);
/// - maps: `from` and `to` (NICIP → SNOMED CT).
public enum ReferenceDataFiles {
    /// The data set name a file gives.
    ///
    /// - Parameter name: the file's name (`ods-organisations.csv`).
    public static func datasetName(forFile name: String) -> String {
        var base = name
        if base.lowercased().hasSuffix(".csv") { base.removeLast(4) }
        return base.uppercased().map { $0 == "-" || $0 == "_" ? " " : $0 }.reduce(into: "") { $0.append($1) }
    }

    /// Every `*.csv` in `directory`, one data set per file.
    ///
    /// - Parameter directory: the directory's path.
    /// - Throws: ``ReferenceDataError`` naming the file and line of the first bad row.
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
        let names = listed.filter { $0.lowercased().hasSuffix(".csv") }.sorted()
        for name in names {
            let dataset = datasetName(forFile: name)
            var reader = CSVReader(input: try FileInput(path: directory + "/" + name))
            guard let header = try reader.next()?.fields.map({ RuleChecks.trimmed($0).lowercased() }) else {
                data.declare(dataset)
                continue
            }
            data.declare(dataset)
            if let from = header.firstIndex(of: "from"), let to = header.firstIndex(of: "to") {
                while let record = try reader.next() {
                    guard record.fields.count > max(from, to) else { throw problem(name, record.line, "expected a 'from' and a 'to' value") }
                    data.addMapping(from: RuleChecks.trimmed(record.fields[from]), to: RuleChecks.trimmed(record.fields[to]), in: dataset)
                }
            } else if let code = header.firstIndex(of: "code") {
                let start = header.firstIndex(of: "start")
                let end = header.firstIndex(of: "end")
                while let record = try reader.next() {
                    guard record.fields.count > code else { throw problem(name, record.line, "no code") }
                    func date(_ index: Int?) throws -> ISODate? {
                        guard let index, index < record.fields.count else { return nil }
                        let text = RuleChecks.trimmed(record.fields[index])
                        if text.isEmpty { return nil }
                        guard let date = ISODate(parsing: text) else { throw problem(name, record.line, "'\(text)' is not a CCYY-MM-DD date") }
                        return date
                    }
                    data.add(RuleChecks.trimmed(record.fields[code]), to: dataset, periods: [ActivePeriod(start: try date(start), end: try date(end))])
                }
            } else {
                throw problem(name, 1, "the header needs 'code' (with optional 'start' and 'end') or 'from' and 'to'")
            }
        }
        return data
    }

    private static func problem(_ file: String, _ line: Int, _ message: String) -> Error {
        ReferenceDataError(description: "\(file):\(line): \(message)")
    }
}

/// A reference-data file that cannot be read.
public struct ReferenceDataError: Error, CustomStringConvertible {
    /// The file, line and what is wrong.
    public let description: String
}
