import BundledFiles
import Cartography
import Crypto
import Documents
import Exports
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Network
import Outreach
import Overlay
import Risk
import ScoredFiles
import Support

/// From scored zones, cells and points to a month plan and its files: shared by `plan` and `run`.
public enum PlanRun {
    /// The files and choices of a plan made on its own (`allervers plan`).
    public struct Request: Sendable {
        public var scored: String
        public var cells: String
        public var pointsOfInterest: [String]
        public var categories: String?
        public var rules: String?
        public var period: [YearMonth]
        public var events: String?
        public var depot: Point?
        public var date: String?
        public var network: String?
        public var profiles: String?
        public var threads: Int
        public var output: String
        public var force: Bool
        /// The tables also as workbooks (`plan.xlsx`, `candidats.xlsx`) beside the CSVs.
        public var workbooks: Bool
        /// The teams' filled passage sheets: the plan learns from them (`FieldLearning`).
        public var observations: [String] = []

        public init(
            scored: String, cells: String, pointsOfInterest: [String], categories: String?, rules: String?, period: [YearMonth], events: String?,
            depot: Point?, date: String?, network: String?, profiles: String?, threads: Int, output: String, force: Bool, workbooks: Bool = false
        ) {
            self.scored = scored
            self.cells = cells
            self.pointsOfInterest = pointsOfInterest
            self.categories = categories
            self.rules = rules
            self.period = period
            self.events = events
            self.depot = depot
            self.date = date
            self.network = network
            self.profiles = profiles
            self.threads = threads
            self.output = output
            self.force = force
            self.workbooks = workbooks
        }
    }

    /// Reads the inputs, plans, and writes the plan's files into one output folder.
    public static func run(_ request: Request) throws -> OutreachPlan {
        let settings = try PlanSettings.load(path: request.rules ?? BundledFiles.file("plan.toml"))
        let mapping = try CategoryMapping.read(path: request.categories ?? BundledFiles.file("poi_categories.csv"))
        let points = try PlaceFiles.points(request.pointsOfInterest, mapping: mapping)
        let cells = try FilosofiReader.read(path: request.cells, threads: request.threads)
        let streets = try request.network.map { try StreetNetworkSource(path: $0, profilesPath: request.profiles ?? BundledFiles.file("network.toml")) }
        if streets == nil { StreetNetworkSource.warnStraightLine(in: nil) }
        let layer = try ScoredLayer.read(path: request.scored, threads: request.threads)
        let scored = try ScoredCoverage.compute(layer: layer, cells: cells, threads: request.threads)
        streets?.limit(to: scored.extent(cells: cells), epsg: Int(cells.gridEPSG))
        let travel: any TravelModel =
            try streets?.model(profile: "car", epsg: Int(cells.gridEPSG)) ?? settings.straightLineTravel(density: scored.density(cells: cells))
        let walk = try streets?.model(profile: "walk", epsg: Int(cells.gridEPSG))
        let model = try RiskModel.load(path: BundledFiles.file("models/default.toml"))
        let result = try TourPlanning.plan(
            scored, cells: cells,
            points: points, model: model,
            settings: settings, period: request.period, eventsPath: request.events, depot: request.depot, travel: travel, walk: walk,
            streetNames: try streets.map { NamedStreets(extract: try $0.extract(epsg: Int(cells.gridEPSG))) },
            observations: try PassageSheetReader.read(paths: request.observations), threads: request.threads
        )
        let folder = try OutputFolder(path: request.output, force: request.force)
        defer { folder.discard() }
        let credits = MapComposition.credits(layer, more: DataCredits.places(request.pointsOfInterest) + (streets?.credit.map { [$0] } ?? [])).text
        try write(
            result, territory: "", to: folder, date: request.date ?? MapRun.productionDate(), workbooks: request.workbooks, credits: credits,
            benefits: model.benefits.map { (id: $0.id, label: $0.label) })
        try folder.commit()
        return result
    }

    /// Writes the plan's files; returns the stops and routes as they were published, for maps.
    @discardableResult
    /// Writes the plan's files; the settings file is named relative to `base` (the territory
    /// file's folder), or by its name alone.
    public static func write(
        _ plan: OutreachPlan, territory: String, to folder: OutputFolder, subfolder: String? = nil, date: String, workbooks: Bool = false,
        credits: String? = nil,
        base: String? = nil, benefits: [(id: String, label: String)]
    ) throws -> MapOverlay {
        var overlay = MapOverlay()
        let numbers = PlanText.numbers(plan)
        let file: (String) -> String = { name in folder.file(subfolder.map { "\($0)/\(name)" } ?? name) }
        let wgs84 = try SpatialReference(epsg: 4326)
        let geojson = ["RFC7946=YES", "COORDINATE_PRECISION=6", "WRITE_NAME=NO"]
        // Chosen stops.
        let stops = try VectorWriter(
            path: file("stops.geojson"), layerName: "arrets", spatialReference: wgs84, geometry: .point,
            fields: [
                OutputField("numero", .integer), OutputField("nom", .string), OutputField("adresse", .string), OutputField("type", .string),
                OutputField("commune", .string), OutputField("creneau", .string), OutputField("dates", .string),
                OutputField("visites", .integer), OutputField("personnes_par_demi_journee", .real), OutputField("menages_a_portee", .real),
                OutputField("gain_marginal", .real), OutputField("raison", .string),
            ],
            layerOptions: geojson
        )
        for j in plan.chosen.sorted(by: { numbers[$0]! < numbers[$1]! }) {
            let stop = plan.candidates[j]
            let dates = plan.visits.filter { $0.stop == j }.map(\.date.description)
            // The key under the tour map: kind, day and hours, recurrence, people expected, street.
            let people = FrenchNumber.decimal(plan.contactsPerHalfDay[j], digits: 0)
            let plural = plan.contactsPerHalfDay[j].rounded() > 1
            let team = plan.seriesOf[j]?.team ?? 0
            let detail = [
                // A pay-week series says « après le versement CAF » itself.
                stop.kind.frenchLabel, PlanText.seriesLabel(plan, j),
                plan.seriesOf[j]?.payWeek == true ? "" : (plan.seriesOf[j]?.frequency ?? plan.settings.frequency).french,
                "≈ \(people) \(plural ? "personnes attendues" : "personne attendue") par passage",
                stop.address,
            ].filter { !$0.isEmpty }.joined(separator: " ; ")
            overlay.stops.append(
                MapStop(
                    location: GeoJSONPrecision.published(stop.lonLat), number: numbers[j]!, kind: stop.kind.rawValue, label: stop.name, detail: detail,
                    team: plan.settings.teams > 1 ? team : nil))
            try stops.add(
                geometry: .point(stop.lonLat),
                values: [
                    .integer(Int64(numbers[j]!)), .string(stop.name), .string(stop.address), .string(stop.kind.frenchLabel),
                    .string(PlanText.communeLabel(plan, j)), .string(PlanText.seriesLabel(plan, j)), .string(dates.joined(separator: ", ")),
                    .integer(Int64(dates.count)),
                    .real((plan.contactsPerHalfDay[j] * 10).rounded() / 10),
                    .real((plan.reach[j] * 10).rounded() / 10), .real(((plan.marginalValue[j] ?? 0) * 10).rounded() / 10),
                    .string(PlanText.reason(plan, j)),
                ])
        }
        try stops.commit()
        // Each day's route, leg by leg: depot → morning → afternoon → depot, along the streets
        // when the plan has a network. Legs between two points of the same place are left out.
        let routes = try VectorWriter(
            path: file("route.geojson"), layerName: "tournees", spatialReference: wgs84, geometry: .lineString,
            fields: [
                OutputField("date", .string), OutputField("equipe", .integer), OutputField("etape", .integer), OutputField("depart", .string),
                OutputField("arrivee", .string),
                OutputField("arrets", .string), OutputField("km", .real), OutputField("minutes_trajet", .real), OutputField("mode_de_calcul", .string),
            ],
            layerOptions: geojson
        )
        let toLonLat = try CoordinateTransformer(from: SpatialReference(epsg: Int(plan.gridEPSG)), to: wgs84)
        struct TeamDay: Hashable, Comparable {
            var date: CivilDate
            var team: Int
            static func < (a: TeamDay, b: TeamDay) -> Bool { (a.date, a.team) < (b.date, b.team) }
        }
        let days = Dictionary(grouping: plan.visits) { TeamDay(date: $0.date, team: $0.team) }
        for day in days.keys.sorted() {
            let date = day.date
            let visits = days[day]!.sorted { $0.slot.part < $1.slot.part }
            let places =
                [(name: "dépôt", location: plan.depot.location)]
                + visits.map { (name: "\(numbers[$0.stop] ?? 0). \(plan.candidates[$0.stop].name)", location: plan.candidates[$0.stop].location) }
                + [(name: "dépôt", location: plan.depot.location)]
            let sequence = visits.map { "\(numbers[$0.stop] ?? 0). \(plan.candidates[$0.stop].name)" }.joined(separator: " → ")
            var legNumber = 0
            for k in 1..<places.count where places[k - 1].location.distance(to: places[k].location) >= 1 {
                let leg = plan.travel.leg(from: places[k - 1].location, to: places[k].location)
                guard leg.minutes.isFinite else { continue }
                legNumber += 1
                var line = leg.points
                try toLonLat.transform(&line)
                overlay.routes.append(line.map(GeoJSONPrecision.published))
                if plan.settings.teams > 1 { overlay.routeTeams.append(day.team) }
                try routes.add(
                    geometry: .lineString(line),
                    values: [
                        .string(date.description), .integer(Int64(day.team + 1)), .integer(Int64(legNumber)), .string(places[k - 1].name),
                        .string(places[k].name),
                        .string(sequence), .real((leg.metres / 100).rounded() / 10), .real(leg.minutes.rounded()),
                        .string(plan.travel.method),
                    ])
            }
        }
        try routes.commit()
        var visits = PlanText.visitsTable(plan), candidates = PlanText.candidatesTable(plan)
        visits.credits = credits
        candidates.credits = credits
        try visits.write(to: file("plan.csv"))
        try candidates.write(to: file("candidats.csv"))
        // The sheet the team fills in after each half-day, as a CSV and a workbook.
        // Its benefits in the model's order (RSA, prime d'activité, ASPA), those of the plan.
        let groups =
            benefits.filter { plan.groups.contains($0.id) } + plan.groups.filter { id in !benefits.contains { $0.id == id } }.map { (id: $0, label: $0) }
        var passages = PlanText.passageSheet(plan, benefits: groups)
        passages.credits = credits
        try passages.write(to: file("feuille_passage.csv"))
        try passages.write(to: file("feuille_passage.xlsx"))
        if workbooks {
            try visits.write(to: file("plan.xlsx"))
            try candidates.write(to: file("candidats.xlsx"))
        }
        let stamp = date.split(separator: "-").compactMap { Int($0) }
        let stampDate = stamp.count == 3 ? CivilDate(year: stamp[0], month: stamp[1], day: stamp[2]) : CivilDate(year: plan.year, month: plan.month, day: 1)
        try AtomicFile.write(PlanText.iCalendar(plan, territory: territory, stamp: stampDate), to: file("plan.ics"))
        try writeSummary(plan, to: file("plan.json"), base: base)
        // The depot, drawn and keyed: the place it stands at when it is one of the candidates.
        let depotPlace = plan.candidates.first { $0.lonLat == plan.depot.lonLat }
        overlay.stops.append(
            MapStop(
                location: GeoJSONPrecision.published(plan.depot.lonLat), number: 0, kind: MapStop.depotKind,
                label: depotPlace?.name ?? "Dépôt",
                detail: (["départ et retour des tournées"] + [depotPlace?.address ?? ""].filter { !$0.isEmpty }).joined(separator: " ; ")))
        return overlay
    }

    public static func writeSummary(_ plan: OutreachPlan, to path: String, base: String? = nil) throws {
        try AtomicFile.writeJSON(PlanSummary(plan, base: base), to: path)
    }
}
