import Foundation
import GeoBindings
import GeometryCore
import Support

/// A table of zones to write: one row per zone, typed columns, and optionally its geometry.
public struct ZoneTable {
    public var layerName: String
    public var fields: [OutputField]
    public var rows: [[FieldValue]]
    public var geometries: [MultiPolygon]?
    public var crs: SpatialReference?
    /// The QGIS default style, written in the GeoPackage or PostGIS database's `layer_styles`.
    public var style: LayerStyle?
    /// The layer's description (GeoJSON `description`, GeoPackage contents): the credits of
    /// the data it comes from, so that a map drawn from the file later names them.
    public var description: String?
    /// The CSV convention: for programs by default; `.spreadsheet` for tables meant for people.
    public var csvDialect: CSVDialect = .machine
    /// The CRS to write the shapes in (`--crs`), when not `crs`: GeoPackage, FlatGeobuf and
    /// Shapefile only (GeoJSON is WGS 84 by RFC 7946; tables have no shapes).
    public var outputCRS: SpatialReference?
    /// Threads for a large GeoJSON, written by GDAL in parts side by side (`GeoJSONInParts`);
    /// the file is the same byte for byte.
    public var threads = 1
    /// The fewest zones a part of a GeoJSON gets (a smaller table is written in one pass).
    var zonesPerGeoJSONPart = 1000

    public init(layerName: String, fields: [OutputField], rows: [[FieldValue]], geometries: [MultiPolygon]? = nil, crs: SpatialReference? = nil) {
        self.layerName = layerName
        self.fields = fields
        self.rows = rows
        self.geometries = geometries
        self.crs = crs
    }

    /// GDAL's layer creation options for `format`: GeoJSON in RFC 7946 with 6 decimals, and
    /// the description where the format keeps one.
    func layerOptions(for format: OutputFormat) -> [String] {
        var options: [String] = []
        if format == .geoJSON { options = ["RFC7946=YES", "COORDINATE_PRECISION=6", "WRITE_NAME=NO"] }
        if let description, [.geoJSON, .geoPackage, .postGIS].contains(format) { options.append("DESCRIPTION=\(description)") }
        return options
    }

    /// Why `--crs` cannot apply to an output, or nil when it can.
    public static func crsProblem(_ path: String, format: OutputFormat? = nil) -> String? {
        guard let format = format ?? OutputFormat.implied(by: path), !format.acceptsCRS else { return nil }
        return format == .geoJSON
            ? fr(
                "un GeoJSON est toujours en WGS 84 (RFC 7946) : --crs s'applique à .gpkg, .fgb, .shp et PostGIS",
                en: "GeoJSON is always in WGS 84 (RFC 7946): --crs applies to .gpkg, .fgb, .shp and PostGIS")
            : fr(
                "une table n'a pas de formes : --crs s'applique à .gpkg, .fgb, .shp et PostGIS",
                en: "a table has no shapes: --crs applies to .gpkg, .fgb, .shp and PostGIS")
    }

    /// Whether a path names a spreadsheet (`.xlsx`, `.ods`): a table for people, without shapes.
    public static func isSpreadsheet(_ path: String) -> Bool { OutputFormat.implied(by: path)?.isSpreadsheet ?? false }

    /// Writes in `format` (default: the one the destination implies): `.csv` (in `csvDialect`,
    /// round-trip numbers), or through GDAL: `.xlsx` and `.ods` (numbers as numbers, one sheet),
    /// `.gpkg`, `.geojson` (RFC 7946: WGS 84, 6 decimals), `.fgb`, `.shp`, and PostGIS (a `PG:`
    /// connection string; the table is the layer name, replaced only with `replacingTable`).
    public func write(to path: String, format: OutputFormat? = nil, replacingTable: Bool = false) throws {
        guard let format = format ?? OutputFormat.implied(by: path) else {
            throw ExportError(
                path: path,
                message: fr(
                    "format de sortie inconnu ; utilisez .csv, .xlsx, .ods, .gpkg, .geojson, .fgb, .shp ou une chaîne de connexion PG:",
                    en: "unknown output format; use .csv, .xlsx, .ods, .gpkg, .geojson, .fgb, .shp or a PG: connection string"))
        }
        if outputCRS != nil, let problem = Self.crsProblem(path, format: format) { throw ExportError(path: path, message: problem) }
        if format == .csv {
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
        // Spreadsheets (XLSX, ODS through GDAL) hold the table, not the shapes.
        var geometries = format.holdsShapes ? self.geometries : nil
        var crs = self.crs
        if let outputCRS {
            if let from = crs, let shapes = geometries {
                geometries = try CoordinateTransformer(from: from, to: outputCRS).transform(shapes)
            }
            crs = outputCRS
        }
        let layerOptions = layerOptions(for: format)
        if format == .geoJSON, let geometries, let crs,
            try GeoJSONInParts.write(
                self, geometries: geometries, crs: crs, layerOptions: layerOptions, to: path, parts: min(threads, rows.count / max(1, zonesPerGeoJSONPart)))
        {
            return
        }
        let writer = try VectorWriter(
            path: path, format: format, layerName: layerName, spatialReference: geometries == nil ? nil : crs,
            geometry: geometries == nil ? .none : .multiPolygon, fields: fields, layerOptions: layerOptions, replacingTable: replacingTable,
            expectedFeatures: rows.count
        )
        let shapes = HandedOver(geometries), table = HandedOver(rows)
        try writer.add(count: rows.count, threads: threads, geometry: { i in shapes.value.map { .multiPolygon($0[i]) } }, values: { table.value[$0] })
        for statement in style?.sql(for: format, table: layerName) ?? [] { try writer.executeSQL(statement) }
        try writer.commit()
    }
}

/// Where a table of zones goes, as the command line says it: a file or a PostGIS database
/// (`PG:…`), in which format (default: the one the destination implies), under which layer
/// or table name (default: the command's own), in which CRS, and whether an existing PostGIS
/// table may be replaced.
public struct ZoneOutput: Sendable {
    public var destination: String
    public var format: OutputFormat?
    public var layerName: String?
    public var replacingTable: Bool
    public var crs: String?
    /// Threads a large GeoJSON may be written on.
    public var threads: Int

    public init(
        _ destination: String, format: OutputFormat? = nil, layerName: String? = nil, replacingTable: Bool = false, crs: String? = nil, threads: Int = 1
    ) {
        self.threads = threads
        self.destination = destination
        self.format = format
        self.layerName = layerName
        self.replacingTable = replacingTable
        self.crs = crs
    }

    /// Throws when PROJ does not know the CRS asked for: called before the long steps.
    public func checkCRS() throws { _ = try crs.map { try SpatialReference(definition: $0) } }

    /// Writes `table` there, in the CRS asked for.
    public func write(_ table: ZoneTable) throws {
        var table = table
        if let layerName { table.layerName = layerName }
        if let crs { table.outputCRS = try SpatialReference(definition: crs) }
        table.threads = threads
        try table.write(to: destination, format: format, replacingTable: replacingTable)
    }
}
