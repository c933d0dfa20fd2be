import Foundation
import TestSupport
import Testing

@testable import GeometryCore

@Suite struct GridCellIDTests {
    @Test func parsesMetropolitanId() throws {
        let id = try #require(GridCellID("CRS3035RES200mN2891800E3770600"))
        #expect(id == GridCellID(epsg: 3035, resolution: 200, northing: 2_891_800, easting: 3_770_600))
        #expect(id.description == "CRS3035RES200mN2891800E3770600")
    }

    @Test(arguments: ["CRS2975RES200mN7650000E340000", "CRS5490RES200mN1800000E700000"])
    func parsesOverseasGrids(_ text: String) throws {
        let id = try #require(GridCellID(text))
        #expect(GridCellID.knownGridEPSG.contains(id.epsg))
        #expect(id.resolution == 200)
    }

    @Test(arguments: [
        "", "CRS3035RES200mN2891800", "CRS3035RES200mN28918xxE3770600", "3035RES200mN1E2",
        "CRS3035RES0mN1E2", "CRS3035RES200mN1E2 ", "CRS3035RES200mN99999999999E1",
    ])
    func rejectsMalformedIds(_ text: String) {
        #expect(GridCellID(text) == nil)
    }
}

@Suite struct RingTests {
    @Test func signedAreaFollowsOrientation() {
        let ccw = Ring([Point(x: 0, y: 0), Point(x: 2, y: 0), Point(x: 2, y: 1), Point(x: 0, y: 1), Point(x: 0, y: 0)])
        #expect(ccw.points.count == 4)
        #expect(ccw.signedArea == 2)
        #expect(ccw.reversed().signedArea == -2)
    }

    @Test func findsSelfIntersection() {
        let bowtie = Ring([Point(x: 0, y: 0), Point(x: 2, y: 2), Point(x: 2, y: 0), Point(x: 0, y: 2)])
        guard case .selfIntersection(let at) = bowtie.firstDefect() else {
            Issue.record("a bow-tie ring must be reported as crossing itself")
            return
        }
        #expect(at == Point(x: 1, y: 1))
    }

    @Test func acceptsValidRingsAndDropsRepeatedPoints() {
        let ring = Ring([Point(x: 0, y: 0), Point(x: 1, y: 0), Point(x: 1, y: 0), Point(x: 1, y: 1), Point(x: 0, y: 1)])
        let cleaned = ring.withoutRepeatedPoints()
        #expect(cleaned.points.count == 4)
        #expect(cleaned.firstDefect() == nil)
    }

    /// In place, the same ring as `withoutRepeatedPoints`: on random rings of few distinct
    /// points (runs, closing points, rings that collapse), closed or not.
    @Test func repeatedPointsRemovedInPlaceAsByACopy() {
        var generator = SplitMix64(state: 46)
        let corners = [Point(x: 0, y: 0), Point(x: 1, y: 0), Point(x: 1, y: 1), Point(x: 0, y: 1)]
        for _ in 0..<5_000 {
            var points = (0..<Int.random(in: 0...9, using: &generator)).map { _ in corners.randomElement(using: &generator)! }
            if let first = points.first, Bool.random(using: &generator) { points.append(first) }
            var ring = Ring(points)
            ring.removeRepeatedPoints()
            #expect(ring.points == Ring(points).withoutRepeatedPoints().points, "\(points)")
        }
    }

    /// The monotone chains' pre-check clears exactly the rings in which the sweep over all
    /// edges finds no crossing: random rings on a 4 × 4 lattice (collinear overlaps, spikes,
    /// vertices touching edges, repeated points) and random walks of 50 to 400 points (long
    /// chains, many crossings), each also mirrored (chains that go left and down).
    @Test func monotoneChainsClearOnlyRingsWithoutCrossings() {
        var generator = SplitMix64(state: 47)
        var crossing = 0, clear = 0
        for trial in 0..<12_000 {
            var points: [Point]
            if trial % 8 == 1 {
                // Star-shaped, simple: vertices by angle at random distances (long chains).
                let count = Int.random(in: 20...300, using: &generator)
                points = (0..<count).map { k in
                    let angle = 2 * Double.pi * Double(k) / Double(count), radius = Double.random(in: 50...100, using: &generator)
                    return Point(x: (radius * cos(angle)).rounded(), y: (radius * sin(angle)).rounded())
                }
                points = Ring(points).withoutRepeatedPoints().points
                // Half of them with one vertex sent across the ring.
                if Bool.random(using: &generator), points.count > 10 { points[points.count / 3] = Point(x: -points[points.count / 3].x, y: 0) }
            } else if trial % 4 == 3 {
                var x = 0.0, y = 0.0
                points = (0..<Int.random(in: 50...400, using: &generator)).map { _ in
                    x += Double(Int.random(in: -3...4, using: &generator))
                    y += Double(Int.random(in: -2...3, using: &generator))
                    return Point(x: x, y: y)
                }
            } else {
                points = (0..<Int.random(in: 3...10, using: &generator)).map { _ in
                    Point(x: Double(Int.random(in: 0...3, using: &generator)), y: Double(Int.random(in: 0...3, using: &generator)))
                }
            }
            for ring in [Ring(points), Ring(points.map { Point(x: -$0.x, y: -$0.y) })] where ring.points.count >= 3 {
                let crosses = ring.firstCrossing() != nil
                if crosses { #expect(ring.mayCross(), "\(ring.points)") }
                let hasRepeat = ring.points.indices.contains { ring.points[$0] == ring.points[($0 + 1) % ring.points.count] }
                if !hasRepeat { #expect(ring.mayCross() == crosses, "\(ring.points)") }
                if crosses { crossing += 1 } else { clear += 1 }
            }
        }
        #expect(crossing > 1_000 && clear > 1_000)
    }

    @Test func rejectsDegenerateRings() {
        #expect(Ring([Point(x: 0, y: 0), Point(x: 1, y: 1)]).firstDefect() == .tooFewPoints(count: 2))
        #expect(Ring([Point(x: 0, y: 0), Point(x: 1, y: 1), Point(x: 2, y: 2)]).firstDefect() != nil)
        #expect(Ring([Point(x: 0, y: 0), Point(x: 2, y: 0), Point(x: 2, y: 0), Point(x: 0, y: 0)]).firstDefect() != nil)
    }
}

@Suite struct BoundingBoxTests {
    /// The box around many shapes, measured in blocks on several threads, is the box a single
    /// pass gives (and empty for no shapes), whatever the threads and around the block size.
    @Test func theBoxOfManyShapesIsTheSameOnAnyThreads() {
        var random = SplitMix64(state: 7)
        func square(_ x: Double, _ y: Double, _ side: Double) -> MultiPolygon {
            MultiPolygon([Polygon(exterior: Ring([Point(x: x, y: y), Point(x: x + side, y: y), Point(x: x + side, y: y + side), Point(x: x, y: y + side)]))])
        }
        for count in [0, 1, 1023, 1024, 1025, 3000] {
            let shapes = (0..<count).map { _ in
                square(Double(random.next() % 1_000_000) - 500_000, Double(random.next() % 1_000_000), Double(random.next() % 5000) + 1)
            }
            var expected = BoundingBox.empty
            for shape in shapes { expected.include(shape.boundingBox) }
            for threads in [1, 2, 5] {
                let box = BoundingBox(enclosing: shapes, threads: threads)
                #expect(box == expected || (box.isEmpty && expected.isEmpty), "\(count) shapes, \(threads) threads")
            }
        }
    }
}
