@testable import ETOSCodegen
import ETOSModel
import Testing

/// Lists rules compare with are declared once each, named after the first rule using them.
@Suite("Rule list constants")
struct RuleListConstantsTests {
    @Test func eachListIsDeclaredOnceAndNamedAfterItsFirstRule() {
        let offsets = ["+00:00", "Z"]
        let a = Check.Field(uid: "A", index: 0, kind: .timestamp)
        let b = Check.Field(uid: "B", index: 1, kind: .timestamp)
        let c = Check.Field(uid: "C", index: 2, kind: .alphanumeric)
        let lists = RuleListConstants(rules: [
            ("r1", .timeZoneOffset(a, allowed: offsets)),
            ("r2", .timeZoneOffset(b, allowed: offsets)),
            ("r3", .when(.not(.equals(a, values: ["1", "2"])),
                         then: .when(.equals(b, values: ["3"]), then: .oneOf(c, codes: ["X", "Y"], list: nil)))),
            ("r4", .populated(a)),
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
