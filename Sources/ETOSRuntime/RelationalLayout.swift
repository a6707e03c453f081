/// The tables of a relational submission, how their records link, and the rules across
/// them: what a generated module's submission type states, or the interpreter works out
/// from a spec. Fields are 0-based positions in a table's records.
@_spi(ETOSGenerated) public struct RelationalLayout: Sendable {
    /// One table: its file's name, its key and its link to its parent.
    public struct Table: Sendable {
        /// The table's name as the spec's Tables sheet gives it (`REFERRAL`).
        public let name: String
        /// Its short identifier, when the spec gives one: a file may be named after it.
        public let id: String?
        /// The fields of its key.
        public let key: [Int]
        /// Its parent table (an index into ``RelationalLayout/tables``).
        public let parent: Int?
        /// The fields holding the parent's key, in the key's order.
        public let link: [Int]
        /// The fields kept for each key, for the rules of the tables below: the key's first,
        /// then those the child tables' rules compare with.
        public let carried: [Int]

        public init(name: String, id: String?, key: [Int], parent: Int?, link: [Int], carried: [Int]) {
            self.name = name
            self.id = id
            self.key = key
            self.parent = parent
            self.link = link
            self.carried = carried
        }
    }

    /// A record's link must be its parent's key: the finding when it is not (an orphan).
    public struct LinkRule: Sendable {
        /// The table whose records link.
        public let table: Int
        public let kind: FindingKind
        /// UIDs of the link items.
        public let items: [String]

        public init(table: Int, kind: FindingKind, items: [String]) {
            self.table = table
            self.kind = kind
            self.items = items
        }
    }

    /// Each record of `table` must have a record of `child` linked to it.
    public struct CountRule: Sendable {
        public let table: Int
        public let child: Int
        public let kind: FindingKind
        /// UIDs of the parent's key items (a finding gives the record's key values).
        public let items: [String]

        public init(table: Int, child: Int, kind: FindingKind, items: [String]) {
            self.table = table
            self.child = child
            self.kind = kind
            self.items = items
        }
    }

    public let tables: [Table]
    public let links: [LinkRule]
    public let counts: [CountRule]
    /// The order the tables are checked in: parents before their children, so a child's
    /// links find their parent's keys, whatever order the files come in.
    public let checkingOrder: [Int]

    /// - Parameter checkingOrder: the tables' indices, parents first (``checkingOrder``).
    public init(tables: [Table], links: [LinkRule], counts: [CountRule], checkingOrder: [Int]) {
        self.tables = tables
        self.links = links
        self.counts = counts
        self.checkingOrder = checkingOrder
    }
}

/// The rules of a table's records that compare a record with the record it links to (its
/// parent's): a generated module's, or the interpreter's.
@_spi(ETOSGenerated) public protocol LinkedRecordChecking: Sendable {
    /// Adds the findings of `record` against `linked`, the parent record's carried fields
    /// (``RelationalLayout/Table/carried``, in that order). Called in record order on one thread.
    func check(_ record: RecordFields, linked: RecordFields, _ findings: inout [Finding])
}

/// For a table without rules comparing with the linked record.
@_spi(ETOSGenerated) public struct NoLinkedChecks: LinkedRecordChecking {
    public init() {}

    public func check(_ record: RecordFields, linked: RecordFields, _ findings: inout [Finding]) {}
}
