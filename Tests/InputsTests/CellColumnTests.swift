import Foundation
import TestSupport
import Testing

@testable import Inputs

/// A count column held as scaled integers reads back the very doubles the text gave; a column
/// that is not a decimal of a few digits stays in doubles.
@Suite struct CellColumnTests {
    func bits(_ column: CellColumn) -> [UInt64] { column.map(\.bitPattern) }

    @Test func decimalsOfAFewDigitsAreHeldAsIntegers() {
        let values = [12.5, 0.3, 7, 0, 28_590.7, 1_000_000]
        let column = CellColumn(values)
        #expect(column.isScaled)
        #expect(bits(column) == values.map(\.bitPattern))
        var decoded = [Double](repeating: -1, count: 3)
        decoded.withUnsafeMutableBufferPointer { column.decode(2..<5, into: $0.baseAddress!) }
        #expect(decoded.map(\.bitPattern) == [7.0, 0, 28_590.7].map(\.bitPattern))
    }

    @Test func otherColumnsStayInDoubles() {
        for values in [[1.0 / 3], [0.1, 3e10], [2.5e-9], [-0.0], [.nan]] {
            let column = CellColumn(values)
            #expect(!column.isScaled, "\(values)")
            #expect(bits(column) == values.map(\.bitPattern), "\(values)")
        }
    }

    /// Blocks of one decimal then of three, then of doubles: the column keeps every value's bits.
    @Test func blocksOfOtherDigitsJoinExactly() {
        let first = [1.5, 2.0, 0.1], second = [0.125, 3.001], third = [1.0 / 7]
        var column = CellColumn(first)
        column.append(contentsOf: CellColumn(second))
        #expect(column.isScaled)
        #expect(bits(column) == (first + second).map(\.bitPattern))
        column.append(contentsOf: CellColumn([4.5]))
        #expect(bits(column) == (first + second + [4.5]).map(\.bitPattern))
        column.append(contentsOf: CellColumn(third))
        #expect(!column.isScaled)
        #expect(bits(column) == (first + second + [4.5] + third).map(\.bitPattern))
        // Integers that no longer fit 32 bits once rescaled: doubles.
        var large = CellColumn([2_000_000_000])
        large.append(contentsOf: CellColumn([0.5]))
        #expect(!large.isScaled)
        #expect(bits(large) == [2_000_000_000, 0.5].map(\.bitPattern))
    }

    /// The room reserved for the whole file stays the column's buffer when the first block
    /// brings decimals (the empty column of no decimals is not copied to be rescaled), and
    /// when a later block brings more (rescaled in place).
    @Test func blocksOfMoreDigitsKeepTheReservedBuffer() {
        var column = CellColumn()
        column.reserve(10_000)
        let reserved = column.buffer
        column.append(contentsOf: CellColumn([1.5, 2.0]))
        column.append(contentsOf: CellColumn([0.25, 7.0]))
        column.append(contentsOf: CellColumn([3.0]))
        #expect(column.isScaled)
        #expect(column.buffer.address == reserved.address && column.buffer.capacity == reserved.capacity)
        #expect(bits(column) == [1.5, 2.0, 0.25, 7.0, 3.0].map(\.bitPattern))
    }

    /// Read from a CSV in tiny blocks or in one, whose decimals differ from row to row, every
    /// value is the text's double: more decimals further down (the column rescaled), a
    /// « -0 » (kept with its sign), an exponent, a « + », a value too large for 32 bits at
    /// its column's decimals (those columns then in doubles).
    @Test(arguments: [512, 1 << 20])
    func aCSVOfMixedDecimalsReadsBackExactly(blockSize: Int) throws {
        let names = ["ind", "men", "ind_snv", "ind_0_3", "ind_4_5"]
        var lines = ["idcar_200m," + names.joined(separator: ",")]
        var expected: [[Double]] = Array(repeating: [], count: names.count)
        for k in 0..<300 {
            let ind = k < 150 ? "\(k).5" : "\(k).125", snv = k == 299 ? "1.5e3" : "\(k * 1000).7"
            let men = k == 17 ? "-0" : "\(k % 7)"
            let young = k == 200 ? "+3" : "\(k % 5).25", small = k == 250 ? "2147.483648" : "0.\(k % 10)"
            let row = [ind, men, snv, young, small]
            lines.append("CRS3035RES200mN\(2_000_000 + 200 * k)E4000000," + row.joined(separator: ","))
            for (c, text) in row.enumerated() { expected[c].append(Double(text)!) }
        }
        let path = try Fixtures.temporaryFile("decimales.csv", contents: lines.joined(separator: "\n") + "\n")
        let table = try FilosofiReader.readCSV(path: path, variables: nil, threads: 2, blockSize: blockSize)
        for (c, name) in names.enumerated() {
            let column = try #require(table.column(name))
            #expect(bits(column) == expected[c].map(\.bitPattern), "\(name)")
        }
        #expect(table.column("ind")?.isScaled == true)
        #expect(table.column("ind_snv")?.isScaled == false)
        #expect(table.column("ind_0_3")?.isScaled == false)
        #expect(table.column("ind_4_5")?.isScaled == false)
    }
}
