import ETOSModel

extension SwiftEmitter {
    /// `ETOSDataSet.swift`: the data set's name, version and items; the file that re-exports
    /// the runtime's public API.
    func dataSet() -> String {
        var w = header("Data set facts", reexport: true)
        let set = spec.dataSet
        w.doc("\(set.name) (\(set.shortName)) version \(set.version), as its ETOS defines it.")
        w.block("public enum DataSet") { w in
            dataSetNames(&w)
            w.line()
            w.doc("Data items in submission order.")
            w.line("public static let items: [\(SwiftNames.runtime("DataItemInfo"))] = [")
            for item in plan.items {
                w.line("    \(SwiftNames.runtime("DataItemInfo"))(uid: \(SwiftNames.literal(item.item.uid)), name: \(SwiftNames.literal(item.item.name)), group: \(SwiftNames.literal(item.item.group)), position: \(item.item.position)),")
            }
            w.line("]")
            w.line()
            w.doc("Fields in a submission record.")
            w.line("public static let fieldCount = \(plan.items.count)")
            w.line()
            w.doc("SHA-256 of the spec's validation content (`Spec.validationDigest`): a spec with this digest validates exactly as this module does.")
            w.line("@_spi(ETOSGenerated) public static let specDigest = \(SwiftNames.literal(spec.validationDigest))")
        }
        w.line()
        w.doc("Fails to compile when this code and the ETOSRuntime library come from different generator versions.")
        w.line("private typealias RuntimeCompatibility = \(SwiftNames.runtime("ETOSRuntimeVersion2"))")
        unenforcedWarnings(&w)
        return w.text
    }

    /// `DataSet`'s name, short name and version.
    func dataSetNames(_ w: inout SourceWriter) {
        let set = spec.dataSet
        w.doc("The data set's name.")
        w.line("public static let name = \(SwiftNames.literal(set.name))")
        w.doc("The data set's short name.")
        w.line("public static let shortName = \(SwiftNames.literal(set.shortName))")
        w.doc("The version of the data set the spec defines.")
        w.line("public static let version = \(SwiftNames.literal(set.version))")
    }

    /// Each warning that leaves part of the spec unenforced, as a `#warning` at its cell: every
    /// build that compiles the module shows it, not only the one that regenerated it.
    func unenforcedWarnings(_ w: inout SourceWriter) {
        let unenforced = spec.diagnostics.filter { $0.weakensEnforcement && $0.severity == .warning }
        guard sourceWarnings, !unenforced.isEmpty else { return }
        w.line()
        w.line("// What the spec leaves unenforced (etosc emit-swift --no-source-warnings, or \"sourceWarnings\": false in etos.json, leaves these out).")
        for diagnostic in unenforced {
            let cell = diagnostic.location.flatMap { $0.isShownByCell ? nil : $0.cell }.map { " [\($0)]" } ?? ""
            if let location = diagnostic.location { w.directive(sourceLocation(location)) }
            w.directive("#warning(\(SwiftNames.literal(diagnostic.message + cell)))")
            if diagnostic.location != nil { w.directive("#sourceLocation()") }
        }
    }
}
