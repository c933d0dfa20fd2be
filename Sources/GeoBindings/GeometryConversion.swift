internal import CGDAL
import GeometryCore
import Support

/// Conversions between OGR geometries and the pure-Swift geometry types.
enum OGRGeometryConversion {
    static func multiPolygon(from geometry: OGRGeometryH) -> MultiPolygon? {
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(geometry))
        switch type {
        case wkbPolygon:
            return MultiPolygon([polygon(from: geometry)])
        case wkbMultiPolygon:
            let count = OGR_G_GetGeometryCount(geometry)
            return MultiPolygon(
                (0..<count).compactMap { i in
                    OGR_G_GetGeometryRef(geometry, i).map { polygon(from: $0) }
                })
        default:
            // Curves, surfaces and collections: let GDAL linearise and gather the polygons.
            guard let copy = OGR_G_Clone(geometry) else { return nil }
            guard let forced = OGR_G_ForceToMultiPolygon(copy) else { return nil }
            defer { OGR_G_DestroyGeometry(forced) }
            guard OGR_GT_Flatten(OGR_G_GetGeometryType(forced)) == wkbMultiPolygon else { return MultiPolygon([]) }
            return multiPolygon(from: forced)
        }
    }

    static func polygon(from geometry: OGRGeometryH) -> Polygon {
        let ringCount = OGR_G_GetGeometryCount(geometry)
        var rings: [Ring] = []
        rings.reserveCapacity(Int(ringCount))
        for i in 0..<ringCount {
            guard let ring = OGR_G_GetGeometryRef(geometry, i) else { continue }
            rings.append(Ring(points(of: ring)))
        }
        guard let exterior = rings.first else { return Polygon(exterior: Ring([])) }
        return Polygon(exterior: exterior, holes: Array(rings.dropFirst()))
    }

    static func points(of lineString: OGRGeometryH) -> [Point] {
        let count = Int(OGR_G_GetPointCount(lineString))
        guard count > 0 else { return [] }
        // Written once, by GDAL (not zeroed first): millions of vertices for a national layer.
        return [Point](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let raw = UnsafeMutableRawPointer(base), stride = Int32(MemoryLayout<Point>.stride)
            let copied = min(count, max(0, Int(OGR_G_GetPoints(lineString, raw, stride, raw + 8, stride, nil, 0))))
            (base + copied).initialize(repeating: Point(x: 0, y: 0), count: count - copied)
            initialized = count
        }
    }

    static func representativePoint(of geometry: OGRGeometryH) -> Point? {
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(geometry))
        if type == wkbPoint {
            return Point(x: OGR_G_GetX(geometry, 0), y: OGR_G_GetY(geometry, 0))
        }
        if type == wkbMultiPoint, OGR_G_GetGeometryCount(geometry) > 0, let first = OGR_G_GetGeometryRef(geometry, 0) {
            return Point(x: OGR_G_GetX(first, 0), y: OGR_G_GetY(first, 0))
        }
        guard let surfacePoint = OGR_G_PointOnSurface(geometry) else { return nil }
        defer { OGR_G_DestroyGeometry(surfacePoint) }
        guard OGR_G_IsEmpty(surfacePoint) == 0 else { return nil }
        return Point(x: OGR_G_GetX(surfacePoint, 0), y: OGR_G_GetY(surfacePoint, 0))
    }

    /// An owned OGR multipolygon built from Swift values (caller destroys it).
    static func makeMultiPolygon(_ multi: MultiPolygon) -> OGRGeometryH? {
        guard let result = OGR_G_CreateGeometry(wkbMultiPolygon) else { return nil }
        for polygon in multi.polygons {
            guard let ogrPolygon = OGR_G_CreateGeometry(wkbPolygon) else { continue }
            for ring in polygon.rings {
                guard let ogrRing = OGR_G_CreateGeometry(wkbLinearRing) else { continue }
                var closed = ring.points
                if let first = closed.first { closed.append(first) }
                let count = Int32(closed.count)
                closed.withUnsafeMutableBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    let stride = Int32(MemoryLayout<Point>.stride)
                    OGR_G_SetPoints(ogrRing, count, base, stride, base + 8, stride, nil, 0)
                }
                OGR_G_AddGeometryDirectly(ogrPolygon, ogrRing)
            }
            OGR_G_AddGeometryDirectly(result, ogrPolygon)
        }
        return result
    }
}

/// Geometry operations delegated to GDAL/GEOS: the repair of invalid zones and the union of
/// a zone's parts (`--repair`).
public enum GEOSOperations {
    /// GDAL's `MakeValid` on a multipolygon; the polygonal part of the result.
    public static func makeValid(_ multi: MultiPolygon) throws(GeoError) -> MultiPolygon {
        try apply("OGR_G_MakeValid", to: multi) { OGR_G_MakeValid($0) }
    }

    /// The union of a multipolygon's parts (GEOS's cascaded union): a part listed twice, or
    /// parts that overlap, cover their ground once.
    public static func union(_ multi: MultiPolygon) throws(GeoError) -> MultiPolygon {
        try apply("OGR_G_UnionCascaded", to: multi) { OGR_G_UnionCascaded($0) }
    }

    /// Runs a GDAL operation that makes a new geometry from `multi`; its polygonal part.
    static func apply(_ function: String, to multi: MultiPolygon, _ operation: (OGRGeometryH) -> OGRGeometryH?) throws(GeoError)
        -> MultiPolygon
    {
        GDALRuntime.ensure()
        guard let geometry = OGRGeometryConversion.makeMultiPolygon(multi) else {
            throw GeoError(function: "OGR_G_CreateGeometry", message: words("impossible de construire la géométrie"))
        }
        defer { OGR_G_DestroyGeometry(geometry) }
        CPLErrorReset()
        guard let result = operation(geometry) else { throw GeoError(function: function, message: GDALRuntime.lastMessage()) }
        defer { OGR_G_DestroyGeometry(result) }
        return OGRGeometryConversion.multiPolygon(from: result) ?? MultiPolygon([])
    }
}
