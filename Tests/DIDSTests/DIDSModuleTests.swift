import DIDS
import Testing

@Suite("The generated DIDS v2.0 module")
struct DIDSModuleTests {
    /// A record that passes every item-level check.
    static let valid: [String] = [
        "9434765919", "01", "1980-05-17", "A", "2", "LS1 4AP", "B86001",
        "03", "G1234567", "RR8", "2026-03-30", "2026-03-31", "1", "",
        "2026-04-02T09:30:00+01:00", "2026-04-02T09:45:00+01:00", "XCHES", "399208008", "2026-04-03T11:00:00Z",
        "RR813", "ACC-000123", "N",
    ]

    @Test func describesTheDataSet() {
        #expect(DataSet.shortName == "DIDS")
        #expect(DataSet.version == "2.0")
        #expect(DataSet.fieldCount == 22)
        #expect(DataSet.items.first?.name == "NHS NUMBER")
        #expect(DataSet.items.map(\.position) == Array(1...22))
    }

    @Test func typesAValidRecord() throws {
        let raw = RawRecord(fields: Self.valid)
        #expect(raw.fields == Self.valid)
        let (record, findings) = RecordValidator.validate(raw)
        #expect(findings.isEmpty, "\(findings)")
        #expect(record.patient.nhsNumber?.rawValue == "9434765919")
        #expect(record.patient.ethnicCategory == .whiteBritish)
        #expect(record.patient.personStatedGenderCode == .female)
        #expect(record.patient.personBirthDate == ISODate(year: 1980, month: 5, day: 17))
        #expect(record.referral.patientSourceSettingTypeDiagnosticImaging == .outpatient)
        #expect(record.referral.serviceRequestPriorityType == .routine)
        #expect(record.referral.diagnosticImagingWaitingListClockStartDate == nil)
        let start = try #require(record.imagingActivity.codedProcedureStartTimestamp)
        #expect(start.offsetMinutes == 60)
        #expect(record.imagingActivity.codedProcedureSnomedCt?.rawValue == "399208008")
        #expect(record.imagingActivity.referrerRadiologyProcedureEvaluationIndicator == .no)
        #expect(EthnicCategory.notKnown.rawValue == "99")
        #expect(EthnicCategory.whiteBritish.meaning == "White - British")
    }

    @Test func reportsItemLevelFindingsWithTheirItemsAndValues() {
        var fields = Self.valid
        fields[0] = "94347659"             // NHS NUMBER: n10
        fields[3] = "Q"                    // ETHNIC CATEGORY: not a code
        fields[7] = ""                     // PATIENT SOURCE SETTING TYPE: mandatory
        fields[8] = ""                     // REFERRER CODE: required
        fields[10] = "2026-02-30"          // request date: not a date
        fields[14] = "2026-04-02T09:30:00" // start timestamp: no offset
        fields[19] = "  RR8 "              // site code: min an5
        let (record, findings) = RecordValidator.validate(RawRecord(fields: fields))
        #expect(findings.map(\.code) == ["ETOS-FMT-DID001", "ETOS-CODE-DID004", "ETOS-MAN-DID008", "ETOS-REQ-DID009", "ETOS-FMT-DID011", "ETOS-FMT-DID022", "ETOS-FMT-DID017"])
        #expect(findings.map(\.level) == [.recordRejection, .recordRejection, .recordRejection, .warning, .recordRejection, .recordRejection, .recordRejection])
        #expect(findings[0].items == ["DID001"])
        #expect(findings[0].values == ["94347659"])
        #expect(findings[6].values == ["RR8"])
        #expect(findings[1].message == "ETHNIC CATEGORY must be one of the national codes of ETHNIC CATEGORY.")
        #expect(record.patient.nhsNumber == nil)
        #expect(record.imagingActivity.siteCodeOfImaging == nil)
    }

    @Test func aShortRecordHasBlankFields() {
        let (_, findings) = RecordValidator.validate(RawRecord(fields: ["9434765919"]))
        #expect(findings.contains { $0.code == "ETOS-MAN-DID022" })
        #expect(findings.contains { $0.code == "ETOS-MAN-DID018" })
        #expect(!findings.contains { $0.code.hasSuffix("DID021") })
    }
}
