import Cartography
import Foundation
import Inputs
import TestSupport
import Testing

/// A scored file edited by hand is refused with the file, the zone and the field: never drawn,
/// summed or planned as if true.
@Suite struct ScoredFileCheckTests {
    /// Two zones near Bondy, as `score` writes them, with one value of the second replaced.
    func scoredFile(second: String = #""code_iris": "930100102", "risk_score": 68.5, "risk_class": 4, "men": 545.97"#) throws -> String {
        func zone(_ properties: String, x: Double) -> String {
            """
            {"type": "Feature", "properties": {\(properties), "reliability": "bonne", "nonrecours_share": 0.23},
             "geometry": {"type": "Polygon", "coordinates": [[[\(x), 48.90], [\(x + 0.01), 48.90], [\(x + 0.01), 48.91], [\(x), 48.91], [\(x), 48.90]]]}}
            """
        }
        let first = zone(#""code_iris": "930100101", "risk_score": 67.3, "risk_class": 4, "men": 479.59"#, x: 2.48)
        return try Fixtures.temporaryFile(
            "zones.geojson", contents: #"{"type": "FeatureCollection", "features": ["# + first + ",\n" + zone(second, x: 2.50) + "]}")
    }

    func refusal(_ second: String) throws -> InputError? {
        do {
            _ = try ScoredLayer.read(path: scoredFile(second: second))
            return nil
        } catch let error as InputError {
            return error
        }
    }

    @Test func aFileAsScoreWroteItIsRead() throws {
        let layer = try ScoredLayer.read(path: scoredFile())
        #expect(layer.zones.map(\.code) == ["930100101", "930100102"] && layer.zones[1].riskClass == 4)
    }

    @Test(arguments: [
        (#""code_iris": "930100102", "risk_score": NaN, "risk_class": 4"#, "risk_score", "NaN"),
        (#""code_iris": "930100102", "risk_score": Infinity, "risk_class": 4"#, "risk_score", "infini"),
        (#""code_iris": "930100102", "risk_score": 168.5, "risk_class": 4"#, "risk_score", "168,5"),
        (#""code_iris": "930100102", "risk_score": 68.5, "risk_class": 99"#, "risk_class", "99"),
        (#""code_iris": "930100102", "risk_score": 68.5, "risk_class": 2.5"#, "risk_class", "2,5"),
        (#""code_iris": "930100102", "risk_score": 68.5, "risk_class": 4, "men": -1000"#, "men", "-1000"),
        (#""code_iris": "930100102", "risk_score": 68.5, "risk_class": 4, "men": 1e300"#, "men", "1e+300"),
        (#""code_iris": "930100102", "risk_score": 68.5, "risk_class": 4, "poverty_rate": 1.4"#, "poverty_rate", "1,4"),
        (#""code_iris": "930100102", "risk_score": 68.5, "risk_class": 4, "nonrecours_est": -3"#, "nonrecours_est", "-3"),
    ])
    func anImpossibleValueIsRefusedWithItsZoneAndField(second: String, field: String, shown: String) throws {
        let error = try #require(try refusal(second))
        #expect(error.field == field)
        #expect(error.message.contains("zone 930100102") && error.message.contains("valeur \(shown),"), "\(error)")
    }

    @Test func aZoneListedTwiceIsRefused() throws {
        let error = try #require(try refusal(#""code_iris": "930100101", "risk_score": 68.5, "risk_class": 4"#))
        #expect(error.field == "code_iris" && error.message.contains("930100101 figure deux fois"))
    }

    /// Columns AllerVers does not know are carried through, whatever they hold.
    @Test func unknownColumnsAreNotChecked() throws {
        let layer = try ScoredLayer.read(path: scoredFile(second: #""code_iris": "930100102", "risk_score": 68.5, "risk_class": 4, "ma_note": -7"#))
        #expect(layer.zones[1].number("ma_note") == -7)
    }
}
