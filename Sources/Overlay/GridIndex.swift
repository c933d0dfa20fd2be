import GeometryCore

/// The cells present in the data, indexed by grid row and column for range look-ups:
/// the grid is sparse (inhabited cells only), so nothing is stored for empty cells.
public struct GridIndex: Sendable {
    /// Grid origin (the smallest south-west corner) and cell side, in the grid CRS.
    public let originX: Double
    public let originY: Double
    public let side: Double
    /// Distinct rows, ascending, and where each starts in `entries`.
    let rows: [Int32]
    let rowStarts: [Int32]
    /// A present cell: its column (ascending within a row) and its index in the data, side
    /// by side (the one cache line a look-up reads for both).
    struct Entry {
        var column: Int32
        var cell: Int32
    }
    let entries: [Entry]
    /// For a grid whose rows are not far more than its cells: each row's position in `rows`
    /// (-1 for a row without cells), a look-up instead of a search; empty otherwise.
    let positionOfRow: [Int32]
    /// For a grid whose rows × columns are not far more than its cells: for each row (by
    /// position) and each run of `chunkColumns` columns, the first entry at or after the run's
    /// first column (a look-up then a few steps, instead of a search of a dozen cache misses
    /// in a row of thousands of cells); empty otherwise.
    let chunkStarts: [Int32]
    let chunksPerRow: Int
    static let chunkColumns: Int32 = 32

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
        let columnCount = (Int(easting.max() ?? minX) - Int(minX)) / Int(side) + 1
        var rows: [Int32] = [], rowStarts: [Int32] = []
        var positionOfRow: [Int32] = []
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
            self.entries = easting.indices.map { Entry(column: (easting[$0] - minX) / side, cell: Int32($0)) }
            self.positionOfRow = positionOfRow
            (chunkStarts, chunksPerRow) = Self.chunkStarts(entries: entries, rowStarts: rowStarts, columnCount: columnCount)
            return
        }
        var packed = [UInt64](repeating: 0, count: count)
        @inline(__always) func key(_ i: Int) -> UInt64 { UInt64(UInt32(bitPattern: (easting[i] - minX) / side)) << 32 | UInt64(i) }
        if rowCount <= 4 * count + 1024 {
            var starts = [Int](repeating: 0, count: rowCount + 1)
            for row in rowOf { starts[Int(row) + 1] += 1 }
            for r in 0..<rowCount { starts[r + 1] += starts[r] }
            var next = starts
            // Through raw buffers: a uniqueness check per cell cost more than the store.
            packed.withUnsafeMutableBufferPointer { packed in
                next.withUnsafeMutableBufferPointer { next in
                    for i in 0..<count {
                        let r = Int(rowOf[i])
                        packed[next[r]] = key(i)
                        next[r] += 1
                    }
                }
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
        let entries = packed.map { Entry(column: Int32(bitPattern: UInt32($0 >> 32)), cell: Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF)) }
        rowStarts.append(Int32(count))
        self.rows = rows
        self.rowStarts = rowStarts
        self.entries = entries
        self.positionOfRow = positionOfRow
        (chunkStarts, chunksPerRow) = Self.chunkStarts(entries: entries, rowStarts: rowStarts, columnCount: columnCount)
    }

    /// The chunk table (see `chunkStarts`), when it holds at most about four times as many
    /// numbers as there are cells; empty otherwise.
    private static func chunkStarts(entries: [Entry], rowStarts: [Int32], columnCount: Int) -> (starts: [Int32], perRow: Int) {
        let perRow = (columnCount + Int(chunkColumns) - 1) / Int(chunkColumns)
        let rowCount = rowStarts.count - 1
        let (size, overflow) = rowCount.multipliedReportingOverflow(by: perRow)
        guard rowCount > 0, !overflow, size <= 4 * entries.count + 4096 else { return ([], 0) }
        var starts = [Int32](repeating: 0, count: size)
        for position in 0..<rowCount {
            var k = Int(rowStarts[position])
            let end = Int(rowStarts[position + 1])
            for chunk in 0..<perRow {
                let firstColumn = Int32(chunk) * chunkColumns
                while k < end && entries[k].column < firstColumn { k += 1 }
                starts[position * perRow + chunk] = Int32(k)
            }
        }
        return (starts, perRow)
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

    /// The entries of the row at `position` whose column is at least `column`: from the chunk
    /// table, the first entry of the column's chunk, then step by step (a chunk holds at most
    /// `chunkColumns` cells); without the table, a binary search without branches.
    @inline(__always)
    private func entries(rowPosition position: Int, fromColumn column: Int32) -> Range<Int> {
        let rowStart = Int(rowStarts[position]), rowEnd = Int(rowStarts[position + 1])
        return entries.withUnsafeBufferPointer { entries in
            if chunksPerRow > 0 {
                guard column > 0 else { return rowStart..<rowEnd }
                let chunk = Int(column / Self.chunkColumns)
                guard chunk < chunksPerRow else { return rowEnd..<rowEnd }
                var k = chunkStarts.withUnsafeBufferPointer { Int($0[position * chunksPerRow + chunk]) }
                while k < rowEnd && entries[k].column < column { k += 1 }
                return k..<rowEnd
            }
            var base = rowStart, count = rowEnd - rowStart
            while count > 1 {
                let half = count >> 1
                base = entries[base + half - 1].column < column ? base + half : base
                count -= half
            }
            // One left: it is the first at least `column`, or the end of the row.
            if count == 1 && entries[base].column < column { base += 1 }
            return base..<rowEnd
        }
    }

    /// Calls `body(column, cell)` for each present cell of `row` with a column in `columnRange`,
    /// in ascending column order.
    @inline(__always)
    func forEachCell(row: Int32, columns columnRange: ClosedRange<Int32>, _ body: (Int32, Int32) -> Void) {
        guard let position = position(ofRow: row) else { return }
        entries.withUnsafeBufferPointer { entries in
            for k in self.entries(rowPosition: position, fromColumn: columnRange.lowerBound) {
                let entry = entries[k]
                guard entry.column <= columnRange.upperBound else { return }
                body(entry.column, entry.cell)
            }
        }
    }

    /// Whether any present cell lies in the block of rows and columns.
    func hasCells(rows rowRange: ClosedRange<Int32>, columns columnRange: ClosedRange<Int32>) -> Bool {
        var position = firstRowPosition(atLeast: rowRange.lowerBound)
        while position < rows.count, rows[position] <= rowRange.upperBound {
            let range = entries(rowPosition: position, fromColumn: columnRange.lowerBound)
            if let first = range.first, entries[first].column <= columnRange.upperBound { return true }
            position += 1
        }
        return false
    }
}
