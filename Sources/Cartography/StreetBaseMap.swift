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
    /// labels keep clear of, `avoidBoxes` page boxes (commune names); `inside` bounds labels
    /// to the map frame.
    static func svg(
        _ streets: [MapStreet], px: (Point) -> (Double, Double), fontSize: Double, avoid: [(Double, Double)], avoidRadius: Double,
        avoidBoxes: [BoundingBox] = [], inside frame: (minX: Double, minY: Double, maxX: Double, maxY: Double)
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
        // Candidate labels: per street name, its nearly straight runs, and its gently curving
        // runs (a name then follows the street glyph by glyph).
        var runs: [Candidate] = []
        for (name, rank, line) in merged(streets, projected) {
            let needed = textWidth(name, fontSize: fontSize) + fontSize
            for i in 0..<(line.count - 1) {
                if let straight = straightRun(line, from: i, name: name, rank: rank, needed: needed) { runs.append(straight) }
                if let curved = curvedRun(line, from: i, name: name, rank: rank, needed: needed) { runs.append(curved) }
            }
        }
        // Major roads first, straight runs (the longest first) before curved ones (the flattest
        // and most level first); a name placed once, from its best run that fits.
        let ordered = runs.sorted { a, b in
            let first = (a.rank, a.curved ? 1 : 0, a.cost, -a.length), second = (b.rank, b.curved ? 1 : 0, b.cost, -b.length)
            return first != second ? first < second : (a.name, a.path[0].0, a.path[0].1) < (b.name, b.path[0].0, b.path[0].1)
        }
        var placed: [[(Double, Double)]] = avoidBoxes.map { [($0.minX, $0.minY), ($0.maxX, $0.minY), ($0.maxX, $0.maxY), ($0.minX, $0.maxY)] }
        var named = Set<String>()
        var labels = ""
        for candidate in ordered where named.count < maximumLabels && !named.contains(candidate.name) {
            let glyphs = layout(candidate, fontSize: fontSize)
            let boxes = glyphs.map(\.box)
            let corners = boxes.flatMap { $0 }
            guard corners.allSatisfy({ $0.0 >= frame.minX && $0.0 <= frame.maxX && $0.1 >= frame.minY && $0.1 <= frame.maxY }) else { continue }
            guard !placed.contains(where: { other in boxes.contains { overlaps(other, $0) } }) else { continue }
            guard !avoid.contains(where: { point in boxes.contains { distance(point, toBox: $0) < avoidRadius } }) else { continue }
            placed += boxes
            named.insert(candidate.name)
            if candidate.curved {
                labels += "<g data-name=\"\(xml(candidate.name))\">"
                for glyph in glyphs where glyph.text != " " {
                    labels +=
                        "<text transform=\"translate(\(n(glyph.x)) \(n(glyph.y))) rotate(\(n(glyph.angle * 180 / .pi)))\" y=\"\(n(fontSize * 0.35))\">\(xml(glyph.text))</text>"
                }
                labels += "</g>\n"
            } else {
                let glyph = glyphs[0]
                labels +=
                    "<text transform=\"translate(\(n(glyph.x)) \(n(glyph.y))) rotate(\(n(glyph.angle * 180 / .pi)))\" y=\"\(n(fontSize * 0.35))\">\(xml(candidate.name))</text>\n"
            }
        }
        if !labels.isEmpty {
            svg +=
                "<g id=\"noms-rues\" font-size=\"\(n(fontSize))\" font-style=\"italic\" fill=\"#444444\" text-anchor=\"middle\" stroke=\"#ffffff\" stroke-width=\"2.5\" stroke-opacity=\"0.8\" paint-order=\"stroke\">\n"
                + labels + "</g>\n"
        }
        return svg
    }

    /// A place for a street's name: a straight run (two points) or a curving one (the points
    /// the name follows), on the page.
    struct Candidate {
        var name: String
        var rank: Int
        var length: Double
        var path: [(Double, Double)]
        var curved: Bool
        /// How awkward a curved run reads: its turning, and how steep its chord is.
        var cost = 0.0
    }

    /// A piece of a label as drawn: its text (the whole name, or one glyph along a curve), its
    /// centre and angle on the page, and the box it covers.
    struct Glyph {
        var text: String
        var x: Double
        var y: Double
        var angle: Double
        var box: [(Double, Double)]
    }

    /// The width of a name in DejaVu Sans (advance widths of its glyphs, in em).
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        text.reduce(0) { $0 + advance($1) } * fontSize
    }

    /// A glyph's advance in DejaVu Sans, in em (accented letters as their base letter).
    static func advance(_ character: Character) -> Double {
        let base = String(character).decomposedStringWithCanonicalMapping.unicodeScalars.first.map(Character.init) ?? character
        switch base {
        case "i", "j", "l", "I", "J", "'", "’", ".", ",", ":", ";", "!", "|": return 0.28
        case " ", "f", "t", "-", "(", ")": return 0.35
        case "r": return 0.41
        case "m": return 0.97
        case "w": return 0.82
        case "M", "W": return 0.9
        case "s", "z", "c": return 0.53
        default: return base.isUppercase ? 0.7 : 0.61
        }
    }

    /// The longest nearly straight run of a line from point `i` (every piece within 20° of the
    /// run's chord), if the name fits on it.
    static func straightRun(_ line: [(Double, Double)], from i: Int, name: String, rank: Int, needed: Double) -> Candidate? {
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
        return length >= needed ? Candidate(name: name, rank: rank, length: length, path: [a, b], curved: false) : nil
    }

    /// The shortest gently curving run of a line from point `i` that holds the name: no bend
    /// sharper than 30°, no more than 75° of turning in all; nil when the run turns by less
    /// than 20° (a straight candidate says it better) or the line bends too much.
    static func curvedRun(_ line: [(Double, Double)], from i: Int, name: String, rank: Int, needed: Double) -> Candidate? {
        var length = 0.0, turning = 0.0
        var previous: Double?
        for k in i..<(line.count - 1) {
            let (a, b) = (line[k], line[k + 1])
            let segment = ((b.0 - a.0) * (b.0 - a.0) + (b.1 - a.1) * (b.1 - a.1)).squareRoot()
            guard segment > 0.01 else { continue }
            let angle = atan2(b.1 - a.1, b.0 - a.0)
            if let previous {
                var bend = angle - previous
                if bend > .pi { bend -= 2 * .pi } else if bend < -.pi { bend += 2 * .pi }
                guard abs(bend) < 0.52 else { return nil }
                turning += abs(bend)
                guard turning < 1.3 else { return nil }
            }
            previous = angle
            length += segment
            if length >= needed {
                guard turning >= 0.35 else { return nil }
                let (first, last) = (line[i], line[k + 1])
                var chord = abs(atan2(last.1 - first.1, last.0 - first.0))
                if chord > .pi / 2 { chord = .pi - chord }
                return Candidate(name: name, rank: rank, length: length, path: Array(line[i...(k + 1)]), curved: true, cost: turning + chord)
            }
        }
        return nil
    }

    /// Where a candidate's text goes: one piece along a straight run (upright, read left to
    /// right); along a curve, each glyph at its place on the line, turned with it, the name
    /// centred on the run.
    static func layout(_ candidate: Candidate, fontSize: Double) -> [Glyph] {
        var path = candidate.path
        if path.last!.0 < path.first!.0 { path.reverse() }  // upright text, read left to right
        let height = fontSize * 0.6
        func box(_ x: Double, _ y: Double, _ angle: Double, halfWidth: Double) -> [(Double, Double)] {
            let (c, s) = (cos(angle), sin(angle))
            return [(-halfWidth, -height), (halfWidth, -height), (halfWidth, height), (-halfWidth, height)].map {
                (x + $0.0 * c - $0.1 * s, y + $0.0 * s + $0.1 * c)
            }
        }
        let width = textWidth(candidate.name, fontSize: fontSize)
        guard candidate.curved else {
            let (a, b) = (path[0], path[path.count - 1])
            let angle = atan2(b.1 - a.1, b.0 - a.0)
            let (x, y) = ((a.0 + b.0) / 2, (a.1 + b.1) / 2)
            return [Glyph(text: candidate.name, x: x, y: y, angle: angle, box: box(x, y, angle, halfWidth: width / 2 + 2))]
        }
        // The point and direction at a distance along the path.
        var cumulative = [0.0]
        for k in 1..<path.count {
            let (a, b) = (path[k - 1], path[k])
            cumulative.append(cumulative[k - 1] + ((b.0 - a.0) * (b.0 - a.0) + (b.1 - a.1) * (b.1 - a.1)).squareRoot())
        }
        func at(_ distance: Double) -> (Double, Double, Double) {
            let k = max(1, min(path.count - 1, cumulative.firstIndex { $0 >= distance } ?? path.count - 1))
            let (a, b) = (path[k - 1], path[k])
            let span = max(cumulative[k] - cumulative[k - 1], 1e-9)
            let t = (distance - cumulative[k - 1]) / span
            return (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1), atan2(b.1 - a.1, b.0 - a.0))
        }
        var offset = (cumulative.last! - width) / 2
        return candidate.name.map { character in
            let advance = advance(character) * fontSize
            let (x, y, angle) = at(offset + advance / 2)
            offset += advance
            return Glyph(text: String(character), x: x, y: y, angle: angle, box: box(x, y, angle, halfWidth: advance / 2 + 0.5))
        }
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
