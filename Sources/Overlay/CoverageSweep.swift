import GeometryCore

/// Exact area of a polygon inside each cell of a block of the grid, without clipping
/// polygons: every edge is walked through the grid cells it crosses, and each piece adds
/// its signed area to an accumulation row (the trapezoid to its right, split between the
/// piece's own cell and the next one); a running sum along each row then gives, for every
/// cell, the covered area (Green's theorem, as in exact-coverage rasterisers). Interior
/// cells come out at 1 with no per-cell work beyond the running sum.
///
/// Works in cell units relative to the block's south-west corner. Rings must be oriented
/// (exterior counter-clockwise, holes clockwise), as `Polygon.oriented()` turns them (the
/// exact coverage walks a wrongly turning ring backwards instead).
struct CoverageSweep {
    /// Block size in cells; the buffer has two spare columns for the right-hand carry.
    private(set) var rowCount = 0
    private(set) var columnCount = 0
    private var stride = 0
    private var buffer: [Double] = []

    /// Prepares a zeroed block of `rows` × `columns` cells, reusing memory.
    mutating func reset(rows: Int, columns: Int) {
        rowCount = rows
        columnCount = columns
        stride = columns + 2
        let needed = rows * stride
        if buffer.count < needed {
            buffer = [Double](repeating: 0, count: needed)
        } else {
            buffer.withUnsafeMutableBufferPointer { b in
                b.baseAddress!.update(repeating: 0, count: needed)
            }
        }
    }

    /// Adds one directed edge, in cell units of the block.
    @inline(__always)
    mutating func addEdge(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
        let dy = y1 - y0
        if dy == 0 { return }
        let dx = x1 - x0
        let rows = rowCount, columns = columnCount, stride = self.stride
        buffer.withUnsafeMutableBufferPointer { acc in
            @inline(__always) func deposit(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) {
                let h = by - ay
                if h == 0 { return }
                let mx = (ax + bx) * 0.5, my = (ay + by) * 0.5
                var row = Int(my.rounded(.down))
                var column = Int(mx.rounded(.down))
                if row < 0 { row = 0 } else if row >= rows { row = rows - 1 }
                if column < 0 { column = 0 } else if column > columns { column = columns }
                let right = Double(column + 1) - mx  // share of the cell to the right of the piece
                let base = row * stride + column
                acc[base] -= h * right
                acc[base + 1] -= h * (1 - right)
            }
            // Grid lines crossed, in order along the edge: horizontal (y = k) and vertical (x = k).
            let yStep: Double = dy > 0 ? 1 : -1
            var nextY = dy > 0 ? y0.rounded(.down) + 1 : y0.rounded(.up) - 1
            let xStep: Double = dx > 0 ? 1 : -1
            var nextX = dx > 0 ? x0.rounded(.down) + 1 : (dx < 0 ? x0.rounded(.up) - 1 : .infinity)
            // An edge that crosses no line (most of a real boundary's, vertices tens of metres
            // apart) is one piece: the loop below would deposit it whole, after two divisions.
            if !(dy > 0 ? nextY < y1 : nextY > y1) && !(dx != 0 && (dx > 0 ? nextX < x1 : nextX > x1)) {
                deposit(x0, y0, x1, y1)
                return
            }
            let invDy = 1 / dy
            let invDx = dx != 0 ? 1 / dx : 0
            var px = x0, py = y0
            while true {
                let ty = (dy > 0 ? nextY < y1 : nextY > y1) ? (nextY - y0) * invDy : 2
                let tx = dx != 0 && (dx > 0 ? nextX < x1 : nextX > x1) ? (nextX - x0) * invDx : 2
                if ty >= 1 && tx >= 1 { break }
                let qx: Double, qy: Double
                if ty <= tx {
                    qy = nextY
                    qx = ty == tx ? nextX : x0 + ty * dx
                    if ty == tx { nextX += xStep }
                    nextY += yStep
                } else {
                    qx = nextX
                    qy = y0 + tx * dy
                    nextX += xStep
                }
                deposit(px, py, qx, qy)
                px = qx
                py = qy
            }
            deposit(px, py, x1, y1)
        }
    }

    /// Covered fraction of each cell of `row`, through a callback with a running sum; only
    /// the columns asked for are reported.
    @inline(__always)
    func runningSum(row: Int, _ body: (Int, Double) -> Void, wanted: [Int32], offset: Int32) {
        buffer.withUnsafeBufferPointer { acc in
            var sum = 0.0
            var column = 0
            let base = row * stride
            for w in wanted {
                let target = Int(w - offset)
                while column <= target {
                    sum += acc[base + column]
                    column += 1
                }
                body(target, sum)
            }
        }
    }
}
