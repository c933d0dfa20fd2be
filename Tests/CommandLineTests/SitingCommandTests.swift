import Foundation
import GeoBindings
import TestSupport
import Testing

/// `allervers siting` on Bondy, with the Maison France Services and the CCAS as existing points.
@Suite(.serialized) struct SitingCommandTests {
    static let prepared = Result<URL, any Error> { try Fixtures.scoredBondy(in: Fixtures.temporaryFolder()) }
    static var folder: URL { get throws { try prepared.get() } }

    func run(_ extra: [String], to name: String) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run(
            [
                "siting", "--scored", (try Self.folder).appendingPathComponent("bondy.geojson").path, "--cells", Fixtures.bondyCells,
                "--points", Fixtures.equipements, "--date", "2026-11-22", "-o", (try Self.folder).appendingPathComponent(name).path,
            ] + extra)
    }

    @Test func bondyReviewAtTenMinutesOnFoot() throws {
        let result = try run(["--candidates", Fixtures.equipements, Fixtures.commerces, "--add", "2", "--minutes", "10", "--mode", "slow"], to: "revue")
        #expect(result.status == 0, "\(result.stderr)")
        let folder = (try Self.folder).appendingPathComponent("revue").path
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == [
                ".allervers-sorties", "acces.svg", "cellules_hors_atteinte.csv", "siting.csv", "siting.geojson", "siting.md", "siting.svg",
            ])
        let svg = try String(contentsOfFile: folder + "/siting.svg", encoding: .utf8)
        #expect(svg.contains("site proposé") && svg.contains("id=\"arrets\""))
        let sites = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/siting.geojson"))) as! [String: Any]
        let features = (sites["features"] as! [[String: Any]]).map { $0["properties"] as! [String: Any] }
        let existing = features.filter { ($0["statut"] as? String) == "existant" }
        #expect(existing.count == 2)
        #expect(Set(existing.map { $0["type"] as! String }) == ["CCAS", "France Services"])
        let proposed = features.filter { ($0["statut"] as? String) == "proposé" }
        #expect(proposed.count == 2)
        #expect(proposed.allSatisfy { ($0["gain_marginal"] as! Double) > 0 })
        let markdown = try String(contentsOfFile: folder + "/siting.md", encoding: .utf8)
        #expect(markdown.contains("# Revue d'implantation des points d'accueil"))
        #expect(markdown.contains("## Sites à ajouter"))
        // Per IRIS: 22 rows; the figures beyond the limit never exceed the zone's estimate.
        let rows = try String(contentsOfFile: folder + "/siting.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == 22)
        for row in rows {
            let f = row.split(separator: ";", omittingEmptySubsequences: false).map { Fixtures.number(String($0)) ?? 0 }
            #expect(f[16] <= f[4] + 1e-9)  // beyond the limit ≤ households at risk
            #expect(f[5] <= f[4] + 1e-9 && f[7] <= f[4] + 1e-9)
        }
    }

    /// `--xlsx`: the access table as a workbook too, its numbers those the CSV shows.
    @Test func theAccessTableAsAWorkbook() throws {
        let result = try run(["--add", "1", "--xlsx"], to: "classeur")
        #expect(result.status == 0, "\(result.stderr)")
        let folder = (try Self.folder).appendingPathComponent("classeur").path
        let csv = try String(contentsOfFile: folder + "/siting.csv", encoding: .utf8).split(separator: "\n").dropFirst().map {
            $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        }
        let layer = try VectorDataset(path: folder + "/siting.xlsx").layer(named: "acces_iris")
        var codes: [String] = []
        try layer.forEachFeature { feature in
            let code = feature.string(0) ?? ""
            codes.append(code)
            let row = try #require(csv.first { $0[0] == code })
            // score_risque and households in non-take-up: numbers, as the CSV rounds them.
            #expect(feature.double(2) == Fixtures.number(row[2]) && feature.double(4) == Fixtures.number(row[4]), "\(code)")
        }
        #expect(codes == csv.map { $0[0] })
    }

    @Test func withoutCandidatesARegularGridIsUsedAndNoPointIsAnError() throws {
        let grid = try run(["--add", "1", "--minutes", "8", "--mode", "slow"], to: "grille")
        #expect(grid.status == 0, "\(grid.stderr)")
        let text = try String(contentsOfFile: (try Self.folder).appendingPathComponent("grille/siting.md").path, encoding: .utf8)
        #expect(text.contains("Lieu candidat"))
        let none = try Fixtures.run([
            "siting", "--scored", (try Self.folder).appendingPathComponent("bondy.geojson").path, "--cells", Fixtures.bondyCells,
            "--points", Fixtures.commerces, "-o", (try Self.folder).appendingPathComponent("jamais").path,
        ])
        #expect(none.status == 1)
        #expect(none.stderr.contains("aucun point d'accueil"))
        #expect(!FileManager.default.fileExists(atPath: (try Self.folder).appendingPathComponent("jamais").path))
    }
}
