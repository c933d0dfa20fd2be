internal import CGDAL
import Foundation
import Support

/// GDAL is set up once per process: drivers registered, and its messages kept out of the
/// terminal (they are read back from the per-thread last error and turned into `GeoError`).
enum GDALRuntime {
    private static let initialised: Bool = {
        CPLSetErrorHandler(CPLQuietErrorHandler)
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0")
        CPLSetConfigOption("OGR_CT_FORCE_TRADITIONAL_GIS_ORDER", "YES")
        // GeoPackages record a "last change" time: fix it so the same inputs give the same
        // bytes (SOURCE_DATE_EPOCH when set, as for reproducible builds).
        CPLSetConfigOption("OGR_CURRENT_DATE", SourceDate.fixedTimestamp)
        GDALAllRegister()
        return true
    }()

    static func ensure() { _ = initialised }

    /// Runs `body` with `pragma` given to the SQLite files (GeoPackage) it creates or opens on
    /// this thread (`OGR_SQLITE_PRAGMA`); as it is when `pragma` is nil or the user set
    /// `OGR_SQLITE_PRAGMA` (theirs is kept).
    static func withSQLitePragma<T>(_ pragma: String?, _ body: () throws(GeoError) -> T) throws(GeoError) -> T {
        guard let pragma, CPLGetConfigOption("OGR_SQLITE_PRAGMA", nil) == nil else { return try body() }
        CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", pragma)
        defer { CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", nil) }
        return try body()
    }

    /// GDAL's last error message on this thread, or an empty string.
    static func lastMessage() -> String {
        guard let message = CPLGetLastErrorMsg() else { return "" }
        return concise(String(cString: message))
    }

    /// PostgreSQL's own message out of GDAL's, which quotes the whole statement first (a
    /// CREATE TABLE of 70 columns): « ERROR:  schema "x" does not exist ».
    static func concise(_ message: String) -> String {
        guard let range = message.range(of: "ERROR:") else {
            // libpq's messages span lines: one line for ours.
            return message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }
        let line = message[range.lowerBound...].prefix { $0 != "\n" }
        return line.replacingOccurrences(of: "ERROR:  ", with: "PostgreSQL: ").trimmingCharacters(in: .whitespaces)
    }

    /// The version string, e.g. "3.6.2".
    static var version: String {
        ensure()
        guard let text = GDALVersionInfo("RELEASE_NAME") else { return "unknown" }
        return String(cString: text)
    }
}

/// Resets GDAL's error state, runs `body`, and throws with GDAL's message when `failed` says so.
@inline(__always)
func gdalCall<T>(_ function: String, path: String? = nil, _ body: () -> T, failed: (T) -> Bool) throws(GeoError) -> T {
    CPLErrorReset()
    let result = body()
    if failed(result) {
        throw GeoError(function: function, message: GDALRuntime.lastMessage(), path: path)
    }
    return result
}

/// Versions of the C libraries, for reports and `run.json`.
public enum GeoLibraries {
    public static var gdalVersion: String { GDALRuntime.version }
    public static var projVersion: String { PROJRuntime.version }
}
