import ETOSModel

/// The constant lists record rules compare with (codes, time-zone offsets, a condition's
/// values), each declared once as a static constant of the generated `Rules`: an array
/// literal inside a rule function would be built again for every record.
///
/// A list is declared after the first rule using it and named after that rule
/// (`didsx001Offsets`); later rules with the same list use the same constant.
struct RuleListConstants {
    enum Kind: String {
        case codes = "Codes", offsets = "Offsets", values = "Values"

        /// The constant's Swift type: code and offset lists are matched as a ``CodeSet``.
        var type: String { self == .values ? "[String]" : "CodeSet" }
    }

    struct Declaration {
        let name: String
        let kind: Kind
        let values: [String]
    }

    private struct Key: Hashable {
        let kind: Kind
        let values: [String]
    }

    /// Rule function name → the lists it declares, in order of use.
    private(set) var declarations: [String: [Declaration]] = [:]
    private var names: [Key: String] = [:]

    init(rules: [(name: String, check: Check)]) {
        for rule in rules {
            for (kind, values) in Self.lists(in: rule.check) where names[Key(kind: kind, values: values)] == nil {
                let taken = declarations[rule.name, default: []].filter { $0.kind == kind }.count
                let name = rule.name + kind.rawValue + (taken == 0 ? "" : String(taken + 1))
                names[Key(kind: kind, values: values)] = name
                declarations[rule.name, default: []].append(Declaration(name: name, kind: kind, values: values))
            }
        }
    }

    /// The constant holding `values`.
    func name(_ kind: Kind, _ values: [String]) -> String {
        guard let name = names[Key(kind: kind, values: values)] else {
            preconditionFailure("list \(values) was not collected from the rules")
        }
        return name
    }

    private static func lists(in check: Check) -> [(Kind, [String])] {
        switch check {
        case .oneOf(_, let codes, nil): [(.codes, codes)]
        case .timeZoneOffset(_, let allowed): [(.offsets, allowed)]
        case .when(let condition, let then): lists(in: condition) + lists(in: then)
        case .forbidden(let condition): lists(in: condition)
        default: []
        }
    }

    private static func lists(in condition: Check.Condition) -> [(Kind, [String])] {
        switch condition {
        case .equals(_, let values): [(.values, values)]
        case .not(let inner): lists(in: inner)
        case .satisfies(let check): lists(in: check)
        case .populated, .blank, .startsWith: []
        }
    }
}
