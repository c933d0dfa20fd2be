import Foundation
import GeometryCore

/// The routable graph of one travel profile: junctions as nodes, the street pieces between
/// them as edges with their line, length and travel time in each usable direction.
///
/// Ways join where they share a vertex exactly (OSM ways share their nodes, so their
/// coordinates are bit-identical after the same reprojection). Node and edge numbers follow
/// the order of the ways in the file: the same extract always gives the same graph.
public struct StreetGraph: Sendable {
    public struct Edge: Sendable {
        public var from: Int32
        public var to: Int32
        /// The edge's vertices are `vertices[firstVertex..<firstVertex + vertexCount]`.
        public var firstVertex: Int32
        public var vertexCount: Int32
        public var lengthMetres: Double
        /// Seconds from `from` to `to` (infinity when that direction is closed), and back.
        public var forwardSeconds: Double
        public var backwardSeconds: Double
        /// Index of the way in the extract.
        public var way: Int32
    }

    /// Outgoing (or incoming) arcs per node, compressed rows.
    public struct Adjacency: Sendable {
        public var offsets: [Int32]
        public var targets: [Int32]
        public var seconds: [Double]
        /// Per arc: the edge, and whether the arc runs along it (from → to).
        public var edges: [Int32]
        public var alongEdge: [Bool]

        public func arcs(of node: Int) -> Range<Int> { Int(offsets[node])..<Int(offsets[node + 1]) }
    }

    public var profile: TravelProfile
    public var nodes: [Point]
    public var edges: [Edge]
    public var vertices: [Point]
    public var outgoing: Adjacency
    public var incoming: Adjacency
    /// Ways usable by the profile, of all the street ways read.
    public var usableWays: Int
    public var readWays: Int
    let segments: SegmentIndex

    public init(extract: StreetExtract, profile: TravelProfile) {
        self.init(ways: extract.ways, profile: profile)
    }

    public init(ways: [StreetWay], profile: TravelProfile) {
        self.profile = profile
        readWays = ways.count
        let uses = ways.map { profile.use(of: $0.tags) }
        // Count each vertex over the usable ways: a vertex used twice is a junction.
        var useCount: [PointKey: Int32] = [:]
        var usable: [Int] = []
        for (w, way) in ways.enumerated() where uses[w].isUsable {
            usable.append(w)
            for p in way.points { useCount[PointKey(p), default: 0] += 1 }
        }
        usableWays = usable.count
        var nodeOf: [PointKey: Int32] = [:]
        var nodes: [Point] = []
        var vertices: [Point] = []
        var edges: [Edge] = []
        func node(_ p: Point) -> Int32 {
            let key = PointKey(p)
            if let n = nodeOf[key] { return n }
            let n = Int32(nodes.count)
            nodeOf[key] = n
            nodes.append(p)
            return n
        }
        for w in usable {
            // Drop repeated consecutive vertices (zero-length segments).
            var points: [Point] = []
            for p in ways[w].points where points.last.map({ $0.x != p.x || $0.y != p.y }) ?? true { points.append(p) }
            guard points.count >= 2 else { continue }
            let use = uses[w]
            let metresPerSecond = use.speedKmh / 3.6
            var start = 0
            for i in 1..<points.count {
                let isJunction = i == points.count - 1 || (useCount[PointKey(points[i])] ?? 0) >= 2
                guard isJunction else { continue }
                let piece = points[start...i]
                var length = 0.0
                for k in piece.indices.dropFirst() { length += piece[k - 1].distance(to: piece[k]) }
                let seconds = length / metresPerSecond
                edges.append(Edge(
                    from: node(points[start]), to: node(points[i]), firstVertex: Int32(vertices.count), vertexCount: Int32(piece.count),
                    lengthMetres: length, forwardSeconds: use.forward ? seconds : .infinity,
                    backwardSeconds: use.backward ? seconds : .infinity, way: Int32(w)
                ))
                vertices += piece
                start = i
            }
        }
        self.nodes = nodes
        self.edges = edges
        self.vertices = vertices
        outgoing = Self.adjacency(nodeCount: nodes.count, edges: edges, reversed: false)
        incoming = Self.adjacency(nodeCount: nodes.count, edges: edges, reversed: true)
        let component = Self.largestStrongComponent(outgoing: outgoing, incoming: incoming)
        mainComponentNodes = component.reduce(0) { $0 + ($1 ? 1 : 0) }
        // Points join only streets of the main component (a car park aisle cut off by a
        // one-way error is not a way in), and never a class one cannot enter on the way.
        let snappable = edges.map { e in
            component[Int(e.from)] && component[Int(e.to)] && !profile.noSnap.contains(ways[Int(e.way)].tags["highway"] ?? "")
        }
        segments = SegmentIndex(edges: edges, vertices: vertices, include: snappable)
    }

    /// Nodes in the largest strongly connected piece of the network (every node of it can
    /// reach every other): where points may join.
    public let mainComponentNodes: Int

    /// Kosaraju's algorithm, iterative: per node, whether it is in the largest strongly
    /// connected component (ties: the one holding the lowest node number).
    static func largestStrongComponent(outgoing: Adjacency, incoming: Adjacency) -> [Bool] {
        let n = outgoing.offsets.count - 1
        guard n > 0 else { return [] }
        var visited = [Bool](repeating: false, count: n)
        var order: [Int32] = []
        order.reserveCapacity(n)
        var stack: [(node: Int32, next: Int32)] = []
        for start in 0..<n where !visited[start] {
            visited[start] = true
            stack.append((Int32(start), outgoing.offsets[start]))
            while let top = stack.last {
                let node = Int(top.node)
                if top.next < outgoing.offsets[node + 1] {
                    stack[stack.count - 1].next += 1
                    let v = Int(outgoing.targets[Int(top.next)])
                    if !visited[v] {
                        visited[v] = true
                        stack.append((Int32(v), outgoing.offsets[v]))
                    }
                } else {
                    order.append(top.node)
                    stack.removeLast()
                }
            }
        }
        var component = [Int32](repeating: -1, count: n)
        var sizes: [Int] = []
        var pending: [Int32] = []
        for root in order.reversed() where component[Int(root)] < 0 {
            let id = Int32(sizes.count)
            var size = 0
            component[Int(root)] = id
            pending.append(root)
            while let u = pending.popLast() {
                size += 1
                for a in incoming.arcs(of: Int(u)) {
                    let v = Int(incoming.targets[a])
                    if component[v] < 0 {
                        component[v] = id
                        pending.append(Int32(v))
                    }
                }
            }
            sizes.append(size)
        }
        var best = 0
        for (id, size) in sizes.enumerated() where size > sizes[best] { best = id }
        // Equal sizes: the component of the lowest node wins, whatever the visiting order.
        let tied = Set(sizes.indices.filter { sizes[$0] == sizes[best] })
        let chosen = component.first { tied.contains(Int($0)) } ?? Int32(best)
        return component.map { $0 == chosen }
    }

    /// Arcs leaving each node (or, `reversed`, arriving at it), in edge order.
    static func adjacency(nodeCount: Int, edges: [Edge], reversed: Bool) -> Adjacency {
        var degree = [Int32](repeating: 0, count: nodeCount + 1)
        func arcs(_ e: Edge) -> [(tail: Int32, head: Int32, seconds: Double, along: Bool)] {
            var list: [(Int32, Int32, Double, Bool)] = []
            if e.forwardSeconds.isFinite { list.append(reversed ? (e.to, e.from, e.forwardSeconds, true) : (e.from, e.to, e.forwardSeconds, true)) }
            if e.backwardSeconds.isFinite { list.append(reversed ? (e.from, e.to, e.backwardSeconds, false) : (e.to, e.from, e.backwardSeconds, false)) }
            return list
        }
        for e in edges { for arc in arcs(e) { degree[Int(arc.tail) + 1] += 1 } }
        for i in 0..<nodeCount { degree[i + 1] += degree[i] }
        var fill = degree
        let total = Int(degree[nodeCount])
        var targets = [Int32](repeating: 0, count: total)
        var seconds = [Double](repeating: 0, count: total)
        var edgeOf = [Int32](repeating: 0, count: total)
        var along = [Bool](repeating: false, count: total)
        for (index, e) in edges.enumerated() {
            for arc in arcs(e) {
                let slot = Int(fill[Int(arc.tail)])
                fill[Int(arc.tail)] += 1
                targets[slot] = arc.head
                seconds[slot] = arc.seconds
                edgeOf[slot] = Int32(index)
                along[slot] = arc.along
            }
        }
        return Adjacency(offsets: degree, targets: targets, seconds: seconds, edges: edgeOf, alongEdge: along)
    }

    /// The edge's line from `from` to `to`.
    public func line(of edge: Int) -> ArraySlice<Point> {
        let e = edges[edge]
        return vertices[Int(e.firstVertex)..<Int(e.firstVertex + e.vertexCount)]
    }

    /// Where a point joins the network: the nearest point of a usable edge.
    public struct Snap: Sendable, Equatable {
        public var edge: Int32
        /// Metres along the edge from its `from` node.
        public var offset: Double
        /// Straight-line metres from the point to the street.
        public var distance: Double
        public var onStreet: Point
    }

    /// The nearest usable street within the profile's snap limit, or nil (« hors réseau »).
    public func snap(_ point: Point) -> Snap? {
        segments.nearest(to: point, within: profile.snapLimitMetres, edges: edges, vertices: vertices)
    }

    /// Costs in seconds from a snapped point to the nodes it can reach along its edge, the
    /// access leg on foot included (`leaving`), or from those nodes to the point (arriving).
    func seeds(_ snap: Snap, leaving: Bool) -> [(node: Int32, seconds: Double)] {
        let e = edges[Int(snap.edge)]
        let access = snap.distance / (profile.accessSpeedKmh / 3.6)
        let share = e.lengthMetres > 0 ? snap.offset / e.lengthMetres : 0
        var seeds: [(Int32, Double)] = []
        // A fraction of an edge's time; none at all when the point is on the node itself.
        func part(_ seconds: Double, _ fraction: Double) -> Double { fraction <= 0 ? 0 : seconds * fraction }
        // Leaving, towards `from` runs against the edge; arriving, from `from` runs along it.
        let toFrom = leaving ? part(e.backwardSeconds, share) : part(e.forwardSeconds, share)
        let toTo = leaving ? part(e.forwardSeconds, 1 - share) : part(e.backwardSeconds, 1 - share)
        if toFrom.isFinite { seeds.append((e.from, access + toFrom)) }
        if toTo.isFinite { seeds.append((e.to, access + toTo)) }
        return seeds
    }

    /// Seconds between two points snapped to the same edge, along it, when allowed.
    func sameEdgeSeconds(from a: Snap, to b: Snap) -> Double {
        guard a.edge == b.edge else { return .infinity }
        let e = edges[Int(a.edge)]
        guard e.lengthMetres > 0 else { return a.distance / (profile.accessSpeedKmh / 3.6) + b.distance / (profile.accessSpeedKmh / 3.6) }
        let along = (b.offset - a.offset) / e.lengthMetres
        let ride = along >= 0 ? e.forwardSeconds * along : e.backwardSeconds * -along
        let walk = (a.distance + b.distance) / (profile.accessSpeedKmh / 3.6)
        return along == 0 ? walk : walk + ride
    }
}

/// A hashable key for an exact coordinate pair.
struct PointKey: Hashable {
    let x: UInt64
    let y: UInt64
    init(_ p: Point) {
        // +0.0 and -0.0 are one place.
        x = (p.x == 0 ? 0.0 : p.x).bitPattern
        y = (p.y == 0 ? 0.0 : p.y).bitPattern
    }
}

/// Segments of the edges bucketed on a square grid, for nearest-street queries.
struct SegmentIndex: Sendable {
    let side: Double
    let buckets: [Int64: [Int32]]
    /// Per segment: its edge and the index of its first vertex in `vertices`.
    let segmentEdge: [Int32]
    let segmentStart: [Int32]
    /// Metres from the edge's `from` node to the segment's first vertex.
    let segmentOffset: [Double]

    init(edges: [StreetGraph.Edge], vertices: [Point], include: [Bool], side: Double = 100) {
        self.side = side
        var buckets: [Int64: [Int32]] = [:]
        var segmentEdge: [Int32] = [], segmentStart: [Int32] = [], segmentOffset: [Double] = []
        for (e, edge) in edges.enumerated() where include[e] {
            var offset = 0.0
            let first = Int(edge.firstVertex)
            for v in first..<(first + Int(edge.vertexCount) - 1) {
                let a = vertices[v], b = vertices[v + 1]
                let s = Int32(segmentEdge.count)
                segmentEdge.append(Int32(e))
                segmentStart.append(Int32(v))
                segmentOffset.append(offset)
                offset += a.distance(to: b)
                let x0 = Self.cell(min(a.x, b.x), side), x1 = Self.cell(max(a.x, b.x), side)
                let y0 = Self.cell(min(a.y, b.y), side), y1 = Self.cell(max(a.y, b.y), side)
                // Long segments span several buckets; bounded so a stray way cannot blow memory.
                if (x1 - x0 + 1) * (y1 - y0 + 1) > 40_000 { buckets[Self.key(x0, y0), default: []].append(s); continue }
                for ix in x0...x1 { for iy in y0...y1 { buckets[Self.key(ix, iy), default: []].append(s) } }
            }
        }
        self.buckets = buckets
        self.segmentEdge = segmentEdge
        self.segmentStart = segmentStart
        self.segmentOffset = segmentOffset
    }

    static func cell(_ v: Double, _ side: Double) -> Int64 {
        let c = (v / side).rounded(.down)
        return Int64(max(-1e15, min(1e15, c.isFinite ? c : 0)))
    }

    static func key(_ ix: Int64, _ iy: Int64) -> Int64 { (ix &* 73_856_093) ^ (iy &* 19_349_663) }

    func nearest(to p: Point, within limit: Double, edges: [StreetGraph.Edge], vertices: [Point]) -> StreetGraph.Snap? {
        guard p.x.isFinite, p.y.isFinite else { return nil }
        let x0 = Self.cell(p.x - limit, side), x1 = Self.cell(p.x + limit, side)
        let y0 = Self.cell(p.y - limit, side), y1 = Self.cell(p.y + limit, side)
        var best: StreetGraph.Snap?
        var bestKey = (Double.infinity, Int32.max)
        for ix in x0...x1 {
            for iy in y0...y1 {
                guard let list = buckets[Self.key(ix, iy)] else { continue }
                for s in list {
                    let v = Int(segmentStart[Int(s)])
                    let a = vertices[v], b = vertices[v + 1]
                    let dx = b.x - a.x, dy = b.y - a.y
                    let length2 = dx * dx + dy * dy
                    var t = length2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0
                    t = min(1, max(0, t))
                    let q = Point(x: a.x + t * dx, y: a.y + t * dy)
                    let d = p.distance(to: q)
                    // Ties: the lowest segment number, so the snap never depends on bucket order.
                    guard d <= limit, (d, s) < bestKey else { continue }
                    bestKey = (d, s)
                    let edge = segmentEdge[Int(s)]
                    let offset = min(edges[Int(edge)].lengthMetres, segmentOffset[Int(s)] + t * length2.squareRoot())
                    best = StreetGraph.Snap(edge: edge, offset: offset, distance: d, onStreet: q)
                }
            }
        }
        return best
    }
}
