import ETOSModel

/// Turns each rule's sentence (or Expression) into its AST and decides its enforcement.
struct RuleCompiler {
    let sentences: RuleSentenceParser
    let expressions: RuleExpressionParser
    let items: [String: DataItem]
    let codeLists: Set<String>

    /// `linked` are the items of the parent table a rule may compare with ("… of the linked
    /// PATIENT record"); `tables` what the table forms look up (nil in a flat spec).
    init(items: [DataItem], codeLists: [CodeList], resolver: ItemResolver, linked: [(table: String, item: DataItem)] = [], tables: TableContext? = nil) {
        sentences = RuleSentenceParser(items: items, codeLists: codeLists, linked: linked, tables: tables)
        expressions = RuleExpressionParser { name in
            let resolved = resolver.resolve(name)
            return resolved.unknown.isEmpty && resolved.uids.count == 1 ? resolved.uids[0] : nil
        }
        self.items = Dictionary((items + linked.map(\.item)).map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        self.codeLists = Set(codeLists.map(\.name))
    }

    /// Compiles `rule` in place; problems go to `diagnostics` at the rule's cells.
    func compile(_ rule: inout Rule, sentenceAt sentenceLocation: SourceLocation, expressionAt expressionLocation: SourceLocation, diagnostics: inout [Diagnostic]) {
        let subject = rule.items.first
        let fromSentence = sentences.parse(rule.text, subject: subject)
        if let expressionText = rule.expression {
            switch expressions.parse(expressionText) {
            case .success(.manual(let reason)):
                rule.enforcement = .notMachineReadable(reason: reason)
                return
            case .success(.expression(let expression)):
                rule.ast = expression
                if case .success(let sentence) = fromSentence, sentence != expression {
                    if Self.refines(expression, sentence) {
                        diagnostics.append(Diagnostic(.note, "rule \(rule.code): the Expression says where the sentence's reference data is looked up, and at what date; the Expression is used", at: expressionLocation))
                    } else {
                        diagnostics.append(Diagnostic(.warning, "rule \(rule.code): the sentence and the Expression say different things; the Expression is used", at: expressionLocation))
                    }
                }
            case .failure(let failure):
                diagnostics.append(Diagnostic(.error, "rule \(rule.code): \(Self.describe(failure))", at: expressionLocation))
                rule.enforcement = .notMachineReadable(reason: "the Expression does not parse")
                return
            }
        } else {
            switch fromSentence {
            case .success(let expression):
                rule.ast = expression
            case .failure(let failure):
                // A sentence outside the language leaves its rule unenforced: a warning (an
                // error in strict mode) until it is reworded or given a manual("…") Expression.
                if case .notUnderstood = failure {
                    diagnostics.append(Diagnostic(.warning, "rule \(rule.code): \(Self.describe(failure)); the rule is not enforced (reword it, or give it an Expression, manual(\"reason\") if no machine can check it)", at: sentenceLocation, weakensEnforcement: true))
                } else {
                    diagnostics.append(Diagnostic(.error, "rule \(rule.code): \(Self.describe(failure))", at: sentenceLocation))
                }
                rule.enforcement = .notMachineReadable(reason: "the sentence is not in the rule language")
                return
            }
        }
        guard let expression = rule.ast.map(resolveCodeLists) else { return }
        rule.ast = expression
        let problems = typeCheck(expression)
        for problem in problems {
            diagnostics.append(Diagnostic(.error, "rule \(rule.code): \(problem)", at: rule.expression == nil ? sentenceLocation : expressionLocation))
        }
        if !problems.isEmpty {
            rule.enforcement = .notMachineReadable(reason: "the rule does not type-check")
            return
        }
        let datasets = expression.referenceDatasets
        rule.enforcement = datasets.isEmpty ? .enforced : .referenceData(datasets)
    }

    /// Whether `expression` states more precisely what `sentence` says: both check one item
    /// against reference data ("is not a valid code as defined in DIDS Reference data" names no
    /// release or date; the Expression names the NICIP release and the procedure's end).
    static func refines(_ expression: RuleExpression, _ sentence: RuleExpression) -> Bool {
        guard case .existsInReference(let item, _) = sentence else { return false }
        switch expression {
        case .existsInReference(item, _), .activeInReference(item, _, _, _, _): return true
        default: return false
        }
    }

    static func describe(_ failure: RuleSentenceParser.Failure) -> String {
        switch failure {
        case let .notUnderstood(understood, rest, closest):
            let head = understood.isEmpty ? "nothing understood" : "understood '\(understood)'"
            return "sentence not understood: \(head), not '\(rest)'; closest form: '\(closest.pattern)' (e.g. '\(closest.example)')"
        case let .unknownItem(name, nearest):
            return "unknown data item '\(name)'" + (nearest.map { "; did you mean '\($0)'?" } ?? "")
        case let .invalid(message):
            return message
        }
    }

    /// `codeList(ITEM)` in an Expression names the item's own list.
    private func resolveCodeLists(_ expression: RuleExpression) -> RuleExpression {
        switch expression {
        case let .inCodeList(item, list) where list == item:
            return .inCodeList(item: item, list: items[item]?.codeList ?? "")
        case let .implies(condition, then):
            return .implies(condition: resolveCodeLists(condition), then: resolveCodeLists(then))
        case let .forbidden(condition):
            return .forbidden(condition: resolveCodeLists(condition))
        default:
            return expression
        }
    }

    private func resolveCodeLists(_ condition: RuleExpression.Condition) -> RuleExpression.Condition {
        switch condition {
        case .satisfies(let rule): .satisfies(rule: resolveCodeLists(rule))
        case .not(let inner): .not(condition: resolveCodeLists(inner))
        case .populated, .blank, .equals, .startsWith: condition
        }
    }

    /// Problems with the items' types: comparisons need dates or timestamps, and so on.
    func typeCheck(_ expression: RuleExpression) -> [String] {
        var problems: [String] = []
        func name(_ uid: String) -> String { items[uid]?.name ?? uid }
        func temporal(_ uid: String, _ role: String) {
            guard let kind = items[uid]?.format.kind, kind == .date || kind == .timestamp else {
                problems.append("\(role) '\(name(uid))' is not a date or timestamp")
                return
            }
        }
        func operand(_ operand: RuleExpression.Operand) {
            switch operand {
            case .item(let uid): temporal(uid, "operand")
            case .date(let text):
                if !Self.isDate(text) { problems.append("'\(text)' is not a valid date") }
            default: break
            }
        }
        switch expression {
        case .compare(let item, _, let op), .within(let item, _, _, _, let op):
            temporal(item, "item")
            operand(op)
        case .timeZoneOffset(let item, _):
            if items[item]?.format.kind != .timestamp { problems.append("'\(name(item))' is not a timestamp") }
        case .inCodeList(let item, let list):
            if !codeLists.contains(list) { problems.append("'\(name(item))' has no code list '\(list)'") }
        case .activeInReference(_, _, let at, _, _):
            temporal(at, "date item")
        case .implies, .forbidden:
            for nested in expression.nested { problems += typeCheck(nested) }
        default:
            break
        }
        return problems
    }

    private static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), parts[2] >= 1 else { return false }
        let days = [31, parts[0] % 4 == 0 && (parts[0] % 100 != 0 || parts[0] % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][parts[1] - 1]
        return parts[2] <= days
    }
}
