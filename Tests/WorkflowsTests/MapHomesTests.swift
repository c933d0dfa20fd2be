import Cartography
import GeoBindings
import GeometryCore
import Inputs
import ScoredFiles
import Testing
import Workflows

/// Where people live inside a commune that is one zone, computed by hand on five cells.
@Suite struct MapHomesTests {
    static func square(_ x: Double, _ y: Double, _ side: Double) -> MultiPolygon {
        MultiPolygon([
            Polygon(exterior: Ring([Point(x: x, y: y), Point(x: x + side, y: y), Point(x: x + side, y: y + side), Point(x: x, y: y + side)]))
        ])
    }

    /// Cells 0–3 in a published commune zone (cell 3 empty), cell 4 in a secret one, cell 5 in
    /// an IRIS: only the published commune's inhabited cells are drawn, and its circle stands
    /// on its cell of most poor households (cell 2, centre (100, 300)).
    @Test func onlyThePublishedCommunesShowTheirCells() throws {
        let easting: [Int32] = [0, 200, 0, 200, 1000, 2000], northing: [Int32] = [0, 0, 200, 200, 1000, 2000]
        let households = [5.0, 20, 60, 0, 30, 40], poor = [1.0, 2, 9, 0, 4, 8]
        let cells = CellTable(
            source: "test", vintage: .v2019, gridEPSG: 3035, resolution: 200, easting: easting, northing: northing,
            imputed: [true, false, false, false, false, false], variableNames: ["men", "men_pauv"], columns: [CellColumn(households), CellColumn(poor)],
            communes: CommuneLists(), sourceLines: Array(repeating: 0, count: 6), ignoredColumns: [], columnMapping: []
        )
        func zone(_ code: String, _ reliability: String, _ geometry: MultiPolygon) -> ScoredZone {
            ScoredZone(code: code, name: code, commune: String(code.prefix(5)), attributes: ["fiabilite": .text(reliability)], geometry: geometry)
        }
        let zones = [
            zone("111110000", "bonne", Self.square(0, 0, 400)), zone("222220000", "secret", Self.square(800, 800, 600)),
            zone("333330101", "bonne", Self.square(1800, 1800, 600)),
        ]
        let homes = try MapComposition.homes(cells, zones: zones, target: SpatialReference(epsg: 3035))
        #expect(homes.cells.map(\.value) == [5, 20, 60])
        #expect(homes.cells.map(\.imputed) == [true, false, false])
        #expect(homes.anchors.count == 1)
        let anchor = try #require(homes.anchors[0])
        #expect(abs(anchor.x - 100) < 1e-6 && abs(anchor.y - 300) < 1e-6)
        #expect([5.0, 20, 60].map(MapHomes.classOf(households:)) == [0, 1, 2])
        #expect(MapHomes.classOf(households: 10.9) == 0 && MapHomes.classOf(households: 11) == 1 && MapHomes.classOf(households: 50) == 2)
    }
}
