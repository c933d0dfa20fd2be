internal import CGDAL
import Foundation
import Support

/// A coordinate reference system, owned (GDAL's `OGRSpatialReferenceH`), always in the
/// traditional GIS axis order (x = easting or longitude).
public final class SpatialReference: @unchecked Sendable {
    let handle: OGRSpatialReferenceH

    /// Takes ownership of a handle.
    init(owning handle: OGRSpatialReferenceH) {
        self.handle = handle
        OSRSetAxisMappingStrategy(handle, OAMS_TRADITIONAL_GIS_ORDER)
    }

    /// Copies a handle owned by someone else (a layer's CRS).
    static func cloning(_ handle: OGRSpatialReferenceH) -> SpatialReference? {
        guard let copy = OSRClone(handle) else { return nil }
        return SpatialReference(owning: copy)
    }

    deinit { OSRRelease(handle) }

    /// `EPSG:2154`, `IGNF:LAMB93`, a WKT or a PROJ string: anything PROJ knows.
    public convenience init(definition: String) throws(GeoError) {
        GDALRuntime.ensure()
        guard let handle = OSRNewSpatialReference(nil) else {
            throw GeoError(function: "OSRNewSpatialReference", message: words("mémoire insuffisante"))
        }
        CPLErrorReset()
        let status = OSRSetFromUserInput(handle, definition)
        if status != OGRERR_NONE {
            OSRRelease(handle)
            let detail = GDALRuntime.lastMessage()
            throw GeoError(
                function: "OSRSetFromUserInput",
                message: words("système de coordonnées inconnu « %1$@ »", definition)
                    + (detail.isEmpty ? "" : ": \(detail)")
            )
        }
        self.init(owning: handle)
    }

    public convenience init(epsg: Int) throws(GeoError) {
        try self.init(definition: "EPSG:\(epsg)")
    }

    /// "EPSG:2154" when the CRS carries an authority code, nil otherwise.
    public var authorityCode: String? {
        guard let name = OSRGetAuthorityName(handle, nil), let code = OSRGetAuthorityCode(handle, nil) else {
            CPLErrorReset()
            if OSRAutoIdentifyEPSG(handle) == OGRERR_NONE,
                let name = OSRGetAuthorityName(handle, nil), let code = OSRGetAuthorityCode(handle, nil)
            {
                return "\(String(cString: name)):\(String(cString: code))"
            }
            return nil
        }
        return "\(String(cString: name)):\(String(cString: code))"
    }

    /// The EPSG code when there is one.
    public var epsgCode: Int? {
        guard let code = authorityCode, code.hasPrefix("EPSG:") else { return nil }
        return Int(code.dropFirst(5))
    }

    /// The CRS's own name ("RGF93 v1 / Lambert-93").
    public var name: String {
        guard let text = OSRGetName(handle) else { return "unnamed" }
        return String(cString: text)
    }

    public var isGeographic: Bool { OSRIsGeographic(handle) != 0 }
    public var isProjected: Bool { OSRIsProjected(handle) != 0 }

    /// A projected CRS whose coordinates are metres (Lambert-93, LAEA, UTM…).
    public var isProjectedInMetres: Bool { isProjected && abs(OSRGetLinearUnits(handle, nil) - 1) < 1e-12 }

    /// A local engineering CRS, as GDAL reports a GeoPackage layer whose SRS is "undefined".
    public var isUndefinedOrLocal: Bool {
        OSRIsLocal(handle) != 0 || (!isGeographic && !isProjected && OSRIsGeocentric(handle) == 0 && OSRIsCompound(handle) == 0)
    }

    /// WKT2 text, used to hand the CRS to PROJ and to output datasets.
    public var wkt: String {
        var text: UnsafeMutablePointer<CChar>?
        let options = ["FORMAT=WKT2_2019"]
        let status = withCStringList(options) { OSRExportToWktEx(handle, &text, constList($0)) }
        defer { VSIFree(text) }
        guard status == OGRERR_NONE, let text else { return "" }
        return String(cString: text)
    }

    /// The CRS's declared area of use, in degrees (west, south, east, north), if known.
    public var areaOfUse: BoundingBoxDegrees? {
        var west = 0.0, south = 0.0, east = 0.0, north = 0.0
        var name: UnsafePointer<CChar>?
        guard OSRGetAreaOfUse(handle, &west, &south, &east, &north, &name) != 0 else { return nil }
        return BoundingBoxDegrees(west: west, south: south, east: east, north: north)
    }

    public func isSame(as other: SpatialReference) -> Bool {
        OSRIsSame(handle, other.handle) != 0
    }
}

/// A longitude/latitude box, as in a CRS's area of use.
public struct BoundingBoxDegrees: Sendable, Hashable {
    public var west, south, east, north: Double

    public init(west: Double, south: Double, east: Double, north: Double) {
        self.west = west
        self.south = south
        self.east = east
        self.north = north
    }
}

/// Calls `body` with a NULL-terminated C string list (GDAL's `char **` options).
func withCStringList<R>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress) }
}

/// GDAL's `CSLConstList` view of an option list.
func constList(_ list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> UnsafePointer<UnsafePointer<CChar>?>? {
    list.map { UnsafePointer(OpaquePointer($0)) }
}
