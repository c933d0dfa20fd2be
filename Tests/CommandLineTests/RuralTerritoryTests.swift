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
        let stops = try text("tournee/candidats.csv")
        #expect(stops.contains("commune de Force") && !stops.contains("IRIS Force"))
        let review = try text("implantation/siting.md")
        #expect(review.contains("Communes à risque élevé mal desservies") || review.contains("Aucune commune à risque élevé"))
        #expect(!review.contains("| IRIS |"))
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
        for commune in ["Alzonne", "Bram", "Force", "Villesiscle", "Saint-Martin-le-Vieil", "Villeneuve-lès-Montréal"] {
            #expect(words.stdout.contains(commune), "\(commune)")
        }
    }
}
