import Foundation
import GeometryCore

/// Simplifies polygons that share boundaries so that neighbours stay glued: coordinates are
/// snapped to a grid (the drawing's precision), boundaries are cut into chains between
/// junctions (vertices where the set of neighbouring rings changes), and each chain is
/// simplified once (Douglas–Peucker, in a canonical direction); every ring then keeps exactly
/// the vertices its chains kept, so a shared edge is drawn the same way on both sides.
public enum SharedBoundarySimplifier {
    struct Key: Hashable, Comparable {
        var x: Int64, y: Int64
        static func < (a: Key, b: Key) -> Bool { a.x != b.x ? a.x < b.x : a.y < b.y }
    }

    /// - Parameters:
    ///   - grid: snapping step (map units); `tolerance`: largest allowed deviation.
    public static func simplify(_ shapes: [MultiPolygon], grid: Double, tolerance: Double) -> [MultiPolygon] {
        func key(_ p: Point) -> Key { Key(x: Int64((p.x / grid).rounded()), y: Int64((p.y / grid).rounded())) }
        // Snapped rings as keys, without repeated points.
        var rings: [[Key]] = []
        var ringOwner: [(shape: Int, polygon: Int, ring: Int)] = []
        for (s, shape) in shapes.enumerated() {
            for (p, polygon) in shape.polygons.enumerated() {
                for (r, ring) in polygon.rings.enumerated() {
                    var keys: [Key] = []
                    for point in ring.points {
                        let k = key(point)
                        if keys.last != k { keys.append(k) }
                    }
                    while keys.count > 1 && keys.first == keys.last { keys.removeLast() }
                    rings.append(keys)
                    ringOwner.append((s, p, r))
                }
            }
        }
        // Junctions: a vertex whose neighbours differ between its occurrences, or used 3+ times.
        var neighbours: [Key: (Key, Key)] = [:]
        var uses: [Key: Int] = [:]
        var junction = Set<Key>()
        for ring in rings where ring.count >= 3 {
            for i in ring.indices {
                let v = ring[i], a = ring[(i + ring.count - 1) % ring.count], b = ring[(i + 1) % ring.count]
                let pair = a < b ? (a, b) : (b, a)
                uses[v, default: 0] += 1
                if let seen = neighbours[v] {
                    if seen != pair { junction.insert(v) }
                } else {
                    neighbours[v] = pair
                }
            }
        }
        for (v, count) in uses where count > 2 { junction.insert(v) }
        // Rings without a junction (islands, holes filled by one neighbour) get their smallest
        // vertex as one, which every copy of the ring agrees on.
        for ring in rings where ring.count >= 3 && !ring.contains(where: junction.contains) {
            junction.insert(ring.min()!)
        }
        // Simplify each chain between junctions, once per direction-independent chain.
        var kept = junction
        var done = Set<[Key]>()
        for ring in rings where ring.count >= 3 {
            guard let start = ring.firstIndex(where: junction.contains) else { continue }
            var chain: [Key] = [ring[start]]
            for step in 1...ring.count {
                let v = ring[(start + step) % ring.count]
                chain.append(v)
                if junction.contains(v) {
                    let canonical =
                        chain.first! < chain.last! || (chain.first! == chain.last! && chain[1] < chain[chain.count - 2])
                        ? chain : chain.reversed()
                    if done.insert(canonical).inserted {
                        for k in douglasPeucker(canonical, tolerance: tolerance / grid) { kept.insert(k) }
                    }
                    chain = [v]
                }
            }
        }
        // Rebuild every ring from its kept vertices.
        var result = shapes.map { shape in
            MultiPolygon(shape.polygons.map { Polygon(exterior: Ring([]), holes: Array(repeating: Ring([]), count: $0.holes.count)) })
        }
        for (index, ring) in rings.enumerated() {
            let points = ring.filter(kept.contains).map { Point(x: Double($0.x) * grid, y: Double($0.y) * grid) }
            let owner = ringOwner[index]
            if owner.ring == 0 {
                result[owner.shape].polygons[owner.polygon].exterior = Ring(points)
            } else {
                result[owner.shape].polygons[owner.polygon].holes[owner.ring - 1] = Ring(points)
            }
        }
        // Drop rings that collapsed below a triangle.
        return result.map { shape in
            MultiPolygon(
                shape.polygons.compactMap { polygon in
                    guard polygon.exterior.points.count >= 3 else { return nil }
                    return Polygon(exterior: polygon.exterior, holes: polygon.holes.filter { $0.points.count >= 3 })
                })
        }
    }

    /// The vertices Douglas–Peucker keeps (endpoints included).
    static func douglasPeucker(_ chain: [Key], tolerance: Double) -> [Key] {
        guard chain.count > 2 else { return chain }
        var keep = [Bool](repeating: false, count: chain.count)
        keep[0] = true
        keep[chain.count - 1] = true
        var stack = [(0, chain.count - 1)]
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            let ax = Double(chain[a].x), ay = Double(chain[a].y), bx = Double(chain[b].x), by = Double(chain[b].y)
            let dx = bx - ax, dy = by - ay
            let length = (dx * dx + dy * dy).squareRoot()
            var worst = -1.0, worstIndex = a
            for i in (a + 1)..<b {
                let px = Double(chain[i].x) - ax, py = Double(chain[i].y) - ay
                let distance = length > 0 ? abs(px * dy - py * dx) / length : (px * px + py * py).squareRoot()
                if distance > worst { worst = distance; worstIndex = i }
            }
            if worst > tolerance {
                keep[worstIndex] = true
                stack.append((a, worstIndex))
                stack.append((worstIndex, b))
            }
        }
        return chain.indices.filter { keep[$0] }.map { chain[$0] }
    }
}
