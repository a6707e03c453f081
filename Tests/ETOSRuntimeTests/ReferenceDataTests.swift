@_spi(ETOSGenerated) import ETOSRuntime
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

    /// Against sets of the codes and mappings themselves: random codes (empty ones, non-ASCII
    /// ones, ones holding the byte hashed between a mapping's parts) in three data sets, looked
    /// up as text and as field bytes, present and absent.
    @Test func agreesWithSetsOfTheCodes() {
        var state: UInt64 = 5
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let alphabet = Array("AB01é\u{1F} ")
        func code() -> String { String((0..<(next() % 6)).map { _ in alphabet[next() % alphabet.count] }) }
        let sets = ["ODS ORGANISATIONS", "NICIP", "POSTCODES"]
        var data = InMemoryReferenceData()
        var codes: Set<[String]> = []
        var maps: Set<[String]> = []
        for _ in 0..<3_000 {
            let set = sets[next() % 3], value = code()
            data.add(value, to: set)
            codes.insert([set, value])
            let from = code(), to = code()
            data.addMapping(from: from, to: to, in: "NICIP TO SNOMED")
            maps.insert([from, to])
        }
        var wrong = 0
        for _ in 0..<6_000 {
            let set = sets[next() % 3], value = code()
            let asText = data.contains(value, in: set)
            let asBytes = value.withFieldBytes { data.anyPeriod(of: $0, in: set) { _ in true } }
            if asText != codes.contains([set, value]) || asBytes != asText { wrong += 1 }
            let from = code(), to = code()
            if data.maps(from, to: to, in: "NICIP TO SNOMED") != maps.contains([from, to]) { wrong += 1 }
        }
        #expect(wrong == 0)
        #expect(Set(data.mappings(in: "NICIP TO SNOMED").map { [$0.from, $0.to] }) == maps)
        #expect(Set(sets.flatMap { set in data.codes(in: set).map { [set, $0] } }) == codes)
    }
}
