import Foundation
import GeometryCore
import Support

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
        // Usable ways without repeated consecutive vertices (zero-length segments).
        var usable: [Int] = []
        var cleaned: [[Point]] = []
        for (w, way) in ways.enumerated() where uses[w].isUsable {
            var points: [Point] = []
            points.reserveCapacity(way.points.count)
            for p in way.points where points.last.map({ $0.x != p.x || $0.y != p.y }) ?? true { points.append(p) }
            guard points.count >= 2 else { continue }
            usable.append(w)
            cleaned.append(points)
        }
        usableWays = usable.count
        // Each distinct vertex gets a slot; a vertex used twice (by two ways, or twice by one)
        // is a junction.
        var table = VertexTable(capacity: cleaned.reduce(0) { $0 + $1.count })
        var slots: [[Int32]] = []
        slots.reserveCapacity(cleaned.count)
        for points in cleaned { slots.append(points.map { table.insert($0) }) }
        var nodeOfSlot = [Int32](repeating: -1, count: table.count)
        var nodes: [Point] = []
        var vertices: [Point] = []
        var edges: [Edge] = []
        func node(_ slot: Int32, _ p: Point) -> Int32 {
            if nodeOfSlot[Int(slot)] >= 0 { return nodeOfSlot[Int(slot)] }
            let n = Int32(nodes.count)
            nodeOfSlot[Int(slot)] = n
            nodes.append(p)
            return n
        }
        for (k, w) in usable.enumerated() {
            let points = cleaned[k], slot = slots[k]
            let use = uses[w]
            let metresPerSecond = use.speedKmh / 3.6
            var start = 0
            var length = 0.0
            for i in 1..<points.count {
                length += points[i - 1].distance(to: points[i])
                let isJunction = i == points.count - 1 || table.uses[Int(slot[i])] >= 2
                guard isJunction else { continue }
                let seconds = length / metresPerSecond
                edges.append(
                    Edge(
                        from: node(slot[start], points[start]), to: node(slot[i], points[i]), firstVertex: Int32(vertices.count),
                        vertexCount: Int32(i - start + 1), lengthMetres: length, forwardSeconds: use.forward ? seconds : .infinity,
                        backwardSeconds: use.backward ? seconds : .infinity, way: Int32(w)
                    ))
                vertices.append(contentsOf: points[start...i])
                start = i
                length = 0
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
        // Forward arc: from → to along the edge; backward arc: to → from. Reversed rows list
        // the arcs by their head.
        for e in edges {
            if e.forwardSeconds.isFinite { degree[Int(reversed ? e.to : e.from) + 1] += 1 }
            if e.backwardSeconds.isFinite { degree[Int(reversed ? e.from : e.to) + 1] += 1 }
        }
        for i in 0..<nodeCount { degree[i + 1] += degree[i] }
        var fill = degree
        let total = Int(degree[nodeCount])
        var targets = [Int32](repeating: 0, count: total)
        var seconds = [Double](repeating: 0, count: total)
        var edgeOf = [Int32](repeating: 0, count: total)
        var along = [Bool](repeating: false, count: total)
        func add(tail: Int32, head: Int32, _ time: Double, edge: Int, isAlong: Bool) {
            let slot = Int(fill[Int(tail)])
            fill[Int(tail)] += 1
            targets[slot] = head
            seconds[slot] = time
            edgeOf[slot] = Int32(edge)
            along[slot] = isAlong
        }
        for (index, e) in edges.enumerated() {
            if e.forwardSeconds.isFinite {
                if reversed {
                    add(tail: e.to, head: e.from, e.forwardSeconds, edge: index, isAlong: true)
                } else {
                    add(tail: e.from, head: e.to, e.forwardSeconds, edge: index, isAlong: true)
                }
            }
            if e.backwardSeconds.isFinite {
                if reversed {
                    add(tail: e.from, head: e.to, e.backwardSeconds, edge: index, isAlong: false)
                } else {
                    add(tail: e.to, head: e.from, e.backwardSeconds, edge: index, isAlong: false)
                }
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

/// Distinct exact coordinate pairs, each with a slot number and how many times it was
/// inserted: an open-addressing table (linear probing), much faster than a Dictionary on
/// millions of vertices.
struct VertexTable {
    private var xs: [UInt64]
    private var ys: [UInt64]
    private var slotAt: [Int32]
    private let mask: Int
    /// Insertions per slot.
    private(set) var uses: [Int32] = []
    var count: Int { uses.count }

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        xs = [UInt64](repeating: 0, count: size)
        ys = [UInt64](repeating: 0, count: size)
        slotAt = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The slot of a vertex, counting this use.
    mutating func insert(_ p: Point) -> Int32 {
        // +0.0 and -0.0 are one place.
        let x = (p.x == 0 ? 0.0 : p.x).bitPattern, y = (p.y == 0 ? 0.0 : p.y).bitPattern
        let h = mixBits(x ^ ((y << 32) | (y >> 32)) &* 0x9E37_79B9_7F4A_7C15)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slotAt[i]
            if slot < 0 {
                let new = Int32(uses.count)
                slotAt[i] = new
                xs[i] = x
                ys[i] = y
                uses.append(1)
                return new
            }
            if xs[i] == x && ys[i] == y {
                uses[Int(slot)] += 1
                return slot
            }
            i = (i + 1) & mask
        }
    }
}

/// Segments of the edges bucketed on a regular grid over the network's extent (compressed
/// rows: one array of segment numbers, one offset per bucket), for nearest-street queries.
struct SegmentIndex: Sendable {
    let side: Double
    let origin: Point
    let columns: Int
    let rows: Int
    let offsets: [Int32]
    let members: [Int32]
    /// Per segment: its edge and the index of its first vertex in `vertices`.
    let segmentEdge: [Int32]
    let segmentStart: [Int32]
    /// Metres from the edge's `from` node to the segment's first vertex.
    let segmentOffset: [Double]

    init(edges: [StreetGraph.Edge], vertices: [Point], include: [Bool]) {
        var segmentEdge: [Int32] = [], segmentStart: [Int32] = [], segmentOffset: [Double] = []
        var box = BoundingBox.empty
        for (e, edge) in edges.enumerated() where include[e] {
            var offset = 0.0
            let first = Int(edge.firstVertex)
            for v in first..<(first + Int(edge.vertexCount) - 1) {
                segmentEdge.append(Int32(e))
                segmentStart.append(Int32(v))
                segmentOffset.append(offset)
                offset += vertices[v].distance(to: vertices[v + 1])
                box.include(vertices[v])
                box.include(vertices[v + 1])
            }
        }
        if segmentEdge.isEmpty { box = BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1) }
        // Buckets of at least 100 m, about one segment each, at most 64 million.
        let area = max(1, (box.maxX - box.minX) * (box.maxY - box.minY))
        var side = max(100, (area / Double(max(1, segmentEdge.count))).squareRoot())
        while area / (side * side) > 64_000_000 { side *= 2 }
        let columns = Int(((box.maxX - box.minX) / side).rounded(.down)) + 1
        let rows = Int(((box.maxY - box.minY) / side).rounded(.down)) + 1
        let origin = Point(x: box.minX, y: box.minY)
        func range(_ a: Point, _ b: Point) -> (x0: Int, x1: Int, y0: Int, y1: Int) {
            (
                Int((min(a.x, b.x) - origin.x) / side), Int((max(a.x, b.x) - origin.x) / side),
                Int((min(a.y, b.y) - origin.y) / side), Int((max(a.y, b.y) - origin.y) / side)
            )
        }
        var counts = [Int32](repeating: 0, count: columns * rows + 1)
        for s in segmentStart.indices {
            let v = Int(segmentStart[s])
            let r = range(vertices[v], vertices[v + 1])
            for iy in r.y0...r.y1 { for ix in r.x0...r.x1 { counts[iy * columns + ix + 1] += 1 } }
        }
        for i in 0..<(columns * rows) { counts[i + 1] += counts[i] }
        var fill = counts
        var members = [Int32](repeating: 0, count: Int(counts[columns * rows]))
        for s in segmentStart.indices {
            let v = Int(segmentStart[s])
            let r = range(vertices[v], vertices[v + 1])
            for iy in r.y0...r.y1 {
                for ix in r.x0...r.x1 {
                    members[Int(fill[iy * columns + ix])] = Int32(s)
                    fill[iy * columns + ix] += 1
                }
            }
        }
        self.side = side
        self.origin = origin
        self.columns = columns
        self.rows = rows
        self.offsets = counts
        self.members = members
        self.segmentEdge = segmentEdge
        self.segmentStart = segmentStart
        self.segmentOffset = segmentOffset
    }

    func nearest(to p: Point, within limit: Double, edges: [StreetGraph.Edge], vertices: [Point]) -> StreetGraph.Snap? {
        guard p.x.isFinite, p.y.isFinite, !segmentEdge.isEmpty else { return nil }
        let fx0 = ((p.x - limit - origin.x) / side).rounded(.down), fx1 = ((p.x + limit - origin.x) / side).rounded(.down)
        let fy0 = ((p.y - limit - origin.y) / side).rounded(.down), fy1 = ((p.y + limit - origin.y) / side).rounded(.down)
        guard fx1 >= 0, fy1 >= 0, fx0 < Double(columns), fy0 < Double(rows) else { return nil }
        let x0 = max(0, Int(fx0)), x1 = min(columns - 1, Int(fx1)), y0 = max(0, Int(fy0)), y1 = min(rows - 1, Int(fy1))
        var best: StreetGraph.Snap?
        var bestKey = (Double.infinity, Int32.max)
        for iy in y0...y1 {
            for ix in x0...x1 {
                let bucket = iy * columns + ix
                for k in Int(offsets[bucket])..<Int(offsets[bucket + 1]) {
                    let s = members[k]
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
