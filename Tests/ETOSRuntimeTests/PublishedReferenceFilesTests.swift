import Foundation
import Testing
@_spi(ETOSGenerated) @testable import ETOSRuntime

/// Reference data in the layouts NHS England, ONS and NHS TRUD publish, from small files
/// written here after the public descriptions of those layouts (no published file is copied).
@Suite("Reference data as published")
struct PublishedReferenceFilesTests {
    /// A fresh directory holding `files` (name → contents).
    private func directory(_ files: [String: String]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url.path
    }

    private func load(_ files: [String: String]) throws -> InMemoryReferenceData {
        let path = try directory(files)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try ReferenceDataFiles.load(directory: path)
    }

    private func loadError(_ files: [String: String]) throws -> String {
        do {
            _ = try load(files)
        } catch {
            return "\(error)"
        }
        Issue.record("expected an error")
        return ""
    }

    private func date(_ text: String) -> ISODate { ISODate(parsing: text)! }

    /// An ODS record: 27 fields (or 24), code first, open and close dates in fields 11 and 12.
    private func odsRecord(_ code: String, open: String, close: String = "", fields: Int = 27, quoteAll: Bool = true) -> String {
        var values = Array(repeating: "", count: fields)
        values[0] = code
        values[1] = "THE \(code) SURGERY"
        values[2] = "Y56"
        values[9] = "LS1 4AP"
        values[10] = open
        values[11] = close
        values[12] = "A"
        return values.enumerated().map { index, value in quoteAll || index == 1 ? "\"\(value)\"" : value }.joined(separator: ",")
    }

    @Test func readsODSOrganisationFilesByPosition() throws {
        let data = try load([
            // epraccur: every field quoted, CRLF.
            "epraccur.csv": [odsRecord("B86001", open: "19740401"), odsRecord("B86099", open: "19740401", close: "20200331")].joined(separator: "\r\n") + "\r\n",
            // etr: 24 fields, some quoted, LF, no final line break.
            "etr.csv": [odsRecord("RR8", open: "19980401", fields: 24, quoteAll: false), odsRecord("RAE", open: "19990401", fields: 24, quoteAll: false)].joined(separator: "\n"),
        ])
        #expect(data.periods(of: "B86001", in: "ODS ORGANISATIONS") == [ActivePeriod(start: date("1974-04-01"), end: nil)])
        #expect(data.periods(of: "B86099", in: "ODS ORGANISATIONS") == [ActivePeriod(start: date("1974-04-01"), end: date("2020-03-31"))])
        #expect(data.periods(of: "RR8", in: "ODS ORGANISATIONS") == [ActivePeriod(start: date("1998-04-01"), end: nil)])
        #expect(data.periods(of: "ZZZ", in: "ODS ORGANISATIONS") == [])
    }

    @Test func readsTheONSPostcodeDirectoryByColumnName() throws {
        // Columns in another order than any release, and extra ones: found by name.
        let header = "pcd,oseast1m,pcd2,dointr,usertype,pcds,doterm,lat,long"
        let rows = [
            "\"LS1 4AP\",430000,\"LS1  4AP\",\"198001\",0,\"LS1 4AP\",\"\",53.79,-1.54",
            "\"LS9 7TF\",431000,\"LS9  7TF\",\"198001\",0,\"LS9 7TF\",\"201512\",53.80,-1.50",
            "\"ZX110AA\",0,\"ZX11 0AA\",\"202004\",1,\"ZX11 0AA\",\"\",0,0",
        ]
        let data = try load(["ONSPD_FEB_2026_UK.csv": ([header] + rows).joined(separator: "\r\n") + "\r\n"])
        #expect(data.periods(of: "LS1 4AP", in: "ONS POSTCODE DIRECTORY") == [ActivePeriod(start: date("1980-01-01"), end: nil)])
        #expect(data.periods(of: "LS9 7TF", in: "ONS POSTCODE DIRECTORY") == [ActivePeriod(start: date("1980-01-01"), end: date("2015-12-31"))])
        // pcd's 7-character form and pcds agree once normalised.
        #expect(data.periods(of: "ZX11 0AA", in: "ONS POSTCODE DIRECTORY") == [ActivePeriod(start: date("2020-04-01"), end: nil)])
        var normalised: [UInt8] = []
        "ls1  4ap".withFieldBytes { PublishedReferenceFiles.normalisePostcode($0, into: &normalised) }
        #expect(String(decoding: normalised, as: UTF8.self) == "LS1 4AP")
    }

    @Test func buildsRefsetMembersActiveIntervalsFromTheFullHistory() throws {
        let refset = "999001111000000105"
        let other = "999000011000000103"
        let lines = [
            "id\teffectiveTime\tactive\tmoduleId\trefsetId\treferencedComponentId",
            // Member a: added 2015, removed 2020, added again 2022.
            "a\t20150401\t1\t999000011000000103\t\(refset)\t399208008",
            "a\t20200401\t0\t999000011000000103\t\(refset)\t399208008",
            "a\t20220401\t1\t999000011000000103\t\(refset)\t399208008",
            // Member b: active since 2010.
            "b\t20100401\t1\t999000011000000103\t\(refset)\t168537006",
            // Another refset's member is kept apart.
            "c\t20100401\t1\t999000011000000103\t\(other)\t111111111",
        ]
        let data = try load(["der2_Refset_SimpleFull_GB1000000_20260401.txt": lines.joined(separator: "\r\n") + "\r\n"])
        #expect(data.periods(of: "399208008", in: "SNOMED CT DIAGNOSTIC IMAGING REFSET") == [
            ActivePeriod(start: date("2015-04-01"), end: date("2020-03-31")), ActivePeriod(start: date("2022-04-01"), end: nil),
        ])
        #expect(data.periods(of: "168537006", in: "SNOMED CT REFSET \(refset)") == [ActivePeriod(start: date("2010-04-01"), end: nil)])
        #expect(data.periods(of: "111111111", in: "SNOMED CT DIAGNOSTIC IMAGING REFSET") == [])
        #expect(data.periods(of: "111111111", in: "SNOMED CT REFSET \(other)") == [ActivePeriod(start: date("2010-04-01"), end: nil)])
        // A Snapshot's inactive member: a member until the day before, start unknown.
        let snapshot = try load(["der2_Refset_SimpleSnapshot_GB1000000_20260401.txt": [lines[0], lines[2]].joined(separator: "\n")])
        #expect(snapshot.periods(of: "399208008", in: "SNOMED CT DIAGNOSTIC IMAGING REFSET") == [ActivePeriod(start: nil, end: date("2020-03-31"))])
    }

    @Test func readsAReleaseThroughItsColumnMapping() throws {
        let data = try load([
            "NICIP_Release.txt": "NICIP Code\tShort Name\tDate Active\tDate Inactive\r\nXCHES\tChest\t01/04/2010\t\r\nXOLD\tOld\t01/04/2010\t31/03/2015\r\n",
            "NICIP_Release.txt.mapping.json": #"{"dataset": "NICIP", "delimiter": "\t", "code": "NICIP Code", "start": "Date Active", "end": "Date Inactive", "dateFormat": "DD/MM/CCYY"}"#,
            "NICIP_SNOMED_Map.csv": "NICIP,SNOMED CT\nXCHES,399208008\n",
            "NICIP_SNOMED_Map.csv.mapping.json": #"{"dataset": "NICIP TO SNOMED", "from": "NICIP", "to": "SNOMED CT"}"#,
        ])
        #expect(data.periods(of: "XCHES", in: "NICIP") == [ActivePeriod(start: date("2010-04-01"), end: nil)])
        #expect(data.periods(of: "XOLD", in: "NICIP") == [ActivePeriod(start: date("2010-04-01"), end: date("2015-03-31"))])
        #expect(data.maps("XCHES", to: "399208008", in: "NICIP TO SNOMED") == true)
        #expect(data.maps("XCHES", to: "1", in: "NICIP TO SNOMED") == false)
    }

    @Test func theProjectsOwnLayoutKeepsWorkingBesideThePublishedOnes() throws {
        let data = try load([
            "nicip.csv": "code,start,end\nXCHES,2010-01-01,\n",
            "epraccur.csv": odsRecord("B86001", open: "19740401") + "\n",
        ])
        #expect(data.periods(of: "XCHES", in: "NICIP") == [ActivePeriod(start: date("2010-01-01"), end: nil)])
        #expect(data.periods(of: "B86001", in: "ODS ORGANISATIONS")?.count == 1)
    }

    /// Bad files are errors naming the file and line, never a silent skip.
    @Test func badFilesAreErrorsNamingTheFileAndLine() throws {
        let ragged = [odsRecord("B86001", open: "19740401"), odsRecord("B86002", open: "19740401", fields: 24)].joined(separator: "\n")
        #expect(try loadError(["epraccur.csv": ragged]) == "epraccur.csv:2: 24 fields where the file's first record has 27 (an ODS organisation file has 24 or 27)")
        #expect(try loadError(["epraccur.csv": odsRecord("B86001", open: "1974-04-01")]).hasPrefix("epraccur.csv:1: matches no known reference-data layout"))
        #expect(try loadError(["epraccur.csv": odsRecord("B86001", open: "19740401") + "\n" + odsRecord("B86002", open: "19741301")])
                == "epraccur.csv:2: open date (field 11) '19741301' is not a CCYYMMDD date")
        #expect(try loadError(["onspd.csv": "pcds,dointr,doterm\nLS1 4AP,1980,\n"]) == "onspd.csv:2: dointr '1980' is not a YYYYMM month")
        #expect(try loadError(["onspd.csv": "pcds,dointr,doterm\nLS1 4AP,198001,\nLS1 5AP,198001\n"]) == "onspd.csv:3: 2 fields where the header names 3")
        #expect(try loadError(["der2_Refset_SimpleFull_X.txt": "id\tactive\n"]).hasPrefix("der2_Refset_SimpleFull_X.txt:1: not an RF2 simple refset"))
        #expect(try loadError(["notes.txt": "anything"]).hasPrefix("notes.txt:1: matches no known reference-data layout"))
        #expect(try loadError(["a.csv": "x,y\n1,2\n", "a.csv.mapping.json": #"{"dataset": "A", "code": "z"}"#]) == "a.csv:1: the mapping's code column 'z' is not in the header")
        // A blank code is an error at its line (two of them once made the table compare empty
        // keys through a nil buffer: a trap).
        #expect(try loadError(["nicip.csv": "code,start,end\n,2010-01-01,\n,2011-01-01,\n"]) == "nicip.csv:2: a blank code")
        #expect(try loadError(["nicip-to-snomed.csv": "from,to\nXCHES,\n"]) == "nicip-to-snomed.csv:2: a blank code")
    }

    /// The reader for national files: leading fields unquoted, the rest only counted, quoted
    /// commas and line breaks kept inside their field, CRLF or LF, no final line break.
    @Test func leadingFieldsReaderFindsRecordsAndCountsFields() throws {
        let path = try directory(["f.csv": "\"a\",b,\"x,y\",\"multi\nline\"\r\n\"c\",\"d\",e,f\nlast,,,"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try LeadingFieldsReader(path: path + "/f.csv", leading: 2)
        var seen: [(fields: [String], count: Int, line: Int)] = []
        while try reader.next() { seen.append((reader.fields.map(\.string), reader.fieldCount, reader.line)) }
        #expect(seen.map(\.fields) == [["a", "b"], ["c", "d"], ["last", ""]])
        #expect(seen.map(\.count) == [4, 4, 4])
        #expect(seen.map(\.line) == [1, 3, 4])
    }

    /// Property: on random records of quoted and unquoted fields (commas, quotes, CR and LF
    /// inside quotes, records long and short across the SIMD scan's 64-byte steps),
    /// the national reader finds the records, field counts, lines and leading fields that the
    /// full CSV reader finds.
    @Test func leadingFieldsReaderAgreesWithTheCSVReader() throws {
        var random = SeededNumbers(seed: 19)
        let pieces = ["a", "LS1 4AP", "199901", "", "x,y", "\"\"", "multi\nline", "cr\r\nlf", "long value of more than sixteen bytes"]
        for round in 0..<40 {
            var text = ""
            for record in 0..<(1 + random.next(30)) {
                if record > 0 { text += random.next(2) == 0 ? "\n" : "\r\n" }
                let fields = (0..<(1 + random.next(30))).map { _ -> String in
                    let piece = pieces[random.next(pieces.count)]
                    let needsQuotes = piece.contains(",") || piece.contains("\n") || piece.contains("\"")
                    return needsQuotes || random.next(3) == 0 ? "\"" + piece.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : piece
                }
                // A lone empty field is a blank line, which the CSV reader skips.
                text += fields == [""] ? "a" : fields.joined(separator: ",")
            }
            let path = try directory(["f.csv": text])
            defer { try? FileManager.default.removeItem(atPath: path) }
            var csv = CSVReader(input: MemoryInput(Array(text.utf8)))
            var expected: [(fields: [String], count: Int, line: Int)] = []
            while let record = try csv.next() { expected.append((Array(record.fields.prefix(2)), record.fields.count, record.line)) }
            let reader = try LeadingFieldsReader(path: path + "/f.csv", leading: 2)
            var seen: [(fields: [String], count: Int, line: Int)] = []
            while try reader.next() { seen.append((reader.fields.map(\.string), reader.fieldCount, reader.line)) }
            #expect(seen.map(\.count) == expected.map(\.count), "round \(round): \(text.debugDescription)")
            #expect(seen.map(\.line) == expected.map(\.line), "round \(round)")
            // Leading fields keep doubled quotes as written (documented); compare the others.
            for (got, want) in zip(seen, expected) where !want.fields.contains(where: { $0.contains("\"") }) {
                #expect(got.fields == want.fields, "round \(round): \(text.debugDescription)")
            }
        }
    }

    /// The bundled reference data in the published layouts holds exactly what its copy in the
    /// project's simple layout holds.
    @Test func theBundledSamplesAgreeInBothLayouts() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Spec/Samples")
        let published = try ReferenceDataFiles.load(directory: samples.appendingPathComponent("ReferenceData").path)
        let simple = try ReferenceDataFiles.load(directory: samples.appendingPathComponent("SimpleReferenceData").path)
        for dataset in ["ODS ORGANISATIONS", "ONS POSTCODE DIRECTORY", "NICIP", "SNOMED CT DIAGNOSTIC IMAGING REFSET"] {
            let codes = simple.codes(in: dataset)
            #expect(!codes.isEmpty)
            #expect(published.codes(in: dataset) == codes, "\(dataset)")
            for code in codes { #expect(published.periods(of: code, in: dataset) == simple.periods(of: code, in: dataset), "\(dataset) \(code)") }
        }
        for (from, to) in [("XCHES", "399208008"), ("XKNEB", "74016001"), ("XOLDC", "399208008")] {
            #expect(published.maps(from, to: to, in: "NICIP TO SNOMED") == true)
        }
        #expect(published.maps("XCHES", to: "168537006", in: "NICIP TO SNOMED") == false)
    }

    /// A large ONSPD file is read in two parts on two threads: the same postcodes in the same
    /// order as in one part, a problem in the second part at its line in the file, and a split
    /// that falls inside a quoted field found (the file is then read in one part).
    @Test func postcodesReadInTwoPartsAreThoseReadInOne() throws {
        let header = "pcd,pcds,dointr,doterm,note"
        var rows: [String] = []
        for number in 0..<400 {
            let code = "LS\(number / 10 + 1) \(number % 10)AB"
            rows.append("\"\(code)\",\"\(code)\",\"19\(80 + number % 20)01\",\"\(number % 7 == 0 ? "201512" : "")\",\"x\"")
        }
        let text = ([header] + rows).joined(separator: "\r\n") + "\r\n"
        let path = try directory(["onspd.csv": text, "bad.csv": ([header] + rows.prefix(300) + ["\"LS1 1AA\",\"LS1 1AA\",\"1980\",\"\",\"x\""] + rows.suffix(99)).joined(separator: "\n")])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let columns = header.split(separator: ",").map(String.init)
        func load(_ file: String, splitAbove: Int) throws -> InMemoryReferenceData {
            var data = InMemoryReferenceData()
            try PublishedReferenceFiles.loadPostcodes(path + "/" + file, name: file, header: columns, into: &data, splitAbove: splitAbove)
            return data
        }
        let one = try load("onspd.csv", splitAbove: .max), two = try load("onspd.csv", splitAbove: 0)
        let codes = one.codes(in: "ONS POSTCODE DIRECTORY")
        #expect(codes.count == 400)
        #expect(two.codes(in: "ONS POSTCODE DIRECTORY") == codes)
        for code in codes { #expect(two.periods(of: code, in: "ONS POSTCODE DIRECTORY") == one.periods(of: code, in: "ONS POSTCODE DIRECTORY")) }
        #expect(throws: ReferenceDataError.self) { try load("bad.csv", splitAbove: 0) }
        do { _ = try load("bad.csv", splitAbove: 0) } catch { #expect("\(error)" == "bad.csv:302: dointr '1980' is not a YYYYMM month") }
        // A note field holding line breaks across the middle of the file: the split is refused.
        var quoted = rows
        quoted[200] = quoted[200].replacingOccurrences(of: ",\"x\"", with: ",\"" + String(repeating: "a\r\n", count: 400) + "\"")
        let spanning = try directory(["onspd.csv": ([header] + quoted).joined(separator: "\r\n") + "\r\n"])
        defer { try? FileManager.default.removeItem(atPath: spanning) }
        var data = InMemoryReferenceData()
        try PublishedReferenceFiles.loadPostcodes(spanning + "/onspd.csv", name: "onspd.csv", header: columns, into: &data, splitAbove: 0)
        #expect(data.codes(in: "ONS POSTCODE DIRECTORY") == codes)
    }
}
