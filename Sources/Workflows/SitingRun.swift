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
        public var hostKinds: Set<StopKind> = SitingResult.defaultHostKinds

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
        let streets = try request.network.map { try StreetNetworkSource(path: $0, profilesPath: request.profiles ?? BundledFiles.file("network.toml")) }
        if streets == nil { StreetNetworkSource.warnStraightLine(in: nil) }
        let scored = try ScoredCoverage.compute(layer: layer, cells: cells, threads: request.threads)
        streets?.limit(to: scored.extent(cells: cells), epsg: Int(cells.gridEPSG))
        var result = try SitingResult.assess(
            scored, cells: cells, existing: existing,
            candidates: candidatePoints, add: request.add, minutes: request.minutes, mode: request.mode,
            modes: modes(streets: streets, epsg: Int(cells.gridEPSG)), hostKinds: request.hostKinds, threads: request.threads
        )
        result.riskClasses = (try? MapRun.riskClassNaming(layer, model: nil)) ?? RiskClassNaming(territorialCount: 5)
        let folder = try OutputFolder(path: request.output, force: request.force)
        defer { folder.discard() }
        let day = request.date ?? MapRun.productionDate()
        let credits = MapComposition.credits(layer, more: DataCredits.places(request.points + request.candidates) + (streets?.credit.map { [$0] } ?? [])).text
        let sites = try write(result, to: folder, subfolder: nil, date: day, territory: nil, workbooks: request.workbooks, credits: credits).sites
        let style = try MapRun.loadStyle(request.style)
        let svg = try MapRun.render(
            layer, style: style, layer: .risk, cells: nil, territory: nil, date: day, overlay: sites, threads: request.threads,
            title: MapComposition.sitingTitle(territory: MapComposition.territoryName(layer.zones, given: nil)))
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
            access: MapComposition.AccessCells(
                cells: cells, indices: result.cellIndices, minutes: result.access[result.limitIndex], limit: result.minutes,
                gained: Set(result.additions.gained.map { result.cellIndices[$0] })),
            travel: model.method, moreCredits: moreCredits, threads: threads, shapes: shapes,
            title: MapComposition.sitingTitle(territory: MapComposition.territoryName(result.layer.zones, given: territory))
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
                SitingDocument.f1(result.review.risk[c]), SitingDocument.f1(result.cellPopulation[c] * result.cellInside[c]),
                t.isFinite ? SitingDocument.f1(t) : "hors réseau",
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
