import Foundation
import GeometryCore
import Inputs
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

/// One place, one stop: places closer than the merge distance form one stop, named after the
/// place people know best there.
@Suite struct PlaceMergingTests {
    func place(_ name: String, _ kind: StopKind, x: Double, y: Double = 0) -> StopCandidate {
        StopCandidate(name: name, kind: kind, lonLat: Point(x: 2.48, y: 48.9), location: Point(x: x, y: y), source: "test")
    }

    @Test func twoPlaces150MetresApartAreOneStopNamedAfterTheBetterKnown() {
        let places = [
            place("École A", .school, x: 0), place("Lidl", .supermarket, x: 150), place("Maison de quartier", .communityCentre, x: 1_000),
            place("Marché", .market, x: 1_120, y: 90), place("École B", .school, x: 5_000),
        ]
        let merged = PlaceMerging.merge(places, within: 200)
        #expect(merged.map(\.name) == ["Lidl", "Marché", "École B"])
        #expect(merged[0].nearby == ["École A (sortie d'école)"])
        #expect(merged[1].nearby == ["Maison de quartier (maison de quartier / Maison pour Tous)"])
        #expect(merged[2].nearby.isEmpty)
        // 0 merges nothing; 100 m keeps the school and the shop apart.
        #expect(PlaceMerging.merge(places, within: 0).count == 5)
        #expect(PlaceMerging.merge(places, within: 100).count == 5)
    }

    @Test func receptionPointsAndPlacesInTheirBuildingKeepTheirRows() {
        let places = [
            place("CCAS", .ccas, x: 0), place("Point jeunes", .youth, x: 20), place("Marché", .market, x: 100), place("Lidl", .supermarket, x: 120),
        ]
        let merged = PlaceMerging.merge(places, within: 200)
        #expect(merged.map(\.name) == ["CCAS", "Point jeunes", "Marché"])
        #expect(merged[2].nearby == ["Lidl (supermarché)"])
    }

    @Test func anAbsurdMergeDistanceIsRefusedAtItsLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allervers-merge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for value in ["-5", "5000"] {
            let path = folder.appendingPathComponent("plan.toml").path
            try "[reach]\nmerge_distance_m = \(value)\n".write(toFile: path, atomically: true, encoding: .utf8)
            #expect {
                _ = try PlanSettings.load(path: path)
            } throws: { error in
                "\(error)".contains("plan.toml:2") && "\(error)".contains("merge_distance_m")
            }
        }
    }
}
