import Foundation
import TestSupport
import Testing

/// End-to-end runs of the built `allervers` executable.
@Suite(.serialized) struct CommandLineTests {
    @Test func inspectNamesEachBondyFile() throws {
        let files = [Fixtures.bondyCells, Fixtures.iris93, Fixtures.caf93, Fixtures.equipements, Fixtures.commerces]
        let run = try Fixtures.run(["inspect"] + files)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("carreaux : 164"))
        #expect(run.stdout.contains("zones : 614"))
        #expect(run.stdout.contains("lieux : 39"))
        #expect(run.stdout.contains("Σ men_pauv = 6\u{202F}351,8"))
        #expect(run.stdout.contains("supermarket: 8"))
    }

    /// The README's first step: every file of the bundled territory, settings and streets included.
    @Test func inspectReadsEveryBundledFile() throws {
        let folder = Fixtures.projectRoot.appendingPathComponent("Data/bondy").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
            .map { folder + "/" + $0 }
        let settings = ["Data/models/default.toml", "Data/plan.toml", "Data/network.toml", "Styles/default.toml"]
            .map { Fixtures.projectRoot.appendingPathComponent($0).path }
        let run = try Fixtures.run(["inspect"] + files + settings)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("type : fichier de territoire « Bondy (93010) »"))
        #expect(run.stdout.contains("type : réseau de rues (OpenStreetMap, extrait du 2023-07-27)"))
        #expect(run.stdout.contains("type : modèle de risque"))
        #expect(run.stdout.contains("type : règles de la tournée"))
        #expect(run.stdout.contains("type : style de carte"))
        #expect(run.stdout.contains("type : profils de déplacement dans les rues"))
        #expect(!run.stdout.contains("erreur :"))
        // The same report in English on request.
        let english = try Fixtures.run(["--lang", "en", "inspect"] + settings)
        #expect(english.stdout.contains("kind: risk model") && english.stdout.contains("kind: map style"))
    }

    @Test func aggregateWritesTheSameBytesWhateverTheThreads() throws {
        var outputs: [Data] = []
        let folder = try Fixtures.temporaryFolder()
        for threads in [1, 2] {
            let subfolder = folder.appendingPathComponent("t\(threads)")
            try FileManager.default.createDirectory(at: subfolder, withIntermediateDirectories: true)
            _ = FileManager.default.changeCurrentDirectoryPath(subfolder.path)
            let out = "bondy.csv", report = "bondy.json"
            let run = try Fixtures.run([
                "aggregate", "--cells", Fixtures.bondyCells, "--zones", Fixtures.iris93, "--where", "INSEE_COM = '93010'",
                "--threads", "\(threads)", "-o", out, "--report", report,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            // Bondy's IRIS all hold 11 households or more: no secrecy warning.
            #expect(!run.stderr.contains("moins de 11 ménages"), "\(run.stderr)")
            outputs.append(try Data(contentsOf: subfolder.appendingPathComponent(out)))
            outputs.append(try Data(contentsOf: subfolder.appendingPathComponent(report)))
        }
        #expect(outputs[0] == outputs[2])
        #expect(outputs[1] == outputs[3])
        let csv = String(decoding: outputs[0], as: UTF8.self).split(separator: "\n")
        #expect(csv.first?.hasPrefix("CODE_IRIS,ind,men,men_pauv") == true)
        #expect(csv.count == 23)
    }

    /// Against every IRIS of the département, Bondy's cells give a sliver of a neighbouring
    /// IRIS fewer than 11 households: the raw output says it is not for publication.
    @Test func aggregateWarnsAboutZonesUnderTheSecrecyThreshold() throws {
        let out = try Fixtures.temporaryFolder().appendingPathComponent("dep93.csv").path
        let run = try Fixtures.run(["aggregate", "--cells", Fixtures.bondyCells, "--zones", Fixtures.iris93, "--vars", "men", "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("1 zone(s) de moins de 11 ménages"), "\(run.stderr)")
    }

    /// `--crs` writes the shapes in the CRS asked for (Web Mercator here: Bondy lies near
    /// x = 276 km, y = 6 258 km); GeoJSON and tables refuse it (usage), an unknown CRS is an
    /// error that names it, and nothing is written.
    @Test func aggregateWritesTheCRSAskedFor() throws {
        let folder = try Fixtures.temporaryFolder()
        let base = ["aggregate", "--cells", Fixtures.bondyCells, "--zones", Fixtures.iris93, "--where", "INSEE_COM = '93010'", "--vars", "men"]
        let out = folder.appendingPathComponent("bondy_3857.gpkg").path
        let run = try Fixtures.run(base + ["--crs", "EPSG:3857", "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        let info = try Fixtures.runTool("ogrinfo", ["-ro", "-so", "-al", out])
        #expect(info.stdout.contains("Pseudo-Mercator"), "\(info.stdout)")
        let extent = try #require(info.stdout.split(separator: "\n").first { $0.hasPrefix("Extent:") })
        let numbers = extent.split(whereSeparator: { "(), -:".contains($0) }).compactMap { Double($0) }
        #expect(numbers.count == 4 && (270_000...285_000).contains(numbers[0]) && (6_250_000...6_265_000).contains(numbers[1]), "\(extent)")
        for bad in ["bondy.geojson", "bondy.csv"] {
            #expect(try Fixtures.run(base + ["--crs", "EPSG:3857", "-o", folder.appendingPathComponent(bad).path]).status == 2)
        }
        let unknown = try Fixtures.run(base + ["--crs", "EPSG:999999", "-o", folder.appendingPathComponent("never.gpkg").path])
        #expect(unknown.status == 1 && unknown.stderr.contains("EPSG:999999"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["bondy_3857.gpkg"])
    }

    @Test(arguments: ["gpkg", "geojson", "fgb", "shp"])
    func aggregateWritesVectorFormats(ext: String) throws {
        let folder = try Fixtures.temporaryFolder()
        let out = folder.appendingPathComponent("bondy.\(ext)").path
        for _ in 0..<2 {  // the second run replaces the first, companions included
            let run = try Fixtures.run([
                "aggregate", "--cells", Fixtures.bondyCells, "--zones", Fixtures.iris93, "--where", "INSEE_COM = '93010'",
                "--vars", "ind,men_pauv", "-o", out,
            ])
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: out))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        // A Shapefile is its .shp with its companions (UTF-8 declared in .cpg); nothing partial is left.
        #expect(files == (ext == "shp" ? ["bondy.cpg", "bondy.dbf", "bondy.prj", "bondy.shp", "bondy.shx"] : ["bondy.\(ext)"]))
        let info = try Fixtures.runTool("ogrinfo", ["-ro", "-so", "-al", out])
        #expect(info.stdout.contains("Feature Count: 22"), "\(info.stdout)")
    }

    @Test(arguments: ["non_numeric_count.csv", "duplicate_cell_id.csv", "truncated_cells.csv", "a_folder.csv", "empty.csv"])
    func badCellsExitNonZeroWithoutOutput(file: String) throws {
        let out = try Fixtures.temporaryFolder().appendingPathComponent("never.csv").path
        let run = try Fixtures.run(["aggregate", "--cells", Fixtures.bad(file), "--zones", Fixtures.iris93, "-o", out])
        #expect(run.status == 1)
        #expect(run.stderr.contains(file))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: (out as NSString).deletingLastPathComponent).isEmpty)
    }

    @Test func inspectFailsOnABadFileAndSaysWhy() throws {
        let run = try Fixtures.run(["inspect", Fixtures.bad("mislabelled_crs.geojson")])
        #expect(run.status == 1)
        #expect(run.stderr.contains("degrés"))
    }
}

@Suite struct ExitCodeTests {
    /// 1 for bad input, 2 for usage (documented in --help and the README).
    @Test func usageErrorsExitWithTwo() throws {
        #expect(try Fixtures.run(["map"]).status == 2)
        #expect(try Fixtures.run(["nonexistent-command"]).status == 2)
        let badDate = try Fixtures.run(["map", "--scored", "x.geojson", "-o", "x.svg", "--date", "2025-02-30"])
        #expect(badDate.status == 2 && badDate.stderr.contains("vrai jour"))
        #expect(try Fixtures.run(["plan", "--scored", "x", "--cells", "x", "--pois", "x", "--month", "2027-13", "-o", "x"]).status == 2)
        let badInput = try Fixtures.run([
            "aggregate", "--cells", Fixtures.bad("hexadecimal_count.csv"), "--zones", Fixtures.iris93, "-o", "/tmp/allervers-never.csv",
        ])
        #expect(badInput.status == 1)
        #expect(try Fixtures.run(["--help"]).stdout.contains("2 erreur d'usage"))
    }
}

@Suite struct ImplausibleInputTests {
    @Test func cellsOfAnotherTerritoryAreRefused() throws {
        let run = try Fixtures.run([
            "score", "--cells", Fixtures.bad("reunion_cells.csv"), "--zones", Fixtures.iris93, "--where", "INSEE_COM = '93010'", "-o",
            "/tmp/allervers-never.csv",
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("La Réunion") && run.stderr.contains("deux territoires différents"))
    }

    /// Bondy scored once for the plans of this suite.
    static let scored = Result<String, any Error> {
        try Fixtures.scoredBondy(in: Fixtures.temporaryFolder()).appendingPathComponent("bondy.geojson").path
    }

    /// `allervers plan` of March 2027 on Bondy's scored zones with these places, into a fresh
    /// folder (returned with the run).
    func planBondy(_ places: [String], more: [String] = []) throws -> (run: (status: Int32, stdout: String, stderr: String), folder: URL) {
        let folder = try Fixtures.temporaryFolder().appendingPathComponent("plan")
        let run = try Fixtures.run(
            ["plan", "--scored", try Self.scored.get(), "--cells", Fixtures.bondyCells, "--pois"] + places + ["--month", "2027-03"] + more + [
                "-o", folder.path,
            ])
        return (run, folder)
    }

    @Test func swappedCoordinatesAndAFarDepotAreRefused() throws {
        let points = try Fixtures.temporaryFile("lieux.csv", contents: "Title;latitude;longitude\nMaison de quartier Brassens;2.483594;48.902239\n")
        let swapped = try planBondy([points]).run
        #expect(swapped.status == 1 && swapped.stderr.contains("lieux.csv:2") && swapped.stderr.contains("inversées"), "\(swapped.stderr)")
        let far = try planBondy([Fixtures.equipements], more: ["--depot", "7.42,43.73"]).run
        #expect(far.status == 1 && far.stderr.contains("--depot") && far.stderr.contains("km"))
    }

    /// Without `--depot`, the teams leave from the CCAS nearest the middle of the territory,
    /// not from the first one by name (a list may hold a neighbour's CCAS at the edge).
    @Test func theDepotIsTheCCASNearestTheMiddle() throws {
        let places = try Fixtures.temporaryFile(
            "lieux_ccas.csv",
            contents:
                "Title;latitude;longitude\nCCAS Aaa, au bord;48.8860;2.4640\nCCAS du centre;48.9010;2.4830\nMaison de quartier Brassens;48.902239;2.483594\nMaison de quartier Sohane;48.890717;2.489898\n"
        )
        let (run, folder) = try planBondy([places])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("route.geojson"))) as! [String: Any]
        let starts = (json["features"] as! [[String: Any]]).compactMap { feature -> [Double]? in
            ((feature["geometry"] as? [String: Any])?["coordinates"] as? [[Double]])?.first
        }
        #expect(!starts.isEmpty)
        #expect(starts.contains { abs($0[0] - 2.4830) < 1e-6 && abs($0[1] - 48.9010) < 1e-6 })
        #expect(!starts.contains { abs($0[0] - 2.4640) < 1e-6 && abs($0[1] - 48.8860) < 1e-6 })
    }

    /// A list that also holds places of other territories (a regional extract, a national
    /// list) gives the plan the places near this one and says how many it left aside; a list
    /// with no place near the territory is an error naming it.
    @Test func placesOfOtherTerritoriesAreLeftAsideNotRefused() throws {
        let mixed = try Fixtures.temporaryFile(
            "lieux_region.csv",
            contents:
                "Title;latitude;longitude\nMaison de quartier Brassens;48.902239;2.483594\nMaison pour Tous de Melun;48.5400;2.6600\nMarché de Nice;43.7000;7.2700\n"
        )
        let (run, folder) = try planBondy([mixed])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("lieux_region.csv : 2 lieu(x) à plus de 1,5 km des carreaux du territoire laissé(s) de côté"), "\(run.stderr)")
        let candidates = try String(contentsOf: folder.appendingPathComponent("candidats.csv"), encoding: .utf8)
        #expect(candidates.contains("Brassens") && !candidates.contains("Melun") && !candidates.contains("Nice"))
        let (monaco, refused) = try planBondy([Fixtures.equipements, Fixtures.osm("monaco.osm.pbf")])
        #expect(monaco.status == 1 && monaco.stderr.contains("monaco.osm.pbf") && monaco.stderr.contains("aucun de ses"), "\(monaco.stderr)")
        #expect(!FileManager.default.fileExists(atPath: refused.path))
    }
}

/// Seeded mutations through the commands themselves: every run ends with status 0 or 1 (a
/// clear error), never a signal (#16).
@Suite(.serialized) struct CommandFuzzTests {
    static func mutated(_ path: String, seed: UInt64, count: Int, name: String) throws -> [String] {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var rng = SplitMix64(state: seed)
        let folder = try Fixtures.temporaryFolder()
        return try (0..<count).map { k in
            var copy = bytes
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                guard !copy.isEmpty else { break }
                let at = Int(rng.next() % UInt64(copy.count))
                switch rng.next() % 4 {
                case 0: copy[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: copy.insert(contentsOf: Array([";", "\"", "1e300", "-1", "\n", "0x1A", "\u{7}", "]"][Int(rng.next() % 8)].utf8), at: at)
                case 2: copy.removeSubrange(at..<min(copy.count, at + Int(rng.next() % 40) + 1))
                default: copy = Array(copy.prefix(at))
                }
            }
            let out = folder.appendingPathComponent("\(k)-\(name)").path
            try Data(copy).write(to: URL(fileURLWithPath: out))
            return out
        }
    }

    @Test func planMapAndSitingNeverTrap() throws {
        let base = try Fixtures.temporaryFolder()
        let scored = try Fixtures.scoredBondy(in: base).appendingPathComponent("bondy.geojson").path
        for (k, pois) in try Self.mutated(Fixtures.commerces, seed: 11, count: 20, name: "commerces.csv").enumerated() {
            let run = try Fixtures.run([
                "plan", "--scored", scored, "--cells", Fixtures.bondyCells, "--pois", Fixtures.equipements, pois, "--month", "2027-03", "-o",
                base.appendingPathComponent("p\(k)").path,
            ])
            #expect([0, 1].contains(run.status), "plan on \(pois): status \(run.status) \(run.stderr.suffix(300))")
        }
        for (k, file) in try Self.mutated(scored, seed: 12, count: 25, name: "zones.geojson").enumerated() {
            let run = try Fixtures.run(["map", "--scored", file, "-o", base.appendingPathComponent("m\(k).svg").path])
            #expect([0, 1].contains(run.status), "map on \(file): status \(run.status) \(run.stderr.suffix(300))")
        }
        for (k, points) in try Self.mutated(Fixtures.equipements, seed: 13, count: 10, name: "equipements.geojson").enumerated() {
            let run = try Fixtures.run([
                "siting", "--scored", scored, "--cells", Fixtures.bondyCells, "--points", points, "--minutes", "10", "--mode", "slow", "-o",
                base.appendingPathComponent("s\(k)").path,
            ])
            #expect([0, 1].contains(run.status), "siting on \(points): status \(run.status) \(run.stderr.suffix(300))")
        }
    }
}
