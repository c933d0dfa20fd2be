import Foundation
import GeometryCore
import Network
import Testing

@testable import Outreach

/// Times between candidates are searched only for the stops placed: one search from or to a
/// placed stop serves all candidates, and no table of all pairs is made.
@Suite struct PairTimesTests {
    /// The straight line, counting the searches asked of it.
    final class CountingTravel: TravelModel, @unchecked Sendable {
        let line = StraightLineTravel(detourFactor: 1.3, speedKmh: 30, modeLabel: "en voiture")
        var searches = 0, tables = 0
        var method: String { line.method }
        var modeLabel: String { line.modeLabel }
        func accessDistances(_ points: [Point]) -> [Double?] { line.accessDistances(points) }
        func minutesToNearest(from origins: [Point], to destinations: [Point], threads: Int) -> [Double] {
            line.minutesToNearest(from: origins, to: destinations, threads: threads)
        }
        func catchments(of destinations: [Point], origins: [Point], withinMinutes limit: Double, threads: Int) -> [[Int32]] {
            line.catchments(of: destinations, origins: origins, withinMinutes: limit, threads: threads)
        }
        func minutes(from origins: [Point], to destinations: [Point], threads: Int) -> [[Double]] {
            tables += 1
            return line.minutes(from: origins, to: destinations, threads: threads)
        }
        func minutes(from origin: Point, toEach destinations: [Point]) -> [Double] {
            searches += 1
            return line.minutes(from: origin, toEach: destinations)
        }
        func minutes(fromEach origins: [Point], to destination: Point) -> [Double] {
            searches += 1
            return line.minutes(fromEach: origins, to: destination)
        }
        func leg(from a: Point, to b: Point) -> TravelLeg { line.leg(from: a, to: b) }
        func reachMetres(minutes: Double) -> Double { line.reachMetres(minutes: minutes) }
    }

    @Test func aPlacedStopCostsOneSearchEachWay() {
        let places = (0..<2_000).map { Point(x: Double($0 % 50) * 100, y: Double($0 / 50) * 100) }
        let travel = CountingTravel()
        let times = PairTimes(travel: travel, places: places)
        for j in places.indices {
            #expect(times.minutes(from: 5, to: j, placed: 5) == travel.line.minutes(metres: places[5].distance(to: places[j])))
            #expect(times.minutes(from: j, to: 7, placed: 7) == travel.line.minutes(metres: places[j].distance(to: places[7])))
        }
        #expect(travel.searches == 2 && travel.tables == 0, "\(travel.searches) searches, \(travel.tables) tables")
    }
}
