import Foundation
import GeometryCore

/// A street of the light base map under the tour map: its line (longitude, latitude until the
/// map projects it), its name, and its rank (0: main roads … 3: residential streets), which
/// sets its width and the order its name is placed in.
public struct MapStreet: Sendable {
    public var points: [Point]
    public var name: String?
    public var rank: Int

    public init(points: [Point], name: String?, rank: Int) {
        self.points = points
        self.name = name
        self.rank = rank
    }

    /// The rank of an OpenStreetMap `highway` value; nil for ways the base map leaves out
    /// (paths, service roads, tracks).
    public static func rank(highway: String) -> Int? {
        switch highway {
        case "motorway", "trunk", "primary", "motorway_link", "trunk_link", "primary_link": 0
        case "secondary", "secondary_link": 1
        case "tertiary", "tertiary_link": 2
        case "residential", "unclassified", "living_street", "pedestrian": 3
        default: nil
        }
    }
}

/// The base map's drawing: streets as light lines over the zones, and the names of the main
/// streets along them, thinned: major roads first, then the longest, a name at most once, no
/// two labels overlapping nor covering a stop.
enum StreetBaseMap {
    static let widths: [Double] = [2.6, 1.9, 1.3, 0.7]
    /// At most this many names on a page: a base map, not a street plan.
    static let maximumLabels = 40

    /// `px` turns a point of the map CRS into page pixels; `avoid` are page points (stops)
    /// labels keep clear of; `inside` bounds labels to the map frame.
    static func svg(
        _ streets: [MapStreet], px: (Point) -> (Double, Double), fontSize: Double, avoid: [(Double, Double)], avoidRadius: Double,
        inside frame: (minX: Double, minY: Double, maxX: Double, maxY: Double)
    ) -> String {
        guard !streets.isEmpty else { return "" }
        func n(_ v: Double) -> String { String(format: "%.1f", v) }
        // Clipped to the map's frame: the extract reaches beyond the territory.
        var svg =
            "<clipPath id=\"cadre-rues\"><rect x=\"\(n(frame.minX))\" y=\"\(n(frame.minY))\" width=\"\(n(frame.maxX - frame.minX))\" height=\"\(n(frame.maxY - frame.minY))\"/></clipPath>\n"
        svg +=
            "<g id=\"rues\" clip-path=\"url(#cadre-rues)\" fill=\"none\" stroke=\"#ffffff\" stroke-opacity=\"0.75\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n"
        var projected: [[(Double, Double)]] = []
        for street in streets {
            let line = street.points.map(px)
            projected.append(line)
            guard line.count >= 2 else { continue }
            svg +=
                "<path stroke-width=\"\(n(widths[min(max(street.rank, 0), widths.count - 1)]))\" d=\"M"
                + line.map { "\(n($0.0)) \(n($0.1))" }.joined(separator: "L") + "\"/>\n"
        }
        svg += "</g>\n"
        // Candidate labels: per street name, its longest straight piece on the page.
        struct Candidate {
            var name: String
            var rank: Int
            var length: Double
            var a: (Double, Double)
            var b: (Double, Double)
        }
        var runs: [Candidate] = []
        for (name, rank, line) in merged(streets, projected) {
            // The longest nearly straight run of the line (every piece within 20° of the run's
            // chord), from each of its points.
            for i in 0..<(line.count - 1) {
                var j = i + 1
                while j + 1 < line.count {
                    let chord = atan2(line[j + 1].1 - line[i].1, line[j + 1].0 - line[i].0)
                    let straight = (i..<(j + 1)).allSatisfy { k in
                        var d = abs(atan2(line[k + 1].1 - line[k].1, line[k + 1].0 - line[k].0) - chord)
                        if d > .pi { d = 2 * .pi - d }
                        return d < 0.35
                    }
                    guard straight else { break }
                    j += 1
                }
                let (a, b) = (line[i], line[j])
                let length = ((b.0 - a.0) * (b.0 - a.0) + (b.1 - a.1) * (b.1 - a.1)).squareRoot()
                if length >= Double(name.count) * fontSize * 0.55 + fontSize {
                    runs.append(Candidate(name: name, rank: rank, length: length, a: a, b: b))
                }
            }
        }
        // Major roads first, then the longest runs; a name placed once, from its best run that fits.
        let ordered = runs.sorted { ($0.rank, -$0.length, $0.name, $0.a.0, $0.a.1) < ($1.rank, -$1.length, $1.name, $1.a.0, $1.a.1) }
        var placed: [[(Double, Double)]] = []
        var named = Set<String>()
        var labels = ""
        for candidate in ordered where placed.count < maximumLabels && !named.contains(candidate.name) {
            let textWidth = Double(candidate.name.count) * fontSize * 0.55
            var (a, b) = (candidate.a, candidate.b)
            if b.0 < a.0 { (a, b) = (b, a) }  // upright text, read left to right
            let mid = ((a.0 + b.0) / 2, (a.1 + b.1) / 2)
            let angle = atan2(b.1 - a.1, b.0 - a.0)
            let (c, s) = (cos(angle), sin(angle))
            let (hw, hh) = (textWidth / 2 + 2, fontSize * 0.6)
            let corners = [(-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh)].map { (mid.0 + $0.0 * c - $0.1 * s, mid.1 + $0.0 * s + $0.1 * c) }
            guard corners.allSatisfy({ $0.0 >= frame.minX && $0.0 <= frame.maxX && $0.1 >= frame.minY && $0.1 <= frame.maxY }) else { continue }
            guard !placed.contains(where: { overlaps($0, corners) }) else { continue }
            guard !avoid.contains(where: { point in distance(point, toBox: corners) < avoidRadius }) else { continue }
            placed.append(corners)
            named.insert(candidate.name)
            labels +=
                "<text transform=\"translate(\(n(mid.0)) \(n(mid.1))) rotate(\(n(angle * 180 / .pi)))\" y=\"\(n(fontSize * 0.35))\">\(xml(candidate.name))</text>\n"
        }
        if !labels.isEmpty {
            svg +=
                "<g id=\"noms-rues\" font-size=\"\(n(fontSize))\" font-style=\"italic\" fill=\"#444444\" text-anchor=\"middle\" stroke=\"#ffffff\" stroke-width=\"2.5\" stroke-opacity=\"0.8\" paint-order=\"stroke\">\n"
                + labels + "</g>\n"
        }
        return svg
    }

    /// The named streets as long lines: the ways of one name (OpenStreetMap cuts a street into
    /// many) joined end to end where they meet, each with the best rank of its pieces.
    static func merged(_ streets: [MapStreet], _ projected: [[(Double, Double)]]) -> [(String, Int, [(Double, Double)])] {
        var byName: [String: (rank: Int, lines: [[(Double, Double)]])] = [:]
        for (street, line) in zip(streets, projected) {
            guard let name = street.name, !name.isEmpty, line.count >= 2 else { continue }
            var entry = byName[name] ?? (street.rank, [])
            entry.rank = min(entry.rank, street.rank)
            entry.lines.append(line)
            byName[name] = entry
        }
        func same(_ a: (Double, Double), _ b: (Double, Double)) -> Bool { abs(a.0 - b.0) < 0.5 && abs(a.1 - b.1) < 0.5 }
        var result: [(String, Int, [(Double, Double)])] = []
        for name in byName.keys.sorted() {
            var lines = byName[name]!.lines
            var joined = true
            while joined && lines.count > 1 {
                joined = false
                search: for i in lines.indices {
                    for j in lines.indices where j != i {
                        let (a, b) = (lines[i], lines[j])
                        var line: [(Double, Double)]?
                        if same(a.last!, b.first!) {
                            line = a + b.dropFirst()
                        } else if same(a.last!, b.last!) {
                            line = a + b.reversed().dropFirst()
                        } else if same(a.first!, b.last!) {
                            line = b + a.dropFirst()
                        } else if same(a.first!, b.first!) {
                            line = Array(b.reversed()) + a.dropFirst()
                        }
                        if let line {
                            lines[i] = line
                            lines.remove(at: j)
                            joined = true
                            break search
                        }
                    }
                }
            }
            for line in lines { result.append((name, byName[name]!.rank, line)) }
        }
        return result
    }

    /// Whether two convex quadrilaterals overlap (separating axis test).
    static func overlaps(_ p: [(Double, Double)], _ q: [(Double, Double)]) -> Bool {
        for polygon in [p, q] {
            for i in polygon.indices {
                let a = polygon[i], b = polygon[(i + 1) % polygon.count]
                let axis = (-(b.1 - a.1), b.0 - a.0)
                let pp = p.map { $0.0 * axis.0 + $0.1 * axis.1 }, qq = q.map { $0.0 * axis.0 + $0.1 * axis.1 }
                if pp.max()! < qq.min()! || qq.max()! < pp.min()! { return false }
            }
        }
        return true
    }

    /// Distance from a point to a convex quadrilateral (0 inside).
    static func distance(_ point: (Double, Double), toBox box: [(Double, Double)]) -> Double {
        var positive = 0, negative = 0
        var nearest = Double.infinity
        for i in box.indices {
            let a = box[i], b = box[(i + 1) % box.count]
            let cross = (b.0 - a.0) * (point.1 - a.1) - (b.1 - a.1) * (point.0 - a.0)
            if cross > 0 { positive += 1 } else if cross < 0 { negative += 1 }
            let dx = b.0 - a.0, dy = b.1 - a.1
            let t = max(0, min(1, ((point.0 - a.0) * dx + (point.1 - a.1) * dy) / max(dx * dx + dy * dy, 1e-12)))
            let (x, y) = (a.0 + t * dx, a.1 + t * dy)
            nearest = min(nearest, ((point.0 - x) * (point.0 - x) + (point.1 - y) * (point.1 - y)).squareRoot())
        }
        return positive == 0 || negative == 0 ? 0 : nearest
    }
}
