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
    /// Every vertex of the shapes in one call to PROJ.
    public func transform(_ shapes: [MultiPolygon]) throws(GeoError) -> [MultiPolygon] {
        var points: [Point] = []
        points.reserveCapacity(shapes.reduce(0) { $0 + $1.vertexCount })
        for shape in shapes {
            for polygon in shape.polygons {
                for ring in polygon.rings { points.append(contentsOf: ring.points) }
            }
        }
        try transform(&points)
        var cursor = 0
        return shapes.map { shape in
            MultiPolygon(
                shape.polygons.map { polygon in
                    func take(_ ring: Ring) -> Ring {
                        defer { cursor += ring.points.count }
                        return Ring(Array(points[cursor..<(cursor + ring.points.count)]))
                    }
                    let exterior = take(polygon.exterior)
                    return Polygon(exterior: exterior, holes: polygon.holes.map(take))
                })
        }
    }
}
