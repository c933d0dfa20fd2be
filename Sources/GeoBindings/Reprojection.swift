import Foundation
import GeometryCore
import Support

/// A batch of shapes that PROJ could not reproject: which shapes, and PROJ's reason.
public struct ReprojectionFailure: Error, CustomStringConvertible {
    public var shapes: Range<Int>
    public var underlying: any Error
    public var description: String { "\(underlying)" }
}

/// Shapes from one CRS to another, the one way AllerVers does it, in batches on parallel
/// threads (one PROJ context each). Between two projected CRS in metres, a layer of many
/// vertices goes through PROJ's lattice (`LatticeTransform`): the tiles holding its vertices
/// are found batch by batch, their nodes transformed once for the whole layer (for each batch
/// when the layer is too wide for one lattice), and every vertex interpolated, into a copy of
/// its ring (`shapes`) or in place (`move`); a vertex whose tile is left to PROJ is
/// transformed exactly, ring by ring. Otherwise every distinct vertex of a batch is gathered
/// into one array and transformed by PROJ in one call. The result does not depend on `threads`.
public enum Reprojection {
    public static let batchSize = 2048

    public static func shapes(
        _ shapes: [MultiPolygon], from source: SpatialReference, to target: SpatialReference, threads: Int
    ) throws -> [MultiPolygon] {
        if source.isSame(as: target) { return shapes }
        let definitions = TransformerDefinitions(source: source, target: target)
        let batches = (shapes.count + batchSize - 1) / batchSize
        if onLattice(shapes, from: source, to: target) {
            let lattices = try Lattices(shapes, batches: batches, definitions: definitions, threads: threads)
            // Each shape copied as it is moved: its rings' arrays are the caller's.
            let results = try parallelMap(count: batches, threads: threads) { b -> [MultiPolygon] in
                var moved = Array(shapes[range(ofBatch: b, in: shapes.count)])
                try lattices.move(&moved, batch: b, first: b * batchSize)
                return moved
            }
            return results.flatMap { $0 }
        }
        let results = try parallelMap(count: batches, threads: threads) { b -> [MultiPolygon] in
            let range = range(ofBatch: b, in: shapes.count)
            do {
                return try definitions.transformer().transform(Array(shapes[range]))
            } catch {
                throw ReprojectionFailure(shapes: range, underlying: error)
            }
        }
        return results.flatMap { $0 }
    }

    /// `shapes(_:from:to:threads:)` in place: the same result, and on the lattice's way the
    /// rings' own memory reused (for France's zones, 123 MB and 30 000 first touches of memory
    /// less) when nothing else holds them.
    public static func move(_ shapes: inout [MultiPolygon], from source: SpatialReference, to target: SpatialReference, threads: Int) throws {
        if source.isSame(as: target) { return }
        guard onLattice(shapes, from: source, to: target) else {
            shapes = try self.shapes(shapes, from: source, to: target, threads: threads)
            return
        }
        let batches = (shapes.count + batchSize - 1) / batchSize
        let lattices = try Lattices(shapes, batches: batches, definitions: TransformerDefinitions(source: source, target: target), threads: threads)
        // Each batch is its own block of the shapes, on one thread.
        _ = try parallelUpdate(&shapes, blockSize: batchSize, threads: threads) { part, first in
            try lattices.move(&part, batch: first / batchSize, first: first)
        }
    }

    /// Whether shapes go through the lattice: between two projected CRS in metres, enough
    /// vertices for its nodes to be worth transforming.
    static func onLattice(_ shapes: [MultiPolygon], from source: SpatialReference, to target: SpatialReference) -> Bool {
        source.isProjectedInMetres && target.isProjectedInMetres && shapes.reduce(0) { $0 + $1.vertexCount } >= LatticeTransform.minimumPoints
    }

    static func range(ofBatch b: Int, in count: Int) -> Range<Int> { (b * batchSize)..<min(count, (b + 1) * batchSize) }
}

/// The lattice of a layer's batches: the tiles of every batch, one lattice for all (its nodes
/// on `threads` threads), or for a layer too wide for one, one lattice per batch.
struct Lattices: Sendable {
    let shared: Lattice?
    let tilesByBatch: [[LatticeTransform.TileKey]]
    let definitions: TransformerDefinitions

    init(_ shapes: [MultiPolygon], batches: Int, definitions: TransformerDefinitions, threads: Int) throws {
        self.definitions = definitions
        let tilesByBatch = try parallelMap(count: batches, threads: threads) { b in
            LatticeTransform.tilesHolding { visit in
                for shape in shapes[Reprojection.range(ofBatch: b, in: shapes.count)] {
                    for polygon in shape.polygons {
                        polygon.exterior.points.withUnsafeBufferPointer(visit)
                        for hole in polygon.holes { hole.points.withUnsafeBufferPointer(visit) }
                    }
                }
            }
        }
        self.tilesByBatch = tilesByBatch
        var tiles = tilesByBatch.flatMap { $0 }
        tiles.sort { ($0.j, $0.i) < ($1.j, $1.i) }
        var distinct: [LatticeTransform.TileKey] = []
        distinct.reserveCapacity(tiles.count)
        for key in tiles where key != distinct.last { distinct.append(key) }
        shared = try Lattice.rectangle(of: distinct).map { _ in
            try Lattice(tiles: distinct, tolerance: LatticeTransform.tolerance) { probes in
                let input = probes, parts = max(1, min(threads, input.count / 4096))
                let moved = try parallelMap(count: parts, threads: parts) { k -> [Point] in
                    var part = Array(input[(k * input.count / parts)..<((k + 1) * input.count / parts)])
                    try definitions.transformer().transformAllowingFailures(&part)
                    return part
                }
                probes = moved.flatMap { $0 }
            }
        }
    }

    /// Batch `b`'s shapes (the layer's from `first` on) moved in place: every vertex
    /// interpolated, those the lattice leaves transformed exactly, ring by ring. A ring's
    /// array that another value shares is copied first (copy on write).
    func move<Shapes: MutableCollection<MultiPolygon>>(_ shapes: inout Shapes, batch b: Int, first: Int) throws {
        var exact: CoordinateTransformer?
        let definitions = definitions
        do {
            let lattice =
                try shared
                ?? Lattice(tiles: tilesByBatch[b], tolerance: LatticeTransform.tolerance) { probes throws(GeoError) in
                    try definitions.transformer().transformAllowingFailures(&probes)
                }
            // The points the lattice leaves, through one transformer made when first needed.
            func move(_ points: inout [Point]) throws(GeoError) {
                try lattice.move(&points) { rest throws(GeoError) in
                    if exact == nil { exact = try definitions.transformer() }
                    try exact?.transform(&rest)
                }
            }
            for i in shapes.indices {
                for p in shapes[i].polygons.indices {
                    try move(&shapes[i].polygons[p].exterior.points)
                    for h in shapes[i].polygons[p].holes.indices { try move(&shapes[i].polygons[p].holes[h].points) }
                }
            }
        } catch {
            throw ReprojectionFailure(shapes: first..<(first + shapes.count), underlying: error)
        }
    }
}

/// The two CRS of a reprojection, as text: what each thread needs to make its own transformer.
struct TransformerDefinitions: Sendable {
    let sourceWKT: String, sourceName: String, targetWKT: String, targetName: String

    init(source: SpatialReference, target: SpatialReference) {
        (sourceWKT, sourceName, targetWKT, targetName) = (source.wkt, source.name, target.wkt, target.name)
    }

    func transformer() throws(GeoError) -> CoordinateTransformer {
        try CoordinateTransformer(sourceDefinition: sourceWKT, sourceName: sourceName, targetDefinition: targetWKT, targetName: targetName)
    }
}

extension CoordinateTransformer {
    /// Points transformed in place, each distinct point (by its exact bits) once: the corners
    /// of map cells, each shared by up to four squares. The same result as `transform(_:)`.
    public func transformSharing(_ points: inout [Point]) throws(GeoError) {
        var shared = SharedVertices(points: points)
        try transform(&shared.distinct)
        let distinct = shared.distinct
        for (i, reference) in shared.references.enumerated() { points[i] = distinct[Int(reference)] }
    }

    /// Every distinct vertex of the shapes in one call to PROJ: a vertex that neighbouring
    /// zones share (their common boundary) is transformed once and copied to each place it
    /// stands; equal bits in, equal bits out, so the result is the same as transforming each
    /// vertex.
    public func transform(_ shapes: [MultiPolygon]) throws(GeoError) -> [MultiPolygon] {
        var shared = SharedVertices(shapes)
        try transform(&shared.distinct)
        return shared.distinct.withUnsafeBufferPointer { distinct in
            shared.references.withUnsafeBufferPointer { references in
                var cursor = 0
                func take(_ ring: Ring) -> Ring {
                    let count = ring.points.count
                    defer { cursor += count }
                    return Ring(
                        [Point](unsafeUninitializedCapacity: count) { buffer, initialized in
                            for k in 0..<count { buffer[k] = distinct[Int(references[cursor + k])] }
                            initialized = count
                        })
                }
                return shapes.map { shape in
                    MultiPolygon(
                        shape.polygons.map { polygon in
                            let exterior = take(polygon.exterior)
                            return Polygon(exterior: exterior, holes: polygon.holes.map(take))
                        })
                }
            }
        }
    }
}

/// The distinct vertices of shapes, by their exact bits, and for each vertex (rings in
/// order, exterior then holes) the index of its distinct copy: an open-addressing table keyed
/// by the two coordinates' bit patterns. The table is emptied between windows of about
/// `window` vertices (at a shape's end), so that its memory stays bounded; a vertex shared
/// across a window's edge is kept twice, which changes no result. The window holds a whole
/// batch of `Reprojection` (2 048 zones): a smaller one (16 384 vertices, about a hundred
/// zones) left most neighbours in different windows, and PROJ transformed 87 % of the
/// vertices of France's zones instead of 54–57 %.
struct SharedVertices {
    var distinct: [Point]
    let references: [Int32]

    init(_ shapes: [MultiPolygon], window: Int = 1 << 20) {
        let total = shapes.reduce(0) { $0 + $1.vertexCount }
        let largest = shapes.reduce(0) { Swift.max($0, $1.vertexCount) }
        self.init(total: total, largest: largest, window: window) { add, startShape in
            for shape in shapes {
                startShape(shape.vertexCount)
                for polygon in shape.polygons {
                    polygon.exterior.points.withUnsafeBufferPointer(add)
                    for hole in polygon.holes { hole.points.withUnsafeBufferPointer(add) }
                }
            }
        }
    }

    /// The distinct points of one list (the corners that neighbouring cells share), taken in
    /// runs of 4 096 (where the table may be emptied, as between shapes).
    init(points: [Point], window: Int = 1 << 20) {
        let run = 4096
        self.init(total: points.count, largest: Swift.min(run, points.count), window: window) { add, startShape in
            points.withUnsafeBufferPointer { all in
                for start in stride(from: 0, to: all.count, by: run) {
                    let part = UnsafeBufferPointer(rebasing: all[start..<Swift.min(all.count, start + run)])
                    startShape(part.count)
                    add(part)
                }
            }
        }
    }

    /// `walk` gives the points in order to `add`, announcing each shape's vertex count first
    /// (where the table may be emptied).
    private init(
        total: Int, largest: Int, window: Int, walk: (_ add: (UnsafeBufferPointer<Point>) -> Void, _ startShape: (Int) -> Void) -> Void
    ) {
        // At most half full: a window, or the largest shape alone.
        var size = 16
        while size < Swift.min(total, Swift.max(window, largest)) * 2 { size <<= 1 }
        let mask = size - 1
        let slots = UnsafeMutableBufferPointer<Int32>.allocate(capacity: size)
        slots.initialize(repeating: -1)
        defer { slots.deallocate() }
        var distinctCount = 0
        var references: [Int32] = []
        distinct = [Point](unsafeUninitializedCapacity: total) { distinct, distinctInitialized in
            references = [Int32](unsafeUninitializedCapacity: total) { references, referencesInitialized in
                var cursor = 0
                var windowStart = 0
                func add(_ points: UnsafeBufferPointer<Point>) {
                    for point in points {
                        let x = point.x.bitPattern, y = point.y.bitPattern
                        var slot = Int(truncatingIfNeeded: mixBits(x &* 0x9E37_79B9_7F4A_7C15 ^ y)) & mask
                        while true {
                            let index = Int(slots[slot])
                            if index < 0 {
                                slots[slot] = Int32(distinctCount)
                                references[cursor] = Int32(distinctCount)
                                distinct[distinctCount] = point
                                distinctCount += 1
                                break
                            }
                            let known = distinct[index]
                            if known.x.bitPattern == x && known.y.bitPattern == y {
                                references[cursor] = Int32(index)
                                break
                            }
                            slot = (slot + 1) & mask
                        }
                        cursor += 1
                    }
                }
                func startShape(_ vertexCount: Int) {
                    if cursor > windowStart && (cursor - windowStart + vertexCount) * 2 > size {
                        slots.update(repeating: -1)
                        windowStart = cursor
                    }
                }
                walk(add, startShape)
                referencesInitialized = cursor
            }
            distinctInitialized = distinctCount
        }
        self.references = references
    }
}
