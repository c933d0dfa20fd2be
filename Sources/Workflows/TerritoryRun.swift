import BundledFiles
import Cartography
import Crypto
import Documents
import Exports
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import MapPrinting
import Network
import Outreach
import Overlay
import Risk
import ScoredFiles
import Support
import TerritoryFile

/// A failure, with the step it happened in.
public struct StepError: Error, CustomStringConvertible {
    public var step: String
    public var underlying: any Error
    public var description: String { words("étape « %1$@ » : %2$@", step, underlying) }
}

/// One run of a territory: every output written into a hidden folder beside the target, which
/// replaces the target only when everything is written. A failure or a kill leaves the
/// previous outputs as they were.
public struct TerritoryRun {
    /// How to run: where to write, whether to write into a folder AllerVers did not create,
    /// the production date printed on the outputs, the worker threads.
    public struct Settings: Sendable {
        public var output: String?
        public var force: Bool
        public var date: String?
        public var threads: Int
        public init(output: String?, force: Bool, date: String?, threads: Int) {
            self.output = output
            self.force = force
            self.date = date
            self.threads = threads
        }
    }

    public let territoryPath: String
    public let options: Settings

    public init(territoryPath: String, options: Settings) {
        self.territoryPath = territoryPath
        self.options = options
    }

    public struct Summary: Codable {
        public var territory: String
        public var folder: String
        public var outputs: [String: String]
        public var zones: Int
        public var secretZones: Int
        public var outOfScopeZones: Int
        public var nonrecoursEstimate: Double
        public var nonrecoursLow: Double
        public var nonrecoursHigh: Double
        /// The steps and maps the inputs could not feed, with the reason (absent when none).
        public var notDone: [String: String]?

        /// The summary for a terminal, in the command line's language (the outputs' descriptions
        /// stay French in `outputs` and in run.json).
        public var text: String {
            let estimate = SpokenNumber.integer(nonrecoursEstimate), low = SpokenNumber.integer(nonrecoursLow), high = SpokenNumber.integer(nonrecoursHigh)
            var text = words(
                "%1$@ : %2$@ zones (%3$@ au secret%4$@), environ %5$@ ménages × prestations non perçues (%6$@ à %7$@)\n", territory, zones, secretZones,
                outOfScopeZones > 0 ? words(", %1$@ hors du champ des données", outOfScopeZones) : "", estimate, low, high)
            text += words("Sorties dans %1$@/ :\n", folder)
            let width = (outputs.keys.map(\.count).max() ?? 0) + 1
            for (file, what) in outputs.sorted(by: { $0.key < $1.key }) {
                let shown = Language.current == .en ? RunOutputs.englishDescription(of: file, french: what) : what
                text += "  \(file.padding(toLength: width, withPad: " ", startingAt: 0)) \(shown)\n"
            }
            let notDone = notDone ?? [:]
            if !notDone.isEmpty { text += words("Non fait (voir les avertissements et run.json) :\n") }
            for (what, why) in notDone.sorted(by: { $0.key < $1.key }) {
                text += "  \(Words.text(what, in: Language.current))\(words(" : "))\(why)\n"
            }
            return text
        }
    }

    /// A map printed on an A4 page (PDF), for a comité local.
    static func print(_ svg: String, title: String, date: String, to path: String) throws {
        try PhaseTimer.measure("carte imprimable") {
            try AtomicFile.write(MapPrinter.render(svg: svg, format: .pdf, layout: PageLayout(), title: title, date: date), to: path)
        }
    }

    public func execute() throws -> Summary {
        let territory: Territory
        do { territory = try Territory.load(path: territoryPath) } catch {
            throw StepError(step: RunStep.territoryFile.spoken, underlying: error)
        }
        let target =
            options.output
            ?? (territoryPath.hasSuffix("bondy/territory.toml")
                ? "allervers-demo" : URL(fileURLWithPath: territoryPath).deletingPathExtension().lastPathComponent)
        let folder = try OutputFolder(path: target, force: options.force)
        defer { folder.discard() }
        // The GeoJSON is written beside the maps (GDAL's GeoJSON writer takes about 0.7 ms per
        // zone); waited for before run.json, and before the folder is discarded on a failure.
        var geoJSON: BackgroundWork<Void>?
        defer { _ = try? geoJSON?.wait() }
        var skippedMaps: [String: InputError] = [:]
        let steps = StepRunner(total: 5 + (territory.hasPlan ? 1 : 0) + (territory.hasSiting ? 1 : 0))
        let date = options.date ?? MapRun.productionDate()
        let (cells, zones, inGrid, caf, model, style, mapping, pois) = try steps.run(.inputs) { try readInputs(territory) }
        let scored = try steps.run(.scoring) { () throws -> ScoringRun.Scored in
            let companions = try territory.zoneSource.companions(of: zones, caf: caf, threads: options.threads)
            return try ScoringRun.run(cells: cells, zones: zones, inGrid: inGrid, companions: companions, caf: caf, model: model, threads: options.threads)
        }
        ScoringRun.warnAboutScope(scored)
        ScoringRun.warnAboutCaf(scored, caf: caf)
        let summary = scored.summary(cellsSource: cells.source, zones: zones, base: territory.folder)
        // Maps, plan and siting draw the published zones, as the GeoPackage holds them.
        var layers: LayerPackage.Layers?
        var zonesDictionary: [ColumnDefinition] = []
        let published = try steps.run(.exports) { () throws -> ScoredLayer in
            let geoJSONTable = HandedOver(scored.geoJSONTable(zones: zones, threads: options.threads)), geoJSONPath = folder.file("zones_risque.geojson"),
                threads = options.threads
            geoJSON = BackgroundWork(threads: options.threads) { try ZoneOutput(geoJSONPath, threads: threads).write(geoJSONTable.value) }
            try scored.write(zones: zones, to: ZoneOutput(folder.file("zones_risque.csv"), threads: options.threads), style: style)
            let geoPackage = try scored.geoPackageTable(zones: zones, style: style, threads: threads)
            try geoPackage.write(to: folder.file("zones_risque.gpkg"))
            zonesDictionary = geoPackage.dictionary
            layers = LayerPackage.Layers(zones: geoPackage)
            try AtomicFile.writeJSON(summary, to: folder.file("resume.json"))
            return try ScoredTerritory.publishedLayer(geoPackage, source: folder.file("zones_risque.gpkg"))
        }
        // Sources beyond the scored data: the points of interest and the streets, once used.
        var moreCredits: [String] = []
        // Every map draws the published zones at the same scale: simplified once.
        let shapes = SimplifiedShapes()
        var riskMap: String?
        var tourForDossier: (plan: OutreachPlan, map: String, overlay: MapOverlay)?
        var sitingForDossier: (review: ReportDocument, map: String, access: String)?
        try steps.run(.maps) {
            (riskMap, skippedMaps) = try drawMaps(
                published, cells: cells, style: style, model: model, territory: territory.name, date: date, shapes: shapes, folder: folder)
        }
        for (file, error) in skippedMaps.sorted(by: { $0.key < $1.key }) { steps.skip(.maps, map: file, because: error) }
        var outputs = RunOutputs.outputDescriptions
        for benefit in model.benefits {
            outputs["carte_\(benefit.id).svg"] = "carte du non-recours estimé : \(benefit.label)\(benefit.ratePublished ? "" : " (taux supposé)")"
        }
        for file in skippedMaps.keys { outputs[file] = nil }
        var sections: [String] = []
        // The zones' coverage of the cells, from the overlay already made (the same zones, in
        // the same order), for the plan and the siting review.
        func coverage() -> ScoredCoverage {
            ScoredCoverage(layer: published, coverage: scored.overlaid.coverage)
        }
        // The street network, read once for the plan and the siting review.
        let streets = try territory.network.map {
            try StreetNetworkSource(path: $0, profilesPath: territory.networkProfiles ?? BundledFiles.file("network.toml"))
        }
        // A regional extract is read for the territory and its surroundings only.
        streets?.limit(to: coverage().extent(cells: cells), epsg: Int(cells.gridEPSG))
        if streets == nil && (territory.hasPlan || territory.hasSiting) { StreetNetworkSource.warnStraightLine(in: territory.source) }
        var travelMethods: [String: String] = [:]
        let run = RunInputs(
            territory: territory, folder: folder, cells: cells, published: published, scored: scored, style: style, model: model, mapping: mapping,
            pois: pois, date: date, shapes: shapes, streets: streets, threads: options.threads)
        if territory.hasPlan {
            tourForDossier = try planStep(
                run, steps: steps, layers: &layers, credits: &moreCredits, travelMethods: &travelMethods, outputs: &outputs, sections: &sections)
        }
        if territory.hasSiting {
            sitingForDossier = try sitingStep(
                run, steps: steps, layers: &layers, credits: &moreCredits, travelMethods: &travelMethods, outputs: &outputs, sections: &sections)
        }
        if let layers {
            try steps.run(.layers) { try LayerPackage.write(layers, style: style, to: folder.file("couches.gpkg")) }
        }
        try steps.run(.report) {
            let html = try MapRun.report(
                published, style: style, summary: summary, territory: territory.name, date: date, sections: sections, moreCredits: moreCredits,
                riskMap: riskMap, threads: options.threads
            )
            try AtomicFile.write(html, to: folder.file("rapport.html"))
        }
        var inSectors = false
        try steps.run(.dossier) {
            var dossier = Dossier(
                territory: territory.name, date: date, credits: MapComposition.credits(published, more: moreCredits).text, style: style, riskMap: riskMap ?? "")
            dossier.zoneWording = ZoneWording(codes: published.zones.map(\.code))
            dossier.tour = tourForDossier
            dossier.siting = sitingForDossier
            dossier.atlas = try Self.atlas(
                published, cells: cells, style: style, tour: tourForDossier, territory: territory.name, date: date, model: model,
                threads: options.threads)
            try AtomicFile.write(dossier.pdf(summary: Dossier.openingSentence(scored.assessment)), to: folder.file("dossier.pdf"))
            inSectors = !dossier.atlas.isEmpty && dossier.atlas.count < Set(published.zones.compactMap(\.commune)).count
        }
        outputs["dossier.pdf"] = RunOutputs.outputDescriptions["dossier.pdf"].map {
            inSectors ? $0.replacingOccurrences(of: "une page par commune", with: "une page par secteur de communes") : $0
        }
        try geoJSON?.wait()
        let dictionary = Self.columnDictionary(
            zones: zonesDictionary, folder: folder, plan: tourForDossier?.plan, model: model, codes: published.zones.map(\.code))
        try AtomicFile.write(ZoneTable.dictionaryCSV(dictionary), to: folder.file("dictionnaire_variables.csv"))
        steps.finish()
        try writeRunJSON(
            territory: territory, folder: folder, scored: scored, caf: caf, model: model, pois: pois, date: date, timings: steps.timings,
            outputNames: outputs, travelMethods: travelMethods, notDone: steps.skipped
        )
        try folder.commit()
        return Summary(territory: territory.name, folder: folder.finalPath, outputs: outputs, assessment: scored.assessment, notDone: steps.skipped)
    }

    /// The territory's inputs, read once: cells and zones (the zones reprojected into the grid
    /// while the cells are read), Cafdata, the model, the style, the places and their mapping.
    func readInputs(_ territory: Territory) throws -> (
        CellTable, ZoneLayer, ZonesInGrid?, CafTable?, RiskModel, MapStyle, CategoryMapping, [PointsOfInterestReport]
    ) {
        // The zones are read (and reprojected into the grid) while the cells are.
        let read = try CellsAndZones.read(cells: territory.cells, zones: territory.zoneSource, threads: options.threads)
        let caf = try territory.caf.map { path throws(InputError) in try CafdataReader.read(path: path, period: territory.cafPeriod) }
        let model = try RiskModel.load(path: territory.model ?? BundledFiles.file("models/default.toml"))
        let style = try MapRun.loadStyle(territory.style)
        let mapping = try CategoryMapping.read(path: territory.categories ?? BundledFiles.file("poi_categories.csv"))
        let pois = try PlaceFiles.read(territory.pointsOfInterest, mapping: mapping)
        return (read.cells, read.zones, read.inGrid, caf, model, style, mapping, pois)
    }

    /// Draws the risk map (also printed), the cells' and the non-recours maps and one map per
    /// benefit, side by side (each the same whatever the threads), the largest first; a map
    /// whose data the inputs lack (the cells' standard of living) is skipped with its reason.
    func drawMaps(
        _ published: ScoredLayer, cells: CellTable, style: MapStyle, model: RiskModel, territory: String, date: String, shapes: SimplifiedShapes,
        folder: OutputFolder
    ) throws -> (riskMap: String, skipped: [String: InputError]) {
        let benefitMaps = model.benefits.map { benefit in
            ("carte_\(benefit.id).svg", MapLayer.benefit(id: benefit.id, label: benefit.label, assumedRate: !benefit.ratePublished))
        }
        // The maps are drawn side by side (each the same whatever the threads), the
        // largest first; the risk map is also printed.
        let maps = [("carte_risque.svg", MapLayer.risk), ("carte_carreaux.svg", .carreaux), ("carte_nonrecours.svg", .nonrecours)] + benefitMaps
        let paths = maps.map { folder.file($0.0) }, printPath = folder.file("carte_risque.pdf")
        let name = territory, threads = options.threads
        // A map whose data the inputs lack (the cells' standard of living) is skipped.
        let drawn = try parallelMap(count: maps.count, threads: threads) { k -> Result<String, InputError> in
            let layer = maps[k].1
            let svg: String
            do {
                svg = try MapRun.render(
                    published, style: style, layer: layer, cells: layer == .carreaux ? cells : nil, territory: name, date: date,
                    threads: threads, shapes: shapes, model: model, homes: layer == .risk ? cells : nil
                )
            } catch let error as InputError where error.stepCannotRun && layer != .risk {
                return .failure(error)
            }
            try AtomicFile.write(svg, to: paths[k])
            if layer == .risk { try Self.print(svg, title: "Risque de non-recours aux droits — \(name)", date: date, to: printPath) }
            return .success(svg)
        }
        var skipped: [String: InputError] = [:]
        for (k, result) in drawn.enumerated() {
            if case .failure(let error) = result { skipped[maps[k].0] = error }
        }
        return (try drawn[0].get(), skipped)
    }

    /// What each column of every table written says: the zones', the plan's and the review's
    /// when they were written, the passage sheet's, in the words of the territory's zones.
    static func columnDictionary(zones: [ColumnDefinition], folder: OutputFolder, plan: OutreachPlan?, model: RiskModel, codes: [String]) -> [ColumnDefinition]
    {
        var dictionary = zones
        let planned = FileManager.default.fileExists(atPath: folder.file("tournee/stops.geojson"))
        let sited = FileManager.default.fileExists(atPath: folder.file("implantation/siting.geojson"))
        dictionary += ColumnDictionary.outreach.filter { column in
            ["arrets", "tournees", "visites", "candidats"].contains(column.table) ? planned : sited
        }
        if sited { dictionary += ColumnDictionary.accessPerIRIS(columns: SitingDocument.accessColumns.map(\.name)) }
        if let plan {
            dictionary += ColumnDictionary.passageSheet(
                benefits: model.benefits.filter { plan.groups.contains($0.id) }.map { (id: $0.id, label: $0.label) })
        }
        return ColumnDictionary.worded(dictionary, for: ZoneWording(codes: codes))
    }

    /// The streets of an extract for the tour map's base map (in longitude and latitude): the
    /// ways of a rank the base map draws, near the territory's cells.
    static func baseStreets(_ extract: StreetExtract, cells: CellTable) throws -> [MapStreet] {
        let extent = PlacePlausibility.extent(of: cells)
        let margin = 1000.0
        var streets: [MapStreet] = []
        for way in extract.ways {
            guard let highway = way.tags["highway"], let rank = MapStreet.rank(highway: highway), way.points.count >= 2 else { continue }
            guard
                way.points.contains(where: {
                    $0.x >= extent.minX - margin && $0.x <= extent.maxX + margin && $0.y >= extent.minY - margin && $0.y <= extent.maxY + margin
                })
            else { continue }
            streets.append(MapStreet(points: way.points, name: way.tags["name"], rank: rank))
        }
        let toLonLat = try CoordinateTransformer(from: SpatialReference(epsg: extract.epsg), to: SpatialReference(epsg: 4326))
        for i in streets.indices { try toLonLat.transform(&streets[i].points) }
        return streets
    }

    /// For a territory of several communes, one map per commune: its IRIS zoomed, its stops.
    static func atlas(
        _ layer: ScoredLayer, cells: CellTable, style: MapStyle, tour: (plan: OutreachPlan, map: String, overlay: MapOverlay)?, territory: String,
        date: String,
        model: RiskModel, threads: Int
    ) throws -> [(commune: String, map: String)] {
        let codes = Set(layer.zones.compactMap(\.commune)).sorted()
        guard codes.count > 1 else { return [] }
        var numbersOf: [String: Set<Int>] = [:]
        if let tour {
            for (j, number) in PlanText.numbers(tour.plan) where tour.plan.communes.indices.contains(j) {
                numbersOf[tour.plan.communes[j], default: []].insert(number)
            }
        }
        // A territory of many communes (a communauté de communes of villages) is grouped into
        // sectors, a page each, rather than one near-empty page per village.
        let groups = AtlasSectors.pages(of: codes, in: layer)
        return try groups.enumerated().map { k, group in
            var own = layer
            own.zones = layer.zones.filter { $0.commune.map(group.contains) ?? false }
            let names = group.map { code in own.zones.first { $0.commune == code }?.communeName ?? code }
            let name =
                group.count == 1
                ? own.zones.first?.communeName.map { "\($0) (\(group[0]))" } ?? group[0]
                : "\(names.count) communes : \(names.sorted().joined(separator: ", "))"
            let numbers = group.reduce(into: Set<Int>()) { $0.formUnion(numbersOf[$1] ?? []) }
            let stops = tour?.overlay.stops.filter { numbers.contains($0.number) } ?? []
            let map = try MapRun.render(
                own, style: style, layer: .risk, cells: nil, territory: name, date: date, overlay: MapOverlay(stops: stops), threads: threads,
                title: "Atlas du territoire \(territory) — \(group.count == 1 ? name : "secteur \(k + 1) sur \(groups.count)")", model: model,
                namesZones: true, homes: cells)
            return (name, map)
        }
    }

    /// The day a file was last changed, YYYY-MM-DD in UTC; nil when it cannot be read.
    static func modificationDay(_ path: String) -> String? {
        guard let date = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return nil }
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        return CivilDate(dayNumber: days).description
    }

    public func writeRunJSON(
        territory: Territory, folder: OutputFolder, scored: ScoringRun.Scored, caf: CafTable?, model: RiskModel,
        pois: [PointsOfInterestReport], date: String, timings: [String: Double], outputNames: [String: String], travelMethods: [String: String],
        notDone: [String: String]
    ) throws {
        func record(_ role: String, _ path: String, shownAs: String? = nil) throws -> RunRecord.Input {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            return RunRecord.Input(
                role: role, path: shownAs ?? RecordedPath.shown(path, relativeTo: territory.folder), bytes: data.count, sha256: digest,
                modified: shownAs == nil ? Self.modificationDay(path) : nil)
        }
        var kinds: [String: Int] = [:]
        for report in pois { for point in report.points { kinds[point.kind.rawValue, default: 0] += 1 } }
        var parameters: [String: String] = [
            "zones_where": territory.zonesWhere ?? "", "overlay_method": "exact", "model": model.name,
            "model_version": model.version, "class_method": model.classMethod.rawValue, "class_count": String(model.classCount),
            "caf_period": caf?.selectedPeriod ?? "", "map_date": date,
            "secrecy_minimum_households": String(Int(model.minimumHouseholds)) + (model.belowInseeSecrecy ? " (sous le seuil de l'Insee : usage interne)" : ""),
            "zones_crs": territory.zonesCRS ?? "from the zones file",
        ]
        if let layer = territory.zonesLayer { parameters["zones_layer"] = layer }
        for (key, method) in travelMethods { parameters["travel_\(key)"] = method }
        let outputs = try outputNames.keys.sorted().filter { $0 != "run.json" }.map { name in
            try record(outputNames[name] ?? name, folder.file(name), shownAs: name)
        }
        let run = RunRecord(
            allervers: AllerVersVersion.current, gdal: GeoLibraries.gdalVersion, proj: GeoLibraries.projVersion,
            territory: territory.name, territoryFile: RecordedPath.shown(territory.source, relativeTo: nil),
            inputs: try territory.inputFiles.map { try record($0.role, $0.path) }, parameters: parameters,
            pointsOfInterest: kinds, massAccounting: scored.overlaid.aggregation.accountsOverPublished(scored.assessment.zones.map(\.isPublished)),
            outputs: outputs, timingsSeconds: timings, notDone: notDone.isEmpty ? nil : notDone
        )
        try AtomicFile.writeJSON(run, to: folder.file("run.json"))
    }

    /// The planned months: the territory file's (`month` or `months`), or the month after the
    /// production date.
    public func planPeriod(_ territory: Territory, date: String) throws -> [YearMonth] {
        if let text = territory.planMonths {
            guard let months = PlanDates.parsePeriod(text) else {
                throw InputError(
                    file: territory.source, field: "plan.months",
                    words("trouvé « %1$@ », attendu AAAA-MM..AAAA-MM (12 mois au plus)", text)
                )
            }
            return months
        }
        if let text = territory.planMonth {
            guard let month = PlanDates.parseMonth(text) else {
                throw InputError(
                    file: territory.source, field: "plan.month",
                    words("trouvé « %1$@ », attendu AAAA-MM (année de 1900 à 2100)", text))
            }
            return [YearMonth(year: month.0, month: month.1)]
        }
        guard let today = PlanDates.parseMonth(String(date.prefix(7))) else {
            throw InputError(
                file: territory.source, field: "plan.month",
                words("impossible de déduire le mois de la date %1$@", date))
        }
        return [YearMonth(year: today.0, month: today.1).next]
    }
}

extension TerritoryRun.Summary {
    /// The run's account from its assessment: zones, secret and out of scope, the estimate
    /// over the published zones with its interval.
    init(territory: String, folder: String, outputs: [String: String], assessment: RiskAssessment, notDone: [String: String]) {
        let published = assessment.zones.filter(\.isPublished)
        self.init(
            territory: territory, folder: folder, outputs: outputs, zones: assessment.zones.count,
            secretZones: assessment.zones.filter(\.isSecret).count, outOfScopeZones: assessment.zones.filter { $0.reliability == .outOfScope }.count,
            nonrecoursEstimate: published.reduce(0) { $0 + $1.total }, nonrecoursLow: published.reduce(0) { $0 + $1.totalLow },
            nonrecoursHigh: published.reduce(0) { $0 + $1.totalHigh }, notDone: notDone.isEmpty ? nil : notDone)
    }
}
