import ETOSModel

/// Every Swift name the emitter uses for a spec, decided once so the files agree.
struct SwiftPlan {
    /// The `ItemCheck` method that reads an item's value, and so the runtime type it gives.
    enum ItemRead: String {
        case text, digits, decimal, date, time, timestamp, code

        /// The read for an item of `kind` without a code list.
        init(_ kind: ValueKind) {
            switch kind {
            case .alphanumeric: self = .text
            case .numeric: self = .digits
            case .decimal: self = .decimal
            case .date: self = .date
            case .time: self = .time
            case .timestamp: self = .timestamp
            }
        }

        /// The Swift type the read gives (a code-list item's type is its enum's).
        var runtimeType: String {
            switch self {
            case .text, .decimal: "String"
            case .digits: SwiftNames.runtime("DigitString")
            case .date: SwiftNames.runtime("ISODate")
            case .time: SwiftNames.runtime("TimeOfDay")
            case .timestamp: SwiftNames.runtime("Timestamp")
            case .code: preconditionFailure("a code-list item's type is its enum")
            }
        }
    }

    struct Item {
        let item: DataItem
        /// Property name in the raw record and in its group struct.
        let property: String
        /// Swift type of the typed value (without `?`).
        let type: String
        /// The `ItemCheck` method that reads it.
        let read: ItemRead
        let codeList: CodeListPlan?
        /// Whether the typed value is an `NHSNumber` (the spec checks the item's Modulus 11
        /// check digit): made from the digits only when they pass.
        let isNHSNumber: Bool
    }

    struct GroupPlan {
        let group: Group
        let typeName: String
        /// Property of the whole record holding this group.
        let property: String
        let items: [Item]
    }

    struct CodeListPlan {
        let list: CodeList
        let typeName: String
        /// Case name per code, in list order.
        let cases: [CodeCase]
    }

    /// One code of a code list and its Swift case name.
    struct CodeCase {
        let code: CodeList.Code
        let name: String
    }

    /// A record rule the generated code checks, with its function name.
    struct RulePlan {
        let lowered: CheckPlan.RecordRule
        let name: String

        var rule: Rule { lowered.rule }
        var check: Check { lowered.check }
    }

    /// A file-level rule, with the name its finding constant takes.
    struct FileRulePlan {
        let lowered: CheckPlan.FileRule
        let name: String

        var rule: Rule { lowered.rule }
    }

    /// Names a generated type must not take: the generated module's own types, the runtime's
    /// public types (a user sees both through `import`), and common Swift and Foundation types.
    static let reservedTypes: Set<String> = [
        // The generated module's own.
        "Record", "RawRecord", "RawFields", "RecordValidator", "SubmissionValidator", "ItemChecks", "RuleOperands",
        "Rules", "RunnableRules", "DataSet", "RuleCode",
        // The runtime's and the shared vocabulary's.
        "ETOSRuntime", "ETOSVocabulary", "Finding", "FindingKind", "FindingLevel", "FindingCount", "ReportedFinding",
        "EarlierFinding", "DataItemInfo", "RecordOutcome", "ValidationContext", "SubmissionContext", "ReferenceData",
        "InMemoryReferenceData", "ReferenceDataFiles", "ReferenceDataError", "ActivePeriod", "SubmissionRun",
        "SubmissionValidating", "SubmissionLayout", "ValidationSummary", "ValidationReport", "UnenforcedRule",
        "ReportWriter", "ReportFormat", "HeaderMode", "TextEncoding", "ByteInput", "FileInput", "MemoryInput",
        "ISODate", "TimeOfDay", "Timestamp", "DigitString", "NHSNumber", "TemporalValue", "Pattern", "CodeSet",
        "FieldBytes", "RecordFields", "RecordFindings", "FileKeys", "UniqueKeys", "RuleChecks", "RuleVerdict",
        "ItemCheck", "ValueKind", "Comparison", "CalendarUnit", "RuleCodeStatus", "NotRunReason",
        // Swift's and Foundation's.
        "String", "Int", "Bool", "Double", "Character", "Array", "Dictionary", "Set", "Optional", "Result", "Error",
        "Never", "Any", "AnyObject", "Type", "Self", "Date", "Data", "URL", "Decimal", "Calendar", "TimeZone",
        "DateComponents", "Codable", "Sendable", "Hashable",
    ]

    /// Member names a code-list case must not take (the enum's own members).
    static let reservedCases: Set<String> = ["init", "rawValue", "allCases", "description", "meaning", "hashValue", "self", "Type"]

    /// Member names an item property must not take (the record types' own members).
    static let reservedProperties: Set<String> = ["fields", "init", "self", "hashValue"]

    let spec: Spec
    let index: SpecIndex
    let groups: [GroupPlan]
    let codeLists: [CodeListPlan]
    let items: [Item]
    let checks: CheckPlan
    /// Whether the record holds its items directly: a spec with a single group.
    let isFlat: Bool
    /// Rules checked record by record (not carried by an item check), in sheet order.
    let recordRules: [RulePlan]
    /// Rules checked across the file (field count, uniqueness).
    let fileRules: [FileRulePlan]
    /// Rules not checked, with the reason.
    var unenforced: [CheckPlan.Unenforced] { checks.unenforced }
    /// What naming found: code-list meanings whose names collide.
    let diagnostics: [Diagnostic]
    private let propertyByUID: [String: String]
    private let ruleNames: [String: String]

    init(spec: Spec) {
        self.spec = spec
        let index = SpecIndex(spec)
        self.index = index
        var diagnostics: [Diagnostic] = []
        var types = NameScope(reserved: SwiftPlan.reservedTypes)
        var lists: [String: CodeListPlan] = [:]
        var listPlans: [CodeListPlan] = []
        for list in spec.codeLists {
            let typeName = types.claim(SwiftNames.typeName(list.name), suffix: "Code")
            let (cases, collisions) = Self.caseNames(list)
            diagnostics += collisions
            let plan = CodeListPlan(list: list, typeName: typeName, cases: cases)
            lists[list.name] = plan
            listPlans.append(plan)
        }
        let modulus11Items = Set(spec.rules.compactMap { rule -> String? in
            guard rule.enforcement.isEnforced, case .modulus11(let uid)? = rule.ast else { return nil }
            return uid
        })
        var properties = NameScope(reserved: Self.reservedProperties)
        var groupProperties = NameScope(reserved: ["raw"])
        var allItems: [Item] = []
        var groupPlans: [GroupPlan] = []
        for group in spec.groups {
            let typeName = types.claim(SwiftNames.typeName(group.name), suffix: "Group")
            let members = group.items.compactMap { index.item(uid: $0) }.map { item -> Item in
                let property = properties.claim(SwiftNames.memberName(item.name), suffix: SwiftNames.typeName(item.uid))
                let list = item.codeList.flatMap { lists[$0] }
                let read = list == nil ? ItemRead(item.format.kind) : .code
                let isNHSNumber = read == .digits && modulus11Items.contains(item.uid)
                let type = list?.typeName ?? (isNHSNumber ? SwiftNames.runtime("NHSNumber") : read.runtimeType)
                return Item(item: item, property: property, type: type, read: read, codeList: list, isNHSNumber: isNHSNumber)
            }
            allItems += members
            groupPlans.append(GroupPlan(group: group, typeName: typeName, property: groupProperties.claim(SwiftNames.memberName(group.name), suffix: "Group"), items: members))
        }
        self.groups = groupPlans
        self.isFlat = groupPlans.count == 1
        self.codeLists = listPlans
        self.items = allItems.sorted { $0.item.position < $1.item.position }
        propertyByUID = Dictionary(allItems.map { ($0.item.uid, $0.property) }, uniquingKeysWith: { first, _ in first })

        checks = CheckPlan(spec: spec)
        var functionNames = NameScope(reserved: ["notEnforced"])
        var names: [String: String] = [:]
        for rule in spec.rules where rule.enforcement.isEnforced && rule.ast != nil {
            names[rule.code] = functionNames.claim(SwiftNames.memberName(rule.code), suffix: "Rule")
        }
        recordRules = checks.records.map { RulePlan(lowered: $0, name: names[$0.rule.code]!) }
        fileRules = checks.fileRules.map { FileRulePlan(lowered: $0, name: names[$0.rule.code]!) }
        self.diagnostics = diagnostics
        ruleNames = names
    }

    /// Whole-word case names for a list's codes, and a warning for each meaning whose name
    /// another code of the list already took (both then fall back to names from the code).
    private static func caseNames(_ list: CodeList) -> ([CodeCase], [Diagnostic]) {
        let preferred = list.codes.map { SwiftNames.caseName(meaning: $0.description, code: $0.code) }
        var seen: [String: Int] = [:]
        for name in preferred { seen[name, default: 0] += 1 }
        var diagnostics: [Diagnostic] = []
        var scope = NameScope(reserved: reservedCases)
        var cases: [CodeCase] = []
        for (code, name) in zip(list.codes, preferred) {
            var chosen = name
            if seen[name, default: 0] > 1 || reservedCases.contains(name) {
                chosen = SwiftNames.caseName(code: code.code)
                diagnostics.append(Diagnostic(.warning, "code list \(list.name): the meaning of code '\(code.code)' names the same Swift case as another code's ('\(name)'); the case is named '\(chosen)' after its code instead", at: list.location))
            }
            cases.append(CodeCase(code: code, name: scope.claim(chosen, suffix: "_" + SwiftNames.typeName(code.code))))
        }
        return (cases, diagnostics)
    }

    /// The items that identify a record in reports: those of the first uniqueness rule.
    var keyItems: [String] {
        for rule in fileRules { if case .unique(_, let key) = rule.lowered { return key.map(\.uid) } }
        return []
    }

    /// The Swift property of an item the spec has.
    func property(_ uid: String) -> String {
        guard let property = propertyByUID[uid] else { preconditionFailure("no data item \(uid): the frontend resolves every UID a rule names") }
        return property
    }

    /// The Swift function name of a checked rule.
    func ruleName(_ code: String) -> String {
        guard let name = ruleNames[code] else { preconditionFailure("rule \(code) is not checked by generated code") }
        return name
    }

    /// The path of an item's typed value within `Record` (`patient.nhsNumber`, or the
    /// property alone for a flat record).
    func recordPath(_ item: Item) -> String {
        guard !isFlat else { return item.property }
        guard let group = groups.first(where: { $0.items.contains { $0.item.uid == item.item.uid } }) else {
            preconditionFailure("item \(item.item.uid) is in no group")
        }
        return group.property + "." + item.property
    }
}
