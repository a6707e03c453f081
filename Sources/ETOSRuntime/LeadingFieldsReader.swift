internal import CRecordScan
import Foundation

/// Reads a CSV file (RFC 4180 quoting) for the first few fields of each record and the
/// number of fields it has, without copying the rest: a national reference file has some 50
/// fields a row of which a loader needs five. One pass over each byte finds the record's end
/// (a line break outside quotes), counts its fields and marks the leading ones. A leading
/// field's doubled quotes are kept as written (the fields read this way, postcodes and dates,
/// hold none; one that does is then reported invalid).
final class LeadingFieldsReader {
    /// The leading fields of the current record (unquoted; valid until the next `next()`).
    private(set) var fields: [FieldBytes] = []
    /// How many fields the current record has in all.
    private(set) var fieldCount = 0
    /// The physical line the current record starts on (1-based).
    private(set) var line = 0
    /// The current record's length in bytes, its line break included.
    private(set) var recordLength = 0
    /// The file's size, when known.
    var totalBytes: Int? { input.totalBytes }

    private let leading: Int
    private var input: FileInput
    /// The bytes read and not yet consumed: `start..<count` of `capacity`.
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity = 1 << 22
    private var count = 0
    private var start = 0
    private var atEnd = false
    private var nextLine = 1
    /// Where each leading field of the current record starts and ends.
    private let bounds: UnsafeMutablePointer<(start: Int, end: Int)>

    /// Bytes of the file still to be read (the part this reader covers).
    private var remaining: Int
    /// Whether the last record read ended at a line break (outside quotes), not at the end of
    /// the part: a part split from a file must, or the split fell inside a quoted field.
    private(set) var endedAtLineBreak = true

    /// A reader of the file at `path`, or of its `length` bytes from `offset`.
    init(path: String, leading: Int, offset: Int = 0, length: Int = .max) throws {
        self.leading = leading
        input = try FileInput(path: path)
        if offset > 0 { try input.seek(to: offset) }
        remaining = length
        storage = .allocate(capacity: capacity)
        bounds = .allocate(capacity: Swift.max(leading, 1))
        bounds.initialize(repeating: (0, 0), count: Swift.max(leading, 1))
    }

    deinit {
        storage.deallocate()
        bounds.deallocate()
    }

    /// Moves to the next record; false at the end of the file.
    func next() throws -> Bool {
        while true {
            if let found = scan() { return found }
            if atEnd { return false }
            try refill()
        }
    }

    /// The record at `start` if it is complete in the buffer (nil: more bytes are needed).
    private func scan() -> Bool? {
        guard start < count || !atEnd else { return false }
        // Locals in the loop: a class's stored properties are checked for exclusive access
        // on every use.
        let bytes = UnsafePointer(storage), count = self.count, leading = self.leading
        var index = start, quoted = false, commas = 0, breaks = 0
        var fieldStart = start
        var end = -1
        let bounds = self.bounds
        // The leading fields: their bounds are kept.
        while index < count, commas < leading {
            let byte = bytes[index]
            if byte == 0x22 {
                quoted.toggle()
            } else if !quoted {
                if byte == 0x2C {
                    bounds[commas] = (fieldStart, index)
                    commas += 1
                    fieldStart = index + 1
                } else if byte == 0x0A {
                    end = index
                    break
                }
            } else if byte == 0x0A {
                breaks += 1
            }
            index += 1
        }
        // The rest only counted, 64 bytes a step (CRecordScan: SIMD compares and a prefix XOR
        // of the quotes, where a byte loop spent most of a national file's load).
        if end < 0 {
            var inside: Int32 = quoted ? 1 : 0
            var counted = 0, spanned = 0
            let found = etos_record_end(bytes + index, count - index, &inside, &counted, &spanned)
            commas += counted
            breaks += spanned
            if found < count - index { end = index + found }
        }
        if end < 0 {
            guard atEnd else { return nil }
            end = count
        }
        endedAtLineBreak = end < count
        var last = end
        if last > fieldStart, bytes[last - 1] == 0x0D { last -= 1 }
        if commas < leading { bounds[commas] = (fieldStart, last) }
        fieldCount = commas + 1
        line = nextLine
        nextLine += 1 + breaks
        fields.removeAll(keepingCapacity: true)
        for position in 0..<Swift.min(leading, fieldCount) {
            var (first, end) = bounds[position]
            if end - first >= 2, bytes[first] == 0x22, bytes[end - 1] == 0x22 {
                first += 1
                end -= 1
            }
            fields.append(FieldBytes(start: bytes + first, count: end - first))
        }
        recordLength = Swift.min(end + 1, count) - start
        start = Swift.min(end + 1, count)
        return true
    }

    /// Moves the bytes not consumed to the front and reads the next chunk after them (a
    /// record longer than the buffer doubles it).
    private func refill() throws {
        let kept = count - start
        if start > 0 { memmove(storage, storage + start, kept) }
        start = 0
        count = kept
        if count == capacity {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.update(from: storage, count: count)
            storage.deallocate()
            storage = larger
            capacity *= 2
        }
        let read = try input.read(into: UnsafeMutableRawBufferPointer(start: storage + count, count: Swift.min(capacity - count, remaining)))
        count += read
        remaining -= read
        if read == 0 { atEnd = true }
    }
}
