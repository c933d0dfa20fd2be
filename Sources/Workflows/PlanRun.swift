import BundledFiles
import Cartography
import Documents
import Crypto
import Exports
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Network
import Outreach
import Overlay
import Risk
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
        let streets = try request.network.map { try StreetNetworkSource(path: $0, profilesPath: request.profiles) }
        if streets == nil { StreetNetworkSource.warnStraightLine(in: nil) }
        let layer = try ScoredLayer.read(path: request.scored, threads: request.threads)
        let scored = try zoneCoverage(layer: layer, cells: cells, threads: request.threads)
        streets?.limit(to: scored.extent(cells: cells), epsg: Int(cells.gridEPSG))
        let travel: any TravelModel =
            try streets?.model(profile: "car", epsg: Int(cells.gridEPSG)) ?? settings.straightLineTravel(density: scored.density(cells: cells))
        let walk = try streets?.model(profile: "walk", epsg: Int(cells.gridEPSG))
        let model = try RiskModel.load(path: BundledFiles.file("models/default.toml"))
        let result = try plan(
            scored, cells: cells,
            points: points, model: model,
            settings: settings, period: request.period, eventsPath: request.events, depot: request.depot, travel: travel, walk: walk,
            streetNames: try streets.map { NamedStreets(extract: try $0.extract(epsg: Int(cells.gridEPSG))) },
            observations: try PassageSheetReader.read(paths: request.observations), threads: request.threads
        )
        let folder = try OutputFolder(path: request.output, force: request.force)
        defer { folder.discard() }
        let credits = MapRun.credits(layer, more: DataCredits.places(request.pointsOfInterest) + (streets?.credit.map { [$0] } ?? [])).text
        try write(
            result, territory: "", to: folder, date: request.date ?? MapRun.productionDate(), workbooks: request.workbooks, credits: credits,
            benefits: model.benefits.map { (id: $0.id, label: $0.label) })
        try folder.commit()
        return result
    }

    public static func parseMonth(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), CivilDate.plausibleYears.contains(y), (1...12).contains(m)
        else { return nil }
        return (y, m)
    }

    /// `YYYY-MM..YYYY-MM`: the months from the first to the last, at most 12.
    public static func parsePeriod(_ text: String) -> [YearMonth]? {
        let ends = text.components(separatedBy: "..")
        guard ends.count == 2, let a = parseMonth(ends[0]), let b = parseMonth(ends[1]) else { return nil }
        var month = YearMonth(year: a.0, month: a.1)
        let last = YearMonth(year: b.0, month: b.1)
        guard month <= last else { return nil }
        var result: [YearMonth] = []
        while month <= last && result.count <= 12 {
            result.append(month)
            month = month.next
        }
        return result.count <= 12 ? result : nil
    }

    public static func parseLonLat(_ text: String) -> Point? {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lon = parts[0], let lat = parts[1], (-180...180).contains(lon), (-90...90).contains(lat) else { return nil }
        return Point(x: lon, y: lat)
    }

    /// The zones of a scored file and their coverage of the cells: computed once, used by the
    /// plan and the siting review.
    public struct ScoredCoverage {
        public var layer: ScoredLayer
        public var coverage: CoverageTable
        /// Each zone's area in m², in the grid's CRS.
        public var zoneAreas: [Double]

        /// Inhabitants per km² of the territory: the cells' inhabitants allocated to its zones
        /// over the zones' area; nil without an `ind` column or an area.
        public func density(cells: CellTable) -> Double? {
            guard let inhabitants = cells.column("ind") else { return nil }
            let area = zoneAreas.reduce(0, +) / 1e6
            guard area > 0 else { return nil }
            var total = 0.0
            for (k, c) in coverage.cells.enumerated() { total += inhabitants[Int(c)] * coverage.fractions[k] }
            return total / area
        }

        /// The rectangle of the cells the zones cover, in the grid's CRS.
        public func extent(cells: CellTable) -> BoundingBox {
            var box = BoundingBox.empty
            let side = Double(cells.resolution)
            for c in coverage.cells {
                let x = Double(cells.easting[Int(c)]), y = Double(cells.northing[Int(c)])
                box.include(Point(x: x, y: y))
                box.include(Point(x: x + side, y: y + side))
            }
            return box
        }
    }

    public static func zoneCoverage(layer: ScoredLayer, cells: CellTable, threads: Int) throws -> ScoredCoverage {
        let grid = try SpatialReference(epsg: Int(cells.gridEPSG))
        let geometries = try MapProjection.transform(layer.zones.map(\.geometry), from: layer.crs, to: grid)
        let coverage = try CoverageComputation.compute(
            zones: geometries, zoneIDs: layer.zones.map(\.code),
            grid: GridIndex(easting: cells.easting, northing: cells.northing, side: cells.resolution),
            method: .exact, threads: threads
        )
        return ScoredCoverage(layer: layer, coverage: coverage, zoneAreas: geometries.map(\.area))
    }

    /// The benefits of a scored file (its `non_recours_<id>` columns), the target groups of the
    /// plan; empty when the file has only the total.
    public static func benefitIDs(_ layer: ScoredLayer) -> [String] {
        var ids = Set<String>()
        for zone in layer.zones where zone.isPublished {
            for key in zone.attributes.keys where key.hasPrefix(ScoredColumn.benefitPrefix) {
                let id = String(key.dropFirst(ScoredColumn.benefitPrefix.count))
                if !id.contains("_"), !ScoredColumn.totalSuffixes.contains(id), zone.number(key) != nil { ids.insert(id) }
            }
        }
        return ids.sorted()
    }

    /// The per-cell risk, per benefit (or in total): each scored zone's estimates spread over
    /// its cells by poor households, each benefit at its weight in the steering volume (a
    /// benefit whose rate is assumed counts less: `volume_weight` of the model).
    public static func cellRisk(_ scored: ScoredCoverage, cells: CellTable, benefits: [String], model: RiskModel? = nil, threads: Int) -> CellRisk {
        // Secret zones publish no estimate: they add nothing.
        let columns = benefits.isEmpty ? [ScoredColumn.estimate] : benefits.map(ScoredColumn.benefit)
        // The model's order of the file's benefits, when the model knows them all.
        let positions = model.flatMap { model in
            let found = benefits.map { id in model.benefits.firstIndex { $0.id == id } }
            return benefits.isEmpty || found.contains(nil) ? nil : found.map { $0! }
        }
        let values = scored.layer.zones.map { zone -> [Double] in
            let raw = columns.map { zone.isPublished ? (zone.number($0) ?? 0) : 0 }
            guard let model, let positions else { return raw }
            var ordered = [Double](repeating: 0, count: model.benefits.count)
            for (i, b) in positions.enumerated() { ordered[b] = raw[i] }
            let steering = model.steeringContributions(ordered)
            return positions.map { steering[$0] }
        }
        return CellRisk.spread(zoneValues: values, cells: cells, coverage: scored.coverage, threads: threads)
    }

    public static func plan(
        _ scored: ScoredCoverage, cells: CellTable, points: [PointOfInterest], model: RiskModel? = nil, settings: PlanSettings,
        period: [YearMonth],
        eventsPath: String?, depot: Point?, travel: any TravelModel, walk: (any TravelModel)? = nil, streetNames: NamedStreets? = nil,
        observations: [FieldVisit] = [], threads: Int
    ) throws -> OutreachPlan {
        let benefits = benefitIDs(scored.layer)
        let risk = cellRisk(scored, cells: cells, benefits: benefits, model: model, threads: threads)
        let half = Double(cells.resolution) / 2
        let (cellCommune, villages, wholeCommunes) = villageCommunes(scored, cells: cells, settings: settings)
        var demand: [Point] = [], weights: [[Double]] = [], demandCommunes: [String] = [], demandHouseholds: [Double] = []
        let cellHouseholds = cells.column("men") ?? []
        for c in 0..<risk.count where risk.total[c] > 0 {
            demand.append(Point(x: Double(risk.easting[c]) + half, y: Double(risk.northing[c]) + half))
            if !cellHouseholds.isEmpty { demandHouseholds.append(cellHouseholds[c]) }
            weights.append(risk.perBenefit.map { $0[c] })
            demandCommunes.append(cellCommune[c])
        }
        let grid = try SpatialReference(epsg: Int(cells.gridEPSG))
        let toGrid = try CoordinateTransformer(from: SpatialReference(epsg: 4326), to: grid)
        // One candidate per place: the same name and kind within 50 m is one stop (a building
        // listed twice, or with two entrances).
        let given = points.sorted {
            ($0.name, $0.kind, $0.location.x, $0.location.y, $0.address) < ($1.name, $1.kind, $1.location.x, $1.location.y, $1.address)
        }
        var projected = given.map(\.location)
        try toGrid.transform(&projected)
        let cellsExtent = PlacePlausibility.extent(of: cells)
        // A place farther from the territory than the widest catchment reaches none of its
        // households: left aside (a regional extract holds thousands).
        let widest = settings.contacts.kinds.values.map(\.catchment).reduce(settings.walkingDistance, max)
        let near = try PlacePlausibility.nearby(given, projected: projected, cellsExtent: cellsExtent, margin: widest, toGrid: toGrid)
        let sorted = near.map { given[$0] }, all = near.map { projected[$0] }
        // A place listed twice (same kind and name within 50 m) is kept once; the places kept
        // are looked up by kind and name, not compared with every other.
        var kept: [Int] = []
        var keptByName: [String: [Int]] = [:]
        for (i, point) in sorted.enumerated() {
            let key = "\(point.kind.rawValue)|\(point.name.lowercased())"
            if keptByName[key, default: []].contains(where: { all[$0].distance(to: all[i]) <= 50 }) { continue }
            keptByName[key, default: []].append(i)
            kept.append(i)
        }
        guard !kept.isEmpty else {
            let files = Set(points.map(\.source)).sorted().joined(separator: ", ")
            if points.isEmpty {
                throw InputError.missing(
                    file: files.isEmpty ? fr("lieux", en: "places") : files,
                    fr(
                        "aucun lieu classé dans un type d'arrêt (marché, supermarché, mairie, centre social…) : une tournée demande des lieux où s'arrêter",
                        en: "no place mapped to a stop kind (market, supermarket, town hall, community centre…): a tour needs places to stop at"))
            }
            throw InputError.missing(
                file: files,
                fr(
                    "aucun des \(points.count) lieux classés n'est à portée des carreaux du territoire (\(Int(widest)) m) : vérifiez les coordonnées",
                    en: "none of the \(points.count) mapped places is within reach of the territory's cells (\(Int(widest)) m): check the coordinates"))
        }
        // Places that share a name are told apart by their address (or their order).
        var nameCount: [String: Int] = [:]
        for k in kept { nameCount[sorted[k].name, default: 0] += 1 }
        var ordinal: [String: Int] = [:]
        let listed = kept.map { k -> StopCandidate in
            let point = sorted[k]
            var name = point.name
            if nameCount[name, default: 0] > 1 {
                ordinal[name, default: 0] += 1
                name += point.address.isEmpty ? " (\(ordinal[name]!))" : ", \(point.address)"
            }
            return StopCandidate(name: name, kind: point.kind, lonLat: point.location, location: all[k], source: point.source, address: point.address)
        }
        // One place, one stop: places within the merge distance are one stop.
        let (listedCommunes, _) = try communes(of: listed, in: scored.layer)
        let villageStops = Set(listed.indices.filter { listed[$0].kind.isVillageStop && wholeCommunes.contains(listedCommunes[$0]) })
        var candidates = PlaceMerging.merge(listed, within: settings.mergeDistance, villageStops: villageStops)
        // Every stop found by a street: the list's address, else the nearest named street, else
        // its IRIS and commune.
        try locate(&candidates, streets: streetNames, scored: scored, grid: grid)
        // The depot: given, or the CCAS, a France Services, a CAF office, or any place: the one
        // nearest the middle of the territory's cells (a list may hold a neighbour's CCAS).
        let middle = Point(x: (cellsExtent.minX + cellsExtent.maxX) / 2, y: (cellsExtent.minY + cellsExtent.maxY) / 2)
        func central(_ kind: StopKind?) -> Point? {
            candidates.filter { kind == nil || $0.kind == kind }
                .min { ($0.location.distance(to: middle), $0.name) < ($1.location.distance(to: middle), $1.name) }?.lonLat
        }
        let depotLonLat = depot ?? central(.ccas) ?? central(.franceServices) ?? central(.cafOffice) ?? central(nil) ?? candidates[0].lonLat
        var depotGrid = [depotLonLat]
        try toGrid.transform(&depotGrid)
        let depotDistance = PlacePlausibility.distance(depotGrid[0], to: cellsExtent)
        guard depotDistance <= PlacePlausibility.limit else {
            throw InputError(
                file: "--depot",
                fr(
                    "le dépôt (\(depotLonLat.x), \(depotLonLat.y)) est à \(PlacePlausibility.describe(depotDistance)) des carreaux du territoire : attendu longitude,latitude d'un lieu proche",
                    en:
                        "the depot (\(depotLonLat.x), \(depotLonLat.y)) lies \(PlacePlausibility.describe(depotDistance)) from the cells of the territory: expected longitude,latitude of a place near them"
                )
            )
        }
        if let streets = travel as? StreetTravel {
            try NetworkCoverage.check(
                model: streets, points: candidates.map(\.location), path: streets.attribution, what: fr("arrêts candidats", en: "candidate stops"))
            guard streets.accessDistances(depotGrid)[0] != nil else {
                throw InputError(
                    file: depot == nil ? "--pois" : "--depot",
                    fr(
                        "le dépôt est à plus de \(Int(streets.graph.profile.snapLimitMetres)) m de toute rue utilisable \(streets.modeLabel) de l'extrait : donnez un dépôt sur le réseau (--depot longitude,latitude)",
                        en:
                            "the depot is more than \(Int(streets.graph.profile.snapLimitMetres)) m from every street usable \(streets.modeLabel) of the extract: give a depot on the network (--depot longitude,latitude)"
                    )
                )
            }
        }
        let events = try eventsPath.map { path throws(InputError) in try PlannedEventsReader.read(path: path, candidates: candidates) } ?? []
        let (communes, communeNames) = try communes(of: candidates, in: scored.layer)
        // The territory's own holidays (Alsace-Moselle, overseas) from its communes' codes.
        var settings = settings
        settings.localHolidays.formUnion(LocalHolidays(communes: scored.layer.zones.map { $0.commune ?? communeCode(zoneCode: $0.code) ?? "" }))
        return OutreachPlanner.plan(
            period: period, settings: settings, candidates: candidates, demand: demand, households: demandHouseholds,
            groups: benefits.isEmpty ? ["tous"] : benefits, weights: weights, events: events,
            depot: (depotLonLat, depotGrid[0]), gridEPSG: Int(cells.gridEPSG), travel: travel, walk: walk,
            communes: communes, communeNames: communeNames, villages: VillageDemand(communes: villages, demandCommunes: demandCommunes, wholeCommunes: wholeCommunes),
            observations: observations, threads: threads
        )
    }

    /// The commune of each cell (that of the zone covering most of it, "" when none) and the
    /// villages: communes that are one zone of their own (not cut into IRIS: the IRIS code is
    /// the commune's followed by 0000, or the zone is the commune), so the whole commune is in
    /// the territory, with fewer than `villageHouseholds` households (the cells' households,
    /// shared between zones by covered area). A city district of a thousand households is no
    /// village.
    public static func villageCommunes(
        _ scored: ScoredCoverage, cells: CellTable, settings: PlanSettings
    ) -> (cellCommune: [String], villages: Set<String>, whole: Set<String>) {
        let households = cells.column("men") ?? [Double](repeating: 0, count: cells.count)
        var cellCommune = [String](repeating: "", count: cells.count), best = [Double](repeating: 0, count: cells.count)
        var perCommune: [String: Double] = [:], whole = Set<String>()
        for (z, zone) in scored.layer.zones.enumerated() where z < scored.coverage.zoneCount {
            guard let code = zone.commune ?? communeCode(zoneCode: zone.code) else { continue }
            if ZoneWording.isCommune(code: zone.code), zone.code.prefix(5) == code { whole.insert(code) }
            for k in scored.coverage.entries(ofZone: z) {
                let c = Int(scored.coverage.cells[k]), fraction = scored.coverage.fractions[k]
                perCommune[code, default: 0] += households[c] * fraction
                if fraction > best[c] || (fraction == best[c] && code < cellCommune[c]) { (best[c], cellCommune[c]) = (fraction, code) }
            }
        }
        return (cellCommune, Set(perCommune.filter { whole.contains($0.key) && $0.value < settings.villageHouseholds }.keys), whole)
    }

    /// A zone code's commune: the first five characters of an IRIS code (nine), the code
    /// itself for a commune (five, Corsica's 2A/2B included), nil for other zones.
    public static func communeCode(zoneCode code: String) -> String? {
        let isCommune = ZoneWording.isCommuneCode
        if code.count == 9, code.dropFirst(5).allSatisfy(\.isASCIIDigitCharacter), isCommune(code.prefix(5)) { return String(code.prefix(5)) }
        return isCommune(Substring(code)) ? code : nil
    }

    /// The commune of each candidate: that of the scored zone it stands in ("" outside every
    /// zone), and the communes' names, for the rotation between communes.
    public static func communes(of candidates: [StopCandidate], in layer: ScoredLayer) throws -> ([String], [String: String]) {
        var places = candidates.map(\.lonLat)
        try CoordinateTransformer(from: SpatialReference(epsg: 4326), to: layer.crs).transform(&places)
        let boxes = layer.zones.map(\.geometry.boundingBox)
        var names: [String: String] = [:]
        let codes = places.map { place -> String in
            guard let z = layer.zones.indices.first(where: { boxes[$0].contains(place) && layer.zones[$0].geometry.contains(place) }),
                let code = layer.zones[z].commune ?? communeCode(zoneCode: layer.zones[z].code)
            else { return "" }
            if names[code] == nil { names[code] = layer.zones[z].communeName ?? code }
            return code
        }
        return (codes, names)
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
                stop.kind.frenchLabel, PlanText.seriesLabel(plan, j), plan.seriesOf[j]?.payWeek == true ? "" : (plan.seriesOf[j]?.frequency ?? plan.settings.frequency).french,
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
        let groups = benefits.filter { plan.groups.contains($0.id) } + plan.groups.filter { id in !benefits.contains { $0.id == id } }.map { (id: $0, label: $0) }
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

    public struct Summary: Codable {
        public var month: String
        public var months: [String]
        public var cafPayDay: String
        public var cafPayDays: [String]
        public var teams: Int
        public var events: Int
        public var holidays: [String]
        public var teamDays: [String]
        public var frequency: String
        public var walkingDistanceM: Double
        public var minimumHouseholds: Double
        public var repeatValue: Double
        public var chosenStops: Int
        public var visits: Int
        public var householdsReached: Double
        public var objective: Double
        public var upperBound: Double
        public var gapPercent: Double
        public var warnings: [String]
        public var settings: String
        /// Which measure of the scored zones the plan weighs cells with.
        public var measure: String
        /// Who the team meets: capacity per half-day, reception discount, whether reception
        /// points may be stops; expected distinct households met over the month.
        public var teamCapacityPerHalfDay: Double
        public var receptionDiscount: Double
        public var receptionPointsAsStops: Bool
        public var expectedHouseholdsMet: Double
        /// People expected over the period (visits × people per half-day), the minimum per
        /// half-day, and the team half-days left free with the reason.
        public var expectedPeopleMet: Double = 0
        public var minimumPeople: Double = 0
        public var emptyHalfDays: [String] = []
        public var emptyHalfDaysReason: String?
        /// What the teams' passage sheets changed (absent without sheets): place by place, and
        /// the kinds whose figure the territory's visits re-estimated.
        public var learnedFromSheets: [FieldLearning.PlaceUpdate]?
        public var kindFactorsFromSheets: [String: Double]?
        public var targetGroups: [String]
        /// How travel times were measured (« en voiture, par les rues (OpenStreetMap, …) »).
        public var travel: String
        /// How the catchments of the stops were drawn.
        public var catchments: String
        /// Whether the plan rotated between communes, and per commune its stops and visits.
        public var rotationBetweenCommunes: Bool
        public var communes: [CommuneVisits]
    }

    public struct CommuneVisits: Codable {
        public var code: String
        public var name: String
        public var stops: Int
        public var visits: Int
    }

    public static func writeSummary(_ plan: OutreachPlan, to path: String, base: String? = nil) throws {
        try AtomicFile.writeJSON(summary(plan, base: base), to: path)
    }

    /// The plan's summary (`plan.json`).
    public static func summary(_ plan: OutreachPlan, base: String? = nil) -> Summary {
        var holidays: [String] = []
        for year in Set(plan.period.map(\.year)).sorted() {
            holidays += FrenchCalendar.holidays(year, local: plan.settings.localHolidays)
                .filter { day in plan.period.contains { $0.year == day.key.year && $0.month == day.key.month } }.map { "\($0.key) \($0.value)" }
        }
        holidays.sort()
        var summary = Summary(
            month: String(format: "%04d-%02d", plan.year, plan.month), months: plan.period.map(\.description),
            cafPayDay: FrenchCalendar.cafPayDay(year: plan.year, month: plan.month, local: plan.settings.localHolidays).description,
            cafPayDays: plan.period.map { FrenchCalendar.cafPayDay(year: $0.year, month: $0.month, local: plan.settings.localHolidays).description },
            teams: plan.settings.teams, events: plan.visits.filter { $0.event != nil }.count,
            holidays: holidays, teamDays: plan.settings.teamDays.map { FrenchCalendar.weekdayNames[$0 - 1] },
            frequency: plan.settings.frequency.rawValue, walkingDistanceM: plan.settings.walkingDistance,
            minimumHouseholds: plan.settings.minimumHouseholds, repeatValue: plan.settings.repeatValue,
            chosenStops: plan.chosen.count, visits: plan.visits.count, householdsReached: (plan.householdsReached * 10).rounded() / 10,
            objective: (plan.value * 10).rounded() / 10,
            upperBound: (plan.upperBound * 10).rounded() / 10, gapPercent: (plan.gap * 10000).rounded() / 100,
            warnings: plan.warnings, settings: RecordedPath.shown(plan.settings.source, relativeTo: base),
            measure: "\(ScoredColumn.estimate) (volume : ménages × prestations non perçues, répartis sur les carreaux au prorata des ménages pauvres)",
            teamCapacityPerHalfDay: plan.settings.contacts.teamCapacity, receptionDiscount: plan.settings.contacts.receptionDiscount,
            receptionPointsAsStops: plan.settings.contacts.allowReceptionPoints, expectedHouseholdsMet: (plan.value * 10).rounded() / 10,
            targetGroups: plan.groups,
            travel: "\(plan.travel.modeLabel), \(plan.travel.method)", catchments: plan.catchmentMethod,
            rotationBetweenCommunes: plan.rotation,
            communes: Set(plan.communes.filter { !$0.isEmpty }).sorted().map { code in
                CommuneVisits(
                    code: code, name: plan.communeNames[code] ?? code, stops: plan.chosen.filter { plan.communes[$0] == code }.count,
                    visits: plan.visits.filter { plan.communes[$0.stop] == code }.count)
            }
        )
        summary.expectedPeopleMet = (plan.visits.reduce(0) { $0 + plan.contactsPerHalfDay[$1.stop] } * 10).rounded() / 10
        summary.minimumPeople = plan.settings.minimumPeople
        summary.emptyHalfDays = plan.emptyHalfDays.map { "\($0.date) \($0.part.french)" + (plan.settings.teams > 1 ? " (équipe \($0.team + 1))" : "") }
        summary.emptyHalfDaysReason = PlanText.emptyHalfDays(plan)
        if !plan.learned.isEmpty {
            summary.learnedFromSheets = plan.learned.map { update in
                var rounded = update
                (rounded.prior, rounded.meanMet, rounded.expected) =
                    ((update.prior * 10).rounded() / 10, (update.meanMet * 10).rounded() / 10, (update.expected * 10).rounded() / 10)
                return rounded
            }
            summary.kindFactorsFromSheets = plan.kindFactors.mapValues { ($0 * 100).rounded() / 100 }
        }
        return summary
    }
}

extension Character {
    /// 0 to 9 only (not other scripts' digits).
    fileprivate var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}

extension PlanRun {
    /// Gives an address to the places whose list gave none: « rue la plus proche : Avenue
    /// Pasteur (Bondy) » from the street network, else « IRIS La Flamiche, Bondy », so that a
    /// planner and a driver find every stop, and two places of one name are told apart.
    static func locate(_ candidates: inout [StopCandidate], streets: NamedStreets?, scored: ScoredCoverage, grid: SpatialReference)
        throws
    {
        guard candidates.contains(where: \.address.isEmpty) else { return }
        let zones = scored.layer.zones
        let shapes = try MapProjection.transform(zones.map(\.geometry), from: scored.layer.crs, to: grid)
        func zone(of point: Point) -> ScoredZone? {
            zones.indices.first { shapes[$0].boundingBox.contains(point) && shapes[$0].contains(point) }.map { zones[$0] }
        }
        for i in candidates.indices where candidates[i].address.isEmpty {
            let here = zone(of: candidates[i].location)
            let commune = here?.communeName.map { " (\($0))" } ?? ""
            if let street = streets?.nearest(to: candidates[i].location) {
                candidates[i].address = "rue la plus proche : \(street)\(commune)"
            } else if let here, let name = here.name {
                // A commune not split into IRIS is named once, as a commune.
                candidates[i].address =
                    ZoneWording.isCommune(code: here.code)
                    ? "commune \(FrenchArticle.of(here.communeName ?? name))" : "IRIS \(name)" + (here.communeName.map { ", \($0)" } ?? "")
            }
        }
    }
}
