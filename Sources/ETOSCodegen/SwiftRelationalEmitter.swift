import ETOSModel

/// The Swift module of a relational spec, in the same five files as a flat one: the code
/// lists and rule codes of the whole data set; one namespace per table (`Patient`) holding
/// that table's record types and validators, as a flat spec's module has them; each table's
/// rules comparing a record with its linked parent record (`Examination.Linked`); and
/// `Submission`, which checks a submission's files table by table through the runtime's
/// key tables (links and child counts are the runtime's, stated once in `Submission.layout`).
struct SwiftRelationalEmitter {
    let whole: SwiftEmitter
    let plan: RelationalPlan
    /// Each table's namespace type, in the spec's table order.
    let namespaces: [String]
    let tables: [SwiftEmitter]
    /// Each table's emitter of its rules with the linked record, when it has any.
    let linked: [SwiftEmitter?]

    init(_ whole: SwiftEmitter) {
        self.whole = whole
        let spec = whole.spec
        let plan = RelationalPlan(spec: spec)
        self.plan = plan
        var types = NameScope(reserved: SwiftPlan.reservedTypes.union(whole.plan.codeLists.map(\.typeName)).union(["Submission", "Linked"]))
        let namespaces = spec.tables.map { types.claim(SwiftNames.typeName($0.name), suffix: "Table") }
        self.namespaces = namespaces
        tables = plan.tables.enumerated().map { index, table in
            SwiftEmitter(spec: table.flat, specPath: whole.specPath, sourceWarnings: false, itemsReference: "\(namespaces[index]).items", readsTemporalsFromText: false)
        }
        let items = Dictionary(spec.items.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        linked = plan.tables.indices.map { index in
            let rules = plan.linked.filter { $0.table == index }
            guard !rules.isEmpty, let parent = plan.tables[index].parent else { return nil }
            var joined = RelationalPlan.joinedSpec(own: plan.tables[index].flat, carried: plan.tables[parent].carried.compactMap { items[$0] })
            joined.rules = rules.map { var rule = $0.rule; rule.table = nil; return rule }
            return SwiftEmitter(spec: joined, specPath: whole.specPath, sourceWarnings: false, itemsReference: "", readsTemporalsFromText: true)
        }
    }

    var spec: Spec { whole.spec }

    func files() -> [String: String] {
        [
            "ETOSCodeLists.swift": whole.codeLists(),
            "ETOSDataSet.swift": dataSet(),
            "ETOSRecords.swift": records(),
            "ETOSRuleCodes.swift": whole.ruleCodes(),
            "ETOSValidation.swift": validation(),
        ]
    }

    private func header(_ what: String, reexport: Bool = false) -> SourceWriter {
        SwiftEmitter.header(what, of: spec, from: whole.specPath, reexport: reexport)
    }

    /// `ETOSDataSet.swift`: the data set's facts and each table's namespace with its file's items.
    private func dataSet() -> String {
        var w = header("Data set facts", reexport: true)
        let set = spec.dataSet
        w.doc("\(set.name) (\(set.shortName)) version \(set.version), as its ETOS defines it: \(spec.tables.count) tables, each submitted as a CSV file of its own.")
        w.block("public enum DataSet") { w in
            whole.dataSetNames(&w)
            w.doc("The tables' names, in the spec's order (``Submission`` checks parents first).")
            w.line("public static let tables = \(whole.strings(spec.tables.map(\.name)))")
            w.line()
            w.doc("SHA-256 of the spec's validation content (`Spec.validationDigest`): a spec with this digest validates exactly as this module does.")
            w.line("@_spi(ETOSGenerated) public static let specDigest = \(SwiftNames.literal(spec.validationDigest))")
        }
        for (index, table) in spec.tables.enumerated() {
            w.line()
            var doc = ["Table \(table.name)" + (table.description.map { ": \(SwiftNames.comment($0))" } ?? ".")]
            let files = ([table.name] + (table.id.map { [$0] } ?? [])).map { "`\($0).csv`" }.joined(separator: " or ")
            doc.append("Submitted as \(files); " + (table.parent.map { "each record links to a \($0) record. " } ?? "") + "Spec: \(whole.cellText(table.location)).")
            w.doc(doc.joined(separator: "\n"))
            w.block("public enum \(namespaces[index])") { w in
                w.doc("The table's name, as the spec's Tables sheet gives it.")
                w.line("public static let name = \(SwiftNames.literal(table.name))")
                w.doc("The table's ID, when the spec gives one (a file may be named after it).")
                w.line("public static let id: String? = \(table.id.map(SwiftNames.literal) ?? "nil")")
                w.line()
                w.doc("Data items in the order of the table's file.")
                w.line("public static let items: [\(SwiftNames.runtime("DataItemInfo"))] = [")
                for item in tables[index].plan.items {
                    w.line("    \(SwiftNames.runtime("DataItemInfo"))(uid: \(SwiftNames.literal(item.item.uid)), name: \(SwiftNames.literal(item.item.name)), group: \(SwiftNames.literal(item.item.group)), position: \(item.item.position)),")
                }
                w.line("]")
                w.line()
                w.doc("Fields in a record of the table's file.")
                w.line("public static let fieldCount = \(tables[index].plan.items.count)")
            }
        }
        w.line()
        w.doc("Fails to compile when this code and the ETOSRuntime library come from different generator versions.")
        w.line("private typealias RuntimeCompatibility = \(SwiftNames.runtime("ETOSRuntimeVersion2"))")
        whole.unenforcedWarnings(&w)
        return w.text
    }

    /// `ETOSRecords.swift`: each table's record types, in its namespace.
    private func records() -> String {
        var w = header("Record types")
        for (index, emitter) in tables.enumerated() {
            if index > 0 { w.line() }
            w.doc("The record types of table \(spec.tables[index].name).")
            w.block("extension \(namespaces[index])") { w in emitter.recordTypes(&w) }
        }
        return w.text
    }

    /// `ETOSValidation.swift`: each table's validators, its rules with the linked record, and `Submission`.
    private func validation() -> String {
        var w = header("Validation")
        for (index, emitter) in tables.enumerated() {
            w.doc("The validators of table \(spec.tables[index].name)'s file.")
            w.block("extension \(namespaces[index])") { w in
                emitter.validators(&w)
                if let linked = linked[index] {
                    w.line()
                    linkedRules(&w, linked, table: index)
                }
            }
            w.line()
        }
        submission(&w)
        return w.text
    }

    /// A table's rules comparing a record with its linked parent record, run on the joined
    /// record: the record's own fields, then the parent's carried ones.
    private func linkedRules(_ w: inout SourceWriter, _ emitter: SwiftEmitter, table index: Int) {
        let runtime = SwiftNames.runtime
        let parent = plan.tables[index].parent.map { spec.tables[$0].name } ?? ""
        let own = tables[index].plan.items.count
        w.doc("The rules of a \(spec.tables[index].name) record that compare it with its linked \(parent) record: its own \(own) fields, and the \(parent) record's fields they read.")
        w.block("\(SwiftEmitter.spi) public enum Linked") { w in
            w.doc("A record and the record it links to, as read: each field's bytes, by item (no copy of either).")
            w.block("public struct RawFields") { w in
                w.line("public let fields: \(runtime("RecordFields"))")
                w.line("public let linked: \(runtime("RecordFields"))")
                w.line()
                w.block("public init(_ fields: \(runtime("RecordFields")), linked: \(runtime("RecordFields")))") { w in
                    w.line("self.fields = fields")
                    w.line("self.linked = linked")
                }
                for item in emitter.plan.items {
                    let position = item.item.position - 1
                    let source = position < own ? "fields[\(position)]" : "linked[\(position - own)]"
                    w.doc("\(item.item.name) (\(item.item.uid))\(position < own ? ", field \(position + 1)" : ", of the linked \(parent) record").")
                    w.line("public var \(item.property): \(runtime("FieldBytes")) { \(source) }")
                }
            }
            w.line()
            emitter.ruleOperands(&w)
            w.line()
            emitter.ruleFunctions(&w)
            w.line()
            emitter.runnableRules(&w)
            w.line()
            w.doc("The rules, as the runtime calls them for each record whose link finds its parent (in record order, on one thread).")
            w.block("public struct LinkedChecks: \(runtime("LinkedRecordChecking"))") { w in
                w.line("private let context: \(runtime("ValidationContext"))")
                w.line("private let runnable: RunnableRules")
                w.line()
                w.block("public init(context: \(runtime("ValidationContext")))") { w in
                    w.line("self.context = context")
                    w.line("runnable = RunnableRules(context)")
                }
                w.line()
                w.block("public func check(_ record: \(runtime("RecordFields")), linked: \(runtime("RecordFields")), _ findings: inout [\(runtime("Finding"))])") { w in
                    w.line("let raw = RawFields(record, linked: linked)")
                    w.line("let operands = RuleOperands(raw)")
                    w.line("var found = \(runtime("RecordFindings"))()")
                    for line in emitter.ruleApplications() { w.line(line) }
                    w.line("findings += found.findings")
                }
            }
        }
    }

    /// `Submission`: the tables' links and counts for the runtime, and the check of a whole submission.
    private func submission(_ w: inout SourceWriter) {
        let runtime = SwiftNames.runtime
        func kind(_ rule: Rule) -> String { whole.kind(rule.code, rule.level, spec.findingMessage(for: rule)) }
        w.doc("""
        A whole submission of \(spec.dataSet.shortName): one CSV file per table, named after the table
        (in any case, or by its ID), checked parents first, whatever order the files come in.
        Each table's file is checked by its own `SubmissionValidator`; links (a record's parent
        must exist), child counts and the rules comparing a record with its linked record run
        across the files, with keys kept as digests.

        ```swift
        let submission = Submission(context: context)
        let summary = try submission.validate(fileNames: names, open: { try FileInput(path: folder + "/" + $0) }) { finding in
            print(finding.table ?? "", finding.recordNumber, finding.finding)
        }
        ```
        """)
        w.block("public struct Submission: Sendable") { w in
            w.doc("The submission's dates and reference data the rules check against.")
            w.line("public var context: \(runtime("ValidationContext"))")
            w.line()
            w.doc("A validator of whole submissions.\n\n- Parameter context: the submission's dates and reference data (rules needing what is not given are not run).")
            w.block("public init(context: \(runtime("ValidationContext")) = \(runtime("ValidationContext"))())") { w in
                w.line("self.context = context")
            }
            w.line()
            w.doc("The tables, their keys and links, and the rules across them, as the runtime applies them.")
            w.line("\(SwiftEmitter.spi) public static let layout = \(runtime("RelationalLayout"))(")
            w.line("    tables: [")
            for table in plan.tables {
                let id = table.table.id.map(SwiftNames.literal) ?? "nil"
                w.line("        \(runtime("RelationalLayout")).Table(name: \(SwiftNames.literal(table.table.name)), id: \(id), key: \(table.key), parent: \(table.parent.map(String.init) ?? "nil"), link: \(table.link), carried: \(table.carriedFields)),")
            }
            w.line("    ],")
            w.line("    links: [")
            for link in plan.links {
                w.line("        \(runtime("RelationalLayout")).LinkRule(table: \(link.table), kind: \(kind(link.rule)), items: \(whole.strings(plan.tables[link.table].table.link))),")
            }
            w.line("    ],")
            w.line("    counts: [")
            for count in plan.counts {
                w.line("        \(runtime("RelationalLayout")).CountRule(table: \(count.table), child: \(count.child), kind: \(kind(count.rule)), items: \(whole.strings(plan.tables[count.table].table.key))),")
            }
            w.line("    ],")
            w.line("    checkingOrder: \(plan.checkingOrder)")
            w.line(")")
            w.line()
            w.doc("""
            Checks a submission whose files are `fileNames` (as listed in its folder or archive),
            giving each finding to `found`: first those about the files (a missing table file, a
            file for no table), then each table's in record order, parents first, then the child
            counts'. Every finding names its table.

            - Parameters:
              - fileNames: the submission's file names.
              - open: the bytes of the file of that name.
              - encoding: how the files' text is encoded.
              - header: whether each file's first record is a header row.
              - jobs: threads checking each file's records.
              - found: receives each finding.
            - Returns: the summary, each table's and their totals.
            """)
            let parameters = "fileNames: [String], open: (String) throws -> any \(runtime("ByteInput")), encoding: \(runtime("TextEncoding")) = .utf8, header: \(runtime("HeaderMode")) = .auto, jobs: Int = 1, _ found: (\(runtime("ReportedFinding"))) throws -> Void"
            w.block("public func validate(\(parameters)) throws -> \(runtime("ValidationSummary"))") { w in
                w.line("let run = \(runtime("RelationalSubmissionRun"))(layout: Self.layout, fileNames: fileNames)")
                w.line("for finding in run.fileFindings { try found(finding) }")
                w.block("for table in Self.layout.checkingOrder") { w in
                    w.line("guard let name = run.file(of: table) else { continue }")
                    w.line("let input = try open(name)")
                    w.line("switch table {")
                    for (index, namespace) in namespaces.enumerated() {
                        let linkedChecks = linked[index] == nil ? "nil as \(runtime("NoLinkedChecks"))?" : "\(namespace).Linked.LinkedChecks(context: context)"
                        w.line("case \(index): try run.check(table: \(index), input: input, with: \(namespace).SubmissionValidator(context: context), linked: \(linkedChecks), encoding: encoding, header: header, jobs: jobs, found)")
                    }
                    w.line("default: break")
                    w.line("}")
                }
                w.line("return try run.finish(found)")
            }
        }
    }
}
