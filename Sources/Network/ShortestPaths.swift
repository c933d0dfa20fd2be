import Foundation

/// Dijkstra's shortest paths on a `StreetGraph.Adjacency`, from one or several seeded nodes,
/// optionally bounded. Ties are broken by node number, so paths are the same on every run.
///
/// A workspace is reused between searches: only the nodes a search touched are reset, so many
/// small bounded searches on a large graph cost what they explore, not the graph's size.
public final class ShortestPaths {
    public let adjacency: StreetGraph.Adjacency
    /// Seconds from the seeds to each node (infinity when not reached).
    public private(set) var seconds: [Double]
    /// The arc that reached each node last on its shortest path (-1 for seeds and unreached).
    public private(set) var predecessorArc: [Int32]
    /// The seed each node was reached from (-1 when unreached).
    public private(set) var origin: [Int32]
    private var predecessorNode: [Int32]
    private var touched: [Int32] = []
    private var settled: [Bool]
    private var heap = BinaryHeap()

    public init(adjacency: StreetGraph.Adjacency) {
        self.adjacency = adjacency
        let n = adjacency.offsets.count - 1
        seconds = [Double](repeating: .infinity, count: n)
        predecessorArc = [Int32](repeating: -1, count: n)
        origin = [Int32](repeating: -1, count: n)
        predecessorNode = [Int32](repeating: -1, count: n)
        settled = [Bool](repeating: false, count: n)
    }

    /// The nodes reached by the last search (in the order they were first reached).
    public var reached: [Int32] { touched }

    /// Runs a search from the seeds (node, starting seconds, seed number); nodes beyond `limit`
    /// seconds are not settled. `stop` ends the search early once it returns true for a
    /// settled node.
    public func run(seeds: [(node: Int32, seconds: Double, seed: Int32)], limit: Double = .infinity, stop: ((Int32) -> Bool)? = nil) {
        for n in touched {
            seconds[Int(n)] = .infinity
            predecessorArc[Int(n)] = -1
            origin[Int(n)] = -1
            settled[Int(n)] = false
        }
        touched.removeAll(keepingCapacity: true)
        heap.removeAll()
        for s in seeds where s.seconds <= limit && s.seconds < seconds[Int(s.node)] {
            if seconds[Int(s.node)] == .infinity { touched.append(s.node) }
            seconds[Int(s.node)] = s.seconds
            origin[Int(s.node)] = s.seed
            predecessorArc[Int(s.node)] = -1
            heap.push(s.seconds, s.node)
        }
        let offsets = adjacency.offsets, targets = adjacency.targets, arcSeconds = adjacency.seconds
        while let (d, u) = heap.pop() {
            let ui = Int(u)
            if settled[ui] || d > seconds[ui] { continue }
            settled[ui] = true
            if let stop, stop(u) { break }
            let from = origin[ui]
            for a in Int(offsets[ui])..<Int(offsets[ui + 1]) {
                let v = Int(targets[a])
                let candidate = d + arcSeconds[a]
                guard candidate <= limit, !settled[v] else { continue }
                let current = seconds[v]
                // Strictly shorter only: on equal times the first path found (lowest in heap
                // order, itself ordered by node number) is kept.
                if candidate < current {
                    if current == .infinity { touched.append(Int32(v)) }
                    seconds[v] = candidate
                    predecessorArc[v] = Int32(a)
                    predecessorNode[v] = u
                    origin[v] = from
                    heap.push(candidate, Int32(v))
                }
            }
        }
    }

    /// The arcs of the shortest path to `node`, from its seed, in travel order of the search.
    public func arcs(to node: Int32) -> [Int32] {
        var path: [Int32] = []
        var n = Int(node)
        while predecessorArc[n] >= 0 {
            let arc = Int(predecessorArc[n])
            path.append(Int32(arc))
            n = Int(predecessorNode[n])
        }
        return path.reversed()
    }
}

/// A binary min-heap of (seconds, node), ties by node number.
struct BinaryHeap {
    private var keys: [Double] = []
    private var nodes: [Int32] = []

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
    }

    @inline(__always) private func less(_ i: Int, _ j: Int) -> Bool {
        keys[i] < keys[j] || (keys[i] == keys[j] && nodes[i] < nodes[j])
    }

    mutating func push(_ key: Double, _ node: Int32) {
        keys.append(key)
        nodes.append(node)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(i, parent) else { break }
            keys.swapAt(i, parent)
            nodes.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Double, Int32)? {
        guard let top = keys.first else { return nil }
        let node = nodes[0]
        let last = keys.count - 1
        keys.swapAt(0, last)
        nodes.swapAt(0, last)
        keys.removeLast()
        nodes.removeLast()
        var i = 0
        let n = keys.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && less(l, m) { m = l }
            if r < n && less(r, m) { m = r }
            if m == i { break }
            keys.swapAt(i, m)
            nodes.swapAt(i, m)
            i = m
        }
        return (top, node)
    }
}
