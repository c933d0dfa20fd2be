import GeometryCore

/// The cells present in the data, indexed by grid row and column for range look-ups:
/// the grid is sparse (inhabited cells only), so nothing is stored for empty cells.
public struct GridIndex: Sendable {
    /// Grid origin (the smallest south-west corner) and cell side, in the grid CRS.
    public let originX: Double
    public let originY: Double
    public let side: Double
    /// Distinct rows, ascending, and where each starts in `columns` / `cellOfEntry`.
    let rows: [Int32]
    let rowStarts: [Int32]
    /// Column of each entry, ascending within a row; the cell index it stands for.
    let columns: [Int32]
    let cellOfEntry: [Int32]

    public init(easting: [Int32], northing: [Int32], side: Int32) {
        let minX = easting.min() ?? 0, minY = northing.min() ?? 0
        originX = Double(minX)
        originY = Double(minY)
        self.side = Double(side)
        let count = easting.count
        var keys = [(row: Int32, column: Int32, cell: Int32)]()
        keys.reserveCapacity(count)
        for i in 0..<count {
            keys.append(((northing[i] - minY) / side, (easting[i] - minX) / side, Int32(i)))
        }
        keys.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        var rows: [Int32] = [], rowStarts: [Int32] = []
        var columns = [Int32](), cells = [Int32]()
        columns.reserveCapacity(count)
        cells.reserveCapacity(count)
        for (k, key) in keys.enumerated() {
            if rows.last != key.row {
                rows.append(key.row)
                rowStarts.append(Int32(k))
            }
            columns.append(key.column)
            cells.append(key.cell)
        }
        rowStarts.append(Int32(count))
        self.rows = rows
        self.rowStarts = rowStarts
        self.columns = columns
        self.cellOfEntry = cells
    }

    /// Calls `body(column, cell)` for each present cell of `row` with a column in `columnRange`,
    /// in ascending column order.
    @inline(__always)
    func forEachCell(row: Int32, columns columnRange: ClosedRange<Int32>, _ body: (Int32, Int32) -> Void) {
        var lo = 0, hi = rows.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if rows[mid] < row { lo = mid + 1 } else { hi = mid }
        }
        guard lo < rows.count, rows[lo] == row else { return }
        var start = Int(rowStarts[lo])
        var end = Int(rowStarts[lo + 1])
        while start < end {
            let mid = (start + end) >> 1
            if columns[mid] < columnRange.lowerBound { start = mid + 1 } else { end = mid }
        }
        let rowEnd = Int(rowStarts[lo + 1])
        var k = start
        while k < rowEnd, columns[k] <= columnRange.upperBound {
            body(columns[k], cellOfEntry[k])
            k += 1
        }
    }

    /// Whether any present cell lies in the block of rows and columns.
    func hasCells(rows rowRange: ClosedRange<Int32>, columns columnRange: ClosedRange<Int32>) -> Bool {
        var lo = 0, hi = rows.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if rows[mid] < rowRange.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var r = lo
        while r < rows.count, rows[r] <= rowRange.upperBound {
            var start = Int(rowStarts[r]), end = Int(rowStarts[r + 1])
            let rowEnd = end
            while start < end {
                let mid = (start + end) >> 1
                if columns[mid] < columnRange.lowerBound { start = mid + 1 } else { end = mid }
            }
            if start < rowEnd, columns[start] <= columnRange.upperBound { return true }
            r += 1
        }
        return false
    }
}
