import Foundation
import GeometryCore
import TestSupport
import Testing

@testable import GeoBindings

/// The lattice (PROJ at tile nodes, cubic interpolation between) against exact PROJ.
@Suite struct LatticeTransformTests {
    let lambert93 = "EPSG:2154", laea = "EPSG:3035"

    func transformer() throws -> CoordinateTransformer {
        try CoordinateTransformer(sourceDefinition: lambert93, sourceName: "Lambert-93", targetDefinition: laea, targetName: "LAEA")
    }

    /// Every kilometre of metropolitan France and its seas (1.3 million points, off the tiles'
    /// nodes): the interpolation errs by less than 0.1 µm anywhere.
    @Test func withinATenthOfAMicrometreOverAllOfFrance() throws {
        var points: [Point] = []
        for y in stride(from: 6_030_000.0, through: 7_130_000, by: 1000) {
            for x in stride(from: 100_000.0, through: 1_250_000, by: 1000) { points.append(Point(x: x + 123.456, y: y + 789.012)) }
        }
        var exact = points, approximate = points
        try transformer().transform(&exact)
        try LatticeTransform.transform(&approximate, with: transformer())
        var worst = 0.0
        for i in points.indices { worst = max(worst, abs(exact[i].x - approximate[i].x), abs(exact[i].y - approximate[i].y)) }
        #expect(worst < 1e-7, "largest error \(worst) m")
        #expect(worst > 0, "the lattice was not used")
    }

    /// The tile remembered from the last point is always the tile a division gives: walks
    /// of points a few metres, a millimetre or a hair apart across tile sides, at ordinary,
    /// negative and enormous coordinates, and points that are not finite.
    @Test func theRememberedTileIsTheDividedOne() {
        var generator = SplitMix64(state: 2154)
        var cache = LatticeTransform.TileCache()
        var checked = 0
        for start in [650_000.0, -12_345.0, 4.999_999e12, -4.999_999e12, 5_000.0] {
            var point = Point(x: start, y: start / 3)
            for step in 0..<20_000 {
                let size = [3.0, 1e-3, 1e-9, 4_000.0][step % 4]
                point.x += Double.random(in: -size...size, using: &generator)
                point.y += Double.random(in: -size...size, using: &generator)
                // Now and then exactly on a side, or just off it.
                if step % 97 == 0 { point.x = (point.x / 5000).rounded() * 5000 }
                if step % 89 == 0 { point.y = ((point.y / 5000).rounded() * 5000).nextDown }
                let expected = LatticeTransform.tile(of: point)
                #expect(cache.tile(of: point)?.key == expected, "\(point)")
                checked += 1
            }
        }
        #expect(cache.tile(of: Point(x: .nan, y: 0)) == nil)
        #expect(cache.tile(of: Point(x: 0, y: .infinity)) == nil)
        #expect(checked == 100_000)
    }

    /// A tile that fails its check is transformed exactly: with no tolerance, every point is
    /// PROJ's own, bit for bit.
    @Test func aTileThatFailsItsCheckIsExact() throws {
        var points = (0..<2000).map { k in Point(x: 650_000 + Double(k) * 37.3, y: 6_860_000 + Double(k % 97) * 51.7) }
        var exact = points
        try transformer().transform(&exact)
        try LatticeTransform.transform(&points, with: transformer(), tolerance: 0)
        #expect(points == exact)
    }

    /// A point's result depends on its tile only, not on the other points of the batch.
    @Test func aPointDoesNotDependOnItsBatch() throws {
        let point = Point(x: 652_345.678, y: 6_862_109.876)
        var alone = [point]
        var among = (0..<500).map { Point(x: 600_000 + Double($0) * 211, y: 6_800_000 + Double($0) * 173) } + [point]
        try LatticeTransform.transform(&alone, with: transformer())
        try LatticeTransform.transform(&among, with: transformer())
        #expect(alone[0] == among.last)
    }

    /// A point PROJ cannot transform is the same error as without the lattice.
    @Test func aPointProjCannotTransformIsAnError() throws {
        var points = [Point(x: 652_345, y: 6_862_109), Point(x: .infinity, y: 6_862_109)]
        #expect(throws: GeoError.self) { try LatticeTransform.transform(&points, with: transformer()) }
    }

    /// A layer of many vertices reprojected through the lattice: the same bits whatever the
    /// threads, within 0.1 µm of exact PROJ everywhere, and a vertex PROJ cannot transform
    /// names its batch of shapes.
    @Test func aLayerOnTheLatticeIsExactEnoughAndTheSameOnAnyThreads() throws {
        // 3 000 wiggly squares of 40 vertices (120 000 vertices, two batches) across France.
        let shapes = (0..<3000).map { k -> MultiPolygon in
            let cx = 150_000 + Double(k % 60) * 17_900.5, cy = 6_100_000 + Double(k / 60) * 19_700.25
            let ring = (0..<40).map { v -> Point in
                let angle = Double(v) / 40 * 2 * .pi, radius = 4_000 + 350 * sin(Double(v * 7 + k))
                return Point(x: cx + radius * cos(angle), y: cy + radius * sin(angle))
            }
            return MultiPolygon([Polygon(exterior: Ring(ring))])
        }
        let source = try SpatialReference(epsg: 2154), target = try SpatialReference(epsg: 3035)
        let one = try Reprojection.shapes(shapes, from: source, to: target, threads: 1)
        let three = try Reprojection.shapes(shapes, from: source, to: target, threads: 3)
        #expect(one == three)
        let exact = try transformer().transform(shapes)
        var worst = 0.0
        for (a, b) in zip(one, exact) {
            for (p, q) in zip(a.polygons[0].exterior.points, b.polygons[0].exterior.points) { worst = max(worst, abs(p.x - q.x), abs(p.y - q.y)) }
        }
        #expect(worst < 1e-7, "largest error \(worst) m")
        #expect(one != exact, "the lattice was not used")
        // A layer too wide for one lattice (the same zones, and their copies 6 000 km east):
        // each batch its own, the near zones of the first batch the same to the bit.
        let far = shapes.map { shape in shape.mapPoints { Point(x: $0.x + 6_000_000, y: $0.y) } }
        let wide = try Reprojection.shapes(shapes + far, from: source, to: target, threads: 2)
        #expect(Array(wide.prefix(2048)) == Array(one.prefix(2048)))
        let wideExact = try transformer().transform(shapes + far)
        var wideWorst = 0.0
        for (a, b) in zip(wide, wideExact) {
            for (p, q) in zip(a.polygons[0].exterior.points, b.polygons[0].exterior.points) { wideWorst = max(wideWorst, abs(p.x - q.x), abs(p.y - q.y)) }
        }
        #expect(wideWorst < 1e-7, "largest error \(wideWorst) m")
        // Moved in place: the same bits; shapes that another value still holds are copied
        // first, that value left as it was.
        var moved = shapes
        try Reprojection.move(&moved, from: source, to: target, threads: 2)
        #expect(moved == one)
        #expect(shapes != one && shapes[0].polygons[0].exterior.points[0].x < 1_300_000)
        var alone = shapes.map { MultiPolygon($0.polygons.map { Polygon(exterior: Ring($0.exterior.points.map { $0 }), holes: []) }) }
        try Reprojection.move(&alone, from: source, to: target, threads: 3)
        #expect(alone == one)
        var broken = shapes
        broken[2500].polygons[0].exterior.points[3].x = .infinity
        #expect {
            _ = try Reprojection.shapes(broken, from: source, to: target, threads: 2)
        } throws: { error in
            (error as? ReprojectionFailure)?.shapes == 2048..<3000
        }
        #expect {
            try Reprojection.move(&broken, from: source, to: target, threads: 2)
        } throws: { error in
            (error as? ReprojectionFailure)?.shapes == 2048..<3000
        }
    }
}
