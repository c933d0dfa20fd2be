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
    private var heap = BinaryHeap()

    public init(adjacency: StreetGraph.Adjacency) {
        self.adjacency = adjacency
        let n = adjacency.offsets.count - 1
        seconds = [Double](repeating: .infinity, count: n)
        predecessorArc = [Int32](repeating: -1, count: n)
        origin = [Int32](repeating: -1, count: n)
        predecessorNode = [Int32](repeating: -1, count: n)
    }

    /// The nodes reached by the last search (in the order they were first reached).
    public var reached: [Int32] { touched }

    /// Runs a search from the seeds (node, starting seconds, seed number); nodes beyond `limit`
    /// seconds are not settled.
    public func run(seeds: [(node: Int32, seconds: Double, seed: Int32)], limit: Double = .infinity) {
        for n in touched {
            seconds[Int(n)] = .infinity
            predecessorArc[Int(n)] = -1
            origin[Int(n)] = -1
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
        // Local copies of the class's work arrays: no exclusivity checks in the loop.
        var heap = BinaryHeap(), touched: [Int32] = []
        swap(&heap, &self.heap)
        swap(&touched, &self.touched)
        defer {
            swap(&heap, &self.heap)
            swap(&touched, &self.touched)
        }
        var best: [Double] = [], viaArc: [Int32] = [], viaNode: [Int32] = [], from: [Int32] = []
        swap(&best, &seconds)
        swap(&viaArc, &predecessorArc)
        swap(&viaNode, &predecessorNode)
        swap(&from, &origin)
        defer {
            swap(&best, &seconds)
            swap(&viaArc, &predecessorArc)
            swap(&viaNode, &predecessorNode)
            swap(&from, &origin)
        }
        adjacency.offsets.withUnsafeBufferPointer { offsets in
            adjacency.targets.withUnsafeBufferPointer { targets in
                adjacency.seconds.withUnsafeBufferPointer { arcSeconds in
                    best.withUnsafeMutableBufferPointer { best in
                        viaArc.withUnsafeMutableBufferPointer { viaArc in
                            viaNode.withUnsafeMutableBufferPointer { viaNode in
                                from.withUnsafeMutableBufferPointer { from in
                                    while let (d, u) = heap.pop() {
                                        let ui = Int(u)
                                        // A stale entry: the node was reached faster since.
                                        if d > best[ui] { continue }
                                        let seed = from[ui]
                                        for a in Int(offsets[ui])..<Int(offsets[ui + 1]) {
                                            let v = Int(targets[a])
                                            let candidate = d + arcSeconds[a]
                                            // Strictly shorter only: on equal times the first path found
                                            // (in heap order, itself ordered by node number) is kept.
                                            guard candidate < best[v], candidate <= limit else { continue }
                                            if best[v] == .infinity { touched.append(Int32(v)) }
                                            best[v] = candidate
                                            viaArc[v] = Int32(a)
                                            viaNode[v] = u
                                            from[v] = seed
                                            heap.push(candidate, Int32(v))
                                        }
                                    }
                                }
                            }
                        }
                    }
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
    struct Entry {
        var key: Double
        var node: Int32
        @inline(__always) func precedes(_ other: Entry) -> Bool {
            key < other.key || (key == other.key && node < other.node)
        }
    }
    private var entries: [Entry] = []

    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    mutating func push(_ key: Double, _ node: Int32) {
        let entry = Entry(key: key, node: node)
        entries.append(entry)
        entries.withUnsafeMutableBufferPointer { heap in
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) >> 1
                guard entry.precedes(heap[parent]) else { break }
                heap[i] = heap[parent]
                i = parent
            }
            heap[i] = entry
        }
    }

    mutating func pop() -> (Double, Int32)? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries.withUnsafeMutableBufferPointer { heap in
                let n = heap.count
                var i = 0
                while true {
                    let l = 2 * i + 1
                    if l >= n { break }
                    var m = l
                    if l + 1 < n && heap[l + 1].precedes(heap[l]) { m = l + 1 }
                    guard heap[m].precedes(last) else { break }
                    heap[i] = heap[m]
                    i = m
                }
                heap[i] = last
            }
        }
        return (top.key, top.node)
    }
}
