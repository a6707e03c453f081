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

    public func document() -> String {
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

        var rules: [OrderedJSON] = []
        var filters: [OrderedJSON] = []
        var cleanup: [OrderedJSON] = []
        for column in plan.derivedColumns {
            rules.append(.object([
                ("name", .string("\(column.name): the date the reference-data lookups compare with")),
                ("operation", .string("add")),
                ("entity", .string(entity)),
                ("column_name", .string(column.name)),
                ("expression", .string(column.sql)),
            ]))
            cleanup.append(.object([("operation", .string("remove")), ("entity", .string(entity)), ("column_name", .string(column.name))]))
        }
        for check in plan.checks {
            let expression: String
            switch check.test {
            case .record(let sql):
                expression = sql
            case .unique(_, let sql):
                let helper = "__etos_unique_\(ExportPlan.identifier(check.code))"
                rules.append(.object([
                    ("name", .string("\(check.code): no other record has the key")),
                    ("operation", .string("add")),
                    ("entity", .string(entity)),
                    ("column_name", .string(helper)),
                    ("expression", .string(sql)),
                ]))
                cleanup.append(.object([
                    ("operation", .string("remove")),
                    ("entity", .string(entity)),
                    ("column_name", .string(helper)),
                ]))
                expression = helper
            }
            var filter: [(String, OrderedJSON)] = [
                ("entity", .string(entity)),
                ("name", .string(check.code)),
                ("expression", .string(expression)),
                ("failure_type", .string(check.level == .fileRejection ? "submission" : "record")),
            ]
            if check.level == .warning { filter.append(("is_informational", .bool(true))) }
            filter.append(("error_code", .string(check.code)))
            filter.append(("failure_message", .string(check.message)))
            let reporting = check.items.compactMap(plan.column)
            if reporting.count == 1 {
                filter.append(("reporting_field", .string(reporting[0])))
            } else if !reporting.isEmpty {
                filter.append(("reporting_field", .array(reporting.map(OrderedJSON.string))))
            }
            filters.append(.object(filter))
        }

        var transformations: [(String, OrderedJSON)] = []
        if !plan.referenceEntities.isEmpty {
            // DVE's binding of each reference entity to the table the filters' EXISTS reads.
            transformations.append(("reference_data", .object(plan.referenceEntities.map { table in
                (ExportPlan.identifier(table.dataset), .object([("type", .string("table")), ("table_name", .string(table.name))]))
            })))
        }
        let given = plan.parameters.filter { parameters[$0] != nil }
        if !given.isEmpty {
            transformations.append(("parameters", .object(given.map { ($0, .string(parameters[$0]!)) })))
        }
        if !rules.isEmpty { transformations.append(("rules", .array(rules))) }
        transformations.append(("filters", .array(filters)))
        if !cleanup.isEmpty { transformations.append(("post_filter_rules", .array(cleanup))) }

        let document = OrderedJSON.object([
            ("x_etos", metadata(missingParameters: plan.parameters.filter { parameters[$0] == nil })),
            ("contract", .object([("datasets", .object([(entity, .object(model))]))])),
            ("transformations", .object(transformations)),
        ])
        return document.text()
    }

    private func metadata(missingParameters: [String]) -> OrderedJSON {
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
