import Foundation
import GeoBindings
import GeometryCore
import Risk
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
    /// What each column means (label, unit, description, source): a « dictionnaire » sheet in
    /// a workbook, the GeoPackage's `gpkg_data_columns`.
    public var dictionary: [ColumnDefinition] = []
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
            ? words("un GeoJSON est toujours en WGS 84 (RFC 7946) : --crs s'applique à .gpkg, .fgb, .shp et PostGIS")
            : words("une table n'a pas de formes : --crs s'applique à .gpkg, .fgb, .shp et PostGIS")
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
                message: words("format de sortie inconnu ; utilisez .csv, .xlsx, .ods, .gpkg, .geojson, .fgb, .shp ou une chaîne de connexion PG:"))
        }
        if outputCRS != nil, let problem = Self.crsProblem(path, format: format) { throw ExportError(path: path, message: problem) }
        if format == .csv {
            let dialect = csvDialect, rows = self.rows
            // Blocks of rows written on the worker threads, joined in order.
            let blockSize = 2_048
            let blocks = try parallelMap(count: (rows.count + blockSize - 1) / blockSize, threads: threads) { b in
                var text = ""
                for row in rows[(b * blockSize)..<min(rows.count, (b + 1) * blockSize)] {
                    text += dialect.line(
                        row.map { value -> String in
                            switch value {
                            case .real(let v): dialect.number(v)
                            case .integer(let v): String(v)
                            case .string(let s): dialect.field(s)
                            case .null: ""
                            case .date(let y, let m, let d): FieldValue.isoDate(y, m, d)
                            }
                        })
                }
                return text
            }
            try AtomicFile.write(dialect.preamble + dialect.line(fields.map { dialect.field($0.name) }) + blocks.joined(), to: path)
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
        if format == .geoPackage { for statement in dataColumnsSQL() { try writer.executeSQL(statement) } }
        if format.isSpreadsheet { try addReadingSheets(to: writer) }
        try writer.commit()
        if format == .xlsx { try WorkbookFormats.apply(WorkbookFormats.formats(fields: fields, dictionary: dictionary), to: path) }
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
        _ destination: String, format: OutputFormat? = nil, layerName: String? = nil, replacingTable: Bool = false, crs: String? = nil, threads: Int
    ) {
        self.threads = threads
        self.destination = destination
        self.format = format
        self.layerName = layerName
        self.replacingTable = replacingTable
        self.crs = crs
    }

    /// The format asked for, or the one the destination's extension implies.
    public var impliedFormat: OutputFormat? { format ?? OutputFormat.implied(by: destination) }

    /// Whether the output carries the zones' shapes (not a CSV or a spreadsheet).
    public var holdsShapes: Bool { impliedFormat?.holdsShapes ?? false }

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

extension ZoneTable {
    /// The dictionary's entries for this table's columns, in the table's order.
    var describedColumns: [ColumnDefinition] {
        let byName = Dictionary(dictionary.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        return fields.compactMap { byName[$0.name] }
    }

    /// The GeoPackage schema extension's `gpkg_data_columns`: each column's label as its title,
    /// and its description with the unit and the source, for QGIS and any GeoPackage reader.
    func dataColumnsSQL() -> [String] {
        let columns = describedColumns
        guard !columns.isEmpty else { return [] }
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        var statements = [
            """
            CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, \
            definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))
            """,
            """
            CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT, \
            description TEXT, mime_type TEXT, constraint_name TEXT, CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), \
            CONSTRAINT gdc_tn UNIQUE (table_name, name))
            """,
            """
            INSERT OR IGNORE INTO gpkg_extensions VALUES ('gpkg_data_columns', NULL, 'gpkg_schema', \
            'http://www.geopackage.org/spec/#extension_schema', 'read-write')
            """,
        ]
        for column in columns {
            let description = "\(column.description) (unité : \(column.unit) ; source : \(column.source))"
            statements.append(
                "INSERT OR REPLACE INTO gpkg_data_columns (table_name, column_name, name, title, description) VALUES ("
                    + [layerName, column.name, column.name, column.label, description].map(quoted).joined(separator: ", ") + ")")
        }
        return statements
    }

    /// A workbook's two reading sheets after the table: « dictionnaire » (each column's
    /// label, unit, description, source) and « sources » (each source with its licence).
    func addReadingSheets(to writer: VectorWriter) throws {
        let columns = describedColumns
        if !columns.isEmpty {
            try writer.addLayer(
                name: "dictionnaire", spatialReference: nil, geometry: .none,
                fields: ["colonne", "libelle", "unite", "description", "source"].map { OutputField($0, .string) })
            for column in columns {
                try writer.add(geometry: nil, values: [column.name, column.label, column.unit, column.description, column.source].map { .string($0) })
            }
        }
        let sources = Self.sources(of: description)
        if !sources.isEmpty {
            try writer.addLayer(
                name: "sources", spatialReference: nil, geometry: .none, fields: ["source", "licence"].map { OutputField($0, .string) })
            for (source, licence) in sources { try writer.add(geometry: nil, values: [.string(source), .string(licence)]) }
        }
    }

    /// The sources a layer's credits name (« Sources : Insee, Filosofi 2019 ; … »), each with
    /// the licence its producer publishes it under.
    static func sources(of credits: String?) -> [(String, String)] {
        guard let credits else { return [] }
        let list = credits.hasPrefix("Sources : ") ? String(credits.dropFirst("Sources : ".count)) : credits
        return list.components(separatedBy: " ; ").filter { !$0.isEmpty }.map { source in
            let licence =
                source.contains("OpenStreetMap")
                ? "ODbL (Open Database License)"
                : (["Insee", "IGN", "Cnaf", "Etalab"].contains { source.contains($0) } ? "Licence Ouverte / Etalab 2.0" : "voir la source")
            return (source, licence)
        }
    }
}

extension ZoneTable {
    /// The data dictionary as a table for people (`dictionnaire_variables.csv`): one row per
    /// column, with its table, label, unit, description and source.
    public static func dictionaryCSV(_ columns: [ColumnDefinition]) -> String {
        let dialect = CSVDialect.spreadsheet
        var text = dialect.preamble + dialect.line(["table", "colonne", "libelle", "unite", "description", "source"].map(dialect.field))
        for column in columns {
            text += dialect.line([column.table, column.name, column.label, column.unit, column.description, column.source].map(dialect.field))
        }
        return text
    }
}
