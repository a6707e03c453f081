import ETOSCodegen
@_spi(ETOSGenerated) import ETOSRuntime

/// The reference tables a dischema reads (``ReferenceEntity``), written as CSV from reference
/// data the runtime loaded: the same codes, periods and maps `etosc validate --reference-data`
/// uses, so one directory of published files feeds every engine. The files are in the simple
/// layout the runtime reads back (`code,start,end` and `from,to`).
struct ReferenceTables {
    /// File name → CSV text, for every table whose data set is loaded.
    var files: [String: String] = [:]
    /// The tables whose data set the reference data does not hold.
    var missing: [ReferenceEntity] = []

    init(_ tables: [ReferenceEntity], from data: InMemoryReferenceData) {
        for table in tables {
            switch table.kind {
            case .codes:
                guard data.periods(of: "", in: table.dataset) != nil else { missing.append(table); continue }
                var text = "code,start,end\n"
                for code in data.codes(in: table.dataset) {
                    let field = ReportWriter.csvField(code)
                    // Every loader gives a code at least one period (an RF2 member first seen
                    // inactive was a member until the day before).
                    for period in data.periods(of: code, in: table.dataset) ?? [] {
                        text += "\(field),\(period.start?.description ?? ""),\(period.end?.description ?? "")\n"
                    }
                }
                files[table.fileName] = text
            case .map:
                guard data.maps("", to: "", in: table.dataset) != nil else { missing.append(table); continue }
                var text = "from,to\n"
                for mapping in data.mappings(in: table.dataset) {
                    text += "\(ReportWriter.csvField(mapping.from)),\(ReportWriter.csvField(mapping.to))\n"
                }
                files[table.fileName] = text
            }
        }
    }
}
