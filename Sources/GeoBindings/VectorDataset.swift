internal import CGDAL
import Foundation
import GeometryCore
import Support

/// An open vector dataset (any format GDAL reads), owned and closed on release.
public final class VectorDataset {
    let handle: GDALDatasetH
    public let path: String

    /// Opens `path` read-only as a vector dataset. A folder, an unreadable file or a file GDAL
    /// does not recognise is an error naming the path. A `PG:` connection string opens a
    /// PostGIS database (its password left out of messages).
    public init(path: String) throws(GeoError) {
        GDALRuntime.ensure()
        if OutputFormat.isPostGISConnection(path) {
            self.handle = try VectorWriter.openDatabase(path, update: false)
            self.path = VectorWriter.redacted(path)
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw GeoError(function: "GDALOpenEx", message: words("fichier introuvable"), path: path)
        }
        if isDirectory.boolValue, !path.hasSuffix(".gdb") {
            throw GeoError(function: "GDALOpenEx", message: words("est un dossier, attendu un fichier"), path: path)
        }
        let flags = UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR)
        let opened = try gdalCall("GDALOpenEx", path: path, { GDALOpenEx(path, flags, nil, nil, nil) }, failed: { $0 == nil })
        guard let opened else { throw GeoError(function: "GDALOpenEx", message: words("impossible à ouvrir"), path: path) }
        self.handle = opened
        self.path = path
    }

    deinit { GDALClose(handle) }

    /// The short name of the GDAL driver ("GPKG", "GeoJSON", "ESRI Shapefile"…).
    public var driverName: String {
        guard let driver = GDALGetDatasetDriver(handle), let name = GDALGetDriverShortName(driver) else { return "unknown" }
        return String(cString: name)
    }

    public var layerCount: Int { Int(GDALDatasetGetLayerCount(handle)) }

    public func layer(at index: Int) throws(GeoError) -> VectorLayer {
        guard index >= 0, index < layerCount, let layer = GDALDatasetGetLayer(handle, Int32(index)) else {
            throw GeoError(function: "GDALDatasetGetLayer", message: words("pas de couche %1$@", index), path: path)
        }
        return VectorLayer(handle: layer, dataset: self)
    }

    public func layer(named name: String) throws(GeoError) -> VectorLayer {
        guard let layer = GDALDatasetGetLayerByName(handle, name) else {
            let names = (0..<layerCount).compactMap { try? self.layer(at: $0).name }
            throw GeoError(
                function: "GDALDatasetGetLayerByName",
                message: words("aucune couche nommée « %1$@ » ; couches : %2$@", name, names.joined(separator: ", ")),
                path: path
            )
        }
        return VectorLayer(handle: layer, dataset: self)
    }

    public var layerNames: [String] { (0..<layerCount).compactMap { try? layer(at: $0).name } }

    /// Lends each feature of `layers` in the file's own order (GDAL's dataset-level reading):
    /// the way to read several layers of an OpenStreetMap extract of a region, whose driver
    /// otherwise piles up the features of the layers not being read. Each layer's filters
    /// apply; features of other layers are dropped as they come.
    public func forEachFeatureInFileOrder(of layers: [VectorLayer], _ body: (VectorLayer, borrowing Feature) throws -> Void) throws {
        GDALDatasetResetReading(handle)
        var byHandle: [OGRLayerH: VectorLayer] = [:]
        for layer in layers { byHandle[layer.handle] = layer }
        while true {
            CPLErrorReset()
            var from: OGRLayerH?
            guard let raw = GDALDatasetGetNextFeature(handle, &from, nil, nil, nil) else {
                if CPLGetLastErrorType() == CE_Failure {
                    throw GeoError(function: "GDALDatasetGetNextFeature", message: GDALRuntime.lastMessage(), path: path)
                }
                return
            }
            let feature = Feature(owning: raw)
            guard let from, let layer = byHandle[from] else { continue }
            try body(layer, feature)
        }
    }
}

/// The type of an attribute field, as far as readers care.
public enum FieldKind: Sendable, Equatable {
    case integer, real, string, other
}

/// A field of a layer: its position, name and kind.
public struct FieldDefinition: Sendable, Equatable {
    public var index: Int
    public var name: String
    public var kind: FieldKind
}

/// A layer of a dataset. It keeps its dataset open as long as it lives.
public final class VectorLayer {
    let handle: OGRLayerH
    let dataset: VectorDataset

    init(handle: OGRLayerH, dataset: VectorDataset) {
        self.handle = handle
        self.dataset = dataset
    }

    public var path: String { dataset.path }

    public var name: String { String(cString: OGR_L_GetName(handle)) }

    /// A metadata item of the layer (GeoJSON's `description`, a GeoPackage's description as
    /// `DESCRIPTION`), or nil.
    public func metadataItem(_ key: String) -> String? {
        guard let value = GDALGetMetadataItem(handle, key, nil) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// Whether the layer holds a feature (with the current filters): reads the first one only,
    /// where a count may scan a whole file or be unknown (OpenStreetMap's driver says −1).
    public var hasFeature: Bool {
        OGR_L_ResetReading(handle)
        guard let feature = OGR_L_GetNextFeature(handle) else { return false }
        OGR_F_Destroy(feature)
        OGR_L_ResetReading(handle)
        return true
    }

    /// Number of features (with the current filter); may scan the layer for some formats.
    public var featureCount: Int { Int(OGR_L_GetFeatureCount(handle, 1)) }

    /// The layer's CRS, or nil when the file declares none.
    public var spatialReference: SpatialReference? {
        guard let srs = OGR_L_GetSpatialRef(handle) else { return nil }
        return SpatialReference.cloning(srs)
    }

    public var fields: [FieldDefinition] {
        guard let definition = OGR_L_GetLayerDefn(handle) else { return [] }
        return (0..<Int(OGR_FD_GetFieldCount(definition))).compactMap { i in
            guard let field = OGR_FD_GetFieldDefn(definition, Int32(i)) else { return nil }
            let kind: FieldKind =
                switch OGR_Fld_GetType(field) {
                case OFTInteger, OFTInteger64: .integer
                case OFTReal: .real
                case OFTString: .string
                default: .other
                }
            return FieldDefinition(index: i, name: String(cString: OGR_Fld_GetNameRef(field)), kind: kind)
        }
    }

    /// The extent of the layer's geometries in its own CRS.
    public var extent: BoundingBox? {
        var envelope = OGREnvelope()
        guard OGR_L_GetExtent(handle, &envelope, 1) == OGRERR_NONE else { return nil }
        return BoundingBox(minX: envelope.MinX, minY: envelope.MinY, maxX: envelope.MaxX, maxY: envelope.MaxY)
    }

    /// Keeps only the features whose geometry meets a rectangle, in the layer's CRS (GDAL's
    /// drivers skip the others as they read); nil reads them all again.
    public func setSpatialFilter(_ box: BoundingBox?) {
        hasSpatialFilter = box != nil
        if let box {
            OGR_L_SetSpatialFilterRect(handle, box.minX, box.minY, box.maxX, box.maxY)
        } else {
            OGR_L_SetSpatialFilter(handle, nil)
        }
    }

    /// Whether `setSpatialFilter` keeps only some features.
    public private(set) var hasSpatialFilter = false

    /// The OGR SQL `WHERE` clause `setAttributeFilter` set, if any.
    public private(set) var attributeFilter: String?

    /// Keeps only the features matching an OGR SQL `WHERE` clause (`INSEE_COM = '93010'`).
    public func setAttributeFilter(_ whereClause: String?) throws(GeoError) {
        let status = try gdalCall(
            "OGR_L_SetAttributeFilter", path: path,
            { OGR_L_SetAttributeFilter(handle, whereClause) }, failed: { $0 != OGRERR_NONE }
        )
        _ = status
        attributeFilter = whereClause
    }

    /// The fields GDAL leaves unread (null in every feature), as `ignoreFields` set them.
    public private(set) var ignoredFields: [String] = []

    /// Reads only the fields a caller needs: GDAL leaves the others out of its queries and
    /// its features (they read as null). Field names as the layer spells them.
    public func ignoreFields(_ names: [String]) throws(GeoError) {
        let status = try gdalCall(
            "OGR_L_SetIgnoredFields", path: path,
            { withCStringList(names) { OGR_L_SetIgnoredFields(handle, $0.map { UnsafeMutablePointer(OpaquePointer($0)) }) } }, failed: { $0 != OGRERR_NONE }
        )
        _ = status
        ignoredFields = names
    }

    /// Lends each feature in turn to `body`; the feature is destroyed when `body` returns.
    public func forEachFeature(_ body: (borrowing Feature) throws -> Void) throws {
        OGR_L_ResetReading(handle)
        while true {
            CPLErrorReset()
            guard let raw = OGR_L_GetNextFeature(handle) else {
                if CPLGetLastErrorType() == CE_Failure {
                    throw GeoError(function: "OGR_L_GetNextFeature", message: GDALRuntime.lastMessage(), path: path)
                }
                return
            }
            let feature = Feature(owning: raw)
            try body(feature)
        }
    }
}

extension VectorLayer {
    /// `body`'s result for every feature, in `forEachFeature`'s order, read on up to `threads`
    /// threads when the layer is a GeoPackage table of at least `perThread` features a
    /// thread: each thread opens the file again and takes its share of the table's range of
    /// FIDs (SQLite reads only those rows); the parts are merged by FID, the table's own
    /// order. An error is the one a single pass would meet first: the failing feature of
    /// smallest FID. Otherwise (or with a spatial filter) one pass, as `forEachFeature`. Each
    /// part reads the same fields (`ignoredFields`) and keeps the same features
    /// (`attributeFilter`).
    public func mapFeatures<T: Sendable>(
        threads: Int, perThread: Int = 4096, _ body: @Sendable (borrowing Feature) throws -> T
    ) throws -> [T] {
        let fidColumn = OGR_L_GetFIDColumn(handle).map { String(cString: $0) } ?? ""
        let parts =
            dataset.driverName == "GPKG" && !fidColumn.isEmpty && threads > 1 && !hasSpatialFilter
            ? min(threads, featureCount / max(1, perThread)) : 1
        guard parts > 1 else {
            var values: [T] = []
            try forEachFeature { values.append(try body($0)) }
            return values
        }
        let path = self.path, name = self.name, ignored = ignoredFields, filter = attributeFilter
        let quoted = SQLiteConnection.quoted(fidColumn)
        // Each part a range of FIDs (SQLite reads only its pages) when the table's FIDs are
        // known; otherwise every part scans the table for the FIDs of its residue.
        let fids = fidRange(column: quoted)
        var read = try parallelMap(count: parts, threads: parts) { k -> FeaturePart<T> in
            let dataset = try VectorDataset(path: path)
            let layer = try dataset.layer(named: name)
            let share =
                fids.map { range in
                    let span = range.upperBound - range.lowerBound + 1
                    let low = range.lowerBound + span * Int64(k) / Int64(parts), high = range.lowerBound + span * Int64(k + 1) / Int64(parts)
                    return "\(quoted) >= \(low) AND \(quoted) < \(high)"
                } ?? "\(quoted) % \(parts) = \(k)"
            try layer.setAttributeFilter(filter.map { "(\($0)) AND \(share)" } ?? share)
            if !ignored.isEmpty { try layer.ignoreFields(ignored) }
            var part = FeaturePart<T>()
            var current: Int64 = .max
            do {
                try layer.forEachFeature { feature in
                    current = feature.id
                    let value = try body(feature)
                    part.fids.append(current)
                    part.values.append(value)
                }
            } catch {
                part.failure = (current, error)
            }
            return part
        }
        if let first = read.compactMap({ $0.failure }).min(by: { $0.fid < $1.fid }) { throw first.error }
        // Merged by FID through small keys (the values themselves are not moved while sorting),
        // each value then moved out of its part, not copied (a copy of a generic value goes
        // through its type's witnesses: texts and rings retained one by one).
        var order: [(fid: Int64, part: Int32, index: Int32)] = []
        order.reserveCapacity(read.reduce(0) { $0 + $1.fids.count })
        for (p, part) in read.enumerated() {
            for (i, fid) in part.fids.enumerated() { order.append((fid, Int32(p), Int32(i))) }
        }
        order.sort { $0.fid < $1.fid }
        var merged: [T] = []
        merged.reserveCapacity(order.count)
        for key in order {
            if let value = read[Int(key.part)].values[Int(key.index)].take() { merged.append(consume value) }
        }
        return merged
    }
}

extension VectorLayer {
    /// The smallest and largest FID of a GeoPackage table (`column`, quoted), through SQLite's
    /// own SQL; nil when the dataset does not say.
    fileprivate func fidRange(column: String) -> ClosedRange<Int64>? {
        let table = SQLiteConnection.quoted(name)
        guard let result = GDALDatasetExecuteSQL(dataset.handle, "SELECT min(\(column)), max(\(column)) FROM \(table)", nil, nil) else { return nil }
        defer { GDALDatasetReleaseResultSet(dataset.handle, result) }
        guard let feature = OGR_L_GetNextFeature(result) else { return nil }
        defer { OGR_F_Destroy(feature) }
        guard OGR_F_GetFieldCount(feature) == 2, OGR_F_IsFieldSetAndNotNull(feature, 0) != 0, OGR_F_IsFieldSetAndNotNull(feature, 1) != 0 else { return nil }
        let low = OGR_F_GetFieldAsInteger64(feature, 0), high = OGR_F_GetFieldAsInteger64(feature, 1)
        return low <= high ? low...high : nil
    }
}

/// The features one reading pass took (with their FIDs), and where it stopped on an error.
private struct FeaturePart<T: Sendable>: Sendable {
    /// The features' FIDs, and their values (optional so that the merge can move each out
    /// with `take()` instead of copying it; apart, so that reading a FID copies no value).
    var fids: [Int64] = []
    var values: [T?] = []
    var failure: (fid: Int64, error: any Error)?
}

/// One feature, owned only while it is lent to a `forEachFeature` closure.
public struct Feature: ~Copyable {
    let handle: OGRFeatureH

    init(owning handle: OGRFeatureH) { self.handle = handle }

    deinit { OGR_F_Destroy(handle) }

    public var id: Int64 { Int64(OGR_F_GetFID(handle)) }

    public func isNull(_ field: Int) -> Bool { OGR_F_IsFieldSetAndNotNull(handle, Int32(field)) == 0 }

    /// The field as text (GDAL's own formatting for numbers), nil when null or unset.
    public func string(_ field: Int) -> String? {
        guard !isNull(field), let text = OGR_F_GetFieldAsString(handle, Int32(field)) else { return nil }
        return String(cString: text)
    }

    public func double(_ field: Int) -> Double? {
        isNull(field) ? nil : OGR_F_GetFieldAsDouble(handle, Int32(field))
    }

    public func integer(_ field: Int) -> Int64? {
        isNull(field) ? nil : Int64(OGR_F_GetFieldAsInteger64(handle, Int32(field)))
    }

    /// The feature's geometry as polygons, nil when it has none. Curves are linearised;
    /// points and lines give an empty result (the caller says what was expected).
    public func polygons() -> MultiPolygon? {
        guard let geometry = OGR_F_GetGeometryRef(handle) else { return nil }
        return OGRGeometryConversion.multiPolygon(from: geometry)
    }

    /// The flat geometry type name ("Polygon", "Point"…), nil without geometry.
    public var geometryTypeName: String? {
        guard let geometry = OGR_F_GetGeometryRef(handle) else { return nil }
        return String(cString: OGRGeometryTypeToName(OGR_GT_Flatten(OGR_G_GetGeometryType(geometry))))
    }

    /// The feature's lines (a LineString, or each part of a MultiLineString); empty otherwise.
    public func lineStrings() -> [[Point]] {
        guard let geometry = OGR_F_GetGeometryRef(handle) else { return [] }
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(geometry))
        if type == wkbLineString { return [OGRGeometryConversion.points(of: geometry)] }
        guard type == wkbMultiLineString else { return [] }
        return (0..<OGR_G_GetGeometryCount(geometry)).compactMap { i in
            OGR_G_GetGeometryRef(geometry, i).map { OGRGeometryConversion.points(of: $0) }
        }
    }

    /// A point of the geometry: the point itself, or a point guaranteed on a polygon's surface.
    public func representativePoint() -> Point? {
        guard let geometry = OGR_F_GetGeometryRef(handle) else { return nil }
        return OGRGeometryConversion.representativePoint(of: geometry)
    }
}
