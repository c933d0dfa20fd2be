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
        help: words("Fils de calcul (par défaut : tous les cœurs). Les sorties n'en dépendent pas."))
    public var requestedThreads: Int?

    public func validate() throws { try validating { try CommandSettings.threads(requestedThreads ?? 1) } }

    /// The worker count: the one asked for, else every core. The only place AllerVers reads
    /// the machine's core count; every workflow takes the count it is given.
    public var threads: Int { requestedThreads ?? ProcessInfo.processInfo.activeProcessorCount }
}

/// `--scored`: zones written by `allervers score`.
public struct ScoredOption: ParsableArguments {
    public init() {}

    @Option(help: words("Zones scorées écrites par `allervers score` (.geojson ou .gpkg)."))
    public var scored: String
}

/// `--date`: the production date printed on maps, reports and calendars.
public struct DateOption: ParsableArguments {
    public init() {}

    @Option(
        help: words("Date de production portée sur les sorties (cartes, rapport, calendrier), AAAA-MM-JJ (par défaut : aujourd'hui, ou SOURCE_DATE_EPOCH)."))
    public var date: String?

    public func validate() throws { try validating { try CommandSettings.date(date) } }
}

/// `--territory`: the name printed on maps and reports.
public struct TerritoryNameOption: ParsableArguments {
    public init() {}

    @Option(
        help: words("Territoire nommé sur la carte ou le rapport (par défaut : d'après les communes des zones)."))
    public var territory: String?
}

/// `--style`: the map style.
public struct StyleOption: ParsableArguments {
    public init() {}

    @Option(help: words("Style de carte (TOML, par défaut : Styles/default.toml)."))
    public var style: String?
}

/// `--categories`: how places' categories map to kinds of stop.
public struct CategoriesOption: ParsableArguments {
    public init() {}

    @Option(
        help: words("Correspondance des catégories de lieux (par défaut : Data/poi_categories.csv)."))
    public var categories: String?
}

/// `--force`: AllerVers writes into a folder it did not create only when asked.
public struct ForceFlag: ParsableArguments {
    public init() {}

    @Flag(
        help: words("Écrire dans un dossier existant qu'AllerVers n'a pas créé (ses fichiers sont gardés, jamais supprimés)."))
    public var force = false
}

/// `-o` a folder, `--force` and `--xlsx`: where `plan` and `siting` write their files.
public struct OutputFolderOptions: ParsableArguments {
    public init() {}

    @Option(name: .shortAndLong, help: words("Dossier de sortie."))
    public var output: String

    @OptionGroup public var force: ForceFlag

    @Flag(
        help: words("Écrire aussi les tableaux en classeurs Excel (.xlsx), nombres en nombres."))
    public var xlsx = false
}

/// `--profiles`: the travel profiles on the streets.
public struct StreetOptions: ParsableArguments {
    public init() {}

    @Option(
        help: words("Profils de déplacement dans les rues (TOML, par défaut : Data/network.toml)."))
    public var profiles: String?
}

/// `--network` and `--profiles`: travel along the streets instead of the straight line.
public struct NetworkOptions: ParsableArguments {
    public init() {}

    @Option(
        help: words("Extrait OpenStreetMap (.osm.pbf, .osm, ou lignes highway) : trajets et temps par les rues au lieu de la ligne droite."))
    public var network: String?

    @OptionGroup public var street: StreetOptions
}

/// `--osm`, `--mode` and `--profiles`: the street network and the profile of `network` and `travel`.
public struct OSMOptions: ParsableArguments {
    public init() {}

    @Option(
        help: words("Extrait OpenStreetMap : .osm.pbf, .osm, ou une couche de lignes avec un champ highway (GeoJSON d'overpass…)."))
    public var osm: String

    @Option(
        help: words("Profil de déplacement : car (voiture), walk (à pied) ou bus (voir Data/network.toml)."))
    public var mode: String = "car"

    @OptionGroup public var street: StreetOptions

    public var source: StreetNetworkSource {
        get throws { try StreetNetworkSource(path: osm, profilesPath: street.profiles ?? BundledFiles.file("network.toml")) }
    }
}

/// The inputs every zonal command reads: the cells, the zones and how to read them.
public struct CellsAndZonesOptions: ParsableArguments {
    public init() {}

    @Option(help: words("Carreaux Filosofi de 200 m (CSV ou GeoPackage)."))
    public var cells: String

    @Option(help: words("Zones (contours IRIS), dans tout format vecteur que GDAL lit."))
    public var zones: String

    @Option(help: words("Couche du fichier de zones (par défaut : la première)."))
    public var zonesLayer: String?

    @Option(help: words("Champ du code de zone (par défaut : CODE_IRIS, DCOMIRIS…)."))
    public var zoneId: String?

    @Option(help: words("Filtre OGR SQL sur les zones, par exemple \"INSEE_COM = '93010'\"."))
    public var `where`: String?

    @Option(help: words("SCR d'une couche de zones qui n'en déclare pas, par exemple EPSG:2154."))
    public var zonesCrs: String?

    @Flag(
        help: words("Réparer les contours de zone invalides avec MakeValid de GDAL au lieu de les refuser."))
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
            words(
                "Sortie : un fichier (.gpkg, .geojson, .fgb, .shp, .csv, .xlsx, .ods) ou une base PostGIS, \"PG:dbname=… host=…\" (la table porte le nom de la couche, ou --table)."
            ),
            valueName: words("fichier-ou-PG:connexion")))
    public var output: String

    @Option(
        help: words("Format de sortie, comme le nomme ogr2ogr -f : %1$@ (par défaut : d'après l'extension de la sortie ou PG:).", OutputFormat.acceptedNames))
    public var format: String?

    @Option(
        help: words("Table PostGIS à écrire, [schéma.]table (par défaut : le nom de la couche)."))
    public var table: String?

    @Flag(
        help: words("Remplacer la table PostGIS si elle existe (en une transaction ; sans cette option, une table existante est une erreur)."))
    public var overwrite = false

    @Option(
        help: words("SCR des formes en sortie (.gpkg, .fgb, .shp, PostGIS), par exemple EPSG:2154 ou EPSG:3857 (par défaut : le SCR des zones)."))
    public var crs: String?

    /// The output as the workflows take it, checked by them, written with `threads` workers.
    public func zoneOutput(threads: Int) throws -> ZoneOutput {
        try CommandSettings.zoneOutput(output, format: format, table: table, overwrite: overwrite, crs: crs, threads: threads)
    }

    public func validate() throws { try validating { _ = try zoneOutput(threads: 1) } }
}
