import Foundation
import Inputs
import TestSupport
import Testing

/// Memory linear in the columns: a cell file of 100 000 count columns is read in the memory
/// its values take, where the reader once reserved rows for a file of narrow lines and asked
/// for tens of gigabytes (a trap, « failed to allocate … bytes »).
@Suite struct WideCellsTests {
    @Test func aFileOfManyCountColumnsIsReadInTheMemoryItsValuesTake() throws {
        let bondy = try String(contentsOfFile: Fixtures.bondyCells, encoding: .utf8).split(separator: "\n").map(String.init)
        let extra = 100_000
        var text = bondy[0] + (0..<extra).map { ",men_x\($0)" }.joined() + "\n"
        let ones = String(repeating: ",1", count: extra)
        for row in bondy.dropFirst().prefix(40) { text += row + ones + "\n" }
        let path = try Fixtures.temporaryFile("large.csv", contents: text)
        let table = try FilosofiReader.read(path: path, threads: 2)
        #expect(table.count == 40)
        #expect(
            table.variableNames.count == extra
                + bondy[0].split(separator: ",").filter { $0.hasPrefix("ind") || $0.hasPrefix("men") || $0.hasPrefix("log") }.count)
        #expect(table.column("men_x99999")?.allSatisfy { $0 == 1 } == true)
    }
}
