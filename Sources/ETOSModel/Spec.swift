import Foundation
/// A compiled Enhanced Technical Output Specification: one immutable value.
///
/// Every stage after the frontend works from this value alone; its JSON form is the IR
/// (`etosc model`), versioned by ``Spec/currentIRVersion``.
public struct Spec: Hashable, Sendable, Codable {
    /// Bumped whenever the JSON IR changes shape (3: decimal formats with `fraction`, rule
    /// `codeStatus`, the data set's `rejectionLevel`, code-list `notes`, items'
    /// `uncheckedCodes`, and the `lettersAndDigits`, `forbidden` and `satisfies` nodes; 4:
    /// `tables`, items' and rules' `table`, and the `existsInTable` and `hasLinkedRecords` nodes).
    public static let currentIRVersion = 4

    public var irVersion: Int
    /// The spec file as the user named it.
    public var source: String
    public var dataSet: DataSetInfo
    public var groups: [Group]
    /// The tables of a relational data set, in sheet order; empty for a flat one (no Tables
    /// sheet), whose records are all of one kind.
    public var tables: [Table]
    /// Every item, in submission (position) order; in a relational data set, table by table.
    public var items: [DataItem]
    /// Code lists, sorted by name.
    public var codeLists: [CodeList]
    /// Validation rules in sheet order.
    public var rules: [Rule]
    public var changeLog: [ChangeLogEntry]
    public var diagnostics: [Diagnostic]

    public init(
        source: String, dataSet: DataSetInfo, groups: [Group], tables: [Table] = [], items: [DataItem],
        codeLists: [CodeList], rules: [Rule], changeLog: [ChangeLogEntry], diagnostics: [Diagnostic]
    ) {
        self.irVersion = Spec.currentIRVersion
        self.source = source
        self.dataSet = dataSet
        self.groups = groups
        self.tables = tables
        self.items = items
        self.codeLists = codeLists
        self.rules = rules
        self.changeLog = changeLog
        self.diagnostics = diagnostics
    }

    /// The item with this UID.
    public func item(uid: String) -> DataItem? { items.first { $0.uid == uid } }

    /// The code list with this name.
    public func codeList(named name: String) -> CodeList? { codeLists.first { $0.name == name } }

    /// The rules that name this item.
    public func rules(for uid: String) -> [Rule] { rules.filter { $0.items.contains(uid) } }

    private enum CodingKeys: String, CodingKey {
        case irVersion, source, dataSet, groups, tables, items, codeLists, rules, changeLog, diagnostics
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        irVersion = try container.decode(Int.self, forKey: .irVersion)
        source = try container.decode(String.self, forKey: .source)
        dataSet = try container.decode(DataSetInfo.self, forKey: .dataSet)
        groups = try container.decode([Group].self, forKey: .groups)
        tables = try container.decodeIfPresent([Table].self, forKey: .tables) ?? []
        items = try container.decode([DataItem].self, forKey: .items)
        codeLists = try container.decode([CodeList].self, forKey: .codeLists)
        rules = try container.decode([Rule].self, forKey: .rules)
        changeLog = try container.decode([ChangeLogEntry].self, forKey: .changeLog)
        diagnostics = try container.decode([Diagnostic].self, forKey: .diagnostics)
    }

    /// Encodes the IR; `tables` only for a relational spec, so a flat spec's IR is as before tables.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(irVersion, forKey: .irVersion)
        try container.encode(source, forKey: .source)
        try container.encode(dataSet, forKey: .dataSet)
        try container.encode(groups, forKey: .groups)
        if !tables.isEmpty { try container.encode(tables, forKey: .tables) }
        try container.encode(items, forKey: .items)
        try container.encode(codeLists, forKey: .codeLists)
        try container.encode(rules, forKey: .rules)
        try container.encode(changeLog, forKey: .changeLog)
        try container.encode(diagnostics, forKey: .diagnostics)
    }
}

/// The cover sheet's facts.
public struct DataSetInfo: Hashable, Sendable, Codable {
    public var name: String
    public var shortName: String
    public var version: String
    public var publicationDate: String?
    public var status: String?
    public var notes: String?
    /// The level of a rejection the data set makes where no rule row states one (the item
    /// checks' derived codes): DIDS v2.0 rejects files, not records. Nil: record rejection.
    public var rejectionLevel: FindingLevel?

    public init(name: String, shortName: String, version: String, publicationDate: String? = nil, status: String? = nil, notes: String? = nil,
                rejectionLevel: FindingLevel? = nil) {
        self.name = name
        self.shortName = shortName
        self.version = version
        self.publicationDate = publicationDate
        self.status = status
        self.notes = notes
        self.rejectionLevel = rejectionLevel
    }
}

/// A named group of items (a table, or a section of the record).
public struct Group: Hashable, Sendable, Codable {
    public var name: String
    /// UIDs in position order.
    public var items: [String]

    public init(name: String, items: [String]) {
        self.name = name
        self.items = items
    }
}

/// One data item of the TOS.
public struct DataItem: Hashable, Sendable, Codable {
    public var uid: String
    public var name: String
    public var group: String
    /// The table the item belongs to (nil in a flat data set).
    public var table: String?
    /// 1-based column in the submission file (in a relational data set, in its table's file).
    public var position: Int
    public var dataDictionaryElement: String?
    public var description: String?
    public var format: Format
    public var mandation: Mandation
    /// Name of the item's code list, if it has national codes.
    public var codeList: String?
    /// A National Codes cell naming a list the workbook does not have (`See DISDEST for a
    /// list of codes`): the item's codes are not checked.
    public var uncheckedCodes: String?
    public var notes: String?
    public var location: SourceLocation

    public init(
        uid: String, name: String, group: String, table: String? = nil, position: Int, dataDictionaryElement: String? = nil,
        description: String? = nil, format: Format, mandation: Mandation, codeList: String? = nil,
        notes: String? = nil, location: SourceLocation
    ) {
        self.uid = uid
        self.name = name
        self.group = group
        self.table = table
        self.position = position
        self.dataDictionaryElement = dataDictionaryElement
        self.description = description
        self.format = format
        self.mandation = mandation
        self.codeList = codeList
        self.notes = notes
        self.location = location
    }
}

/// A parsed format notation such as `max an20` or `an10 CCYY-MM-DD`.
public struct Format: Hashable, Sendable, Codable {
    /// The kind of value the format admits.
    public typealias Kind = ValueKind

    /// The notation as written in the spec.
    public var text: String
    public var kind: Kind
    public var minLength: Int
    public var maxLength: Int
    /// A decimal's digits after the point (0 as the least: the point may be left out).
    public var fraction: DigitBounds?

    /// Bounds on a count of digits.
    public struct DigitBounds: Hashable, Sendable, Codable {
        public var min: Int
        public var max: Int

        public init(min: Int, max: Int) {
            self.min = min
            self.max = max
        }
    }

    public init(text: String, kind: Kind, minLength: Int, maxLength: Int, fraction: DigitBounds? = nil) {
        self.text = text
        self.kind = kind
        self.minLength = minLength
        self.maxLength = maxLength
        self.fraction = fraction
    }

    /// A decimal's shape as a regular expression over the whole value (nil for other kinds).
    public var decimalPattern: String? {
        guard kind == .decimal else { return nil }
        let after = fraction ?? DigitBounds(min: 0, max: 0)
        let point = after.max == 0 ? "" : "\\.[0-9]{\(max(after.min, 1)),\(after.max)}"
        let tail = point.isEmpty ? "" : after.min == 0 ? "(\(point))?" : point
        return "[0-9]{\(minLength),\(maxLength)}" + tail
    }

    /// The format in plain words, e.g. "1 to 20 characters".
    public var inWords: String {
        switch kind {
        case .date: return "a date (CCYY-MM-DD)"
        case .time: return "a time of day (HH:MM:SS)"
        case .timestamp: return "a date and time with UTC offset (CCYY-MM-DDThh:mm:ss±hh:mm), at most \(maxLength) characters"
        case .alphanumeric: return Format.lengthWords(minLength, maxLength, unit: "character")
        case .numeric: return Format.lengthWords(minLength, maxLength, unit: "digit")
        case .decimal:
            let after = fraction ?? DigitBounds(min: 0, max: 0)
            let places = after.min == after.max ? "exactly \(after.max)" : after.min == 0 ? "up to \(after.max)" : "\(after.min) to \(after.max)"
            return "a decimal number: \(Format.lengthWords(minLength, maxLength, unit: "digit")) before the point, \(places) after it"
        }
    }

    private static func lengthWords(_ min: Int, _ max: Int, unit: String) -> String {
        if min == max { return "exactly \(max) \(unit)\(max == 1 ? "" : "s")" }
        return "\(min) to \(max) \(unit)s"
    }
}

/// The TOS mandation column: M, R, O, P or D.
public enum Mandation: String, Hashable, Sendable, Codable, CaseIterable {
    case mandatory, required, optional, pilot, derived

    /// The one-letter code used in TOS sheets.
    public var code: String {
        switch self {
        case .mandatory: "M"
        case .required: "R"
        case .optional: "O"
        case .pilot: "P"
        case .derived: "D"
        }
    }

    /// What the code means for a submitter.
    public var inWords: String {
        switch self {
        case .mandatory: "Mandatory: must be present; a blank value is rejected (ETOS-MAN-<UID>, or the rule that states it)"
        case .required: "Required: must be sent where it applies; a blank value is not reported unless a rule says where it applies"
        case .optional: "Optional"
        case .pilot: "Pilot: collected only from pilot sites"
        case .derived: "Derived: calculated, not submitted"
        }
    }
}

/// A list of national codes.
public struct CodeList: Hashable, Sendable, Codable {
    public struct Code: Hashable, Sendable, Codable {
        public var code: String
        public var description: String
        public var location: SourceLocation

        public init(code: String, description: String, location: SourceLocation) {
            self.code = code
            self.description = description
            self.location = location
        }
    }

    public var name: String
    /// Codes in the order the spec lists them.
    public var codes: [Code]
    public var location: SourceLocation
    /// Lines of the cell that are not codes (headings, remarks), kept for readers.
    public var notes: String?

    public init(name: String, codes: [Code], location: SourceLocation, notes: String? = nil) {
        self.name = name
        self.codes = codes
        self.location = location
        self.notes = notes
    }
}

/// How much a failed validation costs the submitter.
/// One validation row of the ETOS.
public struct Rule: Hashable, Sendable, Codable {
    public enum Sheet: String, Hashable, Sendable, Codable {
        case dataItems = "data-items"
        case fileLevel = "file-level"
    }

    public var code: String
    public var level: FindingLevel
    /// The table whose records the rule checks (nil in a flat data set).
    public var table: String?
    /// UIDs of the items the rule is about.
    public var items: [String]
    /// The validation sentence.
    public var text: String
    public var message: String?
    public var expression: String?
    public var notes: String?
    public var sheet: Sheet
    public var location: SourceLocation
    /// Whether the error code is the one NHS England publishes, as the Code Status column says.
    public var codeStatus: CodeStatus?
    /// The compiled rule (from the Expression column when given, else from the sentence).
    public var ast: RuleExpression?
    /// Whether and how generated code checks the rule.
    public var enforcement: Enforcement

    public init(
        code: String, level: FindingLevel, items: [String], text: String, message: String? = nil,
        expression: String? = nil, notes: String? = nil, sheet: Sheet, location: SourceLocation,
        ast: RuleExpression? = nil, enforcement: Enforcement = .notMachineReadable(reason: "not compiled")
    ) {
        self.code = code
        self.level = level
        self.items = items
        self.text = text
        self.message = message
        self.expression = expression
        self.notes = notes
        self.sheet = sheet
        self.location = location
        self.ast = ast
        self.enforcement = enforcement
    }

    /// Whether an error code is NHS England's or the spec author's.
    public typealias CodeStatus = RuleCodeStatus

    private enum CodingKeys: String, CodingKey {
        case code, level, table, items, text, message, expression, notes, sheet, location, codeStatus, ast, enforcement, enforced
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        level = try container.decode(FindingLevel.self, forKey: .level)
        table = try container.decodeIfPresent(String.self, forKey: .table)
        items = try container.decode([String].self, forKey: .items)
        text = try container.decode(String.self, forKey: .text)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        expression = try container.decodeIfPresent(String.self, forKey: .expression)
        notes = try container.decodeIfPresent(String.self, forKey: .notes)
        sheet = try container.decode(Sheet.self, forKey: .sheet)
        location = try container.decode(SourceLocation.self, forKey: .location)
        codeStatus = try container.decodeIfPresent(CodeStatus.self, forKey: .codeStatus)
        ast = try container.decodeIfPresent(RuleExpression.self, forKey: .ast)
        enforcement = try container.decode(Enforcement.self, forKey: .enforcement)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(level, forKey: .level)
        try container.encodeIfPresent(table, forKey: .table)
        try container.encode(items, forKey: .items)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(message, forKey: .message)
        try container.encodeIfPresent(expression, forKey: .expression)
        try container.encodeIfPresent(notes, forKey: .notes)
        try container.encode(sheet, forKey: .sheet)
        try container.encode(location, forKey: .location)
        try container.encodeIfPresent(codeStatus, forKey: .codeStatus)
        try container.encodeIfPresent(ast, forKey: .ast)
        try container.encode(enforcement, forKey: .enforcement)
        try container.encode(enforcement.isEnforced, forKey: .enforced)
    }
}

/// One row of the change log sheet.
public struct ChangeLogEntry: Hashable, Sendable, Codable {
    public var version: String
    public var change: String
    public var date: String?

    public init(version: String, change: String, date: String? = nil) {
        self.version = version
        self.change = change
        self.date = date
    }
}

extension Spec {
    /// The message a rule's findings carry: its Error Message, or, when the spec gives none, its
    /// sentence, with its items named when the sentence does not name them ("PERSON BIRTH DATE
    /// must be a valid date").
    public func findingMessage(for rule: Rule) -> String {
        if let message = rule.message { return message }
        let names = rule.items.map { uid in items.first { $0.uid == uid }?.name ?? uid }
        let upper = rule.text.uppercased()
        guard !names.isEmpty, !names.allSatisfy({ upper.contains($0.uppercased()) }) else { return rule.text }
        let subject = names.joined(separator: ", ")
        let text = rule.text.trimmingCharacters(in: .whitespaces)
        if text.lowercased().hasPrefix("must ") || text.lowercased().hasPrefix("should ") {
            return "\(subject) \(text.prefix(1).lowercased())\(text.dropFirst())"
        }
        return "\(subject): \(text)"
    }
}
