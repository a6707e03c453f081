import ETOSModel

/// The `Expression` column's language: function calls that spell ``RuleExpression``
/// directly, for rules no sentence form covers. Documented in `docs/RULES.md`.
///
/// ```
/// onOrBefore(DID003, DID013)
/// if(startsWith(`POSTCODE OF USUAL ADDRESS`, "ZZ99"), atLeastOne(DID001, DID003))
/// notMoreThanBefore(DID011, 365 days, DID013)
/// manual("meaning not published")
/// ```
/// Items are UIDs or names in backticks; operands are items, dates (2020-01-01),
/// `submissionDate`, `submissionMonthStart`, `periodStart` or `periodEnd`.
public struct RuleExpressionParser: Sendable {
    /// A parsed Expression cell.
    public enum Parsed: Equatable, Sendable {
        case expression(RuleExpression)
        /// `manual("reason")`: the rule is declared not machine-readable.
        case manual(String)
    }

    /// The functions, for documentation: signature and meaning.
    public static let functions: [(signature: String, meaning: String)] = [
        ("populated(ITEM)", "the item is not blank"),
        ("atLeastOne(ITEM, ITEM, …)", "one or more of the items is not blank"),
        ("format(ITEM, \"max an20\")", "the value fits the format notation"),
        ("length(ITEM, MIN, MAX)", "length in characters, bounds included"),
        ("digits(ITEM, N)", "exactly N ASCII digits"),
        ("lettersAndDigits(ITEM, MIN, MAX)", "MIN to MAX characters, each an ASCII letter or digit"),
        ("validDate(ITEM) · validTime(ITEM) · validTimestamp(ITEM)", "a real date, time, or date and time with offset"),
        ("codeList(ITEM) · codeList(ITEM, \"LIST\")", "one of the item's national codes, or of the named list"),
        ("oneOf(ITEM, \"A\", \"B\", …)", "one of the codes given"),
        ("modulus11(ITEM) · postcode(ITEM) · matches(ITEM, \"REGEX\")", "NHS number check digit; UK postcode shape; whole-value regular expression"),
        ("offset(ITEM, \"+00:00\", \"Z\", …)", "a timestamp whose offset is one of those given"),
        ("before · onOrBefore · after · onOrAfter (ITEM, OPERAND)", "compares a date or timestamp with an operand"),
        ("notMoreThanAfter(ITEM, N UNIT, OPERAND) · notMoreThanBefore(ITEM, N UNIT, OPERAND)", "value ≤ operand + N units; value ≥ operand − N units (UNIT: days, months, years)"),
        ("if(CONDITION, EXPRESSION)", "applies the expression only when the condition holds; conditions: populated(ITEM), blank(ITEM), equals(ITEM, \"V\", …), startsWith(ITEM, \"P\"), not(CONDITION), passes(EXPRESSION) (the expression passes on present values)"),
        ("forbid(CONDITION)", "fails when the condition holds: `if(passes(active(DID014, \"NICIP\", DID023, 183 days)), forbid(passes(active(DID015, \"REFSET\", DID023, 183 days))))` fails a record whose two codes are both valid"),
        ("unique(ITEM, …) · fieldCount(N)", "file level: no two records share the values; every record has N fields"),
        ("exists(ITEM, \"DATASET\") · active(ITEM, \"DATASET\", ITEM[, N UNIT]) · maps(ITEM, ITEM, \"DATASET\")", "reference data: a known code; active at the other item's date (with grace after retirement); the first maps to the second"),
        ("manual(\"REASON\")", "declares the rule not machine-readable, with the reason"),
    ]

    private enum Token: Equatable {
        case identifier(String), string(String), item(String), number(Int), date(String), open, close, comma
    }

    private struct Cursor {
        var tokens: [Token]
        var index = 0
        var peek: Token? { index < tokens.count ? tokens[index] : nil }
        mutating func next() -> Token? {
            defer { index += 1 }
            return peek
        }
    }

    struct ExpressionError: Error { let message: String }

    let resolveItem: @Sendable (String) -> String?

    /// `resolveItem` turns a UID or item name into a UID.
    public init(resolveItem: @escaping @Sendable (String) -> String?) {
        self.resolveItem = resolveItem
    }

    /// Parses an Expression cell, or says why not.
    public func parse(_ text: String) -> Result<Parsed, RuleSentenceParser.Failure> {
        do throws(ExpressionError) {
            var cursor = Cursor(tokens: try Self.tokenise(text))
            let parsed: Parsed
            if case .identifier("manual")? = cursor.peek {
                _ = cursor.next()
                try expect(.open, &cursor)
                guard case .string(let reason)? = cursor.next() else { throw ExpressionError(message: "manual(…) takes a quoted reason") }
                try expect(.close, &cursor)
                parsed = .manual(reason)
            } else {
                parsed = .expression(try expression(&cursor))
            }
            guard cursor.peek == nil else { throw ExpressionError(message: "unexpected text after the expression") }
            return .success(parsed)
        } catch {
            return .failure(.invalid("expression: \(error.message)"))
        }
    }

    private func expression(_ cursor: inout Cursor) throws(ExpressionError) -> RuleExpression {
        let name = try identifier(&cursor)
        try expect(.open, &cursor)
        let result: RuleExpression
        switch name {
        case "populated": result = .populated(item: try item(&cursor))
        case "atLeastOne": result = .atLeastOnePopulated(items: try itemList(&cursor))
        case "format":
            let uid = try item(&cursor)
            try expect(.comma, &cursor)
            switch FormatParser.parse(try string(&cursor), itemName: "") {
            case .success(let parsed): result = .format(item: uid, format: parsed.format)
            case .failure(let error): throw ExpressionError(message: error.description)
            }
        case "length", "lettersAndDigits":
            let uid = try item(&cursor)
            try expect(.comma, &cursor)
            let min = try number(&cursor)
            try expect(.comma, &cursor)
            let max = try number(&cursor)
            result = name == "length" ? .length(item: uid, min: min, max: max) : .lettersAndDigits(item: uid, min: min, max: max)
        case "digits":
            let uid = try item(&cursor)
            try expect(.comma, &cursor)
            result = .digits(item: uid, count: try number(&cursor))
        case "forbid":
            result = .forbidden(condition: try condition(&cursor))
        case "validDate": result = .validDate(item: try item(&cursor))
        case "validTime": result = .validTime(item: try item(&cursor))
        case "validTimestamp": result = .validTimestamp(item: try item(&cursor))
        case "codeList":
            let uid = try item(&cursor)
            var list = uid
            if cursor.peek == .comma {
                _ = cursor.next()
                list = try string(&cursor)
            }
            result = .inCodeList(item: uid, list: list)
        case "oneOf":
            let uid = try item(&cursor)
            result = .oneOf(item: uid, codes: try trailingStrings(&cursor))
        case "modulus11": result = .modulus11(item: try item(&cursor))
        case "postcode": result = .postcode(item: try item(&cursor))
        case "matches":
            let uid = try item(&cursor)
            try expect(.comma, &cursor)
            result = .pattern(item: uid, regex: try string(&cursor))
        case "offset":
            let uid = try item(&cursor)
            result = .timeZoneOffset(item: uid, allowed: try trailingStrings(&cursor))
        case "before", "onOrBefore", "after", "onOrAfter":
            let uid = try item(&cursor)
            try expect(.comma, &cursor)
            let comparison: Comparison = ["before": .before, "onOrBefore": .onOrBefore, "after": .after, "onOrAfter": .onOrAfter][name]!
            result = .compare(item: uid, comparison: comparison, operand: try operand(&cursor))
        case "notMoreThanAfter", "notMoreThanBefore":
            let uid = try item(&cursor)
            try expect(.comma, &cursor)
            let (amount, unit) = try quantity(&cursor)
            try expect(.comma, &cursor)
            result = .within(item: uid, amount: amount, unit: unit, direction: name == "notMoreThanAfter" ? .after : .before, operand: try operand(&cursor))
        case "if":
            let condition = try self.condition(&cursor)
            try expect(.comma, &cursor)
            result = .implies(condition: condition, then: try expression(&cursor))
        case "unique": result = .unique(items: try itemList(&cursor))
        case "fieldCount": result = .fieldCount(count: try number(&cursor))
        case "exists":
            let uid = try item(&cursor)
            try expect(.comma, &cursor)
            result = .existsInReference(item: uid, dataset: try string(&cursor))
        case "active":
            let uid = try item(&cursor)
            try expect(.comma, &cursor)
            let dataset = try string(&cursor)
            try expect(.comma, &cursor)
            let at = try item(&cursor)
            var grace = (0, CalendarUnit.days)
            if cursor.peek == .comma {
                _ = cursor.next()
                grace = try quantity(&cursor)
            }
            result = .activeInReference(item: uid, dataset: dataset, at: at, graceAmount: grace.0, graceUnit: grace.1)
        case "maps":
            let uid = try item(&cursor)
            try expect(.comma, &cursor)
            let to = try item(&cursor)
            try expect(.comma, &cursor)
            result = .mapsInReference(item: uid, to: to, dataset: try string(&cursor))
        default:
            throw ExpressionError(message: "unknown function '\(name)'")
        }
        try expect(.close, &cursor)
        return result
    }

    private func condition(_ cursor: inout Cursor) throws(ExpressionError) -> RuleExpression.Condition {
        let name = try identifier(&cursor)
        try expect(.open, &cursor)
        let result: RuleExpression.Condition
        switch name {
        case "populated": result = .populated(item: try item(&cursor))
        case "blank": result = .blank(item: try item(&cursor))
        case "equals":
            let uid = try item(&cursor)
            result = .equals(item: uid, values: try trailingStrings(&cursor))
        case "startsWith":
            let uid = try item(&cursor)
            try expect(.comma, &cursor)
            result = .startsWith(item: uid, prefix: try string(&cursor))
        case "not": result = .not(condition: try condition(&cursor))
        case "passes": result = .satisfies(rule: try expression(&cursor))
        default: throw ExpressionError(message: "unknown condition '\(name)'")
        }
        try expect(.close, &cursor)
        return result
    }

    private func operand(_ cursor: inout Cursor) throws(ExpressionError) -> RuleExpression.Operand {
        switch cursor.peek {
        case .date(let date)?:
            _ = cursor.next()
            return .date(iso: date)
        case .identifier("submissionDate")?: _ = cursor.next(); return .submissionDate
        case .identifier("submissionMonthStart")?: _ = cursor.next(); return .submissionMonthStart
        case .identifier("periodStart")?: _ = cursor.next(); return .reportingPeriodStart
        case .identifier("periodEnd")?: _ = cursor.next(); return .reportingPeriodEnd
        default: return .item(uid: try item(&cursor))
        }
    }

    private func quantity(_ cursor: inout Cursor) throws(ExpressionError) -> (Int, CalendarUnit) {
        let amount = try number(&cursor)
        let word = try identifier(&cursor)
        guard let unit = ["day": CalendarUnit.days, "days": .days, "month": .months, "months": .months, "year": .years, "years": .years][word] else {
            throw ExpressionError(message: "'\(word)' is not a unit (days, months, years)")
        }
        return (amount, unit)
    }

    private func itemList(_ cursor: inout Cursor) throws(ExpressionError) -> [String] {
        var items = [try item(&cursor)]
        while cursor.peek == .comma {
            _ = cursor.next()
            items.append(try item(&cursor))
        }
        return items
    }

    private func trailingStrings(_ cursor: inout Cursor) throws(ExpressionError) -> [String] {
        var values: [String] = []
        while cursor.peek == .comma {
            _ = cursor.next()
            values.append(try string(&cursor))
        }
        guard !values.isEmpty else { throw ExpressionError(message: "expected one or more quoted values") }
        return values
    }

    private func item(_ cursor: inout Cursor) throws(ExpressionError) -> String {
        switch cursor.next() {
        case .identifier(let name)?, .item(let name)?:
            guard let uid = resolveItem(name) else { throw ExpressionError(message: "unknown data item '\(name)'") }
            return uid
        default:
            throw ExpressionError(message: "expected a data item (a UID or a `name`)")
        }
    }

    private func identifier(_ cursor: inout Cursor) throws(ExpressionError) -> String {
        guard case .identifier(let name)? = cursor.next() else { throw ExpressionError(message: "expected a function name") }
        return name
    }

    private func string(_ cursor: inout Cursor) throws(ExpressionError) -> String {
        guard case .string(let value)? = cursor.next() else { throw ExpressionError(message: "expected a quoted string") }
        return value
    }

    private func number(_ cursor: inout Cursor) throws(ExpressionError) -> Int {
        guard case .number(let value)? = cursor.next() else { throw ExpressionError(message: "expected a whole number") }
        return value
    }

    private func expect(_ token: Token, _ cursor: inout Cursor) throws(ExpressionError) {
        guard cursor.next() == token else {
            let what: String = switch token {
            case .open: "'('"
            case .close: "')'"
            default: "','"
            }
            throw ExpressionError(message: "expected \(what)")
        }
    }

    private static func tokenise(_ text: String) throws(ExpressionError) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "(" {
                tokens.append(.open); index += 1
            } else if character == ")" {
                tokens.append(.close); index += 1
            } else if character == "," {
                tokens.append(.comma); index += 1
            } else if character == "\"" || character == "`" {
                var value = ""
                index += 1
                while index < characters.count, characters[index] != character {
                    if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                    value.append(characters[index])
                    index += 1
                }
                guard index < characters.count else { throw ExpressionError(message: "unterminated \(character == "`" ? "item name" : "string")") }
                index += 1
                tokens.append(character == "`" ? .item(value) : .string(value))
            } else if character.isNumber {
                var end = index
                while end < characters.count, characters[end].isNumber || characters[end] == "-" { end += 1 }
                let word = String(characters[index..<end])
                if word.count == 10, word.filter({ $0 == "-" }).count == 2 {
                    tokens.append(.date(word))
                } else if let value = Int(word), value >= 0 {
                    // Lengths and calendar amounts: bounded so the runtime's arithmetic cannot overflow.
                    guard value < 1_000_000 else { throw ExpressionError(message: "'\(word)' is too large (at most 999999)") }
                    tokens.append(.number(value))
                } else {
                    throw ExpressionError(message: "'\(word)' is neither a number nor a date")
                }
                index = end
            } else if character.isLetter || character == "_" {
                var end = index
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" { end += 1 }
                tokens.append(.identifier(String(characters[index..<end])))
                index = end
            } else {
                throw ExpressionError(message: "unexpected character '\(character)'")
            }
        }
        return tokens
    }
}
