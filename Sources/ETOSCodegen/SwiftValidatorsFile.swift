import ETOSModel

extension SwiftEmitter {
    /// `RecordValidator`: one record's item checks and record rules, typed record included.
    func recordValidator(_ w: inout SourceWriter) {
        let runtime = SwiftNames.runtime
        w.doc("Checks one record: every item check, then every record-level rule.")
        w.block("public enum RecordValidator") { w in
            w.doc("""
            The typed record, its findings (item checks in field order, then rules in sheet order)
            and the rules that could not run.

            - Parameters:
              - raw: the record as submitted.
              - context: the submission's dates and reference data (rules needing what is not given are not run).
            - Returns: the typed record, its findings and the codes of the rules not run.
            """)
            w.block("public static func validate(_ raw: RawRecord, context: \(runtime("ValidationContext")) = \(runtime("ValidationContext"))()) -> \(runtime("RecordOutcome"))<Record>") { w in
                w.line("let checks = ItemChecks.all")
                w.line("let runnable = RunnableRules(context)")
                w.line("var record = Record()")
                w.line("var found = \(runtime("RecordFindings"))()")
                for item in orderedItems {
                    w.line("record.\(plan.recordPath(item)) = \(itemCheck(item))")
                }
                if !plan.recordRules.isEmpty {
                    let typed = typedTemporalItems.map { item in
                        let value = "record.\(plan.recordPath(item))"
                        return ", \(item.property): " + (item.read == .date ? value : "\(value).map(\(runtime("TemporalValue")).init(timestamp:))")
                    }.joined()
                    w.block("\(runtime("RecordFields")).withStrings(raw.fields)") { w in
                        w.line("let fields = RawFields($0)")
                        w.line("checkRules(fields, RuleOperands(fields\(typed)), context, runnable, &found)")
                    }
                }
                w.line("return \(runtime("RecordOutcome"))(record: record, findings: found.findings, rulesNotRun: runnable.notRun)")
            }
            w.line()
            w.doc("The same findings as ``validate(_:context:)`` without keeping the typed record (what a submission run needs). `runnable` is `RunnableRules(context)`, worked out once for a run.")
            w.block("\(Self.spi) public static func findings(_ raw: RawFields, context: \(runtime("ValidationContext")), runnable: RunnableRules) -> \(runtime("RecordFindings"))") { w in
                w.line("let checks = ItemChecks.all")
                w.line("var found = \(runtime("RecordFindings"))()")
                let typed = Set(typedTemporalItems.map(\.item.uid))
                for item in orderedItems {
                    w.line(typed.contains(item.item.uid) ? "let \(item.property) = \(temporalCheck(item))" : "_ = \(itemCheck(item, typed: false))")
                }
                if !plan.recordRules.isEmpty {
                    let arguments = typedTemporalItems.map { ", \($0.property): \($0.property)" }.joined()
                    w.line("checkRules(raw, RuleOperands(raw\(arguments)), context, runnable, &found)")
                }
                w.line("return found")
            }
            guard !plan.recordRules.isEmpty else { return }
            w.line()
            w.block("private static func checkRules(_ raw: RawFields, _ operands: RuleOperands, _ context: \(runtime("ValidationContext")), _ runnable: RunnableRules, _ found: inout \(runtime("RecordFindings")))") { w in
                for line in ruleApplications() { w.line(line) }
            }
        }
    }

    /// One line per record rule adding its verdict on `raw` and `operands` to `found` (a rule needing what
    /// `runnable` may lack runs only when it can), in the order rules are checked.
    func ruleApplications() -> [String] {
        let needy = Set(needs.map(\.name))
        return plan.recordRules.map { rule in
            let fields = rule.lowered.fields
            let values = "[" + fields.map { "raw.\(plan.property($0.uid))" }.joined(separator: ", ") + "]"
            let check = "found.apply(Rules.\(rule.name)(raw, operands, context), Rules.\(rule.name)Finding, \(strings(fields.map(\.uid))), \(values))"
            return needy.contains(rule.name) ? "if runnable.\(rule.name) { \(check) }" : check
        }
    }

    /// Items in the order their checks run: by group, in field order within each.
    private var orderedItems: [SwiftPlan.Item] { plan.groups.flatMap(\.items) }

    /// An item's check call on its raw text, adding to `found.findings`; `typed: false` skips
    /// making the typed value where its check is the same without it (a code, an NHS number).
    private func itemCheck(_ item: SwiftPlan.Item, typed: Bool = true) -> String {
        let check = "checks.\(item.property).\(item.read.rawValue)(raw.\(item.property), &found.findings)"
        guard typed else { return check }
        if item.read == .code { return check + ".flatMap(\(item.type).init(rawValue:))" }
        if item.isNHSNumber { return check + ".flatMap(\(item.type).init)" }
        return check
    }

    /// The item check of an item rules read as a date or timestamp, giving the value they
    /// compare: an `ISODate`, or a timestamp as a `TemporalValue` (no `Timestamp` made).
    private func temporalCheck(_ item: SwiftPlan.Item) -> String {
        let method = item.read == .timestamp ? "timestampValue" : item.read.rawValue
        return "checks.\(item.property).\(method)(raw.\(item.property), &found.findings)"
    }

    /// A field-count rule: its function name and the count.
    private struct FieldCountRule {
        let name: String
        let count: Int
    }

    private var fieldCountRules: [FieldCountRule] {
        plan.fileRules.compactMap { rule in
            if case .fieldCount(_, let count) = rule.lowered { return FieldCountRule(name: rule.name, count: count) }
            return nil
        }
    }

    /// A uniqueness rule: its function name and key fields.
    private struct UniqueRule {
        let name: String
        let key: [Check.Field]

        var indices: [String] { key.map { String($0.index) } }
    }

    private var uniqueRules: [UniqueRule] {
        plan.fileRules.compactMap { rule in
            if case .unique(_, let key) = rule.lowered { return UniqueRule(name: rule.name, key: key) }
            return nil
        }
    }

    /// `SubmissionValidator`: a file's records in order, with the file-level rules.
    func submissionValidator(_ w: inout SourceWriter) {
        let runtime = SwiftNames.runtime
        let fieldCount = fieldCountRules
        let unique = uniqueRules
        w.doc("""
        Checks the records of one file in order: record checks plus the file-level rules (field
        count, uniqueness). Give it to a `SubmissionRun` to validate a file:

        ```swift
        let run = SubmissionRun(validator: SubmissionValidator(context: context), input: try FileInput(path: path))
        for try await result in run { … }
        print(run.summary)
        ```
        """)
        w.block("public struct SubmissionValidator: \(runtime("SubmissionValidating")), Sendable") { w in
            w.doc("The submission's dates and reference data the rules check against.")
            w.block("public var context: \(runtime("ValidationContext"))") { w in
                w.line("didSet { runnable = RunnableRules(context) }")
            }
            w.line("private var runnable: RunnableRules")
            for rule in unique {
                w.line("private var \(rule.name)Keys = \(runtime("UniqueKeys"))()")
                w.line("private static let \(rule.name)Indices = [\(rule.indices.joined(separator: ", "))]")
            }
            w.line()
            w.doc("""
            A validator for one file.

            - Parameter context: the submission's dates and reference data (rules needing what is not given are not run).
            """)
            w.block("public init(context: \(runtime("ValidationContext")) = \(runtime("ValidationContext"))())") { w in
                w.line("self.context = context")
                w.line("runnable = RunnableRules(context)")
            }
            w.line()
            w.doc("""
            Checks one record on its own: item checks, record rules and the field count. Keeps no
            state, so records can be checked on several threads at once.

            - Parameter fields: the record's fields as text, in submission order.
            - Returns: the typed record and its findings.
            """)
            w.block("public func validateRecord(fields: [String]) -> \(runtime("RecordOutcome"))<Record>") { w in
                w.line("\(fieldCount.isEmpty ? "let" : "var") outcome = RecordValidator.validate(RawRecord(fields: fields), context: context)")
                if !fieldCount.isEmpty { w.line("Self.checkFieldCount(fields.count, &outcome.findings)") }
                w.line("return outcome")
            }
            w.line()
            w.doc("""
            Checks record number `recordNumber` completely, uniqueness within the file included.
            Call in record order.

            - Parameters:
              - fields: the record's fields as text, in submission order.
              - recordNumber: the record's number in the file (1-based).
            - Returns: the typed record, its findings, and what it revealed about an earlier record.
            """)
            w.block("public mutating func validate(fields: [String], recordNumber: Int) -> \(runtime("RecordOutcome"))<Record>") { w in
                w.line("var outcome = validateRecord(fields: fields)")
                w.line("var found = \(runtime("RecordFindings"))(findings: outcome.findings)")
                w.line("\(runtime("RecordFields")).withStrings(fields) { checkInFile($0, keys: fileKeys($0), recordNumber: recordNumber, &found) }")
                w.line("outcome.findings = found.findings")
                w.line("outcome.earlierRecords = found.earlierRecords")
                w.line("return outcome")
            }
            w.line()
            w.doc("The rules that cannot run with ``context`` (reference data or a submission fact missing): not run on any record.")
            w.block("public var rulesNotRun: [String]") { w in
                w.line("runnable.notRun")
            }
            w.line()
            w.doc("`SubmissionValidating`: the items, their order and the record key.")
            w.block("\(Self.spi) public var layout: \(runtime("SubmissionLayout"))") { w in
                w.line("\(runtime("SubmissionLayout"))(items: \(itemsReference), keyItems: \(strings(plan.keyItems)), notEnforced: Rules.notEnforced)")
            }
            w.line()
            w.doc("`SubmissionValidating`: the findings of one record on its own (as ``validateRecord(fields:)``, without the typed record).")
            w.block("\(Self.spi) public func checkRecord(_ fields: \(runtime("RecordFields"))) -> \(runtime("RecordFindings"))") { w in
                w.line("\(fieldCount.isEmpty ? "let" : "var") found = RecordValidator.findings(RawFields(fields), context: context, runnable: runnable)")
                if !fieldCount.isEmpty { w.line("Self.checkFieldCount(fields.count, &found.findings)") }
                w.line("return found")
            }
            if !fieldCount.isEmpty {
                w.line()
                w.doc("The field-count rule: a record with the wrong number of fields, reported first.")
                w.block("private static func checkFieldCount(_ count: Int, _ findings: inout [\(runtime("Finding"))])") { w in
                    for rule in fieldCount {
                        w.block("if count != \(rule.count)") { w in
                            w.line("findings.insert(\(runtime("Finding"))(Rules.\(rule.name)Finding, items: [], values: [String(count)]), at: 0)")
                        }
                    }
                }
            }
            w.line()
            w.doc("`SubmissionValidating`: a copy for a worker thread, without the file's keys (workers check records on their own; sharing the keys would make the next insertion copy them).")
            w.block("\(Self.spi) public func copyForThread() -> SubmissionValidator") { w in
                w.line("SubmissionValidator(context: context.copyForThread())")
            }
            w.line()
            if !unique.isEmpty {
                w.doc("`SubmissionValidating`: the digest of the record's key for each uniqueness rule (keeps no state; worked out where the record is checked).")
                w.block("\(Self.spi) public func fileKeys(_ fields: \(runtime("RecordFields"))) -> \(runtime("FileKeys"))") { w in
                    let keys = unique.map { "\(runtime("UniqueKeys")).digest(fields, at: Self.\($0.name)Indices)" }
                    w.line("\(runtime("FileKeys"))(\(keys.joined(separator: ", ")))")
                }
                w.line()
                w.doc("`SubmissionValidating`: sizes the uniqueness tables for about `records` records (a hint).")
                w.block("\(Self.spi) public mutating func reserveInFile(records: Int)") { w in
                    for rule in unique { w.line("\(rule.name)Keys.reserve(records)") }
                }
                w.line()
                w.doc("`SubmissionValidating`: starts fetching the uniqueness slots a record will need (a hint; changes nothing).")
                w.block("\(Self.spi) public func prepareInFile(_ keys: \(runtime("FileKeys")))") { w in
                    for (index, rule) in unique.enumerated() { w.line("if let key = keys[\(index)] { \(rule.name)Keys.prefetch(key) }") }
                }
                w.line()
            }
            w.doc("`SubmissionValidating`: the file-level rules (uniqueness) for one record, in record order.")
            w.block("\(Self.spi) public mutating func checkInFile(_ fields: \(runtime("RecordFields")), keys: \(runtime("FileKeys")), recordNumber: Int, _ found: inout \(runtime("RecordFindings")))") { w in
                for (index, rule) in unique.enumerated() {
                    w.block("if let key = keys[\(index)], let earlier = \(rule.name)Keys.insert(key, record: recordNumber)") { w in
                        let values = rule.indices.map { "fields[\($0)].trimmed.string" }
                        w.line("found.duplicate(\(runtime("Finding"))(Rules.\(rule.name)Finding, items: \(strings(rule.key.map(\.uid))), values: [\(values.joined(separator: ", "))]), of: earlier)")
                    }
                }
            }
        }
    }
}
