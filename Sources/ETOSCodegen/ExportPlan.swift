import ETOSModel

/// The checks of a spec as another engine runs them: one entry per finding code the
/// generated validator can report, with the SQL predicate that holds when a record passes,
/// and the rules left out with the reason. Shared by the dischema and Table Schema exports.
public struct ExportPlan {
    /// One check with the code, level and message the generated validator reports.
    public struct Check {
        public enum Test {
            /// A predicate on one record's columns.
            case record(sql: String)
            /// A key that must be unique in the file; `notRepeatedSQL` is true where no other
            /// record has the record's key.
            case unique(items: [String], notRepeatedSQL: String)
        }

        public var code: String
        public var level: FindingLevel
        public var message: String
        /// UIDs the finding names.
        public var items: [String]
        public var test: Test
    }

    /// A rule with no export, and why.
    public struct Omission: Hashable {
        public var code: String
        public var level: FindingLevel
        public var reason: String
    }

    /// The column name used for each item (UID → lower-case SQL identifier), in position order.
    public let columns: [(uid: String, name: String)]
    public let checks: [Check]
    /// Which rule states each item check (the Table Schema's field constraints read it).
    public let checkPlan: CheckPlan
    public let omitted: [Omission]
    /// Template parameters that some exported check reads.
    public let parameters: [String]


    public init(spec: Spec) {
        var used: Set<String> = []
        var columns: [(String, String)] = []
        for item in spec.items {
            var name = ExportPlan.identifier(item.name)
            if used.contains(name) { name += "_\(item.position)" }
            used.insert(name)
            columns.append((item.uid, name))
        }
        self.columns = columns
        self.columnByUID = Dictionary(uniqueKeysWithValues: columns)
        let translator = SQLRuleTranslator(spec: spec, columns: columnByUID)
        let plan = CheckPlan(spec: spec)
        self.checkPlan = plan
        let index = SpecIndex(spec)
        var checks: [Check] = []
        for item in spec.items {
            guard let itemPlan = plan.items[item.uid] else { continue }
            if let missing = itemPlan.missing {
                checks.append(Check(code: missing.code, level: missing.level, message: missing.message, items: [item.uid],
                                    test: .record(sql: translator.isPopulated(item.uid))))
            }
            let fits = translator.fitsFormat(item.uid, minLength: itemPlan.minLength, maxLength: itemPlan.maxLength)
            if let code = itemPlan.code, let list = item.codeList, let codes = index.codeList(named: list)?.codes.map(\.code) {
                let isCode = translator.isCode(item.uid, codes: codes, minLength: itemPlan.minLength, maxLength: itemPlan.maxLength)
                if code.code == itemPlan.format.code {
                    checks.append(Check(code: code.code, level: code.level, message: code.message, items: [item.uid], test: .record(sql: "(\(fits)) AND (\(isCode))")))
                    continue
                }
                checks.append(Check(code: itemPlan.format.code, level: itemPlan.format.level, message: itemPlan.format.message, items: [item.uid], test: .record(sql: fits)))
                checks.append(Check(code: code.code, level: code.level, message: code.message, items: [item.uid], test: .record(sql: isCode)))
            } else {
                checks.append(Check(code: itemPlan.format.code, level: itemPlan.format.level, message: itemPlan.format.message, items: [item.uid], test: .record(sql: fits)))
            }
        }
        var omitted: [Omission] = []
        let recordRules = Set(CheckPlan.recordRules(of: spec, plan: plan).map(\.code))
        for rule in spec.rules where !plan.absorbed.contains(rule.code) {
            let message = rule.message ?? rule.text
            guard let ast = rule.ast, rule.enforcement.isEnforced else {
                if case .notMachineReadable(let reason) = rule.enforcement {
                    omitted.append(Omission(code: rule.code, level: rule.level, reason: "not machine-readable: \(reason)"))
                }
                continue
            }
            if case .unique(let items) = ast {
                checks.append(Check(code: rule.code, level: rule.level, message: message, items: items,
                                    test: .unique(items: items, notRepeatedSQL: translator.keyNotRepeated(items))))
                continue
            }
            guard recordRules.contains(rule.code) || ast.isFileLevel else { continue }
            do {
                checks.append(Check(code: rule.code, level: rule.level, message: message, items: rule.items, test: .record(sql: try translator.passes(ast))))
            } catch {
                omitted.append(Omission(code: rule.code, level: rule.level, reason: error.reason))
            }
        }
        self.checks = checks
        self.omitted = omitted
        var facts: Set<String> = []
        let left = Set(omitted.map(\.code))
        for rule in spec.rules where rule.enforcement.isEnforced && !left.contains(rule.code) {
            if let ast = rule.ast { ExportPlan.collectFacts(ast, into: &facts) }
        }
        self.parameters = SQLRuleTranslator.parameterNames.filter(facts.contains)
    }

    private let columnByUID: [String: String]

    /// The column name of an item.
    public func column(_ uid: String) -> String? { columnByUID[uid] }

    /// The template parameters the SQL of `expression` reads (see ``SQLRuleTranslator``).
    private static func collectFacts(_ expression: RuleExpression, into facts: inout Set<String>) {
        func add(_ operand: RuleExpression.Operand) {
            switch operand {
            case .submissionDate, .submissionMonthStart: facts.insert("submission_date")
            case .reportingPeriodStart: facts.insert("reporting_period_start")
            case .reportingPeriodEnd: facts.insert("reporting_period_end")
            case .item, .date: break
            }
        }
        switch expression {
        case .compare(_, _, let operand), .within(_, _, _, _, let operand): add(operand)
        default: for nested in expression.nested { collectFacts(nested, into: &facts) }
        }
    }

    /// `SITE CODE (OF IMAGING)` → `site_code_of_imaging`.
    static func identifier(_ name: String) -> String {
        var result = ""
        for character in name.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                result.append(character)
            } else if !result.isEmpty, result.last != "_" {
                result.append("_")
            }
        }
        while result.hasSuffix("_") { result.removeLast() }
        if result.isEmpty || result.first!.isNumber { result = "item_" + result }
        return result
    }
}
