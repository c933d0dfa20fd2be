import Foundation
import GeoBindings
import GeometryCore
import TestSupport
import Testing

/// `network`, `travel`, and `plan` / `siting` with `--network`, on the Bondy streets.
@Suite(.serialized) struct NetworkCommandTests {
    static let prepared = Result<URL, any Error> { try Fixtures.scoredBondy(in: Fixtures.temporaryFolder()) }
    static var folder: URL { get throws { try prepared.get() } }

    @Test func networkWritesEdgesAndNodes() throws {
        let out = (try Self.folder).appendingPathComponent("rues.gpkg").path
        let run = try Fixtures.run(["network", "--osm", Fixtures.osm("bondy_nord.osm"), "--mode", "walk", "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        let dataset = try VectorDataset(path: out)
        #expect(Set(dataset.layerNames) == ["edges", "nodes"])
        let edges = try dataset.layer(named: "edges")
        #expect(edges.spatialReference?.epsgCode == 2154)
        #expect(Set(edges.fields.map(\.name)).isSuperset(of: ["from_node", "to_node", "length_m", "minutes"]))
        // Walking: every street both ways, so an even number of directed edges.
        #expect(edges.featureCount > 100 && edges.featureCount % 2 == 0)
        #expect(try dataset.layer(named: "nodes").featureCount > 50)
        let car = (try Self.folder).appendingPathComponent("rues_voiture.gpkg").path
        #expect(try Fixtures.run(["network", "--osm", Fixtures.osm("monaco.osm.pbf"), "-o", car]).status == 0)
        #expect(try VectorDataset(path: car).layer(named: "edges").featureCount > 1000)
    }

    @Test func travelGivesEveryPairWithItsAccessLegs() throws {
        let points = try Fixtures.temporaryFile(
            "lieux.csv", contents: "id;nom;latitude;longitude\nmairie;Mairie;48.9022;2.4828\ngare;Gare;48.8955;2.4785\nloin;Paris;48.8566;2.3522\n")
        let out = (try Self.folder).appendingPathComponent("temps.csv").path
        let run = try Fixtures.run(["travel", "--osm", Fixtures.bondyStreets, "--mode", "walk", "--from", points, "--to", points, "-o", out, "--threads", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("hors réseau"))
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(lines[0] == ["from_id", "to_id", "minutes", "network_minutes", "metres", "from_node", "to_node", "from_snap_m", "to_snap_m", "status"])
        #expect(lines.count == 10)
        let row = lines.first { $0[0] == "mairie" && $0[1] == "gare" }!
        let minutes = Double(row[2])!, metres = Double(row[4])!
        // About 800 m apart as the crow flies: on foot, more than 10 minutes, less than 30.
        #expect(minutes > 10 && minutes < 30)
        #expect(metres > 790 && metres < 2000)
        #expect(Double(row[3])! <= minutes)
        #expect(lines.first { $0[0] == "mairie" && $0[1] == "mairie" }![2] == "0.00")
        #expect(lines.first { $0[0] == "loin" && $0[1] == "gare" }![9] == "hors réseau (départ)")
        // Same bytes on one thread.
        let again = (try Self.folder).appendingPathComponent("temps1.csv").path
        #expect(
            try Fixtures.run(["travel", "--osm", Fixtures.bondyStreets, "--mode", "walk", "--from", points, "--to", points, "-o", again, "--threads", "1"])
                .status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: again)))
    }

    @Test func anExtractOfAnotherPlaceIsRefused() throws {
        let points = try Fixtures.temporaryFile("bondy.csv", contents: "id;latitude;longitude\na;48.9022;2.4828\n")
        let out = (try Self.folder).appendingPathComponent("monaco.csv").path
        let run = try Fixtures.run(["travel", "--osm", Fixtures.osm("monaco.osm.pbf"), "--from", points, "--to", points, "-o", out])
        #expect(run.status == 1)
        #expect(run.stderr.contains("monaco.osm.pbf") && run.stderr.contains("une autre région"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let badMode = try Fixtures.run(["network", "--osm", Fixtures.osm("monaco.osm.pbf"), "--mode", "velo", "-o", out + ".gpkg"])
        #expect(badMode.status == 1 && badMode.stderr.contains("velo"))
    }

    @Test func planAndSitingFollowTheStreets() throws {
        let scored = (try Self.folder).appendingPathComponent("bondy.geojson").path
        let plan = (try Self.folder).appendingPathComponent("tournee").path
        let run = try Fixtures.run([
            "plan", "--scored", scored, "--cells", Fixtures.bondyCells, "--pois", Fixtures.equipements, Fixtures.commerces,
            "--month", "2026-12", "--date", "2026-11-22", "--network", Fixtures.bondyStreets, "-o", plan,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let routes = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan + "/route.geojson"))) as! [String: Any]
        let features = routes["features"] as! [[String: Any]]
        #expect(!features.isEmpty)
        for feature in features {
            let properties = feature["properties"] as! [String: Any]
            #expect((properties["mode_de_calcul"] as! String).contains("par les rues (OpenStreetMap, extrait du 2023-07-27)"))
            #expect((properties["km"] as! Double) > 0)
            let coordinates = (feature["geometry"] as! [String: Any])["coordinates"] as! [[Double]]
            #expect(coordinates.count > 2)
        }
        // Catchments walked along the streets never hold more than the circle of the same radius.
        let circle = (try Self.folder).appendingPathComponent("tournee_cercle").path
        #expect(
            try Fixtures.run([
                "plan", "--scored", scored, "--cells", Fixtures.bondyCells, "--pois", Fixtures.equipements, Fixtures.commerces,
                "--month", "2026-12", "--date", "2026-11-22", "-o", circle,
            ]).status == 0)
        func reach(_ folder: String) throws -> [String: Double] {
            var result: [String: Double] = [:]
            let lines = try String(contentsOfFile: folder + "/candidats.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            for line in lines {
                let f = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                // arret;adresse;type;longitude;latitude;personnes_par_demi_journee;dont_non_recours;passages_possibles;menages_a_portee
                if f.count > 8, let v = Fixtures.number(f[8]) { result[f[0] + "|" + f[3] + "|" + f[4]] = v }
            }
            return result
        }
        let walked = try reach(plan), circled = try reach(circle)
        #expect(!walked.isEmpty && walked.count == circled.count)
        #expect(walked.contains { $0.value < circled[$0.key]! - 0.5 })
        for (key, value) in walked { #expect(value <= circled[key]! + 1e-6, "\(key)") }
        let summary = try String(contentsOfFile: plan + "/plan.json", encoding: .utf8)
        #expect(summary.contains("à pied par les rues (OpenStreetMap") && !summary.contains("par les rues (par les rues"))
        let siting = (try Self.folder).appendingPathComponent("revue").path
        let review = try Fixtures.run([
            "siting", "--scored", scored, "--cells", Fixtures.bondyCells, "--points", Fixtures.equipements, "--candidates", Fixtures.equipements,
            "--add", "1", "--minutes", "10", "--mode", "slow", "--date", "2026-11-22", "--network", Fixtures.bondyStreets, "-o", siting,
        ])
        #expect(review.status == 0, "\(review.stderr)")
        let markdown = try String(contentsOfFile: siting + "/siting.md", encoding: .utf8)
        #expect(markdown.contains("à pied et en bus, par les rues (OpenStreetMap, extrait du 2023-07-27)"))
        let access = try String(contentsOfFile: siting + "/acces.svg", encoding: .utf8)
        #expect(access.contains("Implantation des points d'accueil — Bondy (93010) : temps d'accès au plus proche"))
        #expect(access.contains("par les rues (OpenStreetMap, extrait du 2023-07-27)"))
        // Mean times on the streets are never below the straight line at the bus's door-to-door speed.
        let straight = (try Self.folder).appendingPathComponent("revue_droite").path
        #expect(
            try Fixtures.run([
                "siting", "--scored", scored, "--cells", Fixtures.bondyCells, "--points", Fixtures.equipements, "--add", "0",
                "--minutes", "10", "--mode", "slow", "--date", "2026-11-22", "-o", straight,
            ]).status == 0)
        func means(_ folder: String) throws -> [String: Double] {
            let rows = try String(contentsOfFile: folder + "/siting.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            var result: [String: Double] = [:]
            for row in rows {
                let f = row.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                if let v = Fixtures.number(f[15]) { result[f[0]] = v }
            }
            return result
        }
        let onStreets = try means(siting), crowFlies = try means(straight)
        #expect(!onStreets.isEmpty)
        for (code, minutes) in onStreets where minutes > 0 {
            // Straight line × 1.3 at 8 km/h against streets at 8 km/h: the streets are longer
            // than the straight line, so never below crow-flies / 1.3.
            #expect(minutes >= crowFlies[code]! / 1.3 - 0.5, "\(code)")
        }
    }
}
