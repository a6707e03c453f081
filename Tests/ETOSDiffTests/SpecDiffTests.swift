import ETOSDiff
import ETOSModel
import Testing

/// A small spec built in code, changed one way at a time.
private struct SpecBuilder {
    var items: [DataItem] = [
        item("DID001", "NHS NUMBER", group: "Patient", position: 1, format: Format(text: "n10", kind: .numeric, minLength: 10, maxLength: 10), element: "NHS NUMBER"),
        item("DID002", "PERSON GENDER CODE CURRENT", group: "Patient", position: 2, format: Format(text: "an1", kind: .alphanumeric, minLength: 1, maxLength: 1), list: "GENDER"),
        item("DID003", "SERVICE REPORT ISSUE DATE", group: "Activity", position: 3, format: Format(text: "an10 CCYY-MM-DD", kind: .date, minLength: 10, maxLength: 10)),
        item("DID004", "REFERRER CODE", group: "Activity", position: 4, format: Format(text: "max an8", kind: .alphanumeric, minLength: 1, maxLength: 8), element: "REFERRER CODE"),
    ]
    var lists: [CodeList] = [CodeList(name: "GENDER", codes: [code("1", "Male"), code("2", "Female"), code("9", "Not specified")], location: ETOSModel.SourceLocation(file: "t", line: 1, column: 1))]
    var rules: [Rule] = [
        Rule(code: "R001", level: .recordRejection, items: ["DID001"], text: "Must be populated", sheet: .dataItems, location: ETOSModel.SourceLocation(file: "t", line: 1, column: 1), ast: .populated(item: "DID001"), enforcement: .enforced),
        Rule(code: "R002", level: .warning, items: ["DID003"], text: "Must be a valid date", sheet: .dataItems, location: ETOSModel.SourceLocation(file: "t", line: 1, column: 1), ast: .validDate(item: "DID003"), enforcement: .enforced),
    ]

    static func item(_ uid: String, _ name: String, group: String, position: Int, format: Format, element: String? = nil, list: String? = nil, mandation: Mandation = .required) -> DataItem {
        DataItem(uid: uid, name: name, group: group, position: position, dataDictionaryElement: element, format: format, mandation: mandation, codeList: list, location: ETOSModel.SourceLocation(file: "t", line: 1, column: 1))
    }

    static func code(_ code: String, _ description: String) -> CodeList.Code { .init(code: code, description: description, location: ETOSModel.SourceLocation(file: "t", line: 1, column: 1)) }

    func spec(version: String) -> Spec {
        let sorted = items.sorted { $0.position < $1.position }
        var groups: [Group] = []
        for item in sorted {
            if let index = groups.firstIndex(where: { $0.name == item.group }) { groups[index].items.append(item.uid) } else { groups.append(Group(name: item.group, items: [item.uid])) }
        }
        return Spec(source: "v\(version).xml", dataSet: DataSetInfo(name: "Test", shortName: "T", version: version), groups: groups, items: sorted,
                    codeLists: lists.sorted { $0.name < $1.name }, rules: rules, changeLog: [], diagnostics: [])
    }

    mutating func edit(_ uid: String, _ change: (inout DataItem) -> Void) {
        change(&items[items.firstIndex { $0.uid == uid }!])
    }
}

@Suite("etosc diff")
struct SpecDiffTests {
    private func diff(_ change: (inout SpecBuilder) -> Void) -> ChangeSpecification {
        let old = SpecBuilder()
        var new = old
        change(&new)
        return SpecDiff.compare(old: old.spec(version: "1"), new: new.spec(version: "2"))
    }

    private func only(_ changes: ChangeSpecification, _ kind: ChangeSpecification.Kind, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ChangeSpecification.Change? {
        #expect(changes.changes.map(\.kind) == [kind], "\(changes.changes)", sourceLocation: sourceLocation)
        return changes.changes.first
    }

    @Test func identicalSpecsHaveNoChanges() {
        let changes = diff { _ in }
        #expect(changes.changes.isEmpty)
        #expect(changes.matches.count == 4)
        #expect(!changes.breaksSubmitters && !changes.breaksConsumers)
    }

    /// An item added or removed changes the record's field count too, reported under the
    /// submission layout.
    @Test func itemAddedAndRemoved() throws {
        let addition = diff { $0.items.append(SpecBuilder.item("DID005", "SERVICE REQUEST PRIORITY TYPE", group: "Activity", position: 5, format: Format(text: "an1", kind: .alphanumeric, minLength: 1, maxLength: 1))) }
        #expect(addition.changes.map(\.kind) == [.itemAdded, .fieldCountChanged])
        let added = try #require(addition.changes.first)
        #expect(added.submitter.breaking && !added.consumer.breaking)
        let count = try #require(addition.changes.last)
        #expect(count.detail == "4 → 5 fields" && count.submitter.breaking && !count.consumer.breaking)
        let removal = diff { builder in builder.items.removeAll { $0.uid == "DID004" } }
        #expect(removal.changes.map(\.kind) == [.itemRemoved, .fieldCountChanged])
        let removed = try #require(removal.changes.first)
        #expect(removed.submitter.breaking && removed.consumer.breaking)
    }

    @Test func itemsAreMatchedByElementThenUIDThenName() {
        let changes = diff { builder in
            builder.edit("DID001") { $0.uid = "DID101" }                         // same element, new UID
            builder.edit("DID003") { $0.name = "SERVICE REPORT ISSUE DATE (LOCAL)" } // same UID, new name
            builder.edit("DID002") { $0.uid = "DID102"; $0.name = "PERSON GENDER CODE" } // only the name is similar
        }
        let reasons = Dictionary(uniqueKeysWithValues: changes.matches.map { ($0.new, $0.reason) })
        #expect(reasons["DID101"] == "same Data Dictionary element NHS NUMBER")
        #expect(reasons["DID003"] == "same UID DID003")
        #expect(reasons["DID102"]?.hasPrefix("similar name") == true)
        let guessed = changes.changes.first { $0.kind == .itemRenamed && $0.subject.hasPrefix("DID102") }
        #expect(guessed?.submitter.reason.contains("paired only by similar name") == true, "\(String(describing: guessed))")
        #expect(changes.matches.filter(\.byNameOnly).map(\.new) == ["DID102"])
        #expect(changes.changes.filter { $0.kind == .itemRenamed }.count == 3)
        #expect(!changes.changes.contains { $0.kind == .itemAdded || $0.kind == .itemRemoved })
    }

    @Test func itemMovedToAnotherGroupAndGroupRenamed() throws {
        let moved = try #require(only(diff { $0.edit("DID004") { $0.group = "Patient" } }, .itemMoved))
        #expect(!moved.submitter.breaking && moved.consumer.breaking)
        let renamed = try #require(only(diff { builder in
            builder.edit("DID003") { $0.group = "Imaging Activity" }
            builder.edit("DID004") { $0.group = "Imaging Activity" }
        }, .groupRenamed))
        #expect(renamed.detail == "Activity → Imaging Activity, all its items with it")
    }

    @Test func columnsReordered() {
        let changes = diff { builder in
            builder.edit("DID001") { $0.position = 2 }
            builder.edit("DID002") { $0.position = 1 }
        }
        #expect(changes.changes.map(\.kind) == [.columnMoved])
        #expect(changes.changes.first?.submitter.breaking == true)
        #expect(changes.changes.first?.consumer.breaking == false)
    }

    @Test func formatsWidenNarrowAndChange() throws {
        let widened = try #require(only(diff { $0.edit("DID004") { $0.format = Format(text: "max an10", kind: .alphanumeric, minLength: 1, maxLength: 10) } }, .formatWidened))
        #expect(!widened.submitter.breaking && widened.detail == "max an8 → max an10")
        let narrowed = try #require(only(diff { $0.edit("DID004") { $0.format = Format(text: "max an6", kind: .alphanumeric, minLength: 1, maxLength: 6) } }, .formatNarrowed))
        #expect(narrowed.submitter.breaking && !narrowed.consumer.breaking)
        let changed = try #require(only(diff { $0.edit("DID003") { $0.format = Format(text: "max an25", kind: .timestamp, minLength: 20, maxLength: 25) } }, .formatChanged))
        #expect(changed.submitter.breaking && changed.consumer.breaking)
    }

    @Test func mandationChanged() throws {
        let stricter = try #require(only(diff { $0.edit("DID004") { $0.mandation = .mandatory } }, .mandationChanged))
        #expect(stricter.submitter.breaking && stricter.detail == "R → M")
        let looser = try #require(only(diff { $0.edit("DID004") { $0.mandation = .optional } }, .mandationChanged))
        #expect(!looser.submitter.breaking)
    }

    @Test func codesAddedRemovedRelabelled() throws {
        let added = try #require(only(diff { $0.lists[0].codes.append(SpecBuilder.code("X", "Not known")) }, .codeAdded))
        #expect(!added.submitter.breaking && added.consumer.breaking)
        let removed = try #require(only(diff { $0.lists[0].codes.removeLast() }, .codeRemoved))
        #expect(removed.submitter.breaking)
        let relabelled = try #require(only(diff { $0.lists[0].codes[2].description = "Indeterminate" }, .codeRelabelled))
        #expect(!relabelled.submitter.breaking && !relabelled.consumer.breaking)
    }

    @Test func codeListsAddedRemovedAndRenamed() {
        let added = diff { builder in
            builder.lists.append(CodeList(name: "PRIORITY", codes: [SpecBuilder.code("1", "Routine")], location: ETOSModel.SourceLocation(file: "t", line: 1, column: 1)))
        }
        #expect(added.changes.map(\.kind) == [.codeListAdded])
        let renamed = diff { builder in
            builder.lists[0].name = "STATED GENDER"
            builder.edit("DID002") { $0.codeList = "STATED GENDER" }
        }
        #expect(renamed.changes.map(\.kind) == [.codeListChanged])
        let removed = diff { builder in
            builder.lists.removeAll()
            builder.edit("DID002") { $0.codeList = nil }
        }
        #expect(removed.changes.map(\.kind) == [.codeListRemoved])
    }

    @Test func rulesAddedRemovedAndChanged() throws {
        let added = try #require(only(diff { $0.rules.append(Rule(code: "R003", level: .recordRejection, items: ["DID004"], text: "Must be populated", sheet: .dataItems, location: ETOSModel.SourceLocation(file: "t", line: 1, column: 1), ast: .populated(item: "DID004"), enforcement: .enforced)) }, .ruleAdded))
        #expect(added.submitter.breaking && !added.consumer.breaking)
        let removed = try #require(only(diff { $0.rules.removeLast() }, .ruleRemoved))
        #expect(!removed.submitter.breaking && removed.consumer.breaking)
        let raised = try #require(only(diff { $0.rules[1].level = .recordRejection }, .ruleLevelChanged))
        #expect(raised.submitter.breaking && raised.detail == "Warning → Record Rejection")
        let lowered = try #require(only(diff { $0.rules[0].level = .warning }, .ruleLevelChanged))
        #expect(!lowered.submitter.breaking)
        let logic = try #require(only(diff { $0.rules[1].ast = .validTimestamp(item: "DID003"); $0.rules[1].text = "Must be a valid timestamp" }, .ruleLogicChanged))
        #expect(logic.submitter.breaking)
        let wording = try #require(only(diff { $0.rules[1].text = "Must be a real date" }, .ruleWordingChanged))
        #expect(!wording.submitter.breaking)
    }

    @Test func aRuleFollowsItsItemThroughARename() {
        let changes = diff { builder in
            builder.edit("DID001") { $0.uid = "DID101" }
            builder.rules[0].items = ["DID101"]
            builder.rules[0].ast = .populated(item: "DID101")
        }
        #expect(!changes.changes.contains { $0.kind == .ruleLogicChanged })
    }

    /// Diff symmetry: swapping the specs swaps every change for its inverse and keeps the matches.
    @Test(arguments: 0..<60) func swappingTheSpecsInvertsEveryChange(seed: Int) {
        var generator = SplitMix(seed: UInt64(seed))
        let old = SpecBuilder()
        var new = old
        for _ in 0..<(1 + Int(generator.next() % 4)) { Mutation.random(&generator).apply(&new) }
        let forward = SpecDiff.compare(old: old.spec(version: "1"), new: new.spec(version: "2"))
        let backward = SpecDiff.compare(old: new.spec(version: "2"), new: old.spec(version: "1"))
        #expect(Set(forward.matches.map { "\($0.old)>\($0.new)" }) == Set(backward.matches.map { "\($0.new)>\($0.old)" }))
        func count(_ changes: ChangeSpecification, _ kind: ChangeSpecification.Kind) -> Int { changes.changes.filter { $0.kind == kind }.count }
        let inverses: [(ChangeSpecification.Kind, ChangeSpecification.Kind)] = [
            (.itemAdded, .itemRemoved), (.itemRenamed, .itemRenamed), (.itemMoved, .itemMoved), (.groupRenamed, .groupRenamed),
            (.formatWidened, .formatNarrowed), (.formatChanged, .formatChanged), (.mandationChanged, .mandationChanged),
            (.codeListAdded, .codeListRemoved), (.codeListChanged, .codeListChanged), (.codeAdded, .codeRemoved), (.codeRelabelled, .codeRelabelled),
            (.ruleAdded, .ruleRemoved), (.ruleLevelChanged, .ruleLevelChanged), (.ruleLogicChanged, .ruleLogicChanged), (.ruleWordingChanged, .ruleWordingChanged),
        ]
        for (kind, inverse) in inverses {
            #expect(count(forward, kind) == count(backward, inverse), "\(kind) vs \(inverse): \(forward.changes) / \(backward.changes)")
        }
        #expect(forward.changes.isEmpty == backward.changes.isEmpty)
    }
}

/// One random edit of a ``SpecBuilder``.
private enum Mutation: CaseIterable {
    case addItem, removeItem, renameItem, widen, narrow, mandatory, addCode, removeCode, relabel, addRule, removeRule, raiseLevel, reword, moveGroup

    static func random(_ generator: inout SplitMix) -> Mutation { allCases[Int(generator.next() % UInt64(allCases.count))] }

    func apply(_ builder: inout SpecBuilder) {
        switch self {
        case .addItem where !builder.items.contains { $0.uid == "DID009" }:
            builder.items.append(SpecBuilder.item("DID009", "SERVICE REQUEST PRIORITY TYPE", group: "Activity", position: 9, format: Format(text: "an1", kind: .alphanumeric, minLength: 1, maxLength: 1)))
        case .removeItem where builder.items.contains { $0.uid == "DID004" }:
            builder.items.removeAll { $0.uid == "DID004" }
        case .renameItem: builder.edit("DID003") { $0.name = "SERVICE REPORT ISSUE DATE (LOCAL)" }
        case .widen: builder.edit("DID001") { $0.format = Format(text: "max n12", kind: .numeric, minLength: 10, maxLength: 12) }
        case .narrow: builder.edit("DID002") { $0.format = Format(text: "an1", kind: .alphanumeric, minLength: 1, maxLength: 1) }
        case .mandatory: builder.edit("DID003") { $0.mandation = .mandatory }
        case .addCode where !builder.lists.isEmpty: builder.lists[0].codes.append(SpecBuilder.code("X", "Not known"))
        case .removeCode where builder.lists.first.map { $0.codes.count > 1 } == true: builder.lists[0].codes.removeFirst()
        case .relabel where builder.lists.first.map { !$0.codes.isEmpty } == true: builder.lists[0].codes[0].description += " (relabelled)"
        case .addRule where !builder.rules.contains { $0.code == "R009" }:
            builder.rules.append(Rule(code: "R009", level: .recordRejection, items: ["DID001"], text: "Must pass modulus 11", sheet: .dataItems, location: ETOSModel.SourceLocation(file: "t", line: 1, column: 1), ast: .modulus11(item: "DID001"), enforcement: .enforced))
        case .removeRule where builder.rules.count > 1: builder.rules.removeFirst()
        case .raiseLevel: builder.rules[builder.rules.count - 1].level = .fileRejection
        case .reword: builder.rules[builder.rules.count - 1].text += " (reworded)"
        case .moveGroup: builder.edit("DID001") { $0.group = "Activity" }
        default: break
        }
    }
}

/// A small seeded generator (SplitMix64) so each case is reproducible.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
