import Foundation
import GeometryCore
import Inputs
import Support
import TestSupport
import Testing

@testable import Overlay

/// A 4 × 4 block of 200 m cells with corners at (0, 0)…(800, 800), every cell present.
private func fullGrid(_ n: Int32 = 4) -> (grid: GridIndex, easting: [Int32], northing: [Int32]) {
    var e: [Int32] = [], no: [Int32] = []
    for row in 0..<n {
        for column in 0..<n {
            e.append(column * 200)
            no.append(row * 200)
        }
    }
    return (GridIndex(easting: e, northing: no, side: 200), e, no)
}

private func rectangle(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Ring {
    Ring([Point(x: x0, y: y0), Point(x: x1, y: y0), Point(x: x1, y: y1), Point(x: x0, y: y1)])
}

/// Fractions of each cell (by index) covered by one zone.
private func fractions(_ zone: MultiPolygon, grid: GridIndex, cells: Int = 16) throws -> [Double] {
    let table = try CoverageComputation.compute(zones: [zone], zoneIDs: ["z"], grid: grid, threads: 1)
    var result = [Double](repeating: 0, count: cells)
    for k in table.entries(ofZone: 0) { result[Int(table.cells[k])] = table.fractions[k] }
    return result
}

@Suite struct HandMadeCoverageTests {
    @Test func zoneExactlyOnGridLines() throws {
        let (grid, _, _) = fullGrid()
        let zone = MultiPolygon([Polygon(exterior: rectangle(200, 200, 600, 600))])
        let f = try fractions(zone, grid: grid)
        // Cells (1,1), (1,2), (2,1), (2,2): indices row * 4 + column.
        let expected: [Double] = [0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]
        #expect(f == expected)
    }

    @Test func zoneCuttingCellsInHalvesAndQuarters() throws {
        let (grid, _, _) = fullGrid()
        let zone = MultiPolygon([Polygon(exterior: rectangle(100, 100, 500, 300))])
        let f = try fractions(zone, grid: grid)
        // Row 0: x 100–200 of cell 0 over y 100–200 = quarter; cell 1 half; cell 2 quarter-half…
        #expect(f[0] == 0.25)  // (100..200) × (100..200)
        #expect(f[1] == 0.5)  // (200..400) × (100..200)
        #expect(f[2] == 0.25)  // (400..500) × (100..200)
        #expect(f[4] == 0.25)  // (100..200) × (200..300)
        #expect(f[5] == 0.5)
        #expect(f[6] == 0.25)
        #expect(f[3] == 0 && f[8] == 0)
        #expect(f.reduce(0, +) * 40_000 == 400 * 200)
    }

    @Test(arguments: [false, true])
    func triangleEitherOrientation(reversed: Bool) throws {
        let (grid, _, _) = fullGrid()
        var ring = Ring([Point(x: 0, y: 0), Point(x: 400, y: 0), Point(x: 0, y: 400)])
        if reversed { ring = ring.reversed() }
        let f = try fractions(MultiPolygon([Polygon(exterior: ring)]), grid: grid)
        // The hypotenuse x + y = 400 cuts cells (0,1) and (1,0) in half, leaves (0,0) whole.
        #expect(f[0] == 1)
        #expect(f[1] == 0.5)
        #expect(f[4] == 0.5)
        #expect(f[5] == 0)
        #expect(f.reduce(0, +) == 2)
    }

    @Test func zoneWithAHole() throws {
        let (grid, _, _) = fullGrid()
        let zone = MultiPolygon([Polygon(exterior: rectangle(0, 0, 800, 800), holes: [rectangle(300, 300, 500, 500)])])
        let f = try fractions(zone, grid: grid)
        // The hole takes a quarter of each of the four central cells.
        for central in [5, 6, 9, 10] { #expect(f[central] == 0.75) }
        #expect(f.reduce(0, +) == 16 - 1)
    }

    @Test func holeGivenWithTheWrongOrientationIsStillAHole() throws {
        let (grid, _, _) = fullGrid()
        let zone = MultiPolygon([Polygon(exterior: rectangle(0, 0, 800, 800).reversed(), holes: [rectangle(300, 300, 500, 500).reversed()])])
        #expect(try fractions(zone, grid: grid).reduce(0, +) == 15)
    }

    /// A ring turning the wrong way is walked backwards, not copied reversed: the fractions
    /// are those of the oriented zone to the bit (random star-shaped rings and holes, either
    /// way round).
    @Test func wronglyTurningRingsGiveTheOrientedZonesBits() throws {
        let (grid, _, _) = fullGrid(12)
        var random = SplitMix64(state: 110)
        func star(_ cx: Double, _ cy: Double, _ radius: ClosedRange<Double>, _ count: Int) -> Ring {
            Ring(
                (0..<count).map { k in
                    let angle = 2 * Double.pi * Double(k) / Double(count), r = Double.random(in: radius, using: &random)
                    return Point(x: cx + r * cos(angle), y: cy + r * sin(angle))
                })
        }
        for _ in 0..<50 {
            var exterior = star(1_200, 1_200, 700...1_150, 40), hole = star(1_200, 1_200, 100...300, 12)
            if Bool.random(using: &random) { exterior = exterior.reversed() }
            if Bool.random(using: &random) { hole = hole.reversed() }
            let zone = MultiPolygon([Polygon(exterior: exterior, holes: [hole])])
            let oriented = MultiPolygon(zone.polygons.map { $0.oriented() })
            #expect(try fractions(zone, grid: grid, cells: 144).map(\.bitPattern) == fractions(oriented, grid: grid, cells: 144).map(\.bitPattern))
        }
    }

    @Test func zoneAreasAreThePolygonsAreasToTheBit() throws {
        let (grid, _, _) = fullGrid(12)
        var random = SplitMix64(state: 111)
        func star(_ cx: Double, _ cy: Double, _ radius: ClosedRange<Double>, _ count: Int) -> Ring {
            let ring = Ring(
                (0..<count).map { k in
                    let angle = 2 * Double.pi * Double(k) / Double(count), r = Double.random(in: radius, using: &random)
                    return Point(x: cx + r * cos(angle), y: cy + r * sin(angle))
                })
            return Bool.random(using: &random) ? ring.reversed() : ring
        }
        var zones: [MultiPolygon] = (0..<40).map { _ in
            MultiPolygon([
                Polygon(exterior: star(1_200, 1_200, 700...1_150, 40), holes: [star(1_000, 1_200, 50...150, 9), star(1_400, 1_200, 50...150, 7)]),
                Polygon(exterior: star(300, 300, 100...250, 11)),
            ])
        }
        // Far from every cell (no block walked), and a ring too short to have an area.
        zones.append(MultiPolygon([Polygon(exterior: star(90_000, 90_000, 100...200, 8))]))
        zones.append(MultiPolygon([Polygon(exterior: rectangle(0, 0, 400, 400), holes: [Ring([Point(x: 10, y: 10), Point(x: 20, y: 20)])])]))
        for method in OverlayMethod.allCases {
            let table = try CoverageComputation.compute(
                zones: zones, zoneIDs: zones.indices.map(String.init), grid: grid, method: method, threads: 2)
            #expect(table.zoneAreas.map(\.bitPattern) == zones.map(\.area.bitPattern))
        }
        #expect(zones.last!.area == 160_000)
    }

    @Test func tinyZoneInsideOneCell() throws {
        let (grid, _, _) = fullGrid()
        let zone = MultiPolygon([Polygon(exterior: rectangle(210, 210, 220, 230))])
        let f = try fractions(zone, grid: grid)
        #expect(abs(f[5] - 10.0 * 20 / 40_000) < 1e-15)
        #expect(f.enumerated().allSatisfy { $0.offset == 5 || $0.element == 0 })
    }

    @Test func ringTouchingCellCorners() throws {
        let (grid, _, _) = fullGrid()
        // A diamond whose vertices sit on cell corners.
        let diamond = Ring([Point(x: 400, y: 0), Point(x: 800, y: 400), Point(x: 400, y: 800), Point(x: 0, y: 400)])
        let f = try fractions(MultiPolygon([Polygon(exterior: diamond)]), grid: grid)
        #expect(f.reduce(0, +) == 8)
        #expect(f[5] == 1 && f[0] == 0 && f[1] == 0.5)
    }

    @Test func multipolygonPartsAddUp() throws {
        let (grid, _, _) = fullGrid()
        let zone = MultiPolygon([Polygon(exterior: rectangle(0, 0, 200, 200)), Polygon(exterior: rectangle(700, 700, 800, 800))])
        let f = try fractions(zone, grid: grid)
        #expect(f[0] == 1 && f[15] == 0.25)
    }

    @Test func sparseGridOnlyReportsPresentCells() throws {
        // Only two cells are inhabited.
        let grid = GridIndex(easting: [0, 600], northing: [0, 600], side: 200)
        let zone = MultiPolygon([Polygon(exterior: rectangle(100, 0, 700, 800))])
        let table = try CoverageComputation.compute(zones: [zone], zoneIDs: ["z"], grid: grid, threads: 1)
        #expect(Array(table.cells) == [0, 1])
        #expect(Array(table.fractions) == [0.5, 0.5])
    }

    @Test func adjacentZonesShareTheCellsExactly() throws {
        let (_, easting, northing) = fullGrid()
        let left = MultiPolygon([Polygon(exterior: Ring([Point(x: 0, y: 0), Point(x: 530, y: 0), Point(x: 270, y: 800), Point(x: 0, y: 800)]))])
        let right = MultiPolygon([Polygon(exterior: Ring([Point(x: 530, y: 0), Point(x: 800, y: 0), Point(x: 800, y: 800), Point(x: 270, y: 800)]))])
        let values = (0..<16).map { Double($0 + 1) * 10 }
        let cells = CellTable(
            source: "test", vintage: .v2019, gridEPSG: 3035, resolution: 200, easting: easting, northing: northing,
            imputed: Array(repeating: false, count: 16), variableNames: ["ind"], columns: [CellColumn(values)], communes: CommuneLists(),
            sourceLines: Array(repeating: 0, count: 16), ignoredColumns: [], columnMapping: []
        )
        let grid = GridIndex(easting: easting, northing: northing, side: 200)
        let coverage = try CoverageComputation.compute(zones: [left, right], zoneIDs: ["a", "b"], grid: grid, threads: 2)
        let result = try Aggregator.aggregate(
            cells: cells, coverage: coverage, zoneIDs: ["a", "b"], variables: ["ind"], method: .exact, conserve: false, threads: 2)
        let total = values.reduce(0, +)
        #expect(abs(result.zones[0].values[0] + result.zones[1].values[0] - total) < 1e-9)
        #expect(abs(result.accounts[0].lostOutside) < 1e-9)
        #expect(result.accounts[0].countedTwice < 1e-9)
    }

    @Test func massAccountingAndConserve() throws {
        // One cell half covered by one zone: half its mass is lost unless conserved.
        let easting: [Int32] = [0], northing: [Int32] = [0]
        let cells = CellTable(
            source: "test", vintage: .v2019, gridEPSG: 3035, resolution: 200, easting: easting, northing: northing,
            imputed: [true], variableNames: ["ind"], columns: [[10]], communes: CommuneLists(),
            sourceLines: [2], ignoredColumns: [], columnMapping: []
        )
        let grid = GridIndex(easting: easting, northing: northing, side: 200)
        let half = MultiPolygon([Polygon(exterior: rectangle(0, 0, 100, 200))])
        let coverage = try CoverageComputation.compute(zones: [half, half], zoneIDs: ["a", "b"], grid: grid, threads: 1)
        let plain = try Aggregator.aggregate(
            cells: cells, coverage: coverage, zoneIDs: ["a", "b"], variables: ["ind"], method: .exact, conserve: false, threads: 2)
        // Two identical zones: each gets 5; together they cover the cell's left half twice.
        #expect(plain.zones.map { $0.values[0] } == [5, 5])
        #expect(plain.accounts[0].allocated == 10)
        #expect(plain.accounts[0].lostOutside == 0)
        #expect(plain.zones[0].imputedShare == 1)
        let single = try CoverageComputation.compute(zones: [half], zoneIDs: ["a"], grid: grid, threads: 1)
        let lost = try Aggregator.aggregate(cells: cells, coverage: single, zoneIDs: ["a"], variables: ["ind"], method: .exact, conserve: false, threads: 2)
        #expect(lost.accounts[0] == VariableAccount(variable: "ind", total: 10, allocated: 5, lostOutside: 5, countedTwice: 0))
        let kept = try Aggregator.aggregate(cells: cells, coverage: single, zoneIDs: ["a"], variables: ["ind"], method: .exact, conserve: true, threads: 2)
        #expect(kept.zones[0].values[0] == 10)
        #expect(kept.accounts[0].lostOutside == 0)
    }

    @Test func centroidMethodGivesWholeCells() throws {
        let (grid, _, _) = fullGrid()
        let zone = MultiPolygon([Polygon(exterior: rectangle(0, 0, 350, 250))])
        let table = try CoverageComputation.compute(zones: [zone], zoneIDs: ["z"], grid: grid, method: .centroid, threads: 1)
        // Centres (100,100) and (300,100) are inside; (100,300) is not.
        #expect(Array(table.cells) == [0, 1])
        #expect(Array(table.fractions) == [1, 1])
    }

    @Test func aZoneInTheWrongUnitIsRefused() {
        let (grid, _, _) = fullGrid()
        let huge = MultiPolygon([Polygon(exterior: rectangle(0, 0, 9e7, 9e7))])
        #expect(throws: OverlayError.self) { try CoverageComputation.compute(zones: [huge], zoneIDs: ["z"], grid: grid, threads: 1) }
    }
}

@Suite struct CellOrderSumTests {
    /// Zones each covering a random increasing set of cells within `span` of a random start
    /// (some cells shared with other zones), with random fractions; and the cells' scales
    /// (a quarter of them partly outside every zone).
    func randomCoverage(cells cellCount: Int, zones zoneCount: Int, span: Int, _ random: inout SplitMix64) -> (CoverageTable, [Double]) {
        var offsets = [0], cells: [Int32] = [], fractions: [Double] = []
        for _ in 0..<zoneCount {
            let start = Int(random.next() % UInt64(cellCount - span))
            for c in start..<(start + span) where random.next() % 3 == 0 {
                cells.append(Int32(c))
                fractions.append(Double(random.next() % 1000 + 1) / 1000)
            }
            offsets.append(cells.count)
        }
        let scale = (0..<cellCount).map { _ in random.next() % 4 == 0 ? 1 / Double(random.next() % 7 + 2) : 1 }
        // The sums read no area.
        return (CoverageTable(offsets: offsets, cells: cells, fractions: fractions, zoneAreas: []), scale)
    }

    /// Summed cell after cell, each zone's sums are the sums of its own cells taken in
    /// increasing order (the oracle: one compensated sum per zone and variable), bit for bit,
    /// for 1, 2 or 5 threads and 1, 8, 9 or 19 variables (groups of 8, one partial).
    @Test func cellOrderSumsAreEachZonesOwnSums() throws {
        // Seeded: the same random coverage on every run.
        var random = SplitMix64(state: 7)
        // More cells than the sums decode at a time: blocks cross zones.
        let cellCount = Aggregator.cellsPerBlock * 2 + 808, zoneCount = 120
        let (coverage, scale) = randomCoverage(cells: cellCount, zones: zoneCount, span: 60, &random)
        let (cells, fractions) = (coverage.cells, coverage.fractions)
        for width in [1, 8, 9, 19] {
            // Values of mixed magnitudes and signs, where summation order shows in the bits.
            let columns = (0..<width).map { _ in
                (0..<cellCount).map { _ in Double(Int64(random.next() % 2_000_001) - 1_000_000) * pow(10, Double(random.next() % 9) - 4) }
            }
            var oracle: [Double] = []
            for z in 0..<zoneCount {
                for v in 0..<width {
                    var sum = CompensatedSum()
                    for k in coverage.entries(ofZone: z) { sum.add(columns[v][Int(cells[k])] * (fractions[k] * scale[Int(cells[k])])) }
                    oracle.append(sum.value)
                }
            }
            for threads in [1, 2, 5] {
                let sums = try Aggregator.zoneSums(columns.map(CellColumn.init), coverage: coverage, scale: scale, threads: threads)
                #expect(sums.sums.map(\.bitPattern) == oracle.map(\.bitPattern), "\(width) variables, \(threads) threads")
            }
        }
    }

    /// The coverage turned by cell is the same in parts of cells as in one: each cell's zones
    /// in increasing order with their fractions, and its total coverage summed in that order
    /// (the bits of one pass over the entries; zero for a cell no zone covers).
    @Test(arguments: [1, 2, 3, 7])
    func coverageByCellIsTheSameInParts(threads: Int) throws {
        var random = SplitMix64(state: 120)
        let cellCount = 500, zoneCount = 60
        let (coverage, _) = randomCoverage(cells: cellCount, zones: zoneCount, span: 40, &random)
        let (offsets, cells, fractions) = (coverage.offsets, coverage.cells, coverage.fractions)
        let turned = try Aggregator.coverageByCell(coverage, cellCount: cellCount, threads: threads, entriesPerPart: 1)
        let (first, zone, fraction) = (turned.first, turned.zone, turned.fraction)
        #expect(first.count == cellCount + 1 && first.first == 0 && Int(first.last!) == cells.count)
        var covered = [Double](repeating: 0, count: cellCount)
        for k in cells.indices { covered[Int(cells[k])] += fractions[k] }
        #expect(turned.covered.map(\.bitPattern) == covered.map(\.bitPattern))
        #expect(covered.contains(0) && covered.contains { $0 > 1 })
        for c in 0..<cellCount {
            var expected: [(zone: Int32, fraction: Double)] = []
            for z in 0..<zoneCount {
                for k in offsets[z]..<offsets[z + 1] where cells[k] == c { expected.append((Int32(z), fractions[k])) }
            }
            let range = Int(first[c])..<Int(first[c + 1])
            #expect(Array(zone[range]) == expected.map(\.zone), "cell \(c)")
            #expect(Array(fraction[range]).map(\.bitPattern) == expected.map(\.fraction.bitPattern), "cell \(c)")
        }
    }
}

/// The grid index finds each cell at its row and column, whether its rows are counted (cells
/// close together) or sorted as a whole (a few cells thousands of rows apart).
@Suite struct GridIndexTests {
    func lookups(_ easting: [Int32], _ northing: [Int32]) -> [[Int32]] {
        let grid = GridIndex(easting: easting, northing: northing, side: 200)
        let minX = easting.min()!, minY = northing.min()!
        return zip(easting, northing).map { e, n in
            var found: [Int32] = []
            grid.forEachCell(row: (n - minY) / 200, columns: ((e - minX) / 200)...((e - minX) / 200 + 1)) { _, cell in found.append(cell) }
            return found
        }
    }

    @Test func cellsAreFoundWhereverTheyLie() {
        // Unsorted cells; the neighbour to the east (column + 1) is found with each when present.
        let easting: [Int32] = [400, 0, 200, 600, 0], northing: [Int32] = [0, 0, 0, 200, 200]
        #expect(lookups(easting, northing) == [[0], [1, 2], [2, 0], [3], [4]])
        let farNorth: Int32 = 200 * 50_000
        let scattered: [Int32] = [0, farNorth, 0, farNorth]
        #expect(lookups([200, 0, 0, 200], scattered) == [[0], [1, 3], [2, 0], [3]])
    }

    /// Any range of any row (above, below and between the cells' rows, rows of one cell and
    /// of hundreds) gives the cells a scan of all of them gives, in order of column; and
    /// `hasCells` agrees. Rows looked up directly (cells close together) or searched (rows
    /// far apart); columns found from the chunk table, or searched (one cell so far east
    /// that the table would be too large); cells in any order, or row after row as INSEE's
    /// files have them (indexed without a sort).
    @Test(arguments: [false, true], [false, true])
    func rangesGiveTheCellsAScanGives(scattered: Bool, inRowOrder: Bool) {
        var random = SplitMix64(state: scattered ? 71 : 70)
        var easting: [Int32] = [], northing: [Int32] = []
        var taken = Set<[Int32]>()
        while easting.count < 3_000 {
            let row = Int32.random(in: 0..<40, using: &random) * (scattered ? 10_000 : 1)
            // Row 7 crowded, the others sparse.
            let column = Int32.random(in: 0..<(row == 7 ? 400 : 2_000), using: &random)
            guard taken.insert([row, column]).inserted else { continue }
            easting.append(column * 200)
            northing.append(row * 200)
        }
        if scattered {
            easting.append(2_000_000_000)
            northing.append(0)
        }
        if inRowOrder {
            let order = easting.indices.sorted { (northing[$0], easting[$0]) < (northing[$1], easting[$1]) }
            (easting, northing) = (order.map { easting[$0] }, order.map { northing[$0] })
        }
        let grid = GridIndex(easting: easting, northing: northing, side: 200)
        let minX = easting.min()! / 200, minY = northing.min()! / 200
        for _ in 0..<2_000 {
            let row = Int32.random(in: -3..<43, using: &random) * (scattered ? 10_000 : 1) - minY
            let low = Int32.random(in: -50..<2_100, using: &random) - minX
            let columns = low...(low + Int32.random(in: 0..<300, using: &random))
            var found: [Int32] = []
            grid.forEachCell(row: row, columns: columns) { column, cell in
                #expect(easting[Int(cell)] / 200 - minX == column)
                found.append(cell)
            }
            let expected = easting.indices
                .filter { northing[$0] / 200 - minY == row && columns.contains(easting[$0] / 200 - minX) }
                .sorted { easting[$0] < easting[$1] }.map(Int32.init)
            #expect(found == expected, "row \(row), columns \(columns)")
            #expect(grid.hasCells(rows: row...row, columns: columns) == !expected.isEmpty)
        }
    }
}
