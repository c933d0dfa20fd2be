import Foundation
import GeoBindings
import TestSupport
import Testing

/// `allervers score` end to end on Bondy.
@Suite(.serialized) struct ScoreCommandTests {
    let bondyArguments = Fixtures.scoreBondyArguments

    @Test func geoJSONCarriesTheDocumentedProperties() throws {
        let folder = try Fixtures.temporaryFolder()
        let out = folder.appendingPathComponent("bondy.geojson").path
        let run = try Fixtures.run(bondyArguments + ["-o", out, "--report", folder.appendingPathComponent("report.json").path])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as! [String: Any]
        let features = json["features"] as! [[String: Any]]
        #expect(features.count == 22)
        #expect(json["crs"] == nil)
        let properties = features[0]["properties"] as! [String: Any]
        for name in [
            "code_iris", "nom_iris", "insee_com", "ind", "men", "men_pauv", "ind_snv", "score_risque", "classe_risque", "score_risque_bas",
            "score_risque_haut", "non_recours_estime", "non_recours_bas", "non_recours_haut", "non_recours_rsa", "non_recours_ppa",
            "non_recours_aspa", "fiabilite", "explication",
        ] {
            #expect(properties[name] != nil, "missing property \(name)")
        }
        for feature in features {
            let p = feature["properties"] as! [String: Any]
            let score = p["score_risque"] as! Double, low = p["score_risque_bas"] as! Double, high = p["score_risque_haut"] as! Double
            #expect(low <= score && score <= high)
            #expect((1...5).contains(p["classe_risque"] as! Int))
        }
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as! [String: Any]
        #expect((report["zonesPerClass"] as! [Int]).reduce(0, +) == 22)
        #expect((report["benefits"] as! [[String: Any]]).count == 3)
    }

    /// Spreadsheets through GDAL: one sheet, one row per zone, numbers as numbers, no shapes.
    @Test(arguments: ["xlsx", "ods"])
    func spreadsheetsHoldTheTable(ext: String) throws {
        let folder = try Fixtures.temporaryFolder()
        let out = folder.appendingPathComponent("bondy.\(ext)").path
        let run = try Fixtures.run(bondyArguments + ["-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        let layer = try VectorDataset(path: out).layer(at: 0)
        #expect(layer.name == "zones_risque")
        #expect(layer.featureCount == 22)
        let score = try #require(layer.fields.first { $0.name == "score_risque" })
        #expect(score.kind == .real)
        var scores: [Double] = []
        try layer.forEachFeature { feature in
            if let value = feature.double(score.index) { scores.append(value) }
            #expect(feature.polygons() == nil)
        }
        #expect(scores.count == 22 && scores.allSatisfy { (0...100).contains($0) })
    }

    /// A scored Shapefile has its field names cut (`reliabilit`): `map` says why it cannot
    /// read it and what to read instead, rather than « field missing ».
    @Test func scoredShapefileIsRefusedWithTheReason() throws {
        let folder = try Fixtures.temporaryFolder()
        let shp = folder.appendingPathComponent("bondy.shp").path
        #expect(try Fixtures.run(bondyArguments + ["-o", shp]).status == 0)
        let map = try Fixtures.run(["map", "--scored", shp, "-o", folder.appendingPathComponent("carte.svg").path])
        #expect(map.status == 1)
        #expect(map.stderr.contains("Shapefile coupe les noms de champs") && map.stderr.contains(".gpkg"), "\(map.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("carte.svg").path))
    }

    @Test func sameBytesWhateverTheThreads() throws {
        let folder = try Fixtures.temporaryFolder()
        var outputs: [Data] = []
        for threads in [1, 2] {
            let out = folder.appendingPathComponent("t\(threads).gpkg").path
            let csv = folder.appendingPathComponent("t\(threads).csv").path
            #expect(try Fixtures.run(bondyArguments + ["--threads", "\(threads)", "-o", csv]).status == 0)
            #expect(try Fixtures.run(bondyArguments + ["--threads", "\(threads)", "-o", out]).status == 0)
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: csv)))
        }
        #expect(outputs[0] == outputs[1])
    }

    @Test(arguments: [
        ("model_half_at_out_of_range.toml", "champ « score.half_at »"),
        ("model_unknown_key.toml", "clé inconnue"),
    ])
    func badModelExitsNonZeroWithoutOutput(file: String, message: String) throws {
        let folder = try Fixtures.temporaryFolder()
        let out = folder.appendingPathComponent("never.geojson").path
        let run = try Fixtures.run(bondyArguments + ["--model", Fixtures.bad(file), "-o", out])
        #expect(run.status == 1)
        #expect(run.stderr.contains(file))
        #expect(run.stderr.contains(message))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func cafFileWithoutTheModelsColumnIsRefused() throws {
        let caf = try Fixtures.temporaryFile("caf.csv", contents: "dtreffre;numcomdo;indfoy_ndur\n2024-12;93010;13830\n")
        let out = try Fixtures.temporaryFolder().appendingPathComponent("never.csv").path
        let run = try Fixtures.run(Array(bondyArguments.dropLast(2)) + ["--caf", caf, "-o", out])
        #expect(run.status == 1)
        #expect(run.stderr.contains("indfoy_rsa"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// A Cafdata file with no row for the territory's commune (another département's, or a
    /// code changed since) is said on standard error: its zones are estimated without the
    /// CAF's counts, and the credits do not name Cafdata. Bondy's own file says nothing.
    @Test func aCafFileWithoutTheTerritorysCommuneIsSaid() throws {
        let text = try String(contentsOfFile: Fixtures.caf93, encoding: .utf8).replacingOccurrences(of: ";93010;", with: ";93999;")
        let caf = try Fixtures.temporaryFile("cafdata_autre.csv", contents: text)
        let folder = try Fixtures.temporaryFolder()
        let report = folder.appendingPathComponent("a.json")
        let other = try Fixtures.run(
            Array(bondyArguments.dropLast(2)) + ["--caf", caf, "-o", folder.appendingPathComponent("a.csv").path, "--report", report.path])
        #expect(other.status == 0, "\(other.stderr)")
        // The summary names them too, for those who read the outputs only.
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as! [String: Any]
        #expect(summary["cafPlacesWithoutRow"] as? [String] == ["93010"])
        // No zone used the CAF's counts: the credits do not name Cafdata (Bondy's own file does).
        #expect((summary["credits"] as? String)?.contains("Cafdata") == false, "\(summary["credits"] ?? "")")
        #expect(
            other.stderr.contains("Cafdata (cafdata_autre.csv, période 2024-12) : aucune ligne pour 1 commune(s) du territoire sur 1 (93010)"),
            "\(other.stderr)")
        let ownReport = folder.appendingPathComponent("b.json")
        let own = try Fixtures.run(bondyArguments + ["-o", folder.appendingPathComponent("b.csv").path, "--report", ownReport.path])
        #expect(own.status == 0 && !own.stderr.contains("Cafdata"), "\(own.stderr)")
        let ownSummary = try JSONSerialization.jsonObject(with: Data(contentsOf: ownReport)) as! [String: Any]
        #expect(ownSummary["cafPlacesWithoutRow"] == nil)
        #expect((ownSummary["credits"] as? String)?.contains("Cnaf, Cafdata 2024-12") == true)
    }

    /// Zones the cells do not cover are « hors du champ des données », not secret: Bondy's
    /// cells against the whole département.
    @Test func zonesOutsideTheCellsAreOutOfTheFieldNotSecret() throws {
        let folder = try Fixtures.temporaryFolder()
        let out = folder.appendingPathComponent("dep93.geojson").path
        let run = try Fixtures.run(["score", "--cells", Fixtures.bondyCells, "--zones", Fixtures.iris93, "--caf", Fixtures.caf93, "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("592 zones hors du champ des données"), "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as! [String: Any]
        let features = json["features"] as! [[String: Any]]
        var statuses: [String: Int] = [:]
        for feature in features {
            let p = feature["properties"] as! [String: Any]
            statuses[p["fiabilite"] as! String, default: 0] += 1
            if p["fiabilite"] as! String == "hors champ" { #expect(p["score_risque"] is NSNull && p["men"] is NSNull) }
        }
        #expect(statuses["hors champ"] == 592 && statuses["secret"] == nil)
        let svg = folder.appendingPathComponent("dep93.svg").path
        let map = try Fixtures.run(["map", "--scored", out, "-o", svg])
        #expect(map.status == 0, "\(map.stderr)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.contains("hors du champ des données (592 zones)"))
        // The IRIS names placed on a département's map do not overlap.
        #expect(MapLabels.overlaps(try MapLabels.labels(in: text, group: "noms-iris", fontSize: 10)).isEmpty)
        // No key for what the map does not draw: no zone is secret.
        #expect(!text.contains("secret statistique ("))
    }

    /// `check` prints the README's ranking table for any scored territory.
    @Test func checkPrintsTheRankingTable() throws {
        let folder = try Fixtures.temporaryFolder()
        let out = folder.appendingPathComponent("bondy.geojson").path
        #expect(try Fixtures.run(bondyArguments + ["-o", out]).status == 0)
        let run = try Fixtures.run(["check", "--scored", out, "--reference", Fixtures.bondy("filosofi_iris_2019_bondy.csv")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("21 zones publiées"))
        #expect(run.stdout.contains("| score_risque ~ DISP_MED19 | −0,9"))
        // The harness: within Bondy the score ranks the IRIS as their poverty rate does (Cafdata
        // by commune moves Bondy's level only), at the figures the model's documentation gives.
        #expect(run.stdout.contains("| Bondy (93010) | 21 | 0,93 | 0,93 | le score classe au moins aussi bien que la pauvreté |"), "\(run.stdout)")
        #expect(run.stdout.contains("| part_proprietaires | −0,84 |"))
        // A score pushed by a term that ranks against poverty is caught: status 1, the commune named.
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var features = try #require(json["features"] as? [[String: Any]])
        for i in features.indices {
            var properties = try #require(features[i]["properties"] as? [String: Any])
            if let poverty = properties["taux_pauvrete"] as? Double, let owners = properties["part_proprietaires"] as? Double {
                // The score, its class and interval edited together (a file whose classes do
                // not follow its scores is refused before any check).
                let score = 100 * poverty + 60 * owners
                properties["score_risque"] = score
                properties["classe_risque"] = min(4, 1 + Int(score / 25))
                properties["score_risque_bas"] = nil
                properties["score_risque_haut"] = nil
            }
            features[i]["properties"] = properties
        }
        json["features"] = features
        let noisy = folder.appendingPathComponent("bruite.geojson").path
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: noisy))
        let caught = try Fixtures.run(["check", "--scored", noisy, "--reference", Fixtures.bondy("filosofi_iris_2019_bondy.csv")])
        #expect(caught.status == 1, "\(caught.stdout)")
        #expect(caught.stdout.contains("le score classe moins bien que la pauvreté") && caught.stderr.contains("93010"), "\(caught.stderr)")
        let wrong = try Fixtures.run(["check", "--scored", out, "--reference", Fixtures.bondy("filosofi_iris_2019_bondy.csv"), "--field", "MED"])
        #expect(wrong.status != 0 && wrong.stderr.contains("MED"))
    }

    /// Cells of one commune against IRIS they do not touch at all: a clear error naming both
    /// files, no output, never a trap.
    @Test func zonesTheCellsDoNotReachAreAClearError() throws {
        let folder = try Fixtures.temporaryFolder()
        let out = folder.appendingPathComponent("aubervilliers.gpkg").path
        let run = try Fixtures.run([
            "score", "--cells", Fixtures.bondyCells, "--zones", Fixtures.iris93, "--where", "INSEE_COM = '93001'", "-o", out,
        ])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("aucun carreau ne tombe dans une zone") && run.stderr.contains("iris_2022_dep93_lambert93.geojson"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
