import Foundation
import Testing

/// The HTML report in a real browser: Chromium, headless, as `.ci/run` installs it.
@Suite("The HTML report in a headless browser")
struct HTMLReportBrowserTests {
    /// `etosc validate --format html` on the bundled sample renders its verdict and chart,
    /// with nothing in the console (no error, no blocked request), and a screenshot is taken
    /// (kept as `.build/reports/validation-report.png`).
    @Test(.enabled(if: HeadlessChromium.path != nil, "no headless Chromium (apt-get install chromium-headless-shell): the HTML report is not checked in a browser"))
    func theReportRendersItsVerdictAndChartWithoutConsoleErrors() throws {
        let directory = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try EtoscProcess.run(["validate", "--spec", "Spec/DIDS-v2.0-ETOS.xml", "--reporting-period", "2026-04", "--submission-date", "2026-05-10",
                                           "--reference-data", "Spec/Samples/ReferenceData", "--format", "html", "--max-findings", "5", "--output", "report.html",
                                           "Spec/Samples/DIDS-v2.0-sample.csv"], in: directory)
        #expect(result.status == 2, "\(result.stderr)")
        let page = directory.appendingPathComponent("report.html")

        let screenshot = directory.appendingPathComponent("report.png")
        let shot = try HeadlessChromium.run(["--screenshot=\(screenshot.path)", "--window-size=1280,1600", page.absoluteString])
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        #expect(png.count > 20_000, "a blank page compresses to a few kilobytes; this is \(png.count) bytes")
        #expect(png.count > 24 && png[16..<20].reduce(0) { $0 << 8 | Int($1) } == 1280, "screenshot width")
        let kept = EtoscProcess.packageRoot.appendingPathComponent(".build/reports")
        try? FileManager.default.createDirectory(at: kept, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: kept.appendingPathComponent("validation-report.png"))
        try? FileManager.default.copyItem(at: screenshot, to: kept.appendingPathComponent("validation-report.png"))
        #expect(HeadlessChromium.consoleMessages(shot.log).isEmpty, "\(HeadlessChromium.consoleMessages(shot.log))")

        let dom = try HeadlessChromium.run(["--dump-dom", page.absoluteString])
        #expect(HeadlessChromium.consoleMessages(dom.log).isEmpty, "\(HeadlessChromium.consoleMessages(dom.log))")
        #expect(dom.output.contains("<h2>File rejected</h2>"))
        #expect(dom.output.components(separatedBy: "<rect class=\"file-rejection\"").count - 1 == 8)
        #expect(dom.output.contains("Listing 5 of 11 findings (--max-findings 5"))
    }

    /// The console check can fail: a page with a script error and a blocked request is caught.
    @Test(.enabled(if: HeadlessChromium.path != nil, "no headless Chromium (apt-get install chromium-headless-shell)"))
    func theConsoleCheckCatchesAScriptErrorAndABlockedRequest() throws {
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("etosc-broken-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: page) }
        try #"<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'"><img src="http://example.invalid/x.png"><script>throw new Error("boom")</script>"#
            .write(to: page, atomically: true, encoding: .utf8)
        let messages = HeadlessChromium.consoleMessages(try HeadlessChromium.run(["--dump-dom", page.absoluteString]).log)
        #expect(messages.contains { $0.contains("Uncaught Error: boom") }, "\(messages)")
        #expect(messages.contains { $0.contains("Content Security Policy") }, "\(messages)")
    }
}

/// Chromium's headless shell (or Chromium itself), run once per page.
enum HeadlessChromium {
    static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        for name in ["chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"] {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") { return "\(directory)/\(name)" }
        }
        return nil
    }()

    /// Runs the browser on `arguments`: its standard output and its log (standard error).
    static func run(_ arguments: [String]) throws -> (output: String, log: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path))
        // No sandbox: CI runs as root in a container. Logging to standard error shows the console.
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-logging=stderr", "--v=0",
                             "--user-data-dir=\(FileManager.default.temporaryDirectory.appendingPathComponent("etosc-chromium-\(UUID().uuidString)").path)"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let log = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: output, as: UTF8.self), String(decoding: log, as: UTF8.self))
    }

    /// What the page wrote to the console (`…:INFO:CONSOLE…] "message", source: …`): errors,
    /// warnings and blocked requests alike; a page without script writes nothing.
    static func consoleMessages(_ log: String) -> [String] {
        log.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
    }
}
