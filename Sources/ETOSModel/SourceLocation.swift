/// Where a value came from: a file position plus the spreadsheet cell (`Sheet!B7`).
///
/// The line and column are those of the XML element that holds the cell; exporters that
/// write a whole sheet on one line make them coarse, which is why the cell is kept too.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file as the user named it (never made absolute by the compiler).
    public var file: String
    /// 1-based line of the cell's element.
    public var line: Int
    /// 1-based column of the cell's element.
    public var column: Int
    /// The sheet holding the cell, if the location is a cell.
    public var sheet: String?
    /// A1-style reference within the sheet, e.g. `B7`.
    public var cellReference: String?

    public init(file: String, line: Int, column: Int, sheet: String? = nil, cellReference: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.sheet = sheet
        self.cellReference = cellReference
    }

    /// `Sheet!B7`, or nil when the location is not a cell.
    public var cell: String? {
        guard let sheet, let cellReference else { return nil }
        return "\(sheet)!\(cellReference)"
    }

    /// `file:line:col`.
    public var description: String { "\(file):\(line):\(column)" }

    private enum CodingKeys: String, CodingKey { case file, line, column, cell }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        file = try container.decode(String.self, forKey: .file)
        line = try container.decode(Int.self, forKey: .line)
        column = try container.decode(Int.self, forKey: .column)
        if let cell = try container.decodeIfPresent(String.self, forKey: .cell),
           let bang = cell.lastIndex(of: "!") {
            sheet = String(cell[..<bang])
            cellReference = String(cell[cell.index(after: bang)...])
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encodeIfPresent(cell, forKey: .cell)
    }
}

/// A1-style column letters for a 1-based column number (1 → A, 27 → AA).
public func columnLetters(_ column: Int) -> String {
    var number = max(column, 1)
    if number <= 26 { return singleColumnLetters[number - 1] }
    var letters: [UInt8] = []
    while number > 0 {
        letters.append(UInt8(65 + (number - 1) % 26))
        number = (number - 1) / 26
    }
    return String(decoding: letters.reversed(), as: UTF8.self)
}

/// A to Z, made once: most cells are in the first columns.
private let singleColumnLetters = (UInt8(65)...UInt8(90)).map { String(UnicodeScalar($0)) }
