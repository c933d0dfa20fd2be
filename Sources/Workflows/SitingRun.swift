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

/// The siting review, shared by `siting` and `run`.
public enum SitingRun {
    public typealias Result = SitingResult
    public typealias ZoneAccess = SitingResult.ZoneAccess

    /// The files and choices of a review made on its own (`allervers siting`).
    public struct Request: Sendable {
        public var scored: String
        public var cells: String
        public var points: [String]
        public var candidates: [String]
        public var categories: String?
        public var add: Int
        public var minutes: Double
        public var mode: AccessMode
        public var network: String?
        public var profiles: String?
        public var style: String?
        public var date: String?
        public var threads: Int
        public var output: String
        public var force: Bool
        /// The access table also as a workbook (`siting.xlsx`) beside the CSV.
        public var workbooks: Bool
        /// The kinds of place that can host a reception point.
        public var hostKinds: Set<StopKind> = SitingRun.defaultHostKinds

        public init(
            scored: String, cells: String, points: [String], candidates: [String], categories: String?, add: Int, minutes: Double, mode: AccessMode,
            network: String?, profiles: String?, style: String?, date: String?, threads: Int, output: String, force: Bool, workbooks: Bool = false
        ) {
            self.scored = scored
            self.cells = cells
            self.points = points
            self.candidates = candidates
            self.categories = categories
            self.add = add
            self.minutes = minutes
            self.mode = mode
            self.network = network
            self.profiles = profiles
            self.style = style
            self.date = date
            self.threads = threads
            self.output = output
            self.force = force
            self.workbooks = workbooks
        }
    }

    /// Reads the inputs, reviews the sites, and writes the review and its two maps into one
    /// output folder.
    public static func run(_ request: Request) throws -> Result {
        let mapping = try CategoryMapping.read(path: request.categories ?? BundledFiles.file("poi_categories.csv"))
        let existing = try PlaceFiles.points(request.points, mapping: mapping)
        let candidatePoints = try PlaceFiles.points(request.candidates, mapping: mapping)
        let cells = try FilosofiReader.read(path: request.cells, threads: request.threads)
        let layer = try ScoredLayer.read(path: request.scored, threads: request.threads)
        let streets = try request.network.map { try StreetNetworkSource(path: $0, profilesPath: request.profiles) }
        if streets == nil { StreetNetworkSource.warnStraightLine(in: nil) }
        let scored = try PlanRun.zoneCoverage(layer: layer, cells: cells, threads: request.threads)
        streets?.limit(to: scored.extent(cells: cells), epsg: Int(cells.gridEPSG))
        let result = try review(
            scored, cells: cells, existing: existing,
            candidates: candidatePoints, add: request.add, minutes: request.minutes, mode: request.mode,
            modes: modes(streets: streets, epsg: Int(cells.gridEPSG)), hostKinds: request.hostKinds, threads: request.threads
        )
        let folder = try OutputFolder(path: request.output, force: request.force)
        defer { folder.discard() }
        let day = request.date ?? MapRun.productionDate()
        let credits = MapRun.credits(layer, more: DataCredits.places(request.points + request.candidates) + (streets?.credit.map { [$0] } ?? [])).text
        let sites = try write(result, to: folder, subfolder: nil, date: day, territory: nil, workbooks: request.workbooks, credits: credits).sites
        let style = try MapRun.loadStyle(request.style)
        let svg = try MapRun.render(
            layer, style: style, layer: .risk, cells: nil, territory: nil, date: day, overlay: sites, threads: request.threads,
            title: MapRun.sitingTitle(territory: MapRun.territoryName(layer.zones, given: nil)))
        try AtomicFile.write(svg, to: folder.file("siting.svg"))
        try AtomicFile.write(accessMap(result, cells: cells, style: style, territory: nil, date: day, threads: request.threads), to: folder.file("acces.svg"))
        try folder.commit()
        return result
    }


    /// The two ways of travelling of the review. Without a street network: car at 30 km/h,
    /// on foot or by public transport at 8 km/h door to door, both on straight-line distance
    /// × 1.3 (documented defaults). With one: the `car` and `bus` profiles of the network file.
    public static func modes(streets: StreetNetworkSource?, epsg: Int, density: Double? = nil, rules: PlanSettings = PlanSettings()) throws -> [TravelMode] {
        guard let streets else {
            return [
                TravelMode(mode: .car, model: carWithoutStreets(density: density, rules: rules)),
                TravelMode(mode: .slow, model: StraightLineTravel(detourFactor: 1.3, speedKmh: 8, modeLabel: "à pied ou en transports en commun")),
            ]
        }
        return [
            TravelMode(mode: .car, model: try streets.model(profile: "car", epsg: epsg)),
            TravelMode(mode: .slow, model: try streets.model(profile: "bus", epsg: epsg)),
        ]
    }

    /// The car without a street network: 30 km/h in a dense territory; on a less dense one,
    /// the speeds of the territory's plan file (`[travel]`; by default 35 km/h, 60 km/h where
    /// rural), with the density said in the method.
    static func carWithoutStreets(density: Double?, rules: PlanSettings) -> StraightLineTravel {
        var car = rules.straightLineTravel(density: density)
        car.modeLabel = "en voiture"
        if car.basis.isEmpty { car.speedKmh = 30 }
        return car
    }

    /// The kinds of place that can host a reception point, when the territory does not say
    /// (`[siting] kinds`): a maison de quartier or centre social, a mairie or mairie annexe, a
    /// médiathèque, a France Services, a bureau de poste, a CCAS antenna, a CAF office. Never by
    /// default a school gate, a shop or a market: a « permanence en galerie commerciale » is a
    /// choice a territory makes, not a default.
    public static let defaultHostKinds: Set<StopKind> = [
        .communityCentre, .townHall, .library, .franceServices, .postOffice, .ccas, .cafOffice, .villageHall,
    ]

    public static func review(
        _ scored: PlanRun.ScoredCoverage, cells: CellTable, existing: [PointOfInterest], candidates: [PointOfInterest], add: Int,
        minutes: Double, mode: AccessMode, modes: [TravelMode], hostKinds: Set<StopKind> = defaultHostKinds, threads: Int
    ) throws -> Result {
        // No reception point yet (a rural territory whose CAF and France Services stand in the
        // préfecture): every cell is beyond reach, and the review proposes where to open one.
        // A list of reception points that holds none is a wrong list, not a territory without.
        let existingPoints = existing.filter(\.kind.isReceptionPoint)
        if !existing.isEmpty && existingPoints.isEmpty {
            throw InputError(
                file: "--points",
                fr(
                    "aucun point d'accueil trouvé (attendu des points classés france_services, ccas ou caf ; pour un territoire qui n'en a pas : points = [] dans [siting])",
                    en: "no reception point found (expected points mapped to france_services, ccas or caf; for a territory without any: points = [] in [siting])"))
        }
        if existingPoints.isEmpty {
            FileHandle.standardError.write(
                Data(
                    fr(
                        "attention : aucun point d'accueil existant (France Services, CCAS, accueil CAF) dans les listes de [siting] points ni à portée du territoire : la revue dit qui est hors de portée et propose des sites parmi les lieux d'accueil possibles\n",
                        en:
                            "warning: no existing reception point (France Services, CCAS, CAF office) in the lists of [siting] points nor within reach of the territory: the review says who is beyond reach and proposes sites among the possible hosts\n"
                    ).utf8))
        }
        let layer = scored.layer, coverage = scored.coverage
        let poor = cells.column("men_pauv") ?? [], households = cells.column("men") ?? []
        let people = cells.column("ind") ?? [Double](repeating: 0, count: cells.count)
        // Per zone and cell: the zone's share of households at risk and of population.
        var risk = [Double](repeating: 0, count: cells.count)
        var population = [Double](repeating: 0, count: cells.count)
        var contributions: [[(cell: Int, risk: Double, people: Double)]] = []
        for (z, zone) in layer.zones.enumerated() {
            // Households at risk by the one spreading rule (CellRisk); people by covered area.
            let estimate = zone.isPublished ? (zone.estimate ?? 0) : 0
            let shares = CellRisk.shares(ofZone: z, coverage: coverage, poor: poor, households: households)
            var list: [(Int, Double, Double)] = []
            for (i, k) in coverage.entries(ofZone: z).enumerated() {
                let c = Int(coverage.cells[k])
                let r = shares.isEmpty ? 0 : estimate * shares[i].share
                let p = people[c] * coverage.fractions[k]
                risk[c] += r
                population[c] += p
                list.append((c, r, p))
            }
            contributions.append(list)
        }
        let grid = try SpatialReference(epsg: Int(cells.gridEPSG))
        let toGrid = try CoordinateTransformer(from: SpatialReference(epsg: 4326), to: grid)
        let cellsExtent = PlacePlausibility.extent(of: cells)
        // A site farther from the territory than the time limit's reach serves none of it.
        let reach = modes.map { $0.model.reachMetres(minutes: minutes) }.max() ?? PlacePlausibility.limit
        func sites(_ points: [PointOfInterest]) throws -> [Site] {
            var projected = points.map(\.location)
            try toGrid.transform(&projected)
            let near = try PlacePlausibility.nearby(
                points, projected: projected, cellsExtent: cellsExtent, margin: min(PlacePlausibility.limit, reach), toGrid: toGrid)
            return near.map {
                Site(name: points[$0].name, kind: points[$0].kind, lonLat: points[$0].location, location: projected[$0], address: points[$0].address)
            }
        }
        let half = Double(cells.resolution) / 2
        let used = (0..<cells.count).filter { population[$0] > 0 || risk[$0] > 0 }
        let centres = used.map { Point(x: Double(cells.easting[$0]) + half, y: Double(cells.northing[$0]) + half) }
        // Candidates: places of a kind that can host a reception point, not already one.
        let existingSites = try sites(existingPoints)
        let hosts = candidates.filter { hostKinds.contains($0.kind) }
        var candidateSites = try sites(hosts).filter { site in
            !existingSites.contains { $0.location.distance(to: site.location) <= ContactRules.sameBuildingMetres }
        }
        // A kind the territory allowed beyond the defaults that no candidate place has: said, so
        // that a misspelt or missing list is not read as « no such place here ».
        let present = Set(candidates.map(\.kind))
        let absent = hostKinds.subtracting(defaultHostKinds).subtracting(present).sorted()
        if !candidates.isEmpty && !absent.isEmpty {
            let names = absent.map(\.frenchLabel).joined(separator: ", ")
            FileHandle.standardError.write(
                Data(
                    (fr("attention : ", en: "warning: ")
                        + fr(
                            "aucun lieu candidat du type permis « \(names) » ([siting] kinds) : vérifiez les listes de lieux candidats\n",
                            en: "no candidate place of the allowed kind « \(names) » ([siting] kinds): check the lists of candidate places\n")).utf8))
        }
        if !candidates.isEmpty && candidateSites.isEmpty {
            let kinds = hostKinds.sorted().map(\.frenchLabel).joined(separator: ", ")
            FileHandle.standardError.write(
                Data(
                    (fr("attention : ", en: "warning: ")
                        + fr(
                            "aucun lieu candidat ne peut accueillir un point d'accueil (types permis : \(kinds) ; [siting] kinds du fichier de territoire) : la revue propose des emplacements sur une grille, à trouver sur place\n",
                            en:
                                "no candidate place can host a reception point (kinds allowed: \(kinds); [siting] kinds of the territory file): the review proposes spots on a grid, to be found on the ground\n"
                        )).utf8))
        }
        if candidateSites.isEmpty {
            // A regular grid of candidate places: populated cell centres on a lattice of 400 m,
            // or a third of the reach in the time limit when that is wider (a 30-minute drive
            // does not need a place every 400 m, and thousands of them would only cost time).
            let toLonLat = try CoordinateTransformer(from: grid, to: SpatialReference(epsg: 4326))
            let side = Int(cells.resolution)
            let reach = modes.first { $0.mode == mode }?.model.reachMetres(minutes: minutes) ?? 0
            let spacing = max(400, Int(reach / 3) / (2 * side) * (2 * side))
            let lattice = centres.filter { p in Int(p.x - half) % spacing == 0 && Int(p.y - half) % spacing == 0 }
            var lonLat = lattice
            try toLonLat.transform(&lonLat)
            candidateSites = lattice.indices.map { Site(name: "Lieu candidat \($0 + 1)", kind: .other, lonLat: lonLat[$0], location: lattice[$0]) }
        }
        guard let limitMode = modes.firstIndex(where: { $0.mode == mode }) else {
            throw InputError(file: "siting", fr("pas de temps de trajet pour le mode \(mode.rawValue)", en: "no travel times for mode \(mode.rawValue)"))
        }
        let review = SitingReview(
            cells: centres, risk: used.map { risk[$0] }, population: used.map { population[$0] }, existing: existingSites,
            candidates: candidateSites, modes: modes, limitMode: limitMode, limitMinutes: minutes, threads: threads
        )
        for mode in modes {
            if let streets = mode.model as? StreetTravel {
                try NetworkCoverage.check(model: streets, points: centres, path: streets.attribution, what: fr("carreaux habités", en: "populated cells"))
                let offSites = streets.accessDistances(review.existing.map(\.location)).enumerated().filter { $0.element == nil }
                for (i, _) in offSites {
                    FileHandle.standardError.write(
                        Data(
                            fr(
                                "attention : le point d'accueil « \(review.existing[i].name) » est hors réseau (\(streets.modeLabel)) : il ne compte pour aucun temps\n",
                                en:
                                    "warning: the reception point « \(review.existing[i].name) » is off the network (\(streets.modeLabel)): it counts for no travel time\n"
                            ).utf8))
                }
            }
        }
        let access = review.accessMinutes()
        var accessOfCell = [Int: Int]()
        for (i, c) in used.enumerated() { accessOfCell[c] = i }
        let zones = layer.zones.enumerated().map { z, zone -> ZoneAccess in
            var beyondRisk = [[0.0, 0.0], [0.0, 0.0]], beyondPeople = [[0.0, 0.0], [0.0, 0.0]]
            var weighted = [0.0, 0.0], reachedPeople = [0.0, 0.0], nonrecours = 0.0, peopleSum = 0.0, beyondLimit = 0.0
            for entry in contributions[z] {
                guard let i = accessOfCell[entry.cell] else { continue }
                nonrecours += entry.risk
                peopleSum += entry.people
                for m in modes.indices {
                    let t = access[m][i]
                    // Off the network: beyond every limit, counted apart, not in the mean.
                    if t.isFinite { weighted[m] += entry.people * t; reachedPeople[m] += entry.people }
                    if t > 20 { beyondRisk[m][0] += entry.risk; beyondPeople[m][0] += entry.people }
                    if t > 30 { beyondRisk[m][1] += entry.risk; beyondPeople[m][1] += entry.people }
                }
                if access[limitMode][i] > minutes { beyondLimit += entry.risk }
            }
            return ZoneAccess(
                zone: zone, nonrecours: nonrecours, population: peopleSum, nonrecoursBeyond: beyondRisk, populationBeyond: beyondPeople,
                meanMinutes: zip(weighted, reachedPeople).map { $1 > 0 ? $0 / $1 : 0 }, beyondLimit: beyondLimit
            )
        }
        // Each cell's main zone and the share of it inside the territory.
        var mainZone = [Int?](repeating: nil, count: cells.count), best = [Double](repeating: -1, count: cells.count)
        var inside = [Double](repeating: 0, count: cells.count)
        for (z, list) in contributions.enumerated() {
            for entry in list {
                let weight = entry.people > 0 ? entry.people : entry.risk
                if weight > best[entry.cell] { best[entry.cell] = weight; mainZone[entry.cell] = z }
                if people[entry.cell] > 0 { inside[entry.cell] += entry.people / people[entry.cell] }
            }
        }
        for c in used where people[c] <= 0 { inside[c] = 1 }
        // Off the network: a cell with no time to an existing point (none without any point).
        let hasPoints = !existingSites.isEmpty
        let offRisk = modes.indices.map { m in
            hasPoints ? review.cells.indices.filter { !access[m][$0].isFinite }.reduce(0) { $0 + review.risk[$1] } : 0
        }
        let offPeople = modes.indices.map { m in
            hasPoints ? review.cells.indices.filter { !access[m][$0].isFinite }.reduce(0) { $0 + review.population[$1] } : 0
        }
        var result = Result(
            review: review, additions: review.chooseAdditions(k: add, access: access), zones: zones,
            cellIDs: used.map { cells.id(at: $0).description }, cellPopulation: used.map { people[$0] }, access: access,
            mode: mode, minutes: minutes, layer: layer, cellIndices: used, offNetworkRisk: offRisk, offNetworkPopulation: offPeople
        )
        result.cellZone = used.map { mainZone[$0] }
        result.cellInside = used.map { min(1, inside[$0]) }
        result.riskClasses = (try? MapRun.riskClassNaming(layer, model: nil)) ?? RiskClassNaming(territorialCount: 5)
        return result
    }

    /// The map of populated cells by time to the nearest reception point, with the sites: the
    /// siting review's second map, titled as such.
    public static func accessMap(
        _ result: Result, cells: CellTable, style: MapStyle, territory: String?, date: String, sites: MapOverlay = MapOverlay(), moreCredits: [String] = [],
        threads: Int, shapes: SimplifiedShapes? = nil
    ) throws -> String {
        let model = result.review.modes[result.limitIndex].model
        return try MapRun.render(
            result.layer, style: style, layer: .access(mode: "\(model.modeLabel) \(model.method)"), cells: nil, territory: territory, date: date,
            overlay: sites,
            access: MapRun.AccessCells(
                cells: cells, indices: result.cellIndices, minutes: result.access[result.limitIndex], limit: result.minutes,
                gained: Set(result.additions.gained.map { result.cellIndices[$0] })),
            travel: model.method, moreCredits: moreCredits, threads: threads, shapes: shapes,
            title: MapRun.sitingTitle(territory: MapRun.territoryName(result.layer.zones, given: territory))
                + " : temps d'accès au plus proche, par carreau de 200 m habité"
        )
    }

    public static func write(
        _ result: Result, to folder: OutputFolder, subfolder: String?, date: String, territory: String?, workbooks: Bool = false,
        credits: String? = nil
    ) throws -> (
        review: ReportDocument, sites: MapOverlay
    ) {
        var overlay = MapOverlay()
        let file: (String) -> String = { name in folder.file(subfolder.map { "\($0)/\(name)" } ?? name) }
        let additions = result.additions
        let wgs84 = try SpatialReference(epsg: 4326)
        // Sites: existing and proposed.
        let writer = try VectorWriter(
            path: file("siting.geojson"), layerName: "sites", spatialReference: wgs84, geometry: .point,
            fields: [
                OutputField("numero", .integer), OutputField("nom", .string), OutputField("type", .string), OutputField("statut", .string),
                OutputField("menages_seulement_ici", .real), OutputField("gain_marginal", .real),
            ],
            layerOptions: ["RFC7946=YES", "COORDINATE_PRECISION=6", "WRITE_NAME=NO"]
        )
        for (i, site) in result.review.existing.enumerated() {
            // The key under the siting map: what each point is and what it brings.
            let limit = "\(Int(result.minutes)) min \(result.limitLabel)"
            let detail = [
                "point d'accueil existant (\(site.kind.frenchLabel))",
                "\(FrenchNumber.integer(additions.existingLoss[i])) ménages en non-recours estimé à moins de \(limit) grâce à lui seul", site.address,
            ].filter { !$0.isEmpty }.joined(separator: " ; ")
            overlay.stops.append(
                MapStop(location: GeoJSONPrecision.published(site.lonLat), number: i + 1, kind: site.kind.rawValue, label: site.name, detail: detail))
            try writer.add(
                geometry: .point(site.lonLat),
                values: [
                    .integer(Int64(i + 1)), .string(site.name), .string(site.kind.frenchLabel), .string("existant"),
                    .real((additions.existingLoss[i] * 10).rounded() / 10), .null,
                ])
        }
        for (rank, j) in additions.chosen.enumerated() {
            let site = result.review.candidates[j]
            overlay.stops.append(
                MapStop(
                    location: GeoJSONPrecision.published(site.lonLat), number: result.review.existing.count + rank + 1, kind: "proposed", label: site.name,
                    detail: [
                        "site proposé (\(site.kind.frenchLabel))",
                        "+\(FrenchNumber.integer(additions.marginalValue[j] ?? 0)) ménages en non-recours estimé à moins de \(Int(result.minutes)) min \(result.limitLabel)",
                        site.address,
                    ].filter { !$0.isEmpty }.joined(separator: " ; ")
                ))
            try writer.add(
                geometry: .point(site.lonLat),
                values: [
                    .integer(Int64(result.review.existing.count + rank + 1)), .string(site.name), .string(site.kind.frenchLabel),
                    .string("proposé"), .null, .real(((additions.marginalValue[j] ?? 0) * 10).rounded() / 10),
                ])
        }
        try writer.commit()
        // Per IRIS.
        let limitIndex = result.limitIndex
        var table = SitingDocument.accessTable(result)
        try table.write(to: file("siting.csv"))
        if workbooks {
            table.credits = credits
            try table.write(to: file("siting.xlsx"))
        }
        // Cells still beyond the limit with the sites added, by IRIS and commune, those lying
        // mostly in a neighbouring commune apart (last); the cell id last, for GIS joins.
        var unreachable =
            SitingDocument.dialect.preamble
            + "iris;nom_iris;commune;nom_commune;dans_le_territoire;menages_non_recours;habitants_du_territoire;minutes_au_point_existant_le_plus_proche;candidat_possible;idcar_200m\n"
        let uncoverable = Set(additions.uncoverable)
        for c in SitingDocument.beyondAfterOrdered(result) {
            let zone = result.cellZone[c].map { result.layer.zones[$0] }
            let t = result.access[limitIndex][c]
            let fields = [
                zone?.code ?? "", zone?.name ?? "", zone?.commune ?? "", zone?.communeName ?? "", result.liesInside(c) ? "oui" : "non (commune voisine)",
                SitingDocument.f1(result.review.risk[c]), SitingDocument.f1(result.cellPopulation[c] * result.cellInside[c]), t.isFinite ? SitingDocument.f1(t) : "hors réseau",
                uncoverable.contains(c) ? "non" : "oui",
                result.cellIDs[c],
            ]
            // Names quoted as RFC 4180 says (a quote doubled) and neutralised against formulas.
            unreachable += SitingDocument.dialect.line(fields.map(SitingDocument.dialect.field))
        }
        try AtomicFile.write(unreachable, to: file("cellules_hors_atteinte.csv"))
        let review = SitingDocument.document(result, territory: territory, date: date)
        try AtomicFile.write(review.markdown, to: file("siting.md"))
        return (review, overlay)
    }
}

