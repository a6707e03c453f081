import ETOSFrontend
import ETOSModel
import Testing

@Suite("Format notation")
struct FormatParserTests {
    private func parse(_ text: String, name: String = "ITEM") -> Format? {
        try? FormatParser.parse(text, itemName: name).get().format
    }

    @Test(arguments: [
        ("an6", ValueKind.alphanumeric, 6, 6),
        ("max an20", .alphanumeric, 1, 20),
        ("min an5 max an9", .alphanumeric, 5, 9),
        ("n10", .numeric, 10, 10),
        ("max n5", .numeric, 1, 5),
        ("min n6 max n18", .numeric, 6, 18),
        ("an10 CCYY-MM-DD", .date, 10, 10),
        ("Date(CCYY-MM-DD)", .date, 10, 10),
        ("Date", .date, 10, 10),
        ("an8 HH:MM:SS", .time, 8, 8),
        ("Time(HH:MM:SS)", .time, 8, 8),
        ("max an25 CCYY-MM-DDThh:mm:ss±hh:mm", .timestamp, 1, 25),
        ("Timestamp", .timestamp, 1, 25),
        ("DateTime", .timestamp, 1, 25),
        ("String(20)", .alphanumeric, 1, 20),
        ("Number(5)", .numeric, 1, 5),
        ("  MAX  AN 20 ", .alphanumeric, 1, 20),
        ("Min An5  Max An9", .alphanumeric, 5, 9),
    ])
    func parsesEveryNotation(text: String, kind: ValueKind, min: Int, max: Int) throws {
        let format = try #require(parse(text))
        #expect(format.kind == kind)
        #expect(format.minLength == min)
        #expect(format.maxLength == max)
        #expect(format.text == text.trimmingCharacters(in: .whitespaces))
    }

    @Test func maxAn25IsATimestampWhenTheNameEndsInTimestamp() throws {
        let parsed = try FormatParser.parse("max an25", itemName: "SERVICE REPORT ISSUE TIMESTAMP").get()
        #expect(parsed.format.kind == .timestamp)
        #expect(parsed.timestampFromName)
        let plain = try FormatParser.parse("max an25", itemName: "SERVICE REPORT ISSUE NOTE").get()
        #expect(plain.format.kind == .alphanumeric)
        #expect(!plain.timestampFromName)
        let explicit = try FormatParser.parse("max an25 CCYY-MM-DDThh:mm:ss±hh:mm", itemName: "X TIMESTAMP").get()
        #expect(!explicit.timestampFromName)
    }

    @Test(arguments: ["", "an", "max", "min an5", "an0", "min an9 max an5", "min an5 max n9", "an6 extra", "x20", "String", "Number(x)", "max an1234567"])
    func refusesBadNotations(text: String) {
        #expect(parse(text) == nil)
    }

    @Test func explainsWhy() {
        guard case .failure(let error) = FormatParser.parse("min an9 max an5", itemName: "X") else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.description == "unrecognised format 'min an9 max an5': the minimum length 9 is greater than the maximum 5")
    }

    @Test func describesFormatsInWords() throws {
        #expect(try #require(parse("an6")).inWords == "exactly 6 characters")
        #expect(try #require(parse("an1")).inWords == "exactly 1 character")
        #expect(try #require(parse("min n6 max n18")).inWords == "6 to 18 digits")
        #expect(try #require(parse("Date")).inWords == "a date (CCYY-MM-DD)")
    }
}

@Suite("Cell values: national codes, levels, mandation, headings")
struct CellValueParserTests {
    @Test func parsesInlineCodesWithAnySeparator() {
        let (codes, problems, rejoined) = NationalCodes.parse("01 = Admitted patient care\n02 - Day case\nA: White - British\n")
        #expect(problems.isEmpty)
        #expect(!rejoined)
        #expect(codes == .inline([("01", "Admitted patient care"), ("02", "Day case"), ("A", "White - British")]))
    }

    @Test func parsesAReferenceToACodeList() {
        #expect(NationalCodes.parse("See code list ETHNIC CATEGORY").codes == .reference("ETHNIC CATEGORY"))
        #expect(NationalCodes.parse("see ETHNIC CATEGORY").codes == .reference("ETHNIC CATEGORY"))
    }

    @Test func reportsLinesThatAreNotCodes() {
        let (_, problems, _) = NationalCodes.parse("01 = Yes\nno separator here\n = nothing")
        #expect(problems.count == 2)
        // The line itself, whole, even with an apostrophe in it (it becomes the list's notes).
        let prose = NationalCodes.parse("01 = Yes\nthe patient's own home, not a ward").problems
        #expect(prose.compactMap(NationalCodes.line(ofProblem:)) == ["the patient's own home, not a ward"])
    }

    @Test func splitsCodesWhoseLineBreaksWereLost() {
        let (codes, problems, rejoined) = NationalCodes.parse("01 = Number present and verified02 = Trace (NHS number conflict)03 = Other", maxCodeLength: 2)
        #expect(problems.isEmpty)
        #expect(rejoined)
        #expect(codes == .inline([("01", "Number present and verified"), ("02", "Trace (NHS number conflict)"), ("03", "Other")]))
        let single = NationalCodes.parse("1 = Male2 = Female9 = Indeterminate (unable to be classified)X = Not known", maxCodeLength: 1)
        #expect(single.codes == .inline([("1", "Male"), ("2", "Female"), ("9", "Indeterminate (unable to be classified)"), ("X", "Not known")]))
    }

    @Test func readsLevels() {
        #expect(FindingLevel(cellText: "File Rejection") == .fileRejection)
        #expect(FindingLevel(cellText: "Reject File") == .fileRejection)
        #expect(FindingLevel(cellText: "record  rejection") == .recordRejection)
        #expect(FindingLevel(cellText: "Rejection") == .recordRejection)
        #expect(FindingLevel(cellText: "Reject Record") == .recordRejection)
        #expect(FindingLevel(cellText: "Warn") == .warning)
        #expect(FindingLevel(cellText: "WARNING") == .warning)
        #expect(FindingLevel(cellText: "Info") == nil)
    }

    @Test func readsMandation() {
        #expect(Mandation(cellText: "M") == .mandatory)
        #expect(Mandation(cellText: "M*") == .mandatory)
        #expect(Mandation(cellText: "R") == .required)
        #expect(Mandation(cellText: "Optional") == .optional)
        #expect(Mandation(cellText: "p") == .pilot)
        #expect(Mandation(cellText: "D") == .derived)
        #expect(Mandation(cellText: "Maybe") == nil)
        #expect(Mandation(cellText: "X") == nil)
    }

    @Test func headingsMatchAcrossCaseDashesAndSpaces() {
        let canonical = HeadingName("Validations – Data Items")
        #expect(HeadingName("validations - data items") == canonical)
        #expect(HeadingName("VALIDATIONS—DATA   ITEMS") == canonical)
        #expect(HeadingName("Validations-Data Items") == canonical)
        #expect(HeadingName(" Validations \t–  Data\nItems ") == canonical)
        #expect(HeadingName("Validations Data Items") != canonical)
    }
}
