/// What a check reports when it fails: the rule's code, level and message.
@_spi(ETOSGenerated) public struct FindingKind: Hashable, Sendable {
    public let code: String
    public let level: FindingLevel
    public let message: String

    public init(code: String, level: FindingLevel, message: String) {
        self.code = code
        self.level = level
        self.message = message
    }
}

/// One failed check on one record (or on the file).
public struct Finding: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The code of the rule that failed (a generated module's `RuleCode` raw value).
    public let code: String
    /// What the failure costs the submitter.
    public let level: FindingLevel
    /// UIDs of the data items involved.
    public let items: [String]
    /// The offending values, as submitted (trimmed).
    public let values: [String]
    /// The spec's error message for the rule.
    public let message: String

    /// A finding.
    ///
    /// - Parameters:
    ///   - code: the rule's code.
    ///   - level: the rule's level.
    ///   - items: the UIDs of the data items involved.
    ///   - values: their values as submitted (trimmed), one per item.
    ///   - message: the rule's error message.
    public init(code: String, level: FindingLevel, items: [String], values: [String], message: String) {
        self.code = code
        self.level = level
        self.items = items
        self.values = values
        self.message = message
    }

    @_spi(ETOSGenerated) public init(_ kind: FindingKind, items: [String], values: [String]) {
        self.init(code: kind.code, level: kind.level, items: items, values: values, message: kind.message)
    }

    /// The finding on one line: code, level, items, values and message.
    public var description: String {
        "\(code) [\(level.rawValue)] \(items.joined(separator: ",")) = \(values.map { "'\($0)'" }.joined(separator: ",")): \(message)"
    }
}

/// A data item as generated code describes it.
public struct DataItemInfo: Hashable, Sendable, Codable {
    /// The item's UID in the spec (`DID003`).
    public let uid: String
    /// The item's name (`PERSON BIRTH DATE`).
    public let name: String
    /// The group the spec puts it in.
    public let group: String
    /// 1-based field position in a submission record.
    public let position: Int

    /// A data item.
    ///
    /// - Parameters:
    ///   - uid: the item's UID.
    ///   - name: the item's name.
    ///   - group: the item's group.
    ///   - position: its 1-based field position.
    public init(uid: String, name: String, group: String, position: Int) {
        self.uid = uid
        self.name = name
        self.group = group
        self.position = position
    }
}
