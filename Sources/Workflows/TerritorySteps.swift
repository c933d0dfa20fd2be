import BundledFiles
import Cartography
import Documents
import Exports
import Foundation
import GeometryCore
import Inputs
import Network
import Outreach
import Overlay
import Risk
import ScoredFiles
import Support
import TerritoryFile

extension TerritoryRun {
    /// What the tour and the siting review of a run share: the territory, the folder being
    /// written, the inputs read, the published zones, the street network once read.
    struct RunInputs {
        var territory: Territory
        var folder: OutputFolder
        var cells: CellTable
        var published: ScoredLayer
        var scored: ScoringRun.Scored
        var style: MapStyle
        var model: RiskModel
        var mapping: CategoryMapping
        var pois: [PointsOfInterestReport]
        var date: String
        var shapes: SimplifiedShapes
        var streets: StreetNetworkSource?
        var threads: Int

        /// The zones' coverage of the cells, from the overlay already made (the same zones, in
        /// the same order).
        func coverage() -> ScoredCoverage {
            ScoredCoverage(layer: published, coverage: scored.overlaid.coverage)
        }

        /// The streets' and the places' credits, added once to `credits`.
        func noteCredits(_ credits: inout [String]) {
            if let credit = streets?.credit, !credits.contains(credit) { credits.append(credit) }
            for credit in DataCredits.places(territory.pointsOfInterest, declared: territory.pointsOfInterestCredits) where !credits.contains(credit) {
                credits.append(credit)
            }
        }
    }

    /// The tour: the plan of the period, written into `tournee/`, and its map (printed too).
    func tourStep(_ run: RunInputs, observations: [FieldVisit], credits: inout [String], travelMethods: inout [String: String]) throws -> (
        plan: OutreachPlan, map: String, overlay: MapOverlay, mapOverlay: MapOverlay
    ) {
        let (territory, folder, cells, published, style, model, pois, date, shapes, streets) = (
            run.territory, run.folder, run.cells, run.published, run.style, run.model, run.pois, run.date, run.shapes, run.streets
        )
        func coverage() -> ScoredCoverage { run.coverage() }
        func noteCredits() { run.noteCredits(&credits) }
        try PointsOfInterestReport.requireStopPlaces(pois, listedIn: territory.source)
        var settings = try PlanSettings.load(path: territory.planRules ?? BundledFiles.file("plan.toml"))
        settings.knownMarkets = territory.planMarkets + settings.knownMarkets
        let period = try planPeriod(territory, date: date)
        var depot: Point?
        if let text = territory.depot {
            guard let point = LonLatText.parse(text) else {
                throw InputError(
                    file: territory.source, field: "plan.depot",
                    words("trouvé « %1$@ », attendu « longitude,latitude » en WGS 84", text))
            }
            depot = point
        }
        let travel: any TravelModel =
            try streets?.model(profile: "car", epsg: Int(cells.gridEPSG)) ?? settings.straightLineTravel(density: coverage().density(cells: cells))
        noteCredits()
        travelMethods["plan"] = "\(travel.modeLabel), \(travel.method)"
        let plan = try TourPlanning.plan(
            coverage(), cells: cells, points: pois.flatMap(\.points), model: model, settings: settings, period: period,
            eventsPath: territory.planEvents, depot: depot,
            travel: travel, walk: try streets?.model(profile: "walk", epsg: Int(cells.gridEPSG)),
            streetNames: try streets.map { NamedStreets(extract: try $0.extract(epsg: Int(cells.gridEPSG))) },
            observations: observations, threads: run.threads
        )
        try FileManager.default.createDirectory(atPath: folder.file("tournee"), withIntermediateDirectories: false)
        let overlay = try PlanRun.write(
            plan, territory: territory.name, to: folder, subfolder: "tournee", date: date, base: territory.folder,
            benefits: model.benefits.map { (id: $0.id, label: $0.label) })
        // The tour map lies on a light base map of the extract's streets, its main streets named.
        var tourOverlay = overlay
        if let streets { tourOverlay.streets = try Self.baseStreets(streets.extract(epsg: Int(cells.gridEPSG)), cells: cells) }
        let svg = try MapRun.render(
            published, style: style, layer: .risk, cells: nil, territory: territory.name, date: date,
            overlay: tourOverlay, travel: plan.travel.method,
            moreCredits: credits, threads: run.threads, shapes: shapes,
            title: MapRun.tourTitle(territory: territory.name, period: plan.period), model: model, homes: cells
        )
        try AtomicFile.write(svg, to: folder.file("carte_tournee.svg"))
        try Self.print(svg, title: MapRun.tourTitle(territory: territory.name, period: plan.period), date: date, to: folder.file("carte_tournee.pdf"))
        return (plan, svg, overlay, tourOverlay)
    }

    /// The siting review: written into `implantation/`, its map and the access map.
    func sitingReview(_ run: RunInputs, credits: inout [String], travelMethods: inout [String: String]) throws -> (
        review: ReportDocument, map: String, accessMap: String, sites: MapOverlay, access: MapComposition.AccessCells, accessMode: String
    ) {
        let (territory, folder, cells, published, style, mapping, date, shapes, streets) = (
            run.territory, run.folder, run.cells, run.published, run.style, run.mapping, run.date, run.shapes, run.streets
        )
        func coverage() -> ScoredCoverage { run.coverage() }
        func noteCredits() { run.noteCredits(&credits) }
        let existing = try PlaceFiles.points(territory.sitingPoints, mapping: mapping)
        // Without a list of candidates, the territory's places are the candidates.
        let candidates = try PlaceFiles.points(
            territory.sitingCandidates.isEmpty ? territory.pointsOfInterest : territory.sitingCandidates, mapping: mapping)
        // The car goes at the speeds of the territory's plan file, as the tour's does.
        let rules = try territory.planRules.map { try PlanSettings.load(path: $0) } ?? PlanSettings()
        let modes = try SitingRun.modes(streets: streets, epsg: Int(cells.gridEPSG), density: coverage().density(cells: cells), rules: rules)
        noteCredits()
        for mode in modes { travelMethods["siting_\(mode.name)"] = "\(mode.model.modeLabel), \(mode.model.method)" }
        var result = try SitingResult.assess(
            coverage(), cells: cells, existing: existing, candidates: candidates,
            add: territory.sitingAdd, minutes: territory.sitingMinutes, mode: territory.sitingMode, modes: modes,
            hostKinds: territory.sitingKinds ?? SitingResult.defaultHostKinds, threads: run.threads
        )
        result.riskClasses = (try? MapRun.riskClassNaming(coverage().layer, model: nil)) ?? RiskClassNaming(territorialCount: 5)
        try FileManager.default.createDirectory(atPath: folder.file("implantation"), withIntermediateDirectories: false)
        let (review, sites) = try SitingRun.write(result, to: folder, subfolder: "implantation", date: date, territory: territory.name)
        let model = result.review.modes[result.limitIndex].model
        let accessCells = MapComposition.AccessCells(
            cells: cells, indices: result.cellIndices, minutes: result.access[result.limitIndex], limit: result.minutes,
            gained: Set(result.additions.gained.map { result.cellIndices[$0] }))
        let svg = try MapRun.render(
            published, style: style, layer: .risk, cells: nil, territory: territory.name, date: date, overlay: sites, moreCredits: credits,
            threads: run.threads, shapes: shapes, title: MapComposition.sitingTitle(territory: territory.name), model: run.model, homes: cells
        )
        try AtomicFile.write(svg, to: folder.file("carte_implantation.svg"))
        let access = try SitingRun.accessMap(
            result, cells: cells, style: style, territory: territory.name, date: date, sites: sites,
            moreCredits: credits, threads: run.threads, shapes: shapes
        )
        try AtomicFile.write(access, to: folder.file("carte_acces.svg"))
        return (review, svg, access, sites, accessCells, "\(model.modeLabel) \(model.method)")
    }

    /// The tour step of a run, when the territory asks for one: the plan's files, its layers,
    /// its section of the report; with the teams' sheets, their bilan as a section too. Nil
    /// when the inputs cannot feed it (said, and the run goes on).
    func planStep(
        _ run: RunInputs, steps: StepRunner, layers: inout LayerPackage.Layers?, credits: inout [String], travelMethods: inout [String: String],
        outputs: inout [String: String], sections: inout [String]
    ) throws -> (plan: OutreachPlan, map: String, overlay: MapOverlay)? {
        let (territory, date, model, style) = (run.territory, run.date, run.model, run.style)
        var made: (plan: OutreachPlan, map: String, overlay: MapOverlay)?
        // The teams' filled sheets, read once: the plan learns from them, the report holds their bilan.
        let observations = try PassageSheetReader.read(paths: territory.planObservations)
        if let (plan, svg) = try steps.optional(
            .tour,
            { () throws -> (OutreachPlan, String) in
                let tour = try tourStep(run, observations: observations, credits: &credits, travelMethods: &travelMethods)
                layers?.plan = tour.overlay
                made = (tour.plan, tour.map, tour.mapOverlay)
                return (tour.plan, tour.map)
            })
        {
            outputs.merge(RunOutputs.planOutputDescriptions) { a, _ in a }
            sections.append(PlanText.htmlSection(plan, mapSVG: svg))
            // The teams' sheets the plan learned from: their bilan, a section of the report.
            if !territory.planObservations.isEmpty {
                var kinds: [String: String] = [:]
                for candidate in plan.candidates { kinds[candidate.name] = candidate.kind.frenchLabel }
                var bilan = Bilan(
                    territory: territory.name, date: date, visits: observations, kinds: kinds,
                    minimumPeople: plan.settings.minimumPeople, font: style.font)
                bilan.benefitLabels = Dictionary(model.benefits.map { ($0.id, $0.label) }) { a, _ in a }
                sections.append(bilan.htmlSection())
            }
        }
        return made
    }

    /// The siting review step of a run: its files, layers and sections of the report.
    func sitingStep(
        _ run: RunInputs, steps: StepRunner, layers: inout LayerPackage.Layers?, credits: inout [String], travelMethods: inout [String: String],
        outputs: inout [String: String], sections: inout [String]
    ) throws -> (review: ReportDocument, map: String, access: String)? {
        var made: (review: ReportDocument, map: String, access: String)?
        if let (review, svg, accessSVG) = try steps.optional(
            .siting,
            { () throws -> (ReportDocument, String, String) in
                let siting = try sitingReview(run, credits: &credits, travelMethods: &travelMethods)
                layers?.sites = siting.sites
                layers?.access = siting.access
                layers?.accessMode = siting.accessMode
                return (siting.review, siting.map, siting.accessMap)
            })
        {
            outputs.merge(RunOutputs.sitingOutputDescriptions) { a, _ in a }
            let wording = ZoneWording(codes: run.published.zones.map(\.code))
            if wording.kind != .iris {
                outputs["implantation/siting.csv"] =
                    "accès \(wording.per) : au-delà de 20 et 30 min, temps moyens, \(wording.plural) mal desservi\(wording.kind == .commune ? "e" : "")s"
            }
            made = (review, svg, accessSVG)
            sections.append(review.html(mapSVG: svg, idPrefix: "implantation"))
            sections.append("<div class=\"map\">" + HTMLReport.inlineSVG(accessSVG, idPrefix: "acces") + "</div>\n")
        }
        return made
    }
}
