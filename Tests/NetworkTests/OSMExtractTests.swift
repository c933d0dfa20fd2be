import Foundation
import GeometryCore
import Inputs
import Network
import TestSupport
import Testing

/// Real OpenStreetMap extracts: an overpass GeoJSON export (Bondy), OSM XML and PBF.
@Suite struct OSMExtractTests {
    static let profiles: [String: TravelProfile] = (try? TravelProfile.load(path: Fixtures.data("network.toml"))) ?? [:]

    @Test func bundledProfilesAreComplete() throws {
        let profiles = try TravelProfile.load(path: Fixtures.data("network.toml"))
        #expect(Set(profiles.keys) == ["car", "walk", "bus"])
        #expect(profiles["car"]!.followsOneway && !profiles["walk"]!.followsOneway)
        #expect(profiles["car"]!.speeds["footway"] == nil && profiles["walk"]!.speeds["motorway"] == nil)
    }

    @Test func bondyOverpassExport() throws {
        let extract = try StreetReader.read(path: Fixtures.bondyStreets, epsg: 2154)
        #expect(extract.date == "2023-07-27")
        #expect(extract.attribution == "OpenStreetMap, extrait du 2023-07-27")
        // 1 557 lines, the 14 areas and 800 points left aside.
        #expect(extract.ways.count >= 1557)
        let car = StreetGraph(extract: extract, profile: Self.profiles["car"]!)
        let walk = StreetGraph(extract: extract, profile: Self.profiles["walk"]!)
        #expect(car.usableWays < walk.usableWays)
        #expect(car.nodes.count > 500 && walk.nodes.count > car.nodes.count)
    }

    /// Network times are never shorter than the straight line at the profile's top speed.
    @Test func networkTimesAreNeverFasterThanTheCrowFlies() throws {
        let extract = try StreetReader.read(path: Fixtures.bondyStreets, epsg: 2154)
        for name in ["car", "walk"] {
            let profile = Self.profiles[name]!
            let model = StreetTravel(graph: StreetGraph(extract: extract, profile: profile), attribution: extract.attribution)
            let top = max(profile.speeds.values.max()!, profile.accessSpeedKmh) * 2
            // A lattice of points over the extract (Lambert-93), every 300 m.
            var points: [Point] = []
            let box = extract.extent
            for x in stride(from: box.minX, through: box.maxX, by: 300) {
                for y in stride(from: box.minY, through: box.maxY, by: 300) { points.append(Point(x: x, y: y)) }
            }
            let placed = zip(points, model.accessDistances(points)).filter { $0.1 != nil }.map(\.0)
            #expect(placed.count > points.count / 3)
            let sample = Array(placed.prefix(40))
            let matrix = model.minutes(from: sample, to: placed, threads: 4)
            var finite = 0
            for (i, a) in sample.enumerated() {
                for (j, b) in placed.enumerated() where matrix[i][j].isFinite {
                    finite += 1
                    let floor = a.distance(to: b) / (top * 1000 / 60)
                    #expect(matrix[i][j] >= floor - 1e-9, "\(name) \(a) → \(b)")
                }
            }
            #expect(finite > sample.count * placed.count * 8 / 10)
            // The nearest-site search agrees with the full matrix, on any thread count.
            let sites = Array(placed.suffix(3))
            let nearest = model.minutesToNearest(from: placed, to: sites, threads: 3)
            let full = model.minutes(from: placed, to: sites, threads: 1)
            for i in placed.indices {
                #expect(abs(nearest[i] - (full[i].min() ?? .infinity)) < 1e-9 || (nearest[i] == .infinity && full[i].min() == .infinity))
            }
            #expect(model.minutesToNearest(from: placed, to: sites, threads: 1) == nearest)
            let within = model.catchments(of: sites, origins: placed, withinMinutes: 10, threads: 2)
            for (s, list) in within.enumerated() {
                #expect(list == placed.indices.filter { full[$0][s] <= 10 }.map(Int32.init))
            }
        }
    }

    @Test func osmXMLAndPBFThroughGDAL() throws {
        let xml = try StreetReader.read(path: Fixtures.osm("bondy_nord.osm"), epsg: 2154)
        #expect(xml.ways.count == 177)
        #expect(xml.ways.allSatisfy { $0.tags["highway"] != nil })
        let pbf = try StreetReader.read(path: Fixtures.osm("monaco.osm.pbf"), epsg: 2154)
        #expect(pbf.ways.count >= 2900)
        // Tags beyond the usual ones come from other_tags.
        #expect(pbf.ways.contains { $0.tags["oneway"] == "yes" })
        #expect(pbf.ways.contains { $0.tags["maxspeed"] != nil })
        let car = StreetGraph(extract: pbf, profile: Self.profiles["car"]!)
        #expect(car.edges.contains { !$0.backwardSeconds.isFinite })
    }

    /// An extract larger than the territory is read for the territory and its surroundings:
    /// only the ways that meet the rectangle, the same ways as a read of the whole then kept
    /// by hand; a rectangle no street reaches is an error naming the file.
    @Test func anExtractIsCutToTheTerritory() throws {
        let whole = try StreetReader.read(path: Fixtures.osm("monaco.osm.pbf"), epsg: 2154)
        let half = BoundingBox(
            minX: whole.extent.minX, minY: whole.extent.minY, maxX: (whole.extent.minX + whole.extent.maxX) / 2, maxY: whole.extent.maxY)
        let cut = try StreetReader.read(path: Fixtures.osm("monaco.osm.pbf"), epsg: 2154, within: half)
        #expect(cut.ways.count < whole.ways.count && cut.ways.count > 100)
        // Every way kept meets the rectangle, up to the filter's envelope in longitude and
        // latitude (Lambert-93's meridians lean about 3° at Monaco: a few hundred metres).
        let slack = BoundingBox(minX: half.minX - 1000, minY: half.minY - 1000, maxX: half.maxX + 1000, maxY: half.maxY + 1000)
        #expect(
            cut.ways.allSatisfy { way in
                var envelope = BoundingBox.empty
                for p in way.points { envelope.include(p) }
                return envelope.minX <= slack.maxX && envelope.maxX >= slack.minX && envelope.minY <= slack.maxY && envelope.maxY >= slack.minY
            })
        // The ways wholly east of the rectangle are gone.
        let eastOnly = whole.ways.filter { $0.points.allSatisfy { $0.x > half.maxX + 1000 } }
        #expect(!eastOnly.isEmpty)
        #expect(!cut.ways.contains { way in eastOnly.contains { $0.id == way.id && $0.points == way.points } })
        let faraway = BoundingBox(minX: 200_000, minY: 6_800_000, maxX: 210_000, maxY: 6_810_000)
        #expect {
            _ = try StreetReader.read(path: Fixtures.osm("monaco.osm.pbf"), epsg: 2154, within: faraway)
        } throws: { error in
            "\(error)".contains("monaco.osm.pbf") && "\(error)".contains("aucune rue autour du territoire")
        }
    }

    @Test func badExtractsGetClearErrors() throws {
        let folder = try Fixtures.temporaryFolder()
        let noHighway = folder.appendingPathComponent("batiments.geojson").path
        try
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"building":"yes"},"geometry":{"type":"LineString","coordinates":[[2.48,48.9],[2.49,48.9]]}}]}"#
            .write(toFile: noHighway, atomically: true, encoding: .utf8)
        let error = #expect(throws: InputError.self) { try StreetReader.read(path: noHighway, epsg: 2154) }
        #expect(error?.description.contains("highway") == true)
        let onlyPoints = folder.appendingPathComponent("points.geojson").path
        try
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"highway":"crossing"},"geometry":{"type":"Point","coordinates":[2.48,48.9]}}]}"#
            .write(toFile: onlyPoints, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try StreetReader.read(path: onlyPoints, epsg: 2154) }
        let garbage = try Fixtures.temporaryFile("rues.osm.pbf", contents: "not a pbf")
        #expect(throws: InputError.self) { try StreetReader.read(path: garbage, epsg: 2154) }
        #expect(throws: InputError.self) { try StreetReader.read(path: folder.appendingPathComponent("absent.osm").path, epsg: 2154) }
    }
}
