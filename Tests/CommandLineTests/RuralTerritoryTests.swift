import Foundation
import TestSupport
import Testing

/// `allervers demo --territoire aude` end to end: twenty rural communes around Bram, not split
/// into IRIS, no Cafdata, no street extract, no reception point.
@Suite(.serialized) struct RuralTerritoryTests {
    /// The run of the rural territory, made once for the suite's tests.
    static let run: (folder: String, status: Int32, stdout: String, stderr: String) = {
        let folder = (try? Fixtures.temporaryFolder().appendingPathComponent("aude").path) ?? "/tmp/allervers-aude-test"
        guard let result = try? Fixtures.run(["demo", "--territoire", "aude", "-o", folder, "--date", "2026-12-07"]) else {
            return (folder, -1, "", "the run did not start")
        }
        return (folder, result.status, result.stdout, result.stderr)
    }()

    func text(_ name: String) throws -> String { try String(contentsOfFile: Self.run.folder + "/" + name, encoding: .utf8) }

    /// The plan's visits: (stop, people expected) per row of plan.csv.
    func visits() throws -> [(stop: String, people: Double)] {
        let lines = try text("tournee/plan.csv").split(separator: "\n").map { String($0) }
        let header = lines[0].replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let stop = try #require(header.firstIndex(of: "arret")), people = try #require(header.firstIndex(of: "personnes_attendues"))
        return lines.dropFirst().map { line in
            let fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            return (fields[stop], Double(fields[people].replacingOccurrences(of: ",", with: ".")) ?? 0)
        }
    }

    @Test func theRunGoesThroughWithoutReceptionPointCafdataOrStreets() throws {
        #expect(Self.run.status == 0, "\(Self.run.stderr)")
        #expect(Self.run.stderr.contains("aucun point d'accueil existant"))
        #expect(Self.run.stdout.contains("Autour de Bram (Aude) : 20 zones"))
    }

    /// Every commune is visited in the month (the villages in rotation, once each, the bourg's
    /// market every week), every half-day expects at least `minimum_people`, few are left free.
    @Test func theTourVisitsTheVillagesInRotation() throws {
        let visits = try visits()
        let stops = Set(visits.map(\.stop))
        #expect(stops.count >= 16, "\(stops.sorted())")
        #expect(visits.allSatisfy { $0.people >= 3 }, "\(visits)")
        // A village comes once in the month, not every week.
        let villages = visits.filter { $0.stop.hasPrefix("Mairie de Force") || $0.stop.hasPrefix("Mairie de Villesiscle") }
        #expect(villages.count == 2, "\(villages)")
        let plan = try JSONSerialization.jsonObject(with: Data(try text("tournee/plan.json").utf8)) as! [String: Any]
        let free = try #require(plan["emptyHalfDays"] as? [Any])
        #expect(free.count <= 12)
        // Without streets, the vehicle goes at a rural speed, and says why.
        let travel = try #require(plan["travel"] as? String)
        #expect(travel.contains("à 60 km/h (territoire peu dense"), "\(travel)")
    }

    /// Zones that are communes are never called IRIS.
    @Test func communesAreNamedAsCommunes() throws {
        let risk = try text("carte_risque.svg")
        #expect(risk.contains("Risque de non-recours aux droits, par commune"))
        #expect(!risk.contains("par IRIS"))
        #expect(risk.contains("(13 communes)") && !risk.contains(" zones)"))
        let stops = try text("tournee/candidats.csv")
        #expect(stops.contains("commune de Force") && !stops.contains("IRIS Force"))
        let review = try text("implantation/siting.md")
        #expect(review.contains("Communes à risque élevé mal desservies") || review.contains("Aucune commune à risque élevé"))
        #expect(!review.contains("| IRIS |"))
        let dictionary = try text("dictionnaire_variables.csv")
        #expect(dictionary.contains("Code de la commune") && dictionary.contains("Nom de la commune"))
        #expect(!dictionary.contains("Code IRIS") && !dictionary.contains("Nom de l'IRIS"))
        let record = try text("run.json")
        #expect(record.contains("accès par commune"))
    }

    /// Where people live in each commune: its inhabited cells over the risk colours, on the risk
    /// map and on the atlas's pages, keyed in the legend with their count.
    @Test func theCellsShowWhereHouseholdsLive() throws {
        let risk = try text("carte_risque.svg")
        #expect(risk.contains("<g id=\"carreaux-habites\""))
        let counts = try Regex(#"ménages[^(<]*\(([0-9]+) carreaux?\)"#)
        let total = risk.matches(of: counts).compactMap { Int($0.output[1].substring ?? "") }.reduce(0, +)
        // Every inhabited cell whose centre is in one of the twenty communes (1 093 cells read,
        // the contours simplified: a few border cells fall outside).
        #expect(total > 1_000 && total <= 1_093, "\(total)")
        #expect(risk.contains("Où vivent les ménages"))
        let words = try Fixtures.runTool("pdftotext", [Self.run.folder + "/dossier.pdf", "-"])
        #expect(words.stdout.contains("Où vivent les ménages"))
    }

    /// No reception point in the territory: the review says everyone is beyond reach at 30 min
    /// by car, and proposes mairies.
    @Test func theSitingReviewProposesHostsWhereThereIsNoReceptionPoint() throws {
        let review = try text("implantation/siting.md")
        #expect(review.contains("## Points d'accueil existants\n\nAucun"))
        #expect(review.contains("30 min en voiture"))
        let proposals = try #require(review.components(separatedBy: "## Sites à ajouter").last)
        #expect(proposals.contains("1. Mairie") || proposals.contains("1. Marché de Bram"), "\(proposals.prefix(400))")
    }

    /// The dossier groups the twenty communes in sectors: at most 12 pages, every commune named.
    @Test func theDossierGroupsTheCommunes() throws {
        let pdf = Self.run.folder + "/dossier.pdf"
        let info = try Fixtures.runTool("pdfinfo", [pdf])
        try #require(info.status == 0, "pdfinfo: \(info.stderr)")
        let pages = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") }
        #expect((pages ?? 99) <= 12, "\(info.stdout)")
        let words = try Fixtures.runTool("pdftotext", [pdf, "-"])
        #expect(words.stdout.contains("20 communes, dont 20 publiées"))
        for commune in ["Alzonne", "Bram", "Force", "Villesiscle", "Saint-Martin-le-Vieil", "Villeneuve-lès-Montréal"] {
            #expect(words.stdout.contains(commune), "\(commune)")
        }
    }
}

/// A step the inputs cannot feed (cells without `ind_snv` for the cells map, a places list
/// whose categories are all unknown for the tour) is said and skipped by `run`, which writes
/// the rest; the step's own command still fails.
@Suite struct SkippedStepTests {
    /// The Aude territory, its cells without `ind_snv` and its places of an unknown category
    /// (bakeries: neither their category nor their name is a kind of stop).
    static func territory(in folder: URL) throws -> String {
        let aude = Fixtures.data("aude")
        let cells = try String(contentsOfFile: aude + "/carreaux_filosofi2019_bram.csv", encoding: .utf8)
        let rows = cells.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let snv = try #require(rows[0].firstIndex(of: "ind_snv"))
        let withoutSNV = rows.map { row in row.enumerated().filter { $0.offset != snv }.map(\.element).joined(separator: ",") }
        try (withoutSNV.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("cells.csv"), atomically: true, encoding: .utf8)
        let places = try String(contentsOfFile: aude + "/lieux_bram.csv", encoding: .utf8)
            .replacingOccurrences(of: ";mairie;", with: ";boulangerie;").replacingOccurrences(of: ";marché;", with: ";boulangerie;")
            .replacingOccurrences(of: "Mairie d", with: "Boulangerie d").replacingOccurrences(of: "Marché d", with: "Boulangerie d")
        try places.write(to: folder.appendingPathComponent("places.csv"), atomically: true, encoding: .utf8)
        let toml = try String(contentsOfFile: aude + "/territory.toml", encoding: .utf8)
            .replacingOccurrences(of: "\"carreaux_filosofi2019_bram.csv\"", with: "\"cells.csv\"")
            .replacingOccurrences(of: "\"lieux_bram.csv\"", with: "\"places.csv\"")
            .replacingOccurrences(of: "\"communes_bram.geojson\"", with: "\"\(aude)/communes_bram.geojson\"")
            .replacingOccurrences(of: "\"../", with: "\"\(aude)/../")
        let path = folder.appendingPathComponent("territory.toml").path
        try toml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theRunWritesWhatItCanAndSaysWhatItSkipped() throws {
        let folder = try Fixtures.temporaryFolder()
        let territory = try Self.territory(in: folder)
        let out = folder.appendingPathComponent("out").path
        let run = try Fixtures.run(["run", territory, "-o", out, "--date", "2026-12-07"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("carte carte_carreaux.svg non dessinée"), "\(run.stderr)")
        #expect(run.stderr.contains("champ « ind_snv »"))
        #expect(run.stderr.contains("étape « tournée » non faite"), "\(run.stderr)")
        #expect(run.stderr.contains("places.csv : aucun des 21 lieux n'est classé"), "\(run.stderr)")
        let files = FileManager.default
        for written in ["carte_risque.svg", "dossier.pdf", "rapport.html", "implantation/siting.md", "carte_nonrecours.svg"] {
            #expect(files.fileExists(atPath: out + "/" + written), "\(written)")
        }
        #expect(!files.fileExists(atPath: out + "/carte_carreaux.svg"))
        #expect(!files.fileExists(atPath: out + "/tournee"))
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
        let notDone = try #require(record?["notDone"] as? [String: String])
        #expect(Set(notDone.keys) == ["tournée", "carte_carreaux.svg"])
        let outputs = (record?["outputs"] as? [[String: Any]])?.compactMap { $0["path"] as? String } ?? []
        #expect(!outputs.contains("carte_carreaux.svg") && outputs.contains("carte_risque.svg"))
        #expect(run.stdout.contains("Non fait"))
    }

    /// Asked for on its own, the step that cannot be done is an error.
    @Test func theStepsOwnCommandFails() throws {
        let folder = try Fixtures.temporaryFolder()
        let territory = try Self.territory(in: folder)
        let scored = folder.appendingPathComponent("scored").path
        let score = try Fixtures.run(["run", territory, "-o", scored, "--date", "2026-12-07"])
        try #require(score.status == 0, "\(score.stderr)")
        let plan = try Fixtures.run([
            "plan", "--scored", scored + "/zones_risque.gpkg", "--cells", folder.appendingPathComponent("cells.csv").path,
            "--pois", folder.appendingPathComponent("places.csv").path, "--categories", Fixtures.data("poi_categories.csv"),
            "--month", "2027-01", "-o", folder.appendingPathComponent("plan").path,
        ])
        #expect(plan.status != 0)
        #expect(plan.stderr.contains("aucun lieu classé dans un type d'arrêt"), "\(plan.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("plan").path))
    }
}

/// A mixed territory: a bourg split into IRIS among villages that are one zone each (Bram cut
/// in two IRIS, the other nineteen communes whole). Words say « IRIS et commune », the cells
/// are drawn in the villages only, and the villages' tour still goes.
@Suite struct MixedTerritoryTests {
    @Test func aBourgInIRISAmongVillages() throws {
        let folder = try Fixtures.temporaryFolder()
        let communes = Fixtures.data("aude/communes_bram.geojson"), zones = folder.appendingPathComponent("mixte.gpkg").path
        func translate(_ arguments: [String]) throws {
            let result = try Fixtures.runTool("ogr2ogr", arguments)
            try #require(result.status == 0, "\(result.stderr)")
        }
        try translate(["-f", "GPKG", zones, communes, "-where", "INSEE_COM <> '11049'", "-nln", "iris", "-nlt", "PROMOTE_TO_MULTI"])
        for (code, name, west, east) in [("110490101", "Bram Ouest", 2.0, 2.11), ("110490102", "Bram Est", 2.11, 2.3)] {
            try translate([
                "-append", "-f", "GPKG", zones, communes, "-nln", "iris", "-nlt", "PROMOTE_TO_MULTI", "-dialect", "SQLite", "-sql",
                "SELECT INSEE_COM, NOM_COM, '\(code.suffix(4))' AS IRIS, '\(code)' AS CODE_IRIS, '\(name)' AS NOM_IRIS, 'H' AS TYP_IRIS, ST_Intersection(geometry, BuildMbr(\(west), 43.0, \(east), 43.5, 4326)) AS geometry FROM iris_communes WHERE INSEE_COM = '11049'",
            ])
        }
        let path = try Fixtures.audeTerritory(in: folder) {
            $0.replacingOccurrences(of: "path = \"\(Fixtures.data("aude"))/communes_bram.geojson\"", with: "path = \"\(zones)\"")
        }
        let out = folder.appendingPathComponent("out").path
        let run = try Fixtures.run(["run", path, "-o", out, "--date", "2026-12-07"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("21 zones"))
        let risk = try String(contentsOfFile: out + "/carte_risque.svg", encoding: .utf8)
        #expect(risk.contains("Risque de non-recours aux droits, par IRIS et commune"))
        #expect(risk.contains("Où vivent les ménages des communes"))
        let counts = try Regex(#"ménages[^(<]*\(([0-9]+) carreaux?\)"#)
        let drawn = risk.matches(of: counts).compactMap { Int($0.output[1].substring ?? "") }.reduce(0, +)
        #expect(drawn > 500 && drawn < 1_000, "Bram's cells are in its IRIS, not veiled: \(drawn)")
        let dictionary = try String(contentsOfFile: out + "/dictionnaire_variables.csv", encoding: .utf8)
        #expect(dictionary.contains("Code de l'IRIS ou de la commune"))
        let visits = try String(contentsOfFile: out + "/tournee/plan.csv", encoding: .utf8)
        #expect(visits.contains("Mairie de Force") && visits.contains("Marché de Bram"))
    }
}
