import GeometryCore
import Inputs
import TestSupport
import Testing

@testable import Network

/// The times from one place to all and from all to one place, each one search, are those of
/// the full table (the oracle): the plan asks for them instead of a table of all pairs.
@Suite struct OneToAllTests {
    @Test func oneSearchGivesTheTablesRowAndColumnOnBondysStreets() throws {
        let extract = try StreetReader.read(path: Fixtures.bondyStreets, epsg: 2154)
        let car = StreetTravel(graph: StreetGraph(extract: extract, profile: OSMExtractTests.profiles["car"]!), attribution: "t")
        // A grid of places over Bondy, one beyond the snapping limit, two on one edge.
        var places = (0..<36).map { k in Point(x: 657_300 + Double(k % 6) * 520, y: 6_864_900 + Double(k / 6) * 480) }
        places.append(Point(x: 700_000, y: 6_900_000))
        let table = car.minutes(from: places, to: places, threads: 2)
        for (i, place) in places.enumerated() {
            let row = car.minutes(from: place, toEach: places), column = car.minutes(fromEach: places, to: place)
            for j in places.indices {
                #expect(row[j] == table[i][j], "row \(i) → \(j)")
                let same = column[j] == table[j][i] || abs(column[j] - table[j][i]) <= 1e-9 * max(1, table[j][i])
                #expect(same, "column \(j) → \(i): \(column[j]) vs \(table[j][i])")
            }
        }
    }

    @Test func theStraightLineIsTheSameEitherWay() {
        let line = StraightLineTravel(detourFactor: 1.3, speedKmh: 30, modeLabel: "en voiture")
        let places = [Point(x: 0, y: 0), Point(x: 3_000, y: 4_000), Point(x: -100, y: 50)]
        let table = line.minutes(from: places, to: places, threads: 1)
        #expect(line.minutes(from: places[1], toEach: places) == table[1])
        #expect(line.minutes(fromEach: places, to: places[2]) == table.map { $0[2] })
    }
}

/// The street a place stands on, for a stop whose list gives no address.
@Suite struct NamedStreetTests {
    @Test func theNearestNamedStreetWithinTheLimit() {
        let ways = [
            StreetWay(points: [Point(x: 0, y: 0), Point(x: 1_000, y: 0)], tags: ["highway": "residential", "name": "Rue A"], id: "1"),
            StreetWay(points: [Point(x: 0, y: 100), Point(x: 1_000, y: 100)], tags: ["highway": "residential", "name": "Avenue B"], id: "2"),
            StreetWay(points: [Point(x: 0, y: 40), Point(x: 1_000, y: 40)], tags: ["highway": "service"], id: "3"),
        ]
        let extract = StreetExtract(ways: ways, path: "t", date: nil, epsg: 2154, extent: BoundingBox.empty)
        let streets = NamedStreets(extract: extract)
        #expect(streets.nearest(to: Point(x: 500, y: 30)) == "Rue A")
        #expect(streets.nearest(to: Point(x: 500, y: 70)) == "Avenue B")
        #expect(streets.nearest(to: Point(x: 500, y: 50)) == "Rue A")
        #expect(streets.nearest(to: Point(x: 500, y: 900)) == nil)
        #expect(streets.nearest(to: Point(x: 1_150, y: 100), within: 200) == "Avenue B")
    }

    @Test func everyBondyPlaceFindsAStreet() throws {
        let extract = try StreetReader.read(path: Fixtures.bondyStreets, epsg: 3035)
        let streets = NamedStreets(extract: extract)
        // The market square of Suzanne Buisson, in the grid's CRS (EPSG:3035).
        #expect(
            streets.nearest(
                to: Point(
                    x: extract.extent.minX + (extract.extent.maxX - extract.extent.minX) / 2,
                    y: extract.extent.minY + (extract.extent.maxY - extract.extent.minY) / 2)) != nil)
    }
}
