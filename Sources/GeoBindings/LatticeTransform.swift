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
    /// The most tiles a lattice's rectangle may span (5 000 km square): beyond, the points
    /// are transformed exactly (the node table stays under 40 MB).
    static let largestGrid = 1 << 20

    /// Nodes at 0, 1/3, 2/3 and 1 of a tile's side; the check points away from them.
    static let nodeFractions = [0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0]
    static let checkFractions: [(Double, Double)] = [(1.0 / 6, 1.0 / 6), (5.0 / 6, 1.0 / 6), (0.5, 0.5), (1.0 / 6, 5.0 / 6), (5.0 / 6, 5.0 / 6)]

    struct TileKey: Hashable {
        var i: Int, j: Int
    }

    /// The tile holding a point, nil for a point that is not finite or too far to index.
    @inline(__always)
    static func tile(of point: Point) -> TileKey? {
        guard let i = tileIndex(point.x), let j = tileIndex(point.y) else { return nil }
        return TileKey(i: i, j: j)
    }

    /// ⌊coordinate / tileSize⌋, nil beyond 10⁹ tiles or for a coordinate that is not finite
    /// (a truncation corrected downwards: no call to libm's `floor` per vertex).
    @inline(__always)
    static func tileIndex(_ coordinate: Double) -> Int? {
        let t = coordinate / tileSize
        guard t > -1e9, t < 1e9 else { return nil }
        let i = Int(t)
        return Double(i) > t ? i - 1 : i
    }

    /// The tile of the last point looked up, and the inside of that tile (a metre from its
    /// sides) where any point's tile is the same, known without a division: a zone's
    /// consecutive vertices are nearly always in one tile. A metre is far more than the
    /// rounding of `coordinate / tileSize` can move a point across a side (a thousandth of a
    /// millimetre at a billion tiles), so the tile is always the one `tile(of:)` gives.
    struct TileCache {
        static let margin = 1.0
        private(set) var key = TileKey(i: 0, j: 0)
        private var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity

        /// `LatticeTransform.tile(of:)`, and whether it is another tile than the last one's.
        @inline(__always)
        mutating func tile(of point: Point) -> (key: TileKey, changed: Bool)? {
            if point.x >= minX && point.x <= maxX && point.y >= minY && point.y <= maxY { return (key, false) }
            guard let key = LatticeTransform.tile(of: point) else { return nil }
            self.key = key
            minX = Double(key.i) * tileSize + Self.margin
            maxX = Double(key.i + 1) * tileSize - Self.margin
            minY = Double(key.j) * tileSize + Self.margin
            maxY = Double(key.j + 1) * tileSize - Self.margin
            return (key, true)
        }
    }

    /// The cubic Lagrange weights of the four nodes at `t` (0…1 across the tile).
    @inline(__always)
    static func weights(_ t: Double) -> (Double, Double, Double, Double) {
        // Nodes 0, 1/3, 2/3, 1: in thirds, s = 3t ∈ [0, 3].
        let s = 3 * t
        let a = s - 1, b = s - 2, c = s - 3
        return (-a * b * c / 6, s * b * c / 2, -s * a * c / 2, s * a * b / 6)
    }

    /// The interpolated position of `point` in a tile whose lower-left corner is `origin`, from
    /// its nodes as `offsets` gives them (`nodesPerTile` points): the first node itself, then
    /// the 16 nodes (rows of 4, from the lower left) minus the first, so that the sums stay
    /// small (millions of metres cancel).
    @inline(__always)
    static func interpolate(_ point: Point, origin: Point, offsets d: UnsafePointer<Point>) -> Point {
        let (u0, u1, u2, u3) = weights((point.x - origin.x) / tileSize)
        let v = weights((point.y - origin.y) / tileSize)
        // Row by row, in the same order of operations for every point.
        var x = 0.0, y = 0.0
        for row in 0..<4 {
            let r = d + 1 + 4 * row
            let vb = row == 0 ? v.0 : row == 1 ? v.1 : row == 2 ? v.2 : v.3
            var rx = 0.0, ry = 0.0
            rx += u0 * r[0].x
            ry += u0 * r[0].y
            rx += u1 * r[1].x
            ry += u1 * r[1].y
            rx += u2 * r[2].x
            ry += u2 * r[2].y
            rx += u3 * r[3].x
            ry += u3 * r[3].y
            x += vb * rx
            y += vb * ry
        }
        return Point(x: d[0].x + x, y: d[0].y + y)
    }

    /// Points a tile keeps for `interpolate`: its first node, then its 16 nodes as offsets.
    static let nodesPerTile = 17

    /// A tile's 16 transformed nodes in `interpolate`'s form.
    static func offsets(of nodes: some Collection<Point>) -> [Point] {
        guard let base = nodes.first else { return [] }
        return [base] + nodes.map { Point(x: $0.x - base.x, y: $0.y - base.y) }
    }

    /// Transforms `points` in place: vertices of a checked tile by interpolation, the others
    /// exactly. A point PROJ cannot transform is the same error as `transform(_:)` gives.
    static func transform(_ points: inout [Point], with transformer: CoordinateTransformer, tolerance: Double = tolerance) throws(GeoError) {
        let tiles = points.withUnsafeBufferPointer { all in tilesHolding { visit in visit(all) } }
        let lattice = Lattice(tiles: tiles, tolerance: tolerance) { probes in transformer.transformAllowingFailures(&probes) }
        try lattice.move(&points) { rest throws(GeoError) in try transformer.transform(&rest) }
    }

    /// The rectangle of tiles from (minI, minJ) to (maxI, maxJ), nil when it spans more than
    /// `largestGrid` tiles.
    static func rectangle(minI: Int, maxI: Int, minJ: Int, maxJ: Int) -> (minI: Int, minJ: Int, width: Int, height: Int)? {
        let width = maxI - minI + 1, height = maxJ - minJ + 1
        guard width <= largestGrid, height <= largestGrid, width * height <= largestGrid else { return nil }
        return (minI, minJ, width, height)
    }

    /// The distinct tiles holding the points `walk` shows (runs of points, given to `visit`
    /// twice: for their extent, then for their tiles), by rows then columns. A point that is
    /// not finite, or too far to index, holds no tile.
    static func tilesHolding(_ walk: ((UnsafeBufferPointer<Point>) -> Void) -> Void) -> [TileKey] {
        var minI = Int.max, maxI = Int.min, minJ = Int.max, maxJ = Int.min
        var cache = TileCache()
        walk { points in
            for point in points {
                guard let (key, changed) = cache.tile(of: point), changed else { continue }
                minI = min(minI, key.i)
                maxI = max(maxI, key.i)
                minJ = min(minJ, key.j)
                maxJ = max(maxJ, key.j)
            }
        }
        guard minI <= maxI else { return [] }
        guard let (_, _, width, height) = rectangle(minI: minI, maxI: maxI, minJ: minJ, maxJ: maxJ) else {
            var seen = Set<TileKey>()
            walk { points in for point in points { if let key = tile(of: point) { seen.insert(key) } } }
            return seen.sorted { ($0.j, $0.i) < ($1.j, $1.i) }
        }
        var present = [Bool](repeating: false, count: width * height)
        cache = TileCache()
        walk { points in
            for point in points {
                guard let (key, changed) = cache.tile(of: point), changed else { continue }
                present[(key.j - minJ) * width + (key.i - minI)] = true
            }
        }
        var tiles: [TileKey] = []
        for (index, isPresent) in present.enumerated() where isPresent {
            tiles.append(TileKey(i: minI + index % width, j: minJ + index / width))
        }
        return tiles
    }
}

/// The lattice's nodes for a set of tiles, transformed by PROJ once, and where each tile's
/// nodes stand when its interpolation passed its check. Built once for a whole layer (its
/// nodes transformed on several threads by the caller's `project`), then read by every batch;
/// for a layer spread over a rectangle of more than `LatticeTransform.largestGrid` tiles
/// (metropolitan France and the overseas départements in one projected layer), one per batch.
struct Lattice: Sendable {
    typealias TileKey = LatticeTransform.TileKey
    private let minI: Int, minJ: Int, width: Int, height: Int
    /// Per tile of the rectangle, where its 16 nodes start in `nodes`; -1 for a tile whose
    /// points are transformed exactly (absent, or failing its check).
    private let slots: [Int32]
    private let nodes: [Point]

    /// `tiles` distinct; `project` transforms the probes in place, a point PROJ cannot
    /// transform becoming non-finite.
    init<Failure: Error>(tiles: [TileKey], tolerance: Double, project: (inout [Point]) throws(Failure) -> Void) throws(Failure) {
        let tileSize = LatticeTransform.tileSize
        guard let (minI, minJ, width, height) = Self.rectangle(of: tiles) else {
            (self.minI, self.minJ, self.width, self.height, slots, nodes) = (0, 0, 0, 0, [], [])
            return
        }
        // Nodes and check points of every tile, in one list. Neighbouring tiles share the
        // nodes of their common edge (the same coordinates, to the bit): each node once.
        let nodeWidth = 3 * width + 1
        var nodeIndex = [Int32](repeating: -1, count: nodeWidth * (3 * height + 1))
        let checkFractions = LatticeTransform.checkFractions
        var probes: [Point] = []
        probes.reserveCapacity(tiles.count * (9 + checkFractions.count))
        var tileNodes = [Int32](repeating: 0, count: tiles.count * 16)
        for (t, key) in tiles.enumerated() {
            let x0 = Double(key.i) * tileSize, y0 = Double(key.j) * tileSize
            for (b, fy) in LatticeTransform.nodeFractions.enumerated() {
                for (a, fx) in LatticeTransform.nodeFractions.enumerated() {
                    let node = (3 * (key.j - minJ) + b) * nodeWidth + 3 * (key.i - minI) + a
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
        try project(&probes)
        // Each tile's nodes side by side, in the interpolation's form.
        var nodes: [Point] = []
        nodes.reserveCapacity(tiles.count * LatticeTransform.nodesPerTile)
        for t in tiles.indices { nodes += LatticeTransform.offsets(of: tileNodes[(t * 16)..<((t + 1) * 16)].lazy.map { probes[Int($0)] }) }
        var slots = [Int32](repeating: -1, count: width * height)
        nodes.withUnsafeBufferPointer { all in
            guard let first = all.baseAddress else { return }
            for (t, key) in tiles.enumerated() {
                let checks = probes[(checksStart + t * checkFractions.count)..<(checksStart + (t + 1) * checkFractions.count)]
                guard tileNodes[(t * 16)..<((t + 1) * 16)].allSatisfy({ probes[Int($0)].x.isFinite && probes[Int($0)].y.isFinite }),
                    checks.allSatisfy({ $0.x.isFinite && $0.y.isFinite })
                else { continue }
                let origin = Point(x: Double(key.i) * tileSize, y: Double(key.j) * tileSize)
                let good = checkFractions.indices.allSatisfy { c in
                    let (fx, fy) = checkFractions[c]
                    let probe = Point(x: origin.x + fx * tileSize, y: origin.y + fy * tileSize)
                    let guess = LatticeTransform.interpolate(probe, origin: origin, offsets: first + t * LatticeTransform.nodesPerTile)
                    let exact = checks[checks.startIndex + c]
                    return (guess.x - exact.x).magnitude <= tolerance && (guess.y - exact.y).magnitude <= tolerance
                }
                if good { slots[(key.j - minJ) * width + (key.i - minI)] = Int32(t * LatticeTransform.nodesPerTile) }
            }
        }
        (self.minI, self.minJ, self.width, self.height, self.slots, self.nodes) = (minI, minJ, width, height, slots, nodes)
    }

    /// The rectangle of tiles holding `tiles`, nil when there are none or it spans more than
    /// `LatticeTransform.largestGrid` tiles.
    static func rectangle(of tiles: [TileKey]) -> (minI: Int, minJ: Int, width: Int, height: Int)? {
        guard let first = tiles.first else { return nil }
        var minI = first.i, maxI = first.i, minJ = first.j, maxJ = first.j
        for key in tiles {
            minI = min(minI, key.i)
            maxI = max(maxI, key.i)
            minJ = min(minJ, key.j)
            maxJ = max(maxJ, key.j)
        }
        return LatticeTransform.rectangle(minI: minI, maxI: maxI, minJ: minJ, maxJ: maxJ)
    }

    /// `points` through the lattice in place; those it leaves (out of its checked tiles) go to
    /// `exactly` together, then back to their places.
    func move(_ points: inout [Point], exactly: (inout [Point]) throws(GeoError) -> Void) throws(GeoError) {
        var missed: [Int] = []
        points.withUnsafeMutableBufferPointer { all in
            if let base = all.baseAddress { interpolate(UnsafeBufferPointer(all), into: base) { missed.append($0) } }
        }
        guard !missed.isEmpty else { return }
        var rest = missed.map { points[$0] }
        try exactly(&rest)
        for (k, i) in missed.enumerated() { points[i] = rest[k] }
    }

    /// Each point of `source` into `target` (which may be the same memory): interpolated when
    /// its tile passed its check, otherwise copied unchanged and its offset given to `missed`
    /// (in increasing order) for exact PROJ.
    func interpolate(_ source: UnsafeBufferPointer<Point>, into target: UnsafeMutablePointer<Point>, missed: (Int) -> Void) {
        let tileSize = LatticeTransform.tileSize
        slots.withUnsafeBufferPointer { slots in
            nodes.withUnsafeBufferPointer { nodes in
                guard let all = nodes.baseAddress else {
                    for k in 0..<source.count {
                        target[k] = source[k]
                        missed(k)
                    }
                    return
                }
                // The last tile's slot (-1: none) and lower-left corner, looked up again only
                // when a point is in another tile.
                var cache = LatticeTransform.TileCache()
                var slot = -1, origin = Point(x: 0, y: 0)
                for k in 0..<source.count {
                    let point = source[k]
                    if let (key, changed) = cache.tile(of: point) {
                        if changed {
                            let i = key.i - minI, j = key.j - minJ
                            slot = i >= 0 && i < width && j >= 0 && j < height ? Int(slots[j * width + i]) : -1
                            origin = Point(x: Double(key.i) * tileSize, y: Double(key.j) * tileSize)
                        }
                        if slot >= 0 {
                            target[k] = LatticeTransform.interpolate(point, origin: origin, offsets: all + slot)
                            continue
                        }
                    }
                    target[k] = point
                    missed(k)
                }
            }
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
