/// Where a value came from: a file position plus the spreadsheet cell (`Sheet!B7`).
///
/// The line and column are those of the XML element that holds the cell; exporters that
/// write a whole sheet on one line make them coarse, which is why the cell is kept too.
/// In an archive (`.xlsx`) they are positions inside a zip part, which mean nothing in Excel
/// or an editor: such a location is shown by its cell (`Book.xlsx: Data Items!B5`).
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
    /// The archive member whose XML the line and column count in (`sheet2.xml` of an
    /// `.xlsx`); nil for a flat file, whose lines an editor can open.
    public var part: String?

    public init(file: String, line: Int, column: Int, sheet: String? = nil, cellReference: String? = nil, part: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.sheet = sheet
        self.cellReference = cellReference
        self.part = part
    }

    /// `Sheet!B7`, or nil when the location is not a cell.
    public var cell: String? {
        guard let sheet, let cellReference else { return nil }
        return "\(sheet)!\(cellReference)"
    }

    /// Whether the location is best shown by its cell: it is in an archive part.
    public var isShownByCell: Bool { part != nil && cell != nil }

    /// `file:line:col`; in an archive, `Book.xlsx: Data Items!B5` (or, outside any cell,
    /// `Book.xlsx[sheet2.xml]:2:107`, naming the part the position counts in).
    public var description: String {
        guard let part else { return "\(file):\(line):\(column)" }
        if let cell { return "\(file): \(cell)" }
        return "\(file)[\(part)]:\(line):\(column)"
    }

    private enum CodingKeys: String, CodingKey { case file, line, column, cell, part }

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
        part = try container.decodeIfPresent(String.self, forKey: .part)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encodeIfPresent(cell, forKey: .cell)
        try container.encodeIfPresent(part, forKey: .part)
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
