/// Records read from a CSV file with their fields' bytes one after another (UTF-8, quotes
/// undone), one separator byte after each: what ``CSVReader`` fills and checks read, with no
/// `String` per field. A record without quotes is thus its line as written, copied at once.
/// Records are only read once the batch is filled (growing it moves the bytes).
final class RecordBatch: @unchecked Sendable {
    private struct Entry {
        var byteStart: Int
        var fieldStart: Int
        var fieldCount: Int
        var line: Int
        var problems: CSVProblems
    }

    private var bytes: UnsafeMutablePointer<UInt8>
    private var byteCapacity: Int
    private var byteCount = 0
    /// Each field's end, counted from its record's first byte (the next field starts one
    /// byte, the separator, later).
    private var ends: UnsafeMutablePointer<UInt32>
    private var endCapacity: Int
    private var endCount = 0
    /// One entry per record (in memory the batch owns, like the bytes and ends: reading an
    /// array held by a class would check exclusive access at run time on every record).
    private var entries: UnsafeMutablePointer<Entry>
    private var entryCapacity: Int
    private var entryCount = 0
    /// Where the record being read starts.
    private var recordStart = 0
    private var recordFieldStart = 0

    init(byteCapacity: Int = 1 << 16, fieldCapacity: Int = 1 << 10, recordCapacity: Int = 1 << 6) {
        self.byteCapacity = max(byteCapacity, 16)
        self.endCapacity = max(fieldCapacity, 16)
        self.entryCapacity = max(recordCapacity, 4)
        bytes = .allocate(capacity: self.byteCapacity)
        ends = .allocate(capacity: self.endCapacity)
        entries = .allocate(capacity: self.entryCapacity)
    }

    deinit {
        bytes.deallocate()
        ends.deallocate()
        entries.deallocate()
    }

    /// The number of records.
    var count: Int { entryCount }

    /// Record `index`'s fields.
    subscript(index: Int) -> RecordFields {
        let entry = entry(index)
        return RecordFields(bytes: bytes + entry.byteStart, ends: ends + entry.fieldStart, count: entry.fieldCount)
    }

    /// The physical line on which record `index` starts.
    func line(_ index: Int) -> Int { entry(index).line }

    /// What is wrong with record `index`'s bytes.
    func problems(_ index: Int) -> CSVProblems { entry(index).problems }

    @inline(__always)
    private func entry(_ index: Int) -> Entry {
        precondition(index >= 0 && index < entryCount, "record index out of range")
        return entries[index]
    }

    /// Empties the batch, keeping its memory.
    func removeAll() {
        byteCount = 0
        endCount = 0
        entryCount = 0
    }

    // MARK: Filling (for the reader)

    func beginRecord() {
        recordStart = byteCount
        recordFieldStart = endCount
    }

    /// Forgets the record being read (it runs past the bytes read so far).
    func abandonRecord() {
        byteCount = recordStart
        endCount = recordFieldStart
    }

    // Appending is in line in the reader's loop (once or twice per field); growing is not.

    @inline(__always)
    func append(_ source: UnsafePointer<UInt8>, count: Int) {
        if byteCount + count > byteCapacity { growBytes(toHold: byteCount + count) }
        (bytes + byteCount).update(from: source, count: count)
        byteCount += count
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        if byteCount == byteCapacity { growBytes(toHold: byteCount + 1) }
        bytes[byteCount] = byte
        byteCount += 1
    }

    /// Ends the field being appended, and writes the separator after it.
    @inline(__always)
    func endField() {
        endField(at: byteCount - recordStart)
        append(UInt8(ascii: ","))
    }

    /// Records that a field ends at `end` (from the record's first byte), for bytes the
    /// reader appends later, separators included, with ``append(_:count:)``.
    @inline(__always)
    func endField(at end: Int) {
        if endCount == endCapacity { growEnds(toHold: endCount + 1) }
        ends[endCount] = UInt32(end)
        endCount += 1
    }

    /// Records the ends of up to `maximum` fields (from the record's first byte) at once:
    /// `body` writes them into free memory and returns how many it wrote. Room is made once,
    /// not checked per field.
    @inline(__always)
    func endFields(upTo maximum: Int, _ body: (UnsafeMutablePointer<UInt32>) -> Int) {
        if endCount + maximum > endCapacity { growEnds(toHold: endCount + maximum) }
        endCount += body(ends + endCount)
    }

    func endRecord(line: Int, problems: CSVProblems) {
        if entryCount == entryCapacity { growEntries() }
        entries[entryCount] = Entry(byteStart: recordStart, fieldStart: recordFieldStart, fieldCount: endCount - recordFieldStart, line: line, problems: problems)
        entryCount += 1
    }

    /// True when a byte of the record being read is not ASCII.
    var recordHasNonASCII: Bool {
        var high: UInt8 = 0
        for index in recordStart..<byteCount { high |= bytes[index] }
        return high >= 0x80
    }

    /// Replaces each field of the record being read by what `transform` makes of it (nil: unchanged).
    func transformRecordFields(_ transform: (UnsafeBufferPointer<UInt8>) -> [UInt8]?) {
        let record = RecordFields(bytes: bytes + recordStart, ends: ends + recordFieldStart, count: endCount - recordFieldStart)
        let fields: [[UInt8]] = (0..<record.count).map { index in
            let field = record[index].buffer
            return transform(field) ?? Array(field)
        }
        abandonRecord()
        for field in fields {
            field.withUnsafeBufferPointer { if let base = $0.baseAddress { append(base, count: $0.count) } }
            endField()
        }
    }

    // Growing is out of line (appends stay small), and takes no stored property `inout`
    // (which would check exclusive access at run time on every append).

    @inline(never)
    private func growBytes(toHold needed: Int) {
        (bytes, byteCapacity) = Self.grown(bytes, count: byteCount, capacity: byteCapacity, toHold: needed)
    }

    @inline(never)
    private func growEnds(toHold needed: Int) {
        (ends, endCapacity) = Self.grown(ends, count: endCount, capacity: endCapacity, toHold: needed)
    }

    @inline(never)
    private func growEntries() {
        (entries, entryCapacity) = Self.grown(entries, count: entryCount, capacity: entryCapacity, toHold: entryCount + 1)
    }

    /// The first `count` elements of `memory` moved into memory that holds `needed`, its
    /// capacity doubled until it does, with that capacity (`memory` is freed).
    private static func grown<Element>(_ memory: UnsafeMutablePointer<Element>, count: Int, capacity: Int, toHold needed: Int) -> (UnsafeMutablePointer<Element>, Int) {
        var capacity = capacity
        while needed > capacity { capacity *= 2 }
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        grown.moveInitialize(from: memory, count: count)
        memory.deallocate()
        return (grown, capacity)
    }
}
