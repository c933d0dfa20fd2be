import Foundation
import GeometryCore
import Inputs
import Support
import TestSupport
import Testing

/// `--repair` keeps what is valid: a zone of a valid part and a zero-area part keeps the
/// first, drops the second and says so (it used to refuse the whole zone).
@Suite struct RepairTests {
    @Test func aRepairKeepsTheValidPartOfAZone() throws {
        let file = try Fixtures.temporaryFile(
            "partie_nulle.geojson",
            contents: #"""
                {"type": "FeatureCollection", "features": [{"type": "Feature",
                 "properties": {"code_iris": "930100101", "nom_iris": "A", "insee_com": "93010"},
                 "geometry": {"type": "MultiPolygon", "coordinates": [
                   [[[2.48, 48.90], [2.49, 48.90], [2.49, 48.91], [2.48, 48.91], [2.48, 48.90]]],
                   [[[2.50, 48.90], [2.51, 48.90], [2.52, 48.90], [2.50, 48.90]]]]}}]}
                """#)
        #expect(throws: InputError.self) { try ZonesReader.read(path: file, threads: 1) }
        let layer = try ZonesReader.read(path: file, repair: true, threads: 1)
        #expect(layer.repaired == ["930100101"] && layer.zones[0].geometry.polygons.count == 1)
        #expect(layer.zones[0].geometry.area > 0)
        #expect(
            layer.warnings.contains {
                $0.contains("930100101") && $0.contains("écartée(s) par la réparation, le reste gardé")
            }, "\(layer.warnings)")
    }
}
