import Foundation
import GeoBindings
import GeoOracles
import GeometryCore
import Inputs
import TestSupport
import Testing

@testable import Overlay

@Suite struct OracleTests {
    /// Star-shaped random polygons (with a hole) against GEOS intersection areas, cell by cell.
    @Test(arguments: 0..<12)
    func fractionsMatchGEOSIntersectionAreas(seed: Int) throws {
        var rng = SplitMix64(state: UInt64(seed) &* 7919 &+ 17)
        let side: Int32 = 200
        let n: Int32 = 12
        var easting: [Int32] = [], northing: [Int32] = []
        for row in 0..<n {
            for column in 0..<n {
                easting.append(3_700_000 + column * side)
                northing.append(2_800_000 + row * side)
            }
        }
        let grid = GridIndex(easting: easting, northing: northing, side: side)
        let cx = 3_700_000 + Double(n) * 100, cy = 2_800_000 + Double(n) * 100
        let vertices = Int.random(in: 5...60, using: &rng)
        var points: [Point] = []
        for k in 0..<vertices {
            let angle = Double(k) / Double(vertices) * 2 * .pi
            let radius = Double.random(in: 300...1150, using: &rng)
            points.append(Point(x: cx + radius * cos(angle), y: cy + radius * sin(angle)))
        }
        let hole = Ring(
            (0..<7).map { k in
                let angle = -Double(k) / 7 * 2 * .pi
                return Point(x: cx + 120 * cos(angle) + 37, y: cy + 120 * sin(angle) - 11)
            })
        let zone = MultiPolygon([Polygon(exterior: Ring(points), holes: [hole])])
        let table = try CoverageComputation.compute(zones: [zone], zoneIDs: ["z"], grid: grid, threads: 1)
        var ours = [Double](repeating: 0, count: easting.count)
        for k in table.entries(ofZone: 0) { ours[Int(table.cells[k])] = table.fractions[k] }
        for cell in easting.indices {
            let x = Double(easting[cell]), y = Double(northing[cell])
            let square = MultiPolygon([
                Polygon(
                    exterior: Ring([
                        Point(x: x, y: y), Point(x: x + 200, y: y), Point(x: x + 200, y: y + 200), Point(x: x, y: y + 200),
                    ]))
            ])
            let oracle = try GEOSOracle.intersectionArea(zone, square) / 40_000
            #expect(abs(ours[cell] - oracle) < 1e-9, "cell \(cell): \(ours[cell]) vs GEOS \(oracle)")
        }
    }
}

@Suite struct BondyAggregationTests {
    func aggregate(whereClause: String?, method: OverlayMethod = .exact, threads: Int = 2) throws -> Aggregation {
        let cells = try FilosofiReader.read(path: Fixtures.bondyCells, threads: 2)
        let zones = try ZonesReader.read(path: Fixtures.iris93, whereClause: whereClause, threads: 2)
        let geometries = try zones.geometries(in: SpatialReference(epsg: 3035), threads: 2)
        let grid = GridIndex(easting: cells.easting, northing: cells.northing, side: cells.resolution)
        let ids = zones.zones.map(\.id)
        let coverage = try CoverageComputation.compute(zones: geometries, zoneIDs: ids, grid: grid, method: method, threads: threads)
        return try Aggregator.aggregate(
            cells: cells, coverage: coverage, zoneIDs: ids, variables: ["ind", "men_pauv"], method: method, conserve: false, threads: 2)
    }

    @Test func bondysIRISReceiveAbout54659Individuals() throws {
        let result = try aggregate(whereClause: "INSEE_COM = '93010'")
        #expect(result.zones.count == 22)
        let ind = result.accounts[0]
        #expect(abs(ind.allocated - 54_659) < 1)
        #expect(abs(ind.total - ind.allocated - ind.lostOutside) < 1e-6)
    }

    @Test func theIRISOfTheDepartementTileTheCells() throws {
        let result = try aggregate(whereClause: nil)
        #expect(abs(result.accounts[0].allocated - 65_548) < 1e-6)
        #expect(result.accounts[0].lostOutside < 1e-6)
        #expect(result.accounts[0].countedTwice < 1e-6)
        #expect(abs(result.accounts[1].allocated - 6_351.8) < 1e-6)
    }

    @Test func resultsDoNotDependOnTheThreadCount() throws {
        let one = try aggregate(whereClause: nil, threads: 1)
        let two = try aggregate(whereClause: nil, threads: 2)
        #expect(one.zones.map(\.values) == two.zones.map(\.values))
    }

    /// Shapes taken out of the layer and moved into the grid are the shapes a copy gives; the
    /// layer keeps its zones, without shapes.
    @Test func zonesTakenIntoTheGridAreTheZonesCopiedThere() throws {
        var zones = try ZonesReader.read(path: Fixtures.iris93, threads: 2)
        let copied = try ZonesInGrid(zones: zones, epsg: 3035, threads: 2)
        let taken = try ZonesInGrid(taking: &zones, epsg: 3035, threads: 2)
        #expect(taken.shapes == copied.shapes && !taken.shapes.isEmpty)
        #expect(zones.zones.count == copied.shapes.count && zones.zones.allSatisfy { $0.geometry.polygons.isEmpty })
    }

    /// The sums cut by parts of the zones (each part on its own thread, reading only its
    /// cells) are the sums of one pass, bit for bit; each part holds the cells its zones touch.
    @Test func zoneSumsByPartsAreTheSumsOfOnePass() throws {
        let cells = try FilosofiReader.read(path: Fixtures.bondyCells, threads: 2)
        let zones = try ZonesReader.read(path: Fixtures.iris93, threads: 2)
        let overlay = try ZoneOverlay.compute(cells: cells, zones: zones, variables: ["ind", "men"], method: .exact, conserve: false, threads: 2)
        let columns = try ["ind", "men", "men_pauv"].map { try #require(cells.column($0)) }
        let scale = [Double](repeating: 1, count: cells.count)
        let whole = try Aggregator.zoneSums(columns, coverage: overlay.coverage, scale: scale, threads: 1)
        let parts = try Aggregator.zoneSums(columns, coverage: overlay.coverage, scale: scale, threads: 3, zonesPerPart: 1)
        #expect(whole.sums.map(\.bitPattern) == parts.sums.map(\.bitPattern))
        let cut = Aggregator.zoneParts(overlay.coverage, count: 3)
        #expect(cut.map(\.zones.count).reduce(0, +) == overlay.coverage.zoneCount && cut.count == 3)
        for part in cut {
            for z in part.zones { for k in overlay.coverage.entries(ofZone: z) { #expect(part.cells.contains(Int(overlay.coverage.cells[k]))) } }
        }
    }

    /// Zones reprojected ahead (while the cells are read) give the overlay's own answer, bit
    /// for bit; reprojected into another grid than the cells', they are not used.
    @Test func zonesReprojectedAheadGiveTheSameOverlay() throws {
        let cells = try FilosofiReader.read(path: Fixtures.bondyCells, threads: 2)
        let zones = try ZonesReader.read(path: Fixtures.iris93, whereClause: "INSEE_COM = '93010'", threads: 2)
        #expect(FilosofiReader.announcedGridEPSG(path: Fixtures.bondyCells) == 3035)
        let plain = try ZoneOverlay.compute(cells: cells, zones: zones, variables: ["ind", "men"], method: .exact, conserve: false, threads: 2)
        let ahead = try ZonesInGrid(zones: zones, epsg: 3035, threads: 2)
        func overlay(_ inGrid: ZonesInGrid) throws -> ZoneOverlay {
            try ZoneOverlay.compute(cells: cells, zones: zones, inGrid: inGrid, variables: ["ind", "men"], method: .exact, conserve: false, threads: 2)
        }
        let same = try overlay(ahead)
        #expect(same.aggregation.zones.map(\.values) == plain.aggregation.zones.map(\.values))
        #expect(same.areas == plain.areas)
        // Shapes moved 1 km east: used when announced on the cells' grid, ignored on another
        // grid or when they are not one per zone.
        let moved = ahead.shapes.map { $0.mapPoints { Point(x: $0.x + 1000, y: $0.y) } }
        #expect(try overlay(ZonesInGrid(epsg: 3035, shapes: moved)).aggregation.zones.map(\.values) != plain.aggregation.zones.map(\.values))
        #expect(try overlay(ZonesInGrid(epsg: 2975, shapes: moved)).aggregation.zones.map(\.values) == plain.aggregation.zones.map(\.values))
        #expect(try overlay(ZonesInGrid(epsg: 3035, shapes: Array(moved.dropLast()))).aggregation.zones.map(\.values) == plain.aggregation.zones.map(\.values))
    }

    @Test func centroidJoinDiffersFromTheExactAnswer() throws {
        let exact = try aggregate(whereClause: "INSEE_COM = '93010'")
        let centroid = try aggregate(whereClause: "INSEE_COM = '93010'", method: .centroid)
        let worst = zip(exact.zones, centroid.zones).map { abs($0.values[0] - $1.values[0]) / max($0.values[0], 1) }.max() ?? 0
        #expect(worst > 0.01)
    }
}
