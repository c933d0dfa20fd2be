import Foundation
import GeometryCore
import Risk
import ScoredFiles
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

    /// The IRIS labels placed on a map: names, and numbers keyed under the map.
    struct IRISLabels {
        var names: [CommuneLabel] = []
        /// The zones numbered (by index), each number's place and, when it stands away from its
        /// zone, the zone's centre (for a leader line); numbered 1, 2… in the key's order.
        var numbered: [(zone: Int, label: CommuneLabel, anchor: (Double, Double)?)] = []
    }

    /// The zones of the two highest risk classes: each is named, or numbered when its name
    /// does not fit.
    func mustBeLabelled(_ zone: ScoredZone) -> Bool {
        guard layer == .risk, zone.isPublished, let c = zone.riskClass else { return false }
        return (riskClasses ?? RiskClassNaming(territorialCount: 5)).highest.contains(c)
    }

    /// Places the IRIS names under each zone's centre: the riskiest classes first, then the
    /// largest zones, each kept only where it overlaps neither a name already placed nor a
    /// commune's nor a symbol (`avoid`), so that a comité can say which quartier is the dark
    /// red one. A zone of the two highest classes whose name finds no place gets a number
    /// instead, keyed under the map (« 3. Les Merisiers (Bondy) — élevé »).
    func placeIRISLabels(
        zones: [ScoredZone], areas: [Double], centres: [(Double, Double)?], avoid: [BoundingBox], namedCommunes: Set<String> = []
    ) -> IRISLabels {
        let fontSize = style.labelSize - 1
        var candidates: [(zone: Int, label: CommuneLabel)] = []
        for (i, zone) in zones.enumerated() where zone.isPublished {
            guard let name = zone.name, !name.isEmpty, let centre = centres[i] else { continue }
            // A zone that is a whole commune already named on the map is not named twice.
            if ZoneWording.isCommune(code: zone.code), let commune = zone.commune, namedCommunes.contains(commune) { continue }
            let priority = Double(zone.riskClass ?? 0) * 1e18 + abs(areas[i])
            candidates.append((i, CommuneLabel(code: zone.code, name: name, x: centre.0, y: centre.1 + fontSize * 1.1, priority: priority)))
        }
        var boxes = avoid
        func fits(_ box: BoundingBox) -> Bool {
            !boxes.contains { box.minX < $0.maxX && $0.minX < box.maxX && box.minY < $0.maxY && $0.minY < box.maxY }
        }
        var placed = IRISLabels()
        // Numbers as wide as the largest there can be.
        let digits = String(repeating: "0", count: String(max(zones.filter(mustBeLabelled).count, 1)).count)
        // In order of priority (the highest classes first), each name tries under its zone's
        // centre, then above it, then lower still; a zone of the two highest classes whose name
        // finds no place is numbered at once, at its centre or around it, before the names of
        // lower classes take the room. The last resort is the centre itself, so that every
        // zone of the two highest classes is keyed.
        for candidate in candidates.sorted(by: { ($0.label.priority, $1.label.code) > ($1.label.priority, $0.label.code) }) {
            var kept = false
            for dy in [0, -fontSize * 1.9, fontSize * 1.2] {
                var label = candidate.label
                label.y += dy
                let box = label.box(fontSize: fontSize)
                if fits(box) {
                    boxes.append(box)
                    placed.names.append(label)
                    kept = true
                    break
                }
            }
            guard !kept && mustBeLabelled(zones[candidate.zone]) else { continue }
            var number = candidate.label
            number.name = digits
            number.y -= fontSize * 0.6
            var chosen: CommuneLabel?
            var displaced = false
            // Around the centre, then further out on a spiral (joined to the centre by a leader line).
            search: for (ring, radius) in [0.0, 1.3, 2.6, 4, 5.5, 7, 9, 11.5, 14, 17, 20, 24].enumerated() {
                let steps = ring == 0 ? 1 : 8 + 4 * ring
                for step in 0..<steps {
                    let angle = Double(step) * 2 * .pi / Double(steps)
                    var label = number
                    label.x += radius * fontSize * cos(angle)
                    label.y += radius * fontSize * sin(angle)
                    if fits(label.box(fontSize: fontSize)) {
                        chosen = label
                        displaced = radius > 1.3
                        break search
                    }
                }
            }
            let label = chosen ?? number
            boxes.append(label.box(fontSize: fontSize))
            let centre = displaced ? centres[candidate.zone] : nil
            placed.numbered.append((candidate.zone, label, centre))
        }
        // Numbered in the key's order: by commune, then by name.
        placed.numbered.sort { a, b in
            let za = zones[a.zone], zb = zones[b.zone]
            return (za.communeName ?? "", za.name ?? "", za.code) < (zb.communeName ?? "", zb.name ?? "", zb.code)
        }
        return placed
    }

    /// The key of the numbered IRIS: number, name, commune when there are several, class.
    func irisKey(_ labels: IRISLabels, zones: [ScoredZone]) -> MapKey? {
        guard !labels.numbered.isEmpty else { return nil }
        let severalCommunes = Set(zones.compactMap(\.commune)).count > 1
        let entries = labels.numbered.enumerated().map { k, numbered -> String in
            let zone = zones[numbered.zone]
            let commune = severalCommunes ? zone.communeName.map { " (\($0))" } ?? "" : ""
            let className = zone.riskClass.flatMap { c in riskClasses.flatMap { $0.names.indices.contains(c - 1) ? $0.names[c - 1] : nil } }
            return "\(k + 1). \(zone.name ?? zone.code)\(commune)" + (className.map { " — \($0)" } ?? "")
        }
        let wording = ZoneWording(codes: labels.numbered.map { zones[$0.zone].code })
        return MapKey(
            id: "cle-des-iris",
            heading: "\(wording.plural.prefix(1).uppercased() + wording.plural.dropFirst()) numérotés sur la carte (noms trop longs pour y tenir)",
            entries: entries)
    }

    /// The IRIS names and numbers, as drawn.
    func irisLabelsSVG(_ labels: IRISLabels) -> String {
        let fontSize = style.labelSize - 1
        var svg =
            "<g id=\"noms-iris\" font-size=\"\(n(fontSize))\" text-anchor=\"middle\" fill=\"\(style.textColor)\" stroke=\"#ffffff\" stroke-width=\"2.5\" paint-order=\"stroke\">\n"
        for label in labels.names.sorted(by: { $0.code < $1.code }) {
            svg += "<text x=\"\(n(label.x))\" y=\"\(n(label.y))\">\(xml(label.name))</text>\n"
        }
        svg += "</g>\n"
        guard !labels.numbered.isEmpty else { return svg }
        svg +=
            "<g id=\"numeros-iris\" font-size=\"\(n(fontSize))\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"\(style.textColor)\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">\n"
        for numbered in labels.numbered {
            guard let (x, y) = numbered.anchor else { continue }
            let end = (numbered.label.x, numbered.label.y - fontSize * 0.35)
            svg +=
                "<line x1=\"\(n(x))\" y1=\"\(n(y))\" x2=\"\(n(end.0))\" y2=\"\(n(end.1))\" stroke=\"\(style.textColor)\" stroke-width=\"0.6\"/>\n"
        }
        for (k, numbered) in labels.numbered.enumerated() {
            svg += "<text x=\"\(n(numbered.label.x))\" y=\"\(n(numbered.label.y))\">\(k + 1)</text>\n"
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
