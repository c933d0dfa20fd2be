import Foundation
import GeometryCore
import Support

/// Simplifies polygons that share boundaries so that neighbours stay glued: coordinates are
/// snapped to a grid (the drawing's precision), boundaries are cut into chains between
/// junctions (vertices where the set of neighbouring rings changes), and each chain is
/// simplified once (Douglas–Peucker, in a canonical direction); every ring then keeps exactly
/// the vertices its chains kept, so a shared edge is drawn the same way on both sides.
public enum SharedBoundarySimplifier {
    /// A vertex snapped to the grid, in whole grid steps.
    struct Key: Hashable, Comparable, DenseKey {
        var x: Int64, y: Int64
        static func < (a: Key, b: Key) -> Bool { a.x != b.x ? a.x < b.x : a.y < b.y }
        var mixedHash: UInt64 { mixBits(UInt64(bitPattern: x) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: y)) }
    }

    /// - Parameters:
    ///   - grid: snapping step (map units); `tolerance`: largest allowed deviation.
    ///   - threads: snapping and rebuilding the rings run on up to this many threads; the
    ///     numbering and the chains run in order, so the result does not depend on it.
    public static func simplify(_ shapes: [MultiPolygon], grid: Double, tolerance: Double, threads: Int) -> [MultiPolygon] {
        simplify(shapes, grid: grid, tolerance: tolerance, threads: threads, sortingVertices: true)
    }

    /// `sortingVertices: false` numbers the vertices in a hash table instead (in order of
    /// first appearance), as when the sort's words cannot hold them: the same result.
    static func simplify(_ shapes: [MultiPolygon], grid: Double, tolerance: Double, threads: Int, sortingVertices: Bool) -> [MultiPolygon] {
        // Snapped rings, without repeated points, flat: every ring's keys one after the other.
        let snapped = snap(shapes, grid: grid, threads: threads)
        // Vertices numbered densely: every later step works on arrays indexed by vertex (the
        // numbers' order does not matter, only that a vertex keeps one number).
        let (ids, keys) =
            (sortingVertices ? numberBySorting(snapped.keys) : nil)
            ?? {
                var numbers = DenseNumbers<Key>(capacity: snapped.keys.count)
                let ids = snapped.keys.map { numbers.number($0) }
                return (ids, numbers.keys)
            }()
        let ringStart = snapped.ringStart
        let junction = junctions(ids: ids, keys: keys, ringStart: ringStart)
        let (chainVertices, chainStarts) = chainsBetween(junction, ids: ids, ringStart: ringStart)
        let chains = chainStarts.count - 1, chainBlock = 4096
        let gathered = chainVertices, starts = chainStarts, vertexKeys = keys, step = tolerance / grid
        // The interior vertices each block of chains keeps (the ends are junctions, kept).
        @Sendable func simplifyChains(_ b: Int) -> [Int32] {
            var keptInside: [Int32] = []
            var chainKeys: [Key] = []
            for c in (b * chainBlock)..<min(chains, (b + 1) * chainBlock) {
                let chain = gathered[starts[c]..<starts[c + 1]]
                let first = chain.startIndex, last = chain.count - 1
                func key(_ i: Int) -> Key { vertexKeys[Int(chain[first + i])] }
                let forward = key(0) < key(last) || (key(0) == key(last) && key(1) < key(last - 1))
                chainKeys.removeAll(keepingCapacity: true)
                if forward {
                    for v in chain { chainKeys.append(vertexKeys[Int(v)]) }
                } else {
                    for v in chain.reversed() { chainKeys.append(vertexKeys[Int(v)]) }
                }
                for i in douglasPeuckerIndices(chainKeys, tolerance: step) where i > 0 && i < last {
                    keptInside.append(chain[first + (forward ? i : last - i)])
                }
            }
            return keptInside
        }
        let blockCount = (chains + chainBlock - 1) / chainBlock
        var kept = junction
        for part in (try? parallelMap(count: blockCount, threads: threads, simplifyChains)) ?? (0..<blockCount).map(simplifyChains) {
            for v in part { kept[Int(v)] = true }
        }
        // Rebuild every ring from its kept vertices, dropping rings that collapsed below a
        // triangle.
        let keptVertices = kept
        @Sendable func rebuilt(_ s: Int) -> MultiPolygon {
            var r = snapped.shapeRingStart[s]
            func nextRing() -> Ring {
                defer { r += 1 }
                var points: [Point] = []
                for v in ids[ringStart[r]..<ringStart[r + 1]] where keptVertices[Int(v)] {
                    points.append(Point(x: Double(keys[Int(v)].x) * grid, y: Double(keys[Int(v)].y) * grid))
                }
                return Ring(points)
            }
            var polygons: [Polygon] = []
            for polygon in shapes[s].polygons {
                let exterior = nextRing()
                var holes: [Ring] = []
                for _ in polygon.holes {
                    let hole = nextRing()
                    if hole.points.count >= 3 { holes.append(hole) }
                }
                if exterior.points.count >= 3 { polygons.append(Polygon(exterior: exterior, holes: holes)) }
            }
            return MultiPolygon(polygons)
        }
        return (try? parallelMap(count: shapes.count, threads: threads, rebuilt)) ?? shapes.indices.map(rebuilt)
    }

    /// The vertices where shared boundaries meet: a vertex whose neighbours differ between its
    /// occurrences, or used three times or more; a ring without one (an island, a hole filled by
    /// one neighbour) gets its smallest vertex, which every copy of the ring agrees on.
    static func junctions(ids: [Int32], keys: [Key], ringStart: [Int]) -> [Bool] {
        func less(_ a: Int32, _ b: Int32) -> Bool { keys[Int(a)] < keys[Int(b)] }
        // Junctions: a vertex whose neighbours differ between its occurrences, or used 3+ times.
        let count = keys.count
        var firstA = [Int32](repeating: -1, count: count), firstB = [Int32](repeating: -1, count: count)
        var uses = [Int32](repeating: 0, count: count)
        var junction = [Bool](repeating: false, count: count)
        for r in 0..<(ringStart.count - 1) {
            let start = ringStart[r], n = ringStart[r + 1] - start
            guard n >= 3 else { continue }
            // Each vertex with its neighbours before and after (the ring is closed).
            var before = ids[start + n - 1]
            for i in 0..<n {
                let v = Int(ids[start + i]), a = before, b = ids[start + (i + 1 == n ? 0 : i + 1)]
                before = ids[start + i]
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
        for r in 0..<(ringStart.count - 1) {
            let ring = ids[ringStart[r]..<ringStart[r + 1]]
            if ring.count >= 3 && !ring.contains(where: { junction[Int($0)] }) { junction[Int(ring.min(by: less)!)] = true }
        }
        return junction
    }

    /// The chains between junctions, each once, in ring order: a vertex inside a chain is no
    /// junction, its neighbours are the same wherever it occurs, so it belongs to that chain
    /// alone and marks it as done.
    static func chainsBetween(_ junction: [Bool], ids: [Int32], ringStart: [Int]) -> (vertices: [Int32], starts: [Int]) {
        var done = [Bool](repeating: false, count: junction.count)
        var chainVertices: [Int32] = [], chainStarts: [Int] = [0]
        var chain: [Int32] = []
        func gather(_ chain: [Int32]) {
            guard chain.count > 2, !done[Int(chain[1])] else { return }
            for v in chain.dropFirst().dropLast() { done[Int(v)] = true }
            chainVertices += chain
            chainStarts.append(chainVertices.count)
        }
        for r in 0..<(ringStart.count - 1) {
            let ring = ids[ringStart[r]..<ringStart[r + 1]]
            guard ring.count >= 3, let first = ring.firstIndex(where: { junction[Int($0)] }) else { continue }
            let n = ring.count, base = ring.startIndex, offset = first - base
            chain.removeAll(keepingCapacity: true)
            chain.append(ring[first])
            var position = offset
            for _ in 1...n {
                position = position + 1 == n ? 0 : position + 1
                let v = ring[base + position]
                chain.append(v)
                if junction[Int(v)] {
                    gather(chain)
                    chain.removeAll(keepingCapacity: true)
                    chain.append(v)
                }
            }
        }
        return (chainVertices, chainStarts)
    }

    /// Every ring's vertices snapped to the grid, repeated points dropped (consecutive ones,
    /// and the closing ones), rings one after the other in the order of shapes, polygons,
    /// exterior then holes.
    struct SnappedRings: Sendable {
        var keys: [Key] = []
        /// Where each ring starts in `keys`, plus the end.
        var ringStart: [Int] = [0]
        /// The index of each shape's first ring.
        var shapeRingStart: [Int] = []
    }

    static func snap(_ shapes: [MultiPolygon], grid: Double, threads: Int) -> SnappedRings {
        let blockSize = 512
        @Sendable func block(_ b: Int) -> (keys: [Key], lengths: [Int]) {
            var keys: [Key] = [], lengths: [Int] = []
            for shape in shapes[(b * blockSize)..<min(shapes.count, (b + 1) * blockSize)] {
                for polygon in shape.polygons {
                    for ring in polygon.rings {
                        let start = keys.count
                        for point in ring.points {
                            let key = Key(x: Int64((point.x / grid).rounded()), y: Int64((point.y / grid).rounded()))
                            if keys.count == start || keys[keys.count - 1] != key { keys.append(key) }
                        }
                        while keys.count - start > 1 && keys[start] == keys[keys.count - 1] { keys.removeLast() }
                        lengths.append(keys.count - start)
                    }
                }
            }
            return (keys, lengths)
        }
        let count = (shapes.count + blockSize - 1) / blockSize
        let blocks = (try? parallelMap(count: count, threads: threads, block)) ?? (0..<count).map(block)
        var snapped = SnappedRings()
        snapped.keys.reserveCapacity(blocks.reduce(0) { $0 + $1.keys.count })
        for part in blocks {
            snapped.keys += part.keys
            for length in part.lengths { snapped.ringStart.append(snapped.ringStart[snapped.ringStart.count - 1] + length) }
        }
        var ring = 0
        for shape in shapes {
            snapped.shapeRingStart.append(ring)
            for polygon in shape.polygons { ring += 1 + polygon.holes.count }
        }
        return snapped
    }

    /// Each key's number and the distinct keys, numbered in the keys' order, found by sorting:
    /// a key's grid offsets and its position packed into one 64-bit word, sorted by radix on
    /// the offsets' bits (a national map's 6 million keys sort faster than they are looked up
    /// one by one in a hash table of that size). Nil when the words would not hold them.
    static func numberBySorting(_ keys: [Key]) -> (ids: [Int32], keys: [Key])? {
        let count = keys.count
        guard count > 0, count < Int(Int32.max) else { return nil }
        var minX = Int64.max, maxX = Int64.min, minY = Int64.max, maxY = Int64.min
        for key in keys {
            minX = Swift.min(minX, key.x)
            maxX = Swift.max(maxX, key.x)
            minY = Swift.min(minY, key.y)
            maxY = Swift.max(maxY, key.y)
        }
        func bits(_ span: UInt64) -> Int { span == 0 ? 0 : 64 - span.leadingZeroBitCount }
        let spanX = UInt64(bitPattern: maxX &- minX), spanY = UInt64(bitPattern: maxY &- minY)
        guard maxX >= minX, maxY >= minY, spanX < 1 << 40, spanY < 1 << 40 else { return nil }
        let positionBits = bits(UInt64(count - 1)), bitsX = bits(spanX), bitsY = bits(spanY)
        guard positionBits + bitsX + bitsY <= 64 else { return nil }
        // Word: x offset, y offset, position (low bits); positions ascend, so equal keys stay in order.
        var words = [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
            for (i, key) in keys.enumerated() {
                let x = UInt64(bitPattern: key.x &- minX), y = UInt64(bitPattern: key.y &- minY)
                buffer[i] = (x << (bitsY + positionBits)) | (y << positionBits) | UInt64(i)
            }
            initialized = count
        }
        // Least significant digit first, over the key's bits only, in as few passes of at most
        // 11 bits as they need (fewer buckets than that scatter faster); every pass's counts
        // taken in one reading.
        let keyBits = bitsX + bitsY
        let passes = (keyBits + 10) / 11, digitBits = passes == 0 ? 0 : (keyBits + passes - 1) / passes
        let buckets = 1 << digitBits, digitMask = UInt64(buckets - 1)
        var starts = [Int](repeating: 0, count: passes * (buckets + 1))
        starts.withUnsafeMutableBufferPointer { starts in
            for word in words {
                for pass in 0..<passes {
                    starts[pass * (buckets + 1) + Int((word >> UInt64(positionBits + pass * digitBits)) & digitMask) + 1] += 1
                }
            }
            for pass in 0..<passes {
                for b in 0..<buckets { starts[pass * (buckets + 1) + b + 1] += starts[pass * (buckets + 1) + b] }
            }
        }
        var other = [UInt64](repeating: 0, count: passes > 0 ? count : 0)
        for pass in 0..<passes {
            let shift = UInt64(positionBits + pass * digitBits), base = pass * (buckets + 1)
            words.withUnsafeBufferPointer { from in
                other.withUnsafeMutableBufferPointer { to in
                    starts.withUnsafeMutableBufferPointer { starts in
                        for word in from {
                            let b = base + Int((word >> shift) & digitMask)
                            to[starts[b]] = word
                            starts[b] += 1
                        }
                    }
                }
            }
            swap(&words, &other)
        }
        other = []
        var ids = [Int32](repeating: 0, count: count)
        var distinct: [Key] = []
        let positionMask = (UInt64(1) << positionBits) - 1, yMask = (UInt64(1) << bitsY) - 1
        var previous = UInt64.max
        ids.withUnsafeMutableBufferPointer { ids in
            for word in words {
                let packed = word >> positionBits
                if packed != previous {
                    previous = packed
                    distinct.append(Key(x: minX &+ Int64(bitPattern: packed >> bitsY), y: minY &+ Int64(bitPattern: packed & yMask)))
                }
                ids[Int(word & positionMask)] = Int32(distinct.count - 1)
            }
        }
        return (ids, distinct)
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
    func simplified(_ geometries: [MultiPolygon], scale: Double, threads: Int) -> [MultiPolygon] {
        lock.lock()
        defer { lock.unlock() }
        if let kept = byScale[scale], kept.count == geometries.count { return kept }
        let shapes = SharedBoundarySimplifier.simplify(geometries, grid: 0.1 / scale, tolerance: 0.4 / scale, threads: threads)
        byScale[scale] = shapes
        return shapes
    }
}
