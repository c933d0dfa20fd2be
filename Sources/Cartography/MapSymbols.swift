import Foundation
import GeometryCore
import Inputs
import Support

/// The tour and siting maps' symbols: routes, numbered stops and their key.
extension SVGMap {
    /// The teams that share a tour, and the colour of each (none when one team does it all).
    struct TeamColors {
        var teams: [Int]

        init(stops: [MapStop], routeTeams: [Int]) {
            teams = Set(routeTeams).union(stops.compactMap(\.team)).sorted()
        }

        func color(_ team: Int?) -> String? {
            guard teams.count > 1, let team else { return nil }
            return MapStop.teamColors[team % MapStop.teamColors.count]
        }
    }

    /// The routes, one path each, in their team's colour when several teams share the tour.
    func routesSVG(_ routes: [[Point]], routeTeams: [Int], teams: TeamColors, px: (Point) -> (Double, Double)) -> String {
        guard !routes.isEmpty else { return "" }
        var svg =
            "<g id=\"routes\" fill=\"none\" stroke=\"\(style.routeColor)\" stroke-width=\"\(n(style.routeWidth))\" stroke-linejoin=\"round\" stroke-linecap=\"round\">\n"
        for (r, route) in routes.enumerated() where route.count >= 2 {
            let color = teams.color(routeTeams.indices.contains(r) ? routeTeams[r] : nil).map { " stroke=\"\($0)\"" } ?? ""
            svg +=
                "<path\(color) d=\"M"
                + route.map { p in
                    let (x, y) = px(p); return "\(n(x)) \(n(y))"
                }.joined(separator: "L") + "\"/>\n"
        }
        return svg + "</g>\n"
    }

    /// The numbered stops. Symbols closer than their diameter are moved apart (around their
    /// place, joined to it by a leader line), so that no number hides another.
    func stopsSVG(_ stops: [MapStop], teams: TeamColors, px: (Point) -> (Double, Double)) -> String {
        guard !stops.isEmpty else { return "" }
        var svg = "<g id=\"arrets\" font-size=\"\(n(style.labelSize))\" text-anchor=\"middle\">\n"
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
            let ring = teams.color(stop.team)
            let shape =
                isDepot
                ? "<rect x=\"\(n(x - r))\" y=\"\(n(y - r))\" width=\"\(n(2 * r))\" height=\"\(n(2 * r))\" fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"
                : "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" fill=\"\(color)\" stroke=\"\(ring ?? "#ffffff")\" stroke-width=\"\(ring == nil ? "1.5" : "3")\"/>"
            svg +=
                "<g data-kind=\"\(xml(stop.kind))\"><title>\(mark). \(xml(stop.label))</title>\(shape)<text x=\"\(n(x))\" y=\"\(n(y + style.labelSize * 0.35))\" fill=\"#ffffff\" font-weight=\"bold\">\(mark)</text></g>\n"
        }
        return svg + "</g>\n"
    }

    /// The boxes the stop symbols cover on the page (labels keep clear of them).
    func stopBoxes(_ stops: [MapStop], px: (Point) -> (Double, Double)) -> [BoundingBox] {
        let r = style.stopRadius * 1.3
        return stops.map { stop in
            let (x, y) = px(stop.location)
            return BoundingBox(minX: x - r, minY: y - r, maxX: x + r, maxY: y + r)
        }
    }

    /// The key of the numbered points, under the map: one entry per point that has a detail.
    func stopKey(_ stops: [MapStop]) -> MapKey? {
        let keyed = stops.filter { !$0.detail.isEmpty }.sorted { $0.number < $1.number }
        guard !keyed.isEmpty else { return nil }
        let siting = stops.contains { $0.kind == "proposed" || StopKind(rawValue: $0.kind)?.isReceptionPoint == true }
        return MapKey(
            id: "cle-des-points", heading: siting ? "Points d'accueil et sites proposés" : "Arrêts de la tournée",
            entries: keyed.map { "\($0.number == 0 ? "D" : String($0.number)). \($0.label) — \($0.detail)" })
    }
}
