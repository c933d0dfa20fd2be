import ArgumentParser
import Exports
import GeoBindings

/// Where and how a table of zones is written, as ogr2ogr users expect: the destination, its
/// format (from `--format` or the destination), the CRS of its shapes, and whether an existing
/// PostGIS table may be replaced.
struct ZoneOutputOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Output: a file (.gpkg, .geojson, .fgb, .shp, .csv, .xlsx, .ods) or a PostGIS database, \"PG:dbname=… host=…\" (the table is named after the layer, or --table).",
            valueName: "file-or-PG:connection"))
    var output: String

    @Option(name: .long, help: "Output format, as ogr2ogr -f names it: \(OutputFormat.acceptedNames) (default: from the output's extension or PG:).")
    var format: String?

    @Option(name: .long, help: "PostGIS table to write, [schema.]table (default: the layer's name).")
    var table: String?

    @Flag(name: .long, help: "Replace the PostGIS table if it exists (in one transaction; without it, an existing table is an error).")
    var overwrite = false

    @Option(name: .long, help: "CRS of the output's shapes (.gpkg, .fgb, .shp, PostGIS), e.g. EPSG:2154 or EPSG:3857 (default: the zones' CRS).")
    var crs: String?

    /// The format, checked against the destination.
    var resolvedFormat: OutputFormat {
        get throws {
            switch OutputFormat.resolve(destination: output, requested: format) {
            case .success(let format): return format
            case .failure(let error): throw ValidationError(error.message)
            }
        }
    }

    /// The output as the workflows take it (call after validation).
    var zoneOutput: ZoneOutput {
        ZoneOutput(output, format: try? resolvedFormat, layerName: table, replacingTable: overwrite, crs: crs)
    }

    func validate() throws {
        let format = try resolvedFormat
        if crs != nil, let problem = ZoneTable.crsProblem(output, format: format) { throw ValidationError(problem) }
        if format != .postGIS {
            if table != nil { throw ValidationError("--table names a PostGIS table: the output is not a PG: connection string") }
            if overwrite { throw ValidationError("--overwrite replaces a PostGIS table; a file output is always replaced as a whole") }
        }
        if let table, table.isEmpty || table.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw ValidationError("--table must be table or schema.table (got \"\(table)\")")
        }
    }
}
