@_spi(ETOSGenerated) import DIDS
import Testing

/// A DIDS v2.0 record that passes every rule, and the facts it is checked against.
enum DIDSv2Fixture {
    static let valid: [String] = [
        "9434765919", "01", "1980-05-17", "A", "2", "LS1 4AP", "B86001",
        "03", "G1234567", "RR8", "2026-03-30", "2026-03-31", "1", "",
        // One procedure code: both valid is a file rejection (DIDSREJ012).
        "2026-04-02T09:30:00+01:00", "2026-04-02T09:45:00+01:00", "XCHES", "", "2026-04-03T11:00:00Z",
        "RR813", "ACC-000123", "N", "02",
    ]

    static let referenceData: InMemoryReferenceData = {
        var data = InMemoryReferenceData()
        for code in ["B86001", "RR8", "RR813"] { data.add(code, to: "ODS ORGANISATIONS") }
        data.add("LS1 4AP", to: "ONS POSTCODE DIRECTORY")
        data.add("XCHES", to: "NICIP", periods: [ActivePeriod(start: ISODate(year: 2010, month: 1, day: 1))])
        data.add("399208008", to: "SNOMED CT DIAGNOSTIC IMAGING REFSET")
        data.addMapping(from: "XCHES", to: "399208008", in: "NICIP TO SNOMED")
        return data
    }()

    static let context = ValidationContext(
        submission: SubmissionContext.month(2026, 4, submittedOn: ISODate(year: 2026, month: 5, day: 10))!,
        referenceData: referenceData
    )
}

@Suite("The generated DIDS v2.0 module")
struct DIDSModuleTests {
    /// A timestamp the item check rejects as too long is still compared by the rules that read it.
    @Test func rulesStillReadATimestampLongerThanItsFormat() {
        var fields = DIDSv2Fixture.valid
        fields[14] = "2026-04-04T09:30:00.123456+01:00"
        let codes = SubmissionValidator(context: DIDSv2Fixture.context).checkRecord(fields: fields).findings.map(\.code)
        #expect(codes.contains("DIDS045"))
        #expect(codes.contains("DIDS048"))
    }

    @Test func describesTheDataSet() {
        #expect(DataSet.shortName == "DIDS")
        #expect(DataSet.version == "2.0")
        #expect(DataSet.fieldCount == 23)
        #expect(DataSet.items.first?.name == "NHS NUMBER")
        #expect(DataSet.items.map(\.position) == Array(1...23))
    }

    @Test func typesAValidRecordAndFindsNothing() throws {
        let raw = RawRecord(fields: DIDSv2Fixture.valid)
        #expect(raw.fields == DIDSv2Fixture.valid)
        let outcome = RecordValidator.validate(raw, context: DIDSv2Fixture.context)
        #expect(outcome.findings.isEmpty, "\(outcome.findings)")
        #expect(outcome.rulesNotRun.isEmpty, "\(outcome.rulesNotRun)")
        let record = outcome.record
        #expect(record.patient.nhsNumber?.rawValue == "9434765919")
        #expect(record.patient.ethnicCategory == .whiteBritish)
        #expect(record.patient.personStatedGenderCode == .female)
        #expect(record.patient.personBirthDate == ISODate(year: 1980, month: 5, day: 17))
        #expect(record.referral.patientSourceSettingTypeDiagnosticImaging == .outpatient)
        #expect(record.referral.serviceRequestPriorityType == .routine)
        #expect(record.referral.diagnosticImagingWaitingListClockStartDate == nil)
        let start = try #require(record.imagingActivity.codedProcedureStartTimestamp)
        #expect(start.offsetMinutes == 60)
        #expect(record.imagingActivity.codedProcedureNicip == "XCHES")
        #expect(record.imagingActivity.codedProcedureSnomedCt == nil)
        #expect(record.imagingActivity.diagnosticImagingActivityCategory == .planned)
        #expect(record.imagingActivity.referrerRadiologyProcedureEvaluationIndicator == .no)
        #expect(EthnicCategory.notKnown.rawValue == "99")
        #expect(EthnicCategory.whiteBritish.meaning == "White - British")
    }

    @Test func itemChecksCarryTheCodesOfTheRulesThatStateThem() {
        var fields = DIDSv2Fixture.valid
        fields[0] = "94347659"             // DIDS002: 10 digits
        fields[3] = "Q"                    // DIDS012: not a code
        fields[7] = ""                     // DIDS020: must be populated
        fields[8] = ""                     // REFERRER CODE is required, not mandatory: no finding
        fields[10] = "2026-02-30"          // DIDS026: not a date (and no comparison with it runs)
        fields[14] = "2026-04-02T09:30:00" // DIDS045: no offset
        fields[19] = "  RR8 "              // DIDS069: 5 to 12 characters (trimmed first)
        let outcome = RecordValidator.validate(RawRecord(fields: fields), context: DIDSv2Fixture.context)
        // Not ten digits has no valid check digit either: DIDS001 (a record rule) follows.
        #expect(outcome.findings.map(\.code) == ["DIDS002", "DIDS012", "DIDS020", "DIDS026", "DIDS045", "DIDS069", "DIDS001"])
        // DIDS v2.0 rejects files, not records: every rule that is not a warning.
        #expect(outcome.findings.allSatisfy { $0.level == .fileRejection })
        #expect(outcome.findings[0].items == ["DID001"])
        #expect(outcome.findings[0].values == ["94347659"])
        #expect(outcome.findings[5].values == ["RR8"])
        #expect(outcome.findings[1].message == "The ethnic category is not one of the national codes.")
        #expect(outcome.record.patient.nhsNumber == nil)
        #expect(outcome.record.imagingActivity.siteCodeOfImaging == nil)
    }

    @Test func aSiteCodeOfTwelveCharactersIsAcceptedAsNHSEnglandsProcessingDid() {
        var fields = DIDSv2Fixture.valid
        fields[19] = "RR8AB1234567"
        var data = DIDSv2Fixture.referenceData
        data.add("RR8AB1234567", to: "ODS ORGANISATIONS")
        let outcome = RecordValidator.validate(RawRecord(fields: fields), context: ValidationContext(submission: DIDSv2Fixture.context.submission, referenceData: data))
        #expect(outcome.findings.isEmpty, "\(outcome.findings)")
    }

    @Test func rulesComparingTimestampsWithDatesAndThePeriod() {
        var fields = DIDSv2Fixture.valid
        fields[2] = "2026-04-03"                      // DIDS006: born after the procedure started (DIDS010 still holds)
        fields[18] = "2026-05-11T09:00:00+01:00"      // DIDS066: after the submission date; DIDS062: > 1 month after start
        fields[15] = "2026-04-02T09:00:00+01:00"      // DIDSX005: ended before it started
        let outcome = RecordValidator.validate(RawRecord(fields: fields), context: DIDSv2Fixture.context)
        #expect(outcome.findings.map(\.code) == ["DIDS006", "DIDS062", "DIDS066", "DIDSX005"])
        #expect(outcome.findings.first { $0.code == "DIDS062" }?.level == .warning)
        #expect(outcome.findings.first { $0.code == "DIDS006" }?.values == ["2026-04-03", "2026-04-02T09:30:00+01:00"])
    }

    @Test func rulesWithoutReferenceDataOrPeriodAreReportedAsNotRun() {
        let outcome = RecordValidator.validate(RawRecord(fields: DIDSv2Fixture.valid))
        #expect(outcome.findings.isEmpty)
        #expect(outcome.rulesNotRun == ["DIDS016", "DIDS018", "DIDS024", "DIDS049", "DIDS051", "DIDS055", "DIDS00300302", "DIDS00300402", "DIDS066", "DIDS068", "DIDS079", "DIDS080", "DIDS081", "DIDSREJ012"])
        #expect(Rules.notEnforced.isEmpty)
    }

    @Test func theSubmissionValidatorChecksFieldCountsAndUniqueness() {
        var validator = SubmissionValidator(context: DIDSv2Fixture.context)
        #expect(validator.validate(fields: DIDSv2Fixture.valid, recordNumber: 1).findings.isEmpty)
        let duplicate = validator.validate(fields: DIDSv2Fixture.valid, recordNumber: 2)
        #expect(duplicate.findings.map(\.code) == ["DIDS071"])
        #expect(duplicate.findings[0].values == ["ACC-000123", "RR813"])
        let short = validator.validate(fields: Array(DIDSv2Fixture.valid.prefix(21)), recordNumber: 3)
        #expect(short.findings.first?.code == "DIDS075")
        #expect(short.findings.first?.level == .fileRejection)
        #expect(short.worstLevel == .fileRejection)
    }
}
