import Foundation
import Support

/// The format of a written layer or table, as ogr2ogr users name it: from `--format` (GDAL's
/// driver name or a short name) or else from the destination — its extension, or a `PG:`
/// connection string for PostGIS.
public enum OutputFormat: String, CaseIterable, Sendable {
    case geoPackage = "GPKG"
    case geoJSON = "GeoJSON"
    case flatGeobuf = "FlatGeobuf"
    case shapefile = "ESRI Shapefile"
    case csv = "CSV"
    case xlsx = "XLSX"
    case ods = "ODS"
    case postGIS = "PostgreSQL"

    /// GDAL's driver name.
    public var driverName: String { rawValue }

    /// The usual extension of a file in this format (nil for PostGIS, a database).
    public var fileExtension: String? {
        switch self {
        case .geoPackage: "gpkg"
        case .geoJSON: "geojson"
        case .flatGeobuf: "fgb"
        case .shapefile: "shp"
        case .csv: "csv"
        case .xlsx: "xlsx"
        case .ods: "ods"
        case .postGIS: nil
        }
    }

    /// Whether the format holds shapes (spreadsheets and CSV hold the table only).
    public var holdsShapes: Bool { ![.csv, .xlsx, .ods].contains(self) }

    /// Whether the shapes can be written in a CRS of one's choice (`--crs`): GeoJSON is WGS 84
    /// by RFC 7946, tables have no shapes.
    public var acceptsCRS: Bool { holdsShapes && self != .geoJSON }

    /// A spreadsheet, the table for people.
    public var isSpreadsheet: Bool { self == .xlsx || self == .ods }

    /// Whether a destination is a PostgreSQL connection string (`PG:dbname=… host=…`).
    public static func isPostGISConnection(_ destination: String) -> Bool { destination.hasPrefix("PG:") }

    /// The format a destination implies: `PG:` for PostGIS, else its extension; nil when
    /// neither says.
    public static func implied(by destination: String) -> OutputFormat? {
        if isPostGISConnection(destination) { return .postGIS }
        let ext = URL(fileURLWithPath: destination).pathExtension.lowercased()
        if ext == "json" { return .geoJSON }
        return allCases.first { $0.fileExtension == ext }
    }

    /// A format from its name: GDAL's driver name (any case) or a short name (`gpkg`,
    /// `geojson`, `fgb`, `shp`, `shapefile`, `csv`, `xlsx`, `ods`, `pg`, `postgis`).
    public static func named(_ name: String) -> OutputFormat? {
        let key = name.lowercased()
        if let format = allCases.first(where: { $0.rawValue.lowercased() == key || $0.fileExtension == key }) { return format }
        switch key {
        case "pg", "postgis", "postgres": return .postGIS
        case "shapefile": return .shapefile
        case "json": return .geoJSON
        default: return nil
        }
    }

    /// The names `--format` accepts, for help and errors.
    public static let acceptedNames = "GPKG, GeoJSON, FlatGeobuf, \"ESRI Shapefile\" (shp), CSV, XLSX, ODS, PostgreSQL (PG)"

    /// Resolves the format of a destination with an optional `--format`; the error says what
    /// was expected. A `--format` that contradicts a known extension or a `PG:` string is
    /// refused rather than writing, say, a GeoPackage named `.geojson`.
    public static func resolve(destination rawDestination: String, requested: String?) -> Result<OutputFormat, OutputFormatError> {
        let implied = implied(by: rawDestination)
        let destination = VectorWriter.redacted(rawDestination)
        guard let requested else {
            if let implied { return .success(implied) }
            return .failure(
                OutputFormatError(
                    message: words(
                        "format de %1$@ inconnu : le nommer .gpkg, .geojson, .fgb, .shp, .csv, .xlsx ou .ods, donner une chaîne de connexion PG:, ou passer --format",
                        destination)))
        }
        guard let format = named(requested) else {
            return .failure(
                OutputFormatError(
                    message: words("--format %1$@ inconnu ; attendu : %2$@", requested, acceptedNames)))
        }
        if let implied, implied != format {
            let ext = URL(fileURLWithPath: destination).pathExtension
            let said = implied == .postGIS ? words("une chaîne de connexion PG:") : words("un fichier .%1$@", ext)
            return .failure(
                OutputFormatError(
                    message: words("--format %1$@ mais %2$@ est %3$@ : changer l'un des deux", requested, destination, said)))
        }
        if format == .postGIS && implied != .postGIS {
            return .failure(
                OutputFormatError(
                    message: words("--format %1$@ demande une chaîne de connexion, par exemple \"PG:dbname=territoire host=localhost\"", requested)))
        }
        // GDAL writes a Shapefile named other than .shp as a folder of files: refuse it.
        if format == .shapefile && implied != .shapefile {
            return .failure(
                OutputFormatError(
                    message: words("un Shapefile doit finir par .shp (reçu : %1$@)", destination)))
        }
        return .success(format)
    }
}

/// Why a destination and a `--format` do not give a format.
public struct OutputFormatError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
