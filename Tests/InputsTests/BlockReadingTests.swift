import Foundation
import TestSupport
import Testing

@testable import Inputs

/// The cells CSV is read block by block: tiny blocks must give the same table, and errors the
/// same line numbers, as one block holding the whole file.
@Suite struct BlockReadingTests {
    @Test(arguments: [64, 1000, 4096])
    func tinyBlocksGiveTheSameTable(blockSize: Int) throws {
        let whole = try FilosofiReader.readCSV(path: Fixtures.bondyCells, variables: nil, threads: 2, blockSize: 1 << 30)
        let blocks = try FilosofiReader.readCSV(path: Fixtures.bondyCells, variables: nil, threads: 3, blockSize: blockSize)
        #expect(blocks.count == whole.count)
        #expect(blocks.easting == whole.easting && blocks.northing == whole.northing)
        #expect(blocks.sourceLines == whole.sourceLines)
        #expect(blocks.imputed == whole.imputed)
        for name in whole.variableNames { #expect(blocks.column(name) == whole.column(name), "\(name)") }
    }

    /// A bad value on line 120 is named on line 120 whatever the blocks; a cell of another grid
    /// on line 60 is then the first error, though a block is joined to the table while the
    /// next ones are parsed.
    @Test func errorsKeepTheirLineNumbers() throws {
        var lines = try String(contentsOfFile: Fixtures.bondyCells, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let delimiter: Character = lines[0].contains(";") ? ";" : ","
        let header = lines[0].split(separator: delimiter, omittingEmptySubsequences: false)
        func replace(_ column: String, onLine number: Int, with value: String) throws {
            let index = try #require(header.firstIndex { $0.lowercased() == column })
            var fields = lines[number - 1].split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
            fields[index] = value
            lines[number - 1] = fields.joined(separator: String(delimiter))
        }
        func expectError(line: Int, field: String, file name: String) throws {
            let path = try Fixtures.temporaryFile(name, contents: lines.joined(separator: "\n"))
            for blockSize in [64, 777, 1 << 30] {
                do {
                    _ = try FilosofiReader.readCSV(path: path, variables: nil, threads: 2, blockSize: blockSize)
                    Issue.record("\(name) was read")
                } catch {
                    #expect(error.line == line && error.field == field, "\(blockSize): \(error)")
                }
            }
        }
        try replace("men", onLine: 120, with: "beaucoup")
        try expectError(line: 120, field: "men", file: "ligne_120.csv")
        try replace("idcar_200m", onLine: 60, with: "CRS3035RES1000mN2891000E3770000")
        try expectError(line: 60, field: "idcar_200m", file: "lignes_60_120.csv")
    }
}

/// A block of more than a megabyte is parsed in pieces side by side, each counting its own
/// lines: the cells and the errors still carry the file's line numbers, across blank lines,
/// CRLF line ends and quoted values.
@Suite struct PieceNumberingTests {
    @Test func piecesNumberTheirLinesInTheFile() throws {
        var text = "idcar_200m,ind,men\n"
        var expectedLines: [Int32] = []
        var line = 1
        for k in 0..<80_000 {
            if k % 1000 == 999 {
                text += "\n"
                line += 1
            }
            let value = k % 3 == 0 ? "\"\(k % 50 + 10).5\"" : "\(k % 50 + 10).5"
            text += "CRS3035RES200mN\(2_000_000 + 200 * (k / 500))E\(3_000_000 + 200 * (k % 500)),\(value),\(k % 7)"
            text += k % 777 == 0 ? "\r\n" : "\n"
            line += 1
            expectedLines.append(Int32(line))
        }
        let path = try Fixtures.temporaryFile("pieces.csv", contents: text)
        for blockSize in [1 << 30, 1_500_000] {
            let table = try FilosofiReader.readCSV(path: path, variables: nil, threads: 2, blockSize: blockSize)
            #expect(table.sourceLines == expectedLines, "\(blockSize)")
        }
        // A bad count far into the file (the third piece of one block).
        let bad = Int(expectedLines[70_000])
        // (By bytes: a CRLF is one Character, which a split on "\n" would not cut.)
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        lines[bad - 1] = lines[bad - 1].replacingOccurrences(of: ",", with: ",-", options: [], range: nil)
        let badPath = try Fixtures.temporaryFile("pieces_erreur.csv", contents: lines.joined(separator: "\n"))
        for blockSize in [1 << 30, 1_500_000] {
            do {
                _ = try FilosofiReader.readCSV(path: badPath, variables: nil, threads: 2, blockSize: blockSize)
                Issue.record("a negative count was read")
            } catch {
                #expect(error.line == bad && error.field == "ind", "\(blockSize): \(error)")
            }
        }
    }
}

/// The field scanner that looks at eight bytes at a time finds the same boundary as a scan
/// byte by byte, for every start, in random text full of delimiters, newlines, quotes and
/// bytes above 0x7F (UTF-8 and Latin-1 names).
@Suite struct FieldBoundaryTests {
    @Test(arguments: [UInt8(0x2C), 0x3B, 0x09])
    func eightBytesAtATimeFindTheBoundaryOfOneAtATime(delimiter: UInt8) {
        var random = SplitMix64(state: UInt64(delimiter))
        let alphabet: [UInt8] = [0x2C, 0x3B, 0x09, 0x0A, 0x0D, 0x22, 0x30, 0x39, 0x2E, 0x41, 0x7F, 0x80, 0xC3, 0xA9, 0xFF, 0x00, 0x01, 0x0B]
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 64, 300] {
            let bytes = (0..<length).map { _ in
                random.next() % 4 == 0 ? alphabet[Int(random.next() % UInt64(alphabet.count))] : UInt8(0x61 + random.next() % 20)
            }
            bytes.withUnsafeBufferPointer { buffer in
                let text = DelimitedText(bytes: buffer, delimiter: delimiter)
                for start in 0...length {
                    for end in [length, max(start, length - 3)] where end >= start {
                        var expected = start
                        while expected < end, buffer[expected] != delimiter, buffer[expected] != 0x0A { expected += 1 }
                        #expect(text.boundary(from: start, before: end) == expected, "start \(start), end \(end), length \(length)")
                    }
                }
            }
        }
    }
}
