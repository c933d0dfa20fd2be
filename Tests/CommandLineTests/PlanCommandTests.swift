import Foundation
import GeoBindings
import GeoOracles
import GeometryCore
import Inputs
import TestSupport
import Testing

/// `allervers plan` on Bondy, December 2026, checked event by event.
@Suite(.serialized) struct PlanCommandTests {
    static let prepared = Result<URL, any Error> {
        let base = try Fixtures.scoredBondy(in: Fixtures.temporaryFolder())
        let scored = base.appendingPathComponent("bondy.geojson").path
        let plan = try Fixtures.run([
            "plan", "--scored", scored, "--cells", Fixtures.bondyCells, "--pois", Fixtures.equipements, Fixtures.commerces,
            "--month", "2026-12", "--date", "2026-11-22", "-o", base.appendingPathComponent("plan").path, "--xlsx",
        ])
        guard plan.status == 0 else { throw FixtureError(message: plan.stderr) }
        return base
    }
    static var folder: URL { get throws { try prepared.get() } }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: (try Self.folder).appendingPathComponent("plan/\(name)").path, encoding: .utf8)
    }

    /// plan.csv rows as dictionaries.
    func rows() throws -> [[String: String]] {
        let lines = try read("plan.csv").split(separator: "\n").map(String.init)
        let header = lines[0].replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: ";").map(String.init)
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    /// `--xlsx`: the same tables as workbooks, numbers as numbers (rounded as the CSV shows
    /// them), texts as texts, an empty cell where the CSV has an empty field.
    @Test func workbooksHoldTheSameTablesAsTheCSVs() throws {
        for (csvName, workbook, sheet) in [("plan.csv", "plan.xlsx", "visites"), ("candidats.csv", "candidats.xlsx", "candidats")] {
            let lines = try read(csvName).replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\n").map(String.init)
            let layer = try VectorDataset(path: (try Self.folder).appendingPathComponent("plan/\(workbook)").path).layer(named: sheet)
            let fields = layer.fields
            #expect(fields.map(\.name).joined(separator: ";") == lines[0])
            var row = 1
            try layer.forEachFeature { feature in
                // Quoted reasons may hold « ; »: compare the fields before the first quote.
                let line = lines[row]
                var expected = line.split(separator: "\"", maxSplits: 1, omittingEmptySubsequences: false)[0]
                    .split(separator: ";", omittingEmptySubsequences: false)
                if line.contains("\"") { expected.removeLast() }
                for (field, text) in zip(fields, expected) {
                    switch field.kind {
                    case .real: #expect(feature.double(field.index) == (text.isEmpty ? nil : Double(text.replacingOccurrences(of: ",", with: "."))))
                    // A real column of whole values (people per half-day) reads back as integers.
                    case .integer:
                        #expect(feature.double(field.index) == (text.isEmpty ? nil : Double(text.replacingOccurrences(of: ",", with: "."))), "\(field.name)")
                    default:
                        // A date cell reads back as GDAL writes dates, « 2026/12/01 »; the CSV says 2026-12-01.
                        let value = feature.string(field.index) ?? ""
                        #expect((field.name == "date" ? value.replacingOccurrences(of: "/", with: "-") : value) == String(text), "\(field.name)")
                    }
                }
                row += 1
            }
            #expect(row == lines.count)
        }
    }

    @Test func everyVisitKeepsTheRules() throws {
        let visits = try rows()
        #expect(!visits.isEmpty)
        let holidays: Set<String> = ["2026-12-25"]
        var perDay: [String: [String]] = [:]
        for visit in visits {
            let date = visit["date"]!
            #expect(visit["jour"] != "dimanche")
            #expect(!holidays.contains(date), "visit on a public holiday: \(date)")
            // The CAF pays on Monday 7 December (the 5th is a Saturday): supermarkets from the 7th to the 13th.
            if visit["type"] == "supermarché" { #expect(date >= "2026-12-07" && date <= "2026-12-13", "supermarket on \(date)") }
            perDay[date, default: []].append(visit["creneau"]!)
        }
        for (date, slots) in perDay {
            #expect(slots.count <= 2, "\(date): \(slots.count) stops")
            #expect(Set(slots).count == slots.count, "\(date): two stops in the same half-day")
        }
        // Regularity: each stop always on the same weekday and half-day.
        var series: [String: Set<String>] = [:]
        for visit in visits { series[visit["numero"]!, default: []].insert(visit["jour"]! + " " + visit["creneau"]!) }
        #expect(series.values.allSatisfy { $0.count == 1 })
    }

    /// Each chosen stop's reach, recomputed from the cells: the households within 500 m of the
    /// stop, summing the per-cell risk the plan itself does not publish (the zones' estimates
    /// spread over their cells by poor households).
    @Test func reachMatchesTheStopsFile() throws {
        let stops = try JSONSerialization.jsonObject(with: Data(read("stops.geojson").utf8)) as! [String: Any]
        let features = stops["features"] as! [[String: Any]]
        #expect(features.count >= 4)
        let candidates = try read("candidats.csv").split(separator: "\n").dropFirst()
        for feature in features {
            let p = feature["properties"] as! [String: Any]
            let name = p["nom"] as! String
            let reached = p["menages_a_portee"] as! Double
            #expect(reached >= 4)
            #expect(candidates.contains { $0.hasPrefix(name + ";") && $0.contains(";retenu;") })
            #expect((p["raison"] as! String).contains("ménages"))
        }
        // The independent recomputation: zone × cell areas by GEOS, the zone's estimate spread
        // by poor households, cells within 500 m of a CCAS or France Services discounted (× 0.3),
        // then the cells whose centre is within the stop kind's catchment (Data/plan.toml).
        let scored = try VectorDataset(path: (try Self.folder).appendingPathComponent("bondy.geojson").path)
        let layer = try scored.layer(at: 0)
        let estimateField = layer.fields.first { $0.name == "non_recours_estime" }!.index
        var zones: [(MultiPolygon, Double)] = []
        try layer.forEachFeature { feature in zones.append((feature.polygons()!, feature.double(estimateField) ?? 0)) }
        let laea = try SpatialReference(epsg: 3035)
        let toGrid = try CoordinateTransformer(from: SpatialReference(epsg: 4326), to: laea)
        zones = try zones.map { zone, estimate in
            (
                MultiPolygon(
                    try zone.polygons.map { polygon in
                        var exterior = polygon.exterior.points
                        try toGrid.transform(&exterior)
                        return Polygon(
                            exterior: Ring(exterior),
                            holes: try polygon.holes.map { hole in
                                var points = hole.points
                                try toGrid.transform(&points)
                                return Ring(points)
                            })
                    }), estimate
            )
        }
        let csv = try String(contentsOfFile: Fixtures.bondyCells, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = csv[0]
        let id = header.firstIndex(of: "idcar_200m")!, poor = header.firstIndex(of: "men_pauv")!
        var cells: [(x: Double, y: Double, poor: Double, square: MultiPolygon)] = []
        for row in csv.dropFirst() where row.count == header.count {
            let text = row[id]
            let n = Double(text[text.range(of: "N")!.upperBound..<text.range(of: "E", options: .backwards)!.lowerBound])!
            let e = Double(text[text.range(of: "E", options: .backwards)!.upperBound...])!
            let square = MultiPolygon([
                Polygon(exterior: Ring([Point(x: e, y: n), Point(x: e + 200, y: n), Point(x: e + 200, y: n + 200), Point(x: e, y: n + 200)]))
            ])
            cells.append((e + 100, n + 100, Double(row[poor])!, square))
        }
        var risk = [Double](repeating: 0, count: cells.count)
        for (zone, estimate) in zones where estimate > 0 {
            let shares = try cells.map { cell in cell.poor * (try GEOSOracle.intersectionArea(zone, cell.square)) / 40_000 }
            let sum = shares.reduce(0, +)
            for c in cells.indices where sum > 0 { risk[c] += estimate * shares[c] / sum }
        }
        // The catchments written in Data/plan.toml.
        let catchment = [
            "market": 600.0, "supermarket": 1000, "community_centre": 500, "food_bank": 800, "station": 800, "youth": 1500, "pmi": 800,
            "school": 500, "senior_club": 600,
        ]
        var receptions: [Point] = []
        for row in candidates {
            let f = row.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            if f[2] == "CCAS" || f[2] == "France Services", let x = Fixtures.number(f[3]), let y = Fixtures.number(f[4]) {
                receptions.append(Point(x: x, y: y))
            }
        }
        #expect(receptions.count == 2)
        try toGrid.transform(&receptions)
        for c in cells.indices where receptions.contains(where: { Point(x: cells[c].x, y: cells[c].y).distance(to: $0) <= 500 }) { risk[c] *= 0.3 }
        for feature in features {
            let coordinates = (feature["geometry"] as! [String: Any])["coordinates"] as! [Double]
            var stop = [Point(x: coordinates[0], y: coordinates[1])]
            try toGrid.transform(&stop)
            let label = (feature["properties"] as! [String: Any])["type"] as! String
            let kind = try #require(StopKind(label: label)?.rawValue, "not a stop kind: \(label)")
            let radius = try #require(catchment[kind], "no catchment for the stop kind \(kind)")
            var reach = 0.0
            for (c, cell) in cells.enumerated()
            where (cell.x - stop[0].x) * (cell.x - stop[0].x) + (cell.y - stop[0].y) * (cell.y - stop[0].y) <= radius * radius {
                reach += risk[c]
            }
            let published = (feature["properties"] as! [String: Any])["menages_a_portee"] as! Double
            #expect(abs(reach - published) <= 0.5, "\((feature["properties"] as! [String: Any])["nom"]!): recomputed \(reach), published \(published)")
        }
    }

    @Test func calendarParsesAndMatchesThePlan() throws {
        let ics = try read("plan.ics")
        #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(ics.hasSuffix("END:VCALENDAR\r\n"))
        // Unfold (RFC 5545 §3.1) and check every line is at most 75 octets before unfolding.
        for line in ics.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        let unfolded = ics.replacingOccurrences(of: "\r\n ", with: "")
        let lines = unfolded.components(separatedBy: "\r\n")
        var events: [[String: String]] = []
        var current: [String: String]?
        for line in lines {
            if line == "BEGIN:VEVENT" { current = [:]; continue }
            if line == "END:VEVENT" { events.append(current!); current = nil; continue }
            if current != nil, let colon = line.firstIndex(of: ":") {
                current![String(line[..<colon])] = String(line[line.index(after: colon)...])
            }
        }
        let visits = try rows()
        #expect(events.count == visits.count)
        #expect(Set(events.map { $0["UID"]! }).count == events.count)
        #expect(unfolded.contains("TZID:Europe/Paris"))
        for (event, visit) in zip(events, visits) {
            let day = visit["date"]!.replacingOccurrences(of: "-", with: "")
            let start = visit["debut"]!.replacingOccurrences(of: ":", with: "") + "00"
            let end = visit["fin"]!.replacingOccurrences(of: ":", with: "") + "00"
            #expect(event["DTSTART;TZID=Europe/Paris"] == "\(day)T\(start)")
            #expect(event["DTEND;TZID=Europe/Paris"] == "\(day)T\(end)")
            #expect(event["SUMMARY"]?.contains(visit["arret"]!.replacingOccurrences(of: ",", with: "\\,")) == true)
        }
        // Stable UIDs: a second run gives the same calendar.
        let again = (try Self.folder).appendingPathComponent("again").path
        let run = try Fixtures.run([
            "plan", "--scored", (try Self.folder).appendingPathComponent("bondy.geojson").path, "--cells", Fixtures.bondyCells,
            "--pois", Fixtures.equipements, Fixtures.commerces, "--month", "2026-12", "--date", "2026-11-22", "-o", again,
        ])
        #expect(run.status == 0)
        #expect(try String(contentsOfFile: again + "/plan.ics", encoding: .utf8) == ics)
    }

    @Test func summaryGivesTheGapAndTheRoutesOpen() throws {
        let summary = try JSONSerialization.jsonObject(with: Data(read("plan.json").utf8)) as! [String: Any]
        #expect(summary["cafPayDay"] as? String == "2026-12-07")
        let bound = summary["upperBound"] as! Double, objective = summary["objective"] as! Double
        #expect(bound >= objective)
        #expect((summary["gapPercent"] as! Double) >= 0)
        let info = try Fixtures.runTool("ogrinfo", ["-ro", "-so", "-al", (try Self.folder).appendingPathComponent("plan/route.geojson").path])
        #expect(info.status == 0)
        #expect(info.stdout.contains("Line String"))
    }
}

/// The planner goes where people are not yet reached (#15): places that fit, expected contacts.
@Suite(.serialized) struct PlannerPlacesTests {
    static let prepared = Result<URL, any Error> { try Fixtures.scoredBondy(in: Fixtures.temporaryFolder()) }
    static var folder: URL { get throws { try prepared.get() } }

    func plan(_ name: String, rules: String? = nil) throws -> URL {
        let out = (try Self.folder).appendingPathComponent(name)
        let run = try Fixtures.run(
            [
                "plan", "--scored", (try Self.folder).appendingPathComponent("bondy.geojson").path, "--cells", Fixtures.bondyCells,
                "--pois", Fixtures.equipements, Fixtures.commerces, "--month", "2027-03", "--date", "2026-11-22", "-o", out.path,
            ] + (rules.map { ["--plan", $0] } ?? []))
        #expect(run.status == 0, "\(run.stderr)")
        return out
    }

    func stops(_ folder: URL) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("stops.geojson"))) as! [String: Any]
        return (json["features"] as! [[String: Any]]).map { $0["properties"] as! [String: Any] }
    }

    /// A territory in Alsace-Moselle keeps Good Friday: the same zones under Strasbourg's
    /// commune codes give a plan without a visit on 26 March 2027, which Bondy's plan has.
    @Test func theTerritorysOwnHolidaysComeFromItsCommunes() throws {
        let bondy = try String(contentsOf: (try Self.folder).appendingPathComponent("bondy.geojson"), encoding: .utf8)
        let strasbourg = (try Self.folder).appendingPathComponent("strasbourg.geojson")
        try bondy.replacingOccurrences(of: "93010", with: "67482").write(to: strasbourg, atomically: true, encoding: .utf8)
        func visitDays(_ scored: URL, _ name: String) throws -> (days: Set<String>, holidays: [String]) {
            let out = (try Self.folder).appendingPathComponent(name)
            let run = try Fixtures.run([
                "plan", "--scored", scored.path, "--cells", Fixtures.bondyCells, "--pois", Fixtures.equipements, Fixtures.commerces,
                "--month", "2027-03", "--date", "2026-11-22", "-o", out.path,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let rows = try Fixtures.csvRows(out.appendingPathComponent("plan.csv").path)
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("plan.json"))) as! [String: Any]
            return (Set(rows.compactMap { $0["date"] }), summary["holidays"] as? [String] ?? [])
        }
        let inBondy = try visitDays((try Self.folder).appendingPathComponent("bondy.geojson"), "jours_bondy")
        let inStrasbourg = try visitDays(strasbourg, "jours_strasbourg")
        #expect(inBondy.days.contains("2027-03-26"))
        #expect(!inStrasbourg.days.contains("2027-03-26") && !inStrasbourg.days.isEmpty)
        #expect(inStrasbourg.holidays.contains("2027-03-26 Vendredi saint"), "\(inStrasbourg.holidays)")
        #expect(!inBondy.holidays.contains { $0.contains("Vendredi saint") })
    }

    @Test func noStopAtAReceptionPointAndCommunityCentresChosen() throws {
        let folder = try plan("defaut")
        let chosen = try stops(folder)
        // Kinds in French, as every table names them.
        let kinds = chosen.map { $0["type"] as! String }
        #expect(!kinds.contains("CCAS") && !kinds.contains("France Services"))
        #expect(kinds.contains(StopKind.communityCentre.frenchLabel))
        for stop in chosen {
            let contacts = stop["personnes_par_demi_journee"] as! Double
            // People per half-day: at least minimum_people, at most the team's capacity.
            #expect(contacts >= 3 - 1e-9 && contacts <= 8 + 1e-9)
        }
        let candidates = try String(contentsOf: folder.appendingPathComponent("candidats.csv"), encoding: .utf8)
        #expect(candidates.contains("point d'accueil existant"))
        // The youth information point inside the Maison France Services is left aside with it.
        let bij = try #require(candidates.split(separator: "\n").first { $0.hasPrefix("Bureau Information Jeunesse") })
        #expect(bij.contains(";écarté;") && bij.contains("au même endroit qu'un point d'accueil existant (Maison France Services"))
        // One row per place: the Maison de quartier Brassens, listed twice in the source, is one stop.
        let names = candidates.split(separator: "\n").dropFirst().map { String($0.split(separator: ";")[0]) }
        #expect(names.filter { $0.contains("Brassens") }.count == 1)
        #expect(Set(names).count == names.count)
        // Two Lidl are told apart by their address: one a stop of its own, the other near the
        // market, one stop with it (one place, one stop).
        #expect(names.filter { $0.hasPrefix("Lidl, ") }.count == 1)
        let market = try #require(candidates.split(separator: "\n").first { $0.hasPrefix("Marché Suzanne Buisson;") })
        #expect(market.hasSuffix("Lidl, 20 Avenue Henri Varagnat 93140 Bondy (supermarché)"))
        // Addresses reach the stops, the visits and the calendar.
        let supermarkets = chosen.filter { ($0["type"] as! String) == "supermarché" }
        #expect(!supermarkets.isEmpty && supermarkets.allSatisfy { !($0["adresse"] as! String).isEmpty })
        let ics = try String(contentsOf: folder.appendingPathComponent("plan.ics"), encoding: .utf8)
        #expect(ics.contains("93140 Bondy"))
    }

    @Test func receptionPointsComeBackWhenThePlanFileAsksForThem() throws {
        var rules = try String(contentsOfFile: Fixtures.data("plan.toml"), encoding: .utf8)
        rules = rules.replacingOccurrences(of: "allow_reception_points = false", with: "allow_reception_points = true")
            .replacingOccurrences(of: "reception_discount = 0.7", with: "reception_discount = 0")
        let path = try Fixtures.temporaryFile("plan_accueil.toml", contents: rules)
        let folder = try plan("accueil", rules: path)
        let candidates = try String(contentsOf: folder.appendingPathComponent("candidats.csv"), encoding: .utf8)
        #expect(!candidates.contains("point d'accueil existant"))
    }
}

/// Four months on Bondy with two teams, a biweekly rhythm, known market days and two dated
/// events: every rule checked visit by visit in plan.csv and the calendar.
@Suite(.serialized) struct FourMonthPlanTests {
    static let prepared = Result<URL, any Error> {
        let base = try Fixtures.scoredBondy(in: Fixtures.temporaryFolder())
        var rules = try String(contentsOfFile: Fixtures.data("plan.toml"), encoding: .utf8)
        rules = rules.replacingOccurrences(of: "frequency = \"weekly\"", with: "frequency = \"biweekly\"\nteams = 2")
            .replacingOccurrences(of: "\n[markets]", with: "\n[markets]\n\"Marché Suzanne Buisson\" = [\"mardi\", \"vendredi\"]")
        let plan = try Fixtures.temporaryFile("plan_4_mois.toml", contents: rules)
        let events = try Fixtures.temporaryFile(
            "evenements.csv",
            contents: "date;lieu;nom;creneau\n14/04/2027;Brassens;Forum emploi;après-midi\n2027-05-21;Marché Suzanne Buisson;Fête de quartier;matin\n")
        let run = try Fixtures.run([
            "plan", "--scored", base.appendingPathComponent("bondy.geojson").path, "--cells", Fixtures.bondyCells,
            "--pois", Fixtures.equipements, Fixtures.commerces, "--months", "2027-03..2027-06", "--events", events, "--plan", plan,
            "--network", Fixtures.bondyStreets, "--date", "2026-11-22", "-o", base.appendingPathComponent("plan").path,
        ])
        guard run.status == 0 else { throw FixtureError(message: run.stderr) }
        return base.appendingPathComponent("plan")
    }
    static var folder: URL { get throws { try prepared.get() } }

    func rows() throws -> [[String: String]] {
        let lines = try String(contentsOf: (try Self.folder).appendingPathComponent("plan.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: ";").map(String.init)
        return lines.dropFirst().map { line in
            // Quoted fields hold no ';' in these rows except addresses, which are not quoted here.
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    @Test func everyVisitKeepsEveryRule() throws {
        let visits = try rows()
        #expect(Set(visits.map { String($0["date"]!.prefix(7)) }) == ["2027-03", "2027-04", "2027-05", "2027-06"])
        let holidays: Set<String> = ["2027-03-29", "2027-05-01", "2027-05-06", "2027-05-08", "2027-05-17"]
        let payDays = ["2027-03": "2027-03-05", "2027-04": "2027-04-05", "2027-05": "2027-05-05", "2027-06": "2027-06-07"]
        func day(_ text: String) -> Int {
            let p = text.split(separator: "-").map { Int($0)! }
            return p[0] * 372 + p[1] * 31 + p[2]
        }
        var perTeamDay: [String: Int] = [:], perTeamSlot: [String: Int] = [:], seriesOfStop: [String: Set<String>] = [:]
        for visit in visits {
            let date = visit["date"]!
            #expect(visit["jour"] != "dimanche", "\(date)")
            #expect(!holidays.contains(date), "\(date) is a public holiday")
            perTeamDay["\(visit["equipe"]!)|\(date)", default: 0] += 1
            perTeamSlot["\(visit["equipe"]!)|\(date)|\(visit["creneau"]!)", default: 0] += 1
            if visit["type"] == "supermarché" && visit["evenement"]!.isEmpty {
                let pay = payDays[String(date.prefix(7))]!
                #expect(day(date) >= day(pay) && day(date) <= day(pay) + 6, "\(visit["arret"]!) on \(date), pay day \(pay)")
            }
            if visit["type"] == "marché" && visit["evenement"]!.isEmpty {
                #expect(["mardi", "vendredi"].contains(visit["jour"]!), "market on \(visit["jour"]!)")
                #expect(visit["creneau"] == "matin", "market in the \(visit["creneau"]!)")
            }
            // A supermarket is visited once a month, after the CAF pays; it may give its half-day to
            // a community place of the pay week and take another half-day of that week.
            if visit["evenement"]!.isEmpty && visit["type"] != "supermarché" {
                seriesOfStop[visit["arret"]!, default: []].insert("\(visit["equipe"]!)|\(visit["jour"]!)|\(visit["creneau"]!)")
            }
        }
        // At most two stops a day per team, one place per team and half-day.
        #expect(perTeamDay.values.allSatisfy { $0 <= 2 })
        #expect(perTeamSlot.values.allSatisfy { $0 == 1 })
        // A stop keeps its team, weekday and half-day over the four months.
        #expect(seriesOfStop.values.allSatisfy { $0.count == 1 })
        // Both teams work; both events are in the calendar on their date.
        #expect(Set(visits.map { $0["equipe"]! }) == ["1", "2"])
        #expect(visits.contains { $0["evenement"] == "Forum emploi" && $0["date"] == "2027-04-14" && $0["creneau"] == "après-midi" })
        #expect(visits.contains { $0["evenement"] == "Fête de quartier" && $0["date"] == "2027-05-21" })
        // The weeks after the pay week are not empty: regular stops every week of the period.
        let weeks = Set(visits.map { (day($0["date"]!) - day("2027-03-01")) / 7 })
        #expect(weeks.count >= 17)
        let ics = try String(contentsOf: (try Self.folder).appendingPathComponent("plan.ics"), encoding: .utf8)
        #expect(ics.components(separatedBy: "BEGIN:VEVENT").count - 1 == visits.count)
        let uids = ics.split(separator: "\r\n").filter { $0.hasPrefix("UID:") }
        #expect(Set(uids).count == uids.count)
    }

    @Test func badEventsAreRefusedWithTheirRow() throws {
        let base = try Fixtures.scoredBondy(in: Fixtures.temporaryFolder())
        for (content, expected) in [
            ("date;lieu;nom\n2027-02-30;Brassens;Forum\n", "2027-02-30"),
            ("date;lieu;nom\n2027-04-14;Maison de quartier;Forum\n", "donnez le nom complet"),
            ("date;lieu;nom\n2027-04-14;Piscine;Forum\n", "aucun arrêt du plan"),
        ] {
            let events = try Fixtures.temporaryFile("evenements.csv", contents: content)
            let run = try Fixtures.run([
                "plan", "--scored", base.appendingPathComponent("bondy.geojson").path, "--cells", Fixtures.bondyCells,
                "--pois", Fixtures.equipements, Fixtures.commerces, "--months", "2027-03..2027-06", "--events", events,
                "-o", base.appendingPathComponent("plan").path,
            ])
            #expect(run.status == 1)
            #expect(run.stderr.contains("evenements.csv:2") && run.stderr.contains(expected), "\(run.stderr)")
        }
        let bad = try Fixtures.run([
            "plan", "--scored", base.appendingPathComponent("bondy.geojson").path, "--cells", Fixtures.bondyCells,
            "--pois", Fixtures.equipements, "--months", "2027-06..2027-03", "-o", base.appendingPathComponent("p2").path,
        ])
        #expect(bad.status != 0 && bad.stderr.contains("--months"))
    }
}
