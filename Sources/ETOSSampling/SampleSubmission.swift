import ETOSModel
@_spi(ETOSGenerated) import ETOSRuntime

extension SubmissionSampler {
    /// Writes `count` records through `emit` (fields in submission order); about
    /// `invalidRate` of them break one rule each. Returns the records made to break a rule.
    public mutating func generate(records count: Int, invalidRate: Double, emit: ([String]) -> Void) -> [Seeded] {
        let breakable = invalidRate > 0 ? breakableRules().rules : []
        var seeded: [Seeded] = []
        var previousValid: (record: [String], number: Int)?
        /// Valid records whose key a later record repeats: reported once, as the first of it.
        var repeated: Set<Int> = []
        for number in 1...max(count, 1) where count > 0 {
            var record = validRecord(number: number)
            var broke = false
            let drawn = !breakable.isEmpty && Double.random(in: 0..<1, using: &generatorCopy) < invalidRate
            // A rate above 0 gives at least one invalid record, however small the file: the
            // last one, when no earlier record was drawn.
            let forced = !drawn && !breakable.isEmpty && number == count && seeded.isEmpty
            if drawn || forced {
                let first = Int.random(in: 0..<breakable.count, using: &generatorCopy)
                // A forced record tries each rule in turn until one can be broken.
                let tried = forced ? (0..<breakable.count).map { breakable[(first + $0) % breakable.count] } : [breakable[first]]
                for rule in tried where !broke {
                    guard let broken = brokenRecord(rule, base: record, previous: previousValid?.record, salt: number) else { continue }
                    record = broken.record
                    broke = true
                    seeded.append(Seeded(record: number, rule: rule.code, findings: broken.findings))
                    if case .unique? = rule.ast, let earlier = previousValid?.number, repeated.insert(earlier).inserted {
                        seeded.append(Seeded(record: earlier, rule: rule.code, findings: [rule.code]))
                    }
                }
            }
            emit(record)
            if !broke { previousValid = (record, number) }
        }
        return seeded.sorted { $0.record < $1.record }
    }

    /// For every rule a record can break alone: a file of a valid record and the faulty one.
    public mutating func conformancePack() -> (cases: [ConformanceCase], skipped: [Skipped]) {
        let (rules, skipped) = breakableRules()
        var cases: [ConformanceCase] = []
        for rule in rules {
            let valid = validRecord(number: 1)
            let base = validRecord(number: 2)
            guard let broken = brokenRecord(rule, base: base, previous: valid, salt: 2) else { continue }
            // Every record of a repeated key is reported, the first one included.
            let earlier: [Int: [String]] = if case .unique? = rule.ast { [1: [rule.code]] } else { [:] }
            cases.append(ConformanceCase(rule: rule.code, level: rule.level, sentence: rule.text, records: [valid, broken.record], faultyRecord: 2,
                                         findings: broken.findings, earlierRecordFindings: earlier))
        }
        return (cases, skipped)
    }

    private mutating func brokenRecord(_ rule: Rule, base: [String], previous: [String]?, salt: Int) -> (record: [String], findings: [String])? {
        guard let ast = rule.ast else { return nil }
        if case .unique(let keys) = ast {
            guard let previous else { return nil }
            var record = base
            for uid in keys { if let item = spec.item(uid: uid) { record[item.position - 1] = previous[item.position - 1] } }
            return (record, [rule.code])
        }
        return violation(of: rule, base: base, salt: salt)
    }

    /// A CSV line for `fields` (RFC 4180 quoting where needed), with CRLF.
    public static func csvLine(_ fields: [String]) -> String {
        fields.map(ReportWriter.csvField).joined(separator: ",") + "\r\n"
    }
}

/// One rule's conformance test: records where record `faultyRecord` breaks only `rule`.
public struct ConformanceCase: Sendable {
    public let rule: String
    public let level: FindingLevel
    public let sentence: String
    public let records: [[String]]
    public let faultyRecord: Int
    /// What a validator must report for the faulty record (the rule's code, and any rules
    /// that cannot hold while it is broken).
    public let findings: [String]
    /// What a validator must report for records before the faulty one, by record: the first
    /// record of a key the faulty record repeats.
    public let earlierRecordFindings: [Int: [String]]
}
