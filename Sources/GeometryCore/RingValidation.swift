import Support

/// What is wrong with a ring, when something is.
public enum RingDefect: Sendable, Equatable, CustomStringConvertible {
    case tooFewPoints(count: Int)
    case nonFiniteCoordinate
    case selfIntersection(at: Point)
    case zeroArea

    public var description: String {
        switch self {
        case .tooFewPoints(let count):
            words("anneau de %1$@ points distincts, un polygone en demande au moins 3", count)
        case .nonFiniteCoordinate: words("anneau avec une coordonnée qui n'est pas un nombre fini")
        case .selfIntersection(let p): words("anneau qui se croise près de (%1$@, %2$@)", p.x, p.y)
        case .zeroArea: words("anneau sans surface")
        }
    }
}

extension Ring {
    /// `withoutRepeatedPoints` in place: the closing points a file's ring ends with (its first
    /// again) dropped from its own array, without a copy; any other repeat as there.
    public mutating func removeRepeatedPoints() {
        while points.count > 1, points[0] == points[points.count - 1] { points.removeLast() }
        self = withoutRepeatedPoints()
    }

    /// The ring without consecutive repeated vertices (a common, harmless defect).
    public func withoutRepeatedPoints() -> Ring {
        // The usual ring has none: itself, without a copy.
        let hasRepeat = points.withUnsafeBufferPointer { p in
            p.count > 1 && (p[0] == p[p.count - 1] || (1..<p.count).contains { p[$0] == p[$0 - 1] })
        }
        guard hasRepeat else { return self }
        var out: [Point] = []
        out.reserveCapacity(points.count)
        for p in points where out.last != p { out.append(p) }
        while out.count > 1, out.first == out.last { out.removeLast() }
        return Ring(out)
    }

    /// The first defect that would make an area computation wrong, or nil.
    /// Self-intersections are looked for between monotone chains (`mayCross`), and, when
    /// two chains meet or an edge has no length, found with a sweep over edges sorted by
    /// their smallest x (`firstCrossing`): O(n log n + k) for the rings met in practice.
    public func firstDefect() -> RingDefect? {
        let n = points.count
        if points.contains(where: { !$0.x.isFinite || !$0.y.isFinite }) { return .nonFiniteCoordinate }
        if n < 3 { return .tooFewPoints(count: n) }
        if mayCross(), let crossing = firstCrossing() { return crossing }
        return signedArea == 0 ? .zeroArea : nil
    }

    /// The edges' first crossing in the order of a sweep over edges sorted by their smallest
    /// x (the point named to the planner), for a ring of at least 3 finite points.
    func firstCrossing() -> RingDefect? {
        let n = points.count
        // Each edge's box, computed once; edges ordered by (smallest x, index).
        let boxes = [EdgeBox](unsafeUninitializedCapacity: n) { buffer, initialized in
            points.withUnsafeBufferPointer { p in
                for i in 0..<n { buffer[i] = EdgeBox(p, i) }
            }
            initialized = n
        }
        // Sorting 16-byte keys moves less memory than sorting the boxes.
        var order = [SweepKey](unsafeUninitializedCapacity: n) { buffer, initialized in
            for i in 0..<n { buffer[i] = SweepKey(minX: boxes[i].minX, edge: Int32(i)) }
            initialized = n
        }
        order.sort { $0.minX < $1.minX || ($0.minX == $1.minX && $0.edge < $1.edge) }
        // The active edges in a raw buffer, compacted in the same pass that checks them
        // (those wholly left of the new edge leave it, in their order).
        let active = UnsafeMutablePointer<EdgeBox>.allocate(capacity: n)
        defer { active.deallocate() }
        var activeCount = 0
        for key in order {
            let box = boxes[Int(key.edge)]
            var kept = 0
            for k in 0..<activeCount {
                let other = active[k]
                if other.maxX < box.minX { continue }
                active[kept] = other
                kept += 1
                // Edges whose boxes do not meet cannot cross or touch.
                if other.maxY >= box.minY && box.maxY >= other.minY, let hit = properIntersection(Int(box.edge), Int(other.edge), n) {
                    return .selfIntersection(at: hit)
                }
            }
            active[kept] = box
            activeCount = kept + 1
        }
        return nil
    }

    /// Whether two edges of the ring may cross or touch (other than neighbours at their
    /// shared vertex): false is certain, true asks `firstCrossing`. The ring is cut into
    /// monotone chains, runs of edges that all go the same way in x and in y (GEOS's
    /// monotone chains): two edges of one chain cannot meet but at a shared vertex (their
    /// points are ordered both ways along the chain), so only chains whose boxes meet are
    /// compared, edge against edge in order of x. Bondy's IGN IRIS have 6.6 edges a chain,
    /// the synthetic France's zones 19: the sort is on chains, not edges. An edge without
    /// length (a repeated point) asks for the full sweep.
    func mayCross() -> Bool {
        points.withUnsafeBufferPointer { p in
            let n = p.count
            var chains: [MonotoneChain] = []
            chains.reserveCapacity(n / 4 + 1)
            var start = 0, directionX = 0.0, directionY = 0.0
            for i in 0..<n {
                let dx = p[i + 1 == n ? 0 : i + 1].x - p[i].x, dy = p[i + 1 == n ? 0 : i + 1].y - p[i].y
                if dx == 0 && dy == 0 { return true }
                if i > start && (dx * directionX < 0 || dy * directionY < 0) {
                    chains.append(MonotoneChain(p, first: start, end: i, directionX: directionX))
                    start = i
                    directionX = 0
                    directionY = 0
                }
                if directionX == 0 { directionX = dx }
                if directionY == 0 { directionY = dy }
            }
            chains.append(MonotoneChain(p, first: start, end: n, directionX: directionX))
            chains.sort { $0.minX < $1.minX || ($0.minX == $1.minX && $0.first < $1.first) }
            var active: [Int] = []
            for c in chains.indices {
                let chain = chains[c]
                var kept = 0
                for k in active.indices {
                    let other = chains[active[k]]
                    if other.maxX < chain.minX { continue }
                    active[kept] = active[k]
                    kept += 1
                    if other.maxY >= chain.minY && chain.maxY >= other.minY && edgesMeet(chain, other, p) { return true }
                }
                active.removeLast(active.count - kept)
                active.append(c)
            }
            return false
        }
    }

    /// Whether an edge of `a` and an edge of `b` (chains of this ring) meet otherwise than
    /// neighbours at their shared vertex: a merge of their edges in order of x, each edge
    /// tested against the other chain's edges whose x range meets its own.
    private func edgesMeet(_ a: MonotoneChain, _ b: MonotoneChain, _ p: UnsafeBufferPointer<Point>) -> Bool {
        let n = p.count
        let lowX = Swift.max(a.minX, b.minX), highX = Swift.min(a.maxX, b.maxX)
        var j = b.firstEdge(reachingX: lowX, p)
        var i = a.firstEdge(reachingX: lowX, p)
        while i < a.count {
            let edgeA = a.edge(i), boxA = EdgeBox(p, edgeA)
            if boxA.minX > highX { break }
            while j < b.count, EdgeBox(p, b.edge(j)).maxX < boxA.minX { j += 1 }
            var k = j
            while k < b.count {
                let edgeB = b.edge(k), boxB = EdgeBox(p, edgeB)
                if boxB.minX > boxA.maxX { break }
                if boxB.maxY >= boxA.minY && boxA.maxY >= boxB.minY && properIntersection(edgeA, edgeB, n) != nil { return true }
                k += 1
            }
            i += 1
        }
        return false
    }

    /// A run of edges `first ..< end` that all go the same way in x and in y: its box is
    /// that of its two end points; its edges, taken in order of x (backwards when it goes
    /// left), have boxes whose smallest and largest x both never decrease.
    private struct MonotoneChain {
        var first: Int, end: Int
        var reversed: Bool
        var minX: Double, maxX: Double, minY: Double, maxY: Double

        init(_ p: UnsafeBufferPointer<Point>, first: Int, end: Int, directionX: Double) {
            self.first = first
            self.end = end
            reversed = directionX < 0
            let a = p[first], b = p[end == p.count ? 0 : end]
            (minX, maxX) = (Swift.min(a.x, b.x), Swift.max(a.x, b.x))
            (minY, maxY) = (Swift.min(a.y, b.y), Swift.max(a.y, b.y))
        }

        var count: Int { end - first }

        /// The ring's index of the chain's `k`-th edge in order of x.
        @inline(__always) func edge(_ k: Int) -> Int { reversed ? end - 1 - k : first + k }

        /// The first edge, in order of x, whose largest x reaches `x` (a binary search).
        func firstEdge(reachingX x: Double, _ p: UnsafeBufferPointer<Point>) -> Int {
            var low = 0, high = count
            while low < high {
                let middle = (low + high) / 2
                if EdgeBox(p, edge(middle)).maxX < x { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    /// An edge's place in the sweep of `firstDefect`.
    private struct SweepKey {
        var minX: Double
        var edge: Int32
    }

    /// An edge's bounding box, for the sweep of `firstDefect`.
    private struct EdgeBox {
        var minX: Double, maxX: Double, minY: Double, maxY: Double
        var edge: Int32

        /// The box of edge `e` of the ring `p`.
        @inline(__always) init(_ p: UnsafeBufferPointer<Point>, _ e: Int) {
            let a = p[e], b = p[e + 1 == p.count ? 0 : e + 1]
            (minX, maxX, minY, maxY) = (Swift.min(a.x, b.x), Swift.max(a.x, b.x), Swift.min(a.y, b.y), Swift.max(a.y, b.y))
            edge = Int32(e)
        }
    }

    /// An intersection of edges `a` and `b` other than the vertex that adjacent edges share.
    private func properIntersection(_ a: Int, _ b: Int, _ n: Int) -> Point? {
        let afterA = a + 1 == n ? 0 : a + 1, afterB = b + 1 == n ? 0 : b + 1
        let p1 = points[a], p2 = points[afterA]
        let q1 = points[b], q2 = points[afterB]
        func orient(_ o: Point, _ p: Point, _ q: Point) -> Double {
            (p.x - o.x) * (q.y - o.y) - (p.y - o.y) * (q.x - o.x)
        }
        if afterA == b || afterB == a {
            // Adjacent edges (every edge's box meets its neighbours') share one vertex and
            // cannot cross properly; they are wrong only if they fold back on each other.
            let shared = afterA == b ? p2 : p1
            let farA = shared == p2 ? p1 : p2
            let farB = shared == q1 ? q2 : q1
            if orient(shared, farA, farB) == 0,
                (farA.x - shared.x) * (farB.x - shared.x) + (farA.y - shared.y) * (farB.y - shared.y) > 0
            {
                return shared
            }
            return nil
        }
        let d1 = orient(q1, q2, p1), d2 = orient(q1, q2, p2)
        let d3 = orient(p1, p2, q1), d4 = orient(p1, p2, q2)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
            let t = d1 / (d1 - d2)
            return Point(x: p1.x + t * (p2.x - p1.x), y: p1.y + t * (p2.y - p1.y))
        }
        // Touching or collinear overlap: a vertex of one edge lying on the other.
        func onSegment(_ p: Point, _ s1: Point, _ s2: Point) -> Bool {
            Swift.min(s1.x, s2.x) <= p.x && p.x <= Swift.max(s1.x, s2.x)
                && Swift.min(s1.y, s2.y) <= p.y && p.y <= Swift.max(s1.y, s2.y)
        }
        if d1 == 0 && onSegment(p1, q1, q2) { return p1 }
        if d2 == 0 && onSegment(p2, q1, q2) { return p2 }
        if d3 == 0 && onSegment(q1, p1, p2) { return q1 }
        if d4 == 0 && onSegment(q2, p1, p2) { return q2 }
        return nil
    }
}

/// What is wrong between the rings of a polygon: a hole that crosses its outer ring, or lies
/// outside it (its area would be subtracted from nothing, or twice).
public enum HoleDefect: Sendable, Equatable, CustomStringConvertible {
    case crossesShell(at: Point)
    case outsideShell

    public var description: String {
        switch self {
        case .crossesShell(let p): words("un trou croise l'anneau extérieur près de (%1$@, %2$@)", p.x, p.y)
        case .outsideShell: words("un trou est hors de son anneau extérieur")
        }
    }
}

extension Polygon {
    /// The first hole that crosses or leaves the outer ring, or nil. Touching at a vertex is
    /// allowed (OGC simple features).
    public func firstHoleDefect() -> HoleDefect? {
        let shell = exterior.points
        guard shell.count >= 3 else { return nil }
        var shellBox = BoundingBox.empty
        for p in shell { shellBox.include(p) }
        for hole in holes {
            let ring = hole.points
            guard ring.count >= 3 else { continue }
            for i in ring.indices {
                let a = ring[i], b = ring[(i + 1) % ring.count]
                guard Swift.max(a.x, b.x) >= shellBox.minX, Swift.min(a.x, b.x) <= shellBox.maxX,
                    Swift.max(a.y, b.y) >= shellBox.minY, Swift.min(a.y, b.y) <= shellBox.maxY
                else { continue }
                for j in shell.indices {
                    let c = shell[j], d = shell[(j + 1) % shell.count]
                    if let p = Self.crossing(a, b, c, d) { return .crossesShell(at: p) }
                }
            }
            // No crossing: the hole is wholly inside or wholly outside; test a vertex that is
            // not on the shell.
            if let probe = ring.first(where: { !Self.onRing($0, shell) }), !Self.inside(probe, shell) { return .outsideShell }
        }
        return nil
    }

    /// A proper crossing of segments ab and cd (not a touch at an end point).
    static func crossing(_ a: Point, _ b: Point, _ c: Point, _ d: Point) -> Point? {
        func orient(_ o: Point, _ p: Point, _ q: Point) -> Double { (p.x - o.x) * (q.y - o.y) - (p.y - o.y) * (q.x - o.x) }
        let d1 = orient(c, d, a), d2 = orient(c, d, b), d3 = orient(a, b, c), d4 = orient(a, b, d)
        guard ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) else { return nil }
        let t = d1 / (d1 - d2)
        return Point(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
    }

    static func onRing(_ p: Point, _ ring: [Point]) -> Bool {
        for i in ring.indices {
            let a = ring[i], b = ring[(i + 1) % ring.count]
            let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
            if cross == 0 && Swift.min(a.x, b.x) <= p.x && p.x <= Swift.max(a.x, b.x) && Swift.min(a.y, b.y) <= p.y && p.y <= Swift.max(a.y, b.y) {
                return true
            }
        }
        return false
    }

    /// Even–odd point in ring.
    static func inside(_ p: Point, _ ring: [Point]) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in ring.indices {
            let a = ring[i], b = ring[j]
            if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside
    }
}
