import ClinicSpec
import DIDS

/// Validates one record of each data set and prints the outcome; exits non-zero if the
/// generated code does not behave as the specs say.
///
/// Both modules define `DataSet`, `RawRecord`, `Record`, `RecordValidator` and `RuleCode`, so
/// with both imported those names are qualified by module; the runtime's types (`Finding`,
/// `ValidationContext`, `SubmissionRun`) are shared and need no qualification.
@main
struct ConsumerApp {
    static func main() {
        let clinic = ClinicSpec.RecordValidator.validate(ClinicSpec.RawRecord(fields: ["9434765919", "2026-05-01", "Y"]))
        print("\(ClinicSpec.DataSet.name): attended = \(clinic.record.attendedIndicator?.meaning ?? "?"), findings = \(clinic.findings.count)")

        var fields = [String](repeating: "", count: DIDS.DataSet.fieldCount)
        fields[0] = "9434765919"
        fields[7] = "03"
        let dids = DIDS.RecordValidator.validate(DIDS.RawRecord(fields: fields))
        print("\(DIDS.DataSet.name) \(DIDS.DataSet.version): source setting = \(dids.record.referral.patientSourceSettingTypeDiagnosticImaging?.meaning ?? "?")")
        for finding in dids.findings where finding.level == .recordRejection {
            print("  \(finding.code): \(finding.message)")
        }
        let ok = clinic.findings.isEmpty && dids.findings.contains { DIDS.RuleCode(rawValue: $0.code) == .dids070 }
        if !ok { fatalError("generated validators did not behave as their specs say") }
    }
}
