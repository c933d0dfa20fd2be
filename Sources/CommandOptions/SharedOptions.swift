import ArgumentParser
import BundledFiles
import Exports
import Foundation
import GeoBindings
import Network
import Support
import Workflows

// The option groups several commands take. Each only parses; the checks are the workflows'
// (`CommandSettings`), run here at parse time so that a bad value is a usage error.

/// `--threads`: the worker count asked for. The binary decides the default (every core) in
/// one place and hands the count down to every parallel step; no library reads the machine.
public struct ThreadOptions: ParsableArguments {
    public init() {}

    // Optional, so that the help states the rule (all cores) rather than this machine's count.
    @Option(
        name: .customLong("threads"),
        help: fr(
            "Fils de calcul (par défaut : tous les cœurs). Les sorties n'en dépendent pas.",
            en: "Worker threads (default: all cores). Outputs do not depend on it."))
    public var requestedThreads: Int?

    public func validate() throws { try validating { try CommandSettings.threads(requestedThreads ?? 1) } }

    /// The worker count: the one asked for, else every core. The only place AllerVers reads
    /// the machine's core count; every workflow takes the count it is given.
    public var threads: Int { requestedThreads ?? ProcessInfo.processInfo.activeProcessorCount }
}

/// `--scored`: zones written by `allervers score`.
public struct ScoredOption: ParsableArguments {
    public init() {}

    @Option(help: fr("Zones scorées écrites par `allervers score` (.geojson ou .gpkg).", en: "Scored zones written by `allervers score` (.geojson or .gpkg)."))
    public var scored: String
}

/// `--date`: the production date printed on maps, reports and calendars.
public struct DateOption: ParsableArguments {
    public init() {}

    @Option(
        help: fr(
            "Date de production portée sur les sorties (cartes, rapport, calendrier), AAAA-MM-JJ (par défaut : aujourd'hui, ou SOURCE_DATE_EPOCH).",
            en: "Production date written on the outputs (maps, report, calendar), YYYY-MM-DD (default: today, or SOURCE_DATE_EPOCH)."))
    public var date: String?

    public func validate() throws { try validating { try CommandSettings.date(date) } }
}

/// `--territory`: the name printed on maps and reports.
public struct TerritoryNameOption: ParsableArguments {
    public init() {}

    @Option(
        help: fr(
            "Territoire nommé sur la carte ou le rapport (par défaut : d'après les communes des zones).",
            en: "Territory named on the map or report (default: from the zones' communes)."))
    public var territory: String?
}

/// `--style`: the map style.
public struct StyleOption: ParsableArguments {
    public init() {}

    @Option(help: fr("Style de carte (TOML, par défaut : Styles/default.toml).", en: "Map style (TOML, default: Styles/default.toml)."))
    public var style: String?
}

/// `--categories`: how places' categories map to kinds of stop.
public struct CategoriesOption: ParsableArguments {
    public init() {}

    @Option(
        help: fr(
            "Correspondance des catégories de lieux (par défaut : Data/poi_categories.csv).",
            en: "Category mapping of the places (default: Data/poi_categories.csv)."))
    public var categories: String?
}

/// `--force`: AllerVers writes into a folder it did not create only when asked.
public struct ForceFlag: ParsableArguments {
    public init() {}

    @Flag(
        help: fr(
            "Écrire dans un dossier existant qu'AllerVers n'a pas créé (ses fichiers sont gardés, jamais supprimés).",
            en: "Write into an existing folder AllerVers did not create (its files are kept, never deleted)."))
    public var force = false
}

/// `-o` a folder, `--force` and `--xlsx`: where `plan` and `siting` write their files.
public struct OutputFolderOptions: ParsableArguments {
    public init() {}

    @Option(name: .shortAndLong, help: fr("Dossier de sortie.", en: "Output folder."))
    public var output: String

    @OptionGroup public var force: ForceFlag

    @Flag(
        help: fr(
            "Écrire aussi les tableaux en classeurs Excel (.xlsx), nombres en nombres.",
            en: "Also write the tables as Excel workbooks (.xlsx), numbers as numbers."))
    public var xlsx = false
}

/// `--profiles`: the travel profiles on the streets.
public struct StreetOptions: ParsableArguments {
    public init() {}

    @Option(
        help: fr(
            "Profils de déplacement dans les rues (TOML, par défaut : Data/network.toml).",
            en: "Profiles of travel on the streets (TOML, default: Data/network.toml)."))
    public var profiles: String?
}

/// `--network` and `--profiles`: travel along the streets instead of the straight line.
public struct NetworkOptions: ParsableArguments {
    public init() {}

    @Option(
        help: fr(
            "Extrait OpenStreetMap (.osm.pbf, .osm, ou lignes highway) : trajets et temps par les rues au lieu de la ligne droite.",
            en: "OpenStreetMap extract (.osm.pbf, .osm, or highway lines): routes and times along the streets instead of the straight line."))
    public var network: String?

    @OptionGroup public var street: StreetOptions
}

/// `--osm`, `--mode` and `--profiles`: the street network and the profile of `network` and `travel`.
public struct OSMOptions: ParsableArguments {
    public init() {}

    @Option(
        help: fr(
            "Extrait OpenStreetMap : .osm.pbf, .osm, ou une couche de lignes avec un champ highway (GeoJSON d'overpass…).",
            en: "OpenStreetMap extract: .osm.pbf, .osm, or a line layer with a highway field (overpass GeoJSON…)."))
    public var osm: String

    @Option(
        help: fr(
            "Profil de déplacement : car (voiture), walk (à pied) ou bus (voir Data/network.toml).",
            en: "Travel profile: car, walk or bus (see Data/network.toml)."))
    public var mode: String = "car"

    @OptionGroup public var street: StreetOptions

    public var source: StreetNetworkSource { get throws { try StreetNetworkSource(path: osm, profilesPath: street.profiles ?? BundledFiles.file("network.toml")) } }
}

/// The inputs every zonal command reads: the cells, the zones and how to read them.
public struct CellsAndZonesOptions: ParsableArguments {
    public init() {}

    @Option(help: fr("Carreaux Filosofi de 200 m (CSV ou GeoPackage).", en: "Filosofi 200 m cells (CSV or GeoPackage)."))
    public var cells: String

    @Option(help: fr("Zones (contours IRIS), dans tout format vecteur que GDAL lit.", en: "Zones (IRIS contours) in any GDAL vector format."))
    public var zones: String

    @Option(help: fr("Couche du fichier de zones (par défaut : la première).", en: "Layer of the zones file (default: the first)."))
    public var zonesLayer: String?

    @Option(help: fr("Champ du code de zone (par défaut : CODE_IRIS, DCOMIRIS…).", en: "Field holding the zone id (default: CODE_IRIS, DCOMIRIS…)."))
    public var zoneId: String?

    @Option(help: fr("Filtre OGR SQL sur les zones, par exemple \"INSEE_COM = '93010'\".", en: "OGR SQL filter on the zones, e.g. \"INSEE_COM = '93010'\"."))
    public var `where`: String?

    @Option(help: fr("SCR d'une couche de zones qui n'en déclare pas, par exemple EPSG:2154.", en: "CRS of a zones layer that declares none, e.g. EPSG:2154."))
    public var zonesCrs: String?

    @Flag(
        help: fr(
            "Réparer les contours de zone invalides avec MakeValid de GDAL au lieu de les refuser.",
            en: "Repair invalid zone rings with GDAL's MakeValid instead of refusing them."))
    public var repair = false

    @OptionGroup public var workers: ThreadOptions

    public var zoneSource: ZoneSource {
        ZoneSource(path: zones, layer: zonesLayer, idField: zoneId, whereClause: `where`, assumedCRS: zonesCrs, repair: repair)
    }
}

/// Where and how a table of zones is written, as ogr2ogr users expect: the destination, its
/// format (from `--format` or the destination), the CRS of its shapes, and whether an existing
/// PostGIS table may be replaced.
public struct ZoneOutputOptions: ParsableArguments {
    public init() {}

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            fr(
                "Sortie : un fichier (.gpkg, .geojson, .fgb, .shp, .csv, .xlsx, .ods) ou une base PostGIS, \"PG:dbname=… host=…\" (la table porte le nom de la couche, ou --table).",
                en:
                    "Output: a file (.gpkg, .geojson, .fgb, .shp, .csv, .xlsx, .ods) or a PostGIS database, \"PG:dbname=… host=…\" (the table is named after the layer, or --table)."
            ),
            valueName: fr("fichier-ou-PG:connexion", en: "file-or-PG:connection")))
    public var output: String

    @Option(
        help: fr(
            "Format de sortie, comme le nomme ogr2ogr -f : \(OutputFormat.acceptedNames) (par défaut : d'après l'extension de la sortie ou PG:).",
            en: "Output format, as ogr2ogr -f names it: \(OutputFormat.acceptedNames) (default: from the output's extension or PG:)."))
    public var format: String?

    @Option(
        help: fr(
            "Table PostGIS à écrire, [schéma.]table (par défaut : le nom de la couche).",
            en: "PostGIS table to write, [schema.]table (default: the layer's name)."))
    public var table: String?

    @Flag(
        help: fr(
            "Remplacer la table PostGIS si elle existe (en une transaction ; sans cette option, une table existante est une erreur).",
            en: "Replace the PostGIS table if it exists (in one transaction; without it, an existing table is an error)."))
    public var overwrite = false

    @Option(
        help: fr(
            "SCR des formes en sortie (.gpkg, .fgb, .shp, PostGIS), par exemple EPSG:2154 ou EPSG:3857 (par défaut : le SCR des zones).",
            en: "CRS of the output's shapes (.gpkg, .fgb, .shp, PostGIS), e.g. EPSG:2154 or EPSG:3857 (default: the zones' CRS)."))
    public var crs: String?

    /// The output as the workflows take it, checked by them, written with `threads` workers.
    public func zoneOutput(threads: Int) throws -> ZoneOutput {
        try CommandSettings.zoneOutput(output, format: format, table: table, overwrite: overwrite, crs: crs, threads: threads)
    }

    public func validate() throws { try validating { _ = try zoneOutput(threads: 1) } }
}
