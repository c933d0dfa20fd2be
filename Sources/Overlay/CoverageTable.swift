import GeometryCore
import Support

/// How cells are shared among zones.
public enum OverlayMethod: String, Sendable, CaseIterable {
    /// Exact covered area of each cell by each zone.
    case exact
    /// Each cell wholly to the zone that contains its centre (fast, approximate; for comparison).
    case centroid
}

/// For each zone, the cells it covers and the covered fraction of each (0 < f ≤ 1), cells in
/// row-major order. Zone `z`'s entries are `offsets[z]..<offsets[z + 1]`.
public struct CoverageTable: Sendable {
    public var offsets: [Int]
    public var cells: [Int32]
    public var fractions: [Double]
    /// Each zone's area in m² in the grid's CRS (the denominator of densities), measured as
    /// its rings are walked for the coverage (`Polygon.area`'s sums, in its order).
    public var zoneAreas: [Double]

    public init(offsets: [Int], cells: [Int32], fractions: [Double], zoneAreas: [Double]) {
        self.offsets = offsets
        self.cells = cells
        self.fractions = fractions
        self.zoneAreas = zoneAreas
    }

    public var zoneCount: Int { offsets.count - 1 }

    public func entries(ofZone zone: Int) -> Range<Int> { offsets[zone]..<offsets[zone + 1] }
}

/// A problem with one zone's geometry found during the overlay.
public struct OverlayError: Error, Sendable, CustomStringConvertible {
    public var zoneID: String
    public var message: String
    public var description: String { "zone \(zoneID): \(message)" }
}

/// Computes the coverage of grid cells by zones, in the grid's CRS, in parallel over zones.
/// Results do not depend on the number of threads: each zone is computed alone, and zones
/// are combined in their order.
public enum CoverageComputation {
    /// Largest block of cells one zone may span (about 13 000 km² at 200 m): beyond, the
    /// zone's geometry is almost surely in the wrong unit or CRS.
    static let maximumBlockCells = 1 << 26

    public static func compute(
        zones: [MultiPolygon], zoneIDs: [String], grid: GridIndex, method: OverlayMethod = .exact,
        threads: Int, progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> CoverageTable {
        let batchSize = 256
        let batches = (zones.count + batchSize - 1) / batchSize
        let parts = try parallelMap(count: batches, threads: threads) {
            b -> (counts: [Int], cells: [Int32], fractions: [Double], areas: [Double]) in
            var sweep = CoverageSweep()
            var counts: [Int] = []
            var cells: [Int32] = []
            var fractions: [Double] = []
            var areas: [Double] = []
            for z in (b * batchSize)..<min(zones.count, (b + 1) * batchSize) {
                let before = cells.count
                switch method {
                case .exact:
                    areas.append(try exactCoverage(zones[z], id: zoneIDs[z], grid: grid, sweep: &sweep, cells: &cells, fractions: &fractions))
                case .centroid:
                    try centroidCoverage(zones[z], id: zoneIDs[z], grid: grid, cells: &cells, fractions: &fractions)
                    areas.append(zones[z].area)
                }
                counts.append(cells.count - before)
            }
            progress?(counts.count)
            return (counts, cells, fractions, areas)
        }
        var table = CoverageTable(offsets: [0], cells: [], fractions: [], zoneAreas: [])
        let total = parts.reduce(0) { $0 + $1.cells.count }
        table.cells.reserveCapacity(total)
        table.fractions.reserveCapacity(total)
        table.offsets.reserveCapacity(zones.count + 1)
        table.zoneAreas.reserveCapacity(zones.count)
        for part in parts {
            for c in part.counts { table.offsets.append(table.offsets.last! + c) }
            table.cells.append(contentsOf: part.cells)
            table.fractions.append(contentsOf: part.fractions)
            table.zoneAreas.append(contentsOf: part.areas)
        }
        return table
    }

    /// The block of grid rows and columns a zone's bounding box spans, or nil when it holds no cell.
    static func block(of box: BoundingBox, grid: GridIndex, id: String) throws -> (rows: ClosedRange<Int32>, columns: ClosedRange<Int32>)? {
        guard !box.isEmpty, box.minX.isFinite, box.maxX.isFinite, box.minY.isFinite, box.maxY.isFinite else { return nil }
        let c0 = ((box.minX - grid.originX) / grid.side).rounded(.down)
        let c1 = ((box.maxX - grid.originX) / grid.side).rounded(.down)
        let r0 = ((box.minY - grid.originY) / grid.side).rounded(.down)
        let r1 = ((box.maxY - grid.originY) / grid.side).rounded(.down)
        guard (c1 - c0 + 1) * (r1 - r0 + 1) <= Double(maximumBlockCells) else {
            throw OverlayError(
                zoneID: id,
                message: words("s'étend sur %1$@ × %2$@ carreaux ; son SCR est-il le bon ?", Int(c1 - c0 + 1), Int(r1 - r0 + 1)))
        }
        guard c1 >= 0, r1 >= 0, c0 < Double(Int32.max), r0 < Double(Int32.max) else { return nil }
        let rows = Int32(max(0, r0))...Int32(r1)
        let columns = Int32(max(0, c0))...Int32(c1)
        return grid.hasCells(rows: rows, columns: columns) ? (rows, columns) : nil
    }

    /// Appends the cells `zone` covers and their fractions; returns the zone's area (its
    /// rings' signed areas, which the walk needs for their orientation anyway).
    @discardableResult
    static func exactCoverage(
        _ zone: MultiPolygon, id: String, grid: GridIndex, sweep: inout CoverageSweep,
        cells: inout [Int32], fractions: inout [Double]
    ) throws -> Double {
        let box = zone.boundingBox
        guard let (rows, columns) = try block(of: box, grid: grid, id: id) else { return zone.area }
        // The block starts at the bounding box's cell, possibly below the grid origin's first
        // row (a zone reaching past the data); local coordinates count from there.
        let firstColumn = ((box.minX - grid.originX) / grid.side).rounded(.down)
        let firstRow = ((box.minY - grid.originY) / grid.side).rounded(.down)
        let blockColumns = Int(Double(columns.upperBound) - firstColumn) + 1
        let blockRows = Int(Double(rows.upperBound) - firstRow) + 1
        sweep.reset(rows: blockRows, columns: blockColumns)
        let originX = grid.originX + firstColumn * grid.side
        let originY = grid.originY + firstRow * grid.side
        let scale = 1 / grid.side
        var zoneArea = 0.0
        for polygon in zone.polygons {
            // As `Polygon.area`: the exterior's area less the sum of the holes'.
            var exteriorArea = 0.0, holesArea = 0.0
            for (r, ring) in polygon.rings.enumerated() {
                // Oriented as `Polygon.oriented()` would (exterior counter-clockwise, holes
                // clockwise), a wrongly turning ring walked backwards rather than copied: the
                // same edges in the same order as the reversed ring's.
                let area = ring.signedArea
                if r == 0 { exteriorArea = abs(area) } else { holesArea += abs(area) }
                ring.points.withUnsafeBufferPointer { points in
                    let n = points.count
                    guard n >= 3 else { return }
                    let backwards = r == 0 ? area < 0 : area > 0
                    let last = backwards ? points[0] : points[n - 1]
                    var px = (last.x - originX) * scale, py = (last.y - originY) * scale
                    for k in 0..<n {
                        let p = points[backwards ? n - 1 - k : k]
                        let qx = (p.x - originX) * scale, qy = (p.y - originY) * scale
                        sweep.addEdge(px, py, qx, qy)
                        px = qx
                        py = qy
                    }
                }
            }
            zoneArea += exteriorArea - holesArea
        }
        var wanted: [Int32] = []
        var wantedCells: [Int32] = []
        let columnOffset = Int32(firstColumn)
        for row in rows {
            wanted.removeAll(keepingCapacity: true)
            wantedCells.removeAll(keepingCapacity: true)
            grid.forEachCell(row: row, columns: columns) { column, cell in
                wanted.append(column)
                wantedCells.append(cell)
            }
            guard !wanted.isEmpty else { continue }
            var k = 0
            sweep.runningSum(
                row: Int(row - Int32(firstRow)),
                { _, covered in
                    // Round-off leaves traces of the order of 1e-15 outside the zone.
                    if covered > 1e-12 {
                        cells.append(wantedCells[k])
                        fractions.append(min(covered, 1))
                    }
                    k += 1
                }, wanted: wanted, offset: columnOffset)
        }
        return zoneArea
    }

    static func centroidCoverage(
        _ zone: MultiPolygon, id: String, grid: GridIndex, cells: inout [Int32], fractions: inout [Double]
    ) throws {
        guard let (rows, columns) = try block(of: zone.boundingBox, grid: grid, id: id) else { return }
        let rings = zone.polygons.flatMap { $0.oriented().rings }.filter { $0.points.count >= 3 }
        var crossings: [(x: Double, winding: Int)] = []
        for row in rows {
            let y = grid.originY + (Double(row) + 0.5) * grid.side
            crossings.removeAll(keepingCapacity: true)
            for ring in rings {
                var a = ring.points[ring.points.count - 1]
                for b in ring.points {
                    if (a.y <= y) != (b.y <= y) {
                        let x = a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y)
                        crossings.append((x, b.y > a.y ? -1 : 1))
                    }
                    a = b
                }
            }
            guard !crossings.isEmpty else { continue }
            crossings.sort { $0.x < $1.x }
            grid.forEachCell(row: row, columns: columns) { column, cell in
                let x = grid.originX + (Double(column) + 0.5) * grid.side
                var winding = 0
                for c in crossings {
                    if c.x >= x { break }
                    winding += c.winding
                }
                if winding > 0 {
                    cells.append(cell)
                    fractions.append(1)
                }
            }
        }
    }
}
