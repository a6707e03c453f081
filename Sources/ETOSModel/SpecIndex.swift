/// Constant-time look-ups into a ``Spec`` (items by UID, code lists by name, rules by item),
/// for stages that look things up once per item or rule.
public struct SpecIndex: Sendable {
    public let spec: Spec
    private let itemsByUID: [String: DataItem]
    private let listsByName: [String: CodeList]
    private let rulesByItem: [String: [Rule]]

    public init(_ spec: Spec) {
        self.spec = spec
        itemsByUID = Dictionary(spec.items.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        listsByName = Dictionary(spec.codeLists.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var byItem: [String: [Rule]] = [:]
        for rule in spec.rules {
            for uid in Set(rule.items) { byItem[uid, default: []].append(rule) }
        }
        rulesByItem = byItem
    }

    public func item(uid: String) -> DataItem? { itemsByUID[uid] }
    public func codeList(named name: String) -> CodeList? { listsByName[name] }
    /// The rules that name this item, in sheet order.
    public func rules(for uid: String) -> [Rule] { rulesByItem[uid] ?? [] }
}
