import Foundation
import GeometryCore
import Inputs
import Risk
import Support

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

    /// The colour of the cells the proposed sites bring within the limit.
    static let gainedColor = "#5e3c99"

    /// The subtitle's indicator: for the risk map, with the kind of classes.
    var indicatorText: String { layer.indicator(classes: riskClasses?.subtitle) }

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
}
