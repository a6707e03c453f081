import Foundation
import ETOSModel

/// Which sheets and columns an ETOS workbook has, and the names each may go by.
///
/// ``Layout/etos`` is the layout NHS England's ETOS workbooks use; a JSON layout file
/// (see `Spec/README.md`) adds names so that a workbook with other headings compiles.
public struct Layout: Sendable {
    /// A sheet the frontend reads.
    public enum SheetKind: String, CaseIterable, Sendable {
        case dataSet = "Data Set"
        case dataItems = "Data Items"
        case tables = "Tables"
        case codeLists = "Code Lists"
        case validations = "Validations – Data Items"
        case fileLevelRejects = "Additional File-Level Rejects"
        case changeLog = "Change Log"
    }

    /// A column of a tabular sheet (or a key of the Data Set sheet).
    public struct Column: Sendable {
        public var canonical: String
        public var synonyms: [String]
        public var required: Bool

        public init(_ canonical: String, _ synonyms: [String] = [], required: Bool = false) {
            self.canonical = canonical
            self.synonyms = synonyms
            self.required = required
        }

        /// Every name this column matches, canonical first.
        public var names: [HeadingName] { ([canonical] + synonyms).map(HeadingName.init) }
    }

    public struct SheetLayout: Sendable {
        public var kind: SheetKind
        public var synonyms: [String]
        public var required: Bool
        public var columns: [Column]

        /// Every name this sheet matches, canonical first.
        public var names: [HeadingName] { ([kind.rawValue] + synonyms).map(HeadingName.init) }

        /// The column with this canonical name.
        public func column(_ canonical: String) -> Column? { columns.first { $0.canonical == canonical } }
    }

    public var sheets: [SheetLayout]
    /// Formats of Data Dictionary elements that `See <ELEMENT>` format cells name, from a
    /// layout file (element name → notation); they come before the bundled table.
    public var formats: [String: String] = [:]
    /// The data set's name, short name and version, from a layout file, for a workbook with
    /// no Data Set sheet (a TOS often has none).
    public var dataSet: DataSetInfo?

    /// The layout of a sheet kind.
    public func sheet(_ kind: SheetKind) -> SheetLayout {
        sheets.first { $0.kind == kind }!
    }

    private static let validationColumns: [Column] = [
        Column("Error Code", ["Rule ID", "Validation ID"], required: true),
        Column("Data Item", ["Data Item Name", "UID", "Data Items"], required: true),
        Column("Validation", ["Validation Rule", "Rule", "Validation Description"], required: true),
        Column("Error Message", ["Message"]),
        Column("Level", ["Error Type", "Type", "Severity", "Rejection/Warning"]),
        Column("Expression"),
        Column("Notes"),
        Column("Code Status", ["Official Code", "Code Source"]),
        Column("Table", ["Table Name"]),
    ]

    /// NHS England's ETOS layout.
    public static let etos = Layout(sheets: [
        SheetLayout(kind: .dataSet, synonyms: ["Cover", "Front Sheet", "Version"], required: true, columns: [
            Column("Data Set Name", required: true),
            Column("Short Name", ["Code"], required: true),
            Column("Version", required: true),
            Column("Publication Date"),
            Column("Status"),
            Column("Notes"),
            Column("Rejection Level", ["Rejections", "Default Rejection"]),
        ]),
        SheetLayout(kind: .dataItems, synonyms: ["TOS", "Data Item List"], required: true, columns: [
            Column("Data Item Name", required: true),
            Column("Format", required: true),
            Column("Group", ["Data Group"]),
            // The item's table when the workbook has a Tables sheet; otherwise its group, as
            // real TOS workbooks use the heading.
            Column("Table", ["Table Name", "Table ID"]),
            Column("UID", ["Item No", "Data Item No.", "Ref"]),
            Column("Data Dictionary Element", ["NHS Data Dictionary Element"]),
            Column("Description", ["Data Item Description", "Definition"]),
            Column("Mandation", ["M/R/O", "M/R/O/P", "M/R/O/P/D"]),
            Column("National Codes", ["National Code", "Codes", "Code List"]),
            Column("Notes", ["Guidance"]),
            Column("Position", ["Column"]),
        ]),
        SheetLayout(kind: .tables, synonyms: ["Table List", "Tables and Keys"], required: false, columns: [
            Column("Table", ["Table Name"], required: true),
            Column("ID", ["Table ID"]),
            Column("Description", ["Table Description"]),
            Column("Key", ["Keys", "Primary Key"]),
            Column("Parent", ["Parent Table"]),
            Column("Link", ["Links", "Link Items", "Foreign Key"]),
        ]),
        SheetLayout(kind: .codeLists, synonyms: [], required: false, columns: [
            Column("Code List", ["List", "Data Item Name"], required: true),
            Column("Code", required: true),
            Column("Description", ["Meaning", "National Code Definition"], required: true),
        ]),
        SheetLayout(kind: .validations, synonyms: ["Validations", "Data Item Validations"], required: false, columns: validationColumns),
        SheetLayout(kind: .fileLevelRejects, synonyms: ["File-Level Rejects", "File Level Rejects"], required: false, columns: validationColumns),
        SheetLayout(kind: .changeLog, synonyms: [], required: false, columns: [
            Column("Version", required: true),
            Column("Change", required: true),
            Column("Date"),
        ]),
    ])
}

/// A JSON layout file: extra names for sheets and columns.
///
/// ```json
/// { "sheets": { "Data Items": ["Item Catalogue"] },
///   "columns": { "Data Items": { "Data Item Name": ["Element"] } } }
/// ```
public struct LayoutOverrides: Decodable, Sendable {
    public var sheets: [String: [String]]?
    public var columns: [String: [String: [String]]]?
    /// Element name → format notation, for `See <ELEMENT>` format cells.
    public var formats: [String: String]?
    public var dataSet: DataSetNames?

    /// `"dataSet": {"name": …, "shortName": …, "version": …}`.
    public struct DataSetNames: Decodable, Sendable {
        public var name: String
        public var shortName: String
        public var version: String
    }

    /// Parses a layout file; `file` names it in diagnostics.
    public static func parse(_ data: Data, file: String) throws(DiagnosticsError) -> LayoutOverrides {
        do {
            return try JSONDecoder().decode(LayoutOverrides.self, from: data)
        } catch {
            throw DiagnosticsError([Diagnostic(.error, "\(file): not a valid layout file: \(error)")])
        }
    }
}

extension Layout {
    /// This layout with the overrides' names added; unknown sheet or column names are errors.
    public func applying(_ overrides: LayoutOverrides, file: String) throws(DiagnosticsError) -> Layout {
        var result = self
        var problems: [Diagnostic] = []
        for (element, notation) in overrides.formats ?? [:] { result.formats[element] = notation }
        if let names = overrides.dataSet {
            result.dataSet = DataSetInfo(name: names.name, shortName: names.shortName, version: names.version)
        }
        func index(ofSheet name: String) -> Int? {
            let key = HeadingName(name)
            return result.sheets.firstIndex { HeadingName($0.kind.rawValue) == key }
        }
        for (name, synonyms) in (overrides.sheets ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let sheetIndex = index(ofSheet: name) else {
                problems.append(Diagnostic(.error, "\(file): unknown sheet '\(name)' (known: \(SheetKind.allCases.map(\.rawValue).joined(separator: ", ")))"))
                continue
            }
            result.sheets[sheetIndex].synonyms += synonyms
        }
        for (sheetName, columns) in (overrides.columns ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let sheetIndex = index(ofSheet: sheetName) else {
                problems.append(Diagnostic(.error, "\(file): unknown sheet '\(sheetName)'"))
                continue
            }
            for (columnName, synonyms) in columns.sorted(by: { $0.key < $1.key }) {
                let key = HeadingName(columnName)
                guard let columnIndex = result.sheets[sheetIndex].columns.firstIndex(where: { HeadingName($0.canonical) == key }) else {
                    problems.append(Diagnostic(.error, "\(file): sheet '\(sheetName)' has no column '\(columnName)'"))
                    continue
                }
                result.sheets[sheetIndex].columns[columnIndex].synonyms += synonyms
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return result
    }
}
