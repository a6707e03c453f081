import ETOSModel

/// One form of the rule-sentence language: its pattern, an example, what it means, and
/// how its captures become a ``RuleExpression``. The table below is the language: the
/// parser tries it in order and `docs/RULES.md` is generated from it.
public struct RuleSentenceForm: Sendable {
    public let family: String
    /// The pattern, with slots in angle brackets; "Must …" forms apply to the rule's item.
    public let pattern: String
    public let example: String
    public let meaning: String
    let build: @Sendable (FormContext) throws(FormError) -> RuleExpression
}

/// What a form's builder can use.
struct FormContext {
    let captures: [String: SentenceMatcher.Capture]
    /// The rule's own item (the first in its Data Item cell), for sentences starting "Must".
    let subject: String?
    let spec: SpecLookup
    let parseSentence: (String) throws(FormError) -> RuleExpression
    /// Parses a "Must …" sentence about another item than the rule's own.
    let parseSentenceAbout: (_ item: String, _ sentence: String) throws(FormError) -> RuleExpression
    let parseCondition: (String) throws(FormError) -> RuleExpression.Condition

    func item(_ name: String = "item") throws(FormError) -> String {
        if case .item(let uid)? = captures[name] { return uid }
        throw FormError("expected a data item")
    }

    func items(_ name: String = "items") -> [String] {
        if case .items(let uids)? = captures[name] { return uids }
        return []
    }

    func number(_ name: String = "n") -> Int {
        if case .number(let value)? = captures[name] { return value }
        return 0
    }

    func unit() -> CalendarUnit {
        if case .unit(let unit)? = captures["unit"] { return unit }
        return .days
    }

    func operand() -> RuleExpression.Operand {
        if case .operand(let operand)? = captures["operand"] { return operand }
        return .submissionDate
    }

    func text(_ name: String) -> String {
        switch captures[name] {
        case .text(let text)?: text
        case .date(let text)?: text
        default: ""
        }
    }

    func codes() -> [String] {
        if case .codes(let codes)? = captures["codes"] { return codes }
        return []
    }

    func subjectItem() throws(FormError) -> String {
        guard let subject else { throw FormError("a sentence starting 'Must' needs the rule's Data Item") }
        return subject
    }
}

/// Item and code-list facts the builders check against.
struct SpecLookup: Sendable {
    let items: [String: DataItem]
    let codeLists: Set<String>
    /// The tables of a relational spec (nil in a flat one).
    var tables: TableContext? = nil

    func format(of uid: String) -> Format? { items[uid]?.format }
}

/// Why a sentence does not make a rule, as it travels out of the builders.
struct FormError: Error, Sendable {
    let failure: RuleSentenceParser.Failure
    init(_ message: String) { failure = .invalid(message) }
    init(_ failure: RuleSentenceParser.Failure) { self.failure = failure }
}

extension RuleSentenceForm {
    private static func form(_ family: String, _ pattern: String, _ example: String, _ meaning: String,
                             _ build: @escaping @Sendable (FormContext) throws(FormError) -> RuleExpression) -> RuleSentenceForm {
        RuleSentenceForm(family: family, pattern: pattern, example: example, meaning: meaning, build: build)
    }

    /// Every form, in the order the parser tries them.
    public static let all: [RuleSentenceForm] = [
        // Presence
        form("presence", "must be populated", "Must be populated", "the item is not blank") { c throws(FormError) in .populated(item: try c.subjectItem()) },
        form("presence", "must not be blank", "Must not be blank", "the item is not blank") { c throws(FormError) in .populated(item: try c.subjectItem()) },
        form("presence", "must not be missing", "Must not be missing", "the item is not blank") { c throws(FormError) in .populated(item: try c.subjectItem()) },
        form("presence", "must be blank", "Must be blank", "the item is blank (with a condition: an item that only applies in some cases)") { c throws(FormError) in .forbidden(condition: .populated(item: try c.subjectItem())) },
        form("presence", "<item> must be populated", "NHS NUMBER must be populated", "the named item is not blank") { c throws(FormError) in .populated(item: try c.item()) },
        form("presence", "<item> must not be blank", "NHS NUMBER must not be blank", "the named item is not blank") { c throws(FormError) in .populated(item: try c.item()) },
        form("groups", "at least one of <items> must be populated", "At least one of NHS NUMBER, PERSON BIRTH DATE must be populated", "one or more of the items is not blank") { c in .atLeastOnePopulated(items: c.items()) },
        form("groups", "<items> must be populated", "IMAGING CODE (NICIP) or IMAGING CODE (SNOMED CT) must be populated", "one or more of the items (joined by 'or') is not blank") { c in .atLeastOnePopulated(items: c.items()) },

        // Format
        form("format", "must be in the format <rest>", "Must be in the format max an20", "the value fits the format notation (length, digits, date, time or timestamp)") { c throws(FormError) in
            let item = try c.subjectItem()
            switch FormatParser.parse(c.text("rest"), itemName: c.spec.items[item]?.name ?? "") {
            case .success(let parsed): return .format(item: item, format: parsed.format)
            case .failure(let error): throw FormError(error.description as String)
            }
        },
        form("format", "must be a valid date", "Must be a valid date", "a real calendar date written CCYY-MM-DD") { c throws(FormError) in .validDate(item: try c.subjectItem()) },
        form("format", "must be a valid time", "Must be a valid time", "a time of day written HH:MM:SS") { c throws(FormError) in .validTime(item: try c.subjectItem()) },
        form("format", "must be a valid timestamp", "Must be a valid timestamp", "a real date and time with offset, CCYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)") { c throws(FormError) in .validTimestamp(item: try c.subjectItem()) },
        form("format", "must be between <n> and <m> characters", "Must be between 5 and 12 characters", "the length in characters, both bounds included") { c throws(FormError) in
            guard c.number("n") >= 1, c.number("n") <= c.number("m") else { throw FormError("the bounds must satisfy 1 ≤ first ≤ second") }
            return .length(item: try c.subjectItem(), min: c.number("n"), max: c.number("m"))
        },
        form("format", "must be between <n> and <m> letters or digits", "Must be between 5 and 12 letters or digits", "the length in characters, both bounds included, each an ASCII letter or digit") { c throws(FormError) in
            try lettersAndDigits(c)
        },
        form("format", "must be between <n> and <m> alphanumeric characters", "Must be between 5 and 12 alphanumeric characters", "as 'letters or digits': alphanumeric means A–Z, a–z and 0–9, as NHS England's processing reads it (the format notation's 'an' allows any character)") { c throws(FormError) in
            try lettersAndDigits(c)
        },
        form("format", "must be <n> digits", "Must be 10 digits", "exactly that many ASCII digits") { c throws(FormError) in .digits(item: try c.subjectItem(), count: c.number()) },
        form("format", "must be <n> characters", "Must be 6 characters", "exactly that many characters") { c throws(FormError) in .length(item: try c.subjectItem(), min: c.number(), max: c.number()) },
        form("format", "must be at most <n> characters", "Must be at most 20 characters", "no more than that many characters") { c throws(FormError) in .length(item: try c.subjectItem(), min: 1, max: c.number()) },

        // Code lists
        form("code list", "must be a valid national code", "Must be a valid national code", "one of the item's National Codes") { c throws(FormError) in
            let item = try c.subjectItem()
            guard let list = c.spec.items[item]?.codeList else { throw FormError("'\(c.spec.items[item]?.name ?? item)' has no national codes") }
            return .inCodeList(item: item, list: list)
        },
        form("code list", "must be in code list <name>", "Must be in code list ETHNIC CATEGORY", "one of the codes of that list (Code Lists sheet or an item's National Codes)") { c throws(FormError) in
            let name = c.text("name")
            guard let list = c.spec.codeLists.first(where: { HeadingName($0) == HeadingName(name) }) else { throw FormError("no code list named '\(name)'") }
            return .inCodeList(item: try c.subjectItem(), list: list)
        },
        form("code list", "must be one of <codes>", "Must be one of 0, 1, 2, 9", "one of the codes listed") { c throws(FormError) in .oneOf(item: try c.subjectItem(), codes: c.codes()) },

        // Check digits and shapes
        form("shape", "must pass the modulus 11 check", "Must pass the Modulus 11 check", "NHS number check digit (spaces and dashes ignored)") { c throws(FormError) in .modulus11(item: try c.subjectItem()) },
        form("shape", "must be a valid postcode format", "Must be a valid postcode format", "UK postcode shape: outward code of 2 to 4 characters, a space, a digit and two letters") { c throws(FormError) in .postcode(item: try c.subjectItem()) },
        form("shape", "must match the pattern <rest>", "Must match the pattern ^[A-Z][0-9]{7}$", "the whole value matches the regular expression") { c throws(FormError) in
            let regex = c.text("rest")
            guard (try? Regex(regex)) != nil else { throw FormError("'\(regex)' is not a valid regular expression") }
            return .pattern(item: try c.subjectItem(), regex: regex)
        },
        form("shape", "must have a time zone offset of <codes>", "Must have a time zone offset of +00:00, +01:00, -00:00 or Z", "a timestamp whose offset is one of those listed") { c throws(FormError) in .timeZoneOffset(item: try c.subjectItem(), allowed: c.codes()) },

        // Intervals (before the plain comparisons: they share words)
        form("interval", "must not be more than <n> <unit> after <operand>", "Must not be more than 6 months after DIAGNOSTIC TEST REQUEST DATE", "value ≤ operand + n units") { c throws(FormError) in
            .within(item: try c.subjectItem(), amount: c.number(), unit: c.unit(), direction: .after, operand: c.operand())
        },
        form("interval", "must not be more than <n> <unit> before <operand>", "Must not be more than 365 days before DIAGNOSTIC TEST DATE", "value ≥ operand − n units") { c throws(FormError) in
            .within(item: try c.subjectItem(), amount: c.number(), unit: c.unit(), direction: .before, operand: c.operand())
        },

        // Comparisons
        form("comparison", "must be on or before <operand>", "Must be on or before DIAGNOSTIC TEST DATE", "value ≤ operand") { c throws(FormError) in .compare(item: try c.subjectItem(), comparison: .onOrBefore, operand: c.operand()) },
        form("comparison", "must not be after <operand>", "Must not be after the submission date", "value ≤ operand") { c throws(FormError) in .compare(item: try c.subjectItem(), comparison: .onOrBefore, operand: c.operand()) },
        form("comparison", "must not be in the future", "Must not be in the future", "value ≤ the submission date") { c throws(FormError) in .compare(item: try c.subjectItem(), comparison: .onOrBefore, operand: .submissionDate) },
        form("comparison", "must not be later than <operand>", "Must not be later than SERVICE REPORT ISSUE DATE", "value ≤ operand") { c throws(FormError) in .compare(item: try c.subjectItem(), comparison: .onOrBefore, operand: c.operand()) },
        form("comparison", "must be on or after <operand>", "Must be on or after DIAGNOSTIC TEST REQUEST DATE", "value ≥ operand") { c throws(FormError) in .compare(item: try c.subjectItem(), comparison: .onOrAfter, operand: c.operand()) },
        form("comparison", "must not be before <operand>", "Must not be before 1970-01-01", "value ≥ operand") { c throws(FormError) in .compare(item: try c.subjectItem(), comparison: .onOrAfter, operand: c.operand()) },
        form("comparison", "must not be earlier than <operand>", "Must not be earlier than the start of the reporting period", "value ≥ operand") { c throws(FormError) in .compare(item: try c.subjectItem(), comparison: .onOrAfter, operand: c.operand()) },
        form("comparison", "must be before <operand>", "Must be before CODED PROCEDURE END TIMESTAMP", "value < operand") { c throws(FormError) in .compare(item: try c.subjectItem(), comparison: .before, operand: c.operand()) },
        form("comparison", "must be after <operand>", "Must be after 1900-01-01", "value > operand") { c throws(FormError) in .compare(item: try c.subjectItem(), comparison: .after, operand: c.operand()) },

        // Conditions
        form("condition", "if <condition>, <sentence>", "If NHS NUMBER is populated, NHS NUMBER STATUS INDICATOR CODE must be populated", "the rest applies only when the condition holds") { c throws(FormError) in
            .implies(condition: try c.parseCondition(c.text("condition")), then: try c.parseSentence(c.text("sentence")))
        },
        form("condition", "where <condition>, <sentence>", "Where POSTCODE OF USUAL ADDRESS starts with ZZ99, at least one of NHS NUMBER, PERSON BIRTH DATE must be populated", "the rest applies only when the condition holds") { c throws(FormError) in
            .implies(condition: try c.parseCondition(c.text("condition")), then: try c.parseSentence(c.text("sentence")))
        },

        // File level
        form("file level", "the combination of <items> must be unique within the file", "The combination of RADIOLOGICAL ACCESSION NUMBER and SITE CODE (OF IMAGING) must be unique within the file", "no two records share those values (records with any of them blank are not compared)") { c in .unique(items: c.items()) },
        form("file level", "<item> must be unique within the file", "RADIOLOGICAL ACCESSION NUMBER must be unique within the file", "no two records share the value") { c throws(FormError) in .unique(items: [try c.item()]) },
        form("file level", "each record must have <n> fields", "Each record must have 18 fields", "every record has exactly that many fields; otherwise the file is rejected") { c in .fieldCount(count: c.number()) },

        // Tables
        form("tables", "must exist in table <name>", "Must exist in table PATIENT", "the record's link to its parent table (the items the Tables sheet's Link gives) is the key of a record of that table; passes when a link item is blank") { c throws(FormError) in
            try existsInTable(c)
        },
        form("tables", "each <table> record must have at least one <child> record", "Each PATIENT record must have at least one REFERRAL record", "every record of the first table has a record of the second (its child table) linked to it") { c throws(FormError) in
            try hasLinkedRecords(c)
        },

        // Reference data
        form("reference data", "must exist in reference data <name>", "Must exist in reference data ODS ORGANISATIONS", "the value is a code of that reference data set") { c throws(FormError) in .existsInReference(item: try c.subjectItem(), dataset: c.text("name")) },
        form("reference data", "must be a valid code as defined in <name>", "Must be a valid code as defined in DIDS Reference data", "the value is a code of that reference data set (NHS England's wording; an Expression may say at which date and with what grace)") { c throws(FormError) in .existsInReference(item: try c.subjectItem(), dataset: c.text("name")) },
        form("reference data", "must be active in reference data <name> at <other>, allowing <n> <unit> after retirement", "Must be active in reference data NICIP at CODED PROCEDURE END TIMESTAMP, allowing 183 days after retirement", "the code was active at the other item's date, or retired no more than that long before it") { c throws(FormError) in
            .activeInReference(item: try c.subjectItem(), dataset: c.text("name"), at: try c.item("other"), graceAmount: c.number(), graceUnit: c.unit())
        },
        form("reference data", "must be active in reference data <name> at <other>", "Must be active in reference data ODS ORGANISATIONS at DIAGNOSTIC TEST DATE", "the code was active (opened and not yet closed) at the other item's date") { c throws(FormError) in
            .activeInReference(item: try c.subjectItem(), dataset: c.text("name"), at: try c.item("other"), graceAmount: 0, graceUnit: .days)
        },
        form("reference data", "<item> must map to <other> in reference data <name>", "IMAGING CODE (NICIP) must map to IMAGING CODE (SNOMED CT) in reference data NICIP TO SNOMED", "the reference data maps the first value to the second") { c throws(FormError) in
            .mapsInReference(item: try c.item(), to: try c.item("other"), dataset: c.text("name"))
        },

        // Failing conditions: NHS England's ETOS words a rule as what fails it.
        form("failing condition", "<item> is not <rest>", "CODED PROCEDURE (NICIP) is not a valid code as defined in DIDS Reference data", "fails when the item is not so: the same rule as 'Must be <rest>' about that item") { c throws(FormError) in
            try c.parseSentenceAbout(try c.item(), "must be " + c.text("rest"))
        },
        form("failing condition", "<item> is <rest>", "SERVICE REPORT ISSUE TIMESTAMP is after the submission date", "fails when the item is so: the same rule as 'Must not be <rest>' about that item ('is missing', 'is blank', 'is before …', 'is more than 6 months after …'); where only 'Must be <rest>' is a form, the rule fails when that holds") { c throws(FormError) in
            let item = try c.item()
            do throws(FormError) {
                return try c.parseSentenceAbout(item, "must not be " + c.text("rest"))
            } catch {
                return .forbidden(condition: .satisfies(rule: try c.parseSentenceAbout(item, "must be " + c.text("rest"))))
            }
        },
    ]

    private static func existsInTable(_ c: FormContext) throws(FormError) -> RuleExpression {
        guard let tables = c.spec.tables else { throw FormError("this spec has no Tables sheet, so no table to look a record up in") }
        let text = c.text("name")
        guard let target = tables.table(named: text) else { throw FormError(tables.unknown(text)) }
        guard let own = tables.ruleTable.flatMap({ name in tables.tables.first { $0.name == name } }) else {
            throw FormError("'must exist in table' needs the rule's table: give the row a Table, or name a link item")
        }
        guard own.parent == target.name else {
            let parent = own.parent.map { "its parent is '\($0)'" } ?? "it has no parent"
            throw FormError("a record of '\(own.name)' links only to its parent table, and \(parent), not '\(target.name)'")
        }
        let subject = try c.subjectItem()
        guard own.link.contains(subject) else {
            let names = own.link.map { c.spec.items[$0]?.name ?? $0 }.joined(separator: ", ")
            throw FormError("'\(c.spec.items[subject]?.name ?? subject)' is not one of '\(own.name)''s link items to '\(target.name)' (\(names))")
        }
        return .existsInTable(items: own.link, table: target.name)
    }

    private static func hasLinkedRecords(_ c: FormContext) throws(FormError) -> RuleExpression {
        guard let tables = c.spec.tables else { throw FormError("this spec has no Tables sheet, so no tables to count records of") }
        let parentText = c.text("table"), childText = c.text("child")
        guard let parent = tables.table(named: parentText) else { throw FormError(tables.unknown(parentText)) }
        guard let child = tables.table(named: childText) else { throw FormError(tables.unknown(childText)) }
        guard child.parent == parent.name else {
            let actual = child.parent.map { "'\($0)'" } ?? "none"
            throw FormError("'\(child.name)' records do not link to '\(parent.name)' (its parent is \(actual)): a count is of a table's child records")
        }
        if let own = tables.ruleTable, own != parent.name {
            throw FormError("the rule is on table '\(own)' but counts the records linked to '\(parent.name)': give it '\(parent.name)' as its Table")
        }
        return .hasLinkedRecords(table: parent.name, child: child.name)
    }

    private static func lettersAndDigits(_ c: FormContext) throws(FormError) -> RuleExpression {
        guard c.number("n") >= 1, c.number("n") <= c.number("m") else { throw FormError("the bounds must satisfy 1 ≤ first ≤ second") }
        return .lettersAndDigits(item: try c.subjectItem(), min: c.number("n"), max: c.number("m"))
    }
}

/// The forms of a condition (after "If" or "Where").
enum ConditionForms {
    static let all: [(pattern: String, build: @Sendable ([String: SentenceMatcher.Capture]) -> RuleExpression.Condition?)] = [
        ("<item> is populated", { c in item(c).map { .populated(item: $0) } }),
        ("<item> is not populated", { c in item(c).map { .blank(item: $0) } }),
        ("<item> is blank", { c in item(c).map { .blank(item: $0) } }),
        ("<item> is one of <codes>", { c in item(c).map { .equals(item: $0, values: codes(c)) } }),
        // Predicates: "<ITEM> is not more than 6 months before …" holds where the rule "Must not be
        // more than 6 months before …" passes on the item (built by the parser, which knows the forms).
        ("<item> is not <rest>", { _ in nil }),
        ("<item> is <rest>", { _ in nil }),
        ("<item> is not <value>", { c in item(c).map { .not(condition: .equals(item: $0, values: [text(c)])) } }),
        ("<item> is <value>", { c in item(c).map { .equals(item: $0, values: [text(c)]) } }),
        ("<item> starts with <value>", { c in item(c).map { .startsWith(item: $0, prefix: text(c)) } }),
        ("<item> does not start with <value>", { c in item(c).map { .not(condition: .startsWith(item: $0, prefix: text(c))) } }),
    ]

    /// For each form, nil unless it is a predicate form; then whether it is negated: "<ITEM> is
    /// not <rest>" holds where "Must not be <rest>" passes, "<ITEM> is <rest>" where "Must be
    /// <rest>" does.
    static let predicateForms: [Bool?] = all.map { form in
        switch form.pattern {
        case "<item> is not <rest>": true
        case "<item> is <rest>": false
        default: nil
        }
    }

    private static func item(_ c: [String: SentenceMatcher.Capture]) -> String? {
        if case .item(let uid)? = c["item"] { return uid }
        return nil
    }

    private static func text(_ c: [String: SentenceMatcher.Capture]) -> String {
        if case .text(let text)? = c["value"] { return text }
        return ""
    }

    private static func codes(_ c: [String: SentenceMatcher.Capture]) -> [String] {
        if case .codes(let codes)? = c["codes"] { return codes }
        return []
    }
}
