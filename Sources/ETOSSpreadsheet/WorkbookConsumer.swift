import ETOSModel

/// Receives a workbook sheet by sheet and row by row, in document order, as a reader
/// produces them; a compiler that keeps only what it needs from each row reads a large
/// spreadsheet in memory bounded by what it keeps, not by the file.
public protocol WorkbookConsumer {
    /// A sheet starts; its rows follow until ``endSheet()``.
    mutating func beginSheet(named name: String, at location: SourceLocation)
    /// One row holding at least one cell, cells in ascending column order.
    mutating func consume(_ row: Row)
    /// The current sheet ended.
    mutating func endSheet()
}

/// Keeps every row: builds a whole ``Workbook``, rows of each sheet in ascending order.
public struct WorkbookCollector: WorkbookConsumer {
    private var sheets: [Worksheet] = []
    private var current: Worksheet?

    public init() {}

    public mutating func beginSheet(named name: String, at location: SourceLocation) {
        current = Worksheet(name: name, rows: [], location: location)
    }

    public mutating func consume(_ row: Row) {
        current?.rows.append(row)
    }

    public mutating func endSheet() {
        guard var sheet = current else { return }
        current = nil
        if !sheet.rows.isSorted(by: \.index) { sheet.rows.sort { $0.index < $1.index } }
        sheets.append(sheet)
    }

    /// The workbook collected so far.
    public func workbook(file: String) -> Workbook { Workbook(file: file, sheets: sheets) }
}

extension Workbook {
    /// Hands every sheet and row to `consumer`, as a reader would.
    public func replay(into consumer: inout some WorkbookConsumer) {
        for sheet in sheets {
            consumer.beginSheet(named: sheet.name, at: sheet.location)
            for row in sheet.rows { consumer.consume(row) }
            consumer.endSheet()
        }
    }
}

extension Array {
    fileprivate func isSorted(by key: (Element) -> Int) -> Bool {
        zip(self, dropFirst()).allSatisfy { key($0) <= key($1) }
    }
}
