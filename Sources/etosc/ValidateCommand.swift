import ArgumentParser
@_spi(ETOSGenerated) import DIDS
@_spi(ETOSGenerated) import DIDSV1
@_spi(ETOSGenerated) import IPEDS
import ETOSCommandLine
@_spi(ETOSGenerated) import ETOSInterpreter
import ETOSModel
import ETOSReports
@_spi(ETOSGenerated) import ETOSRuntime
import Foundation

/// `etosc validate --spec SPEC FILE`: checks a CSV submission against every rule of a spec.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate a CSV submission against a spec and report every finding.",
        discussion: """
        Exit status: 0 no rejections (warnings allowed); 1 one or more records rejected (or, with \
        --require-all-rules, a rule could not run); 2 the file rejected (an empty file, the wrong \
        delimiter and a header that is not the spec's included); 3 the validation could not run \
        (a spec with errors, a missing or unreadable file, a directory, a binary file, bad \
        reference data).
        The JSON report's schema is in docs/REPORT.md. Build etosc in release mode for large \
        files (swift build -c release): a debug build validates about 20 times slower.
        """
    )

    @Option(name: .long, help: "The ETOS (.xlsx, .xlsm, .fods or XML Spreadsheet 2003).")
    var spec: String

    @Argument(help: "The submission (CSV); - reads standard input. For a relational spec (one with a Tables sheet), a folder or .zip of one CSV file per table, each named after its table.")
    var file: String

    @OptionGroup var facts: SubmissionFactsOptions

    @Option(name: .long, help: "Whether the first row is a header (auto: when most of its fields are the spec's item names).")
    var header: HeaderMode = .auto

    @Option(name: .long, help: "The file's text encoding.")
    var encoding: TextEncoding = .utf8

    @Option(name: .long, help: "The report's format (docs/REPORT.md): text, json, jsonl and csv stream; html (one self-contained page) and xlsx (sheets Summary and Findings; needs --output) are written at the end.")
    var format: ValidateFormat = .text

    @Option(name: .long, help: "Write the report here (atomically) instead of standard output.")
    var output: String?

    @Option(name: .long, help: "A directory of reference-data CSV files (layout in Spec/Samples/README.md).")
    var referenceData: String?

    @Option(name: .long, parsing: .unconditional, help: "List at most N findings; the summary's counts stay exact.")
    var maxFindings: Int = Self.defaultMaxFindings

    @Flag(name: .long, help: "List every finding, however many (a file of the wrong data set can have millions).")
    var allFindings = false

    /// The default cap on findings listed: enough for any file worth reading finding by
    /// finding, small enough that a file of the wrong data set does not write gigabytes.
    static let defaultMaxFindings = 100_000

    @Option(name: .long, parsing: .unconditional, help: "Threads checking records (default: one per processor core).")
    var jobs: Int?

    @Flag(name: .long, help: "Exit 1 when a rule could not run (its reference data or a submission date not given), naming the rules.")
    var requireAllRules = false

    @Option(name: .long, help: "How records are checked: auto (a bundled spec by its generated module, linked into etosc and picked by the spec's content digest; any other spec interpreted), generated (only a bundled spec), interpreted (any spec). Every engine gives the same findings.")
    var engine: ValidationEngine = .auto

    @OptionGroup var specOptions: SpecOptions

    func validate() throws {
        if maxFindings < 0 { throw ValidationError("--max-findings must be 0 or more") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
        if format == .xlsx, output == nil { throw ValidationError("--format xlsx needs --output FILE (a workbook is not text for a terminal)") }
    }

    func run() throws {
        let submission = try facts.context()
        var reference: InMemoryReferenceData?
        if let referenceData {
            do {
                reference = try ReferenceDataFiles.load(directory: referenceData)
            } catch {
                throw Self.cannotRun("reference data: \(error)")
            }
        }
        guard let model = SpecInput.compile(path: spec, options: specOptions, quiet: true) else {
            throw Self.cannotRun("the spec has errors (listed above)")
        }
        let context = ValidationContext(submission: submission, referenceData: reference)
        if model.isRelational { return try validateRelational(model, context) }
        let input: FileInput
        do {
            input = try FileInput(path: file)
        } catch {
            throw Self.cannotRun("\(error)")
        }
        Self.noteDebugBuild(for: file)
        let module = engine == .interpreted ? nil : LinkedModule.generated(from: model)
        if engine == .generated, module == nil {
            let linked = LinkedModule.allCases.map(\.title).joined(separator: ", ")
            throw Self.cannotRun("no generated module is linked for this spec (etosc links \(linked)); its content digest is \(model.validationDigest)")
        }
        switch module {
        case .didsV2: try report(DIDS.SubmissionValidator(context: context), input, model)
        case .didsV1: try report(DIDSV1.SubmissionValidator(context: context), input, model)
        case .ipeds, nil: try report(InterpretedSubmissionValidator(spec: model, context: context), input, model)
        }
    }

    /// Checks `input` with `validator` and writes the report; throws the exit status.
    /// Generic, so that each validator's checks are specialised into the loop.
    private func report<Validator: SubmissionValidating>(_ validator: Validator, _ input: FileInput, _ model: Spec) throws {
        let run = SubmissionRun(validator: validator, input: input, encoding: encoding, header: header, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let progress = Progress(file: file)
        try writeReport(model, tables: false) { found in
            do {
                while let record = try run.next() {
                    for finding in record.findings { found(finding) }
                    progress?.update(bytes: run.bytesRead, records: record.recordNumber)
                }
            } catch {
                progress?.finish()
                throw Self.cannotRun("reading \(file): \(error)")
            }
            progress?.finish()
            return run.summary
        }
    }

    /// Checks a relational submission (a folder or .zip of one CSV per table) table by table,
    /// parents first, and writes the report; throws the exit status.
    private func validateRelational(_ model: Spec, _ context: ValidationContext) throws {
        let module = engine == .interpreted ? nil : LinkedModule.generated(from: model)
        if engine == .generated, module == nil {
            throw Self.cannotRun("no generated module is linked for this spec (etosc links \(LinkedModule.allCases.map(\.title).joined(separator: ", "))); its content digest is \(model.validationDigest)")
        }
        let folder: SubmissionFolder
        do {
            folder = try SubmissionFolder(path: file)
        } catch {
            throw Self.cannotRun("\(error)")
        }
        let jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        if module == .ipeds {
            return try writeReport(model, tables: true) { found in
                do {
                    return try IPEDS.Submission(context: context).validate(fileNames: folder.names, open: folder.input, encoding: encoding, header: header, jobs: jobs, found)
                } catch {
                    throw Self.cannotRun("reading \(file): \(error)")
                }
            }
        }
        let validator = InterpretedRelationalValidator(spec: model, context: context)
        let run = RelationalSubmissionRun(layout: validator.layout, fileNames: folder.names)
        try writeReport(model, tables: true) { found in
            for finding in run.fileFindings { found(finding) }
            for table in validator.layout.checkingOrder {
                guard let name = run.file(of: table) else { continue }
                do {
                    let input = try folder.input(name)
                    try run.check(table: table, input: input, with: validator.tables[table], linked: validator.linked[table],
                                  encoding: encoding, header: header, jobs: jobs, found)
                } catch let exit as ExitCode {
                    throw exit
                } catch {
                    throw Self.cannotRun("reading \(name) of \(file): \(error)")
                }
            }
            return run.finish(found)
        }
    }

    /// Writes the report of the findings `produce` gives (its summary returned at the end),
    /// in the chosen format, listing at most the maximum; throws the exit status.
    private func writeReport(_ model: Spec, tables: Bool, _ produce: (_ found: (ReportedFinding) -> Void) throws -> ValidationSummary) throws {
        let sink = try ReportSink(path: output)
        let streamed = format.streamed
        var writer = ReportWriter(format: streamed ?? .text, colour: output == nil && isatty(1) == 1 && format == .text, tables: tables) { sink.write($0) }
        var collected: [ReportedFinding] = []
        if streamed != nil { writer.begin() }
        var listed = 0
        var summary = try produce { finding in
            guard allFindings || listed < maxFindings else { return }
            if streamed != nil { writer.write(finding) } else { collected.append(finding) }
            listed += 1
        }
        summary.findingsListed = listed
        if streamed != nil {
            if let text = writer.end(summary) { FileHandle.standardError.write(Data(text.utf8)) }
        } else {
            let document = ValidationDocument(spec: model, submission: SpecInput.portablePath(file), summary: summary, findings: collected,
                                              maxFindings: allFindings ? nil : maxFindings)
            switch format {
            case .xlsx:
                do { sink.write(bytes: try XLSXReport.render(document)) } catch { throw Self.cannotRun("the workbook would pass 4 GB") }
            default: sink.write(HTMLReport.render(document))
            }
            FileHandle.standardError.write(Data(ReportWriter.text(summary, colour: false).utf8))
        }
        try sink.close()
        if summary.findingsListed < summary.findingsTotal {
            FileHandle.standardError.write(Data("etosc: listed \(summary.findingsListed) of \(summary.findingsTotal) findings (--max-findings \(maxFindings)); --all-findings lists every one\n".utf8))
        }
        let notRun = summary.rulesNotRun.keys.sorted()
        if requireAllRules, !notRun.isEmpty {
            FileHandle.standardError.write(Data("etosc: \(notRun.count) rule\(notRun.count == 1 ? "" : "s") could not run (--require-all-rules): \(notRun.joined(separator: ", ")); give --reference-data and the submission's dates\n".utf8))
        }
        if summary.fileRejected { throw ExitCode(2) }
        if summary.recordsRejected > 0 || (requireAllRules && !notRun.isEmpty) { throw ExitCode(1) }
    }

    /// Says so when a debug build is about to validate a large file (SwiftPM builds debug by
    /// default, and `swift run etosc` is the first command a newcomer tries).
    static func noteDebugBuild(for file: String) {
        #if DEBUG
        guard let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size > 10_000_000 else { return }
        FileHandle.standardError.write(Data("etosc: note: this is a debug build, which validates about 20 times slower than a release build (swift build -c release, or swift run -c release etosc …)\n".utf8))
        #endif
    }

    /// A one-line reason and exit status 3.
    static func cannotRun(_ reason: String) -> ExitCode {
        FileHandle.standardError.write(Data("etosc: cannot validate: \(reason)\n".utf8))
        return ExitCode(3)
    }
}

extension HeaderMode: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}

/// What `validate` writes: one of the runtime's streamed report formats, or a document made
/// at the end (ETOSReports).
enum ValidateFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, jsonl, csv, html, xlsx

    /// The runtime's format, for those written finding by finding.
    var streamed: ReportFormat? { ReportFormat(rawValue: rawValue) }
}
extension ValidationEngine: ExpressibleByArgument {}

/// Where the report goes: standard output, or a temporary file renamed into place at the end.
final class ReportSink {
    private let handle: FileHandle
    private let path: String?
    private let temporary: String?
    private var buffer: [UInt8] = []

    init(path: String?) throws {
        self.path = path
        guard let path else {
            handle = .standardOutput
            temporary = nil
            return
        }
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).etosc-\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw ValidateCommand.cannotRun("cannot write \(path): \(String(cString: strerror(errno)).lowercased())")
        }
        self.handle = handle
        self.temporary = temporary
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { write(bytes: $0) }
    }

    func write(bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count > 1 << 16 { flush() }
    }

    private func flush() {
        buffer.withUnsafeBytes { handle.write(Data($0)) }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        guard let temporary, let path else { return }
        try handle.close()
        guard rename(temporary, path) == 0 else { throw ValidateCommand.cannotRun("cannot write \(path)") }
    }
}

/// A progress line on standard error, for large files on a terminal.
final class Progress {
    private let size: Int
    private var last = ContinuousClock.now

    init?(file: String) {
        guard isatty(2) == 1, file != "-",
              let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size > 20_000_000 else { return nil }
        self.size = size
    }

    func update(bytes: Int, records: Int) {
        let now = ContinuousClock.now
        guard now - last > .milliseconds(250) else { return }
        last = now
        let percent = min(100, bytes * 100 / max(size, 1))
        let bar = String(repeating: "#", count: percent / 4) + String(repeating: " ", count: 25 - percent / 4)
        FileHandle.standardError.write(Data("\r[\(bar)] \(percent)% \(records) records".utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
