import ETOSModel

extension SwiftEmitter {
    /// `ETOSRecords.swift`: the record as submitted (`RawRecord`), as read (`RawFields`, for
    /// generated code) and typed (`Record`, by group unless the spec has one group).
    func records() -> String {
        var w = header("Record types")
        recordTypes(&w)
        return w.text
    }

    /// The declarations of `ETOSRecords.swift`.
    func recordTypes(_ w: inout SourceWriter) {
        rawRecord(&w)
        w.line()
        rawFields(&w)
        if plan.isFlat {
            w.line()
            typedStruct(&w, name: "Record", doc: "A whole record, typed. A nil value is blank or failed its item checks.", items: plan.items)
        } else {
            for group in plan.groups {
                w.line()
                typedStruct(&w, name: group.typeName, doc: "The \(group.group.name) items of a record, typed. A nil value is blank or failed its item checks.", items: group.items)
            }
            w.line()
            recordOfGroups(&w)
        }
    }

    /// `Record` of a spec with several groups: one property per group.
    private func recordOfGroups(_ w: inout SourceWriter) {
        w.doc("A whole record, typed, by group.")
        w.block("public struct Record: Hashable, Sendable, Codable") { w in
            for group in plan.groups {
                w.doc("The \(group.group.name) items.")
                w.line("public var \(group.property): \(group.typeName)")
            }
            w.line()
            let parameterDocs = plan.groups.map { "  - \($0.property): the \($0.group.name) items." }
            w.doc((["A record of its groups (each empty unless given).", "", "- Parameters:"] + parameterDocs).joined(separator: "\n"))
            let parameters = plan.groups.map { "\($0.property): \($0.typeName) = \($0.typeName)()" }.joined(separator: ", ")
            w.block("public init(\(parameters))") { w in
                for group in plan.groups { w.line("self.\(group.property) = \(group.property)") }
            }
        }
    }

    private func rawRecord(_ w: inout SourceWriter) {
        w.doc("One record as submitted: the text of every field, in submission order.")
        w.block("public struct RawRecord: Hashable, Sendable, Codable") { w in
            for item in plan.items {
                w.doc("\(item.item.name) (\(item.item.uid)), field \(item.item.position).")
                w.line("public var \(item.property): String")
            }
            w.line()
            w.doc("""
            A record from fields in submission order; missing fields are blank, extra ones are ignored.

            - Parameter fields: the record's fields as text.
            """)
            w.block("public init(fields: [String])") { w in
                for item in plan.items {
                    let index = item.item.position - 1
                    w.line("\(item.property) = fields.count > \(index) ? fields[\(index)] : \"\"")
                }
            }
            w.line()
            w.doc("The fields in submission order.")
            w.block("public var fields: [String]") { w in
                w.line("[" + plan.items.map(\.property).joined(separator: ", ") + "]")
            }
        }
    }

    func rawFields(_ w: inout SourceWriter) {
        w.doc("One record as read: every field's bytes, by item (what rules and a submission run's checks read; valid while the record is checked).")
        w.block("\(Self.spi) public struct RawFields") { w in
            w.line("public let fields: \(SwiftNames.runtime("RecordFields"))")
            w.line()
            w.block("public init(_ fields: \(SwiftNames.runtime("RecordFields")))") { w in
                w.line("self.fields = fields")
            }
            for item in plan.items {
                w.doc("\(item.item.name) (\(item.item.uid)), field \(item.item.position).")
                w.line("public var \(item.property): \(SwiftNames.runtime("FieldBytes")) { fields[\(item.item.position - 1)] }")
            }
        }
    }

    /// A struct of typed, optional item values with a memberwise initialiser.
    private func typedStruct(_ w: inout SourceWriter, name: String, doc: String, items: [SwiftPlan.Item]) {
        w.doc(doc)
        w.block("public struct \(name): Hashable, Sendable, Codable") { w in
            for item in items {
                w.doc(itemDoc(item))
                w.line("public var \(item.property): \(item.type)?")
            }
            w.line()
            var lines = ["A value of the items given (the others nil).", "", "- Parameters:"]
            lines += items.map { "  - \($0.property): \($0.item.name) (\($0.item.uid))." }
            w.doc(lines.joined(separator: "\n"))
            let parameters = items.map { "\($0.property): \($0.type)? = nil" }.joined(separator: ", ")
            w.block("public init(\(parameters))") { w in
                for item in items { w.line("self.\(item.property) = \(item.property)") }
            }
        }
    }

    private func itemDoc(_ plan: SwiftPlan.Item) -> String {
        let item = plan.item
        var lines = ["\(item.name) (\(item.uid)): \(item.format.inWords) (`\(item.format.text)`); \(item.mandation.inWords)."]
        if plan.isNHSNumber { lines.append("Given only when its Modulus 11 check digit is valid.") }
        if let description = item.description { lines.append(SwiftNames.comment(description)) }
        lines.append("Spec: \(cellText(item.location)).")
        return lines.joined(separator: "\n")
    }
}
