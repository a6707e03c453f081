import ETOSModel

/// Emits a frictionless Table Schema: one field per item in submission order, named as the
/// CSV header names it, with the constraints its Format, Mandation and National Codes give
/// (`required`, `minLength`, `maxLength`, `pattern`, `enum`, dates as `date`) and the
/// uniqueness rule as the primary key. Each field's `x-etos` says which finding code each
/// constraint stands for; rules a Table Schema cannot express are listed in
/// `x-etos-not-expressed` with the reason, not dropped.
public struct TableSchemaEmitter {
    let spec: Spec
    let specPath: String
    let plan: ExportPlan

    public init(spec: Spec, specPath: String) {
        self.spec = spec
        self.specPath = specPath
        self.plan = ExportPlan(spec: spec)
    }

    public static let fileName = "table-schema.json"

    /// The Table Schema; for a relational spec, a tabular Data Package: one resource per
    /// table (its file's schema), each link a `foreignKeys` entry to its parent's key.
    public func document() -> String {
        guard spec.isRelational else {
            var document = schema()
            document.insert(("x-etos-source", .string(specPath)), at: 0)
            return OrderedJSON.object(document).text()
        }
        return dataPackage().text()
    }

    private func dataPackage() -> OrderedJSON {
        let index = SpecIndex(spec)
        let names = { (uids: [String]) -> OrderedJSON in
            let names = uids.compactMap { index.item(uid: $0)?.name }
            return names.count == 1 ? .string(names[0]) : .array(names.map(OrderedJSON.string))
        }
        var resources: [OrderedJSON] = []
        let links = Dictionary(grouping: spec.crossTableRules.filter { if case .existsInTable? = $0.ast { true } else { false } }, by: { $0.table ?? "" })
        for table in spec.tables {
            var schema = TableSchemaEmitter(spec: spec.flatSpec(of: table), specPath: specPath).schema()
            schema.removeAll { $0.0 == "primaryKey" }
            if !table.key.isEmpty { schema.insert(("primaryKey", names(table.key)), at: 2) }
            if let parent = table.parent.flatMap(spec.table(named:)) {
                var foreignKey: [(String, OrderedJSON)] = [("fields", names(table.link)), ("reference", .object([("resource", .string(parent.name)), ("fields", names(parent.key))]))]
                if let codes = links[table.name]?.map(\.code), !codes.isEmpty { foreignKey.append(("x-etos-codes", .array(codes.map(OrderedJSON.string)))) }
                schema.insert(("foreignKeys", .array([.object(foreignKey)])), at: 3)
            }
            var resource: [(String, OrderedJSON)] = [("name", .string(table.name)), ("path", .string("\(table.name).csv")), ("profile", .string("tabular-data-resource"))]
            if let description = table.description { resource.append(("description", .string(description))) }
            resource.append(("schema", .object(schema)))
            resources.append(.object(resource))
        }
        var notExpressed: [OrderedJSON] = []
        for rule in spec.crossTableRules {
            switch rule.ast {
            case .existsInTable?: continue
            case .hasLinkedRecords(let parent, let child)?:
                notExpressed.append(omission(rule.code, rule.level, "each \(parent) record needs a \(child) record: a count across tables, which foreignKeys cannot state"))
            default:
                notExpressed.append(omission(rule.code, rule.level, "compares a record with the record it links to, which a Table Schema cannot state"))
            }
        }
        return .object([
            ("x-etos-source", .string(specPath)),
            ("profile", .string("tabular-data-package")),
            ("name", .string(spec.dataSet.shortName.lowercased())),
            ("title", .string("\(spec.dataSet.name) \(spec.dataSet.version)")),
            ("resources", .array(resources)),
            ("x-etos-not-expressed", .array(notExpressed)),
        ])
    }

    /// The schema of a flat spec's file, its members in order.
    private func schema() -> [(String, OrderedJSON)] {
        let checkPlan = plan.checkPlan
        let index = SpecIndex(spec)
        var fields: [OrderedJSON] = []
        var expressed: Set<String> = []
        for item in spec.items {
            guard let itemPlan = checkPlan.items[item.uid] else { continue }
            var constraints: [(String, OrderedJSON)] = []
            var codes: [(String, OrderedJSON)] = []
            if let missing = itemPlan.missing {
                constraints.append(("required", .bool(true)))
                codes.append(("required", .string(missing.code)))
            }
            let format = itemPlan.format.code
            var type = "string"
            switch item.format.kind {
            case .alphanumeric:
                constraints.append(("minLength", .int(itemPlan.minLength)))
                constraints.append(("maxLength", .int(itemPlan.maxLength)))
                codes.append(("minLength", .string(format)))
                codes.append(("maxLength", .string(format)))
            case .numeric:
                constraints.append(("pattern", .string("[0-9]{\(itemPlan.minLength),\(itemPlan.maxLength)}")))
                codes.append(("pattern", .string(format)))
            case .decimal:
                // A string with the decimal's shape: frictionless's number type would accept
                // signs, exponents and any number of places.
                constraints.append(("pattern", .string(item.format.decimalPattern ?? "")))
                codes.append(("pattern", .string(format)))
            case .date:
                type = "date"
                codes.append(("type", .string(format)))
            case .time:
                constraints.append(("pattern", .string("([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]")))
                codes.append(("pattern", .string(format)))
            case .timestamp:
                constraints.append(("maxLength", .int(itemPlan.maxLength)))
                constraints.append(("pattern", .string("[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?([Zz]|[+-](0[0-9]|1[0-4]):[0-5][0-9])")))
                codes.append(("maxLength", .string(format)))
                codes.append(("pattern", .string(format)))
            }
            if let code = itemPlan.code, let list = item.codeList, let values = index.codeList(named: list)?.codes.map(\.code) {
                constraints.append(("enum", .array(values.map(OrderedJSON.string))))
                codes.append(("enum", .string(code.code)))
            }
            for case (_, .string(let code)) in codes { expressed.insert(code) }
            var field: [(String, OrderedJSON)] = [("name", .string(item.name)), ("type", .string(type))]
            if type == "date" { field.append(("format", .string("%Y-%m-%d"))) }
            if let description = item.description { field.append(("description", .string(description))) }
            if !constraints.isEmpty { field.append(("constraints", .object(constraints))) }
            field.append(("x-etos", .object([("uid", .string(item.uid)), ("format", .string(item.format.text)), ("codes", .object(codes))])))
            fields.append(.object(field))
        }

        var document: [(String, OrderedJSON)] = [
            ("fields", .array(fields)),
            ("missingValues", .array([.string("")])),
        ]
        // The first uniqueness rule is the primary key; a Table Schema has only one.
        if let key = plan.checks.first(where: { if case .unique = $0.test { true } else { false } }), case .unique(let items, _) = key.test {
            let names = items.compactMap { index.item(uid: $0)?.name }
            document.append(("primaryKey", names.count == 1 ? .string(names[0]) : .array(names.map(OrderedJSON.string))))
            document.append(("x-etos-primary-key", .string(key.code)))
            expressed.insert(key.code)
        }
        var notExpressed: [OrderedJSON] = []
        for check in plan.checks where !expressed.contains(check.code) {
            let reason = check.reads.isEmpty
                ? "a rule across items, with a condition or a check a field constraint cannot state"
                : "needs reference data \(check.reads.map(\.dataset).joined(separator: ", ")), which a Table Schema cannot look up (the dischema does)"
            notExpressed.append(omission(check.code, check.level, reason))
        }
        for omission in plan.omitted { notExpressed.append(self.omission(omission.code, omission.level, omission.reason)) }
        document.append(("x-etos-not-expressed", .array(notExpressed)))
        return document
    }

    private func omission(_ code: String, _ level: FindingLevel, _ reason: String) -> OrderedJSON {
        .object([("code", .string(code)), ("level", .string(level.rawValue)), ("reason", .string(reason))])
    }
}
