import Foundation
import GeometryCore
import Support

/// One trip between two points: its line, length and duration.
public struct TravelLeg: Sendable {
    /// The way followed, in the model's projected CRS (two points for a straight line).
    public var points: [Point]
    public var metres: Double
    public var minutes: Double
}

/// How long it takes to go from one place to another. Two models answer: the straight line
/// × a detour factor at a mean speed, and the street network of an OpenStreetMap extract.
/// Points are in the same projected CRS (metres) as the model. A point the model cannot
/// place (off the network) gets infinite times.
public protocol TravelModel: Sendable {
    /// How times are measured, in French: « par les rues (OpenStreetMap, extrait du …) » or
    /// « à vol d'oiseau × 1,3 ».
    var method: String { get }
    /// The way of travelling, in French: « en voiture ».
    var modeLabel: String { get }
    /// Per point: metres to the network (0 for the straight line), nil when « hors réseau ».
    func accessDistances(_ points: [Point]) -> [Double?]
    /// Per origin: minutes to the nearest destination.
    func minutesToNearest(from origins: [Point], to destinations: [Point], threads: Int) -> [Double]
    /// Per destination: the origins (ascending indices) within `limit` minutes of it.
    func catchments(of destinations: [Point], origins: [Point], withinMinutes limit: Double, threads: Int) -> [[Int32]]
    /// Minutes from every origin to every destination.
    func minutes(from origins: [Point], to destinations: [Point], threads: Int) -> [[Double]]
    /// Minutes from one place to each of `destinations`, and from each of `origins` to one
    /// place: one search each, for the few places (a depot, the stops placed) whose times to
    /// and from every candidate a plan needs, without a table of all pairs.
    func minutes(from origin: Point, toEach destinations: [Point]) -> [Double]
    func minutes(fromEach origins: [Point], to destination: Point) -> [Double]
    /// The trip from one point to another.
    func leg(from a: Point, to b: Point) -> TravelLeg
    /// How far (straight-line metres) one can get in `minutes`, at most.
    func reachMetres(minutes: Double) -> Double
}

/// Straight-line distance × a detour factor, at a mean door-to-door speed.
public struct StraightLineTravel: TravelModel {
    public var detourFactor: Double
    public var speedKmh: Double
    public var modeLabel: String
    /// Why this speed: « territoire peu dense, 57 hab./km² » when the speed was chosen by the
    /// territory's density; empty otherwise.
    public var basis: String

    public init(detourFactor: Double, speedKmh: Double, modeLabel: String, basis: String = "") {
        self.detourFactor = detourFactor
        self.speedKmh = speedKmh
        self.modeLabel = modeLabel
        self.basis = basis
    }

    public var method: String {
        func french(_ v: Double) -> String { String(format: "%g", v).replacingOccurrences(of: ".", with: ",") }
        return "à vol d'oiseau × \(french(detourFactor)), à \(french(speedKmh)) km/h" + (basis.isEmpty ? "" : " (\(basis))")
    }

    public func minutes(metres: Double) -> Double { metres * detourFactor / (speedKmh * 1000 / 60) }
    /// The straight-line distance reachable in `minutes`.
    public func reach(minutes: Double) -> Double { minutes * speedKmh * 1000 / 60 / detourFactor }

    public func accessDistances(_ points: [Point]) -> [Double?] { points.map { _ in 0 } }

    public func reachMetres(minutes: Double) -> Double { reach(minutes: minutes) }

    public func minutesToNearest(from origins: [Point], to destinations: [Point], threads: Int) -> [Double] {
        origins.map { o in destinations.map { minutes(metres: o.distance(to: $0)) }.min() ?? .infinity }
    }

    public func catchments(of destinations: [Point], origins: [Point], withinMinutes limit: Double, threads: Int) -> [[Int32]] {
        Self.catchments(of: destinations, origins: origins, radius: reach(minutes: limit))
    }

    /// Per destination, the origins within `radius` metres (inclusive), ascending.
    public static func catchments(of destinations: [Point], origins: [Point], radius: Double) -> [[Int32]] {
        // Origins sorted by x: each destination scans only the strip within the radius.
        let order = origins.indices.sorted { (origins[$0].x, $0) < (origins[$1].x, $1) }
        let xs = order.map { origins[$0].x }
        let r2 = radius * radius
        return destinations.map { d in
            var lo = 0, hi = xs.count
            while lo < hi { let mid = (lo + hi) / 2; if xs[mid] < d.x - radius { lo = mid + 1 } else { hi = mid } }
            var covered: [Int32] = []
            var k = lo
            while k < xs.count && xs[k] <= d.x + radius {
                let p = origins[order[k]]
                let dx = p.x - d.x, dy = p.y - d.y
                if dx * dx + dy * dy <= r2 { covered.append(Int32(order[k])) }
                k += 1
            }
            return covered.sorted()
        }
    }

    public func minutes(from origins: [Point], to destinations: [Point], threads: Int) -> [[Double]] {
        origins.map { o in destinations.map { minutes(metres: o.distance(to: $0)) } }
    }

    public func minutes(from origin: Point, toEach destinations: [Point]) -> [Double] {
        destinations.map { minutes(metres: origin.distance(to: $0)) }
    }

    public func minutes(fromEach origins: [Point], to destination: Point) -> [Double] {
        origins.map { minutes(metres: $0.distance(to: destination)) }
    }

    public func leg(from a: Point, to b: Point) -> TravelLeg {
        let d = a.distance(to: b)
        return TravelLeg(points: [a, b], metres: d * detourFactor, minutes: minutes(metres: d))
    }
}

/// Travel along the streets of an OpenStreetMap extract under one profile.
public struct StreetTravel: TravelModel {
    public let graph: StreetGraph
    /// « OpenStreetMap, extrait du 2023-07-27 ».
    public let attribution: String

    public init(graph: StreetGraph, attribution: String) {
        self.graph = graph
        self.attribution = attribution
    }

    public var method: String { "par les rues (\(attribution))" }
    public var modeLabel: String { graph.profile.label }

    public func accessDistances(_ points: [Point]) -> [Double?] { points.map { graph.snap($0)?.distance } }

    public func reachMetres(minutes: Double) -> Double {
        let fastest = max(graph.profile.speeds.values.max() ?? 0, graph.profile.accessSpeedKmh) * 2
        return minutes * fastest * 1000 / 60
    }

    /// One origin–destination trip on the network, with where it joins and leaves the streets.
    public struct Trip: Sendable {
        public var minutes: Double
        /// Node to node, without the access legs and partial edges.
        public var networkMinutes: Double
        public var metres: Double
        public var fromNode: Int32?
        public var toNode: Int32?
        public var fromSnapMetres: Double?
        public var toSnapMetres: Double?
        public static let offNetwork = Trip(minutes: .infinity, networkMinutes: .infinity, metres: .infinity)
        init(
            minutes: Double, networkMinutes: Double, metres: Double, fromNode: Int32? = nil, toNode: Int32? = nil,
            fromSnapMetres: Double? = nil, toSnapMetres: Double? = nil
        ) {
            self.minutes = minutes
            self.networkMinutes = networkMinutes
            self.metres = metres
            self.fromNode = fromNode
            self.toNode = toNode
            self.fromSnapMetres = fromSnapMetres
            self.toSnapMetres = toSnapMetres
        }
    }

    public func minutesToNearest(from origins: [Point], to destinations: [Point], threads: Int) -> [Double] {
        let targetSnaps = destinations.map(graph.snap)
        var seeds: [(node: Int32, seconds: Double, seed: Int32)] = []
        var onEdge: [Int32: [Int]] = [:]
        for (d, snap) in targetSnaps.enumerated() {
            guard let snap else { continue }
            onEdge[snap.edge, default: []].append(d)
            for s in graph.seeds(snap, leaving: false) { seeds.append((s.node, s.seconds, Int32(d))) }
        }
        // One search backwards from every destination at once.
        let search = ShortestPaths(adjacency: graph.incoming)
        search.run(seeds: seeds)
        let toNode = search.seconds
        let destinationsOnEdge = onEdge
        // A point that is itself a destination is 0 minutes from it.
        let destinationSet = Set(zip(destinations, targetSnaps).filter { $0.1 != nil }.map(\.0))
        let chunks = Self.chunks(origins.count, threads)
        let graph = self.graph
        let parts =
            (try? parallelMap(count: chunks.count, threads: threads) { c in
                chunks[c].map { o -> Double in
                    guard let snap = graph.snap(origins[o]) else { return .infinity }
                    if destinationSet.contains(origins[o]) { return 0 }
                    var best = Double.infinity
                    for s in graph.seeds(snap, leaving: true) { best = min(best, s.seconds + toNode[Int(s.node)]) }
                    for d in destinationsOnEdge[snap.edge] ?? [] { best = min(best, graph.sameEdgeSeconds(from: snap, to: targetSnaps[d]!)) }
                    return best / 60
                }
            }) ?? []
        return parts.flatMap { $0 }
    }

    public func catchments(of destinations: [Point], origins: [Point], withinMinutes limit: Double, threads: Int) -> [[Int32]] {
        let graph = self.graph
        let originSnaps = origins.map(graph.snap)
        // Per node, the origins that reach it and at what cost (compressed rows).
        var attached = [[(origin: Int32, seconds: Double)]](repeating: [], count: graph.nodes.count)
        var onEdge: [Int32: [Int32]] = [:]
        var originsAtPoint: [Point: [Int32]] = [:]
        for (o, snap) in originSnaps.enumerated() where snap != nil { originsAtPoint[origins[o], default: []].append(Int32(o)) }
        let samePlace = originsAtPoint
        for (o, snap) in originSnaps.enumerated() {
            guard let snap else { continue }
            onEdge[snap.edge, default: []].append(Int32(o))
            for s in graph.seeds(snap, leaving: true) { attached[Int(s.node)].append((Int32(o), s.seconds)) }
        }
        let limitSeconds = limit * 60
        let originsAt = attached, originsOnEdge = onEdge
        let chunks = Self.chunks(destinations.count, threads)
        let parts =
            (try? parallelMap(count: chunks.count, threads: threads) { c -> [[Int32]] in
                let search = ShortestPaths(adjacency: graph.incoming)
                var seen = [Bool](repeating: false, count: origins.count)
                return chunks[c].map { d -> [Int32] in
                    guard let snap = graph.snap(destinations[d]) else { return [] }
                    search.run(seeds: graph.seeds(snap, leaving: false).map { ($0.node, $0.seconds, 0) }, limit: limitSeconds)
                    var covered: [Int32] = []
                    for o in samePlace[destinations[d]] ?? [] where !seen[Int(o)] {
                        seen[Int(o)] = true
                        covered.append(o)
                    }
                    for node in search.reached {
                        let t = search.seconds[Int(node)]
                        for (o, cost) in originsAt[Int(node)] where !seen[Int(o)] && t + cost <= limitSeconds {
                            seen[Int(o)] = true
                            covered.append(o)
                        }
                    }
                    for o in originsOnEdge[snap.edge] ?? [] where !seen[Int(o)] {
                        if graph.sameEdgeSeconds(from: originSnaps[Int(o)]!, to: snap) <= limitSeconds {
                            seen[Int(o)] = true
                            covered.append(o)
                        }
                    }
                    for o in covered { seen[Int(o)] = false }
                    return covered.sorted()
                }
            }) ?? []
        return parts.flatMap { $0 }
    }

    public func minutes(from origins: [Point], to destinations: [Point], threads: Int) -> [[Double]] {
        trips(from: origins, to: destinations, threads: threads).map { $0.map(\.minutes) }
    }

    public func minutes(from origin: Point, toEach destinations: [Point]) -> [Double] {
        minutes(from: [origin], to: destinations, threads: 1)[0]
    }

    /// One search backwards from the destination, on the incoming arcs: the same times as a
    /// search from each origin (the access legs and a shared edge counted alike).
    public func minutes(fromEach origins: [Point], to destination: Point) -> [Double] {
        let graph = self.graph
        guard let to = graph.snap(destination) else { return origins.map { _ in .infinity } }
        let search = ShortestPaths(adjacency: graph.incoming)
        search.run(seeds: graph.seeds(to, leaving: false).enumerated().map { ($1.node, $1.seconds, Int32($0)) })
        return origins.map { origin -> Double in
            guard let from = graph.snap(origin) else { return .infinity }
            if origin == destination { return 0 }
            var best = Double.infinity
            for departure in graph.seeds(from, leaving: true) { best = min(best, departure.seconds + search.seconds[Int(departure.node)]) }
            return min(best, graph.sameEdgeSeconds(from: from, to: to)) / 60
        }
    }

    /// Every origin–destination trip, with its access legs and nodes (the `travel` command).
    public func trips(from origins: [Point], to destinations: [Point], threads: Int) -> [[Trip]] {
        let graph = self.graph
        let targetSnaps = destinations.map(graph.snap)
        let arrivals = targetSnaps.map { $0.map { graph.seeds($0, leaving: false) } ?? [] }
        let chunks = Self.chunks(origins.count, threads)
        let parts =
            (try? parallelMap(count: chunks.count, threads: threads) { c -> [[Trip]] in
                let search = ShortestPaths(adjacency: graph.outgoing)
                return chunks[c].map { o -> [Trip] in
                    guard let from = graph.snap(origins[o]) else { return destinations.map { _ in .offNetwork } }
                    let departures = graph.seeds(from, leaving: true)
                    search.run(seeds: departures.enumerated().map { ($1.node, $1.seconds, Int32($0)) })
                    return destinations.indices.map { d -> Trip in
                        guard let to = targetSnaps[d] else { return .offNetwork }
                        // A place to itself: no trip.
                        if origins[o] == destinations[d] {
                            return Trip(minutes: 0, networkMinutes: 0, metres: 0, fromSnapMetres: from.distance, toSnapMetres: to.distance)
                        }
                        var best = Trip.offNetwork
                        var bestNode: Int32 = -1
                        for arrival in arrivals[d] {
                            let total = search.seconds[Int(arrival.node)] + arrival.seconds
                            if total < best.minutes * 60 {
                                let seed = Int(search.origin[Int(arrival.node)])
                                best = Trip(
                                    minutes: total / 60,
                                    networkMinutes: (search.seconds[Int(arrival.node)] - departures[seed].seconds) / 60,
                                    metres: 0, fromNode: departures[seed].node, toNode: arrival.node,
                                    fromSnapMetres: from.distance, toSnapMetres: to.distance
                                )
                                bestNode = arrival.node
                            }
                        }
                        let direct = graph.sameEdgeSeconds(from: from, to: to)
                        if direct < best.minutes * 60 {
                            return Trip(
                                minutes: direct / 60, networkMinutes: 0, metres: from.distance + abs(to.offset - from.offset) + to.distance,
                                fromSnapMetres: from.distance, toSnapMetres: to.distance
                            )
                        }
                        guard bestNode >= 0 else { return .offNetwork }
                        best.metres = pathMetres(search: search, from: from, to: to, arrivalNode: bestNode)
                        return best
                    }
                }
            }) ?? []
        return parts.flatMap { $0 }
    }

    /// Metres of the path found to `arrivalNode`, access legs and partial edges included.
    func pathMetres(search: ShortestPaths, from: StreetGraph.Snap, to: StreetGraph.Snap, arrivalNode: Int32) -> Double {
        let arcs = search.arcs(to: arrivalNode)
        var metres = from.distance + to.distance
        for arc in arcs { metres += graph.edges[Int(search.adjacency.edges[Int(arc)])].lengthMetres }
        let startNode = arcs.first.map { tail(of: $0, search: search) } ?? arrivalNode
        let fromEdge = graph.edges[Int(from.edge)], toEdge = graph.edges[Int(to.edge)]
        metres += startNode == fromEdge.from ? from.offset : fromEdge.lengthMetres - from.offset
        metres += arrivalNode == toEdge.from ? to.offset : toEdge.lengthMetres - to.offset
        return metres
    }

    /// The node an arc of the outgoing adjacency leaves from.
    func tail(of arc: Int32, search: ShortestPaths) -> Int32 {
        let edge = graph.edges[Int(search.adjacency.edges[Int(arc)])]
        return search.adjacency.alongEdge[Int(arc)] ? edge.from : edge.to
    }

    public func leg(from a: Point, to b: Point) -> TravelLeg {
        guard let from = graph.snap(a), let to = graph.snap(b) else {
            return TravelLeg(points: [a, b], metres: .infinity, minutes: .infinity)
        }
        if a == b { return TravelLeg(points: [a, b], metres: 0, minutes: 0) }
        let departures = graph.seeds(from, leaving: true)
        let arrivals = graph.seeds(to, leaving: false)
        let search = ShortestPaths(adjacency: graph.outgoing)
        search.run(seeds: departures.enumerated().map { ($1.node, $1.seconds, Int32($0)) })
        var best = Double.infinity, bestArrival: (node: Int32, seconds: Double)?
        for arrival in arrivals {
            let total = search.seconds[Int(arrival.node)] + arrival.seconds
            if total < best { best = total; bestArrival = arrival }
        }
        let direct = graph.sameEdgeSeconds(from: from, to: to)
        if direct <= best {
            guard direct.isFinite else { return TravelLeg(points: [a, b], metres: .infinity, minutes: .infinity) }
            let line = [a] + partialLine(edge: from.edge, from: from.offset, to: to.offset, start: from.onStreet, end: to.onStreet) + [b]
            return TravelLeg(points: dedup(line), metres: from.distance + abs(to.offset - from.offset) + to.distance, minutes: direct / 60)
        }
        guard let arrival = bestArrival else { return TravelLeg(points: [a, b], metres: .infinity, minutes: .infinity) }
        let arcs = search.arcs(to: arrival.node)
        let startNode = arcs.first.map { tail(of: $0, search: search) } ?? arrival.node
        let fromEdge = graph.edges[Int(from.edge)], toEdge = graph.edges[Int(to.edge)]
        var line = [a]
        line += partialLine(
            edge: from.edge, from: from.offset, to: startNode == fromEdge.from ? 0 : fromEdge.lengthMetres, start: from.onStreet,
            end: graph.nodes[Int(startNode)])
        for arc in arcs {
            let e = Int(search.adjacency.edges[Int(arc)])
            let piece = graph.line(of: e)
            line += search.adjacency.alongEdge[Int(arc)] ? Array(piece) : piece.reversed()
        }
        line += partialLine(
            edge: to.edge, from: arrival.node == toEdge.from ? 0 : toEdge.lengthMetres, to: to.offset, start: graph.nodes[Int(arrival.node)], end: to.onStreet)
        line.append(b)
        return TravelLeg(points: dedup(line), metres: pathMetres(search: search, from: from, to: to, arrivalNode: arrival.node), minutes: best / 60)
    }

    /// The part of an edge's line between two offsets (metres from its `from` node), in the
    /// direction of travel, with its exact end points.
    func partialLine(edge: Int32, from: Double, to: Double, start: Point, end: Point) -> [Point] {
        let line = Array(graph.line(of: Int(edge)))
        var cumulative = [0.0]
        for k in 1..<line.count { cumulative.append(cumulative[k - 1] + line[k - 1].distance(to: line[k])) }
        var inner: [Point] = []
        for k in line.indices where cumulative[k] > min(from, to) && cumulative[k] < max(from, to) { inner.append(line[k]) }
        if from > to { inner.reverse() }
        return [start] + inner + [end]
    }

    func dedup(_ points: [Point]) -> [Point] {
        var result: [Point] = []
        for p in points where result.last.map({ $0.x != p.x || $0.y != p.y }) ?? true { result.append(p) }
        return result.count >= 2 ? result : result + result
    }

    /// Index ranges splitting `count` items over `threads` workers, in order.
    static func chunks(_ count: Int, _ threads: Int) -> [[Int]] {
        guard count > 0 else { return [] }
        let parts = max(1, min(threads, count))
        let size = (count + parts - 1) / parts
        return stride(from: 0, to: count, by: size).map { Array($0..<min(count, $0 + size)) }
    }
}

/// How settled a territory is, by its inhabitants per km² (cells' inhabitants over the zones'
/// area), on the thresholds of INSEE's grille communale de densité (2022): dense from 1 500,
/// intermediate from 300, rural below. Without a street extract, a car crosses a rural
/// territory on départementales (80 km/h outside villages since 1 July 2018, Code de la route
/// art. R413-2; 50 km/h through them), not at city speeds.
public enum SettlementDensity: String, Sendable {
    case dense, intermediate, rural

    public init(inhabitantsPerKm2 density: Double) {
        self = density >= 1500 ? .dense : density >= 300 ? .intermediate : .rural
    }

    /// « peu dense », for the travel method's wording.
    public var french: String {
        switch self {
        case .dense: "dense"
        case .intermediate: "de densité intermédiaire"
        case .rural: "peu dense"
        }
    }

    /// « territoire peu dense, 57 hab./km² ».
    public static func basis(_ density: Double) -> String {
        "territoire \(SettlementDensity(inhabitantsPerKm2: density).french), \(FrenchNumber.integer(density)) hab./km²"
    }
}
