import GeometryCore
import Support

/// PROJ on a lattice, cubic interpolation in between: the approach of GDAL's approximate
/// transformer, for the millions of zone vertices of a national layer. The source plane (a
/// projected CRS in metres) is cut into fixed 5 km tiles; PROJ transforms each tile's 4 × 4
/// nodes, and a vertex inside takes the tensor-product cubic Lagrange interpolation of them.
/// Each tile is checked against exact PROJ at five points that are no nodes, and a tile whose
/// interpolation errs by more than `tolerance` there (a datum grid's seam, a point PROJ cannot
/// transform) has its vertices transformed exactly. On Lambert-93 → LAEA the interpolation errs
/// by less than 0.1 µm (see the tests: a 1 km lattice over all of metropolitan France), far below
/// what the overlay can see. A tile's result depends on its position alone, never on the batch
/// or the threads.
struct LatticeTransform {
    /// The side of a tile, in the source CRS's metres.
    static let tileSize = 5_000.0
    /// The largest error allowed at a tile's check points, in the target CRS's metres.
    static let tolerance = 1e-4
    /// Below this many points, PROJ on each is as cheap as the lattice: exact.
    static let minimumPoints = 65_536

    /// Nodes at 0, 1/3, 2/3 and 1 of a tile's side; the check points away from them.
    static let nodeFractions = [0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0]
    static let checkFractions: [(Double, Double)] = [(1.0 / 6, 1.0 / 6), (5.0 / 6, 1.0 / 6), (0.5, 0.5), (1.0 / 6, 5.0 / 6), (5.0 / 6, 5.0 / 6)]

    struct TileKey: Hashable {
        var i: Int, j: Int
    }

    /// A node of the lattice: tile (i, j)'s node (a, b) is node (3i + a, 3j + b).
    struct NodeKey: Hashable {
        var i: Int, j: Int
    }

    /// The tile holding a point, nil for a point that is not finite or too far to index.
    static func tile(of point: Point) -> TileKey? {
        let i = (point.x / tileSize).rounded(.down), j = (point.y / tileSize).rounded(.down)
        guard i.isFinite, j.isFinite, abs(i) < 1e9, abs(j) < 1e9 else { return nil }
        return TileKey(i: Int(i), j: Int(j))
    }

    /// The cubic Lagrange weights of the four nodes at `t` (0…1 across the tile).
    @inline(__always)
    static func weights(_ t: Double) -> (Double, Double, Double, Double) {
        // Nodes 0, 1/3, 2/3, 1: in thirds, s = 3t ∈ [0, 3].
        let s = 3 * t
        let a = s - 1, b = s - 2, c = s - 3
        return (-a * b * c / 6, s * b * c / 2, -s * a * c / 2, s * a * b / 6)
    }

    /// The interpolated position of `point` in a tile whose lower-left corner is `origin`.
    @inline(__always)
    static func interpolate(_ point: Point, origin: Point, nodes: UnsafeBufferPointer<Point>) -> Point {
        let (u0, u1, u2, u3) = weights((point.x - origin.x) / tileSize)
        let (v0, v1, v2, v3) = weights((point.y - origin.y) / tileSize)
        // Offsets from the first node keep the sums small (millions of metres cancel).
        let base = nodes[0]
        var x = 0.0, y = 0.0
        let u = (u0, u1, u2, u3), v = (v0, v1, v2, v3)
        for b in 0..<4 {
            let vb = b == 0 ? v.0 : b == 1 ? v.1 : b == 2 ? v.2 : v.3
            var rx = 0.0, ry = 0.0
            for a in 0..<4 {
                let ua = a == 0 ? u.0 : a == 1 ? u.1 : a == 2 ? u.2 : u.3
                let node = nodes[b * 4 + a]
                rx += ua * (node.x - base.x)
                ry += ua * (node.y - base.y)
            }
            x += vb * rx
            y += vb * ry
        }
        return Point(x: base.x + x, y: base.y + y)
    }

    /// Transforms `points` in place: vertices of a checked tile by interpolation, the others
    /// exactly, in one PROJ call each way. A point PROJ cannot transform is the same error as
    /// `transform(_:)` gives.
    static func transform(_ points: inout [Point], with transformer: CoordinateTransformer, tolerance: Double = tolerance) throws(GeoError) {
        let keys = points.map(tile(of:))
        // The tiles present, in order of first appearance; each one's slot.
        var slots = TileSlots(keys: keys)
        var tiles: [TileKey] = []
        for case let key? in keys where slots[key] == TileSlots.absent {
            slots[key] = TileSlots.exact
            tiles.append(key)
        }
        // Nodes and check points of every tile, in one call. Neighbouring tiles share the
        // nodes of their common edge (the same coordinates, to the bit): each node once.
        var nodeIndex = NodeSlots(tiles: tiles)
        var probes: [Point] = []
        probes.reserveCapacity(tiles.count * (9 + checkFractions.count))
        var tileNodes = [Int32](repeating: 0, count: tiles.count * 16)
        for (t, key) in tiles.enumerated() {
            let x0 = Double(key.i) * tileSize, y0 = Double(key.j) * tileSize
            for (b, fy) in nodeFractions.enumerated() {
                for (a, fx) in nodeFractions.enumerated() {
                    let node = NodeKey(i: 3 * key.i + a, j: 3 * key.j + b)
                    var index = nodeIndex[node]
                    if index < 0 {
                        index = Int32(probes.count)
                        nodeIndex[node] = index
                        probes.append(Point(x: x0 + fx * tileSize, y: y0 + fy * tileSize))
                    }
                    tileNodes[t * 16 + b * 4 + a] = index
                }
            }
        }
        let checksStart = probes.count
        for key in tiles {
            let x0 = Double(key.i) * tileSize, y0 = Double(key.j) * tileSize
            for (fx, fy) in checkFractions { probes.append(Point(x: x0 + fx * tileSize, y: y0 + fy * tileSize)) }
        }
        transformer.transformAllowingFailures(&probes)
        // Each tile's 16 nodes side by side, as the interpolation reads them.
        let nodes = tileNodes.map { probes[Int($0)] }
        for (t, key) in tiles.enumerated() {
            let checks = probes[(checksStart + t * checkFractions.count)..<(checksStart + (t + 1) * checkFractions.count)]
            let own = nodes[(t * 16)..<((t + 1) * 16)]
            guard own.allSatisfy({ $0.x.isFinite && $0.y.isFinite }), checks.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { continue }
            let origin = Point(x: Double(key.i) * tileSize, y: Double(key.j) * tileSize)
            let good = own.withContiguousStorageIfAvailable { tileNodes -> Bool in
                for (c, (fx, fy)) in checkFractions.enumerated() {
                    let probe = Point(x: origin.x + fx * tileSize, y: origin.y + fy * tileSize)
                    let guess = interpolate(probe, origin: origin, nodes: tileNodes)
                    let exact = checks[checks.startIndex + c]
                    if !((guess.x - exact.x).magnitude <= tolerance && (guess.y - exact.y).magnitude <= tolerance) { return false }
                }
                return true
            }
            if good == true { slots[key] = Int32(t * 16) }
        }
        // Exactly: the points of unchecked tiles, and those no tile holds.
        var exactIndices: [Int] = []
        nodes.withUnsafeBufferPointer { all in
            for i in points.indices {
                guard let key = keys[i] else {
                    exactIndices.append(i)
                    continue
                }
                let slot = slots[key]
                guard slot >= 0 else {
                    exactIndices.append(i)
                    continue
                }
                let start = Int(slot)
                let origin = Point(x: Double(key.i) * tileSize, y: Double(key.j) * tileSize)
                points[i] = interpolate(points[i], origin: origin, nodes: UnsafeBufferPointer(rebasing: all[start..<(start + 16)]))
            }
        }
        guard !exactIndices.isEmpty else { return }
        var rest = exactIndices.map { points[$0] }
        try transformer.transform(&rest)
        for (k, i) in exactIndices.enumerated() { points[i] = rest[k] }
    }
}

/// Each tile's slot: where its 16 nodes start, `exact` when its points are transformed exactly,
/// `absent` before it is seen. Dense over the rectangle of the batch's tiles when it is small
/// (a batch of neighbouring zones), hashed otherwise.
struct TileSlots {
    static let absent: Int32 = -2, exact: Int32 = -1
    private var dense: [Int32] = []
    private var hashed: [LatticeTransform.TileKey: Int32] = [:]
    private var minI = 0, minJ = 0, width = 0

    init(keys: [LatticeTransform.TileKey?]) {
        var minI = Int.max, maxI = Int.min, minJ = Int.max, maxJ = Int.min
        for case let key? in keys {
            minI = min(minI, key.i)
            maxI = max(maxI, key.i)
            minJ = min(minJ, key.j)
            maxJ = max(maxJ, key.j)
        }
        guard minI <= maxI else { return }
        let width = maxI - minI + 1, height = maxJ - minJ + 1
        if width <= 1 << 12, height <= 1 << 12, width * height <= 1 << 22 {
            (self.minI, self.minJ, self.width) = (minI, minJ, width)
            dense = [Int32](repeating: Self.absent, count: width * height)
        }
    }

    subscript(key: LatticeTransform.TileKey) -> Int32 {
        get { dense.isEmpty ? hashed[key] ?? Self.absent : dense[(key.j - minJ) * width + (key.i - minI)] }
        set {
            if dense.isEmpty { hashed[key] = newValue } else { dense[(key.j - minJ) * width + (key.i - minI)] = newValue }
        }
    }
}

/// Each lattice node's place among the probes (-1 before it is met): dense over the nodes of
/// the batch's tiles when they are few, hashed otherwise.
struct NodeSlots {
    private var dense: [Int32] = []
    private var hashed: [LatticeTransform.NodeKey: Int32] = [:]
    private var minI = 0, minJ = 0, width = 0

    init(tiles: [LatticeTransform.TileKey]) {
        guard let first = tiles.first else { return }
        var minI = first.i, maxI = first.i, minJ = first.j, maxJ = first.j
        for key in tiles {
            minI = min(minI, key.i)
            maxI = max(maxI, key.i)
            minJ = min(minJ, key.j)
            maxJ = max(maxJ, key.j)
        }
        let width = 3 * (maxI - minI + 1) + 1, height = 3 * (maxJ - minJ + 1) + 1
        if width <= 1 << 13, height <= 1 << 13, width * height <= 1 << 23 {
            (self.minI, self.minJ, self.width) = (3 * minI, 3 * minJ, width)
            dense = [Int32](repeating: -1, count: width * height)
        }
    }

    subscript(key: LatticeTransform.NodeKey) -> Int32 {
        get { dense.isEmpty ? hashed[key] ?? -1 : dense[(key.j - minJ) * width + (key.i - minI)] }
        set {
            if dense.isEmpty { hashed[key] = newValue } else { dense[(key.j - minJ) * width + (key.i - minI)] = newValue }
        }
    }
}

/// The lattice measured against exact PROJ on given points: the benchmark's check on every
/// vertex of a national layer.
public enum LatticeCheck {
    /// The largest difference of a coordinate, in the target CRS's units, between the lattice
    /// and exact PROJ; and how many points the lattice interpolated (the others were exact).
    public static func largestError(
        _ points: [Point], from source: SpatialReference, to target: SpatialReference
    ) throws -> (error: Double, interpolated: Int) {
        let transformer = try CoordinateTransformer(from: source, to: target)
        var exact = points, approximate = points
        try transformer.transform(&exact)
        try LatticeTransform.transform(&approximate, with: transformer)
        var worst = 0.0, interpolated = 0
        for i in points.indices {
            let error = max(abs(exact[i].x - approximate[i].x), abs(exact[i].y - approximate[i].y))
            worst = max(worst, error)
            if exact[i] != approximate[i] { interpolated += 1 }
        }
        return (worst, interpolated)
    }
}
