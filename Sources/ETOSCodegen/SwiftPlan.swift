import ETOSModel

/// Every Swift name the emitter uses for a spec, decided once so the files agree.
struct SwiftPlan {
    struct Item {
        let item: DataItem
        /// Property name in the raw record and in its group struct.
        let property: String
        /// Swift type of the typed value (without `?`).
        let type: String
        /// The `ItemCheck` method that produces it.
        let checkCall: String
        let codeList: CodeListPlan?
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
        let cases: [(code: CodeList.Code, name: String)]
    }

    static let reservedTypes: Set<String> = ["Record", "RawRecord", "RawFields", "RecordFields", "FieldBytes", "RecordValidator", "ItemChecks", "DataSet", "Finding", "String"]

    /// A rule the generated code checks, with its function name.
    struct RulePlan {
        let rule: Rule
        let ast: RuleExpression
        let name: String
    }

    let spec: Spec
    let index: SpecIndex
    let groups: [GroupPlan]
    let codeLists: [CodeListPlan]
    let items: [Item]
    let checks: CheckPlan
    /// Rules checked record by record (not carried by an item check), in sheet order.
    let recordRules: [RulePlan]
    /// Rules checked across the file (field count, uniqueness).
    let fileRules: [RulePlan]
    /// Rules not checked, with the reason.
    let unenforced: [(Rule, String)]
    private let propertyByUID: [String: String]
    private let ruleNames: [String: String]

    init(spec: Spec) {
        self.spec = spec
        let index = SpecIndex(spec)
        self.index = index
        var types = NameScope(reserved: SwiftPlan.reservedTypes)
        var lists: [String: CodeListPlan] = [:]
        var listPlans: [CodeListPlan] = []
        for list in spec.codeLists {
            let typeName = types.claim(SwiftNames.typeName(list.name), suffix: "Code")
            var caseNames = NameScope(reserved: ["init", "rawValue", "allCases", "description"])
            let cases = list.codes.map { code in
                (code, caseNames.claim(SwiftNames.memberName(code.description, maxWords: 6), suffix: "_" + SwiftNames.typeName(code.code)))
            }
            let plan = CodeListPlan(list: list, typeName: typeName, cases: cases)
            lists[list.name] = plan
            listPlans.append(plan)
        }
        var properties = NameScope(reserved: ["fields", "init"])
        var groupProperties = NameScope(reserved: ["raw"])
        var allItems: [Item] = []
        var groupPlans: [GroupPlan] = []
        for group in spec.groups {
            let typeName = types.claim(SwiftNames.typeName(group.name), suffix: "Group")
            let members = group.items.compactMap { index.item(uid: $0) }.map { item -> Item in
                let property = properties.claim(SwiftNames.memberName(item.name), suffix: SwiftNames.typeName(item.uid))
                let list = item.codeList.flatMap { lists[$0] }
                let (type, call): (String, String)
                if let list {
                    (type, call) = (list.typeName, "code")
                } else {
                    switch item.format.kind {
                    case .alphanumeric: (type, call) = ("String", "text")
                    case .numeric: (type, call) = ("DigitString", "digits")
                    case .date: (type, call) = ("ISODate", "date")
                    case .time: (type, call) = ("TimeOfDay", "time")
                    case .timestamp: (type, call) = ("Timestamp", "timestamp")
                    case .decimal: (type, call) = ("String", "decimal")
                    }
                }
                return Item(item: item, property: property, type: type, checkCall: call, codeList: list)
            }
            allItems += members
            groupPlans.append(GroupPlan(group: group, typeName: typeName, property: groupProperties.claim(SwiftNames.memberName(group.name), suffix: "Group"), items: members))
        }
        self.groups = groupPlans
        self.codeLists = listPlans
        self.items = allItems.sorted { $0.item.position < $1.item.position }
        propertyByUID = Dictionary(allItems.map { ($0.item.uid, $0.property) }, uniquingKeysWith: { first, _ in first })

        checks = CheckPlan(spec: spec)
        var functionNames = NameScope(reserved: ["notEnforced"])
        var names: [String: String] = [:]
        var file: [RulePlan] = []
        var unenforced: [(Rule, String)] = []
        for rule in spec.rules {
            guard rule.enforcement.isEnforced, let ast = rule.ast else {
                if case .notMachineReadable(let reason) = rule.enforcement { unenforced.append((rule, reason)) }
                continue
            }
            let name = functionNames.claim(SwiftNames.memberName(rule.code), suffix: "Rule")
            names[rule.code] = name
            if ast.isFileLevel { file.append(RulePlan(rule: rule, ast: ast, name: name)) }
        }
        recordRules = CheckPlan.recordRules(of: spec, plan: checks).map { RulePlan(rule: $0, ast: $0.ast!, name: names[$0.code]!) }
        fileRules = file
        self.unenforced = unenforced
        ruleNames = names
    }

    /// The items that identify a record in reports: those of the first uniqueness rule.
    var keyItems: [String] {
        for rule in fileRules { if case .unique(let items) = rule.ast { return items } }
        return []
    }

    /// The Swift property of an item.
    func property(_ uid: String) -> String { propertyByUID[uid] ?? "unknown" }

    /// The Swift function name of a rule.
    func ruleName(_ code: String) -> String { ruleNames[code] ?? "unknown" }
}
