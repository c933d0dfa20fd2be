import Foundation
import GeometryCore
import Inputs
import Risk
import Support

/// What a thematic map shows. Rates and intensities are colours; counts are proportional
/// circles (never a choropleth of counts).
public enum MapLayer: Sendable, Equatable, Hashable {
    /// Intensity (`score_risque`) in colours, estimated households (`non_recours_estime`) as circles.
    case risk
    /// Estimated households missing a benefit, as circles only.
    case nonrecours
    case poverty
    case niveauDeVie
    case carreaux
    /// One benefit of the model: share of households missing it in colours, households as
    /// circles. `label` is its French name; `assumedRate` when no published rate exists.
    case benefit(id: String, label: String, assumedRate: Bool)
    /// Populated cells by time to the nearest reception point (fixed classes in minutes);
    /// `mode` says how (« en voiture, par les rues (OpenStreetMap, …) »).
    case access(mode: String)

    /// Class limits of the access map, in minutes (the last class is open).
    public static let accessLimits: [Double] = [0, 10, 20, 30, 45]

    /// The layers that exist whatever the model.
    public static let fixed: [MapLayer] = [.risk, .nonrecours, .poverty, .niveauDeVie, .carreaux]

    public init?(rawValue: String) {
        switch rawValue {
        case "risk", "risque": self = .risk
        case "nonrecours": self = .nonrecours
        case "poverty", "pauvrete", "pauvreté": self = .poverty
        case "niveau_de_vie": self = .niveauDeVie
        case "carreaux": self = .carreaux
        default:
            guard !rawValue.isEmpty, rawValue.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
            self = .benefit(id: rawValue, label: rawValue, assumedRate: false)
        }
    }

    public var rawValue: String {
        switch self {
        case .risk: "risk"
        case .nonrecours: "nonrecours"
        case .poverty: "poverty"
        case .niveauDeVie: "niveau_de_vie"
        case .carreaux: "carreaux"
        case .benefit(let id, _, _): id
        case .access: "acces"
        }
    }

    /// Layers drawn as cells rather than zones.
    var isCellLayer: Bool {
        switch self {
        case .carreaux, .access: true
        default: false
        }
    }

    var title: String {
        switch self {
        case .risk: "Risque de non-recours aux droits, par IRIS"
        case .nonrecours: "Ménages ne percevant pas une prestation à laquelle ils ont droit (estimation), par IRIS"
        case .poverty: "Taux de pauvreté des ménages, par IRIS"
        case .niveauDeVie: "Niveau de vie moyen, par IRIS"
        case .carreaux: "Niveau de vie moyen par carreau de 200 m, et limites des IRIS"
        case .benefit(_, let label, _): "Non-recours estimé : \(label), par IRIS"
        case .access: "Temps d'accès au point d'accueil le plus proche, par carreau de 200 m habité"
        }
    }

    var indicator: String { indicator(classes: nil) }

    /// The indicator in the subtitle; for the risk map, with the kind of its classes
    /// (« classes nationales fixes » or « classes propres au territoire ») when known.
    func indicator(classes: String?) -> String {
        switch self {
        case .risk: "couleur : intensité du risque (score 0 à 100, échelle nationale\(classes.map { ", \($0)" } ?? "")) ; cercles : ménages concernés"
        case .nonrecours: "cercles : ménages × prestations non perçues (nombre estimé)"
        case .poverty: "ménages sous le seuil de pauvreté (60 % du niveau de vie médian), en %"
        case .niveauDeVie: "niveau de vie moyen par individu, en euros par an"
        case .carreaux: "niveau de vie moyen par individu, en euros par an (plus foncé = plus pauvre)"
        case .benefit(_, _, let assumed):
            "couleur : part des ménages qui ne la perçoivent pas, en %" + (assumed ? " (taux supposé)" : "") + " ; cercles : ménages"
        case .access(let mode): "minutes \(mode)"
        }
    }

    /// The attribute drawn in colours (nil: no choropleth).
    var attribute: String? {
        switch self {
        case .risk: ScoredColumn.score
        case .nonrecours: nil
        case .poverty: Indicator.povertyRate.columnName
        case .niveauDeVie, .carreaux: Indicator.meanLivingStandard.columnName
        case .benefit(let id, _, _): ScoredColumn.benefitShare(id)
        case .access: nil
        }
    }

    /// The scored columns a map of this layer reads (lower case): the zones' names and
    /// communes, their reliability, the tooltip's score, volume and intervals, the coloured
    /// attribute and the circles' count. A national map reads these alone.
    public var columnsDrawn: Set<String> {
        var columns = Set(ScoredColumn.required).union([
            ScoredColumn.name, ScoredColumn.commune, ScoredColumn.communeName, ScoredColumn.scoreLow, ScoredColumn.scoreHigh,
            ScoredColumn.estimate, ScoredColumn.estimateLow, ScoredColumn.estimateHigh, ScoredColumn.explanation,
        ])
        if let attribute { columns.insert(attribute) }
        if let circleAttribute { columns.insert(circleAttribute) }
        return columns
    }

    /// The count drawn as proportional circles (nil: none).
    var circleAttribute: String? {
        switch self {
        case .risk, .nonrecours: ScoredColumn.estimate
        case .benefit(let id, _, _): ScoredColumn.benefit(id)
        default: nil
        }
    }

    var circleLegend: String {
        switch self {
        case .benefit(_, let label, _): "ménages sans \(label) (estimation)"
        default: "ménages × prestations non perçues (estimation)"
        }
    }

    var palette: String {
        switch self {
        case .risk, .benefit: "risk"
        case .nonrecours: "nonrecours"
        case .poverty: "poverty"
        case .niveauDeVie, .carreaux: "niveau_de_vie"
        case .access: "access"
        }
    }

    func format(_ value: Double) -> String {
        switch self {
        case .risk: FrenchNumber.decimal(value, digits: 1)
        case .nonrecours, .niveauDeVie, .carreaux: FrenchNumber.integer(value)
        case .poverty, .benefit: FrenchNumber.decimal(value * 100, digits: 1)
        case .access: FrenchNumber.integer(value)
        }
    }
}

/// A 200 m cell to draw: its square in the map CRS, its value, whether it was imputed.
public struct MapCell: Sendable {
    public var square: [Point]
    public var value: Double?
    public var imputed: Bool
    /// On the access map: a cell beyond the limit today that the proposed sites bring within it.
    public var gained: Bool
    public init(square: [Point], value: Double?, imputed: Bool, gained: Bool = false) {
        self.square = square
        self.value = value
        self.imputed = imputed
        self.gained = gained
    }
}

/// A numbered stop symbol.
public struct MapStop: Sendable {
    public var location: Point
    /// The number drawn on the point (0: the depot, drawn « D »).
    public var number: Int
    public var kind: String
    public var label: String
    /// What the key under the map says of it besides its name (kind, day and hours, people
    /// expected, address); no key row when empty.
    public var detail: String
    /// The team that holds the stop (0-based), when several teams share the tour.
    public var team: Int?
    public init(location: Point, number: Int, kind: String, label: String, detail: String = "", team: Int? = nil) {
        self.location = location
        self.number = number
        self.kind = kind
        self.label = label
        self.detail = detail
        self.team = team
    }

    /// One colour per team, for its routes and the ring of its numbers: dark tones apart from
    /// the stop kinds' colours.
    public static let teamColors = ["#1f3a93", "#c51b7d", "#8c510a", "#01665e", "#542788", "#b35806", "#4d4d4d", "#de77ae"]

    /// The depot's kind, drawn « D » and keyed « dépôt (départ et retour) ».
    public static let depotKind = "depot"
}

/// The text around the map.
public struct MapCaption: Sendable {
    public var territory: String
    public var date: String
    public var sources: String
    public var classification: String
    public var projection: String
    /// How routes and times are measured, for the legend (« par les rues (OpenStreetMap, …) »).
    public var travel: String?
    /// The map's own title, when it is not the layer's (« Tournée d'aller-vers — Bondy, mars
    /// 2027 » over the risk classes).
    public var title: String?
    public init(territory: String, date: String, sources: String, classification: String, projection: String, travel: String? = nil) {
        self.projection = projection
        self.travel = travel
        self.territory = territory
        self.date = date
        self.sources = sources
        self.classification = classification
    }
}

/// Draws a thematic map of scored zones as a self-contained SVG: title and subtitle, the
/// choropleth in classes with a legend (breaks and zones per class), hatching for secret and
/// unreliable zones, IRIS and commune outlines, commune names, optional 200 m cells, stops and
/// routes, a scale bar, a north arrow, the sources and the date. Each zone is a `<path>` with
/// a `<title>` and `data-*` attributes.
public struct SVGMap: Sendable {
    public var style: MapStyle
    public var layer: MapLayer
    public var caption: MapCaption
    /// How the risk classes are named (national words and bounds, or the territory's own).
    public var riskClasses: RiskClassNaming?
    /// The territory's time limit on the access map: a band boundary of its own.
    public var accessLimit: Double?

    /// Worker threads for the Fisher–Jenks classes (the map does not depend on their number).
    public var threads: Int

    public init(
        style: MapStyle, layer: MapLayer, caption: MapCaption, riskClasses: RiskClassNaming? = nil, accessLimit: Double? = nil, threads: Int
    ) {
        self.style = style
        self.layer = layer
        self.caption = caption
        self.riskClasses = riskClasses
        self.accessLimit = accessLimit
        self.threads = threads
    }

    /// The legend classes: colour, bounds and number of zones (or cells); a named class
    /// (« élevé ») prints its name, and fixed bounds print as such (« moins de 33,3 »).
    public struct LegendClass: Sendable {
        public var color: String
        public var lower: Double
        public var upper: Double
        public var count: Int
        public var name: String? = nil
        /// Fixed national bounds: the first class has no lower bound, the last no upper one.
        public var fixedBounds: Bool = false
    }

    /// The colour of the cells the proposed sites bring within the limit.
    static let gainedColor = "#5e3c99"

    /// The subtitle's indicator: for the risk map, with the kind of classes.
    var indicatorText: String { layer.indicator(classes: riskClasses?.subtitle) }

    /// A legend class as the map's legend and the GeoPackage's QGIS style both print it:
    /// « 2. 60,2 à 61,5 (4 zones) », a class of one value by that value alone.
    public func legendLabel(_ c: LegendClass, number: Int) -> String {
        let unit = layer.isCellLayer ? "carreaux" : "zones"
        let minutes = layer.isCellLayer && layer != .carreaux ? " min" : ""
        let zones = "(\(c.count) \(c.count > 1 ? unit : String(unit.dropLast())))"
        if c.fixedBounds, let name = c.name {
            let range =
                c.lower <= 0
                ? "moins de \(layer.format(c.upper))"
                : c.upper >= 100 ? "\(layer.format(c.lower)) et plus" : "\(layer.format(c.lower)) à \(layer.format(c.upper))"
            return "\(name) : \(range) \(zones)"
        }
        let named = c.name.map { " \($0) :" } ?? ""
        let range =
            c.lower.isNaN
            ? "—"
            : c.upper == .infinity
                ? "plus de \(layer.format(c.lower)) min"
                : layer.format(c.lower) == layer.format(c.upper)
                    ? "\(layer.format(c.upper))\(minutes)" : "\(layer.format(c.lower)) à \(layer.format(c.upper))\(minutes)"
        return "\(number).\(named) \(range) \(zones)"
    }

    /// Classes of the layer: the score's own classes for `risk`, Fisher–Jenks otherwise.
    public func legendClasses(zones: [ScoredZone], cells: [MapCell]) -> (classes: [LegendClass], classOf: (Double) -> Int?) {
        if layer == .risk {
            var lower: [Int: Double] = [:], upper: [Int: Double] = [:], counts: [Int: Int] = [:]
            for zone in zones where zone.isPublished {
                guard let c = zone.riskClass, let s = zone.score else { continue }
                lower[c] = min(lower[c] ?? s, s)
                upper[c] = max(upper[c] ?? s, s)
                counts[c, default: 0] += 1
            }
            if let naming = riskClasses, let fixed = naming.fixedLowerBounds {
                // National classes: fixed bounds and words; the colour of a class is the same
                // in every territory (the palette of all the classes, empty ones left unlisted).
                let colors = style.palette(layer.palette, classes: naming.names.count)
                let bounds: [Double] = [0.0] + fixed + [100.0]
                let classes = naming.names.indices.map { i in
                    LegendClass(
                        color: colors[i], lower: bounds[i], upper: bounds[i + 1], count: counts[i + 1] ?? 0, name: naming.names[i], fixedBounds: true)
                }
                return (classes, { _ in nil })
            }
            let count = max(counts.keys.max() ?? 0, 1)
            // Contiguous bounds: a class starts where the one below it ends (« 54,3 à 57,9 »,
            // « 57,9 à 61,5 »), as the classes of the score are cut.
            var previousUpper: Double?
            for c in 1...count {
                if let below = previousUpper, lower[c] != nil { lower[c] = below }
                if let top = upper[c] { previousUpper = top }
            }
            let colors = style.palette(layer.palette, classes: count)
            let names: [String]? = riskClasses.map { $0.names.count == count ? $0.names : RiskClassNaming(territorialCount: count).names }
            let classes = (1...count).map { (c: Int) -> LegendClass in
                let name: String? = names != nil && (c == 1 || c == count) ? names![c - 1] : nil
                return LegendClass(color: colors[c - 1], lower: lower[c] ?? .nan, upper: upper[c] ?? .nan, count: counts[c] ?? 0, name: name)
            }
            return (classes, { _ in nil })
        }
        if case .access = layer {
            let limits = Array(Set(MapLayer.accessLimits + (accessLimit.map { [$0] } ?? []))).sorted()
            let colors = style.palette(layer.palette, classes: limits.count)
            func classOf(_ minutes: Double) -> Int? {
                guard minutes.isFinite else { return nil }
                return (limits.lastIndex { minutes >= $0 } ?? 0) + 1
            }
            let classes = limits.indices.map { i in
                LegendClass(
                    color: colors[i], lower: limits[i], upper: i + 1 < limits.count ? limits[i + 1] : .infinity,
                    count: cells.filter { $0.value.flatMap(classOf) == i + 1 }.count
                )
            }
            return (classes, classOf)
        }
        guard let attribute = layer.attribute else { return ([], { _ in nil }) }
        let values: [Double] =
            layer == .carreaux
            ? cells.compactMap(\.value)
            : zones.filter(\.isPublished).compactMap { $0.number(attribute) }
        let breaks = ClassBreaks.compute(values, classes: 5, method: .jenks, threads: threads)
        let colors = style.palette(layer.palette, classes: breaks.classCount)
        let classes = (0..<breaks.classCount).map { i in
            LegendClass(color: colors[i], lower: breaks.bounds[i], upper: breaks.bounds[i + 1], count: breaks.counts[i])
        }
        return (classes, { value in breaks.classCount > 0 ? breaks.classOf(value) : nil })
    }

    /// Renders zones (already in the map CRS), with optional cells, stops and routes.
    public func render(
        zones: [ScoredZone], cells: [MapCell] = [], stops: [MapStop] = [], routes: [[Point]] = [], routeTeams: [Int] = [],
        streets: [MapStreet] = [], shapes: SimplifiedShapes? = nil
    ) -> String {
        // Several teams: each its colour, for its routes and the ring of its numbers.
        let teams = Set(routeTeams).union(stops.compactMap(\.team)).sorted()
        func teamColor(_ team: Int?) -> String? {
            guard teams.count > 1, let team else { return nil }
            return MapStop.teamColors[team % MapStop.teamColors.count]
        }
        let legendX = style.width - style.margin - style.legendWidth
        // Title and subtitle cut into lines that fit the page (words kept whole).
        let textWidth = style.width - 2 * style.margin
        let titleLines = wrap(caption.title ?? layer.title, width: textWidth, fontSize: style.titleSize, bold: true)
        let subtitleLines = wrap("\(caption.territory) — \(indicatorText) — \(caption.date)", width: textWidth, fontSize: style.subtitleSize)
        let subtitleTop = style.margin + style.titleSize * (1 + 1.25 * Double(titleLines.count - 1))
        let mapLeft = style.margin, mapTop = subtitleTop + style.subtitleSize * (1.5 * Double(subtitleLines.count) + 1.1) + 12
        let mapWidth = legendX - style.margin - mapLeft
        var box = BoundingBox.empty
        for zone in zones { box.include(zone.geometry.boundingBox) }
        let scale = min(mapWidth / max(box.width, 1), style.mapHeight / max(box.height, 1))
        let drawnHeight = box.height * scale
        let offsetX = mapLeft + (mapWidth - box.width * scale) / 2
        func px(_ p: Point) -> (Double, Double) { (offsetX + (p.x - box.minX) * scale, mapTop + (box.maxY - p.y) * scale) }
        // The classes and what each zone's path says besides its shape (fill, data, tooltip)
        // do not depend on the shapes: found on another thread while the shared boundaries
        // are simplified (once, at a tenth of a pixel's precision; mostly one thread's work).
        let map = self
        let describing = BackgroundWork(threads: threads) { HandedOver(map.describe(zones, cells: cells)) }
        let simplified = PhaseTimer.measure("carte : simplification") {
            (shapes ?? SimplifiedShapes()).simplified(zones.map(\.geometry), scale: scale, threads: threads)
        }
        // The work cannot fail (its body does not throw); were it to, the zones are described here.
        let described = (try? describing.wait())?.value ?? describe(zones, cells: cells)
        let classes = described.classes, classOf = described.classOf, labels = described.labels
        let circleRows = layer.circleAttribute == nil ? 0.0 : 5
        // The credits, cut between sources to fit the page's width.
        let perLine = max(40, Int((style.width - 2 * style.margin) / (style.sourceSize * 0.55)))
        var sourceLines: [String] = []
        for part in caption.sources.components(separatedBy: " ; ") {
            if let last = sourceLines.last, last.count + 3 + part.count <= perLine {
                sourceLines[sourceLines.count - 1] = last + " ; " + part
            } else {
                sourceLines.append(part)
            }
        }
        // The key of the numbered points, under the map: one row per point that has a detail.
        let keyTop = max(mapTop + drawnHeight, mapTop + 60 + (Double(classes.count + 5) + circleRows) * style.legendSize * 2.2) + 30
        let keyLines = stops.filter { !$0.detail.isEmpty }.sorted { $0.number < $1.number }.flatMap { stop in
            wrap(
                "\(stop.number == 0 ? "D" : String(stop.number)). \(stop.label) — \(stop.detail)", width: textWidth, fontSize: style.legendSize,
                emPerCharacter: 0.52, minimum: 40)
        }
        let keyHeight = keyLines.isEmpty ? 0 : style.legendSize * (2.6 + 1.35 * Double(keyLines.count))
        let height = keyTop + keyHeight + style.sourceSize * (5 + 1.4 * Double(max(0, sourceLines.count - 1))) + style.margin

        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(style.width))" height="\(n(height))" viewBox="0 0 \(n(style.width)) \(n(height))" font-family="\(xml(style.font))" data-layer="\(layer.rawValue)">

            """
        svg += "<title>\(xml(caption.title ?? "\(layer.title) — \(caption.territory)"))</title>\n"
        svg += """
            <defs>
            <pattern id="hachures-secret" patternUnits="userSpaceOnUse" width="\(n(style.hatchSpacing))" height="\(n(style.hatchSpacing))" patternTransform="rotate(45)"><rect width="\(n(style.hatchSpacing))" height="\(n(style.hatchSpacing))" fill="\(style.secretFill)"/><line x1="0" y1="0" x2="0" y2="\(n(style.hatchSpacing))" stroke="\(style.hatchColor)" stroke-width="\(n(style.hatchWidth))"/></pattern>
            <pattern id="hors-champ" patternUnits="userSpaceOnUse" width="\(n(style.hatchSpacing))" height="\(n(style.hatchSpacing))"><rect width="\(n(style.hatchSpacing))" height="\(n(style.hatchSpacing))" fill="#ffffff"/><circle cx="\(n(style.hatchSpacing / 2))" cy="\(n(style.hatchSpacing / 2))" r="0.9" fill="\(style.hatchColor)"/></pattern>
            <pattern id="mis-a-portee" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="\(Self.gainedColor)" stroke-width="1.4"/></pattern>
            <pattern id="hachures-fragile" patternUnits="userSpaceOnUse" width="\(n(style.hatchSpacing * 1.6))" height="\(n(style.hatchSpacing * 1.6))" patternTransform="rotate(-45)"><line x1="0" y1="0" x2="0" y2="\(n(style.hatchSpacing * 1.6))" stroke="\(style.hatchColor)" stroke-width="\(n(style.hatchWidth * 0.8))"/></pattern>
            </defs>
            <rect width="100%" height="100%" fill="\(style.background)"/>

            """
        for (i, line) in titleLines.enumerated() {
            svg +=
                "<text x=\"\(n(style.margin))\" y=\"\(n(style.margin + style.titleSize * (1 + 1.25 * Double(i))))\" font-size=\"\(n(style.titleSize))\" font-weight=\"bold\" fill=\"\(style.textColor)\">\(xml(line))</text>\n"
        }
        for (i, line) in subtitleLines.enumerated() {
            svg +=
                "<text x=\"\(n(style.margin))\" y=\"\(n(subtitleTop + style.subtitleSize * 1.5 * Double(i + 1)))\" font-size=\"\(n(style.subtitleSize))\" fill=\"\(style.textColor)\">\(xml(line))</text>\n"
        }
        // Cells under the zones: the squares of each class in shared paths (a few thousand
        // squares each: XML parsers such as librsvg's refuse attributes of megabytes), then
        // those without a value, then the hatching of the imputed ones; the same drawing as a
        // path per cell (squares do not overlap, every outline has the group's stroke), in a
        // file two thirds of the size and far faster to draw (a département has 230 000
        // cells). A square whose corners cannot be printed (not finite: PROJ refuses those
        // before) is left out.
        if layer.isCellLayer {
            svg += "<g id=\"carreaux\" stroke=\"\(style.cellOutline)\">\n"
            var paths = [SharedPaths](repeating: SharedPaths(), count: classes.count + 1)
            var hatching = SharedPaths()
            var square = PathBytes(capacity: 64)
            for cell in cells {
                square.removeAll()
                guard square.ring(cell.square, px, droppingRepeats: false) else { continue }
                paths[cell.value.flatMap(classOf).map { $0 - 1 } ?? classes.count].add(square)
                if cell.imputed { hatching.add(square) }
            }
            for (i, shared) in paths.enumerated() {
                let fill = i < classes.count ? classes[i].color : style.secretFill
                for path in shared.paths { svg += "<path d=\"\(path.text)\" fill=\"\(fill)\"/>\n" }
            }
            for path in hatching.paths { svg += "<path d=\"\(path.text)\" fill=\"url(#hachures-fragile)\" data-imputed=\"1\"/>\n" }
            // The cells the proposed sites bring within the limit, drawn apart.
            var gained = SharedPaths()
            for cell in cells where cell.gained {
                square.removeAll()
                if square.ring(cell.square, px, droppingRepeats: false) { gained.add(square) }
            }
            for path in gained.paths {
                svg += "<path d=\"\(path.text)\" fill=\"url(#mis-a-portee)\" stroke=\"\(Self.gainedColor)\" stroke-width=\"1.6\" data-gained=\"1\"/>\n"
            }
            svg += "</g>\n"
        }
        // Zones.
        svg += "<g id=\"zones\" stroke=\"\(style.irisColor)\" stroke-width=\"\(n(style.irisWidth))\" stroke-linejoin=\"round\">\n"
        nonisolated(unsafe) let toPixels = px
        // The commune outlines depend only on the shapes: drawn on another thread while the
        // zones' centres, paths and circles are made here.
        let shapesDrawn = simplified
        let outlines = BackgroundWork(threads: threads) {
            PhaseTimer.measure("carte : limites des communes") { map.communeOutlines(zones: zones, simplified: shapesDrawn, toPixels) }
        }
        // Where each zone's circle goes, in parallel blocks.
        @Sendable func centre(_ i: Int) -> (Double, Double)? { interiorPoint(of: simplified[i]).map(toPixels) }
        let centres = PhaseTimer.measure("carte : centres des zones") {
            (try? parallelMap(count: (zones.count + 1023) / 1024, threads: threads) { b in
                ((b * 1024)..<min(zones.count, (b + 1) * 1024)).map(centre)
            }.flatMap { $0 }) ?? zones.indices.map(centre)
        }
        // Each zone's path with its label, in parallel blocks, joined in order.
        @Sendable func zonePath(_ i: Int) -> (String, String) {
            let d = pathData(simplified[i], toPixels)
            guard !d.isEmpty else { return ("", "") }
            let label = labels[i]
            var path = "<path d=\"\(d)\" fill=\"\(label.fill)\"\(label.attributes)"
            if let point = centres[i] { path += " data-x=\"\(n(point.0))\" data-y=\"\(n(point.1))\"" }
            path += "><title>\(label.title)</title></path>\n"
            let fragile = label.fragile ? "<path d=\"\(d)\" fill=\"url(#hachures-fragile)\" stroke=\"none\" pointer-events=\"none\"/>\n" : ""
            return (path, fragile)
        }
        let blockSize = 256
        let parts = PhaseTimer.measure("carte : chemins des zones") {
            (try? parallelMap(count: (zones.count + blockSize - 1) / blockSize, threads: threads) { b in
                ((b * blockSize)..<min(zones.count, (b + 1) * blockSize)).map(zonePath)
            }.flatMap { $0 }) ?? zones.indices.map(zonePath)
        }
        var fragileOverlay = ""
        PhaseTimer.measure("carte : assemblage") {
            for (path, fragile) in parts {
                svg += path
                fragileOverlay += fragile
            }
        }
        svg += fragileOverlay + "</g>\n"
        let circles = ProportionalCircles(layer: layer, zones: zones, style: style)
        svg += PhaseTimer.measure("carte : cercles") { circles.render(points: centres) }
        // Commune outlines: edges on a commune limit (used by zones of two communes, or once).
        // The work cannot fail (its body does not throw); were it to, the outlines are drawn here.
        let (outlineSVG, communeNames) = (try? outlines.wait()) ?? communeOutlines(zones: zones, simplified: simplified, px)
        svg += outlineSVG
        // The risk map names its IRIS (not the tour and siting maps, whose points are keyed;
        // nor a map of France, whose zones are too many to name).
        if layer == .risk && stops.isEmpty && routes.isEmpty && zones.count <= Self.namedZonesLimit {
            svg += irisLabels(
                zones: zones, simplified: simplified, centres: centres, communes: communeNames)
        }
        // The light street base map and the main streets' names (a tour map), then routes, then stops.
        if !streets.isEmpty {
            svg += StreetBaseMap.svg(
                streets, px: px, fontSize: style.labelSize * 0.85, avoid: stops.map { px($0.location) }, avoidRadius: style.stopRadius * 1.6,
                inside: (mapLeft, mapTop, mapLeft + mapWidth, mapTop + drawnHeight))
        }
        if !routes.isEmpty {
            svg +=
                "<g id=\"routes\" fill=\"none\" stroke=\"\(style.routeColor)\" stroke-width=\"\(n(style.routeWidth))\" stroke-linejoin=\"round\" stroke-linecap=\"round\">\n"
            for (r, route) in routes.enumerated() where route.count >= 2 {
                let color = teamColor(routeTeams.indices.contains(r) ? routeTeams[r] : nil).map { " stroke=\"\($0)\"" } ?? ""
                svg +=
                    "<path\(color) d=\"M"
                    + route.map { p in
                        let (x, y) = px(p); return "\(n(x)) \(n(y))"
                    }.joined(separator: "L") + "\"/>\n"
            }
            svg += "</g>\n"
        }
        if !stops.isEmpty {
            svg += "<g id=\"arrets\" font-size=\"\(n(style.labelSize))\" text-anchor=\"middle\">\n"
            // Symbols closer than their diameter are moved apart (around their place, joined to
            // it by a leader line), so that no number hides another.
            var placed: [(Double, Double)] = []
            for stop in stops.sorted(by: { ($0.number, $0.label) < ($1.number, $1.label) }) {
                let (x0, y0) = px(stop.location)
                var (x, y) = (x0, y0)
                let gap = style.stopRadius * 2.2
                var step = 0
                while placed.contains(where: { ($0.0 - x) * ($0.0 - x) + ($0.1 - y) * ($0.1 - y) < gap * gap }) && step < 48 {
                    step += 1
                    let angle = Double(step) * 2.399963  // golden angle: an even spiral
                    let distance = gap * (0.8 + 0.35 * Double(step).squareRoot())
                    (x, y) = (x0 + distance * cos(angle), y0 + distance * sin(angle))
                }
                placed.append((x, y))
                if step > 0 {
                    svg +=
                        "<line x1=\"\(n(x0))\" y1=\"\(n(y0))\" x2=\"\(n(x))\" y2=\"\(n(y))\" stroke=\"\(style.textColor)\" stroke-width=\"0.8\"/><circle cx=\"\(n(x0))\" cy=\"\(n(y0))\" r=\"1.5\" fill=\"\(style.textColor)\"/>"
                }
                // The depot: a dark square marked « D ».
                let isDepot = stop.kind == MapStop.depotKind
                let color = isDepot ? style.textColor : style.stopColors[stop.kind] ?? style.stopColors["other"] ?? "#666666"
                let mark = isDepot ? "D" : String(stop.number), r = style.stopRadius
                let shape =
                    isDepot
                    ? "<rect x=\"\(n(x - r))\" y=\"\(n(y - r))\" width=\"\(n(2 * r))\" height=\"\(n(2 * r))\" fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"
                    : "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" fill=\"\(color)\" stroke=\"\(teamColor(stop.team) ?? "#ffffff")\" stroke-width=\"\(teamColor(stop.team) == nil ? "1.5" : "3")\"/>"
                svg +=
                    "<g data-kind=\"\(xml(stop.kind))\"><title>\(mark). \(xml(stop.label))</title>\(shape)<text x=\"\(n(x))\" y=\"\(n(y + style.labelSize * 0.35))\" fill=\"#ffffff\" font-weight=\"bold\">\(mark)</text></g>\n"
            }
            svg += "</g>\n"
        }
        svg += PhaseTimer.measure("carte : légende") {
            legend(
                classes: classes, zones: zones, circles: circles, stopKinds: Array(Set(stops.map(\.kind))).sorted(), showRoute: !routes.isEmpty, teams: teams,
                cellsWithoutValue: cells.filter { $0.value == nil }.count, imputedCells: cells.filter(\.imputed).count,
                gainedCells: cells.filter(\.gained).count,
                x: legendX, y: mapTop
            )
        }
        svg += scaleBar(scale: scale, x: mapLeft, y: mapTop + drawnHeight + 8)
        if !keyLines.isEmpty {
            svg += "<g id=\"cle-des-points\" font-size=\"\(n(style.legendSize))\" fill=\"\(style.textColor)\">\n"
            svg +=
                "<text x=\"\(n(style.margin))\" y=\"\(n(keyTop + style.legendSize))\" font-weight=\"bold\">\(xml(stops.contains { $0.kind == "proposed" || StopKind(rawValue: $0.kind)?.isReceptionPoint == true } ? "Points d'accueil et sites proposés" : "Arrêts de la tournée"))</text>\n"
            for (i, line) in keyLines.enumerated() {
                svg += "<text x=\"\(n(style.margin))\" y=\"\(n(keyTop + style.legendSize * (2.6 + 1.35 * Double(i))))\">\(xml(line))</text>\n"
            }
            svg += "</g>\n"
        }
        svg += northArrow(x: legendX - 28, y: mapTop + 8)
        let sourcesY = height - style.margin - style.sourceSize * (2.8 + 1.4 * Double(max(0, sourceLines.count - 1)))
        let lines =
            sourceLines + [
                "\(caption.classification) \(style.paletteAttribution).",
                "Projection : \(caption.projection). Réalisation : AllerVers, \(caption.date).",
            ]
        for (i, line) in lines.enumerated() {
            svg +=
                "<text x=\"\(n(style.margin))\" y=\"\(n(sourcesY + Double(i) * style.sourceSize * 1.4))\" font-size=\"\(n(style.sourceSize))\" fill=\"\(style.textColor)\">\(xml(line))</text>\n"
        }
        svg += """
            </svg>

            """
        return svg
    }

    /// The legend's classes, the class of a value, and each zone's label.
    struct ZoneDescriptions {
        var classes: [LegendClass]
        var classOf: (Double) -> Int?
        var labels: [ZoneLabel]
    }

    func describe(_ zones: [ScoredZone], cells: [MapCell]) -> ZoneDescriptions {
        let (classes, classOf) = PhaseTimer.measure("carte : classes") { legendClasses(zones: zones, cells: cells) }
        let labels = PhaseTimer.measure("carte : étiquettes des zones") { zones.map { label($0, classes: classes, classOf: classOf) } }
        return ZoneDescriptions(classes: classes, classOf: classOf, labels: labels)
    }

    /// What a zone's path says besides its shape and its centre: its fill, its `data-*`
    /// attributes, its tooltip (escaped for XML) and whether it is hatched as fragile.
    struct ZoneLabel {
        var fill: String
        var attributes: String
        var title: String
        var fragile: Bool
    }

    func label(_ zone: ScoredZone, classes: [LegendClass], classOf: (Double) -> Int?) -> ZoneLabel {
        let fill: String
        var zoneClass: Int?
        if layer.isCellLayer {
            fill = "none"
        } else if zone.isOutOfScope {
            fill = "url(#hors-champ)"
        } else if zone.isSecret {
            fill = "url(#hachures-secret)"
        } else if layer.attribute == nil {
            fill = style.neutralFill
        } else if layer == .risk, let c = zone.riskClass, (1...classes.count).contains(c) {
            fill = classes[c - 1].color
            zoneClass = c
        } else if let attribute = layer.attribute, let value = zone.number(attribute), let c = classOf(value) {
            fill = classes[c - 1].color
            zoneClass = c
        } else {
            fill = "url(#hachures-secret)"
        }
        var attributes = " data-code=\"\(xml(zone.code))\""
        if let score = zone.score, zone.isPublished {
            // One decimal with a point, as `printf` rounds (the French comma turned back).
            let text = FrenchNumber.decimal(score, digits: 1).utf8.map { $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 }
            attributes += " data-score=\"\(String(decoding: text, as: UTF8.self))\""
        }
        if let zoneClass { attributes += " data-class=\"\(zoneClass)\" data-fill=\"\(fill)\"" }
        return ZoneLabel(
            fill: fill, attributes: attributes, title: xml(tooltip(zone)),
            fragile: zone.isPublished && zone.reliability == .low && !layer.isCellLayer)
    }

    func tooltip(_ zone: ScoredZone) -> String {
        var text = ""
        text.reserveCapacity(320)  // the explanation is most of it: one allocation
        text += "\(zone.name ?? zone.code) (\(zone.code))"
        if zone.isSecret { return text + " — secret statistique : moins de 11 ménages" }
        if zone.isOutOfScope { return text + " — hors du champ des données : commune non couverte par le fichier de carreaux" }
        if let score = zone.score {
            text += " — score \(FrenchNumber.decimal(score, digits: 0))"
            if let low = zone.number(ScoredColumn.scoreLow), let high = zone.number(ScoredColumn.scoreHigh) {
                text += " (\(FrenchNumber.decimal(low, digits: 0))–\(FrenchNumber.decimal(high, digits: 0)))"
            }
        }
        if let est = zone.estimate {
            text += " — \(FrenchNumber.integer(est)) ménages × prestations non perçues"
            if let low = zone.number(ScoredColumn.estimateLow), let high = zone.number(ScoredColumn.estimateHigh) {
                text += " (\(FrenchNumber.integer(low)) à \(FrenchNumber.integer(high)))"
            }
        }
        if let explanation = zone.text(ScoredColumn.explanation), !explanation.isEmpty { text += " — " + explanation }
        if let reliability = zone.reliability?.rawValue { text += " — fiabilité \(reliability)" }
        return text
    }

    func pathData(_ shape: MultiPolygon, _ px: (Point) -> (Double, Double)) -> String {
        Self.pathBytes(shape, px) ?? Self.pathText(shape, px)
    }

    /// The path as text, vertex by vertex (`n(x) n(y)`, repeats dropped): the reference that
    /// `pathBytes` follows, and the way for coordinates it does not take.
    static func pathText(_ shape: MultiPolygon, _ px: (Point) -> (Double, Double)) -> String {
        var d = ""
        for polygon in shape.polygons {
            for ring in polygon.rings where ring.points.count >= 3 {
                var previous = ""
                var first = true
                for p in ring.points {
                    let (x, y) = px(p)
                    let token = "\(n(x)) \(n(y))"
                    if token == previous { continue }
                    d += (first ? "M" : "L") + token
                    previous = token
                    first = false
                }
                d += "Z"
            }
        }
        return d
    }

    /// `pathData` written as bytes, coordinates compared as whole tenths of a pixel: the same
    /// text as `n(x) n(y)` per vertex (millions on a map of France), or nil when a coordinate is
    /// not finite or too large for that shortcut.
    static func pathBytes(_ shape: MultiPolygon, _ px: (Point) -> (Double, Double)) -> String? {
        var path = PathBytes(capacity: shape.vertexCount * 14)
        for polygon in shape.polygons {
            for ring in polygon.rings where ring.points.count >= 3 {
                guard path.ring(ring.points, px, droppingRepeats: true) else { return nil }
            }
        }
        return path.text
    }

    /// The commune outlines and names, and the names placed (which the IRIS names avoid).
    func communeOutlines(zones: [ScoredZone], simplified: [MultiPolygon], _ px: (Point) -> (Double, Double)) -> (String, [CommuneLabel]) {
        // Segments keyed by their ends in tenths of a pixel (what the path prints), counted
        // with the communes on their sides; each segment runs from the end whose text comes
        // first; printed in order of first appearance. A ring with a point that cannot be
        // printed in tenths (not finite) is left out.
        // Each zone's segments, in order, found on the worker threads (printing the ends is
        // most of the work); then counted in zone order, so the result does not depend on them.
        nonisolated(unsafe) let toPixels = px
        @Sendable func zoneSegments(_ zones: Range<Int>) -> (segments: [OutlineSegment], zoneEnds: [Int]) {
            let px = toPixels
            var segments: [OutlineSegment] = []
            var zoneEnds: [Int] = []
            var ends: [(x: Int64, y: Int64)] = []
            var texts = PathBytes(capacity: 4096)
            var textStarts: [Int] = []
            for i in zones {
                for polygon in simplified[i].polygons {
                    for ring in polygon.rings {
                        ends.removeAll(keepingCapacity: true)
                        texts.removeAll()
                        textStarts.removeAll(keepingCapacity: true)
                        textStarts.append(0)
                        for p in ring.points {
                            let (x, y) = px(p)
                            guard let tx = PathBytes.tenths(x), let ty = PathBytes.tenths(y) else { break }
                            ends.append((tx, ty))
                            texts.point(tx, ty)
                            textStarts.append(texts.count)
                        }
                        guard ends.count == ring.points.count else { continue }
                        let printed = texts.utf8
                        for k in ends.indices {
                            let next = (k + 1) % ends.count
                            let a = ends[k], b = ends[next]
                            guard a != b else { continue }
                            let aText = printed[textStarts[k]..<textStarts[k + 1]]
                            let bText = printed[textStarts[next]..<textStarts[next + 1]]
                            let (first, second) = aText.lexicographicallyPrecedes(bText) ? (a, b) : (b, a)
                            segments.append(OutlineSegment(ax: first.x, ay: first.y, bx: second.x, by: second.y))
                        }
                    }
                }
                zoneEnds.append(segments.count)
            }
            return (segments, zoneEnds)
        }
        let blockSize = 512
        let blocks = (zones.count + blockSize - 1) / blockSize
        @Sendable func block(_ b: Int) -> (segments: [OutlineSegment], zoneEnds: [Int]) {
            zoneSegments((b * blockSize)..<min(zones.count, (b + 1) * blockSize))
        }
        let found = (try? parallelMap(count: blocks, threads: threads, block)) ?? (0..<blocks).map(block)
        var segments = DenseNumbers<OutlineSegment>(capacity: found.reduce(0) { $0 + $1.segments.count })
        var uses: [Int32] = []
        var firstCommune: [Int32] = []
        var severalCommunes: [Bool] = []
        var communeNumbers: [String: Int32] = [:]
        for (b, part) in found.enumerated() {
            var start = 0
            for (j, end) in part.zoneEnds.enumerated() {
                defer { start = end }
                let commune = zones[b * blockSize + j].commune ?? ""
                let communeNumber = communeNumbers[commune] ?? Int32(communeNumbers.count)
                communeNumbers[commune] = communeNumber
                for segment in part.segments[start..<end] {
                    let s = Int(segments.number(segment))
                    if s < uses.count {
                        uses[s] += 1
                        if firstCommune[s] != communeNumber { severalCommunes[s] = true }
                    } else {
                        uses.append(1)
                        firstCommune.append(communeNumber)
                        severalCommunes.append(false)
                    }
                }
            }
        }
        var path = PathBytes(capacity: 1 << 16)
        for (s, segment) in segments.keys.enumerated() where uses[s] == 1 || severalCommunes[s] {
            path.moveTo(segment.ax, segment.ay)
            path.lineTo(segment.bx, segment.by)
        }
        let d = path.text
        var svg =
            "<path id=\"communes\" d=\"\(d)\" fill=\"none\" stroke=\"\(style.communeColor)\" stroke-width=\"\(n(style.communeWidth))\" stroke-linecap=\"round\"/>\n"
        svg +=
            "<g id=\"noms-communes\" font-size=\"\(n(style.labelSize + 2))\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"\(style.textColor)\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">\n"
        let labels = communeLabels(zones: zones, simplified: simplified, px)
        for label in labels {
            svg += "<text x=\"\(n(label.x))\" y=\"\(n(label.y))\">\(xml(label.name))</text>\n"
        }
        return (svg + "</g>\n", labels)
    }

    /// The commune names the map places: at the interior point of each commune's largest zone,
    /// the largest communes first; a name that would overlap one already placed is left out
    /// (on a département, small communes would otherwise pile into an unreadable mass).
    func communeLabels(zones: [ScoredZone], simplified: [MultiPolygon], _ px: (Point) -> (Double, Double)) -> [CommuneLabel] {
        var largest: [String: (area: Double, index: Int)] = [:]
        var communeArea: [String: Double] = [:]
        for (i, zone) in zones.enumerated() {
            guard let commune = zone.commune else { continue }
            let area = abs(simplified[i].area)
            communeArea[commune, default: 0] += area
            if area > (largest[commune]?.area ?? -1) { largest[commune] = (area, i) }
        }
        var candidates: [CommuneLabel] = []
        for commune in largest.keys.sorted() {
            let i = largest[commune]!.index
            guard let point = interiorPoint(of: simplified[i]) else { continue }
            let (x, y) = px(point)
            candidates.append(
                CommuneLabel(code: commune, name: zones[i].communeName ?? commune, x: x, y: y - style.labelSize, priority: communeArea[commune] ?? 0))
        }
        return Self.thinned(candidates, fontSize: style.labelSize + 2)
    }

    /// Up to this many zones, the risk map names them (a département: some 600 to 1 000 IRIS).
    static let namedZonesLimit = 3_000

    /// The names of the IRIS on the risk map, under each zone's centre: the riskiest classes
    /// first, then the largest zones, each kept only where it overlaps neither a name already
    /// placed nor a commune's, so that a comité can say which quartier is the dark red one.
    func irisLabels(zones: [ScoredZone], simplified: [MultiPolygon], centres: [(Double, Double)?], communes: [CommuneLabel]) -> String {
        let fontSize = style.labelSize - 1
        var candidates: [CommuneLabel] = []
        for (i, zone) in zones.enumerated() where zone.isPublished {
            guard let name = zone.name, !name.isEmpty, let centre = centres[i] else { continue }
            let priority = Double(zone.riskClass ?? 0) * 1e18 + abs(simplified[i].area)
            candidates.append(CommuneLabel(code: zone.code, name: name, x: centre.0, y: centre.1 + fontSize * 1.1, priority: priority))
        }
        // Each name tries under its zone's centre, then above it, then lower still; the first
        // place that meets no name already placed (nor a commune's) is kept.
        var boxes = communes.map { $0.box(fontSize: style.labelSize + 2) }
        var kept: [CommuneLabel] = []
        for candidate in candidates.sorted(by: { ($0.priority, $1.code) > ($1.priority, $0.code) }) {
            for dy in [0, -fontSize * 1.9, fontSize * 1.2] {
                var label = candidate
                label.y += dy
                let box = label.box(fontSize: fontSize)
                let overlaps = boxes.contains { box.minX < $0.maxX && $0.minX < box.maxX && box.minY < $0.maxY && $0.minY < box.maxY }
                if !overlaps {
                    boxes.append(box)
                    kept.append(label)
                    break
                }
            }
        }
        var svg =
            "<g id=\"noms-iris\" font-size=\"\(n(fontSize))\" text-anchor=\"middle\" fill=\"\(style.textColor)\" stroke=\"#ffffff\" stroke-width=\"2.5\" paint-order=\"stroke\">\n"
        for label in kept.sorted(by: { $0.code < $1.code }) {
            svg += "<text x=\"\(n(label.x))\" y=\"\(n(label.y))\">\(xml(label.name))</text>\n"
        }
        return svg + "</g>\n"
    }

    /// A commune's name on the map, at its baseline centre, with its priority (the commune's area).
    struct CommuneLabel: Equatable, Sendable {
        var code: String
        var name: String
        var x: Double
        var y: Double
        var priority: Double

        /// The box the bold name covers (DejaVu Sans Bold, about 0.62 em a character), with a
        /// small gap around it.
        func box(fontSize: Double) -> BoundingBox {
            let halfWidth = Double(name.count) * fontSize * 0.31 + 2
            return BoundingBox(minX: x - halfWidth, minY: y - fontSize - 1, maxX: x + halfWidth, maxY: y + fontSize * 0.3 + 1)
        }
    }

    /// Labels kept by priority and collision: the highest priority first (ties by code), each
    /// kept only if its box meets none kept before. Returned in code order, for stable bytes.
    static func thinned(_ labels: [CommuneLabel], fontSize: Double) -> [CommuneLabel] {
        var kept: [(label: CommuneLabel, box: BoundingBox)] = []
        for label in labels.sorted(by: { ($0.priority, $1.code) > ($1.priority, $0.code) }) {
            let box = label.box(fontSize: fontSize)
            let overlaps = kept.contains { other in
                box.minX < other.box.maxX && other.box.minX < box.maxX && box.minY < other.box.maxY && other.box.minY < box.maxY
            }
            if !overlaps { kept.append((label, box)) }
        }
        return kept.map(\.label).sorted { $0.code < $1.code }
    }

    /// The legend's name of a kind of stop: the stop kinds' own French label (the one table,
    /// in Inputs), the supermarkets' timing, and the sites a siting review proposes.
    public static func stopKindLabel(_ kind: String) -> String {
        if kind == "proposed" { return "site proposé" }
        if kind == MapStop.depotKind { return "dépôt (départ et retour des tournées)" }
        guard let stopKind = StopKind(rawValue: kind) else { return kind }
        return stopKind == .supermarket ? "\(stopKind.frenchLabel) (après le versement CAF)" : stopKind.frenchLabel
    }

    /// A legend label cut into lines that fit the legend's width (words kept whole).
    func wrap(_ text: String) -> [String] {
        wrap(text, width: style.legendWidth - style.legendSize * 2.6, fontSize: style.legendSize, emPerCharacter: 0.56, minimum: 16)
    }

    /// A text cut into lines that fit a width, from the font's mean character width in a
    /// French sentence (DejaVu Sans: about 0.52 em, 0.6 em in bold; narrower fonts only leave
    /// more room); words kept whole.
    func wrap(_ text: String, width: Double, fontSize: Double, bold: Bool = false, emPerCharacter: Double? = nil, minimum: Int = 20) -> [String] {
        let perLine = max(minimum, Int(width / (fontSize * (emPerCharacter ?? (bold ? 0.6 : 0.52)))))
        let lines = TextWrap.lines(text, perLine: perLine)
        return lines == [""] ? [] : lines
    }

    func legend(
        classes: [LegendClass], zones: [ScoredZone], circles: ProportionalCircles, stopKinds: [String] = [], showRoute: Bool = false,
        teams: [Int] = [], cellsWithoutValue: Int = 0, imputedCells: Int = 0, gainedCells: Int = 0, x: Double, y: Double
    ) -> String {
        let size = style.legendSize
        var svg = "<g id=\"legende\" font-size=\"\(n(size))\" fill=\"\(style.textColor)\">\n"
        svg += "<text x=\"\(n(x))\" y=\"\(n(y + size))\" font-weight=\"bold\">Légende</text>\n"
        var row = y + size * 2.2
        // No entry for a class without a feature: the legend says what the map shows.
        for (i, c) in classes.enumerated() where c.count > 0 {
            svg +=
                "<rect x=\"\(n(x))\" y=\"\(n(row))\" width=\"\(n(size * 2))\" height=\"\(n(size * 1.4))\" fill=\"\(c.color)\" stroke=\"#999999\" stroke-width=\"0.5\" data-legend-class=\"\(i + 1)\"/>"
            svg += "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * 1.1))\">\(xml(legendLabel(c, number: i + 1)))</text>\n"
            row += size * 2
        }
        if case .benefit(_, _, true) = layer {
            for line in ["Taux de non-recours supposé :", "aucun taux publié (DREES)."] {
                svg += "<text x=\"\(n(x))\" y=\"\(n(row + size))\" font-weight=\"bold\">\(xml(line))</text>\n"
                row += size * 1.3
            }
            row += size * 0.6
        }
        if !circles.references.isEmpty {
            svg += circles.legend(x: x, y: row, title: layer.circleLegend, textSize: size)
            row += circles.legendHeight(textSize: size)
        }
        let secret = zones.filter(\.isSecret).count
        let outOfScope = zones.filter(\.isOutOfScope).count
        let fragile = zones.filter { $0.isPublished && $0.reliability == .low }.count
        if secret > 0 {
            svg +=
                "<rect x=\"\(n(x))\" y=\"\(n(row))\" width=\"\(n(size * 2))\" height=\"\(n(size * 1.4))\" fill=\"url(#hachures-secret)\" stroke=\"#999999\" stroke-width=\"0.5\"/>"
            svg += "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * 1.1))\">secret statistique (\(secret) zone\(secret > 1 ? "s" : ""))</text>\n"
            row += size * 2
        }
        if outOfScope > 0 {
            svg +=
                "<rect x=\"\(n(x))\" y=\"\(n(row))\" width=\"\(n(size * 2))\" height=\"\(n(size * 1.4))\" fill=\"url(#hors-champ)\" stroke=\"#999999\" stroke-width=\"0.5\" data-legend=\"hors-champ\"/>"
            svg +=
                "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * 1.1))\">hors du champ des données (\(outOfScope) zone\(outOfScope > 1 ? "s" : ""))</text>\n"
            row += size * 2
        }
        if case .access = layer, gainedCells > 0 {
            svg +=
                "<rect x=\"\(n(x))\" y=\"\(n(row))\" width=\"\(n(size * 2))\" height=\"\(n(size * 1.4))\" fill=\"url(#mis-a-portee)\" stroke=\"\(Self.gainedColor)\" stroke-width=\"1.6\"/>"
            let limit = accessLimit.map { "à moins de \(layer.format($0)) min" } ?? "à portée"
            let lines = wrap("carreau mis \(limit) par les sites proposés (\(gainedCells) carreau\(gainedCells > 1 ? "x" : ""))")
            for (k, line) in lines.enumerated() {
                svg += "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * (1.1 + 1.3 * Double(k))))\">\(xml(line))</text>\n"
            }
            row += size * (2 + 1.3 * Double(max(lines.count - 1, 0)))
        }
        if case .access = layer, cellsWithoutValue > 0 {
            let off = cellsWithoutValue
            svg +=
                "<rect x=\"\(n(x))\" y=\"\(n(row))\" width=\"\(n(size * 2))\" height=\"\(n(size * 1.4))\" fill=\"\(style.secretFill)\" stroke=\"#999999\" stroke-width=\"0.5\" data-legend=\"hors-reseau\"/>"
            svg += "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * 1.1))\">hors réseau, sans temps (\(off) carreau\(off > 1 ? "x" : ""))</text>\n"
            row += size * 2
        }
        // Hatching keyed only where it is drawn: fragile zones, or imputed cells.
        if layer.isCellLayer ? imputedCells > 0 : fragile > 0 {
            svg +=
                "<rect x=\"\(n(x))\" y=\"\(n(row))\" width=\"\(n(size * 2))\" height=\"\(n(size * 1.4))\" fill=\"url(#hachures-fragile)\" stroke=\"#999999\" stroke-width=\"0.5\"/>"
            let fragileText = layer.isCellLayer ? "carreau imputé (Insee)" : "fiabilité faible (\(fragile) zone\(fragile > 1 ? "s" : ""))"
            svg += "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * 1.1))\">\(xml(fragileText))</text>\n"
            row += size * 2
        }
        row += size * 0.4
        svg +=
            "<line x1=\"\(n(x))\" y1=\"\(n(row))\" x2=\"\(n(x + size * 2))\" y2=\"\(n(row))\" stroke=\"\(style.communeColor)\" stroke-width=\"\(n(style.communeWidth))\"/>"
        svg += "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * 0.4))\">limite de commune</text>\n"
        for kind in stopKinds {
            row += size * 2
            if kind == MapStop.depotKind {
                svg +=
                    "<rect x=\"\(n(x + size * 0.4))\" y=\"\(n(row - size * 0.6))\" width=\"\(n(size * 1.2))\" height=\"\(n(size * 1.2))\" fill=\"\(style.textColor)\"/>"
            } else {
                let color = style.stopColors[kind] ?? style.stopColors["other"] ?? "#666666"
                svg += "<circle cx=\"\(n(x + size))\" cy=\"\(n(row))\" r=\"\(n(size * 0.6))\" fill=\"\(color)\"/>"
            }
            for (k, line) in wrap(kind == MapStop.depotKind ? "D : \(Self.stopKindLabel(kind))" : "lieu : \(Self.stopKindLabel(kind))").enumerated() {
                if k > 0 { row += size * 1.3 }
                svg += "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * 0.4))\">\(xml(line))</text>\n"
            }
        }
        if showRoute {
            // One entry per team when several share the tour (its routes and the ring of its
            // numbers), else one for the routes.
            let entries: [(color: String, text: String)] =
                teams.count > 1
                ? teams.map { (MapStop.teamColors[$0 % MapStop.teamColors.count], "équipe \($0 + 1) : ses trajets et le cercle de ses arrêts") }
                : [(style.routeColor, "trajet d'une journée")]
            for entry in entries {
                row += size * 2
                svg +=
                    "<line x1=\"\(n(x))\" y1=\"\(n(row))\" x2=\"\(n(x + size * 2))\" y2=\"\(n(row))\" stroke=\"\(entry.color)\" stroke-width=\"\(n(style.routeWidth))\"/>"
                for (k, line) in wrap(entry.text).enumerated() {
                    if k > 0 { row += size * 1.3 }
                    svg += "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * 0.4))\">\(xml(line))</text>\n"
                }
            }
            row += size * 1.6
            for (k, line) in wrap("trajets \(caption.travel ?? "à vol d'oiseau")").enumerated() {
                if k > 0 { row += size * 1.3 }
                svg += "<text x=\"\(n(x))\" y=\"\(n(row + size * 0.4))\">\(xml(line))</text>\n"
            }
        }
        return svg + "</g>\n"
    }

    func scaleBar(scale: Double, x: Double, y: Double) -> String {
        // A round length near a fifth of the map's width.
        let target = (style.width - style.legendWidth - 3 * style.margin) / 5 / scale
        let magnitude = pow(10, floor(log10(max(target, 1))))
        let length = [1.0, 2, 5, 10].map { $0 * magnitude }.last { $0 <= target } ?? magnitude
        let width = length * scale
        let label = length >= 1000 ? "\(FrenchNumber.integer(length / 1000)) km" : "\(FrenchNumber.integer(length)) m"
        return """
            <g id="echelle" font-size="\(n(style.legendSize))" fill="\(style.textColor)"><rect x="\(n(x))" y="\(n(y))" width="\(n(width / 2))" height="5" fill="\(style.textColor)"/><rect x="\(n(x + width / 2))" y="\(n(y))" width="\(n(width / 2))" height="5" fill="#ffffff" stroke="\(style.textColor)" stroke-width="0.8"/><text x="\(n(x))" y="\(n(y + 18))">0</text><text x="\(n(x + width))" y="\(n(y + 18))" text-anchor="middle">\(label)</text></g>

            """
    }

    func northArrow(x: Double, y: Double) -> String {
        """
        <g id="nord" fill="\(style.textColor)"><path d="M\(n(x)) \(n(y))L\(n(x + 8)) \(n(y + 24))L\(n(x)) \(n(y + 18))L\(n(x - 8)) \(n(y + 24))Z"/><text x="\(n(x))" y="\(n(y + 38))" font-size="\(n(style.legendSize))" text-anchor="middle">N</text></g>

        """
    }
}

/// A coordinate or size in the drawing, to a tenth of a pixel.
func n(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    guard rounded.isFinite, abs(rounded) < 1e12 else { return String(format: "%.1f", rounded) }
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    // What "%.1f" prints, without Foundation's formatter (millions of coordinates per map).
    let tenths = Int((abs(rounded) * 10).rounded())
    return (rounded < 0 ? "-" : "") + String(tenths / 10) + "." + String(tenths % 10)
}

/// A segment between two points in tenths of a pixel, for the commune outlines' table.
struct OutlineSegment: DenseKey {
    var ax: Int64, ay: Int64, bx: Int64, by: Int64
    var mixedHash: UInt64 {
        let a = mixBits(UInt64(bitPattern: ax) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: ay))
        return mixBits(a ^ UInt64(bitPattern: bx) &* 0xC2B2_AE3D_27D4_EB4F ^ UInt64(bitPattern: by))
    }
}

/// Text escaped for XML and HTML (`&`, `<`, `>`, `"`), without the characters XML 1.0 does
/// not allow (control characters other than tab and line ends, lone surrogates, U+FFFE/FFFF):
/// a name from a data file cannot make a map or the report invalid.
public func xml(_ text: String) -> String {
    // Most texts need nothing: returned as they are when no byte could need escaping or removal
    // (C2 and EF lead the C1 controls and U+FFFE/FFFF; the slow path decides for them).
    @inline(__always) func mayNeedCare(_ b: UInt8) -> Bool {
        b < 0x20 || b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x7F || b == 0xC2 || b == 0xEF
    }
    // Every byte looked at without an early exit (a loop the compiler can widen): the texts
    // are short, and most are clean (a map of France escapes 48 600 tooltips).
    let clean =
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var care: UInt8 = 0
            for b in bytes { care |= mayNeedCare(b) ? 1 : 0 }
            return care == 0
        } ?? !text.utf8.contains(where: mayNeedCare)
    if clean { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out.append(contentsOf: "&amp;".unicodeScalars)
        case "<": out.append(contentsOf: "&lt;".unicodeScalars)
        case ">": out.append(contentsOf: "&gt;".unicodeScalars)
        case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
        default:
            let v = scalar.value
            let allowed = v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000
            if allowed && !(0x7F...0x9F).contains(v) { out.append(scalar) }
        }
    }
    return String(out)
}

/// Shapes drawn alike (one class of cells) gathered as the subpaths of a few paths, at most
/// `limit` shapes a path: XML parsers refuse attributes of megabytes.
struct SharedPaths {
    static let limit = 2048
    private(set) var paths: [PathBytes] = []
    private var inLast = 0

    mutating func add(_ shape: PathBytes) {
        if paths.isEmpty || inLast == Self.limit {
            paths.append(PathBytes(capacity: Self.limit * 48))
            inLast = 0
        }
        paths[paths.count - 1].append(shape)
        inLast += 1
    }
}

/// SVG path data written as bytes, each coordinate as `n` prints it (whole tenths of a pixel,
/// "-0" as "0"): millions of vertices on a large map, without a String per number.
struct PathBytes {
    private var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Adds `M x y L x y … Z`, dropping a vertex that prints as the previous one when asked;
    /// false (nothing usable) when a coordinate is not finite or too large for whole tenths.
    mutating func ring(_ points: [Point], _ px: (Point) -> (Double, Double), droppingRepeats: Bool) -> Bool {
        var previous: (Int64, Int64)?
        for p in points {
            let (x, y) = px(p)
            guard let tx = Self.tenths(x), let ty = Self.tenths(y) else { return false }
            if droppingRepeats, let previous, previous == (tx, ty) { continue }
            bytes.append(previous == nil ? UInt8(ascii: "M") : UInt8(ascii: "L"))
            point(tx, ty)
            previous = (tx, ty)
        }
        bytes.append(UInt8(ascii: "Z"))
        return true
    }

    var count: Int { bytes.count }
    var utf8: [UInt8] { bytes }
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
    /// Adds another path's data after this one's (subpaths of one path).
    mutating func append(_ other: PathBytes) { bytes += other.bytes }

    /// Adds a point as a path prints it, « x y » in tenths of a pixel.
    mutating func point(_ tx: Int64, _ ty: Int64) {
        append(tx == 0 ? 0 : tx)
        bytes.append(UInt8(ascii: " "))
        append(ty == 0 ? 0 : ty)
    }

    mutating func moveTo(_ tx: Int64, _ ty: Int64) {
        bytes.append(UInt8(ascii: "M"))
        point(tx, ty)
    }

    mutating func lineTo(_ tx: Int64, _ ty: Int64) {
        bytes.append(UInt8(ascii: "L"))
        point(tx, ty)
    }

    static func tenths(_ value: Double) -> Int64? {
        let scaled = (value * 10).rounded()
        guard scaled.isFinite, abs(scaled) < 1e13 else { return nil }
        return Int64(scaled)
    }

    /// Tenths as « -12.3 » (« 12 » when whole): written backwards into a small buffer, then
    /// added at once (millions of these on a map of France).
    private mutating func append(_ value: Int64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            // At most 20 digits, a point, a sign.
            var position = buffer.count
            func put(_ byte: UInt8) {
                position -= 1
                buffer[position] = byte
            }
            var magnitude = value.magnitude
            let fraction = magnitude % 10
            magnitude /= 10
            if fraction != 0 {
                put(UInt8(ascii: "0") + UInt8(fraction))
                put(UInt8(ascii: "."))
            }
            repeat {
                put(UInt8(ascii: "0") + UInt8(magnitude % 10))
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { put(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position...]))
        }
    }
}
