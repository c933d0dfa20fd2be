import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Network
import Overlay
import Risk
import ScoredFiles
import Support

/// The result of a siting review: the review itself, the sites it adds, access per zone and
/// per cell, for the files, maps and document made from it.
public struct SitingResult {
    public struct ZoneAccess {
        public var zone: ScoredZone
        public var nonrecours: Double
        public var population: Double
        /// Per mode: [beyond 20 min, beyond 30 min] for households at risk and population.
        public var nonrecoursBeyond: [[Double]]
        public var populationBeyond: [[Double]]
        public var meanMinutes: [Double]
        public var beyondLimit: Double

        public init(
            zone: ScoredZone, nonrecours: Double, population: Double, nonrecoursBeyond: [[Double]], populationBeyond: [[Double]], meanMinutes: [Double],
            beyondLimit: Double
        ) {
            self.zone = zone
            self.nonrecours = nonrecours
            self.population = population
            self.nonrecoursBeyond = nonrecoursBeyond
            self.populationBeyond = populationBeyond
            self.meanMinutes = meanMinutes
            self.beyondLimit = beyondLimit
        }
    }

    public var review: SitingReview
    public var additions: SitingReview.Additions
    public var zones: [ZoneAccess]
    public var cellIDs: [String]
    public var cellPopulation: [Double]
    public var access: [[Double]]
    public var mode: AccessMode
    public var minutes: Double
    public var layer: ScoredLayer
    /// Grid indices of the review's cells, for the access map.
    public var cellIndices: [Int]
    /// Per mode: households at risk and population of cells off the street network.
    public var offNetworkRisk: [Double]
    public var offNetworkPopulation: [Double]
    /// Per review cell: the zone holding most of its population (index in `layer.zones`),
    /// and the share of the cell inside the territory's zones (a cell mostly in a
    /// neighbouring commune is listed apart).
    public var cellZone: [Int?] = []
    public var cellInside: [Double] = []
    /// How the scored zones' risk classes are named (read once, with the default model).
    public var riskClasses = RiskClassNaming(territorialCount: 5)

    /// Whether a review cell lies mostly inside the territory's zones.
    public func liesInside(_ c: Int) -> Bool { cellInside[c] >= 0.5 }
    public var limitIndex: Int { review.limitMode }
    public var limitLabel: String { review.modes[review.limitMode].model.modeLabel }

    public var summaryLine: String {
        let beyond = SpokenNumber.integer(totalBeyond), gained = SpokenNumber.integer(additions.coveredAfter - additions.coveredBefore)
        let limit = SpokenNumber.integer(minutes)
        return words(
            "%1$@ ménages en non-recours estimé au-delà de %2$@ min (%3$@) ; %4$@ site(s) ajouté(s) : %5$@ de plus à moins de %6$@ min\n", beyond, limit,
            limitLabel, additions.chosen.count, gained, limit)
    }
    public var totalBeyond: Double { review.risk.reduce(0, +) - additions.coveredBefore }

    public init(
        review: SitingReview, additions: SitingReview.Additions, zones: [ZoneAccess], cellIDs: [String], cellPopulation: [Double], access: [[Double]],
        mode: AccessMode, minutes: Double, layer: ScoredLayer, cellIndices: [Int], offNetworkRisk: [Double], offNetworkPopulation: [Double]
    ) {
        self.review = review
        self.additions = additions
        self.zones = zones
        self.cellIDs = cellIDs
        self.cellPopulation = cellPopulation
        self.access = access
        self.mode = mode
        self.minutes = minutes
        self.layer = layer
        self.cellIndices = cellIndices
        self.offNetworkRisk = offNetworkRisk
        self.offNetworkPopulation = offNetworkPopulation
    }
}

extension SitingResult {
    /// The kinds of place that can host a reception point, when the territory does not say
    /// (`[siting] kinds`): a maison de quartier or centre social, a mairie or mairie annexe, a
    /// médiathèque, a France Services, a bureau de poste, a CCAS antenna, a CAF office. Never by
    /// default a school gate, a shop or a market: a « permanence en galerie commerciale » is a
    /// choice a territory makes, not a default.
    public static let defaultHostKinds: Set<StopKind> = [
        .communityCentre, .townHall, .library, .franceServices, .postOffice, .ccas, .cafOffice, .villageHall,
    ]

    public static func assess(
        _ scored: ScoredCoverage, cells: CellTable, existing: [PointOfInterest], candidates: [PointOfInterest], add: Int,
        minutes: Double, mode: AccessMode, modes: [TravelMode], hostKinds: Set<StopKind> = defaultHostKinds, threads: Int
    ) throws -> SitingResult {
        // No reception point yet (a rural territory whose CAF and France Services stand in the
        // préfecture): every cell is beyond reach, and the review proposes where to open one.
        // A list of reception points that holds none is a wrong list, not a territory without.
        let existingPoints = existing.filter(\.kind.isReceptionPoint)
        if !existing.isEmpty && existingPoints.isEmpty {
            throw InputError(
                file: "--points",
                words(
                    "aucun point d'accueil trouvé (attendu des points classés france_services, ccas ou caf ; pour un territoire qui n'en a pas : points = [] dans [siting])"
                ))
        }
        if existingPoints.isEmpty {
            FileHandle.standardError.write(
                Data(
                    words(
                        "attention : aucun point d'accueil existant (France Services, CCAS, accueil CAF) dans les listes de [siting] points ni à portée du territoire : la revue dit qui est hors de portée et propose des sites parmi les lieux d'accueil possibles\n"
                    ).utf8))
        }
        let layer = scored.layer, coverage = scored.coverage
        let people = cells.column("ind")?.doubles ?? [Double](repeating: 0, count: cells.count)
        let (risk, population, contributions) = cellShares(layer: layer, coverage: coverage, cells: cells, people: people)
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
        warnAboutHosts(candidates: candidates, candidateSites: candidateSites, hostKinds: hostKinds)
        if candidateSites.isEmpty {
            candidateSites = try latticeSites(centres: centres, cells: cells, grid: grid, modes: modes, mode: mode, minutes: minutes)
        }
        guard let limitMode = modes.firstIndex(where: { $0.mode == mode }) else {
            throw InputError(file: "siting", words("pas de temps de trajet pour le mode %1$@", mode.rawValue))
        }
        let review = SitingReview(
            cells: centres, risk: used.map { risk[$0] }, population: used.map { population[$0] }, existing: existingSites,
            candidates: candidateSites, modes: modes, limitMode: limitMode, limitMinutes: minutes, threads: threads
        )
        try checkNetworks(review, modes: modes, centres: centres)
        let access = review.accessMinutes()
        var accessOfCell = [Int: Int]()
        for (i, c) in used.enumerated() { accessOfCell[c] = i }
        let zones = zoneAccess(
            layer: layer, contributions: contributions, cellIndex: accessOfCell, access: access, modes: modes, limitMode: limitMode, minutes: minutes)
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
        var result = SitingResult(
            review: review, additions: review.chooseAdditions(k: add, access: access), zones: zones,
            cellIDs: used.map { cells.id(at: $0).description }, cellPopulation: used.map { people[$0] }, access: access,
            mode: mode, minutes: minutes, layer: layer, cellIndices: used, offNetworkRisk: offRisk, offNetworkPopulation: offPeople
        )
        result.cellZone = used.map { mainZone[$0] }
        result.cellInside = used.map { min(1, inside[$0]) }
        return result
    }

    /// A zone's part of a cell: its households at risk (by the one spreading rule, `CellRisk`)
    /// and its people (by covered area).
    typealias Contribution = (cell: Int, risk: Double, people: Double)

    /// Per cell, the households at risk and the people of the zones that cover it; per zone, its
    /// part of each cell.
    static func cellShares(
        layer: ScoredLayer, coverage: CoverageTable, cells: CellTable, people: [Double]
    ) -> (risk: [Double], population: [Double], contributions: [[Contribution]]) {
        let poor = cells.column("men_pauv")?.doubles ?? [], households = cells.column("men")?.doubles ?? []
        // Per zone and cell: the zone's share of households at risk and of population.
        var risk = [Double](repeating: 0, count: cells.count)
        var population = [Double](repeating: 0, count: cells.count)
        var contributions: [[Contribution]] = []
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
        return (risk, population, contributions)
    }

    /// Says when the candidate places hold no kind the territory allowed beyond the defaults (a
    /// misspelt or missing list is not « no such place here »), or none that can host a point.
    static func warnAboutHosts(candidates: [PointOfInterest], candidateSites: [Site], hostKinds: Set<StopKind>) {
        // A kind the territory allowed beyond the defaults that no candidate place has: said, so
        // that a misspelt or missing list is not read as « no such place here ».
        let present = Set(candidates.map(\.kind))
        let absent = hostKinds.subtracting(defaultHostKinds).subtracting(present).sorted()
        if !candidates.isEmpty && !absent.isEmpty {
            let names = absent.map(\.frenchLabel).joined(separator: ", ")
            FileHandle.standardError.write(
                Data(
                    (words("attention : ")
                        + words("aucun lieu candidat du type permis « %1$@ » ([siting] kinds) : vérifiez les listes de lieux candidats\n", names)).utf8))
        }
        if !candidates.isEmpty && candidateSites.isEmpty {
            let kinds = hostKinds.sorted().map(\.frenchLabel).joined(separator: ", ")
            FileHandle.standardError.write(
                Data(
                    (words("attention : ")
                        + words(
                            "aucun lieu candidat ne peut accueillir un point d'accueil (types permis : %1$@ ; [siting] kinds du fichier de territoire) : la revue propose des emplacements sur une grille, à trouver sur place\n",
                            kinds)).utf8))
        }
    }

    /// A regular grid of candidate places: populated cell centres on a lattice of 400 m, or a
    /// third of the reach in the time limit when that is wider (a 30-minute drive does not need
    /// a place every 400 m, and thousands of them would only cost time).
    static func latticeSites(
        centres: [Point], cells: CellTable, grid: SpatialReference, modes: [TravelMode], mode: AccessMode, minutes: Double
    ) throws -> [Site] {
        let half = Double(cells.resolution) / 2
        let toLonLat = try CoordinateTransformer(from: grid, to: SpatialReference(epsg: 4326))
        let side = Int(cells.resolution)
        let reach = modes.first { $0.mode == mode }?.model.reachMetres(minutes: minutes) ?? 0
        let spacing = max(400, Int(reach / 3) / (2 * side) * (2 * side))
        let lattice = centres.filter { p in Int(p.x - half) % spacing == 0 && Int(p.y - half) % spacing == 0 }
        var lonLat = lattice
        try toLonLat.transform(&lonLat)
        return lattice.indices.map { Site(name: "Lieu candidat \($0 + 1)", kind: .other, lonLat: lonLat[$0], location: lattice[$0]) }
    }

    /// The street networks reach the populated cells; an existing point off a network is said.
    static func checkNetworks(_ review: SitingReview, modes: [TravelMode], centres: [Point]) throws {
        for mode in modes {
            if let streets = mode.model as? StreetTravel {
                try NetworkCoverage.check(model: streets, points: centres, path: streets.attribution, what: words("carreaux habités"))
                let offSites = streets.accessDistances(review.existing.map(\.location)).enumerated().filter { $0.element == nil }
                for (i, _) in offSites {
                    FileHandle.standardError.write(
                        Data(
                            words(
                                "attention : le point d'accueil « %1$@ » est hors réseau (%2$@) : il ne compte pour aucun temps\n", review.existing[i].name,
                                streets.modeLabel
                            ).utf8))
                }
            }
        }
    }

    /// Per zone: households at risk and people, beyond 20 and 30 minutes per mode, the mean
    /// time, the households at risk beyond the territory's limit.
    static func zoneAccess(
        layer: ScoredLayer, contributions: [[Contribution]], cellIndex accessOfCell: [Int: Int], access: [[Double]], modes: [TravelMode],
        limitMode: Int, minutes: Double
    ) -> [ZoneAccess] {
        return layer.zones.enumerated().map { z, zone -> SitingResult.ZoneAccess in
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
            return SitingResult.ZoneAccess(
                zone: zone, nonrecours: nonrecours, population: peopleSum, nonrecoursBeyond: beyondRisk, populationBeyond: beyondPeople,
                meanMinutes: zip(weighted, reachedPeople).map { $1 > 0 ? $0 / $1 : 0 }, beyondLimit: beyondLimit
            )
        }
    }
}
