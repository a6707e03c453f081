import ETOSModel

/// A spreadsheet as the reader found it: sheets of sparse rows of located cells.
///
/// The reader knows nothing of ETOS; it only keeps what the file says and where.
public struct Workbook: Sendable {
    /// The file as the user named it.
    public var file: String
    public var sheets: [Worksheet]

    public init(file: String, sheets: [Worksheet]) {
        self.file = file
        self.sheets = sheets
    }
}

/// One worksheet.
public struct Worksheet: Sendable {
    public var name: String
    /// Non-empty rows in ascending row order.
    public var rows: [Row]
    /// Where the sheet's element starts.
    public var location: SourceLocation

    public init(name: String, rows: [Row], location: SourceLocation) {
        self.name = name
        self.rows = rows
        self.location = location
    }
}

/// A row holding at least one cell with a value or a comment.
public struct Row: Sendable {
    /// 1-based row number.
    public var index: Int
    /// Cells in ascending column order.
    public var cells: [Cell]
    public var location: SourceLocation

    public init(index: Int, cells: [Cell], location: SourceLocation) {
        self.index = index
        self.cells = cells
        self.location = location
    }

    /// The cell in this 1-based column, if the row has one.
    public func cell(at column: Int) -> Cell? { cells.first { $0.column == column } }
}

/// One cell's content.
public struct Cell: Sendable {
    /// The `ss:Type` of the cell's data.
    public enum DataType: String, Sendable {
        case string = "String"
        case number = "Number"
        case dateTime = "DateTime"
        case boolean = "Boolean"
        case error = "Error"
    }

    /// 1-based row number.
    public var row: Int
    /// 1-based column number.
    public var column: Int
    /// The cell's text exactly as stored (line breaks normalised to `\n`); rich text runs concatenated.
    public var value: String
    public var type: DataType
    /// A comment attached to the cell, kept apart from its value.
    public var comment: String?
    /// The formula (R1C1) whose cached result `value` is.
    public var formula: String?
    /// Further columns this cell spans to its right.
    public var mergeAcross: Int
    /// Further rows this cell spans below.
    public var mergeDown: Int
    public var location: SourceLocation

    public init(
        row: Int, column: Int, value: String, type: DataType = .string, comment: String? = nil,
        formula: String? = nil, mergeAcross: Int = 0, mergeDown: Int = 0, location: SourceLocation
    ) {
        self.row = row
        self.column = column
        self.value = value
        self.type = type
        self.comment = comment
        self.formula = formula
        self.mergeAcross = mergeAcross
        self.mergeDown = mergeDown
        self.location = location
    }
}
