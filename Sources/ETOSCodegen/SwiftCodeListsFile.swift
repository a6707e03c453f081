import ETOSModel

extension SwiftEmitter {
    /// `ETOSCodeLists.swift`: one enum per code list, its codes as raw values.
    func codeLists() -> String {
        var w = header("National code lists")
        for (index, list) in plan.codeLists.enumerated() {
            if index > 0 { w.line() }
            w.doc("\(list.list.name): national codes. Spec: \(cellText(list.list.location)).")
            w.block("public enum \(list.typeName): String, CaseIterable, Hashable, Sendable, Codable") { w in
                for entry in list.cases {
                    w.doc("`\(entry.code.code)`: \(SwiftNames.comment(entry.code.description))")
                    w.line("case \(entry.name) = \(SwiftNames.literal(entry.code.code))")
                }
                w.line()
                w.doc("The code's meaning as the spec words it.")
                w.block("public var meaning: String") { w in
                    w.line("switch self {")
                    for entry in list.cases {
                        w.line("case .\(entry.name): \(SwiftNames.literal(entry.code.description))")
                    }
                    w.line("}")
                }
            }
        }
        return w.text
    }
}
