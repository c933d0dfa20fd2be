import Foundation
import Testing

@testable import Inputs

/// Records split in one pass over a line without quotes, and by the general loop where a
/// quote is: the same fields and line numbers as a splitter written the plain way.
@Suite struct DelimitedTextTests {
    /// The records of `text` as (line, fields): `split` on newlines and delimiters, a CR
    /// before a newline dropped, blank lines skipped (no quotes in `text`).
    func plainSplit(_ text: String, _ delimiter: String) -> [(Int, [String])] {
        // On scalars: "\r\n" is one Character, which a split on "\n" would not cut.
        var records: [(Int, [String])] = []
        for (k, rawLine) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.last == "\r" ? rawLine.dropLast() : rawLine[...]
            if line.isEmpty { continue }
            let scalar = delimiter.unicodeScalars.first!
            records.append((k + 1, line.split(separator: scalar, omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }))
        }
        return records
    }

    func read(_ text: String, _ delimiter: UInt8) -> [(Int, [String])] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            let reader = DelimitedText(bytes: buffer, delimiter: delimiter)
            var records: [(Int, [String])] = []
            reader.forEachRecord(in: 0..<buffer.count, firstLineNumber: 1) { line, fields in
                records.append((line, fields.map(reader.string)))
                return true
            }
            return records
        }
    }

    @Test func plainLinesSplitAsTheirDelimitersSay() {
        // Delimiters on either side of eight-byte words, empty fields, CRLF, blank lines, a
        // last line without its newline, non-ASCII bytes.
        let lines = [
            "a,b,c", "1234567,9", "12345678,0", ",,", "abcdefghijklmnop,q,,r", "", "x\r", "é,ü,ß,1.5", "\r", ",1234567,12345678,",
            "dernière,ligne",
        ]
        let text = lines.joined(separator: "\n")
        let found = read(text, 0x2C), expected = plainSplit(text, ",")
        #expect(found.map(\.0) == expected.map(\.0))
        #expect(found.map(\.1) == expected.map(\.1))
        let semicolons = text.replacingOccurrences(of: ",", with: ";") + "\n"
        #expect(read(semicolons, 0x3B).map(\.1) == plainSplit(semicolons, ";").map(\.1))
    }

    @Test func quotedLinesGoThroughTheGeneralLoop() {
        let text = "a,b\n\"x,y\",2\nc,\"multi\nline\",3\nd,e\n\"\"\"q\"\"\",4\n"
        let found = read(text, 0x2C)
        #expect(found.map(\.0) == [1, 2, 3, 5, 6])
        #expect(found.map(\.1) == [["a", "b"], ["x,y", "2"], ["c", "multi\nline", "3"], ["d", "e"], ["\"q\"", "4"]])
    }
}

/// The `count`-th delimiter from a position, found eight bytes at a time: the positions a
/// reader counting by hand finds, within a word, across words, and past the end.
@Suite struct DelimiterCountTests {
    func position(_ text: String, _ count: Int, from start: Int = 0) -> (position: Int, found: Int) {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            DelimitedText(bytes: buffer, delimiter: 0x2C).position(ofDelimiter: count, from: start, before: buffer.count)
        }
    }

    @Test func delimitersCountedByWords() {
        // Commas at 1, 4, 5, 15, 24 and 25; 27 bytes.
        let text = "a,bb,,cdefghijk,lmnopqrs,,t"
        #expect(position(text, 1) == (1, 1))
        #expect(position(text, 3) == (5, 3))
        #expect(position(text, 4) == (15, 4))
        #expect(position(text, 6) == (25, 6))
        #expect(position(text, 7) == (27, 6))
        #expect(position(text, Int.max) == (27, 6))
        #expect(position(text, 2, from: 5) == (15, 2))
        #expect(position(text, 0) == (0, 0))
        #expect(position("", 1) == (0, 0))
        // Every count against a plain count, on a longer line.
        let long = String((0..<200).map { $0 % 7 == 3 || $0 % 11 == 0 ? "," : "x" })
        let commas = long.utf8.enumerated().filter { $0.element == 0x2C }.map(\.offset)
        for n in 1...(commas.count + 2) {
            let expected = n <= commas.count ? (commas[n - 1], n) : (long.utf8.count, commas.count)
            #expect(position(long, n) == expected, "\(n)")
        }
    }
}
