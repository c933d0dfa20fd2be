import CGDAL
import Foundation
import GeometryCore

/// GDAL and GEOS used as independent oracles in tests, through their C API directly (not
/// through GeoBindings, whose conversions are under test): intersection areas for the overlay,
/// validity, and raster reads of rendered maps.
public struct OracleError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

func lastMessage() -> String { CPLGetLastErrorMsg().map { String(cString: $0) } ?? "" }

public enum GEOSOracle {
    /// Well-known text of a multipolygon, rings closed.
    public static func wkt(_ multi: MultiPolygon) -> String {
        func ring(_ r: Ring) -> String {
            var points = r.points
            if let first = points.first, first != points.last { points.append(first) }
            return "(" + points.map { String(format: "%.17g %.17g", $0.x, $0.y) }.joined(separator: ", ") + ")"
        }
        return "MULTIPOLYGON(" + multi.polygons.map { "(" + $0.rings.map(ring).joined(separator: ", ") + ")" }.joined(separator: ", ") + ")"
    }

    static func geometry(_ multi: MultiPolygon) throws(OracleError) -> OGRGeometryH {
        var text: UnsafeMutablePointer<CChar>? = strdup(wkt(multi))
        let start = text
        defer { free(start) }
        var geometry: OGRGeometryH?
        guard OGR_G_CreateFromWkt(&text, nil, &geometry) == OGRERR_NONE, let geometry else { throw OracleError("OGR_G_CreateFromWkt failed") }
        return geometry
    }

    /// Area of the intersection of two multipolygons, computed by GEOS.
    public static func intersectionArea(_ a: MultiPolygon, _ b: MultiPolygon) throws(OracleError) -> Double {
        let ga = try geometry(a), gb = try geometry(b)
        defer {
            OGR_G_DestroyGeometry(ga)
            OGR_G_DestroyGeometry(gb)
        }
        guard let intersection = OGR_G_Intersection(ga, gb) else { throw OracleError("OGR_G_Intersection: \(lastMessage())") }
        defer { OGR_G_DestroyGeometry(intersection) }
        return OGR_G_Area(intersection)
    }

    /// Whether GEOS considers the geometry valid.
    public static func isValid(_ multi: MultiPolygon) -> Bool {
        guard let geometry = try? geometry(multi) else { return false }
        defer { OGR_G_DestroyGeometry(geometry) }
        return OGR_G_IsValid(geometry) != 0
    }
}

/// A raster image read whole through GDAL (PNG, GeoTIFF…): 8-bit bands, row-major. Used to
/// check renderings (a map's PNG, a report's screenshot).
public struct RasterImage: Sendable {
    public var width: Int
    public var height: Int
    /// One array of `width × height` bytes per band (RGB or RGBA for a PNG).
    public var bands: [[UInt8]]

    public static func read(path: String) throws(OracleError) -> RasterImage {
        GDALAllRegister()
        guard let dataset = GDALOpen(path, GA_ReadOnly) else {
            throw OracleError("GDALOpen \(path): \(lastMessage())")
        }
        defer { GDALClose(dataset) }
        let width = Int(GDALGetRasterXSize(dataset)), height = Int(GDALGetRasterYSize(dataset))
        var bands: [[UInt8]] = []
        for b in 1...max(1, Int(GDALGetRasterCount(dataset))) {
            guard let band = GDALGetRasterBand(dataset, Int32(b)) else { break }
            var pixels = [UInt8](repeating: 0, count: width * height)
            let status = pixels.withUnsafeMutableBytes { buffer in
                GDALRasterIO(band, GF_Read, 0, 0, Int32(width), Int32(height), buffer.baseAddress, Int32(width), Int32(height), GDT_Byte, 0, 0)
            }
            guard status == CE_None else { throw OracleError("GDALRasterIO \(path): \(lastMessage())") }
            bands.append(pixels)
        }
        return RasterImage(width: width, height: height, bands: bands)
    }

    /// The pixel's colour as `#rrggbb` (the first three bands).
    public func color(x: Int, y: Int) -> String? {
        guard x >= 0, y >= 0, x < width, y < height, bands.count >= 3 else { return nil }
        let i = y * width + x
        return String(format: "#%02x%02x%02x", bands[0][i], bands[1][i], bands[2][i])
    }
}

/// A GeoPackage read through SQLite's own SQL (GDAL's native dialect for the format): to
/// compare files row by row, blob by blob, whoever wrote them.
public enum GeoPackageOracle {
    /// The rows of a query (a statement when `update`), each field as text: a real as Swift writes it back exactly, a
    /// NULL as « NULL ».
    public static func rows(_ path: String, _ sql: String, update: Bool = false) throws(OracleError) -> [[String]] {
        GDALAllRegister()
        guard let dataset = GDALOpenEx(path, UInt32(GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : 0)), nil, nil, nil) else {
            throw OracleError("GDALOpenEx \(path): \(lastMessage())")
        }
        defer { GDALClose(dataset) }
        CPLErrorReset()
        guard let result = GDALDatasetExecuteSQL(dataset, sql, nil, nil) else {
            if CPLGetLastErrorType() == CE_Failure { throw OracleError("\(sql): \(lastMessage())") }
            return []
        }
        defer { GDALDatasetReleaseResultSet(dataset, result) }
        let definition = OGR_L_GetLayerDefn(result)
        let fieldCount = OGR_FD_GetFieldCount(definition)
        var rows: [[String]] = []
        while let feature = OGR_L_GetNextFeature(result) {
            defer { OGR_F_Destroy(feature) }
            rows.append(
                (0..<fieldCount).map { k in
                    guard OGR_F_IsFieldSetAndNotNull(feature, k) != 0 else { return "NULL" }
                    if OGR_Fld_GetType(OGR_FD_GetFieldDefn(definition, k)) == OFTReal { return "\(OGR_F_GetFieldAsDouble(feature, k))" }
                    return String(cString: OGR_F_GetFieldAsString(feature, k))
                })
        }
        return rows
    }
}
