import ArgumentParser
import ETOSCodegen
import ETOSModel
import ETOSRuntime
import Foundation

/// `etosc export --format table-schema|dischema|reference-data SPEC`: the spec's checks for
/// other engines, and the reference tables their SQL reads.
public struct ExportCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the spec's checks as a frictionless Table Schema or an NHS England DVE dischema, or the reference tables a dischema reads.",
        discussion: """
        table-schema: fields in submission order with required, length, pattern, enum and type \
        constraints and the uniqueness rule as primary key; rules a Table Schema cannot state \
        are listed under x-etos-not-expressed.
        dischema: the DVE data contract and every check as a DuckDB filter with the ETOS code, \
        level and message. Rules comparing with the reporting period or submission date read \
        DVE template parameters; give the facts here to fill them in, or set them in DVE. \
        Reference-data rules look codes up in the tables listed under x_etos.reference_entities.
        reference-data: those tables as CSV files (code,start,end or from,to), built from the \
        --reference-data directory etosc validate reads, written into the --output directory; \
        scripts/load_reference_data.py loads them into DuckDB or Spark (docs/INTEROP.md).
        """
    )

    public func validate() throws {
        if dialect != .duckdb, format != .dischema { throw ValidationError("--dialect applies to --format dischema") }
        if format == .referenceData {
            if referenceData == nil { throw ValidationError("--format reference-data needs --reference-data DIR (the files etosc validate reads)") }
            if output == nil { throw ValidationError("--format reference-data needs --output DIR (one CSV file per table)") }
        } else if referenceData != nil {
            throw ValidationError("--reference-data applies to --format reference-data")
        }
    }

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case tableSchema = "table-schema", dischema
        case referenceData = "reference-data"
    }

    @Option(name: .long, help: "What to export: a frictionless Table Schema, a data-validation-engine dischema, or the reference tables a dischema reads.")
    var format: Kind

    @Argument(help: "An ETOS file.")
    var spec: String

    @Option(name: .long, help: "Write here (atomically) instead of standard output; for reference-data, the directory to write.")
    var output: String?

    @Option(name: .long, help: "For reference-data: a directory of reference-data files in the layouts etosc validate reads (Spec/Samples/README.md).")
    var referenceData: String?

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
        case .referenceData where model.isRelational:
            FileHandle.standardError.write(Data("etosc: \(path): \(GeneratedLayout.relationalGap("the reference tables"))\n".utf8))
            throw ExitCode(1)
        case .referenceData:
            return try writeReferenceTables(for: model)
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

    /// Writes the tables the spec's dischema reads; a table whose data set the directory lacks
    /// is a warning (its rules then have no table to read), an error under `--strict`.
    private func writeReferenceTables(for model: Spec) throws {
        guard let referenceData, let output else { return }
        let data: InMemoryReferenceData
        do {
            data = try ReferenceDataFiles.load(directory: referenceData)
        } catch {
            FileHandle.standardError.write(Data("error: reference data: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let tables = ExportPlan(spec: model).referenceEntities
        let written = ReferenceTables(tables, from: data)
        for table in written.missing {
            let level = specOptions.strict ? "error" : "warning"
            FileHandle.standardError.write(Data("\(level): \(referenceData) holds no \(table.dataset): \(table.name) is not written, and the rules reading it cannot run\n".utf8))
        }
        if specOptions.strict, !written.missing.isEmpty { throw ExitCode(1) }
        for table in tables where ReferenceDataFiles.datasetName(forFile: table.fileName) != table.dataset {
            FileHandle.standardError.write(Data("warning: \(table.fileName) reads back as \(ReferenceDataFiles.datasetName(forFile: table.fileName)), not \(table.dataset): etosc validate --reference-data \(output) will not find it\n".utf8))
        }
        _ = try DirectorySwap.replace(files: written.files, under: output, ownedFolders: [])
    }
}

extension SQLDialect: ExpressibleByArgument {}
