/// How many of a spec's rules generated code enforces.
public struct Coverage: Sendable {
    /// Rules enforced from the record alone (or with submission facts).
    public let enforced: [String]
    /// Rules enforced through reference data.
    public let referenceData: [String]
    /// Rules not machine-readable, with the reason.
    public let notMachineReadable: [(code: String, reason: String)]
    /// Names of items whose national codes are not checked (their list is not in the workbook).
    public let uncheckedCodes: [String]

    public init(spec: Spec) {
        uncheckedCodes = spec.items.filter { $0.uncheckedCodes != nil }.map(\.name)
        var enforced: [String] = []
        var reference: [String] = []
        var manual: [(String, String)] = []
        for rule in spec.rules {
            switch rule.enforcement {
            case .enforced: enforced.append(rule.code)
            case .referenceData: reference.append(rule.code)
            case .notMachineReadable(let reason): manual.append((rule.code, reason))
            }
        }
        self.enforced = enforced
        self.referenceData = reference
        self.notMachineReadable = manual
    }

    /// `path: coverage: 50 rules enforced, 15 need reference data (…), 1 not machine-readable (…)`;
    /// each list names at most `listed` rules, then how many more there are.
    public func line(for path: String, listed: Int = 20) -> String {
        func list(_ entries: [String], separator: String) -> String {
            let shown = entries.prefix(listed).joined(separator: separator)
            return entries.count > listed ? "\(shown)\(separator)… and \(entries.count - listed) more" : shown
        }
        let manual = list(notMachineReadable.map { "\($0.code): \($0.reason)" }, separator: "; ")
        return "\(path): coverage: \(enforced.count) rule\(enforced.count == 1 ? "" : "s") enforced, "
            + "\(referenceData.count) need\(referenceData.count == 1 ? "s" : "") reference data" + (referenceData.isEmpty ? ", " : " (\(list(referenceData, separator: ", "))), ")
            + "\(notMachineReadable.count) not machine-readable" + (manual.isEmpty ? "" : " (\(manual))")
            + (uncheckedCodes.isEmpty ? "" : "; national codes not checked for \(uncheckedCodes.count) item\(uncheckedCodes.count == 1 ? "" : "s") (\(list(uncheckedCodes, separator: ", ")))")
    }
}
