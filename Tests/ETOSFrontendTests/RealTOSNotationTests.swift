import ETOSFrontend
import ETOSModel
@_spi(ETOSGenerated) import ETOSRuntime
import ETOSSampling
import Foundation
import Testing

/// The NHS Data Dictionary and HES notation of real TOS workbooks (`shared/domain/REAL-TOS.md`).
@Suite("Format notation of real TOS workbooks")
struct RealTOSNotationTests {
    private func parse(_ text: String) -> Format? {
        try? FormatParser.parse(text, itemName: "ITEM").get().format
    }

    private func fits(_ value: String, _ notation: String) -> Bool {
        guard let format = parse(notation) else { return false }
        let fraction = format.fraction.map { $0.min...$0.max } ?? 0...0
        let shape: ValueKind = format.kind == .decimal ? .decimal : format.kind == .numeric ? .numeric : .alphanumeric
        return value.withFieldBytes { RuleChecks.format($0, shape: shape, min: format.minLength, max: format.maxLength, fraction: fraction) } == .pass
    }

    @Test func decimalsHaveTheirOwnKind() throws {
        let format = try #require(parse("max n3.max n2"))
        #expect(format.kind == .decimal)
        #expect((format.minLength, format.maxLength) == (1, 3))
        #expect(format.fraction == Format.DigitBounds(min: 0, max: 2))
        for value in ["7", "7.5", "123.45"] { #expect(fits(value, "max n3.max n2"), "\(value)") }
        for value in ["1234", "1.234", "7.", ".5", "-7", "1e2", "7,5"] { #expect(!fits(value, "max n3.max n2"), "\(value)") }
        #expect(parse("n1.n1")?.fraction == Format.DigitBounds(min: 1, max: 1))
        #expect(fits("3.5", "n1.n1") && !fits("3", "n1.n1") && !fits("13.5", "n1.n1"))
        #expect(parse("max n5.n1").map { ($0.minLength, $0.maxLength, $0.fraction) } ?? (0, 0, nil) == (1, 5, Format.DigitBounds(min: 1, max: 1)))
        #expect(fits("2.1234", "n1.max n4") && !fits("2.12345", "n1.max n4"))
        #expect(parse("max n3.n1")?.decimalPattern == "[0-9]{1,3}\\.[0-9]{1,1}")
        #expect(parse("max n3.max n2")?.decimalPattern == "[0-9]{1,3}(\\.[0-9]{1,2})?")
        #expect(parse("max n3.max an2") == nil)
    }

    /// Property: for bounds and values drawn at random, the runtime's decimal check agrees with
    /// the regular expression the exports write (SQL and the Table Schema).
    @Test func theDecimalCheckAgreesWithTheExportedPattern() throws {
        var random = SeededGenerator(seed: 17)
        func next(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &random) }
        let alphabet = Array("0123456789..-x")
        for _ in 0..<300 {
            let whole = (1 + next(3), 1 + next(3)), fraction = (next(3), next(4))
            let notation = "\(whole.0 == whole.1 ? "" : "max ")n\(max(whole.0, whole.1)).\(fraction.0 == fraction.1 ? "" : "max ")n\(max(fraction.0, fraction.1, 1))"
            let format = try #require(parse(notation), "\(notation)")
            let regex = try Regex(try #require(format.decimalPattern))
            for _ in 0..<40 {
                let value = String((0..<(1 + next(8))).map { _ in alphabet[next(alphabet.count)] })
                let expected = value.wholeMatch(of: regex) != nil
                #expect(fits(value, notation) == expected, "\(notation): '\(value)'")
            }
        }
    }

    /// Property: HES ranges, multi-line text and dated lines, drawn at random, read as written.
    @Test func hesRangesMultiLineTextAndDatedLinesReadAsWritten() throws {
        var random = SeededGenerator(seed: 23)
        for _ in 0..<200 {
            let low = Int.random(in: 1...50, using: &random), high = low + Int.random(in: 0...500, using: &random)
            let range = try #require(parse("String(\(low)-\(high))"))
            #expect((range.kind, range.minLength, range.maxLength) == (.alphanumeric, low, high))
            let lines = Int.random(in: 2...6, using: &random), each = Int.random(in: 10...80, using: &random)
            #expect(parse("an\(lines * each) (\(lines) lines each an\(each))")?.maxLength == lines * each)
            // Dated lines in any order: the one from the latest year applies.
            var years = Array(Set((0..<Int.random(in: 2...4, using: &random)).map { _ in Int.random(in: 2000...2030, using: &random) })).sorted()
            guard years.count >= 2 else { continue }
            let latest = years.removeLast()
            var dated = years.map { "an\($0 - 1990) to \($0)" } + ["an\(latest - 1990) from \(latest)"]
            dated.shuffle(using: &random)
            #expect(parse(dated.joined(separator: "\n"))?.maxLength == latest - 1990, "\(dated)")
        }
    }

    @Test func hesNotation() {
        #expect(parse("String(8)").map { ($0.kind, $0.minLength, $0.maxLength) } ?? (.time, 0, 0) == (.alphanumeric, 1, 8))
        #expect(parse("String(3-5)").map { ($0.minLength, $0.maxLength) } ?? (0, 0) == (3, 5))
        #expect(parse("String(6-40000)")?.maxLength == 40000)
        #expect(parse("String(3) or String(5)").map { ($0.minLength, $0.maxLength) } ?? (0, 0) == (3, 5))
        #expect(parse("Number")?.kind == .numeric)
        #expect(parse("Decimal")?.kind == .decimal)
        #expect(parse("Date(YYYY-MM-DD)")?.kind == .date)
        #expect(parse("max an270000")?.maxLength == 270000)
    }

    @Test func multiLineTextAndFormatsThatChangedOverTime() throws {
        let address = try FormatParser.parse("an175 (5 lines each an35)", itemName: "ADDRESS").get()
        #expect((address.format.kind, address.format.maxLength) == (.alphanumeric, 175))
        #expect(address.remarks.count == 1)
        let changed = try FormatParser.parse("String(8) to 2022\nString(32) from 2023", itemName: "X").get()
        #expect(try FormatParser.parse("an3 from 2023\nan2 to 2022", itemName: "X").get().format.maxLength == 3)
        #expect(changed.format.maxLength == 32)
        #expect(changed.remarks.first?.contains("String(8) to 2022") == true)
        #expect(parse("String(8)\nString(32)") == nil)
    }

    @Test func seeReferencesResolveFromTheWorkbookTheBundledTableOrTheLayout() throws {
        var builder = WorkbookBuilder()
        builder.sheet("Data Set", [["Data Set Name", "Refs"], ["Short Name", "R"], ["Version", "1"]])
        builder.sheet("Data Items", [
            ["Data Item Name", "Format"],
            ["APPOINTMENT DATE", "See DATE"],
            ["TUMOUR SIZE", "See TUMOUR DIAMETER"],
            ["TUMOUR DIAMETER", "max n3.max n2"],
            ["ALPHA FETOPROTEIN", "See ALPHA FETOPROTEIN"],
            ["PATIENT POSTCODE", "See POSTCODE"],
        ])
        let unresolved = try builder.compile()
        let errors = unresolved.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("names data element 'ALPHA FETOPROTEIN'") == true)
        #expect(errors.first?.message.contains("{\"formats\": {\"ALPHA FETOPROTEIN\": \"an10\"}}") == true)
        #expect(unresolved.items.first { $0.name == "APPOINTMENT DATE" }?.format.kind == .date)
        #expect(unresolved.items.first { $0.name == "TUMOUR SIZE" }?.format.kind == .decimal)
        #expect(unresolved.items.first { $0.name == "PATIENT POSTCODE" }?.format.maxLength == 8)

        let overrides = try LayoutOverrides.parse(Data(#"{"formats": {"ALPHA FETOPROTEIN": "max n5.n1"}}"#.utf8), file: "layout.json")
        let resolved = try builder.compile(layout: Layout.etos.applying(overrides, file: "layout.json"))
        #expect(resolved.diagnostics.filter { $0.severity == .error }.isEmpty, "\(resolved.diagnostics)")
        #expect(resolved.items.first { $0.name == "ALPHA FETOPROTEIN" }?.format.fraction == Format.DigitBounds(min: 1, max: 1))
    }
}

@Suite("TOS workbooks as published")
struct TOSShapeTests {
    @Test func aTOSWithoutValidationsOrDataSetSheetCompilesWithALayoutFile() throws {
        var builder = WorkbookBuilder()
        builder.sheet("Fields", [
            WorkbookBuilder.title("Hospital Episode Statistics - output specification"),
            ["Field", "Format", "Values"],
            ["ADMIMETH", "String(2)", "11 = Waiting list\n12 = Booked\n Values include: 2A, 2B though definitions are not known\nmax n3 = Age at activity date"],
            ["DISDEST", "String(2)", "From 2022-23 onwards:\n19 = Usual place of residence\n19 = Usual place of residence (home)"],
            ["ADMISORC", "String(2)", "See DISDEST for a list of codes"],
            ["STARTAGE", "Number", nil],
        ])
        // Without a layout: the data set is asked for, and the sheet is not found.
        let bare = try builder.compile()
        #expect(bare.diagnostics.contains { $0.severity == .error && $0.message.contains("\"dataSet\"") })

        let overrides = try LayoutOverrides.parse(Data(#"""
        {"sheets": {"Data Items": ["Fields"]},
         "columns": {"Data Items": {"Data Item Name": ["Field"], "National Codes": ["Values"]}},
         "dataSet": {"name": "Hospital Episode Statistics", "shortName": "HES", "version": "2023-24"}}
        """#.utf8), file: "layout.json")
        let spec = try builder.compile(layout: Layout.etos.applying(overrides, file: "layout.json"))
        #expect(spec.diagnostics.filter { $0.severity == .error }.isEmpty, "\(spec.diagnostics)")
        #expect(spec.dataSet.shortName == "HES")
        #expect(spec.rules.isEmpty)
        #expect(spec.notes.contains { $0.message.hasPrefix("no validation sheets: the workbook is a TOS") })
        let admimeth = try #require(spec.codeList(named: "ADMIMETH"))
        #expect(admimeth.codes.map(\.code) == ["11", "12"])
        #expect(admimeth.notes?.contains("Values include: 2A, 2B") == true)
        #expect(admimeth.notes?.contains("max n3 = Age at activity date") == true)
        #expect(spec.codeList(named: "DISDEST")?.codes.map(\.description) == ["Usual place of residence (home)"])
        // A reference to an item's list resolves; the warnings say what was not taken as codes.
        #expect(spec.items.first { $0.name == "ADMISORC" }?.codeList == "DISDEST")
        #expect(spec.warnings.count == 2, "\(spec.warnings)")
    }

    @Test func aListReferenceThatCannotBeResolvedIsAWarningAndTheCodesAreNotChecked() throws {
        var builder = WorkbookBuilder()
        builder.sheet("Data Set", [["Data Set Name", "Refs"], ["Short Name", "R"], ["Version", "1"]])
        builder.sheet("Data Items", [["Data Item Name", "Format", "National Codes"], ["DISCHARGE DESTINATION", "an2", "See DISDEST for a list of codes"]])
        let spec = try builder.compile()
        #expect(spec.diagnostics.filter { $0.severity == .error }.isEmpty, "\(spec.diagnostics)")
        #expect(spec.items.first?.codeList == nil)
        #expect(spec.items.first?.uncheckedCodes == "See DISDEST for a list of codes")
        #expect(spec.warnings.first?.message.contains("its codes are not checked") == true)
        #expect(Coverage(spec: spec).line(for: "x").hasSuffix("; national codes not checked for 1 item (DISCHARGE DESTINATION)"))
        // Without a UID column, derived codes are named after the item, not its position.
        #expect(spec.items.first?.uid == "DISCHARGE-DESTINATION")
        #expect(CheckPlan(spec: spec).items["DISCHARGE-DESTINATION"]?.format.code == "ETOS-FMT-DISCHARGE-DESTINATION")
    }
}
