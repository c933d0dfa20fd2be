import Foundation
import Testing
import TestSupport

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
            "code_iris", "nom_iris", "insee_com", "ind", "men", "men_pauv", "ind_snv", "risk_score", "risk_class", "risk_low",
            "risk_high", "nonrecours_est", "nonrecours_low", "nonrecours_high", "nonrecours_rsa", "nonrecours_ppa",
            "nonrecours_aspa", "reliability", "explanation",
        ] {
            #expect(properties[name] != nil, "missing property \(name)")
        }
        for feature in features {
            let p = feature["properties"] as! [String: Any]
            let score = p["risk_score"] as! Double, low = p["risk_low"] as! Double, high = p["risk_high"] as! Double
            #expect(low <= score && score <= high)
            #expect((1...5).contains(p["risk_class"] as! Int))
        }
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as! [String: Any]
        #expect((report["zonesPerClass"] as! [Int]).reduce(0, +) == 22)
        #expect((report["benefits"] as! [[String: Any]]).count == 3)
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
        ("model_weight_out_of_range.toml", "between 0 and 1"),
        ("model_unknown_key.toml", "unknown key"),
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
}
