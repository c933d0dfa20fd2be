import Foundation
import GeometryCore
import Inputs
import Support
import TestSupport
import Testing

/// A zone on several features, or a feature without geometry, is refused by name (a zone
/// counted twice counts its cells twice); with --repair the parts are merged into their union
/// and the empty features left aside, each named in a warning.
@Suite struct ZoneFeatureTests {
    /// Zones in Lambert-93: `A` a 400 m square, `B` a 400 m square given twice (or as two
    /// halves overlapping by 100 m), `C` without geometry when asked.
    func layer(bTwice: String, emptyC: Bool = false) throws -> String {
        func feature(_ id: String, _ geometry: String) -> String {
            #"{"type":"Feature","properties":{"code_iris":"\#(id)"},"geometry":\#(geometry)}"#
        }
        func square(_ x0: Int, _ x1: Int) -> String {
            "{\"type\":\"Polygon\",\"coordinates\":[[[\(x0),6870000],[\(x1),6870000],[\(x1),6870400],[\(x0),6870400],[\(x0),6870000]]]}"
        }
        var features = [feature("930100101", square(660_000, 660_400))]
        features +=
            bTwice == "same"
            ? [feature("930100102", square(661_000, 661_400)), feature("930100102", square(661_000, 661_400))]
            : [feature("930100102", square(661_000, 661_250)), feature("930100102", square(661_150, 661_400))]
        if emptyC { features.append(feature("930100103", "null")) }
        return try Fixtures.temporaryFile(
            "zones.geojson",
            contents: #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},"features":["#
                + features.joined(separator: ",\n") + "]}")
    }

    @Test func aZoneOnTwoFeaturesIsRefusedByName() throws {
        let path = try layer(bTwice: "same")
        #expect {
            _ = try ZonesReader.read(path: path, threads: 1)
        } throws: { error in
            "\(error)".contains("930100102 figure dans 2 objets") && "\(error)".contains("--repair")
        }
    }

    @Test(arguments: ["same", "overlapping"])
    func repairedTheZonesPartsCoverTheirGroundOnce(bTwice: String) throws {
        let zones = try ZonesReader.read(path: layer(bTwice: bTwice), repair: true, threads: 1)
        let b = try #require(zones.zones.first { $0.id == "930100102" })
        #expect(abs(abs(b.geometry.area) - 160_000) < 1e-6, "area \(b.geometry.area)")
        #expect(zones.warnings.contains { $0.contains("zone 930100102 : 2 objets fusionnés") })
        #expect(zones.merged == ["930100102"])
    }

    @Test func aZoneWithoutGeometryIsRefusedOrLeftAsideByName() throws {
        let path = try layer(bTwice: "same", emptyC: true)
        #expect {
            _ = try ZonesReader.read(path: path, threads: 1)
        } throws: { error in
            "\(error)".contains("sans géométrie : 930100103")
        }
        let repaired = try ZonesReader.read(path: path, repair: true, threads: 1)
        #expect(repaired.zones.map(\.id) == ["930100101", "930100102"])
        #expect(repaired.warnings.contains { $0.contains("930100103") && $0.contains("écartée") })
        // `inspect` describes such a layer rather than refusing it.
        #expect(try ZonesReader.read(path: path, oneZonePerFeature: false, threads: 1).skippedEmpty.count == 1)
    }
}
