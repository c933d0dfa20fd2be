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

    /// A bad value on line 120 is named on line 120 whatever the blocks.
    @Test func errorsKeepTheirLineNumbers() throws {
        var lines = try String(contentsOfFile: Fixtures.bondyCells, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: lines[0].contains(";") ? ";" : ",", omittingEmptySubsequences: false)
        let column = try #require(header.firstIndex { $0.lowercased() == "men" })
        let delimiter: Character = lines[0].contains(";") ? ";" : ","
        var fields = lines[119].split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
        fields[column] = "beaucoup"
        lines[119] = fields.joined(separator: String(delimiter))
        let path = try Fixtures.temporaryFile("ligne_120.csv", contents: lines.joined(separator: "\n"))
        for blockSize in [64, 777, 1 << 30] {
            do {
                _ = try FilosofiReader.readCSV(path: path, variables: nil, threads: 2, blockSize: blockSize)
                Issue.record("a bad count was read")
            } catch {
                #expect(error.line == 120 && error.field == "men", "\(blockSize): \(error)")
            }
        }
    }
}
