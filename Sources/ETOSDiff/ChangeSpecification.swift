import ETOSModel

/// What changed between two versions of a spec, change by change, each judged for the two
/// audiences: a submitter (who writes files the new spec validates) and a consumer of the
/// generated Swift module (whose code compiles against it).
public struct ChangeSpecification: Hashable, Sendable, Codable {
    /// One side of the comparison.
    public struct Side: Hashable, Sendable, Codable {
        public var source: String
        public var name: String
        public var version: String
    }

    /// How an old item was paired with a new one.
    public struct ItemMatch: Hashable, Sendable, Codable {
        public var old: String
        public var new: String
        public var reason: String
        /// True when nothing but name similarity pairs the items (no shared element or UID).
        public var byNameOnly: Bool

        public init(old: String, new: String, reason: String, byNameOnly: Bool = false) {
            self.old = old
            self.new = new
            self.reason = reason
            self.byNameOnly = byNameOnly
        }
    }

    /// Whether a change breaks an audience, and why.
    public struct Impact: Hashable, Sendable, Codable {
        public var breaking: Bool
        public var reason: String

        public static func breaking(_ reason: String) -> Impact { Impact(breaking: true, reason: reason) }
        public static func compatible(_ reason: String) -> Impact { Impact(breaking: false, reason: reason) }
    }

    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case itemAdded = "item-added", itemRemoved = "item-removed", itemRenamed = "item-renamed", itemMoved = "item-moved"
        case groupRenamed = "group-renamed"
        case tableAdded = "table-added", tableRemoved = "table-removed", keyChanged = "key-changed", linkChanged = "link-changed"
        case columnMoved = "column-moved", fieldCountChanged = "field-count-changed"
        case formatWidened = "format-widened", formatNarrowed = "format-narrowed", formatChanged = "format-changed"
        case mandationChanged = "mandation-changed"
        case codeListAdded = "code-list-added", codeListRemoved = "code-list-removed", codeListChanged = "code-list-changed"
        case codeAdded = "code-added", codeRemoved = "code-removed", codeRelabelled = "code-relabelled"
        case ruleAdded = "rule-added", ruleRemoved = "rule-removed", ruleLevelChanged = "rule-level-changed"
        case ruleLogicChanged = "rule-logic-changed", ruleWordingChanged = "rule-wording-changed"
    }

    /// One change.
    public struct Change: Hashable, Sendable, Codable {
        public var kind: Kind
        /// What changed: an item (`UID NAME`), a code list, or a rule code.
        public var subject: String
        /// The change in one line, old → new.
        public var detail: String
        public var submitter: Impact
        public var consumer: Impact
    }

    public var old: Side
    public var new: Side
    public var matches: [ItemMatch]
    public var changes: [Change]

    /// True when some change breaks submitters.
    public var breaksSubmitters: Bool { changes.contains { $0.submitter.breaking } }
    /// True when some change breaks code built on the generated module.
    public var breaksConsumers: Bool { changes.contains { $0.consumer.breaking } }
}
