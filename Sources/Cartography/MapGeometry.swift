import Foundation
import GeoBindings
import GeometryCore

/// Where a map is drawn: Lambert-93 for metropolitan France, the local official projection
/// overseas, the layer's own projected CRS elsewhere.
public enum MapProjection {
    /// Overseas territories: longitude/latitude boxes and their official projected CRS.
    static let overseas: [(name: String, box: BoundingBox, epsg: Int)] = [
        ("La Réunion", BoundingBox(minX: 55, minY: -21.5, maxX: 56, maxY: -20.8), 2975),
        ("Antilles", BoundingBox(minX: -61.9, minY: 14.3, maxX: -60.7, maxY: 16.6), 5490),
        ("Guyane", BoundingBox(minX: -54.7, minY: 2, maxX: -51.5, maxY: 6), 2972),
        ("Mayotte", BoundingBox(minX: 44.9, minY: -13.1, maxX: 45.4, maxY: -12.5), 4471),
    ]
    static let metropolitan = BoundingBox(minX: -5.5, minY: 41, maxX: 10, maxY: 51.5)

    /// The CRS to draw shapes given in `crs`.
    public static func target(for shapes: [MultiPolygon], in crs: SpatialReference, threads: Int = 1) throws -> SpatialReference {
        let box = BoundingBox(enclosing: shapes, threads: threads)
        let center = Point(x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2)
        var lonLat = [center]
        let wgs84 = try SpatialReference(epsg: 4326)
        try CoordinateTransformer(from: crs, to: wgs84).transform(&lonLat)
        let p = lonLat[0]
        if metropolitan.contains(p) { return try SpatialReference(epsg: 2154) }
        for area in overseas where area.box.contains(p) { return try SpatialReference(epsg: area.epsg) }
        if crs.isProjected { return crs }
        return try SpatialReference(epsg: 3857)
    }

    public static func transform(_ shapes: [MultiPolygon], from source: SpatialReference, to target: SpatialReference) throws -> [MultiPolygon] {
        try Reprojection.shapes(shapes, from: source, to: target, threads: 1)
    }
}

/// A point inside a shape, for labels and for checking a rendering: the middle of the widest
/// horizontal run across the largest polygon, at the height of its bounding box's centre.
public func interiorPoint(of shape: MultiPolygon) -> Point? {
    guard let polygon = shape.polygons.max(by: { abs($0.area) < abs($1.area) }) else { return nil }
    let box = polygon.exterior.boundingBox
    var best: Point?
    var bestWidth = -1.0
    // A few scan lines around the middle, in case the middle one grazes a vertex.
    for fraction in [0.5, 0.4, 0.6, 0.3, 0.7] {
        let y = box.minY + (box.maxY - box.minY) * fraction
        var crossings: [Double] = []
        for ring in polygon.rings {
            let points = ring.points
            for i in points.indices {
                let a = points[i], b = points[(i + 1) % points.count]
                if (a.y <= y) != (b.y <= y) {
                    crossings.append(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x))
                }
            }
        }
        crossings.sort()
        var i = 0
        while i + 1 < crossings.count {
            let width = crossings[i + 1] - crossings[i]
            if width > bestWidth {
                bestWidth = width
                best = Point(x: (crossings[i] + crossings[i + 1]) / 2, y: y)
            }
            i += 2
        }
    }
    return best
}
