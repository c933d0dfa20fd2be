import Foundation
import GeometryCore
import Inputs
import Risk
import ScoredFiles
import Support

extension SVGMap {
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

    /// Cells under the zones: the squares of each class in shared paths (a few thousand
    /// squares each: XML parsers such as librsvg's refuse attributes of megabytes), then
    /// those without a value, then the hatching of the imputed ones; the same drawing as a
    /// path per cell (squares do not overlap, every outline has the group's stroke), in a
    /// file two thirds of the size and far faster to draw (a département has 230 000
    /// cells). A square whose corners cannot be printed (not finite: PROJ refuses those
    /// before) is left out.
    func cellsSVG(_ cells: [MapCell], classes: [LegendClass], classOf: (Double) -> Int?, px: (Point) -> (Double, Double)) -> String {
        var svg = "<g id=\"carreaux\" stroke=\"\(style.cellOutline)\">\n"
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
        return svg
    }
}

extension SVGMap {
    /// The darkness of each households class of `MapHomes`, over the zone's colour.
    static let homesOpacity = [0.2, 0.4, 0.65]
    static let homesColor = "#1a1a1a"

    /// The inhabited cells of the communes that are one zone: a dark veil, darker where more
    /// households live, drawn over the zones' colours (one path per class).
    func homesSVG(_ cells: [MapCell], px: (Point) -> (Double, Double)) -> String {
        guard !cells.isEmpty else { return "" }
        var paths = [String](repeating: "", count: MapHomes.lowerBounds.count)
        for cell in cells {
            let k = MapHomes.classOf(households: cell.value ?? 0)
            let corners = cell.square.map(px)
            paths[k] += "M" + corners.map { "\(n($0.0)) \(n($0.1))" }.joined(separator: "L") + "Z"
        }
        var svg = "<g id=\"carreaux-habites\" fill=\"\(Self.homesColor)\" stroke=\"none\" pointer-events=\"none\">\n"
        for (k, d) in paths.enumerated() where !d.isEmpty {
            svg += "<path d=\"\(d)\" fill-opacity=\"\(Self.homesOpacity[k])\" data-menages=\"\(xml(MapHomes.label(ofClass: k)))\"/>\n"
        }
        return svg + "</g>\n"
    }
}
