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

/// Reading a scored file and drawing it: shared by `map` and `run`.
public enum MapRun {

    public static func loadStyle(_ path: String?) throws -> MapStyle {
        try MapStyle.load(path: path ?? BundledFiles.styleFile("default.toml"))
    }

    /// Draws scored zones already read, in Lambert-93 for metropolitan France.
    public static func render(
        _ scored: ScoredLayer, style: MapStyle, layer: MapLayer, cells: CellTable?, territory: String?, date: String?,
        overlay: MapOverlay = MapOverlay(), access: MapComposition.AccessCells? = nil, travel: String? = nil, moreCredits: [String] = [], threads: Int,
        shapes: SimplifiedShapes? = nil, title: String? = nil, model: RiskModel? = nil, page: MapPageFormat = MapPageFormat(),
        namesZones: Bool? = nil, homes: CellTable? = nil
    ) throws -> String {
        var scoredLayer = scored
        let naming = layer == .risk ? try riskClassNaming(scored, model: model) : nil
        let target = try MapProjection.target(for: scoredLayer.zones.map(\.geometry), in: scoredLayer.crs)
        let projected = try PhaseTimer.measure("carte : projection des zones") {
            try MapProjection.transform(scoredLayer.zones.map(\.geometry), from: scoredLayer.crs, to: target)
        }
        for i in scoredLayer.zones.indices { scoredLayer.zones[i].geometry = projected[i] }
        var mapCells = try PhaseTimer.measure("carte : carreaux") {
            try cells.map { try MapComposition.cellSquares($0, target: target, within: projected) } ?? []
        }
        if let access {
            var minutes = [Int: Double](minimumCapacity: access.indices.count)
            for (i, c) in access.indices.enumerated() { minutes[c] = access.minutes[i] }
            mapCells = try MapComposition.cellSquares(access.cells, target: target, within: projected, only: access.indices, gained: access.gained) { c in
                minutes[c].flatMap { $0.isFinite ? $0 : nil }
            }
        }
        let homeCells = try PhaseTimer.measure("carte : carreaux habités") {
            try homes.map { try MapComposition.homes($0, zones: scoredLayer.zones, target: target) } ?? MapHomes()
        }
        let caption = MapCaption(
            territory: MapComposition.territoryName(scoredLayer.zones, given: territory), date: date ?? productionDate(),
            sources: MapComposition.credits(scored, more: moreCredits).without(layer.drawsCafCounts ? [] : ["Cnaf"]).text,
            classification: {
                switch layer {
                case .risk: naming?.caption ?? "Classes : seuils du modèle de risque."
                case .access:
                    access?.limit.map { "Classes : 10, 20, 30 et 45 minutes, et la limite du territoire (\(FrenchNumber.decimal($0, digits: 0)) min)." }
                        ?? "Classes fixes : 10, 20, 30 et 45 minutes."
                default: "Classes : seuils optimaux de Fisher–Jenks (exacts)."
                }
            }(),
            projection: target.epsgCode == 2154 ? "Lambert-93 (RGF93, EPSG:2154)" : "\(target.name)\(target.epsgCode.map { " (EPSG:\($0))" } ?? "")",
            travel: travel
        )
        var titled = caption
        titled.title = title
        let drawn = try overlay.projected(to: target)
        return PhaseTimer.measure("carte : dessin SVG") {
            SVGMap(
                style: style, layer: layer, caption: titled, riskClasses: naming, accessLimit: access?.limit, page: page, namesZones: namesZones,
                threads: threads
            ).render(
                zones: scoredLayer.zones, cells: mapCells, homes: homeCells, stops: drawn.stops, routes: drawn.routes, routeTeams: drawn.routeTeams,
                streets: drawn.streets,
                shapes: shapes)
        }
    }

    /// A `--date` must be a real day, YYYY-MM-DD.
    public static func validateDate(_ text: String?) throws {
        guard let text else { return }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), CivilDate.plausibleYears.contains(y), (1...12).contains(m),
            (1...CivilDate.daysIn(year: y, month: m)).contains(d)
        else {
            throw UsageError(
                words("--date doit être un vrai jour écrit AAAA-MM-JJ, de 1900 à 2100 (reçu %1$@)", text))
        }
    }

    /// The titles of the maps that are documents of their own, not the risk map.
    public static func tourTitle(territory: String, period: [YearMonth]) -> String {
        period.isEmpty ? "Tournée d'aller-vers — \(territory)" : "Tournée d'aller-vers — \(territory), \(PlanText.periodWords(period))"
    }

    /// Today's date, or the one SOURCE_DATE_EPOCH gives (reproducible builds).
    public static func productionDate() -> String { SourceDate.productionDay() }

}

extension MapRun {
    /// Reads a scored file and its summary, and writes the report.
    public static func report(scored: String, summaryPath: String?, stylePath: String?, territory: String?, date: String?, threads: Int) throws -> String {
        var summary: ScoringSummary?
        if let summaryPath {
            let data = try Data(contentsOf: URL(fileURLWithPath: summaryPath))
            do {
                summary = try JSONDecoder().decode(ScoringSummary.self, from: data)
            } catch let error as InputError {
                throw error
            } catch {
                throw InputError(
                    file: summaryPath,
                    words("pas un résumé écrit par `allervers score --report` : %1$@", error))
            }
        }
        try summary?.check(path: summaryPath ?? "")
        return try report(
            ScoredLayer.read(path: scored, threads: threads), style: loadStyle(stylePath), summary: summary, territory: territory, date: date, threads: threads)
    }

    /// The report of scored zones already read, with extra sections (plan, siting); `riskMap`
    /// is the risk map already drawn for the same zones, territory and date, if any.
    public static func report(
        _ scored: ScoredLayer, style: MapStyle, summary: ScoringSummary?, territory: String?, date: String?, sections: [String] = [],
        moreCredits: [String] = [], riskMap: String? = nil, threads: Int
    ) throws -> String {
        let svg = try riskMap ?? render(scored, style: style, layer: .risk, cells: nil, territory: territory, date: date, threads: threads)
        var credits = MapComposition.credits(scored, more: moreCredits)
        if DataCredits(text: scored.credits) == nil, let fromSummary = DataCredits(text: summary?.credits) { credits = fromSummary.adding(moreCredits) }
        return HTMLReport(
            title: "Risque de non-recours aux droits", territory: MapComposition.territoryName(scored.zones, given: territory),
            date: date ?? productionDate(), mapSVG: svg, zones: scored.zones, summary: summary, sections: sections, credits: credits
        ).render()
    }
}

extension MapRun {
    /// How the scored zones' risk classes read: the model's national classes when every zone's
    /// class is the one its score falls in, the territory's own otherwise (the default model
    /// when none is given).
    static func riskClassNaming(_ scored: ScoredLayer, model: RiskModel?) throws -> RiskClassNaming {
        let riskModel = try model ?? RiskModel.load(path: BundledFiles.file("models/default.toml"))
        let classified = scored.zones.compactMap { zone -> (score: Double, riskClass: Int)? in
            guard zone.isPublished, let score = zone.score, let riskClass = zone.riskClass else { return nil }
            return (score, riskClass)
        }
        return RiskClassNaming.of(classified, model: riskModel)
    }

    /// Reads a scored file (and the cells for the carreaux layer) and draws one map.
    public static func draw(
        scored: String, style: String?, layer: MapLayer, model: String?, cells: String?, threads: Int, territory: String?, date: String?,
        stops: String?, route: String?, page: MapPageFormat = MapPageFormat()
    ) throws -> String {
        let scoredLayer = try PhaseTimer.measure("carte : lecture des zones") {
            try ScoredLayer.read(path: scored, threads: threads, only: layer.columnsDrawn)
        }
        let riskModel = try RiskModel.load(path: model ?? BundledFiles.file("models/default.toml"))
        return try render(
            scoredLayer, style: loadStyle(style), layer: layer.resolved(with: riskModel, scored: scoredLayer),
            cells: cells.map { try FilosofiReader.read(path: $0, threads: threads) }, territory: territory, date: date,
            overlay: MapOverlays.read(stops: stops, routes: route), threads: threads, model: riskModel, page: page
        )
    }
}

extension MapLayer {
    /// A benefit layer named by its id, completed from the model (label, assumed rate).
    public func resolved(with model: RiskModel, scored: ScoredLayer) throws -> MapLayer {
        guard case .benefit(let id, _, _) = self else { return self }
        guard let benefit = model.benefits.first(where: { $0.id == id }) else {
            throw UsageError(
                words(
                    "--layer %1$@ : couche inconnue ; attendu risk, nonrecours, poverty, niveau_de_vie, carreaux ou une prestation du modèle (%2$@)", id,
                    model.benefits.map(\.id).joined(separator: ", "))
            )
        }
        guard scored.zones.contains(where: { $0.value(ScoredColumn.benefitShare(id)) != nil }) else {
            throw InputError(
                file: scored.source, field: ScoredColumn.benefitShare(id),
                words("absent ; scorez à nouveau les zones avec ce modèle"))
        }
        return .benefit(id: id, label: benefit.label, assumedRate: !benefit.ratePublished)
    }
}

extension MapRun {
    /// One map drawn on its own (`allervers map`): what to draw, and the page it goes on.
    public struct Request: Sendable {
        public var scored: String
        public var style: String?
        public var layer: MapLayer
        public var model: String?
        public var cells: String?
        public var stops: String?
        public var route: String?
        public var territory: String?
        public var date: String?
        /// An .svg, or a .pdf / .png printed on `layout`'s page.
        public var output: String
        public var layout: PageLayout
        public var threads: Int

        public init(
            scored: String, style: String?, layer: MapLayer, model: String?, cells: String?, stops: String?, route: String?, territory: String?,
            date: String?, output: String, layout: PageLayout, threads: Int
        ) {
            self.scored = scored
            self.style = style
            self.layer = layer
            self.model = model
            self.cells = cells
            self.stops = stops
            self.route = route
            self.territory = territory
            self.date = date
            self.output = output
            self.layout = layout
            self.threads = threads
        }
    }

    /// Draws the map asked for and writes it whole: the SVG, or its printed page.
    public static func write(_ request: Request) throws {
        try OutputPaths.refuseOverwriting(
            inputs: [request.scored, request.style, request.model, request.cells, request.stops, request.route], outputs: [("-o", request.output)])
        let svg = try draw(
            scored: request.scored, style: request.style, layer: request.layer, model: request.model, cells: request.cells, threads: request.threads,
            territory: request.territory, date: request.date, stops: request.stops, route: request.route, page: request.layout.format
        )
        if let format = MapPrinter.Format(path: request.output) {
            let page = try MapPrinter.render(
                svg: svg, format: format, layout: request.layout, title: "AllerVers — carte \(request.layer.rawValue)",
                date: request.date ?? productionDate())
            try AtomicFile.write(page, to: request.output)
        } else {
            try AtomicFile.write(svg, to: request.output)
        }
    }

    /// Reads a scored file and its summary and writes the HTML report whole (`allervers report`).
    public static func writeReport(
        scored: String, summaryPath: String?, stylePath: String?, territory: String?, date: String?, threads: Int, to output: String
    ) throws {
        try OutputPaths.refuseOverwriting(inputs: [scored, summaryPath, stylePath], outputs: [("-o", output)])
        let html = try report(scored: scored, summaryPath: summaryPath, stylePath: stylePath, territory: territory, date: date, threads: threads)
        try AtomicFile.write(html, to: output)
    }
}
