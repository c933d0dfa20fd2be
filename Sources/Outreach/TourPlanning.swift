import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Network
import Overlay
import Risk
import ScoredFiles
import Support

/// A tour from a scored territory: the households at risk of each cell (the scored zones'
/// estimates spread over their cells), the places where a team can stop (listed once, found
/// by a street, in their commune), the depot, the villages; then the month's half-days
/// (`OutreachPlanner`).
public enum TourPlanning {
    public static func plan(
        _ scored: ScoredCoverage, cells: CellTable, points: [PointOfInterest], model: RiskModel? = nil, settings: PlanSettings,
        period: [YearMonth],
        eventsPath: String?, depot: Point?, travel: any TravelModel, walk: (any TravelModel)? = nil, streetNames: NamedStreets? = nil,
        observations: [FieldVisit] = [], threads: Int
    ) throws -> OutreachPlan {
        let benefits = ScoredCoverage.benefitIDs(scored.layer)
        let risk = scored.cellRisk(cells: cells, benefits: benefits, model: model, threads: threads)
        let half = Double(cells.resolution) / 2
        let (cellCommune, villages, wholeCommunes) = villageCommunes(scored, cells: cells, settings: settings)
        var demand: [Point] = [], weights: [[Double]] = [], demandCommunes: [String] = [], demandHouseholds: [Double] = []
        let cellHouseholds = cells.column("men")?.doubles ?? []
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
                    file: files.isEmpty ? words("lieux") : files,
                    words("aucun lieu classé dans un type d'arrêt (marché, supermarché, mairie, centre social…) : une tournée demande des lieux où s'arrêter"))
            }
            throw InputError.missing(
                file: files,
                words("aucun des %1$@ lieux classés n'est à portée des carreaux du territoire (%2$@ m) : vérifiez les coordonnées", points.count, Int(widest)))
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
        try locate(&candidates, streets: streetNames, scored: scored, grid: grid, threads: threads)
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
                words(
                    "le dépôt (%1$@, %2$@) est à %3$@ des carreaux du territoire : attendu longitude,latitude d'un lieu proche", depotLonLat.x, depotLonLat.y,
                    PlacePlausibility.describe(depotDistance))
            )
        }
        if let streets = travel as? StreetTravel {
            try NetworkCoverage.check(
                model: streets, points: candidates.map(\.location), path: streets.attribution, what: words("arrêts candidats"))
            guard streets.accessDistances(depotGrid)[0] != nil else {
                throw InputError(
                    file: depot == nil ? "--pois" : "--depot",
                    words(
                        "le dépôt est à plus de %1$@ m de toute rue utilisable %2$@ de l'extrait : donnez un dépôt sur le réseau (--depot longitude,latitude)",
                        Int(streets.graph.profile.snapLimitMetres), streets.modeLabel)
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
            communes: communes, communeNames: communeNames,
            villages: VillageDemand(communes: villages, demandCommunes: demandCommunes, wholeCommunes: wholeCommunes),
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
        let households = cells.column("men")?.doubles ?? [Double](repeating: 0, count: cells.count)
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
}

extension Character {
    /// 0 to 9 only (not other scripts' digits).
    fileprivate var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}

extension TourPlanning {
    /// Gives an address to the places whose list gave none: « rue la plus proche : Avenue
    /// Pasteur (Bondy) » from the street network, else « IRIS La Flamiche, Bondy », so that a
    /// planner and a driver find every stop, and two places of one name are told apart.
    static func locate(_ candidates: inout [StopCandidate], streets: NamedStreets?, scored: ScoredCoverage, grid: SpatialReference, threads: Int)
        throws
    {
        guard candidates.contains(where: \.address.isEmpty) else { return }
        let zones = scored.layer.zones
        let shapes = try Reprojection.shapes(zones.map(\.geometry), from: scored.layer.crs, to: grid, threads: threads)
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
