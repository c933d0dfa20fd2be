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
    /// For a grid whose rows are not far more than its cells: each row's position in `rows`
    /// (-1 for a row without cells), a look-up instead of a search; empty otherwise.
    let positionOfRow: [Int32]

    public init(easting: [Int32], northing: [Int32], side: Int32) {
        let minX = easting.min() ?? 0, minY = northing.min() ?? 0
        originX = Double(minX)
        originY = Double(minY)
        self.side = Double(side)
        let count = easting.count
        // Entries ordered by (row, column): counted into their rows, then each row's packed
        // (column, cell) keys sorted as integers. A grid whose rows span far more than its
        // cells (cells scattered over a continent) is sorted as a whole instead.
        let rowOf = (0..<count).map { (northing[$0] - minY) / side }
        let rowCount = Int(rowOf.max() ?? -1) + 1
        var rows: [Int32] = [], rowStarts: [Int32] = []
        var positionOfRow: [Int32] = []
        var columns = [Int32](), cells = [Int32]()
        columns.reserveCapacity(count)
        cells.reserveCapacity(count)
        if Self.inRowMajorOrder(easting: easting, rowOf: rowOf, side: side) {
            // Cells already in order (INSEE's files are sorted by their ids): each entry is
            // its cell, the order any sort below would give (it keeps equal keys in place).
            if rowCount <= 4 * count + 1024 { positionOfRow = [Int32](repeating: -1, count: rowCount) }
            for i in 0..<count where i == 0 || rowOf[i] != rowOf[i - 1] {
                if !positionOfRow.isEmpty { positionOfRow[Int(rowOf[i])] = Int32(rows.count) }
                rows.append(rowOf[i])
                rowStarts.append(Int32(i))
            }
            rowStarts.append(Int32(count))
            self.rows = rows
            self.rowStarts = rowStarts
            self.columns = easting.map { ($0 - minX) / side }
            self.cellOfEntry = (0..<Int32(count)).map { $0 }
            self.positionOfRow = positionOfRow
            return
        }
        var packed = [UInt64](repeating: 0, count: count)
        @inline(__always) func key(_ i: Int) -> UInt64 { UInt64(UInt32(bitPattern: (easting[i] - minX) / side)) << 32 | UInt64(i) }
        if rowCount <= 4 * count + 1024 {
            var starts = [Int](repeating: 0, count: rowCount + 1)
            for row in rowOf { starts[Int(row) + 1] += 1 }
            for r in 0..<rowCount { starts[r + 1] += starts[r] }
            var next = starts
            for i in 0..<count {
                let r = Int(rowOf[i])
                packed[next[r]] = key(i)
                next[r] += 1
            }
            positionOfRow = [Int32](repeating: -1, count: rowCount)
            for r in 0..<rowCount where starts[r + 1] > starts[r] {
                packed[starts[r]..<starts[r + 1]].sort()
                positionOfRow[r] = Int32(rows.count)
                rows.append(Int32(r))
                rowStarts.append(Int32(starts[r]))
            }
        } else {
            let order = (0..<count).map { UInt64(UInt32(bitPattern: rowOf[$0])) << 32 | UInt64(UInt32(bitPattern: (easting[$0] - minX) / side)) }
            var byKey = Array(0..<count)
            byKey.sort { order[$0] < order[$1] }
            for (k, i) in byKey.enumerated() {
                packed[k] = key(i)
                if rows.last != rowOf[i] {
                    rows.append(rowOf[i])
                    rowStarts.append(Int32(k))
                }
            }
        }
        for entry in packed {
            columns.append(Int32(bitPattern: UInt32(entry >> 32)))
            cells.append(Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF))
        }
        rowStarts.append(Int32(count))
        self.rows = rows
        self.rowStarts = rowStarts
        self.columns = columns
        self.cellOfEntry = cells
        self.positionOfRow = positionOfRow
    }

    /// Whether the cells come row after row, each row's columns ascending (equal corners side
    /// by side).
    private static func inRowMajorOrder(easting: [Int32], rowOf: [Int32], side: Int32) -> Bool {
        easting.withUnsafeBufferPointer { easting in
            rowOf.withUnsafeBufferPointer { rowOf in
                var ordered = true
                for i in rowOf.indices.dropFirst() {
                    // Same side, same origin: columns compare as their eastings do.
                    ordered = ordered && (rowOf[i] > rowOf[i - 1] || rowOf[i] == rowOf[i - 1] && easting[i] >= easting[i - 1])
                }
                return ordered
            }
        }
    }

    /// The position in `rows` of `row`, nil when it has no cell.
    @inline(__always)
    private func position(ofRow row: Int32) -> Int? {
        if !positionOfRow.isEmpty {
            guard row >= 0, Int(row) < positionOfRow.count, case let position = positionOfRow[Int(row)], position >= 0 else { return nil }
            return Int(position)
        }
        let position = firstRowPosition(atLeast: row)
        return position < rows.count && rows[position] == row ? position : nil
    }

    /// The position in `rows` of the first row at or above `row`.
    @inline(__always)
    private func firstRowPosition(atLeast row: Int32) -> Int {
        var lo = 0, hi = rows.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if rows[mid] < row { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The entries of the row at `position` whose column is at least `column`: a binary
    /// search without branches (the next half chosen by a conditional move; a mispredicted
    /// branch at each of a dozen steps would cost more than the loads).
    @inline(__always)
    private func entries(rowPosition position: Int, fromColumn column: Int32) -> Range<Int> {
        let rowStart = Int(rowStarts[position]), rowEnd = Int(rowStarts[position + 1])
        return columns.withUnsafeBufferPointer { columns in
            var base = rowStart, count = rowEnd - rowStart
            while count > 1 {
                let half = count >> 1
                base = columns[base + half - 1] < column ? base + half : base
                count -= half
            }
            // One left: it is the first at least `column`, or the end of the row.
            if count == 1 && columns[base] < column { base += 1 }
            return base..<rowEnd
        }
    }

    /// Calls `body(column, cell)` for each present cell of `row` with a column in `columnRange`,
    /// in ascending column order.
    @inline(__always)
    func forEachCell(row: Int32, columns columnRange: ClosedRange<Int32>, _ body: (Int32, Int32) -> Void) {
        guard let position = position(ofRow: row) else { return }
        for k in entries(rowPosition: position, fromColumn: columnRange.lowerBound) {
            guard columns[k] <= columnRange.upperBound else { return }
            body(columns[k], cellOfEntry[k])
        }
    }

    /// Whether any present cell lies in the block of rows and columns.
    func hasCells(rows rowRange: ClosedRange<Int32>, columns columnRange: ClosedRange<Int32>) -> Bool {
        var position = firstRowPosition(atLeast: rowRange.lowerBound)
        while position < rows.count, rows[position] <= rowRange.upperBound {
            let range = entries(rowPosition: position, fromColumn: columnRange.lowerBound)
            if let first = range.first, columns[first] <= columnRange.upperBound { return true }
            position += 1
        }
        return false
    }
}
