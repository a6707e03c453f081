import ETOSModel

/// The checks of a spec as another engine runs them: one entry per finding code the
/// generated validator can report, with the SQL predicate that holds when a record passes,
/// and the rules left out with the reason. Shared by the dischema and Table Schema exports.
public struct ExportPlan {
    /// One check with the code, level and message the generated validator reports.
    public struct ExportedCheck {
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
        /// The reference tables the test looks codes up in.
        public var reads: [ReferenceEntity] = []
    }

    /// A rule with no export, and why.
    public struct Omission: Hashable {
        public var code: String
        public var level: FindingLevel
        public var reason: String
    }

    /// The column name used for each item (UID → lower-case SQL identifier), in position order.
    public let columns: [(uid: String, name: String)]
    public let checks: [ExportedCheck]
    /// Which rule states each item check (the Table Schema's field constraints read it).
    public let checkPlan: CheckPlan
    public let omitted: [Omission]
    /// Template parameters that some exported check reads.
    public let parameters: [String]
    /// The reference tables some exported check reads, sorted by name.
    public let referenceEntities: [ReferenceEntity]
    /// Columns a step adds before the filters run (name, SQL): the dates reference-data
    /// lookups compare with, each worked out once a record rather than in every lookup.
    public let derivedColumns: [(name: String, sql: String)]


    /// The plan of `spec`'s checks, their SQL in `dialect`.
    public init(spec: Spec, dialect: SQLDialect = .duckdb) {
        var used = ReferenceEntity.reservedColumns
        var columns: [(String, String)] = []
        for item in spec.items {
            var name = ExportPlan.identifier(item.name)
            if used.contains(name) { name += "_\(item.position)" }
            used.insert(name)
            columns.append((item.uid, name))
        }
        self.columns = columns
        self.columnByUID = Dictionary(uniqueKeysWithValues: columns)
        let plan = CheckPlan(spec: spec)
        // The dates reference-data lookups read, each a column of its own.
        let plain = SQLRuleTranslator(spec: spec, columns: columnByUID, dialect: dialect)
        var derived: [(name: String, sql: String)] = []
        var dateColumns: [String: String] = [:]
        for lowered in plan.records {
            for field in SQLRuleTranslator.lookupDates(of: lowered.check) where dateColumns[field.field.uid] == nil {
                guard let sql = try? plain.date(of: field) else { continue }
                let name = "__etos_date_\(columnByUID[field.field.uid] ?? ExportPlan.identifier(field.field.uid))"
                dateColumns[field.field.uid] = name
                derived.append((name, sql))
            }
        }
        self.derivedColumns = derived
        let translator = SQLRuleTranslator(spec: spec, columns: columnByUID, dialect: dialect, dateColumns: dateColumns)
        self.checkPlan = plan
        let index = SpecIndex(spec)
        var checks: [ExportedCheck] = []
        for item in spec.items {
            guard let itemPlan = plan.items[item.uid] else { continue }
            if let missing = itemPlan.missing {
                checks.append(ExportedCheck(code: missing.code, level: missing.level, message: missing.message, items: [item.uid],
                                    test: .record(sql: translator.isPopulated(item.uid))))
            }
            let fits = translator.fitsFormat(item.uid, minLength: itemPlan.minLength, maxLength: itemPlan.maxLength)
            if let code = itemPlan.code, let list = item.codeList, let codes = index.codeList(named: list)?.codes.map(\.code) {
                let isCode = translator.isCode(item.uid, codes: codes, minLength: itemPlan.minLength, maxLength: itemPlan.maxLength)
                if code.code == itemPlan.format.code {
                    checks.append(ExportedCheck(code: code.code, level: code.level, message: code.message, items: [item.uid], test: .record(sql: "(\(fits)) AND (\(isCode))")))
                    continue
                }
                checks.append(ExportedCheck(code: itemPlan.format.code, level: itemPlan.format.level, message: itemPlan.format.message, items: [item.uid], test: .record(sql: fits)))
                checks.append(ExportedCheck(code: code.code, level: code.level, message: code.message, items: [item.uid], test: .record(sql: isCode)))
            } else {
                checks.append(ExportedCheck(code: itemPlan.format.code, level: itemPlan.format.level, message: itemPlan.format.message, items: [item.uid], test: .record(sql: fits)))
            }
        }
        var omitted: [Omission] = []
        var facts: Set<RuleExpression.SubmissionFact> = []
        var references: Set<ReferenceEntity> = []
        let records = Dictionary(plan.records.map { ($0.rule.code, $0) }, uniquingKeysWith: { first, _ in first })
        let unique = Dictionary(plan.fileRules.compactMap { rule -> (String, [Check.Field])? in
            if case .unique(let rule, let key) = rule { return (rule.code, key) }
            return nil
        }, uniquingKeysWith: { first, _ in first })
        let unenforced = Dictionary(plan.unenforced.map { ($0.rule.code, $0.reason) }, uniquingKeysWith: { first, _ in first })
        // In sheet order, as the checks are listed.
        for rule in spec.rules where !plan.absorbed.contains(rule.code) {
            let message = spec.findingMessage(for: rule)
            if let reason = unenforced[rule.code] {
                omitted.append(Omission(code: rule.code, level: rule.level, reason: "not machine-readable: \(reason)"))
            } else if let key = unique[rule.code]?.map(\.uid) {
                checks.append(ExportedCheck(code: rule.code, level: rule.level, message: message, items: key,
                                    test: .unique(items: key, notRepeatedSQL: translator.keyNotRepeated(key))))
            } else if let lowered = records[rule.code] {
                do {
                    let reads = ReferenceEntity.read(by: lowered.check)
                    checks.append(ExportedCheck(code: rule.code, level: rule.level, message: message, items: rule.items,
                                                test: .record(sql: try translator.passes(lowered.check)), reads: reads))
                    facts.formUnion(lowered.submissionFacts)
                    references.formUnion(reads)
                } catch {
                    omitted.append(Omission(code: rule.code, level: rule.level, reason: error.reason))
                }
            } else if rule.ast?.isFileLevel == true {
                omitted.append(Omission(code: rule.code, level: rule.level, reason: "the field count is the CSV reader's structure check, not a per-record predicate"))
            }
        }
        self.checks = checks
        self.omitted = omitted
        self.referenceEntities = references.sorted()
        self.parameters = SQLRuleTranslator.parameterNames.filter { name in
            facts.contains { SQLRuleTranslator.parameterName(of: $0) == name }
        }
    }

    private let columnByUID: [String: String]

    /// The column name of an item.
    public func column(_ uid: String) -> String? { columnByUID[uid] }

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
