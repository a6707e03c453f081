/// What a check reports when it fails: the rule's code, level and message.
public struct FindingKind: Hashable, Sendable {
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
public struct Finding: Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let level: FindingLevel
    /// UIDs of the data items involved.
    public let items: [String]
    /// The offending values, as submitted (trimmed).
    public let values: [String]
    public let message: String

    public init(code: String, level: FindingLevel, items: [String], values: [String], message: String) {
        self.code = code
        self.level = level
        self.items = items
        self.values = values
        self.message = message
    }

    public init(_ kind: FindingKind, items: [String], values: [String]) {
        self.init(code: kind.code, level: kind.level, items: items, values: values, message: kind.message)
    }

    public var description: String {
        "\(code) [\(level.rawValue)] \(items.joined(separator: ",")) = \(values.map { "'\($0)'" }.joined(separator: ",")): \(message)"
    }
}

/// A data item as generated code describes it.
public struct DataItemInfo: Hashable, Sendable {
    public let uid: String
    public let name: String
    public let group: String
    /// 1-based field position in a submission record.
    public let position: Int

    public init(uid: String, name: String, group: String, position: Int) {
        self.uid = uid
        self.name = name
        self.group = group
        self.position = position
    }
}
