import ETOSModel
import ETOSSpreadsheet
import Foundation
import Testing

/// Property: any grid of cells, written as SpreadsheetML (sparse, with indexes, merges,
/// escapes and line breaks), reads back as the same cells.
@Suite("Spreadsheet round trip")
struct RoundTripPropertyTests {
    private struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private static let alphabet: [String] = ["a", "Z", "0", " ", "&", "<", ">", "\"", "'", "\n", "é", "–", "𝔸", "\t", ",", "=", "]]>"]

    private func randomText(_ generator: inout Generator) -> String {
        (0..<Int.random(in: 1...12, using: &generator)).map { _ in Self.alphabet.randomElement(using: &generator)! }.joined()
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\n", with: "&#10;").replacingOccurrences(of: "\t", with: "&#9;")
    }

    @Test(arguments: 1...40)
    func cellsSurviveWritingAndReading(seed: Int) throws {
        var generator = Generator(state: UInt64(seed))
        var expected: [String: (value: String, merge: Int)] = [:]
        var xml = "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"S\"><Table>"
        var row = 0
        for _ in 0..<Int.random(in: 1...15, using: &generator) {
            row += Int.random(in: 1...3, using: &generator)
            xml += Bool.random(using: &generator) || row == 1 ? "<Row ss:Index=\"\(row)\">" : "<Row ss:Index=\"\(row)\">"
            var column = 0
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let skip = Int.random(in: 0...2, using: &generator)
                let merge = Int.random(in: 0...4, using: &generator) == 0 ? Int.random(in: 1...2, using: &generator) : 0
                let useIndex = skip > 0 || Bool.random(using: &generator)
                column += skip + 1
                let value = randomText(&generator)
                xml += "<Cell\(useIndex ? " ss:Index=\"\(column)\"" : "")\(merge > 0 ? " ss:MergeAcross=\"\(merge)\"" : "")><Data ss:Type=\"String\">\(escape(value))</Data></Cell>"
                expected["\(columnLetters(column))\(row)"] = (value, merge)
                column += merge
            }
            xml += Bool.random(using: &generator) ? "</Row>\n" : "</Row>"
        }
        xml += "</Table></Worksheet></Workbook>"
        let sheet = try #require(try SpreadsheetReader.read(data: Data(xml.utf8), file: "p.xml").sheets.first)
        let cells = sheet.rows.flatMap(\.cells)
        #expect(cells.count == expected.count)
        for cell in cells {
            let reference = cell.location.cellReference ?? ""
            #expect(cell.value == expected[reference]?.value, "\(reference)")
            #expect(cell.mergeAcross == expected[reference]?.merge, "\(reference)")
        }
    }
}
