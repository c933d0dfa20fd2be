import Foundation
import GeometryCore

/// The named streets of an extract, to find the street a place stands on: a planner and a
/// driver find « Marché Suzanne Buisson » by its street when the list of places gives no
/// address. Segments are held in squares of `side` metres, so a look-up reads a few squares.
public struct NamedStreets: Sendable {
    struct Segment: Sendable {
        var a: Point
        var b: Point
        var name: Int32
    }
    struct Square: Hashable, Sendable {
        var x: Int
        var y: Int
    }

    let side: Double
    let names: [String]
    let squares: [Square: [Segment]]

    /// The ways of `extract` that carry a `name` tag, in the extract's CRS (metres).
    public init(extract: StreetExtract, side: Double = 100) {
        self.side = side
        var names: [String] = [], index: [String: Int32] = [:], squares: [Square: [Segment]] = [:]
        for way in extract.ways {
            guard let name = way.tags["name"]?.trimmingCharacters(in: .whitespaces), !name.isEmpty, way.points.count >= 2 else { continue }
            let k: Int32
            if let known = index[name] {
                k = known
            } else {
                k = Int32(names.count)
                index[name] = k
                names.append(name)
            }
            for (a, b) in zip(way.points, way.points.dropFirst()) {
                let segment = Segment(a: a, b: b, name: k)
                let x0 = Int((min(a.x, b.x) / side).rounded(.down)), x1 = Int((max(a.x, b.x) / side).rounded(.down))
                let y0 = Int((min(a.y, b.y) / side).rounded(.down)), y1 = Int((max(a.y, b.y) / side).rounded(.down))
                guard x1 - x0 <= 50, y1 - y0 <= 50 else { continue }
                for x in x0...x1 { for y in y0...y1 { squares[Square(x: x, y: y), default: []].append(segment) } }
            }
        }
        self.names = names
        self.squares = squares
    }

    /// The name of the street nearest `point` within `limit` metres (ties to the first name in
    /// the extract's order), or nil.
    public func nearest(to point: Point, within limit: Double = 300) -> String? {
        let reach = Int((limit / side).rounded(.up))
        let cx = Int((point.x / side).rounded(.down)), cy = Int((point.y / side).rounded(.down))
        var best: (distance: Double, name: Int32)?
        for x in (cx - reach)...(cx + reach) {
            for y in (cy - reach)...(cy + reach) {
                for segment in squares[Square(x: x, y: y)] ?? [] {
                    let d = Self.distance(point, segment.a, segment.b)
                    if d <= limit, best.map({ (d, segment.name) < ($0.distance, $0.name) }) ?? true { best = (d, segment.name) }
                }
            }
        }
        return best.map { names[Int($0.name)] }
    }

    static func distance(_ p: Point, _ a: Point, _ b: Point) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let length = dx * dx + dy * dy
        let t = length > 0 ? max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length)) : 0
        return Point(x: a.x + t * dx, y: a.y + t * dy).distance(to: p)
    }
}
