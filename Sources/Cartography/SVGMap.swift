import Foundation
import GeometryCore
import Inputs
import Risk
import ScoredFiles
import Support

/// Draws a thematic map of scored zones as a self-contained SVG: title and subtitle, the
/// choropleth in classes with a legend (breaks and zones per class), hatching for secret and
/// unreliable zones, IRIS and commune outlines, commune names, optional 200 m cells, stops and
/// routes, a scale bar, a north arrow, the sources and the date, composed on a page
/// (``MapPageLayout``). Each zone is a `<path>` with a `<title>` and `data-*` attributes.
public struct SVGMap: Sendable {
    public var style: MapStyle
    public var layer: MapLayer
    public var caption: MapCaption
    /// How the risk classes are named (national words and bounds, or the territory's own).
    public var riskClasses: RiskClassNaming?
    /// The territory's time limit on the access map: a band boundary of its own.
    public var accessLimit: Double?

    /// The page the map is composed for (A4, in the orientation that draws it the largest, by default).
    public var page: MapPageFormat
    /// Whether the IRIS are named on the map; by default, the risk map without stops or routes.
    public var namesZones: Bool?

    /// Worker threads for the Fisher–Jenks classes (the map does not depend on their number).
    public var threads: Int

    public init(
        style: MapStyle, layer: MapLayer, caption: MapCaption, riskClasses: RiskClassNaming? = nil, accessLimit: Double? = nil,
        page: MapPageFormat = MapPageFormat(), namesZones: Bool? = nil, threads: Int
    ) {
        self.style = style
        self.page = page
        self.namesZones = namesZones
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
        zones: [ScoredZone], cells: [MapCell] = [], homes: MapHomes = MapHomes(), stops: [MapStop] = [], routes: [[Point]] = [],
        routeTeams: [Int] = [], streets: [MapStreet] = [], shapes: SimplifiedShapes? = nil
    ) -> String {
        // Several teams: each its colour, for its routes and the ring of its numbers.
        let teams = TeamColors(stops: stops, routeTeams: routeTeams)
        var box = BoundingBox.empty
        for zone in zones { box.include(zone.geometry.boundingBox) }
        // The classes and what each zone's path says besides its shape (fill, data, tooltip)
        // do not depend on the page: found on another thread while the page is composed and
        // the shared boundaries simplified (once, at a tenth of a pixel's precision).
        let map = self
        let describing = BackgroundWork(threads: threads) { HandedOver(map.describe(zones, cells: cells)) }
        let names = (namesZones ?? (layer == .risk && stops.isEmpty && routes.isEmpty)) && zones.count <= Self.namedZonesLimit
        var (pageLayout, keys) = compose(zones: zones, box: box, stops: stops, names: names)
        let (scale, px) = pageLayout.fit(box)
        let simplified = PhaseTimer.measure("carte : simplification") {
            (shapes ?? SimplifiedShapes()).simplified(zones.map(\.geometry), scale: scale, threads: threads)
        }
        // The work cannot fail (its body does not throw); were it to, the zones are described here.
        let described = (try? describing.wait())?.value ?? describe(zones, cells: cells)
        let classes = described.classes, classOf = described.classOf, labels = described.labels

        var body = ""
        if layer.isCellLayer { body += cellsSVG(cells, classes: classes, classOf: classOf, px: px) }
        // Zones.
        body += "<g id=\"zones\" stroke=\"\(style.irisColor)\" stroke-width=\"\(n(style.irisWidth))\" stroke-linejoin=\"round\">\n"
        let toPixels = px
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
                body += path
                fragileOverlay += fragile
            }
        }
        body += fragileOverlay + "</g>\n"
        // Where people live in the communes that are one zone, and their circles on the bourg.
        body += homesSVG(homes.cells, px: px)
        let circles = ProportionalCircles(layer: layer, zones: zones, style: style)
        let circlePoints = zones.indices.map { i in homes.anchors[i].map(px) ?? centres[i] }
        body += PhaseTimer.measure("carte : cercles") { circles.render(points: circlePoints) }
        // Commune outlines: edges on a commune limit (used by zones of two communes, or once).
        // The work cannot fail (its body does not throw); were it to, the outlines are drawn here.
        let (outlineSVG, communeNames) = (try? outlines.wait()) ?? communeOutlines(zones: zones, simplified: simplified, px)
        body += outlineSVG
        // The IRIS named (and numbered, those of the two highest classes whose names do not fit).
        if names {
            let placed = placeIRISLabels(
                zones: zones, areas: simplified.map(\.area), centres: centres,
                avoid: communeNames.map { $0.box(fontSize: style.labelSize + 2) } + stopBoxes(stops, px: px),
                namedCommunes: Set(communeNames.map(\.code)))
            body += irisLabelsSVG(placed)
            keys.removeAll { $0.id == "cle-des-iris" }
            if let key = irisKey(placed, zones: zones) { keys.append(key) }
        }
        // The light street base map and the main streets' names (a tour map), then routes, then stops.
        if !streets.isEmpty {
            body += StreetBaseMap.svg(
                streets, px: px, fontSize: style.labelSize * 0.85, avoid: stops.map { px($0.location) }, avoidRadius: style.stopRadius * 1.6,
                avoidBoxes: communeNames.map { $0.box(fontSize: style.labelSize + 2) },
                inside: (pageLayout.frame.minX, pageLayout.frame.minY, pageLayout.frame.maxX, pageLayout.frame.maxY))
        }
        body += routesSVG(routes, routeTeams: routeTeams, teams: teams, px: px)
        body += stopsSVG(stops, teams: teams, px: px)
        let legend = PhaseTimer.measure("carte : légende") {
            self.legend(
                classes: classes, zones: zones, circles: circles, stopKinds: Array(Set(stops.map(\.kind))).sorted(), showRoute: !routes.isEmpty,
                teams: teams.teams, cellsWithoutValue: cells.filter { $0.value == nil }.count, imputedCells: cells.filter(\.imputed).count,
                gainedCells: cells.filter(\.gained).count, homes: homes.cells, x: pageLayout.legendX, y: pageLayout.legendTop)
        }
        pageLayout.legendHeight = legend.height
        pageLayout.keyHeight = keysHeight(keys, width: pageLayout.width - 2 * style.margin)
        body += legend.svg
        body += scaleBar(scale: scale, x: pageLayout.frame.minX, y: pageLayout.frame.maxY + 8)
        body += keysSVG(keys, top: pageLayout.keyTop, width: pageLayout.width - 2 * style.margin)
        body += northArrow(x: pageLayout.frame.maxX - 12, y: pageLayout.frame.minY + 4)
        return page(pageLayout, body: body, wording: ZoneWording(codes: zones.map(\.code)))
    }

    /// The page's layout and its keys: in the orientation that draws the territory the largest
    /// (when the format leaves it open), the IRIS key reckoned from a first placement of the
    /// names at that scale.
    func compose(zones: [ScoredZone], box: BoundingBox, stops: [MapStop], names: Bool) -> (MapPageLayout, [MapKey]) {
        var keys = stopKey(stops).map { [$0] } ?? []
        func layout(landscape: Bool) -> MapPageLayout {
            let size = page.size(shortSide: style.width, landscape: landscape)
            return MapPageLayout.compose(
                style: style, width: size.width, pageHeight: size.height, title: caption.title ?? layer.title(ZoneWording(codes: zones.map(\.code))),
                subtitle: "\(caption.territory) — \(indicatorText) — \(FrenchDate.written(caption.date))", credits: credits,
                keyHeight: keysHeight(keys, width: size.width - 2 * style.margin))
        }
        let landscape =
            switch page.orientation {
            case .portrait: false
            case .landscape: true
            case .auto: layout(landscape: true).fit(box).scale > layout(landscape: false).fit(box).scale
            }
        var pageLayout = layout(landscape: landscape)
        if names && zones.contains(where: mustBeLabelled) {
            let (_, px) = pageLayout.fit(box)
            let rough = placeIRISLabels(
                zones: zones, areas: zones.map(\.geometry.area), centres: zones.map { interiorPoint(of: $0.geometry).map(px) },
                avoid: stopBoxes(stops, px: px))
            if let key = irisKey(rough, zones: zones) {
                keys.append(key)
                pageLayout = layout(landscape: landscape)
            }
        }
        return (pageLayout, keys)
    }

    /// The credits: the sources the map draws, the classes and the palette, the projection.
    var credits: [String] {
        [caption.sources] + (DataCredits(text: caption.sources)?.licences.map { [$0] } ?? []) + [
            "\(caption.classification) \(style.paletteAttribution).",
            "Projection : \(caption.projection). Réalisation : AllerVers, \(FrenchDate.written(caption.date)).",
        ]
    }

    /// The height the keys take, one under the other.
    func keysHeight(_ keys: [MapKey], width: Double) -> Double {
        keys.reduce(0) { total, key in
            total + (total > 0 ? MapPageLayout.gap : 0) + key.laidOut(x: 0, y: 0, width: width, fontSize: style.legendSize).height
        }
    }

    /// The keys under the map, one under the other.
    func keysSVG(_ keys: [MapKey], top: Double, width: Double) -> String {
        var svg = "", y = top
        for key in keys {
            let (lines, height) = key.laidOut(x: style.margin, y: y, width: width, fontSize: style.legendSize)
            svg += "<g id=\"\(key.id)\" font-size=\"\(n(style.legendSize))\" fill=\"\(style.textColor)\">\n"
            for line in lines {
                svg += "<text x=\"\(n(line.x))\" y=\"\(n(line.y))\"\(line.bold ? " font-weight=\"bold\"" : "")>\(xml(line.text))</text>\n"
            }
            svg += "</g>\n"
            y += height + MapPageLayout.gap
        }
        return svg
    }

    /// The page around the drawing: the document, its patterns, the title and subtitle, the
    /// credits at the foot.
    func page(_ layout: MapPageLayout, body: String, wording: ZoneWording) -> String {
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(layout.width))" height="\(n(layout.height))" viewBox="0 0 \(n(layout.width)) \(n(layout.height))" font-family="\(xml(style.font))" data-layer="\(layer.rawValue)">

            """
        svg += "<title>\(xml(caption.title ?? "\(layer.title(wording)) — \(caption.territory)"))</title>\n"
        svg += """
            <defs>
            <pattern id="hachures-secret" patternUnits="userSpaceOnUse" width="\(n(style.hatchSpacing))" height="\(n(style.hatchSpacing))" patternTransform="rotate(45)"><rect width="\(n(style.hatchSpacing))" height="\(n(style.hatchSpacing))" fill="\(style.secretFill)"/><line x1="0" y1="0" x2="0" y2="\(n(style.hatchSpacing))" stroke="\(style.hatchColor)" stroke-width="\(n(style.hatchWidth))"/></pattern>
            <pattern id="hors-champ" patternUnits="userSpaceOnUse" width="\(n(style.hatchSpacing))" height="\(n(style.hatchSpacing))"><rect width="\(n(style.hatchSpacing))" height="\(n(style.hatchSpacing))" fill="#ffffff"/><circle cx="\(n(style.hatchSpacing / 2))" cy="\(n(style.hatchSpacing / 2))" r="0.9" fill="\(style.hatchColor)"/></pattern>
            <pattern id="mis-a-portee" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="\(Self.gainedColor)" stroke-width="1.4"/></pattern>
            <pattern id="hachures-fragile" patternUnits="userSpaceOnUse" width="\(n(style.hatchSpacing * 1.6))" height="\(n(style.hatchSpacing * 1.6))" patternTransform="rotate(-45)"><line x1="0" y1="0" x2="0" y2="\(n(style.hatchSpacing * 1.6))" stroke="\(style.hatchColor)" stroke-width="\(n(style.hatchWidth * 0.8))"/></pattern>
            </defs>
            <rect width="100%" height="100%" fill="\(style.background)"/>

            """
        for (i, line) in layout.titleLines.enumerated() {
            svg +=
                "<text x=\"\(n(style.margin))\" y=\"\(n(style.margin + style.titleSize * (1 + 1.25 * Double(i))))\" font-size=\"\(n(style.titleSize))\" font-weight=\"bold\" fill=\"\(style.textColor)\">\(xml(line))</text>\n"
        }
        for (i, line) in layout.subtitleLines.enumerated() {
            svg +=
                "<text x=\"\(n(style.margin))\" y=\"\(n(layout.subtitleTop + style.subtitleSize * 1.5 * Double(i + 1)))\" font-size=\"\(n(style.subtitleSize))\" fill=\"\(style.textColor)\">\(xml(line))</text>\n"
        }
        svg += body
        svg += "<g id=\"sources\" font-size=\"\(n(style.sourceSize))\" fill=\"\(style.textColor)\">\n"
        for (i, line) in layout.creditLines.enumerated() {
            svg += "<text x=\"\(n(style.margin))\" y=\"\(n(layout.creditsTop + style.sourceSize * (1 + 1.4 * Double(i))))\">\(xml(line))</text>\n"
        }
        return svg + "</g>\n</svg>\n"
    }

    /// A legend label cut into lines that fit the legend's width (words kept whole).
    func wrap(_ text: String) -> [String] {
        Self.wrap(text, width: style.legendWidth - style.legendSize * 2.6, fontSize: style.legendSize, emPerCharacter: 0.56, minimum: 16)
    }

    /// A text cut into lines that fit a width, from the font's mean character width in a
    /// French sentence (DejaVu Sans: about 0.52 em, 0.6 em in bold; narrower fonts only leave
    /// more room); words kept whole.
    static func wrap(_ text: String, width: Double, fontSize: Double, bold: Bool = false, emPerCharacter: Double? = nil, minimum: Int = 20) -> [String] {
        let perLine = max(minimum, Int(width / (fontSize * (emPerCharacter ?? (bold ? 0.6 : 0.52)))))
        let lines = TextWrap.lines(text, perLine: perLine)
        return lines == [""] ? [] : lines
    }
}
