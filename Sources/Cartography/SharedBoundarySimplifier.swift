import Foundation
import GeometryCore
import Support

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

    /// Snapped vertices numbered densely in order of first appearance (open addressing on the
    /// integer coordinates): every later step works on arrays indexed by vertex, not on hash
    /// tables of points.
    struct VertexNumbers {
        private var slots: [Int32]
        private let mask: Int
        private(set) var keys: [Key] = []

        init(capacity: Int) {
            var size = 16
            while size < capacity * 2 { size <<= 1 }
            slots = [Int32](repeating: -1, count: size)
            mask = size - 1
            keys.reserveCapacity(capacity / 2)
        }

        mutating func number(_ key: Key) -> Int32 {
            let h = mixBits(UInt64(bitPattern: key.x) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: key.y))
            var i = Int(truncatingIfNeeded: h) & mask
            while true {
                let slot = slots[i]
                if slot < 0 {
                    slots[i] = Int32(keys.count)
                    keys.append(key)
                    return Int32(keys.count - 1)
                }
                if keys[Int(slot)] == key { return slot }
                i = (i + 1) & mask
            }
        }
    }

    /// - Parameters:
    ///   - grid: snapping step (map units); `tolerance`: largest allowed deviation.
    public static func simplify(_ shapes: [MultiPolygon], grid: Double, tolerance: Double) -> [MultiPolygon] {
        func key(_ p: Point) -> Key { Key(x: Int64((p.x / grid).rounded()), y: Int64((p.y / grid).rounded())) }
        // Snapped rings as vertex numbers, without repeated points.
        var numbers = VertexNumbers(capacity: shapes.reduce(0) { $0 + $1.vertexCount })
        var rings: [[Int32]] = []
        var ringOwner: [(shape: Int, polygon: Int, ring: Int)] = []
        for (s, shape) in shapes.enumerated() {
            for (p, polygon) in shape.polygons.enumerated() {
                for (r, ring) in polygon.rings.enumerated() {
                    var ids: [Int32] = []
                    ids.reserveCapacity(ring.points.count)
                    for point in ring.points {
                        let v = numbers.number(key(point))
                        if ids.last != v { ids.append(v) }
                    }
                    while ids.count > 1 && ids.first == ids.last { ids.removeLast() }
                    rings.append(ids)
                    ringOwner.append((s, p, r))
                }
            }
        }
        let keys = numbers.keys
        func less(_ a: Int32, _ b: Int32) -> Bool { keys[Int(a)] < keys[Int(b)] }
        // Junctions: a vertex whose neighbours differ between its occurrences, or used 3+ times.
        let count = keys.count
        var firstA = [Int32](repeating: -1, count: count), firstB = [Int32](repeating: -1, count: count)
        var uses = [Int32](repeating: 0, count: count)
        var junction = [Bool](repeating: false, count: count)
        for ring in rings where ring.count >= 3 {
            for i in ring.indices {
                let v = Int(ring[i]), a = ring[(i + ring.count - 1) % ring.count], b = ring[(i + 1) % ring.count]
                let (low, high) = less(a, b) ? (a, b) : (b, a)
                uses[v] += 1
                if firstA[v] >= 0 {
                    if firstA[v] != low || firstB[v] != high { junction[v] = true }
                } else {
                    firstA[v] = low
                    firstB[v] = high
                }
            }
        }
        for v in 0..<count where uses[v] > 2 { junction[v] = true }
        // Rings without a junction (islands, holes filled by one neighbour) get their smallest
        // vertex as one, which every copy of the ring agrees on.
        for ring in rings where ring.count >= 3 && !ring.contains(where: { junction[Int($0)] }) {
            junction[Int(ring.min(by: less)!)] = true
        }
        // Simplify each chain between junctions, once per direction-independent chain.
        var kept = junction
        var done = Set<[Int32]>()
        for ring in rings where ring.count >= 3 {
            guard let start = ring.firstIndex(where: { junction[Int($0)] }) else { continue }
            var chain: [Int32] = [ring[start]]
            for step in 1...ring.count {
                let v = ring[(start + step) % ring.count]
                chain.append(v)
                if junction[Int(v)] {
                    let forward = less(chain.first!, chain.last!) || (chain.first! == chain.last! && less(chain[1], chain[chain.count - 2]))
                    let canonical = forward ? chain : chain.reversed()
                    if done.insert(canonical).inserted {
                        for i in douglasPeuckerIndices(canonical.map { keys[Int($0)] }, tolerance: tolerance / grid) { kept[Int(canonical[i])] = true }
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
            let points = ring.filter { kept[Int($0)] }.map { v in Point(x: Double(keys[Int(v)].x) * grid, y: Double(keys[Int(v)].y) * grid) }
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

    /// The positions in `chain` of the vertices Douglas–Peucker keeps (endpoints included).
    static func douglasPeuckerIndices(_ chain: [Key], tolerance: Double) -> [Int] {
        guard chain.count > 2 else { return Array(chain.indices) }
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
        return chain.indices.filter { keep[$0] }
    }
}

/// The zones' shapes simplified for the page, kept for the next map: every map of a run draws
/// the same zones at the same scale (the frame depends on the page and the zones' extent, not
/// on the layer), so the simplification is done once. One instance per set of zones.
public final class SimplifiedShapes: @unchecked Sendable {
    private let lock = NSLock()
    private var byScale: [Double: [MultiPolygon]] = [:]

    public init() {}

    /// The shapes simplified at a tenth of a pixel's precision for `scale` pixels per unit.
    func simplified(_ geometries: [MultiPolygon], scale: Double) -> [MultiPolygon] {
        lock.lock()
        defer { lock.unlock() }
        if let kept = byScale[scale], kept.count == geometries.count { return kept }
        let shapes = SharedBoundarySimplifier.simplify(geometries, grid: 0.1 / scale, tolerance: 0.4 / scale)
        byScale[scale] = shapes
        return shapes
    }
}
