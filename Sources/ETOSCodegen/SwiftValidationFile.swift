import ETOSModel

extension SwiftEmitter {
    /// `ETOSValidation.swift`: the public validators (``recordValidator(_:)``,
    /// ``submissionValidator(_:)``) and, behind the generated-code SPI, what they run: item
    /// checks, rule operands, one function per rule, and which rules can run.
    func validation() -> String {
        var w = header("Validation")
        validators(&w)
        return w.text
    }

    /// The declarations of `ETOSValidation.swift`.
    func validators(_ w: inout SourceWriter) {
        recordValidator(&w)
        w.line()
        submissionValidator(&w)
        w.line()
        itemChecks(&w)
        w.line()
        ruleOperands(&w)
        w.line()
        ruleFunctions(&w)
        w.line()
        runnableRules(&w)
    }

    private func itemChecks(_ w: inout SourceWriter) {
        w.doc("""
        The checks each item's Format, Mandation and National Codes imply. A check carries the
        code of the rule row that states it; checks no rule states carry a derived code:
        ETOS-MAN-<UID> mandatory item blank, ETOS-FMT-<UID> value not in the item's format,
        ETOS-CODE-<UID> value not a national code. One object holds them all, so a record's
        checks fetch one shared constant, not one per item.
        """)
        w.block("\(Self.spi) public final class ItemChecks: Sendable") { w in
            w.doc("Every item's checks, made once.")
            w.line("public static let all = ItemChecks()")
            w.line("private init() {}")
            w.line()
            for item in plan.items {
                w.doc("\(item.item.name) (\(item.item.uid)). Spec: \(cellText(item.item.location)).")
                w.directive(sourceLocation(item.item.location))
                w.line("public let \(item.property) = \(checkInitialiser(item))")
                w.directive("#sourceLocation()")
            }
        }
    }

    private func checkInitialiser(_ item: SwiftPlan.Item) -> String {
        guard let checks = plan.checks.items[item.item.uid] else { preconditionFailure("no check plan for \(item.item.uid)") }
        let missing = checks.missing.map(kind) ?? "nil"
        var arguments = "uid: \(SwiftNames.literal(item.item.uid)), shape: .\(item.item.format.kind.rawValue), minLength: \(checks.minLength), maxLength: \(checks.maxLength), missing: \(missing), format: \(kind(checks.format))"
        if let code = checks.code {
            arguments += ", code: " + kind(code)
        }
        if item.read == .code {
            arguments += ", codes: \(item.type).allCases.map(\\.rawValue)"
        }
        if checks.lettersAndDigitsOnly {
            arguments += ", lettersAndDigitsOnly: true"
        }
        if let fraction = item.item.format.fraction {
            arguments += ", fractionDigits: \(fraction.min)...\(fraction.max)"
        }
        return "\(SwiftNames.runtime("ItemCheck"))(\(arguments))"
    }

    /// Items rules read as dates or timestamps, in submission order; a timestamp item whose
    /// offset a rule checks is read once for it too.
    var temporalItems: [SwiftPlan.Item] {
        let used = Set(plan.recordRules.flatMap { ($0.check.temporalFields + SwiftRuleRenderer.offsetFields($0.check)).map(\.field.uid) })
        return plan.items.filter { used.contains($0.item.uid) }
    }

    /// The temporal items whose item check yields the value rules compare (a date read as a
    /// date, a timestamp as a timestamp): `RuleOperands` takes those typed.
    var typedTemporalItems: [SwiftPlan.Item] {
        guard !readsTemporalsFromText else { return [] }
        return temporalItems.filter { item in
            switch (item.read, item.item.format.kind) {
            case (.date, .date), (.timestamp, .timestamp): true
            default: false
            }
        }
    }

    func ruleOperands(_ w: inout SourceWriter) {
        let temporal = SwiftNames.runtime("TemporalValue")
        w.doc("The dates and timestamps rules compare, each read once per record. A nil value is blank or unreadable: rules using it are skipped (its own format rule reports it).")
        w.block("\(Self.spi) public struct RuleOperands: Sendable") { w in
            for item in temporalItems {
                w.doc("\(item.item.name) (\(item.item.uid)).")
                w.line("public let \(item.property): \(temporal)?")
            }
            w.line()
            w.doc("Reuses the values the item checks read; reads the text again only where an item check gave nothing for a value a rule can still read (a timestamp longer than its format).")
            let typed = typedTemporalItems
            let typedUIDs = Set(typed.map(\.item.uid))
            let parameters = typed.map { ", \($0.property): \($0.read == .date ? $0.type : temporal)?" }.joined()
            w.block("public init(_ r: RawFields\(parameters))") { w in
                for item in temporalItems {
                    let text = "\(temporal)(r.\(item.property), \(item.item.format.kind == .timestamp ? ".timestamp" : ".date"))"
                    if !typedUIDs.contains(item.item.uid) {
                        w.line("self.\(item.property) = \(text)")
                    } else if item.read == .date {
                        w.line("self.\(item.property) = \(item.property).map(\(temporal).init(date:))")
                    } else {
                        w.line("self.\(item.property) = \(item.property) ?? \(text)")
                    }
                }
            }
        }
    }

    /// The dates rules compare with, in order of first use.
    private var dateLiterals: [String] {
        var seen = Set<String>()
        return plan.recordRules.flatMap { SwiftRuleRenderer.dates(in: $0.check) }.filter { seen.insert($0).inserted }
    }

    func ruleFunctions(_ w: inout SourceWriter) {
        let runtime = SwiftNames.runtime
        w.doc("One function per rule the generated code checks record by record, and the finding each reports.")
        w.block("\(Self.spi) public enum Rules") { w in
            for iso in dateLiterals {
                w.line("private static let \(SwiftRuleRenderer.dateConstant(iso)) = \(runtime("ISODate"))(parsing: \(SwiftNames.literal(iso)))!")
            }
            if !dateLiterals.isEmpty { w.line() }
            for rule in plan.recordRules {
                w.doc(ruleDoc(rule.rule))
                w.directive(sourceLocation(rule.rule.location))
                w.block("public static func \(rule.name)(_ r: RawFields, _ t: RuleOperands, _ c: \(runtime("ValidationContext"))) -> \(runtime("RuleVerdict"))") { w in
                    for line in rules.body(rule.check, rule.rule.code) { w.line(line) }
                }
                w.directive("#sourceLocation()")
                w.line("public static let \(rule.name)Finding = \(kind(rule.rule.code, rule.rule.level, spec.findingMessage(for: rule.rule)))")
                if let regex = SwiftRuleRenderer.pattern(in: rule.check) {
                    w.line("private static let \(rule.name)Pattern = \(runtime("Pattern"))(\(SwiftNames.literal(regex)))")
                }
                for list in rules.lists.declarations[rule.name] ?? [] {
                    let values = list.kind == .values ? strings(list.values) : "\(runtime("CodeSet"))(\(strings(list.values)))"
                    w.line("private static let \(list.name): \(list.kind == .values ? "[String]" : runtime("CodeSet")) = \(values)")
                }
                w.line()
            }
            for rule in plan.fileRules {
                w.doc(ruleDoc(rule.rule))
                w.line("public static let \(rule.name)Finding = \(kind(rule.rule.code, rule.rule.level, spec.findingMessage(for: rule.rule)))")
            }
            w.line()
            w.doc("Rules the generated code does not check, with the reason.")
            if plan.unenforced.isEmpty {
                w.line("public static let notEnforced: [\(runtime("UnenforcedRule"))] = []")
            } else {
                w.line("public static let notEnforced: [\(runtime("UnenforcedRule"))] = [")
                for entry in plan.unenforced {
                    w.line("    \(runtime("UnenforcedRule"))(code: \(SwiftNames.literal(entry.rule.code)), reason: \(SwiftNames.literal(entry.reason))),")
                }
                w.line("]")
            }
        }
    }

    /// A record rule that needs a reference data set or a submission fact: its function name,
    /// code, and the Swift condition, on `context`, under which it can run.
    struct RuleNeed {
        let name: String
        let code: String
        let canRun: String
    }

    /// The record rules that need a reference data set or a submission fact, in the order rules are checked.
    var needs: [RuleNeed] {
        plan.recordRules.compactMap { rule in
            let given = rule.lowered.referenceDatasets.map { "context.hasReferenceData(\(SwiftNames.literal($0)))" }
                + rule.lowered.submissionFacts.map { "context.submission.\($0.rawValue) != nil" }
            return given.isEmpty ? nil : RuleNeed(name: rule.name, code: rule.rule.code, canRun: given.joined(separator: " && "))
        }
    }

    /// `RunnableRules`: which rules needing reference data or submission facts can run with a
    /// context, and the codes of those that cannot.
    func runnableRules(_ w: inout SourceWriter) {
        w.doc("Which rules needing reference data or submission facts can run with a context, worked out once for a run. The others are not checked, and every record lists them as not run.")
        w.block("\(Self.spi) public struct RunnableRules: Sendable") { w in
            let needs = needs
            for need in needs {
                w.line("let \(need.name): Bool")
            }
            w.doc("The codes of the rules that cannot run, in the order rules are checked.")
            w.line("public let notRun: [String]")
            w.line()
            w.block("public init(_ context: \(SwiftNames.runtime("ValidationContext")))") { w in
                for need in needs {
                    w.line("\(need.name) = \(need.canRun)")
                }
                if needs.isEmpty {
                    w.line("notRun = []")
                } else {
                    w.line("var notRun: [String] = []")
                    for need in needs {
                        w.line("if !\(need.name) { notRun.append(\(SwiftNames.literal(need.code))) }")
                    }
                    w.line("self.notRun = notRun")
                }
            }
        }
    }
}
