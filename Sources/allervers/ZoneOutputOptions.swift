import ArgumentParser
import Exports
import GeoBindings
import Support

/// Where and how a table of zones is written, as ogr2ogr users expect: the destination, its
/// format (from `--format` or the destination), the CRS of its shapes, and whether an existing
/// PostGIS table may be replaced.
struct ZoneOutputOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            fr(
                "Sortie : un fichier (.gpkg, .geojson, .fgb, .shp, .csv, .xlsx, .ods) ou une base PostGIS, \"PG:dbname=… host=…\" (la table porte le nom de la couche, ou --table).",
                en:
                    "Output: a file (.gpkg, .geojson, .fgb, .shp, .csv, .xlsx, .ods) or a PostGIS database, \"PG:dbname=… host=…\" (the table is named after the layer, or --table)."
            ),
            valueName: fr("fichier-ou-PG:connexion", en: "file-or-PG:connection")))
    var output: String

    @Option(
        name: .long,
        help: fr(
            "Format de sortie, comme le nomme ogr2ogr -f : \(OutputFormat.acceptedNames) (par défaut : d'après l'extension de la sortie ou PG:).",
            en: "Output format, as ogr2ogr -f names it: \(OutputFormat.acceptedNames) (default: from the output's extension or PG:)."))
    var format: String?

    @Option(
        name: .long,
        help: fr(
            "Table PostGIS à écrire, [schéma.]table (par défaut : le nom de la couche).",
            en: "PostGIS table to write, [schema.]table (default: the layer's name)."))
    var table: String?

    @Flag(
        name: .long,
        help: fr(
            "Remplacer la table PostGIS si elle existe (en une transaction ; sans cette option, une table existante est une erreur).",
            en: "Replace the PostGIS table if it exists (in one transaction; without it, an existing table is an error)."))
    var overwrite = false

    @Option(
        name: .long,
        help: fr(
            "SCR des formes en sortie (.gpkg, .fgb, .shp, PostGIS), par exemple EPSG:2154 ou EPSG:3857 (par défaut : le SCR des zones).",
            en: "CRS of the output's shapes (.gpkg, .fgb, .shp, PostGIS), e.g. EPSG:2154 or EPSG:3857 (default: the zones' CRS)."))
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
            if table != nil {
                throw ValidationError(
                    fr(
                        "--table nomme une table PostGIS : la sortie n'est pas une chaîne de connexion PG:",
                        en: "--table names a PostGIS table: the output is not a PG: connection string"))
            }
            if overwrite {
                throw ValidationError(
                    fr(
                        "--overwrite remplace une table PostGIS ; un fichier de sortie est toujours remplacé en entier",
                        en: "--overwrite replaces a PostGIS table; a file output is always replaced as a whole"))
            }
        }
        if let table, table.isEmpty || table.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw ValidationError(
                fr("--table doit être table ou schéma.table (reçu : \"\(table)\")", en: "--table must be table or schema.table (got \"\(table)\")"))
        }
    }
}
