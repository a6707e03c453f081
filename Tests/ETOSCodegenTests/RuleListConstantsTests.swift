@testable import ETOSCodegen
import ETOSModel
import Testing

/// Lists rules compare with are declared once each, named after the first rule using them.
@Suite("Rule list constants")
struct RuleListConstantsTests {
    @Test func eachListIsDeclaredOnceAndNamedAfterItsFirstRule() {
        let offsets = ["+00:00", "Z"]
        let lists = RuleListConstants(rules: [
            ("r1", .timeZoneOffset(item: "A", allowed: offsets)),
            ("r2", .timeZoneOffset(item: "B", allowed: offsets)),
            ("r3", .implies(condition: .not(condition: .equals(item: "A", values: ["1", "2"])),
                            then: .implies(condition: .equals(item: "B", values: ["3"]), then: .oneOf(item: "C", codes: ["X", "Y"])))),
            ("r4", .populated(item: "A")),
        ])
        #expect(lists.name(.offsets, offsets) == "r1Offsets")
        #expect(lists.declarations["r1"]?.map(\.name) == ["r1Offsets"])
        #expect(lists.declarations["r2"] == nil)
        #expect(lists.declarations["r3"]?.map(\.name) == ["r3Values", "r3Values2", "r3Codes"])
        #expect(lists.name(.values, ["3"]) == "r3Values2")
        #expect(lists.declarations["r3"]?.map(\.kind.type) == ["[String]", "[String]", "CodeSet"])
        #expect(lists.declarations["r1"]?.map(\.kind.type) == ["CodeSet"])
        #expect(lists.declarations["r4"] == nil)
    }
}
