import Foundation
import GeometryCore
import Inputs
import Risk
import ScoredFiles
import Support

extension SVGMap {
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

    /// A legend class as the map's legend and the GeoPackage's QGIS style both print it:
    /// « 2. 60,2 à 61,5 (4 zones) », a class of one value by that value alone.
    public func legendLabel(_ c: LegendClass, number: Int, wording: ZoneWording = ZoneWording(kind: .iris)) -> String {
        let unit = layer.isCellLayer ? "carreaux" : wording.kind == .commune ? "communes" : "zones"
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

    /// The risk map's classes from the published zones' classes and scores (in any order):
    /// the model's fixed national classes, or the territory's own, each with its lowest and
    /// highest score and its number of zones.
    public func riskLegendClasses(published: [(riskClass: Int, score: Double)]) -> [LegendClass] {
        var lower: [Int: Double] = [:], upper: [Int: Double] = [:], counts: [Int: Int] = [:]
        for (c, s) in published {
            lower[c] = min(lower[c] ?? s, s)
            upper[c] = max(upper[c] ?? s, s)
            counts[c, default: 0] += 1
        }
        if let naming = riskClasses, let fixed = naming.fixedLowerBounds {
            // National classes: fixed bounds and words; the colour of a class is the same
            // in every territory (the palette of all the classes, empty ones left unlisted).
            let colors = style.palette(layer.palette, classes: naming.names.count)
            let bounds: [Double] = [0.0] + fixed + [100.0]
            return naming.names.indices.map { i in
                LegendClass(
                    color: colors[i], lower: bounds[i], upper: bounds[i + 1], count: counts[i + 1] ?? 0, name: naming.names[i], fixedBounds: true)
            }
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
        return (1...count).map { (c: Int) -> LegendClass in
            let name: String? = names != nil && (c == 1 || c == count) ? names![c - 1] : nil
            return LegendClass(color: colors[c - 1], lower: lower[c] ?? .nan, upper: upper[c] ?? .nan, count: counts[c] ?? 0, name: name)
        }
    }

    /// Classes of the layer: the score's own classes for `risk`, Fisher–Jenks otherwise.
    public func legendClasses(zones: [ScoredZone], cells: [MapCell]) -> (classes: [LegendClass], classOf: (Double) -> Int?) {
        if layer == .risk {
            let published = zones.lazy.filter(\.isPublished).compactMap { zone in zone.riskClass.flatMap { c in zone.score.map { (riskClass: c, score: $0) } } }
            return (riskLegendClasses(published: Array(published)), { _ in nil })
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

    /// The legend's name of a kind of stop: the stop kinds' own French label (the one table,
    /// in Inputs), the supermarkets' timing, and the sites a siting review proposes.
    public static func stopKindLabel(_ kind: String) -> String {
        if kind == "proposed" { return "site proposé" }
        if kind == MapStop.depotKind { return "dépôt (départ et retour des tournées)" }
        guard let stopKind = StopKind(rawValue: kind) else { return kind }
        return stopKind == .supermarket ? "\(stopKind.frenchLabel) (après le versement CAF)" : stopKind.frenchLabel
    }

    func legend(
        classes: [LegendClass], zones: [ScoredZone], circles: ProportionalCircles, stopKinds: [String] = [], showRoute: Bool = false,
        teams: [Int] = [], cellsWithoutValue: Int = 0, imputedCells: Int = 0, gainedCells: Int = 0, homes: [MapCell] = [], x: Double, y: Double
    ) -> (svg: String, height: Double) {
        let size = style.legendSize
        let wording = ZoneWording(codes: zones.map(\.code))
        var svg = "<g id=\"legende\" font-size=\"\(n(size))\" fill=\"\(style.textColor)\">\n"
        svg += "<text x=\"\(n(x))\" y=\"\(n(y + size))\" font-weight=\"bold\">Légende</text>\n"
        var row = y + size * 2.2
        // No entry for a class without a feature: the legend says what the map shows.
        for (i, c) in classes.enumerated() where c.count > 0 {
            svg +=
                "<rect x=\"\(n(x))\" y=\"\(n(row))\" width=\"\(n(size * 2))\" height=\"\(n(size * 1.4))\" fill=\"\(c.color)\" stroke=\"#999999\" stroke-width=\"0.5\" data-legend-class=\"\(i + 1)\"/>"
            svg += "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * 1.1))\">\(xml(legendLabel(c, number: i + 1, wording: wording)))</text>\n"
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
        svg += homesEntries(homes, wording: wording, x: x, row: &row)
        svg += statusEntries(
            zones: zones, wording: wording, cellsWithoutValue: cellsWithoutValue, imputedCells: imputedCells, gainedCells: gainedCells, x: x, row: &row)
        row += size * 0.4
        svg +=
            "<line x1=\"\(n(x))\" y1=\"\(n(row))\" x2=\"\(n(x + size * 2))\" y2=\"\(n(row))\" stroke=\"\(style.communeColor)\" stroke-width=\"\(n(style.communeWidth))\"/>"
        svg += "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * 0.4))\">limite de commune</text>\n"
        svg += stopAndRouteEntries(stopKinds: stopKinds, showRoute: showRoute, teams: teams, x: x, row: &row)
        return (svg + "</g>\n", row + size - y)
    }

    /// « 3 zones », « 1 commune »: the count of zones a legend entry keys.
    static func zonesCount(_ k: Int, wording: ZoneWording) -> String {
        wording.kind == .commune ? (k > 1 ? "\(k) communes" : "1 commune") : "\(k) zone\(k > 1 ? "s" : "")"
    }

    /// The inhabited cells of the communes that are one zone, by households (classes drawn only).
    func homesEntries(_ homes: [MapCell], wording: ZoneWording, x: Double, row: inout Double) -> String {
        let size = style.legendSize
        var svg = ""
        let homesCounts = homes.reduce(into: [Int](repeating: 0, count: MapHomes.lowerBounds.count)) {
            $0[MapHomes.classOf(households: $1.value ?? 0)] += 1
        }
        if !homes.isEmpty {
            let title =
                wording.kind == .commune
                ? "Où vivent les ménages (carreaux de 200 m) :" : "Où vivent les ménages des communes non découpées en IRIS (carreaux de 200 m) :"
            for (k, line) in wrap(title).enumerated() {
                svg += "<text x=\"\(n(x))\" y=\"\(n(row + size * (1 + 1.3 * Double(k))))\" font-weight=\"bold\">\(xml(line))</text>\n"
            }
            row += size * (1.6 + 1.3 * Double(max(wrap(title).count - 1, 0)))
            for (k, count) in homesCounts.enumerated() where count > 0 {
                svg +=
                    "<rect x=\"\(n(x))\" y=\"\(n(row))\" width=\"\(n(size * 2))\" height=\"\(n(size * 1.4))\" fill=\"\(style.neutralFill)\" stroke=\"#999999\" stroke-width=\"0.5\"/>"
                svg +=
                    "<rect x=\"\(n(x))\" y=\"\(n(row))\" width=\"\(n(size * 2))\" height=\"\(n(size * 1.4))\" fill=\"\(Self.homesColor)\" fill-opacity=\"\(Self.homesOpacity[k])\" data-legend=\"carreaux-habites\"/>"
                svg +=
                    "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * 1.1))\">\(xml(MapHomes.label(ofClass: k))) (\(count) carreau\(count > 1 ? "x" : ""))</text>\n"
                row += size * 2
            }
            for line in wrap("cercle : au carreau où vivent le plus de ménages pauvres de la commune") {
                svg += "<text x=\"\(n(x))\" y=\"\(n(row + size * 0.9))\">\(xml(line))</text>\n"
                row += size * 1.3
            }
            row += size * 0.7
        }
        return svg
    }

    /// Secret and out-of-scope zones, cells brought within reach or off the network, fragile
    /// zones or imputed cells: each keyed only where the map draws it.
    func statusEntries(
        zones: [ScoredZone], wording: ZoneWording, cellsWithoutValue: Int, imputedCells: Int, gainedCells: Int, x: Double, row: inout Double
    ) -> String {
        let size = style.legendSize
        func zonesCount(_ k: Int) -> String { Self.zonesCount(k, wording: wording) }
        var svg = ""
        let secret = zones.filter(\.isSecret).count
        let outOfScope = zones.filter(\.isOutOfScope).count
        let fragile = zones.filter { $0.isPublished && $0.reliability == .low }.count
        if secret > 0 {
            svg +=
                "<rect x=\"\(n(x))\" y=\"\(n(row))\" width=\"\(n(size * 2))\" height=\"\(n(size * 1.4))\" fill=\"url(#hachures-secret)\" stroke=\"#999999\" stroke-width=\"0.5\"/>"
            svg += "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * 1.1))\">secret statistique (\(zonesCount(secret)))</text>\n"
            row += size * 2
        }
        if outOfScope > 0 {
            svg +=
                "<rect x=\"\(n(x))\" y=\"\(n(row))\" width=\"\(n(size * 2))\" height=\"\(n(size * 1.4))\" fill=\"url(#hors-champ)\" stroke=\"#999999\" stroke-width=\"0.5\" data-legend=\"hors-champ\"/>"
            svg +=
                "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * 1.1))\">hors du champ des données (\(zonesCount(outOfScope)))</text>\n"
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
            let fragileText = layer.isCellLayer ? "carreau imputé (Insee)" : "fiabilité faible (\(zonesCount(fragile)))"
            svg += "<text x=\"\(n(x + size * 2.6))\" y=\"\(n(row + size * 1.1))\">\(xml(fragileText))</text>\n"
            row += size * 2
        }
        return svg
    }

    /// The kinds of stop drawn, the depot, the routes (one entry per team when several share
    /// the tour) and how the routes were measured.
    func stopAndRouteEntries(stopKinds: [String], showRoute: Bool, teams: [Int], x: Double, row: inout Double) -> String {
        let size = style.legendSize
        var svg = ""
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
        return svg
    }
}
