import ETOSModel

extension SwiftEmitter {
    /// One code a finding of this spec can carry: a validation row, or a check an item's
    /// format, mandation or national codes imply that no row states (a derived `ETOS-…` code).
    struct RuleCodeCase {
        let code: String
        let name: String
        let level: FindingLevel
        let sentence: String
        let message: String
        let location: SourceLocation
        let status: RuleCodeStatus?
        let isDerived: Bool
        let isChecked: Bool
    }

    /// Every code, the validation rows in sheet order then the derived codes in item order.
    var ruleCodeCases: [RuleCodeCase] {
        var names = NameScope(reserved: SwiftPlan.reservedCases.union(["level", "sentence", "message", "specCell", "status", "isDerived", "isChecked"]))
        var seen = Set<String>()
        var cases: [RuleCodeCase] = []
        for rule in spec.rules where seen.insert(rule.code).inserted {
            cases.append(RuleCodeCase(code: rule.code, name: names.claim(SwiftNames.memberName(rule.code), suffix: "Rule"), level: rule.level,
                                      sentence: rule.text, message: spec.findingMessage(for: rule), location: rule.location,
                                      status: rule.codeStatus, isDerived: false, isChecked: rule.enforcement.isEnforced))
        }
        for item in plan.items {
            guard let checks = plan.checks.items[item.item.uid] else { continue }
            for stated in [checks.missing, checks.format, checks.code].compactMap({ $0 }) where stated.rule == nil && seen.insert(stated.code).inserted {
                cases.append(RuleCodeCase(code: stated.code, name: names.claim(SwiftNames.memberName(stated.code), suffix: "Check"), level: stated.level,
                                          sentence: stated.message, message: stated.message, location: item.item.location,
                                          status: nil, isDerived: true, isChecked: true))
            }
        }
        return cases
    }

    /// `ETOSRuleCodes.swift`: `RuleCode`, one case per code a finding can carry.
    func ruleCodes() -> String {
        var w = header("Rule codes")
        let cases = ruleCodeCases
        w.doc("""
        The rules of \(spec.dataSet.shortName) \(spec.dataSet.version): one case per validation row of the ETOS, then one per
        check an item's format, mandation or national codes imply that no row states (a derived
        `ETOS-MAN-`, `ETOS-FMT-` or `ETOS-CODE-` code). The raw value is the code a finding carries:
        `RuleCode(rawValue: finding.code)`.
        """)
        w.block("public enum RuleCode: String, CaseIterable, Hashable, Sendable, Codable") { w in
            for entry in cases {
                w.doc("\(entry.code) (\(entry.level.title.lowercased())): “\(SwiftNames.comment(entry.sentence))”\nSpec: \(cellText(entry.location)).")
                w.line("case \(entry.name) = \(SwiftNames.literal(entry.code))")
            }
            w.line()
            w.doc("What a finding of the rule costs the submitter.")
            w.line("public var level: \(SwiftNames.runtime("FindingLevel")) { facts.level }")
            w.doc("The rule as the spec states it.")
            w.line("public var sentence: String { facts.sentence }")
            w.doc("The error message the rule's findings carry.")
            w.line("public var message: String { facts.message }")
            w.doc("The spec cell that states the rule (`Sheet!A4`), or the item a derived check comes from.")
            w.line("public var specCell: String { facts.specCell }")
            w.doc("Whether the code is NHS England's or the spec authors' own, as the Code Status column says (nil when it says nothing, and for derived codes).")
            w.line("public var status: \(SwiftNames.runtime("RuleCodeStatus"))? { facts.status }")
            w.doc("Whether the code is derived from an item's format, mandation or national codes rather than stated by a validation row.")
            w.line("public var isDerived: Bool { facts.isDerived }")
            w.doc("Whether the generated validators check the rule (false for a sentence that is not machine-readable).")
            w.line("public var isChecked: Bool { facts.isChecked }")
            w.line()
            w.block("private struct Facts") { w in
                w.line("let level: \(SwiftNames.runtime("FindingLevel"))")
                w.line("let sentence: String")
                w.line("let message: String")
                w.line("let specCell: String")
                w.line("let status: \(SwiftNames.runtime("RuleCodeStatus"))?")
                w.line("let isDerived: Bool")
                w.line("let isChecked: Bool")
            }
            w.line()
            w.block("private var facts: Facts") { w in
                w.line("switch self {")
                for entry in cases {
                    let status = entry.status.map { $0 == .official ? ".official" : ".local" } ?? "nil"
                    w.line("case .\(entry.name): Facts(level: \(level(entry.level)), sentence: \(SwiftNames.literal(entry.sentence)), message: \(SwiftNames.literal(entry.message)), specCell: \(SwiftNames.literal(cellText(entry.location))), status: \(status), isDerived: \(entry.isDerived), isChecked: \(entry.isChecked))")
                }
                w.line("}")
            }
        }
        return w.text
    }
}
