import Foundation
import GeoBindings
import GeometryCore

/// A table of zones to write: one row per zone, typed columns, and optionally its geometry.
public struct ZoneTable {
    public var layerName: String
    public var fields: [OutputField]
    public var rows: [[FieldValue]]
    public var geometries: [MultiPolygon]?
    public var crs: SpatialReference?
    /// SQL run on a GeoPackage before it is closed (QGIS's `layer_styles`, say).
    public var finalSQL: [String] = []
    /// The layer's description (GeoJSON `description`, GeoPackage contents): the credits of
    /// the data it comes from, so that a map drawn from the file later names them.
    public var description: String?
    /// The CSV convention: for programs by default; `.spreadsheet` for tables meant for people.
    public var csvDialect: CSVDialect = .machine
    /// The CRS to write the shapes in (`--crs`), when not `crs`: GeoPackage, FlatGeobuf and
    /// Shapefile only (GeoJSON is WGS 84 by RFC 7946; tables have no shapes).
    public var outputCRS: SpatialReference?

    public init(layerName: String, fields: [OutputField], rows: [[FieldValue]], geometries: [MultiPolygon]? = nil, crs: SpatialReference? = nil) {
        self.layerName = layerName
        self.fields = fields
        self.rows = rows
        self.geometries = geometries
        self.crs = crs
    }

    /// Why `--crs` cannot apply to an output path, or nil when it can.
    public static func crsProblem(_ path: String) -> String? {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if ["gpkg", "fgb", "shp"].contains(ext) { return nil }
        return ext == "geojson" || ext == "json"
            ? "GeoJSON is always in WGS 84 (RFC 7946): --crs applies to .gpkg, .fgb and .shp"
            : "a table has no shapes: --crs applies to .gpkg, .fgb and .shp"
    }

    /// Whether a path names a spreadsheet (`.xlsx`, `.ods`): a table for people, without shapes.
    public static func isSpreadsheet(_ path: String) -> Bool { ["xlsx", "ods"].contains(URL(fileURLWithPath: path).pathExtension.lowercased()) }

    /// Writes by extension: `.csv` (in `csvDialect`, round-trip numbers), or through GDAL for
    /// `.xlsx` and `.ods` (numbers as numbers, one sheet), `.gpkg`, `.geojson` (RFC 7946: WGS 84,
    /// 6 decimals) and `.fgb`.
    public func write(to path: String) throws {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if outputCRS != nil, let problem = Self.crsProblem(path) { throw ExportError(path: path, message: problem) }
        if ext == "csv" {
            let dialect = csvDialect
            var text = dialect.preamble + dialect.line(fields.map { dialect.field($0.name) })
            for row in rows {
                text += dialect.line(
                    row.map { value -> String in
                        switch value {
                        case .real(let v): dialect.number(v)
                        case .integer(let v): String(v)
                        case .string(let s): dialect.field(s)
                        case .null: ""
                        }
                    })
            }
            try AtomicFile.write(text, to: path)
            return
        }
        guard VectorWriter.driverName(forPath: path) != nil else {
            throw ExportError(path: path, message: "unknown output format .\(ext); use .csv, .xlsx, .ods, .gpkg, .geojson, .fgb or .shp")
        }
        // Spreadsheets (XLSX, ODS through GDAL) hold the table, not the shapes.
        var geometries = ZoneTable.isSpreadsheet(path) ? nil : self.geometries
        var crs = self.crs
        if let outputCRS {
            if let from = crs, let shapes = geometries {
                geometries = try CoordinateTransformer(from: from, to: outputCRS).transform(shapes)
            }
            crs = outputCRS
        }
        var layerOptions: [String] = []
        if ext == "geojson" || ext == "json" { layerOptions = ["RFC7946=YES", "COORDINATE_PRECISION=6", "WRITE_NAME=NO"] }
        if let description, ext == "geojson" || ext == "json" || ext == "gpkg" { layerOptions.append("DESCRIPTION=\(description)") }
        let writer = try VectorWriter(
            path: path, layerName: layerName, spatialReference: geometries == nil ? nil : crs,
            geometry: geometries == nil ? .none : .multiPolygon, fields: fields, layerOptions: layerOptions
        )
        for (i, row) in rows.enumerated() {
            try writer.add(geometry: geometries.map { .multiPolygon($0[i]) }, values: row)
        }
        if ext == "gpkg" { for statement in finalSQL { try writer.executeSQL(statement) } }
        try writer.commit()
    }
}
