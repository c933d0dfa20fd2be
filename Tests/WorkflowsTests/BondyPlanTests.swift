import Cartography
import Foundation
import Outreach
import Support
import TestSupport
import Testing
import Workflows

/// The bundled territory's plan and review as a comité reads them: every half-day where people
/// will be met, one stop per place, every stop by a street, no warning; two teams sharing the
/// month; the review at the territory's limit, by IRIS.
@Suite(.serialized) struct BondyPlanTests {
    static func run(rules: String? = nil, communes: [String] = ["93010"], streets: Bool = true, observations: [String] = []) throws -> String {
        var territory = try String(contentsOfFile: Fixtures.bondy("territory.toml"), encoding: .utf8)
        if !streets {
            territory = territory.replacingOccurrences(of: "[network]\n", with: "").replacingOccurrences(
                of: "path = \"rues_osm_2023-07-27.geojson\"\n", with: "")
        }
        territory = territory.replacingOccurrences(
            of: "where = \"INSEE_COM = '93010'\"", with: "where = \"INSEE_COM IN (\(communes.map { "'\($0)'" }.joined(separator: ", ")))\"")
        // The territory's files, found from a copy of its settings elsewhere.
        let folder = Fixtures.bondy("territory.toml").replacingOccurrences(of: "/territory.toml", with: "")
        for name in [
            "iris_2022_dep93_lambert93.geojson", "carreaux_filosofi2019_bondy.csv", "cafdata_s_ben_com_f_dep93.csv", "equipements_bondy.geojson",
            "commerces_bondy.csv", "rues_osm_2023-07-27.geojson",
        ] {
            territory = territory.replacingOccurrences(of: "\"\(name)\"", with: "\"\(folder)/\(name)\"")
        }
        for relative in ["../poi_categories.csv", "../models/default.toml", "../../Styles/default.toml"] {
            territory = territory.replacingOccurrences(of: "\"\(relative)\"", with: "\"\(folder)/\(relative)\"")
        }
        territory = territory.replacingOccurrences(of: "\"../plan.toml\"", with: "\"\(rules ?? folder + "/../plan.toml")\"")
        if !observations.isEmpty {
            territory = territory.replacingOccurrences(
                of: "\n[plan.markets]", with: "\nobservations = [\(observations.map { "\"\($0)\"" }.joined(separator: ", "))]\n\n[plan.markets]")
        }
        let path = try Fixtures.temporaryFile("territory.toml", contents: territory)
        let output = try Fixtures.temporaryFolder().appendingPathComponent("bondy").path
        _ = try TerritoryRun(territoryPath: path, options: TerritoryRun.Settings(output: output, force: false, date: "2026-12-04", threads: 2)).execute()
        return output
    }

    /// Squared metres between two WGS 84 points (equirectangular, ample at a commune's scale).
    static func squaredMetres(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
        let k = 6_371_000 * Double.pi / 180
        return ((a.0 - b.0) * k * cos((a.1 + b.1) / 2 * .pi / 180)).magnitude.squared + ((a.1 - b.1) * k).squared
    }

    @Test func theDemoPlanMeetsPeopleEveryHalfDayAtPlacesFoundByAStreet() throws {
        let folder = try Self.run()
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/tournee/plan.json"))) as? [String: Any]
        #expect((summary?["warnings"] as? [String])?.isEmpty == true, "\(summary?["warnings"] ?? "")")
        let visits = try Fixtures.csvRows(folder + "/tournee/plan.csv")
        #expect(!visits.isEmpty)
        for visit in visits {
            #expect((Fixtures.number(visit["personnes_attendues"] ?? "") ?? 0) >= 3, "\(visit["arret"] ?? "") on \(visit["date"] ?? "")")
            #expect(!(visit["adresse"] ?? "").isEmpty, "\(visit["arret"] ?? "") has no street")
        }
        // One place, one stop: no two stops closer than the merge distance (200 m).
        var places: [String: (Double, Double)] = [:]
        for visit in visits {
            places[visit["arret"]!] = (Fixtures.number(visit["longitude"]!)!, Fixtures.number(visit["latitude"]!)!)
        }
        let named = places.sorted { $0.key < $1.key }
        for i in named.indices {
            for j in named.indices where j > i {
                #expect(Self.squaredMetres(named[i].value, named[j].value) >= 200 * 200, "\(named[i].key) and \(named[j].key)")
            }
        }
        // The tour map lies on the streets of the extract, the main ones named.
        let tourMap = try String(contentsOfFile: folder + "/carte_tournee.svg", encoding: .utf8)
        let streetNames = tourMap.matches(of: try Regex(#"<text transform="[^"]*"[^>]*>([^<]*)</text>"#)).compactMap { $0.output[1].substring.map(String.init) }
        #expect(tourMap.contains("id=\"rues\"") && streetNames.count >= 5 && Set(streetNames).count == streetNames.count, "\(streetNames)")
        // Names of the extract's ways, each once.
        let extract = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.bondy("rues_osm_2023-07-27.geojson"))))
        let features = (extract as? [String: Any])?["features"] as? [[String: Any]] ?? []
        let wayNames = Set(features.compactMap { ($0["properties"] as? [String: Any])?["name"] as? String })
        #expect(streetNames.allSatisfy { wayNames.contains(xmlUnescaped($0)) }, "\(streetNames)")
        // The pay week mixes kinds: supermarkets and a community place.
        let payWeek = visits.filter { ($0["date"] ?? "") >= "2027-01-05" && ($0["date"] ?? "") <= "2027-01-11" }.map { $0["type"] ?? "" }
        #expect(payWeek.contains("supermarché") && payWeek.contains { $0 == "marché" || $0.hasPrefix("maison de quartier") }, "\(payWeek)")
        // The review speaks at 10 minutes, by IRIS, the edge cells of neighbouring communes apart.
        let review = try String(contentsOfFile: folder + "/implantation/siting.md", encoding: .utf8)
        #expect(review.contains("## Qui reste au-delà de 10 min ?") && review.contains("| Le Moulin à Vent (930100204) | Bondy |"), "\(review)")
        #expect(review.contains("commune voisine"))
        let cells = try Fixtures.csvRows(folder + "/implantation/cellules_hors_atteinte.csv")
        #expect(!cells.isEmpty && cells.allSatisfy { !($0["nom_iris"] ?? "").isEmpty && !($0["nom_commune"] ?? "").isEmpty })
        // Inside cells first, then those of neighbouring communes.
        let inside = cells.map { $0["dans_le_territoire"] == "oui" }
        #expect(inside == inside.sorted { $0 && !$1 })
    }

    /// The passage sheet: one row per planned half-day, as the plan's visits, the team's
    /// columns empty (one per benefit of the plan), every column in the data dictionary; the
    /// same sheet as a workbook.
    @Test func everyPlanComesWithAPassageSheet() throws {
        let folder = try Self.run()
        let visits = try Fixtures.csvRows(folder + "/tournee/plan.csv")
        let sheet = try Fixtures.csvRows(folder + "/tournee/feuille_passage.csv")
        #expect(sheet.count == visits.count)
        for (row, visit) in zip(sheet, visits) {
            #expect(row["date"] == visit["date"] && row["arret"] == visit["arret"] && row["debut"] == visit["debut"])
            #expect(row["personnes_attendues"] == visit["personnes_attendues"])
            for column in [
                "personnes_rencontrees", "dont_nouvelles", "demarches_rsa", "demarches_ppa", "demarches_aspa", "demarches_autres", "orientations", "remarques",
            ] {
                #expect(row[column] == "", "\(column) should be left to the team")
            }
        }
        let header = try String(contentsOfFile: folder + "/tournee/feuille_passage.csv", encoding: .utf8).split(separator: "\n")[0]
            .replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: ";").map(String.init)
        let dictionary = try Fixtures.csvRows(folder + "/dictionnaire_variables.csv").filter { $0["table"] == "feuille_passage" }.compactMap {
            $0["colonne"] ?? $0["name"]
        }
        #expect(Set(header) == Set(dictionary), "\(header) vs \(dictionary)")
        #expect(FileManager.default.fileExists(atPath: folder + "/tournee/feuille_passage.xlsx"))
    }

    /// The issue's case: a month's sheet where one stop was empty every time and another met
    /// twice the people expected; the next plan drops the first with the reason and keeps the
    /// second with more people expected, and plan.json says what changed.
    @Test func theNextPlanLearnsFromTheSheets() throws {
        let folder = try Self.run()
        let path = folder + "/tournee/feuille_passage.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let stop = try #require(header.firstIndex(of: "arret")), expected = try #require(header.firstIndex(of: "personnes_attendues"))
        let met = try #require(header.firstIndex(of: "personnes_rencontrees"))
        let counts = Dictionary(grouping: lines.dropFirst().map { $0.split(separator: ";", omittingEmptySubsequences: false)[stop] }, by: { $0 })
        let repeated = counts.filter { $0.value.count >= 3 }.keys.map(String.init).sorted()
        try #require(repeated.count >= 2, "\(counts.mapValues(\.count))")
        let (empty, busy) = (repeated[0], repeated[1])
        var busyExpected = 0.0
        for k in lines.indices.dropFirst() {
            var fields = lines[k].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            let people = Fixtures.number(fields[expected]) ?? 0
            if fields[stop] == empty { fields[met] = "0" }
            if fields[stop] == busy {
                fields[met] = String(Int((2 * people).rounded()))
                busyExpected = people
            }
            lines[k] = fields.joined(separator: ";")
        }
        let filled = try Fixtures.temporaryFile("feuille_remplie.csv", contents: lines.joined(separator: "\n") + "\n")
        let next = try Self.run(observations: [filled])
        let candidates = try Fixtures.csvRows(next + "/tournee/candidats.csv")
        let dropped = try #require(candidates.first { $0["arret"] == empty })
        #expect(dropped["statut"] == "écarté" && dropped["raison"]?.contains("dernières demi-journées") == true, "\(dropped)")
        let kept = try #require(candidates.first { $0["arret"] == busy })
        #expect((Fixtures.number(kept["personnes_par_demi_journee"] ?? "") ?? 0) > busyExpected, "\(kept)")
        let summary = try String(contentsOfFile: next + "/tournee/plan.json", encoding: .utf8)
        #expect(summary.contains("learnedFromSheets") && summary.contains(empty))
        // The report says what changed, and holds the sheets' bilan.
        let report = try String(contentsOfFile: next + "/rapport.html", encoding: .utf8)
        #expect(report.contains("Ce que les feuilles de passage des équipes ont changé") && report.contains("Bilan de la tournée — "))
    }

    /// The bilan of a filled month: totals and the places' rows as computed by hand from the
    /// sheet; a row of another place or another day is refused with its line.
    @Test func theBilanOfAFilledMonth() throws {
        let folder = try Self.run()
        let lines = try String(contentsOfFile: folder + "/tournee/feuille_passage.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let met = try #require(header.firstIndex(of: "personnes_rencontrees")), rsa = try #require(header.firstIndex(of: "demarches_rsa"))
        let stop = try #require(header.firstIndex(of: "arret"))
        var filled = [lines[0]], total = 0, procedures = 0, below = 0
        for (k, line) in lines.dropFirst().enumerated() {
            var fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            fields[met] = String(k % 6)
            fields[rsa] = String(k % 2)
            total += k % 6
            procedures += k % 2
            if k % 6 < 3 { below += 1 }
            filled.append(fields.joined(separator: ";"))
        }
        let sheet = try Fixtures.temporaryFile("feuille_remplie.csv", contents: filled.joined(separator: "\n") + "\n")
        let out = try Fixtures.temporaryFolder().appendingPathComponent("bilan").path
        let said = try BilanRun.run(
            BilanRun.Request(sheets: [sheet], plan: folder + "/tournee/plan.csv", territory: "Bondy", rules: nil, output: out, force: false, date: "2027-01-05")
        )
        #expect(said.contains("\(filled.count - 1) demi-journées, \(total) personnes rencontrées"), "\(said)")
        let markdown = try String(contentsOfFile: out + "/bilan.md", encoding: .utf8)
        #expect(markdown.contains("\(procedures) démarches engagées") && markdown.contains("\(below) demi-journée(s) sous le minimum de 3 personnes"))
        #expect(markdown.contains("Démarches engagées, RSA : \(procedures)."))
        #expect(markdown.contains("| janvier 2027 | \(filled.count - 1) |"))
        #expect(markdown.contains("| marché |") || markdown.contains("| supermarché |"))
        let pages = try Fixtures.runTool("pdftotext", [out + "/bilan.pdf", "-"])
        #expect(pages.stdout.contains("Bilan de la tournée, mois par mois"))
        let html = try String(contentsOfFile: out + "/bilan.html", encoding: .utf8)
        #expect(html.contains("<h2>Bilan de la tournée — Bondy</h2>") && html.contains("<svg"))
        // A row of a place the plan does not hold, and a row of a day it does not plan.
        var stranger = filled
        var fields = stranger[1].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        fields[stop] = "Boulangerie du coin"
        stranger[1] = fields.joined(separator: ";")
        let unknown = try Fixtures.temporaryFile("inconnu.csv", contents: stranger.joined(separator: "\n") + "\n")
        #expect {
            _ = try BilanRun.run(
                BilanRun.Request(
                    sheets: [unknown], plan: folder + "/tournee/plan.csv", territory: nil, rules: nil, output: out + "2", force: false, date: "2027-01-05"))
        } throws: { error in "\(error)".contains("inconnu.csv:2") && "\(error)".contains("n'est pas un arrêt du plan") }
        var late = filled
        fields = late[1].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        fields[0] = "2027-03-02"
        late[1] = fields.joined(separator: ";")
        let outside = try Fixtures.temporaryFile("hors_plan.csv", contents: late.joined(separator: "\n") + "\n")
        #expect {
            _ = try BilanRun.run(
                BilanRun.Request(
                    sheets: [outside], plan: folder + "/tournee/plan.csv", territory: nil, rules: nil, output: out + "3", force: false, date: "2027-01-05"))
        } throws: { error in "\(error)".contains("hors_plan.csv:2") && "\(error)".contains("une date hors du plan") }
        #expect(!FileManager.default.fileExists(atPath: out + "2") && !FileManager.default.fileExists(atPath: out + "3"))
        // Before and after, from Cafdata's periods: Bondy's December 2023 and 2024 counts moved
        // around the tour's month (RSA 3 340 → 3 375, +1,0 %); the same file without a later
        // period says the comparison is to come.
        let caf = try String(contentsOfFile: Fixtures.caf93, encoding: .utf8)
            .replacingOccurrences(of: "\n2023-12;", with: "\n2026-12;").replacingOccurrences(of: "\n2024-12;", with: "\n2027-06;")
        let shifted = try Fixtures.temporaryFile("cafdata_periodes.csv", contents: caf)
        _ = try BilanRun.run(
            BilanRun.Request(
                sheets: [sheet], plan: folder + "/tournee/plan.csv", territory: "Bondy", rules: nil, cafdata: shifted, output: out + "4", force: false,
                date: "2027-07-05"))
        let withCaf = try String(contentsOfFile: out + "4/bilan.md", encoding: .utf8)
        #expect(withCaf.contains("en 2026-12 (dernière période avant la tournée) et en 2027-06"), "\(withCaf)")
        #expect(withCaf.contains("| RSA | \(FrenchNumber.integer(3340)) → \(FrenchNumber.integer(3375)) (+1,0 %) | — |"), "\(withCaf)")
        _ = try BilanRun.run(
            BilanRun.Request(
                sheets: [sheet], plan: folder + "/tournee/plan.csv", territory: "Bondy", rules: nil, cafdata: Fixtures.caf93, output: out + "5", force: false,
                date: "2027-07-05"))
        #expect(try String(contentsOfFile: out + "5/bilan.md", encoding: .utf8).contains("pas encore de période postérieure au début de la tournée"))
    }

    @Test func twoTeamsShareTheMonthEachWithItsOwnPlaces() throws {
        var rules = try String(contentsOfFile: Fixtures.data("plan.toml"), encoding: .utf8)
        rules = rules.replacingOccurrences(of: "frequency = \"weekly\"", with: "frequency = \"weekly\"\nteams = 2")
        let folder = try Self.run(rules: try Fixtures.temporaryFile("plan_deux_equipes.toml", contents: rules))
        let visits = try Fixtures.csvRows(folder + "/tournee/plan.csv")
        let loads = ["1", "2"].map { team in visits.filter { $0["equipe"] == team }.count }
        #expect(loads.allSatisfy { $0 > 0 })
        #expect(Double(abs(loads[0] - loads[1])) <= 0.2 * Double(loads.max()!), "\(loads)")
        var teamOf: [String: Set<String>] = [:]
        for visit in visits { teamOf[visit["arret"]!, default: []].insert(visit["equipe"]!) }
        #expect(teamOf.values.allSatisfy { $0.count == 1 }, "\(teamOf.filter { $0.value.count > 1 })")
        // The tour map gives each team its colour, for its routes and its numbers, and keys them.
        let map = try String(contentsOfFile: folder + "/carte_tournee.svg", encoding: .utf8)
        #expect(map.contains(">équipe 1 : ses trajets et le</text>") || map.contains(">équipe 1 : ses trajets et le cercle de ses arrêts</text>"))
        #expect(map.contains("équipe 2 : ses trajets"))
        for color in MapStop.teamColors.prefix(2) {
            #expect(map.contains("<path stroke=\"\(color)\"") && map.contains("stroke=\"\(color)\" stroke-width=\"3\""))
        }
    }
}

/// A text as XML escaped it, back.
func xmlUnescaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
        .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
}

extension Double {
    fileprivate var squared: Double { self * self }
}

/// The printed dossier a comité local holds: the maps, the tour's calendar and the review, in
/// one A4 PDF whose text can be read back; the same run gives the same bytes.
@Suite(.serialized) struct DossierTests {
    @Test func theDossierHoldsTheMapsTheCalendarAndTheReview() throws {
        let folder = try BondyPlanTests.run()
        let pdf = folder + "/dossier.pdf"
        let text = try Fixtures.runTool("pdftotext", ["-layout", pdf, "-"])
        #expect(text.status == 0, "\(text.stderr)")
        let info = try Fixtures.runTool("pdfinfo", [pdf])
        #expect(info.stdout.contains("A4") && info.stdout.contains("Title:           Dossier du comité local — Bondy (93010)"), "\(info.stdout)")
        let fonts = try Fixtures.runTool("pdffonts", [pdf])
        // Every font embedded (the « emb » column says yes on every line).
        let fontLines = fonts.stdout.split(separator: "\n").dropFirst(2)
        #expect(!fontLines.isEmpty && fontLines.allSatisfy { $0.contains(" yes ") }, "\(fonts.stdout)")
        let words = text.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(words.contains("Dossier du comité local — Bondy (93010)"))
        // Every stop of the plan by name and day, the depot, the riskiest IRIS, the proposed sites.
        let visits = try Fixtures.csvRows(folder + "/tournee/plan.csv")
        for name in Set(visits.compactMap { $0["arret"] }) {
            #expect(words.contains(name.split(separator: " ").prefix(4).joined(separator: " ")), "\(name) is not in the dossier")
        }
        #expect(words.contains("mardi 5 janvier") && words.contains("départ et retour des tournées"))
        let zones = try Fixtures.csvRows(folder + "/zones_risque.csv")
        let top = zones.max { (Fixtures.number($0["score_risque"]) ?? 0) < (Fixtures.number($1["score_risque"]) ?? 0) }
        #expect(words.contains(top?["nom_iris"] ?? "—"))
        #expect(words.contains("Sites à ajouter") && words.contains("Maison de quartier et de la citoyenneté Sohane"))
        // The access map, with the cells the proposed sites bring within the limit keyed.
        #expect(words.contains("temps d'accès au plus proche") && words.contains("carreau mis à moins de 10 min"))
        // No file name of an input in the credits of the dossier.
        #expect(!words.contains(".geojson") && !words.contains(".csv ;"))
        // Each map credits what it draws: the CAF's counts enter the risk, not the cells'
        // standard of living nor the access times; the licences follow the sources.
        func credits(_ map: String) throws -> String {
            let svg = try String(contentsOfFile: folder + "/" + map, encoding: .utf8)
            let start = try #require(svg.range(of: "<g id=\"sources\""))
            return String(svg[start.lowerBound...])
        }
        #expect(try credits("carte_risque.svg").contains("Cnaf, Cafdata 2024-12"))
        #expect(try credits("carte_risque.svg").contains("Licence Ouverte / Etalab 2.0 (Insee, IGN, Cnaf)"))
        for map in ["carte_carreaux.svg", "carte_acces.svg"] {
            #expect(try !credits(map).contains("Cafdata") && credits(map).contains("Filosofi 2019"), "\(map)")
        }
        #expect(try credits("carte_acces.svg").contains("ODbL 1.0 (OpenStreetMap)") && !credits("carte_carreaux.svg").contains("OpenStreetMap"))
        // The same run, the same bytes.
        let again = try BondyPlanTests.run()
        #expect(FileManager.default.contents(atPath: pdf) == FileManager.default.contents(atPath: again + "/dossier.pdf"))
    }
}

/// A territory of several communes: the dossier's atlas gives each commune its page, its IRIS
/// named or numbered, its own stops keyed.
@Suite(.serialized) struct AtlasTests {
    @Test func eachCommuneHasItsPageWithItsIRISAndItsStops() throws {
        let folder = try BondyPlanTests.run(communes: ["93010", "93053"])
        let pdf = folder + "/dossier.pdf"
        let text = try Fixtures.runTool("pdftotext", ["-layout", pdf, "-"])
        #expect(text.status == 0, "\(text.stderr)")
        let pages = text.stdout.components(separatedBy: "\u{0C}")
        let bondy = try #require(pages.first { $0.contains("Atlas du territoire") && $0.contains("— Bondy (93010)") })
        let noisy = try #require(pages.first { $0.contains("Atlas du territoire") && $0.contains("— Noisy-le-Sec (93053)") })
        let words = bondy.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        // Bondy's page: its stops keyed by name, every IRIS of élevé named or numbered.
        let stops = try Fixtures.csvRows(folder + "/tournee/plan.csv").compactMap { $0["arret"] }
        for name in Set(stops) { #expect(words.contains(name.split(separator: " ").prefix(3).joined(separator: " ")), "\(name) not on Bondy's page") }
        let zones = try Fixtures.csvRows(folder + "/zones_risque.csv")
        let high = zones.filter { $0["insee_com"] == "93010" && $0["niveau_risque"] == "élevé" }
        #expect(high.count == 18)
        for zone in high {
            let name = try #require(zone["nom_iris"])
            #expect(words.contains(name), "\(name) is not on Bondy's page")
        }
        // Noisy-le-Sec has no cells in the bundled file: its page says so and keys no stop.
        #expect(noisy.contains("hors du champ des données") && !noisy.contains("Arrêts de la tournée"))
    }
}

/// Without a street network, the tour map says its routes are drawn as the crow flies, and
/// draws no street.
@Suite(.serialized) struct StraightLineTourTests {
    @Test func theTourMapSaysItsRoutesAreAsTheCrowFlies() throws {
        let folder = try BondyPlanTests.run(streets: false)
        let svg = try String(contentsOfFile: folder + "/carte_tournee.svg", encoding: .utf8)
        #expect(svg.contains("trajets à vol d'oiseau"), "no word on how the routes are drawn")
        #expect(!svg.contains("id=\"rues\"") && !svg.contains("OpenStreetMap (rues"))
        #expect(svg.contains("id=\"routes\"") && svg.contains("Arrêts de la tournée"))
    }
}

/// The access map at the territory's limit: its bands include the limit, and the cells the
/// proposed sites bring within it are drawn apart and keyed.
@Suite struct AccessMapTests {
    @Test func theCellsTheProposedSitesBringWithinTheLimitAreDrawnApart() throws {
        let folder = try BondyPlanTests.run()
        let map = try String(contentsOfFile: folder + "/carte_acces.svg", encoding: .utf8)
        let gainedInMap = map.components(separatedBy: "data-gained=\"1\"").count - 1
        #expect(gainedInMap >= 1)
        #expect(map.contains("carreau mis à moins de 10 min par") && map.contains("la limite du territoire (10 min)"))
        // The key counts them.
        let keyed = try #require(map.firstMatch(of: try Regex(#"sites proposés \((\d+) carreau"#))?.output[1].substring).description
        #expect(Int(keyed)! > 0)
    }
}
