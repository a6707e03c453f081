import ArgumentParser
import ETOSCodegen
import ETOSModel
import Foundation

/// `etosc export --format table-schema|dischema SPEC`: the spec's checks for other engines.
public struct ExportCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the spec's checks as a frictionless Table Schema or an NHS England DVE dischema.",
        discussion: """
        table-schema: fields in submission order with required, length, pattern, enum and type \
        constraints and the uniqueness rule as primary key; rules a Table Schema cannot state \
        are listed under x-etos-not-expressed.
        dischema: the DVE data contract and every check as a DuckDB filter with the ETOS code, \
        level and message. Rules comparing with the reporting period or submission date read \
        DVE template parameters; give the facts here to fill them in, or set them in DVE.
        """
    )

    public func validate() throws {
        if dialect != .duckdb, format != .dischema { throw ValidationError("--dialect applies to --format dischema") }
    }

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case tableSchema = "table-schema", dischema
    }

    @Option(name: .long, help: "What to export: a frictionless Table Schema, or a data-validation-engine dischema.")
    var format: Kind

    @Argument(help: "An ETOS file.")
    var spec: String

    @Option(name: .long, help: "Write here (atomically) instead of standard output.")
    var output: String?

    @Option(name: .long, help: "The SQL of a dischema's filters: duckdb (the default) or spark (Spark SQL 3.5; docs/INTEROP.md).")
    var dialect: SQLDialect = .duckdb

    @OptionGroup var facts: SubmissionFactsOptions

    @OptionGroup var specOptions: SpecOptions

    public func run() throws {
        let context = try facts.context()
        guard let model = SpecInput.compile(path: spec, options: specOptions, quiet: true) else { throw ExitCode(1) }
        let path = SpecInput.portablePath(spec)
        let text: String
        switch format {
        case .tableSchema:
            text = TableSchemaEmitter(spec: model, specPath: path).document()
        case .dischema:
            var parameters: [String: String] = [:]
            parameters["reporting_period_start"] = context.reportingPeriodStart?.description
            parameters["reporting_period_end"] = context.reportingPeriodEnd?.description
            parameters["submission_date"] = context.submissionDate?.description
            text = DischemaEmitter(spec: model, specPath: path, parameters: parameters, dialect: dialect).document()
        }
        if let output {
            try AtomicWriter.write(text, to: output)
        } else {
            print(text, terminator: "")
        }
    }
}

extension SQLDialect: ExpressibleByArgument {}
