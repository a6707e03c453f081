import ETOSFrontend
@testable import ETOSModel
import Foundation
import Testing

/// `Spec.validationDigest`, by which `etosc validate` picks a linked generated module.
@Suite("The spec's validation digest")
struct ValidationDigestTests {
    private func compile(_ path: String) throws -> Spec {
        try SpecCompiler.compile(contentsOf: packageRoot.appendingPathComponent(path).path, displayName: path)
    }

    /// FIPS 180-4's examples, and a message that pads into a second block.
    @Test func sha256MatchesThePublishedVectors() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    /// The same content in another file format (other lines, columns and file name) has the
    /// same digest; v1.0 and v2.0 differ.
    @Test func theDigestIgnoresWhereTheContentCameFrom() throws {
        let xml = try compile("Spec/DIDS-v2.0-ETOS.xml")
        let fods = try compile("Tests/ETOSSpreadsheetTests/Fixtures/DIDS-v2.0-ETOS-libreoffice.fods")
        #expect(fods.source != xml.source)
        #expect(fods.validationDigest == xml.validationDigest)
        #expect(xml.validationDigest.count == 64)
        #expect(try compile("Spec/DIDS-v1.0-ETOS.xml").validationDigest != xml.validationDigest)
    }

    /// Any change to what a rule checks changes the digest.
    @Test func aChangedRuleOrCodeChangesTheDigest() throws {
        let spec = try compile("Spec/DIDS-v2.0-ETOS.xml")
        var level = spec
        level.rules[0].level = level.rules[0].level == .warning ? .recordRejection : .warning
        var code = spec
        code.codeLists[0].codes.removeLast()
        var format = spec
        format.items[3].format.maxLength += 1
        let digests = Set([spec, level, code, format].map(\.validationDigest))
        #expect(digests.count == 4)
    }
}
