import Foundation
import TestSupport
import Testing

/// What statistical secrecy hides stays hidden: no subtraction between published figures
/// isolates fewer than 11 households (#16).
@Suite(.serialized) struct SecrecyTests {
    /// Two zones of whole Bondy cells (EPSG:3035): A, a block of 3 × 3 cells, and B, the same
    /// block without its south-west cell (8.2 households). Both are large; their difference is
    /// not.
    static func nestedZones() throws -> String {
        func square(_ cells: [(Int, Int)]) -> String {
            // A polygon per cell, merged as a MultiPolygon of unit squares.
            cells.map { e, n in "[[[\(e),\(n)],[\(e + 200),\(n)],[\(e + 200),\(n + 200)],[\(e),\(n + 200)],[\(e),\(n)]]]" }.joined(separator: ",")
        }
        let all = (0..<3).flatMap { dx in (0..<3).map { dy in (3_771_000 + dx * 200, 2_892_000 + dy * 200) } }
        let withoutCorner = all.filter { $0 != (3_771_000, 2_892_000) }
        let json = """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3035"}},"features":[
            {"type":"Feature","properties":{"CODE_IRIS":"A","NOM_IRIS":"Bloc entier","INSEE_COM":"93010"},"geometry":{"type":"MultiPolygon","coordinates":[\(square(all))]}},
            {"type":"Feature","properties":{"CODE_IRIS":"B","NOM_IRIS":"Bloc sans un coin","INSEE_COM":"93010"},"geometry":{"type":"MultiPolygon","coordinates":[\(square(withoutCorner))]}}
            ]}
            """
        return try Fixtures.temporaryFile("emboitees.geojson", contents: json)
    }

    @Test func nestedZonesThatDifferByAFewHouseholdsLoseOne() throws {
        let folder = try Fixtures.temporaryFolder()
        let out = folder.appendingPathComponent("zones.csv").path, report = folder.appendingPathComponent("resume.json").path
        let run = try Fixtures.run(["score", "--cells", Fixtures.bondyCells, "--zones", try Self.nestedZones(), "-o", out, "--report", report])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("secret secondaire"))
        let rows = try Fixtures.csvRows(out)
        let a = try #require(rows.first { $0["code_iris"] == "A" }), b = try #require(rows.first { $0["code_iris"] == "B" })
        #expect(a["fiabilite"] != "secret")
        #expect(b["fiabilite"] == "secret")
        #expect((b["men"] ?? "").isEmpty && (b["score_risque"] ?? "").isEmpty)
        // The mass accounting covers the published zone only: nothing left to subtract.
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
        #expect(summary["massAccountingScope"] as? String == "zones publiées")
        let men = (summary["massAccounting"] as! [[String: Any]]).first { $0["variable"] as? String == "men" }!
        #expect(abs((men["allocated"] as? Double ?? .nan) - (Fixtures.number(a["men"]) ?? .nan)) < 0.01)
    }

    @Test func aThresholdBelowInseeNeedsAnExplicitOption() throws {
        let model = try String(contentsOfFile: Fixtures.data("models/default.toml"), encoding: .utf8)
        let lowered = try Fixtures.temporaryFile(
            "modele_5.toml", contents: model.replacingOccurrences(of: "minimum_households = 11", with: "minimum_households = 5"))
        let folder = try Fixtures.temporaryFolder()
        let refused = try Fixtures.run([
            "score", "--cells", Fixtures.bondyCells, "--zones", Fixtures.iris93, "--where", "INSEE_COM = '93010'", "--model", lowered, "-o",
            folder.appendingPathComponent("a.csv").path,
        ])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("minimum_households") && refused.stderr.contains("allow_below_insee"))
        let allowed = try Fixtures.temporaryFile(
            "modele_5_interne.toml",
            contents: model.replacingOccurrences(of: "minimum_households = 11", with: "minimum_households = 5\nallow_below_insee = true"))
        let run = try Fixtures.run([
            "score", "--cells", Fixtures.bondyCells, "--zones", Fixtures.iris93, "--where", "INSEE_COM = '93010'", "--model", allowed, "-o",
            folder.appendingPathComponent("b.csv").path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("usage interne"))
    }
}
