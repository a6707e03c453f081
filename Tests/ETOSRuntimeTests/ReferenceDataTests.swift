import ETOSRuntime
import Testing

@Suite("Reference data in memory")
struct ReferenceDataTests {
    @Test func answersLookupsAndKeepsCopiesApart() {
        var original = InMemoryReferenceData()
        original.add("RR8", to: "ODS ORGANISATIONS")
        original.add("GONE", to: "ODS ORGANISATIONS", periods: [])
        original.addMapping(from: "XCHES", to: "169069000", in: "NICIP TO SNOMED")
        #expect(original.contains("RR8", in: "ODS ORGANISATIONS") == true)
        #expect(original.contains("GONE", in: "ODS ORGANISATIONS") == false)
        #expect(original.contains("RR8", in: "NICIP") == nil)
        #expect(original.maps("XCHES", to: "169069000", in: "NICIP TO SNOMED") == true)

        // Tables are shared until a copy changes; the change stays in that copy.
        var copy = original
        copy.add("RX1", to: "ODS ORGANISATIONS")
        copy.declare("NICIP")
        #expect(copy.contains("RX1", in: "ODS ORGANISATIONS") == true)
        #expect(original.contains("RX1", in: "ODS ORGANISATIONS") == false)
        #expect(original.contains("RR8", in: "NICIP") == nil)
        #expect(copy.contains("RR8", in: "NICIP") == false)
        #expect(original.codes(in: "ODS ORGANISATIONS") == ["GONE", "RR8"])
    }

    @Test func findsEveryCodeAfterTheTableGrows() {
        var data = InMemoryReferenceData()
        for number in 0..<5_000 {
            data.add("ORG\(number)", to: number % 2 == 0 ? "ODS ORGANISATIONS" : "NICIP")
        }
        data.add("ORG0", to: "ODS ORGANISATIONS", periods: [ActivePeriod(end: ISODate(year: 2020, month: 1, day: 1))])
        let missing = (0..<5_000).filter { data.contains("ORG\($0)", in: $0 % 2 == 0 ? "ODS ORGANISATIONS" : "NICIP") != true }
        #expect(missing.isEmpty)
        #expect(data.contains("ORG1", in: "ODS ORGANISATIONS") == false)
        #expect(data.periods(of: "ORG0", in: "ODS ORGANISATIONS")?.count == 2)
        #expect(data.codes(in: "NICIP").count == 2_500)
        #expect(data.codes(in: "NICIP") == data.codes(in: "NICIP").sorted())
    }
}
