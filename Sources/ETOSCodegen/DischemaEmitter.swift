import ETOSModel

/// Emits a dischema for NHS England's data-validation-engine (DVE): the data contract (every
/// field as text in submission order, mandatory fields, the CSV reader) and each check as a
/// filter in DuckDB's or Spark's SQL (``SQLDialect``) carrying the ETOS error code, level and message. Uniqueness rules become an
/// `add` step computing whether another record has the key, a filter on it, and a `remove` step.
///
/// DVE negates filter expressions, so each expression is the condition for a record to pass.
/// Reference-data rules read the tables `x_etos.reference_entities` lists (``ReferenceEntity``);
/// rules that are not machine-readable are listed under `x_etos.not_exported`.
public struct DischemaEmitter {
    let spec: Spec
    let specPath: String
    let plan: ExportPlan
    /// Values for the template parameters (`reporting_period_start`, …), when known.
    let parameters: [String: String]
    /// The engine the filters are written for.
    let dialect: SQLDialect

    public init(spec: Spec, specPath: String, parameters: [String: String] = [:], dialect: SQLDialect = .duckdb) {
        self.spec = spec
        self.specPath = specPath
        self.plan = ExportPlan(spec: spec, dialect: dialect)
        self.parameters = parameters
        self.dialect = dialect
    }

    public static let fileName = "dischema.json"

    /// The committed file of a dialect: `dischema.json` for DuckDB, `dischema-spark.json`.
    public static func fileName(for dialect: SQLDialect) -> String {
        dialect == .duckdb ? fileName : "dischema-\(dialect.rawValue).json"
    }

    /// The entity (DVE data set) name: the short name in lower case.
    public var entity: String { ExportPlan.identifier(spec.dataSet.shortName) }

    /// What one entity contributes to a dischema: its contract, the steps, filters and
    /// clean-up steps on it, the reference tables it binds and the parameters it was given.
    struct Parts {
        var model: [(String, OrderedJSON)]
        var rules: [OrderedJSON] = []
        var filters: [OrderedJSON] = []
        var cleanup: [OrderedJSON] = []
    }

    public func document() -> String {
        if spec.isRelational { return RelationalDischema(spec: spec, specPath: specPath, parameters: parameters, dialect: dialect).document() }
        let parts = parts(entity: entity)
        let document = OrderedJSON.object([
            ("x_etos", metadata(missingParameters: plan.parameters.filter { parameters[$0] == nil })),
            ("contract", .object([("datasets", .object([(entity, .object(parts.model))]))])),
            ("transformations", .object(transformations([parts]))),
        ])
        return document.text()
    }

    /// The `transformations` of the entities `parts` describe: the reference tables bound,
    /// the parameters given, then every entity's steps, filters and clean-up.
    func transformations(_ parts: [Parts], referenceEntities: [ReferenceEntity]? = nil, parameterNames: [String]? = nil) -> [(String, OrderedJSON)] {
        var transformations: [(String, OrderedJSON)] = []
        let tables = referenceEntities ?? plan.referenceEntities
        if !tables.isEmpty {
            // DVE's binding of each reference entity to the table the filters' EXISTS reads.
            transformations.append(("reference_data", .object(tables.map { table in
                (ExportPlan.identifier(table.dataset), .object([("type", .string("table")), ("table_name", .string(table.name))]))
            })))
        }
        let given = (parameterNames ?? plan.parameters).filter { parameters[$0] != nil }
        if !given.isEmpty {
            transformations.append(("parameters", .object(given.map { ($0, .string(parameters[$0]!)) })))
        }
        let rules = parts.flatMap(\.rules), cleanup = parts.flatMap(\.cleanup)
        if !rules.isEmpty { transformations.append(("rules", .array(rules))) }
        transformations.append(("filters", .array(parts.flatMap(\.filters))))
        if !cleanup.isEmpty { transformations.append(("post_filter_rules", .array(cleanup))) }
        return transformations
    }

    /// The contract, steps and filters of this spec's records as entity `entity`.
    func parts(entity: String) -> Parts {
        let fields = OrderedJSON.object(plan.columns.map { ($0.name, .string("str")) })
        let mandatory = spec.items.filter { $0.mandation == .mandatory }.compactMap { plan.column($0.uid) }
        var model: [(String, OrderedJSON)] = [
            ("fields", fields),
            ("mandatory_fields", .array(mandatory.map(OrderedJSON.string))),
        ]
        let keys = plan.checks.compactMap { check -> [String]? in
            if case .unique(let items, _) = check.test { return items } else { return nil }
        }.first
        if let keys, keys.count == 1, let column = plan.column(keys[0]) { model.append(("key_field", .string(column))) }
        model.append(("reader_config", .object([
            (".csv", .object([
                ("reader", .string(dialect.csvReader)),
                ("kwargs", .object([("header", .bool(true)), ("delim", .string(",")), ("quotechar", .string("\""))])),
            ])),
        ])))
        var parts = Parts(model: model)
        for column in plan.derivedColumns {
            parts.rules.append(.object([
                ("name", .string("\(column.name): the date the reference-data lookups compare with")),
                ("operation", .string("add")),
                ("entity", .string(entity)),
                ("column_name", .string(column.name)),
                ("expression", .string(column.sql)),
            ]))
            parts.cleanup.append(Self.removal(entity, column.name))
        }
        for check in plan.checks {
            let expression: String
            switch check.test {
            case .record(let sql):
                expression = sql
            case .unique(_, let sql):
                let helper = "__etos_unique_\(ExportPlan.identifier(check.code))"
                parts.rules.append(.object([
                    ("name", .string("\(check.code): no other record has the key")),
                    ("operation", .string("add")),
                    ("entity", .string(entity)),
                    ("column_name", .string(helper)),
                    ("expression", .string(sql)),
                ]))
                parts.cleanup.append(Self.removal(entity, helper))
                expression = helper
            }
            parts.filters.append(Self.filter(entity: entity, code: check.code, level: check.level, message: check.message,
                                             expression: expression, reporting: check.items.compactMap(plan.column)))
        }
        return parts
    }

    /// A filter: `expression` holds when a record of `entity` passes.
    static func filter(entity: String, code: String, level: FindingLevel, message: String, expression: String, reporting: [String]) -> OrderedJSON {
        var filter: [(String, OrderedJSON)] = [
            ("entity", .string(entity)),
            ("name", .string(code)),
            ("expression", .string(expression)),
            ("failure_type", .string(level == .fileRejection ? "submission" : "record")),
        ]
        if level == .warning { filter.append(("is_informational", .bool(true))) }
        filter.append(("error_code", .string(code)))
        filter.append(("failure_message", .string(message)))
        if reporting.count == 1 {
            filter.append(("reporting_field", .string(reporting[0])))
        } else if !reporting.isEmpty {
            filter.append(("reporting_field", .array(reporting.map(OrderedJSON.string))))
        }
        return .object(filter)
    }

    /// A step removing a helper column once the filters have run.
    static func removal(_ entity: String, _ column: String) -> OrderedJSON {
        .object([("operation", .string("remove")), ("entity", .string(entity)), ("column_name", .string(column))])
    }

    func metadata(missingParameters: [String]) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("generated_by", .string("etosc export --format dischema")),
            ("source", .string(specPath)),
            ("data_set", .string(spec.dataSet.name)),
            ("version", .string(spec.dataSet.version)),
            ("backend", .string(dialect.rawValue)),
            ("columns", .object(zip(plan.columns, spec.items).map { column, item in (column.name, .string("\(item.uid) \(item.name)")) })),
        ]
        if !missingParameters.isEmpty {
            members.append(("parameters_required", .array(missingParameters.map(OrderedJSON.string))))
        }
        if !plan.referenceEntities.isEmpty {
            members.append(("reference_entities", .object(plan.referenceEntities.map { table in
                (table.name, .object([
                    ("data_set", .string(table.dataset)),
                    ("file", .string(table.fileName)),
                    ("columns", .object(table.columns.map { ($0, .string(table.type(ofColumn: $0))) })),
                ]))
            })))
        }
        members.append(("not_exported", .array(plan.omitted.map { omission in
            .object([("code", .string(omission.code)), ("level", .string(omission.level.rawValue)), ("reason", .string(omission.reason))])
        })))
        return .object(members)
    }
}
