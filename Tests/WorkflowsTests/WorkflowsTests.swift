import Cartography
import Exports
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Outreach
import Risk
import ScoredFiles
import Support
import TerritoryFile
import TestSupport
import Testing
import Workflows

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The jobs, called in memory as the command line calls them: no binary involved.
@Suite(.serialized) struct TerritoryJobTests {
    static let territory = Fixtures.bondy("territory.toml")

    func run(into folder: String, threads: Int) throws -> TerritoryRun.Summary {
        try TerritoryRun(
            territoryPath: Self.territory, options: TerritoryRun.Settings(output: folder, force: false, date: "2026-11-23", threads: threads)
        ).execute()
    }

    @Test func bondyRunsInMemoryAndSaysWhatItWrote() throws {
        let base = try Fixtures.temporaryFolder()
        let folder = base.appendingPathComponent("bondy").path
        let summary = try run(into: folder, threads: 2)
        #expect(summary.zones == 22)
        #expect(summary.nonrecoursLow <= summary.nonrecoursEstimate && summary.nonrecoursEstimate <= summary.nonrecoursHigh)
        #expect(summary.nonrecoursEstimate > 0)
        for name in summary.outputs.keys {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + name), "\(name)")
        }
        #expect(summary.text.contains("Bondy (93010) : 22 zones"))
        // Nothing a planner shares names the machine's folders: neither the inputs' nor the
        // output folder's absolute paths, in any file (binary ones included).
        let project = Fixtures.projectRoot.standardizedFileURL.path
        let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        #expect(files.count > 20)
        for name in files {
            guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
            for secret in [project, base.path] { #expect(data.range(of: Data(secret.utf8)) == nil, "\(name) names \(secret)") }
        }
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/run.json"))) as? [String: Any]
        let inputs = record?["inputs"] as? [[String: Any]] ?? []
        #expect(inputs.contains { $0["path"] as? String == "carreaux_filosofi2019_bondy.csv" && ($0["modified"] as? String)?.count == 10 })
        #expect(inputs.contains { $0["path"] as? String == "../models/default.toml" })
        // The dictionary names every column of every table the run wrote, with its label, unit
        // and source; every computed column is French.
        let dictionary = try Fixtures.csvRows(folder + "/dictionnaire_variables.csv")
        let described = Set(dictionary.map { "\($0["table"] ?? "")/\($0["colonne"] ?? "")" })
        #expect(dictionary.allSatisfy { !($0["libelle"] ?? "").isEmpty && !($0["unite"] ?? "").isEmpty && !($0["source"] ?? "").isEmpty })
        func header(_ file: String) throws -> [String] {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            return String(text.prefix { $0 != "\n" }).replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: ";").map(String.init)
        }
        func properties(_ file: String) throws -> [String] {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))) as? [String: Any]
            let first = (json?["features"] as? [[String: Any]])?.first?["properties"] as? [String: Any]
            return Array((first ?? [:]).keys)
        }
        let tables: [(String, [String])] = [
            ("zones_risque", try header("zones_risque.csv")), ("visites", try header("tournee/plan.csv")), ("candidats", try header("tournee/candidats.csv")),
            ("acces_iris", try header("implantation/siting.csv")), ("cellules_hors_atteinte", try header("implantation/cellules_hors_atteinte.csv")),
            ("arrets", try properties("tournee/stops.geojson")), ("tournees", try properties("tournee/route.geojson")),
            ("sites", try properties("implantation/siting.geojson")),
        ]
        for (table, columns) in tables {
            #expect(!columns.isEmpty, "\(table)")
            for column in columns { #expect(described.contains("\(table)/\(column)"), "\(table)/\(column) is not in the dictionary") }
        }
        // The report's visible text speaks plain French: no variable code, no method's code
        // name, benefits by their names.
        var report = try String(contentsOfFile: folder + "/rapport.html", encoding: .utf8)
        for element in ["script", "style", "svg"] {
            while let start = report.range(of: "<\(element)"), let end = report.range(of: "</\(element)>", range: start.upperBound..<report.endIndex) {
                report.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        let visible = report.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        for code in ["men_pauv", "ind_snv", "men_fmp", "non_recours_estime", "nonrecours_est", "score_risque", "(jenks)", " rsa ", " ppa ", "sous la borne"] {
            #expect(!visible.contains(code), "the report shows « \(code) »")
        }
        #expect(visible.contains("Nombre de ménages pauvres") && visible.contains("classes nationales fixes"))
        // The tour and siting maps are titled for what they show, in the SVG and the PDF.
        let tour = try String(contentsOfFile: folder + "/carte_tournee.svg", encoding: .utf8)
        #expect(tour.contains("Tournée d'aller-vers — Bondy (93010), ") && !tour.contains(">Risque de non-recours aux droits, par IRIS<"))
        #expect(try String(contentsOfFile: folder + "/carte_implantation.svg", encoding: .utf8).contains("Implantation des points d'accueil — Bondy"))
        // Credits name sources, never a file, and only what the map draws.
        for map in ["carte_risque", "carte_tournee", "carte_implantation", "carte_acces"] {
            let svg = try String(contentsOfFile: folder + "/\(map).svg", encoding: .utf8)
            let sources = svg.components(separatedBy: "Sources : ").dropFirst().map { $0.prefix { $0 != "<" } }.joined()
            #expect(!sources.contains(".geojson") && !sources.contains(".csv"), "\(map): \(sources)")
            #expect(sources.contains("Cnaf") == (map != "carte_acces"), "\(map): \(sources)")
        }
        // The risk map names its IRIS, every one of the two highest classes among them, and no
        // two names overlap.
        let riskMap = try String(contentsOfFile: folder + "/carte_risque.svg", encoding: .utf8)
        let named = try MapLabels.labels(in: riskMap, group: "noms-iris", fontSize: 10)
        let rows = try Fixtures.csvRows(folder + "/zones_risque.csv")
        let highest = rows.compactMap { Int($0["classe_risque"] ?? "") }.max() ?? 0
        let riskiest = rows.filter { Int($0["classe_risque"] ?? "") ?? 0 >= highest - 1 }.compactMap { $0["nom_iris"] }
        #expect(riskiest.count >= 2)
        for name in riskiest { #expect(named.contains { $0.name == xml(name) }, "\(name) is not named on the risk map") }
        #expect(MapLabels.overlaps(named).isEmpty, "\(MapLabels.overlaps(named))")
        // The tour map keys every stop by name, day and hours, and the depot; the siting map
        // keys the reception points and the proposed sites.
        let keyedStops = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/tournee/stops.geojson"))) as? [String: Any]
        for stop in ((keyedStops?["features"] as? [[String: Any]]) ?? []).compactMap({ $0["properties"] as? [String: Any] }) {
            let number = stop["numero"] as? Int ?? 0, name = stop["nom"] as? String ?? ""
            #expect(tour.contains(">\(number). \(xml(name)) — "), "stop \(number) \(name) is not keyed")
        }
        #expect(tour.contains("Arrêts de la tournée") && tour.contains(">D. ") && tour.contains("départ et retour des tournées"))
        #expect(tour.contains("mardi matin 9\u{A0}h\u{A0}30–12\u{A0}h"))
        let sitingMap = try String(contentsOfFile: folder + "/carte_implantation.svg", encoding: .utf8)
        #expect(
            sitingMap.contains("Points d'accueil et sites proposés") && sitingMap.contains("site proposé (") && sitingMap.contains("point d'accueil existant (")
        )
        // Every stop is found by a street: the list's address or the nearest named street.
        let stops = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/tournee/stops.geojson"))) as? [String: Any]
        let addresses = ((stops?["features"] as? [[String: Any]]) ?? []).map { ($0["properties"] as? [String: Any])?["adresse"] as? String ?? "" }
        #expect(!addresses.isEmpty && addresses.allSatisfy { !$0.isEmpty }, "\(addresses)")
        #expect(addresses.contains { $0.hasPrefix("rue la plus proche : ") })
        let english = ["name", "kind", "address", "why", "status", "risk_score", "explanation", "reliability", "households_reached"]
        for (table, columns) in tables { #expect(Set(columns).isDisjoint(with: english), "\(table): \(columns)") }
    }

    /// The maps draw the published zones built in memory: they must be the zones the
    /// GeoPackage holds, value for value.
    @Test func thePublishedZonesInMemoryAreTheGeoPackagesZones() throws {
        let base = try Fixtures.temporaryFolder()
        let folder = base.appendingPathComponent("bondy").path
        _ = try run(into: folder, threads: 1)
        let fromFile = try ScoredLayer.read(path: folder + "/zones_risque.gpkg", threads: 2)
        let territory = try Territory.load(path: Self.territory)
        let cells = try FilosofiReader.read(path: territory.cells, threads: 1)
        let zones = try territory.zoneSource.read(threads: 1)
        let caf = try territory.caf.map { try CafdataReader.read(path: $0, period: territory.cafPeriod) }
        let model = try RiskModel.load(path: territory.model!)
        let scored = try ScoringRun.run(
            cells: cells, zones: zones, companions: territory.zoneSource.companions(of: zones, caf: caf, threads: 1), caf: caf, model: model, threads: 1
        )
        let inMemory = try ScoredTerritory.publishedLayer(scored.geoPackageTable(zones: zones, style: MapRun.loadStyle(nil), threads: 2), source: "mémoire")
        #expect(inMemory.zones.count == fromFile.zones.count)
        #expect(inMemory.credits == fromFile.credits)
        #expect(inMemory.crs.authorityCode == fromFile.crs.authorityCode)
        for (a, b) in zip(inMemory.zones, fromFile.zones) {
            #expect(a.code == b.code)
            #expect(a.attributes == b.attributes, "\(a.code)")
            #expect(a.geometry == b.geometry, "\(a.code)")
        }
    }

    /// A map reads only the columns it draws (`columnsDrawn`): for every layer of the
    /// zones, the map of those columns is the map of all of them, byte for byte.
    @Test func aMapReadsOnlyTheColumnsItDrawsAndDrawsTheSame() throws {
        let base = try Fixtures.temporaryFolder()
        let folder = base.appendingPathComponent("bondy").path
        _ = try run(into: folder, threads: 1)
        let path = folder + "/zones_risque.gpkg"
        let everything = try ScoredLayer.read(path: path, threads: 2)
        let model = try RiskModel.load(path: try Territory.load(path: Self.territory).model!)
        let layers: [MapLayer] = [.risk, .nonrecours, .poverty, .niveauDeVie] + model.benefits.map { .benefit(id: $0.id, label: "", assumedRate: false) }
        let style = try MapRun.loadStyle(nil)
        for layer in layers {
            let only = try ScoredLayer.read(path: path, threads: 2, only: layer.columnsDrawn)
            #expect(only.zones.count == everything.zones.count)
            #expect(only.zones.allSatisfy { $0.attributes.count <= layer.columnsDrawn.count })
            let resolved = try layer.resolved(with: model, scored: only)
            func draw(_ zones: ScoredLayer) throws -> String {
                try MapRun.render(zones, style: style, layer: resolved, cells: nil, territory: nil, date: "2026-11-23", threads: 1)
            }
            #expect(try draw(only) == draw(everything), "\(layer.rawValue)")
        }
    }

    @Test func theOutputsDoNotDependOnTheThreadCount() throws {
        let base = try Fixtures.temporaryFolder()
        let one = base.appendingPathComponent("un").path, two = base.appendingPathComponent("deux").path
        _ = try run(into: one, threads: 1)
        _ = try run(into: two, threads: 3)
        let files = try FileManager.default.subpathsOfDirectory(atPath: one).filter { !$0.hasSuffix("run.json") }.sorted()
        #expect(files.count > 20)
        for file in files {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: one + "/" + file, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            #expect(FileManager.default.contents(atPath: one + "/" + file) == FileManager.default.contents(atPath: two + "/" + file), "\(file)")
        }
    }

    /// The stops and routes the maps draw are those the plan's GeoJSON files publish.
    @Test func theMapsDrawTheStopsAndRoutesThePlanPublishes() throws {
        let base = try Fixtures.temporaryFolder()
        let folder = base.appendingPathComponent("bondy").path
        _ = try run(into: folder, threads: 2)
        let published = try MapOverlays.read(stops: folder + "/tournee/stops.geojson", routes: folder + "/tournee/route.geojson")
        #expect(!published.stops.isEmpty && !published.routes.isEmpty)
        let svg = try String(contentsOfFile: folder + "/carte_tournee.svg", encoding: .utf8)
        for stop in published.stops { #expect(svg.contains(">\(stop.number)<"), "stop \(stop.number)") }
    }
}

@Suite struct ZoneSourceTests {
    /// With Cafdata by commune, a filtered territory brings the other zones of its communes.
    @Test func companionsAreTheOtherZonesOfTheSameCommunes() throws {
        let source = ZoneSource(
            path: Fixtures.iris93, layer: nil, idField: nil, whereClause: "CODE_IRIS IN ('930100101', '930100102')", assumedCRS: nil, repair: false
        )
        let zones = try source.read(threads: 2)
        #expect(zones.zones.count == 2)
        let caf = try CafdataReader.read(path: Fixtures.caf93, period: "2024-12")
        let companions = try #require(try source.companions(of: zones, caf: caf, threads: 2))
        #expect(companions.zones.count == 20)
        #expect(companions.zones.allSatisfy { $0.commune == "93010" && !["930100101", "930100102"].contains($0.id) })
        // Without a filter there is nothing left out.
        let whole = ZoneSource(path: Fixtures.iris93, layer: nil, idField: nil, whereClause: nil, assumedCRS: nil, repair: false)
        #expect(try whole.companions(of: zones, caf: caf, threads: 2) == nil)
    }
}

@Suite struct OutputFolderJobTests {
    /// A folder refused (another user's files, no --force) leaves no lock behind.
    @Test func aRefusedFolderReleasesItsLock() throws {
        let base = try Fixtures.temporaryFolder()
        let folder = base.appendingPathComponent("sorties").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        try "à moi".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try OutputFolder(path: folder, force: false) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path) == ["sorties"])
        // With --force the user's file is carried into the new folder.
        let output = try OutputFolder(path: folder, force: true)
        try "x".write(toFile: output.file("a.txt"), atomically: true, encoding: .utf8)
        try output.commit()
        output.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == [".allervers-sorties", "a.txt", "notes.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path) == ["sorties"])
    }
}

@Suite struct PlanPeriodTests {
    @Test func periodsAreParsedAsPlannersWriteThem() {
        #expect(PlanDates.parsePeriod("2027-03..2027-05")?.map(\.description) == ["2027-03", "2027-04", "2027-05"])
        #expect(PlanDates.parsePeriod("2027-05..2027-03") == nil)
        #expect(PlanDates.parsePeriod("2027-01..2028-01") == nil)
        #expect(LonLatText.parse("2.48, 48.90") != nil)
        #expect(LonLatText.parse("48.90,200") == nil)
    }
}

/// The commune of each place, for the rotation between communes: that of the scored zone the
/// place stands in, from the zone's commune field or its IRIS code; none outside every zone.
@Suite struct PlaceCommuneTests {
    @Test func placesTakeTheCommuneOfTheirZone() throws {
        func square(_ x: Double, _ y: Double) -> MultiPolygon {
            MultiPolygon([Polygon(exterior: Ring([Point(x: x, y: y), Point(x: x + 0.01, y: y), Point(x: x + 0.01, y: y + 0.01), Point(x: x, y: y + 0.01)]))])
        }
        let layer = ScoredLayer(
            source: "hand-made", crs: try SpatialReference(epsg: 4326),
            zones: [
                ScoredZone(code: "930100101", name: "A", commune: nil, attributes: [:], geometry: square(2.47, 48.90)),
                ScoredZone(
                    code: "930510101", name: "B", commune: "93051", attributes: [ScoredColumn.communeName: .text("Noisy-le-Grand")],
                    geometry: square(2.50, 48.90)),
            ], credits: nil)
        let places = [Point(x: 2.475, y: 48.905), Point(x: 2.505, y: 48.905), Point(x: 2.49, y: 48.905)].map {
            StopCandidate(name: "p", kind: .market, lonLat: $0, location: $0, source: "test")
        }
        let (codes, names) = try TourPlanning.communes(of: places, in: layer)
        #expect(codes == ["93010", "93051", ""])
        #expect(names == ["93010": "93010", "93051": "Noisy-le-Grand"])
        // Zones that are communes give their own code; other zones (a quartier prioritaire) none.
        #expect(TourPlanning.communeCode(zoneCode: "93048") == "93048")
        #expect(TourPlanning.communeCode(zoneCode: "2A0040101") == "2A004")
        #expect(TourPlanning.communeCode(zoneCode: "QP093001") == nil)
        #expect(TourPlanning.communeCode(zoneCode: "930100101") == "93010")
    }
}

/// Villages are communes that are one zone of their own (code + 0000) with fewer than a
/// thousand households: Bondy's IRIS relabelled as two such communes, one of 480 households
/// (a village) and one of 1 291 (not), beside Bondy's own IRIS (a town cut into IRIS).
@Suite struct VillageTests {
    @Test func villagesAreWholeCommunesOfFewHouseholds() throws {
        let base = try Fixtures.temporaryFolder()
        var text = try String(contentsOf: Fixtures.scoredBondy(in: base).appendingPathComponent("bondy.geojson"), encoding: .utf8)
        text = text.replacingOccurrences(
            of: #""code_iris": "930100101", "nom_iris": "La Flamiche", "insee_com": "93010""#,
            with: #""code_iris": "930990000", "nom_iris": "La Flamiche", "insee_com": "93099""#
        )
        .replacingOccurrences(
            of: #""code_iris": "930100202", "nom_iris": "Le Centre Ville", "insee_com": "93010""#,
            with: #""code_iris": "930980000", "nom_iris": "Le Centre Ville", "insee_com": "93098""#)
        let path = base.appendingPathComponent("villages.geojson")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let cells = try FilosofiReader.read(path: Fixtures.bondyCells, threads: 2)
        let coverage = try ScoredCoverage.compute(layer: ScoredLayer.read(path: path.path, threads: 2), cells: cells, threads: 2)
        let settings = try PlanSettings.load(path: Fixtures.data("plan.toml"))
        let (cellCommune, villages, _) = TourPlanning.villageCommunes(coverage, cells: cells, settings: settings)
        #expect(villages == ["93099"])
        #expect(Set(cellCommune).isSuperset(of: ["93010", "93098", "93099"]))
        #expect(cellCommune.count == cells.count)
    }
}

/// `couches.gpkg`: every layer of a run in one GeoPackage, in the maps' CRS, each with a
/// default QGIS style whose classes and labels are the SVG maps' legends, word for word.
@Suite struct LayerPackageTests {
    /// The legend labels of an SVG map, in order.
    func legendLabels(_ svg: String) -> [String] {
        svg.components(separatedBy: "data-legend-class=\"").dropFirst().compactMap { part in
            guard let start = part.range(of: "\">"), let end = part.range(of: "</text>") else { return nil }
            return String(part[start.upperBound..<end.lowerBound])
        }
    }

    func qmlLabels(_ qml: String) -> [String] {
        qml.components(separatedBy: "<category ").dropFirst().compactMap { part in
            guard let start = part.range(of: "label=\""), let end = part[start.upperBound...].range(of: "\"") else { return nil }
            return String(part[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&apos;", with: "'")
        }
    }

    @Test func oneGeoPackageHoldsEveryLayerStyledAsTheMaps() throws {
        let folder = try Fixtures.temporaryFolder().appendingPathComponent("bondy").path
        _ = try TerritoryRun(
            territoryPath: Fixtures.bondy("territory.toml"), options: TerritoryRun.Settings(output: folder, force: false, date: "2026-11-23", threads: 2)
        ).execute()
        let dataset = try VectorDataset(path: folder + "/couches.gpkg")
        #expect(Set(dataset.layerNames).isSuperset(of: ["zones_risque", "carreaux_acces", "points_accueil", "arrets", "trajets", "layer_styles"]))
        for name in ["zones_risque", "carreaux_acces", "points_accueil", "arrets", "trajets"] {
            #expect(try dataset.layer(named: name).spatialReference?.epsgCode == 2154, "\(name)")
        }
        #expect(try dataset.layer(named: "zones_risque").featureCount == 22)
        // As many stops and legs as the plan's GeoJSON files.
        let stops = try VectorDataset(path: folder + "/tournee/stops.geojson").layer(at: 0).featureCount
        let legs = try VectorDataset(path: folder + "/tournee/route.geojson").layer(at: 0).featureCount
        // The stops and the depot they leave from.
        #expect(try dataset.layer(named: "arrets").featureCount == stops + 1)
        #expect(try dataset.layer(named: "trajets").featureCount == legs)
        // One default style per layer.
        var styles: [String: String] = [:]
        let styleLayer = try dataset.layer(named: "layer_styles")
        let fields = styleLayer.fields
        let table = try #require(fields.first { $0.name == "f_table_name" }).index
        let qml = try #require(fields.first { $0.name == "styleQML" }).index
        let isDefault = try #require(fields.first { $0.name == "useAsDefault" }).index
        try styleLayer.forEachFeature { feature in
            if feature.integer(isDefault) == 1, let name = feature.string(table) { styles[name] = feature.string(qml) }
        }
        #expect(styles.count == 5)
        for (name, text) in styles {
            let parser = XMLParser(data: Data(text.replacingOccurrences(of: "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>", with: "").utf8))
            #expect(parser.parse(), "\(name): the style is not well-formed XML")
        }
        // The same class labels as the SVG legends (the last QGIS category is « no class »).
        let risk = try String(contentsOfFile: folder + "/carte_risque.svg", encoding: .utf8)
        let access = try String(contentsOfFile: folder + "/carte_acces.svg", encoding: .utf8)
        // Bondy's 22 IRIS fall in two of the four national classes: the empty ones are not listed.
        #expect(legendLabels(risk).map { $0.components(separatedBy: " : ")[0] } == ["modéré", "élevé"])
        #expect(Array(qmlLabels(styles["zones_risque"] ?? "").dropLast()) == legendLabels(risk))
        #expect(Array(qmlLabels(styles["carreaux_acces"] ?? "").dropLast()) == legendLabels(access))
        // The stops' colours are the map's.
        #expect(styles["arrets"]?.contains("fieldName=\"numero\"") == true)
    }
}

/// Progress on long steps: counts as French readers write them, the rate and the time left.
@Suite struct ProgressLineTests {
    /// The line with its narrow and no-break spaces shown as plain spaces.
    func line(_ done: Int, _ total: Int, _ elapsed: Double) -> String {
        TerminalProgress.line(label: "zones", done: done, total: total, elapsed: elapsed)
            .replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
    }

    @Test func countsRateAndTimeLeft() {
        #expect(
            line(12_150, 48_600, 1.5)
                == "zones 12 150 / 48 600 (25 %), 8 100 par seconde, reste environ 5 s")
        #expect(
            line(100, 48_600, 2)
                == "zones 100 / 48 600 (0 %), 50 par seconde, reste environ 17 min")
        #expect(
            line(48_600, 48_600, 4)
                == "zones 48 600 / 48 600 (100 %), 12 150 par seconde, 4,0 s")
        // Too early for a rate that means anything.
        #expect(line(10, 100, 0.2) == "zones 10 / 100 (10 %)")
    }
}
