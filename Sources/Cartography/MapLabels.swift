import Foundation
import GeometryCore
import Risk
import Support

extension SVGMap {
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
}
