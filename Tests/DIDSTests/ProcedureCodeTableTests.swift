@_spi(ETOSGenerated) import DIDS
import Testing

/// The table in NHS England's DIDS v2.0 guidance of which rules each combination of a
/// SNOMED CT and a NICIP code triggers (`shared/domain/DIDS.md` §8): the six readable rows
/// exactly, the three unreadable ones as the spec's notes infer them. Validity is judged at
/// the CODED PROCEDURE END TIMESTAMP, a code retired 183 days or less before it still valid.
@Suite("DIDS v2.0: NICIP and SNOMED CT, row by row")
struct ProcedureCodeTableTests {
    enum Code: String, CustomTestStringConvertible, Sendable {
        case valid, invalid, missing
        var testDescription: String { rawValue }
    }

    /// Procedure end 2026-04-02. Valid: active codes, and codes retired 183 days before it
    /// (2025-10-01, within the grace). Invalid: unknown codes, and codes retired 184 days before.
    static let context: ValidationContext = {
        var data = DIDSv2Fixture.referenceData
        data.add("XGRACE", to: "NICIP", periods: [ActivePeriod(end: ISODate(year: 2025, month: 10, day: 1))])
        data.add("XLATE", to: "NICIP", periods: [ActivePeriod(end: ISODate(year: 2025, month: 9, day: 30))])
        data.add("700000001", to: "SNOMED CT DIAGNOSTIC IMAGING REFSET", periods: [ActivePeriod(end: ISODate(year: 2025, month: 10, day: 1))])
        data.add("700000002", to: "SNOMED CT DIAGNOSTIC IMAGING REFSET", periods: [ActivePeriod(end: ISODate(year: 2025, month: 9, day: 30))])
        return ValidationContext(submission: DIDSv2Fixture.context.submission, referenceData: data)
    }()

    static let values: [Code: (nicip: [String], snomed: [String])] = [
        .valid: (["XCHES", "XGRACE"], ["399208008", "700000001"]),
        .invalid: (["XNOPE", "XLATE"], ["123456789", "700000002"]),
        .missing: ([""], [""]),
    ]

    static let rows: [(snomed: Code, nicip: Code, codes: Set<String>)] = [
        (.valid, .missing, []),
        (.valid, .invalid, ["DIDS00300302"]),
        (.valid, .valid, ["DIDSREJ012"]),
        (.invalid, .missing, ["DIDS00300402"]),
        (.missing, .valid, []),
        (.invalid, .valid, ["DIDS00300402"]),
        // Not readable in the published copy; inferred (see the spec's notes).
        (.invalid, .invalid, ["DIDS00300302", "DIDS00300402"]),
        (.missing, .invalid, ["DIDS00300302"]),
        (.missing, .missing, ["DIDS056"]),
    ]

    @Test(arguments: 0..<rows.count)
    func eachCombinationTriggersWhatTheGuidanceSays(_ row: Int) {
        let (snomed, nicip, expected) = Self.rows[row]
        for nicipValue in Self.values[nicip]!.nicip {
            for snomedValue in Self.values[snomed]!.snomed {
                var fields = DIDSv2Fixture.valid
                fields[15] = "2026-04-02T09:45:00+01:00"
                fields[16] = nicipValue
                fields[17] = snomedValue
                let codes = SubmissionValidator(context: Self.context).checkRecord(fields: fields).findings.map(\.code)
                #expect(Set(codes) == expected, "SNOMED CT \(snomed) '\(snomedValue)', NICIP \(nicip) '\(nicipValue)': \(codes)")
            }
        }
    }

    @Test func bothValidIsAFileRejectionWhoseMessageIsNotPublished() {
        #expect(Rules.didsrej012Finding.level == .fileRejection)
        #expect(Rules.didsrej012Finding.message == "CODED PROCEDURE (NICIP) and CODED PROCEDURE (SNOMED CT) are both valid codes as defined in DIDS Reference data")
    }
}
