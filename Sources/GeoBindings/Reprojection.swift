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
/// when the layer is too wide for one lattice), and every vertex interpolated into its new
/// ring; a vertex whose tile is left to PROJ is transformed exactly, ring by ring. Otherwise every distinct vertex of a batch is gathered
/// into one array and transformed by PROJ in one call. The result does not depend on `threads`.
public enum Reprojection {
    public static let batchSize = 2048

    public static func shapes(
        _ shapes: [MultiPolygon], from source: SpatialReference, to target: SpatialReference, threads: Int
    ) throws -> [MultiPolygon] {
        if source.isSame(as: target) { return shapes }
        let definitions = TransformerDefinitions(source: source, target: target)
        let batches = (shapes.count + batchSize - 1) / batchSize
        let vertices = shapes.reduce(0) { $0 + $1.vertexCount }
        if source.isProjectedInMetres && target.isProjectedInMetres && vertices >= LatticeTransform.minimumPoints {
            return try onLattice(shapes, batches: batches, definitions: definitions, threads: threads)
        }
        let results = try parallelMap(count: batches, threads: threads) { b -> [MultiPolygon] in
            let range = (b * batchSize)..<min(shapes.count, (b + 1) * batchSize)
            do {
                return try definitions.transformer().transform(Array(shapes[range]))
            } catch {
                throw ReprojectionFailure(shapes: range, underlying: error)
            }
        }
        return results.flatMap { $0 }
    }

    /// The lattice's way: the tiles of every batch, one lattice for all (its nodes on
    /// `threads` threads), then each batch's rings interpolated into new arrays.
    private static func onLattice(
        _ shapes: [MultiPolygon], batches: Int, definitions: TransformerDefinitions, threads: Int
    ) throws -> [MultiPolygon] {
        let tilesByBatch = try parallelMap(count: batches, threads: threads) { b in
            LatticeTransform.tilesHolding { visit in
                for shape in shapes[(b * batchSize)..<min(shapes.count, (b + 1) * batchSize)] {
                    for polygon in shape.polygons {
                        polygon.exterior.points.withUnsafeBufferPointer(visit)
                        for hole in polygon.holes { hole.points.withUnsafeBufferPointer(visit) }
                    }
                }
            }
        }
        var tiles = tilesByBatch.flatMap { $0 }
        tiles.sort { ($0.j, $0.i) < ($1.j, $1.i) }
        var distinct: [LatticeTransform.TileKey] = []
        distinct.reserveCapacity(tiles.count)
        for key in tiles where key != distinct.last { distinct.append(key) }
        // One lattice for the layer; for a layer too wide for one, each batch its own.
        let shared = try Lattice.rectangle(of: distinct).map { _ in
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
        let results = try parallelMap(count: batches, threads: threads) { b -> [MultiPolygon] in
            let range = (b * batchSize)..<min(shapes.count, (b + 1) * batchSize)
            var exact: CoordinateTransformer?
            do {
                let lattice =
                    try shared
                    ?? Lattice(tiles: tilesByBatch[b], tolerance: LatticeTransform.tolerance) { probes throws(GeoError) in
                        try definitions.transformer().transformAllowingFailures(&probes)
                    }
                func take(_ ring: Ring) throws(GeoError) -> Ring {
                    var missed: [Int] = []
                    var moved = Ring([])
                    moved.points = ring.points.withUnsafeBufferPointer { source in
                        [Point](unsafeUninitializedCapacity: source.count) { target, initialized in
                            if let base = target.baseAddress { lattice.interpolate(source, into: base) { missed.append($0) } }
                            initialized = source.count
                        }
                    }
                    guard !missed.isEmpty else { return moved }
                    var rest = missed.map { moved.points[$0] }
                    if exact == nil { exact = try definitions.transformer() }
                    try exact?.transform(&rest)
                    for (k, i) in missed.enumerated() { moved.points[i] = rest[k] }
                    return moved
                }
                return try shapes[range].map { shape throws(GeoError) in
                    var polygons: [Polygon] = []
                    polygons.reserveCapacity(shape.polygons.count)
                    for polygon in shape.polygons {
                        var holes: [Ring] = []
                        for hole in polygon.holes { holes.append(try take(hole)) }
                        polygons.append(Polygon(exterior: try take(polygon.exterior), holes: holes))
                    }
                    return MultiPolygon(polygons)
                }
            } catch {
                throw ReprojectionFailure(shapes: range, underlying: error)
            }
        }
        return results.flatMap { $0 }
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
