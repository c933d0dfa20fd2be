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
