import Foundation
import Support

/// A minimal, fast reader of delimited text (CSV with `,` `;` or tab), over UTF-8 bytes.
/// Quoted fields may hold delimiters; `""` inside quotes stands for one quote. CRLF and LF
/// line ends are both accepted; blank lines are skipped.
struct DelimitedText {
    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8

    /// Guesses the delimiter from the header line: the most frequent of `;`, `,` and tab.
    static func guessDelimiter(header: some Collection<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [0x3B: 0, 0x2C: 0, 0x09: 0]
        var inQuotes = false
        for b in header {
            if b == 0x22 { inQuotes.toggle() }
            if !inQuotes, counts[b] != nil { counts[b, default: 0] += 1 }
        }
        let best = [UInt8(0x3B), 0x2C, 0x09].max { counts[$0]! < counts[$1]! }!
        return counts[best]! > 0 ? best : 0x2C
    }

    /// The byte range of the first line (without its line end).
    static func firstLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var end = 0
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        var trimmed = end
        if trimmed > 0, bytes[trimmed - 1] == 0x0D { trimmed -= 1 }
        return 0..<trimmed
    }

    /// A field's bytes: a start, an end, and whether it held doubled quotes to undo.
    struct Field {
        var start: Int
        var end: Int
        var hasEscapedQuotes: Bool
    }

    /// Calls `body` for each non-blank record in `range`, with its 1-based line number
    /// (counted from `firstLineNumber`) and its fields. Stops early when `body` returns false.
    /// Returns the newlines passed (all of the range's when it was read to its end).
    ///
    /// `plainLine` is offered each line without a quote first, with its number and its bytes
    /// (without the newline): when it returns true it has taken the line whole, which is then
    /// neither split nor given to `body` (a reader that knows its columns reads them in one
    /// pass); when false, the line goes on as any other.
    @discardableResult
    func forEachRecord(
        in range: Range<Int>, firstLineNumber: Int,
        plainLine: (_ line: Int, _ start: Int, _ end: Int) -> Bool = { _, _, _ in false },
        _ body: (_ line: Int, _ fields: UnsafeBufferPointer<Field>) throws -> Bool
    ) rethrows -> Int {
        // A raw, growing buffer: appending a field is a store, not an array's
        // uniqueness check (this loop runs for every field of a national file).
        var capacity = 64
        var fields = UnsafeMutablePointer<Field>.allocate(capacity: capacity)
        var count = 0
        defer { fields.deallocate() }
        func append(_ field: Field) {
            if count == capacity {
                let larger = UnsafeMutablePointer<Field>.allocate(capacity: capacity * 2)
                larger.moveInitialize(from: fields, count: count)
                fields.deallocate()
                fields = larger
                capacity *= 2
            }
            (fields + count).initialize(to: field)
            count += 1
        }
        var position = range.lowerBound
        var line = firstLineNumber
        var newlines = 0
        let end = range.upperBound
        while position < end {
            count = 0
            let recordLine = line
            // The usual record, a line without quotes: its fields found eight bytes at a
            // time, every delimiter of a word taken from one test.
            if let lineEnd = plainLineEnd(from: position, before: end), let base = bytes.baseAddress {
                if plainLine(line, position, lineEnd) {
                    if lineEnd < end { newlines += 1 }
                    position = lineEnd < end ? lineEnd + 1 : end
                    line += 1
                    continue
                }
                var fieldStart = position
                var cursor = position
                while cursor + 8 <= lineEnd {
                    var found = delimiterBits(at: base + cursor)
                    while found != 0 {
                        let at = cursor + found.trailingZeroBitCount / 8
                        append(Field(start: fieldStart, end: at, hasEscapedQuotes: false))
                        fieldStart = at + 1
                        found &= found &- 1
                    }
                    cursor += 8
                }
                while cursor < lineEnd {
                    if bytes[cursor] == delimiter {
                        append(Field(start: fieldStart, end: cursor, hasEscapedQuotes: false))
                        fieldStart = cursor + 1
                    }
                    cursor += 1
                }
                var fieldEnd = lineEnd
                if fieldEnd > fieldStart, bytes[fieldEnd - 1] == 0x0D { fieldEnd -= 1 }
                append(Field(start: fieldStart, end: fieldEnd, hasEscapedQuotes: false))
                if lineEnd < end { newlines += 1 }
                position = lineEnd < end ? lineEnd + 1 : end
                line += 1
            } else {
                // A line with a quote: field by field, a quoted field possibly over lines.
                var fieldStart = position
                var atLineEnd = false
                while !atLineEnd {
                    if position < end, bytes[position] == 0x22 {
                        // Quoted field.
                        var escaped = false
                        var cursor = position + 1
                        let contentStart = cursor
                        var contentEnd = end
                        while cursor < end {
                            if bytes[cursor] == 0x22 {
                                if cursor + 1 < end, bytes[cursor + 1] == 0x22 {
                                    escaped = true
                                    cursor += 2
                                    continue
                                }
                                contentEnd = cursor
                                cursor += 1
                                break
                            }
                            if bytes[cursor] == 0x0A {
                                line += 1
                                newlines += 1
                            }
                            cursor += 1
                        }
                        append(Field(start: contentStart, end: Swift.min(contentEnd, end), hasEscapedQuotes: escaped))
                        // Skip anything up to the next delimiter or line end.
                        while cursor < end, bytes[cursor] != delimiter, bytes[cursor] != 0x0A { cursor += 1 }
                        position = cursor
                    } else {
                        let cursor = boundary(from: position, before: end)
                        var fieldEnd = cursor
                        if fieldEnd > fieldStart, bytes[fieldEnd - 1] == 0x0D, cursor == end || bytes[cursor] == 0x0A {
                            fieldEnd -= 1
                        }
                        append(Field(start: fieldStart, end: fieldEnd, hasEscapedQuotes: false))
                        position = cursor
                    }
                    if position < end, bytes[position] == delimiter {
                        position += 1
                        fieldStart = position
                    } else {
                        atLineEnd = true
                        if position < end {
                            position += 1  // the newline
                            newlines += 1
                        }
                        line += 1
                    }
                }
            }
            let blank = count == 1 && fields[0].end <= fields[0].start
            if !blank {
                let keepGoing = try body(recordLine, UnsafeBufferPointer(start: fields, count: count))
                if !keepGoing { return newlines }
            }
        }
        return newlines
    }

    /// Where the line from `start` ends (its newline, or `end`), when it holds no quote; nil
    /// for a line with a quote, which the general loop reads (a quoted field may span lines).
    @inline(__always)
    func plainLineEnd(from start: Int, before end: Int) -> Int? {
        guard let base = bytes.baseAddress, start < end else { return nil }
        let lineEnd = memchr(base + start, 0x0A, end - start).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? end
        return memchr(base + start, 0x22, lineEnd - start) == nil ? lineEnd : nil
    }

    /// The first delimiter or newline at or after `start` (`end` if none): eight bytes at a
    /// time, each word tested for a byte equal to either at once (the lowest such byte found
    /// exactly by the borrow trick), then byte by byte for the tail. A short field, the usual
    /// case, is found in one word without a branch per byte.
    @inline(__always)
    func boundary(from start: Int, before end: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let delimiters = UInt64(delimiter) &* ones, newlines = UInt64(0x0A) &* ones
        var cursor = start
        while cursor + 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self))
            let a = word ^ delimiters, b = word ^ newlines
            let found = ((a &- ones) & ~a | (b &- ones) & ~b) & highs
            if found != 0 { return cursor + found.trailingZeroBitCount / 8 }
            cursor += 8
        }
        while cursor < end, bytes[cursor] != delimiter, bytes[cursor] != 0x0A { cursor += 1 }
        return cursor
    }

    /// The eight bytes at `pointer` as a word whose high bit of each byte is set exactly where
    /// the byte is the delimiter (no borrow from a neighbour: the low seven bits are added
    /// apart).
    @inline(__always)
    func delimiterBits(at pointer: UnsafePointer<UInt8>) -> UInt64 {
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let word = UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)) ^ (UInt64(delimiter) &* 0x0101_0101_0101_0101)
        return ~(((word & lows) &+ lows) | word | lows)
    }

    /// The `count`-th delimiter at or after `start` (before `end`), and how many were found:
    /// `count` of them, or fewer when the span ends first (the position is then `end`). Eight
    /// bytes at a time, the delimiters of a word counted at once: a run of fields skipped
    /// without a stop at each.
    @inline(__always)
    func position(ofDelimiter count: Int, from start: Int, before end: Int) -> (position: Int, found: Int) {
        guard let base = bytes.baseAddress, count > 0 else { return (start, 0) }
        var remaining = count
        var cursor = start
        while cursor + 8 <= end {
            var found = delimiterBits(at: base + cursor)
            // The delimiters of the word counted by one multiplication (each high bit moved to
            // its byte's low bit, the bytes summed into the top one): the baseline x86-64 has no
            // population count instruction, and `nonzeroBitCount` is a dozen operations there.
            let inWord = Int(truncatingIfNeeded: ((found >> 7) &* 0x0101_0101_0101_0101) >> 56)
            if inWord >= remaining {
                for _ in 1..<remaining { found &= found &- 1 }
                return (cursor + found.trailingZeroBitCount / 8, count)
            }
            remaining -= inWord
            cursor += 8
        }
        while cursor < end {
            if base[cursor] == delimiter {
                remaining -= 1
                if remaining == 0 { return (cursor, count) }
            }
            cursor += 1
        }
        return (end, count - remaining)
    }

    /// The text of a field.
    func string(_ field: Field) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])
        let text = String(decoding: slice, as: UTF8.self)
        return field.hasEscapedQuotes ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }
}

/// A small delimited table held as strings: header and rows with their line numbers.
/// For the modest files (Cafdata, points of interest, mappings); cells use a faster path.
public struct TextTable: Sendable {
    public var path: String
    public var encoding: TextEncoding
    public var delimiter: Character
    public var header: [String]
    public var rows: [(line: Int, values: [String])]

    /// Reads and decodes a delimited file. A file with a header only is accepted (no rows);
    /// rows with more or fewer fields than the header are errors naming the line.
    public static func read(path: String) throws(InputError) -> TextTable {
        let raw = try TextDecoding.readBytes(path: path)
        let (bytes, encoding) = TextDecoding.normalise(raw)
        if bytes.contains(0) {
            throw InputError(file: path, words("est un fichier binaire, attendu du texte délimité (CSV)"))
        }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(InputError) -> TextTable in
            let headerRange = DelimitedText.firstLine(buffer)
            let delimiter = DelimitedText.guessDelimiter(header: buffer[headerRange])
            let reader = DelimitedText(bytes: buffer, delimiter: delimiter)
            var header: [String] = []
            var rows: [(line: Int, values: [String])] = []
            var failure: InputError?
            reader.forEachRecord(in: 0..<buffer.count, firstLineNumber: 1) { line, fields in
                let values = fields.map { reader.string($0).trimmingCharacters(in: .whitespaces) }
                if header.isEmpty {
                    header = values
                    return true
                }
                if values.count != header.count {
                    failure = InputError(
                        file: path, line: line,
                        words("a %1$@ champs, l'en-tête en a %2$@ (séparateur « %3$@ »)", values.count, header.count, Character(UnicodeScalar(delimiter)))
                    )
                    return false
                }
                rows.append((line, values))
                return true
            }
            if let failure { throw failure }
            return TextTable(
                path: path, encoding: encoding, delimiter: Character(UnicodeScalar(delimiter)), header: header, rows: rows
            )
        }
    }

    /// The index of the first header among `names`, matched ignoring case.
    public func column(_ names: [String]) -> Int? {
        let lowered = header.map { $0.lowercased() }
        for name in names {
            if let i = lowered.firstIndex(of: name.lowercased()) { return i }
        }
        return nil
    }
}
