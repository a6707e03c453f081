import Foundation
import Testing

/// The README's command excerpts are real output: each block after a
/// `<!-- checked: etosc ARGS -->` marker is compared with what `etosc ARGS` prints now.
/// Lines starting with `$ ` are the commands (a trailing `\` continues one); `…` stands for
/// lines left out, and without it the block is the whole output; `$ echo $?` is followed by
/// the exit status.
@Suite("README excerpts match the product")
struct ReadmeTests {
    struct Excerpt {
        let arguments: [String]
        let lines: [String]
        let status: Int32?
        let elided: Bool
    }

    static func excerpts() throws -> [Excerpt] {
        let readme = try String(contentsOf: EtoscProcess.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        var excerpts: [Excerpt] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.hasPrefix("<!-- checked: etosc "), line.hasSuffix(" -->") else { continue }
            let arguments = line.dropFirst("<!-- checked: etosc ".count).dropLast(" -->".count).split(separator: " ").map(String.init)
            guard index < lines.count, lines[index] == "```" else { continue }
            index += 1
            var body: [String] = []
            var status: Int32?
            var continued = false
            while index < lines.count, lines[index] != "```" {
                let text = lines[index]
                index += 1
                if continued { continued = text.hasSuffix("\\"); continue }
                if text == "$ echo $?", index < lines.count {
                    status = Int32(lines[index])
                    index += 1
                } else if text.hasPrefix("$ ") {
                    continued = text.hasSuffix("\\")
                } else {
                    body.append(text)
                }
            }
            excerpts.append(Excerpt(arguments: arguments, lines: body.filter { $0 != "…" }, status: status, elided: body.contains("…")))
        }
        return excerpts
    }

    @Test func everyCheckedExcerptIsTheRealOutput() throws {
        let excerpts = try Self.excerpts()
        #expect(excerpts.count >= 4, "the README's checked excerpts were not found")
        let workspace = try EtoscProcess.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        for excerpt in excerpts {
            let result = try EtoscProcess.run(excerpt.arguments, in: workspace)
            let command = "etosc " + excerpt.arguments.joined(separator: " ")
            if let status = excerpt.status { #expect(result.status == status, "\(command): exit status") }
            let output = result.stdout.components(separatedBy: "\n").filter { !$0.isEmpty }
            let shown = excerpt.lines.filter { !$0.isEmpty }
            if !excerpt.elided {
                #expect(output == shown, "README excerpt of `\(command)` differs from its output:\n\(result.stdout)")
                continue
            }
            // In order, each line whole.
            var next = output.startIndex
            for line in shown {
                guard let found = output[next...].firstIndex(of: line) else {
                    Issue.record("README excerpt of `\(command)`: no such line in the output (or out of order): \(line)")
                    break
                }
                next = found + 1
            }
        }
    }
}
