import ETOSModel

/// The dischema of a relational spec: one DVE entity per table (its contract, steps and
/// filters as a flat spec's), and the rules across tables as DVE's join steps:
///
/// - each child table gets a `left_join` to its parent on the link, bringing the parent's key
///   and the fields the child's rules compare with as `linked_…` columns; a link rule's filter
///   holds when the link is blank or found a parent, and each rule comparing with the linked
///   record is a filter over those columns (``SQLRuleTranslator``, as any rule);
/// - each count rule is an `anti_join` of the parent to the child into a new entity of the
///   parents without children, whose filter fails for every record with a key.
///
/// Where a parent's key repeats, the join pairs a child with every parent of that key
/// (etosc with the first); the key's uniqueness rule reports the repeat either way.
struct RelationalDischema {
    let spec: Spec
    let specPath: String
    let parameters: [String: String]
    let dialect: SQLDialect
    let plan: RelationalPlan

    init(spec: Spec, specPath: String, parameters: [String: String], dialect: SQLDialect) {
        self.spec = spec
        self.specPath = specPath
        self.parameters = parameters
        self.dialect = dialect
        plan = RelationalPlan(spec: spec)
    }

    /// A table's entity name: its name as an identifier.
    static func entity(_ table: Table) -> String { ExportPlan.identifier(table.name) }

    /// The column a child's left join adds for a field of its parent.
    static func linkedColumn(_ parentColumn: String) -> String { "linked_" + parentColumn }

    func document() -> String {
        let emitters = plan.tables.map { DischemaEmitter(spec: $0.flat, specPath: specPath, parameters: parameters, dialect: dialect) }
        var parts = zip(plan.tables, emitters).map { table, emitter in emitter.parts(entity: Self.entity(table.table)) }
        var omitted: [ExportPlan.Omission] = emitters.flatMap(\.plan.omitted)
        let items = Dictionary(spec.items.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, table) in plan.tables.enumerated() {
            guard let parentIndex = table.parent else { continue }
            let parent = plan.tables[parentIndex]
            let child = Self.entity(table.table), parentEntity = Self.entity(parent.table)
            let own = emitters[index].plan, theirs = emitters[parentIndex].plan
            let link = table.table.link.compactMap(own.column), key = parent.table.key.compactMap(theirs.column)
            let condition = zip(link, key).map { "TRIM(\(child).\($0)) = TRIM(\(parentEntity).\($1))" }.joined(separator: " AND ")
            let carried = parent.carried.compactMap(theirs.column)
            parts[index].rules.append(.object([
                ("name", .string("\(table.table.name) → \(parent.table.name): each record's linked \(parent.table.name) record")),
                ("operation", .string("left_join")),
                ("entity", .string(child)),
                ("target", .string(parentEntity)),
                ("join_condition", .string(condition)),
                ("new_columns", .object(carried.map { ("\(parentEntity).\($0)", .string(Self.linkedColumn($0))) })),
            ]))
            for column in carried { parts[index].cleanup.append(DischemaEmitter.removal(child, Self.linkedColumn(column))) }
            let found = Self.linkedColumn(key.first ?? "")
            for rule in plan.links where rule.table == index {
                let blank = link.map { "NULLIF(TRIM(\($0)), '') IS NULL" }.joined(separator: " OR ")
                parts[index].filters.append(DischemaEmitter.filter(entity: child, code: rule.rule.code, level: rule.rule.level, message: spec.findingMessage(for: rule.rule),
                                                                   expression: "(\(blank)) OR \(found) IS NOT NULL", reporting: link))
            }
            // The rules comparing with the linked record, over the record's columns and the linked ones.
            let linked = plan.linked.filter { $0.table == index }
            if !linked.isEmpty {
                var joined = RelationalPlan.joinedSpec(own: table.flat, carried: parent.carried.compactMap { uid in
                    items[uid].map { var item = $0; item.name = "LINKED " + item.name; return item }
                })
                joined.rules = linked.map { var rule = $0.rule; rule.table = nil; return rule }
                let joinedPlan = ExportPlan(spec: joined, dialect: dialect)
                let codes = Set(linked.map(\.rule.code))
                for check in joinedPlan.checks where codes.contains(check.code) {
                    guard case .record(let sql) = check.test else { continue }
                    parts[index].filters.append(DischemaEmitter.filter(entity: child, code: check.code, level: check.level, message: check.message,
                                                                       expression: sql, reporting: check.items.compactMap(joinedPlan.column)))
                }
                omitted += joinedPlan.omitted.filter { codes.contains($0.code) }
            }
        }
        for rule in plan.counts {
            let parent = plan.tables[rule.table], child = plan.tables[rule.child]
            let parentEntity = Self.entity(parent.table), childEntity = Self.entity(child.table)
            let key = parent.table.key.compactMap(emitters[rule.table].plan.column), link = child.table.link.compactMap(emitters[rule.child].plan.column)
            let childless = "childless_" + ExportPlan.identifier(rule.rule.code)
            parts[rule.table].rules.append(.object([
                ("name", .string("\(rule.rule.code): the \(parent.table.name) records no \(child.table.name) record links to")),
                ("operation", .string("anti_join")),
                ("entity", .string(parentEntity)),
                ("new_entity_name", .string(childless)),
                ("target", .string(childEntity)),
                ("join_condition", .string(zip(key, link).map { "TRIM(\(parentEntity).\($0)) = TRIM(\(childEntity).\($1))" }.joined(separator: " AND "))),
            ]))
            // A record with a blank key part is not a parent (its children could not name it).
            let blank = key.map { "NULLIF(TRIM(\($0)), '') IS NULL" }.joined(separator: " OR ")
            parts[rule.table].filters.append(DischemaEmitter.filter(entity: childless, code: rule.rule.code, level: rule.rule.level, message: spec.findingMessage(for: rule.rule),
                                                                    expression: blank, reporting: key))
        }
        for entry in plan.unenforced {
            omitted.append(ExportPlan.Omission(code: entry.rule.code, level: entry.rule.level, reason: entry.reason))
        }
        let references = Dictionary(emitters.flatMap(\.plan.referenceEntities).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            .sorted { $0.key < $1.key }.map(\.value)
        var names: [String] = []
        for name in emitters.flatMap(\.plan.parameters) where !names.contains(name) { names.append(name) }
        let first = emitters[0]
        let datasets = zip(plan.tables, parts).map { table, part in (Self.entity(table.table), OrderedJSON.object(part.model)) }
        return OrderedJSON.object([
            ("x_etos", metadata(emitters, omitted: omitted, references: references, missing: names.filter { parameters[$0] == nil })),
            ("contract", .object([("datasets", .object(datasets))])),
            ("transformations", .object(first.transformations(parts, referenceEntities: references, parameterNames: names))),
        ]).text()
    }

    private func metadata(_ emitters: [DischemaEmitter], omitted: [ExportPlan.Omission], references: [ReferenceEntity], missing: [String]) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("generated_by", .string("etosc export --format dischema")),
            ("source", .string(specPath)),
            ("data_set", .string(spec.dataSet.name)),
            ("version", .string(spec.dataSet.version)),
            ("backend", .string(dialect.rawValue)),
            ("entities", .object(zip(plan.tables, emitters).map { table, emitter in
                (Self.entity(table.table), .object([
                    ("table", .string(table.table.name)),
                    ("file", .string("\(table.table.name).csv")),
                    ("columns", .object(zip(emitter.plan.columns, table.flat.items).map { column, item in (column.name, .string("\(item.uid) \(item.name)")) })),
                ]))
            })),
        ]
        if !missing.isEmpty { members.append(("parameters_required", .array(missing.map(OrderedJSON.string)))) }
        if !references.isEmpty {
            members.append(("reference_entities", .object(references.map { table in
                (table.name, .object([
                    ("data_set", .string(table.dataset)),
                    ("file", .string(table.fileName)),
                    ("columns", .object(table.columns.map { ($0, .string(table.type(ofColumn: $0))) })),
                ]))
            })))
        }
        members.append(("not_exported", .array(omitted.map { omission in
            .object([("code", .string(omission.code)), ("level", .string(omission.level.rawValue)), ("reason", .string(omission.reason))])
        })))
        return .object(members)
    }
}
