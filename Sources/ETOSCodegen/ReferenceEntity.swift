import ETOSModel

/// A reference data set as a table the SQL exports read: `refdata_<name>` (DVE's prefix for
/// reference entities), one row per code and active period, or per mapping.
///
/// Columns (every engine, and the CSV files `etosc export --format reference-data` writes):
/// - a code list: `code` (text, as the runtime holds it: trimmed; postcodes upper case with one
///   space before the inward code), `start` and `end` (DATE, both included; NULL when open).
/// - a map: `from` and `to` (text).
public struct ReferenceEntity: Hashable, Comparable, Sendable {
    /// What a rule reads from the data set.
    public enum Kind: String, Sendable {
        /// Codes with their active periods (`exists`, `active`).
        case codes
        /// Pairs of codes (`maps`).
        case map
    }

    /// The data set's name, as the rule sentences name it (`ODS ORGANISATIONS`).
    public let dataset: String
    public let kind: Kind

    public init(dataset: String, kind: Kind) {
        self.dataset = dataset
        self.kind = kind
    }

    /// The table's name: `refdata_ods_organisations`.
    public var name: String { "refdata_" + ExportPlan.identifier(dataset) }

    /// The CSV file holding it: the data set's name in lower case, spaces as `-`
    /// (`ods-organisations.csv`), which `etosc validate --reference-data` reads back as the
    /// same data set.
    public var fileName: String {
        dataset.lowercased().split(separator: " ", omittingEmptySubsequences: false).joined(separator: "-") + ".csv"
    }

    /// The table's columns, in order.
    public var columns: [String] {
        switch kind {
        case .codes: Self.codeColumns
        case .map: Self.mapColumns
        }
    }

    /// A column's type as the dischema lists it: `date` for a period's ends, else `str`.
    public func type(ofColumn column: String) -> String {
        kind == .codes && (column == "start" || column == "end") ? "date" : "str"
    }

    static let codeColumns = ["code", "start", "end"]
    static let mapColumns = ["from", "to"]
    /// Names no item column takes, so that an item's column inside a lookup's subquery means
    /// the submitted record's, never the reference table's.
    static let reservedColumns: Set<String> = Set(codeColumns + mapColumns)

    public static func < (a: ReferenceEntity, b: ReferenceEntity) -> Bool {
        (a.name, a.kind.rawValue) < (b.name, b.kind.rawValue)
    }

    /// The tables `check` reads, in first-mention order.
    static func read(by check: Check) -> [ReferenceEntity] {
        var result: [ReferenceEntity] = []
        func visit(_ check: Check) {
            let own: ReferenceEntity? = switch check {
            case .exists(_, let dataset), .active(_, let dataset, _, _, _): ReferenceEntity(dataset: dataset, kind: .codes)
            case .maps(_, _, let dataset): ReferenceEntity(dataset: dataset, kind: .map)
            default: nil
            }
            if let own, !result.contains(own) { result.append(own) }
            check.nested.forEach(visit)
        }
        visit(check)
        return result
    }
}
