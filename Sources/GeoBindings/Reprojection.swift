import Foundation
import GeometryCore
import Support

/// A batch of shapes that PROJ could not reproject: which shapes, and PROJ's reason.
public struct ReprojectionFailure: Error, CustomStringConvertible {
    public var shapes: Range<Int>
    public var underlying: any Error
    public var description: String { "\(underlying)" }
}

/// Shapes from one CRS to another, the one way AllerVers does it: every vertex of a batch
/// gathered into one array, transformed by PROJ in one call, scattered back into the rings;
/// batches in parallel, one PROJ context each. The result does not depend on `threads`.
public enum Reprojection {
    public static let batchSize = 2048

    public static func shapes(
        _ shapes: [MultiPolygon], from source: SpatialReference, to target: SpatialReference, threads: Int
    ) throws -> [MultiPolygon] {
        if source.isSame(as: target) { return shapes }
        let sourceWKT = source.wkt, sourceName = source.name, targetWKT = target.wkt, targetName = target.name
        let batches = (shapes.count + batchSize - 1) / batchSize
        let results = try parallelMap(count: batches, threads: threads) { b -> [MultiPolygon] in
            let range = (b * batchSize)..<min(shapes.count, (b + 1) * batchSize)
            do {
                let transformer = try CoordinateTransformer(
                    sourceDefinition: sourceWKT, sourceName: sourceName, targetDefinition: targetWKT, targetName: targetName
                )
                return try transformer.transform(Array(shapes[range]))
            } catch {
                throw ReprojectionFailure(shapes: range, underlying: error)
            }
        }
        return results.flatMap { $0 }
    }
}

extension CoordinateTransformer {
    /// Every distinct vertex of the shapes in one call to PROJ: a vertex that neighbouring
    /// zones share (their common boundary, a ring's closing point) is transformed once and
    /// copied to each place it stands; equal bits in, equal bits out, so the result is the
    /// same as transforming each vertex.
    public func transform(_ shapes: [MultiPolygon]) throws(GeoError) -> [MultiPolygon] {
        let total = shapes.reduce(0) { $0 + $1.vertexCount }
        var shared = SharedVertices(capacity: total)
        for shape in shapes {
            for polygon in shape.polygons {
                for ring in polygon.rings {
                    for point in ring.points { shared.add(point) }
                }
            }
        }
        try transform(&shared.distinct)
        var cursor = 0
        return shapes.map { shape in
            MultiPolygon(
                shape.polygons.map { polygon in
                    func take(_ ring: Ring) -> Ring {
                        let count = ring.points.count
                        defer { cursor += count }
                        return Ring(
                            [Point](unsafeUninitializedCapacity: count) { buffer, initialized in
                                for k in 0..<count { buffer[k] = shared.distinct[Int(shared.references[cursor + k])] }
                                initialized = count
                            })
                    }
                    let exterior = take(polygon.exterior)
                    return Polygon(exterior: exterior, holes: polygon.holes.map(take))
                })
        }
    }
}

/// The distinct vertices of a sequence, by their exact bits, and for each vertex of the
/// sequence the index of its distinct copy: an open-addressing table keyed by the two
/// coordinates' bit patterns.
struct SharedVertices {
    var distinct: [Point] = []
    var references: [Int32] = []
    private var slots: [Int32]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        distinct.reserveCapacity(capacity)
        references.reserveCapacity(capacity)
    }

    mutating func add(_ point: Point) {
        let x = point.x.bitPattern, y = point.y.bitPattern
        var slot = Int(truncatingIfNeeded: mixBits(x &* 0x9E37_79B9_7F4A_7C15 ^ y)) & mask
        while true {
            let index = slots[slot]
            if index < 0 {
                slots[slot] = Int32(distinct.count)
                references.append(Int32(distinct.count))
                distinct.append(point)
                return
            }
            let known = distinct[Int(index)]
            if known.x.bitPattern == x && known.y.bitPattern == y {
                references.append(index)
                return
            }
            slot = (slot + 1) & mask
        }
    }
}
