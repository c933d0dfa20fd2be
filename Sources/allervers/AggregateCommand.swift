import ArgumentParser
import Exports
import Foundation
import Overlay
import Support
import Workflows

extension OverlayMethod: ExpressibleByArgument {}

/// The inputs every zonal command reads: the cells, the zones and how to read them.
struct CellsAndZonesOptions: ParsableArguments {
    @Option(name: .long, help: fr("Carreaux Filosofi de 200 m (CSV ou GeoPackage).", en: "Filosofi 200 m cells (CSV or GeoPackage)."))
    var cells: String

    @Option(name: .long, help: fr("Zones (contours IRIS), dans tout format vecteur que GDAL lit.", en: "Zones (IRIS contours) in any GDAL vector format."))
    var zones: String

    @Option(name: .long, help: fr("Couche du fichier de zones (par défaut : la première).", en: "Layer of the zones file (default: the first)."))
    var zonesLayer: String?

    @Option(
        name: .long, help: fr("Champ du code de zone (par défaut : CODE_IRIS, DCOMIRIS…).", en: "Field holding the zone id (default: CODE_IRIS, DCOMIRIS…)."))
    var zoneId: String?

    @Option(
        name: .long,
        help: fr("Filtre OGR SQL sur les zones, par exemple \"INSEE_COM = '93010'\".", en: "OGR SQL filter on the zones, e.g. \"INSEE_COM = '93010'\"."))
    var `where`: String?

    @Option(
        name: .long,
        help: fr("SCR d'une couche de zones qui n'en déclare pas, par exemple EPSG:2154.", en: "CRS of a zones layer that declares none, e.g. EPSG:2154."))
    var zonesCrs: String?

    @Flag(
        name: .long,
        help: fr(
            "Réparer les contours de zone invalides avec MakeValid de GDAL au lieu de les refuser.",
            en: "Repair invalid zone rings with GDAL's MakeValid instead of refusing them."))
    var repair = false

    @OptionGroup var workers: ThreadOptions

    func validate() throws {
    }

    var zoneSource: ZoneSource {
        ZoneSource(path: zones, layer: zonesLayer, idField: zoneId, whereClause: `where`, assumedCRS: zonesCrs, repair: repair)
    }

}

struct Aggregate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: fr(
            "Répartir les carreaux de 200 m entre les zones selon la surface exacte couverte, avec bilan de masse.",
            en: "Allocate 200 m cells to zones by exact covered area, with mass accounting."),
        discussion: fr(
            """
            Une répartition brute, pour l'analyse : les zones de moins de 11 ménages ne sont pas \
            masquées (un avertissement les compte). Pour publier, utiliser `score` ou `run`, qui \
            appliquent le secret primaire et secondaire de l'Insee.

            Un .csv est pour les programmes : RFC 4180, virgule entre les champs, point décimal.
            """,
            en: """
                A raw allocation for analysis: zones under 11 households are not masked (a warning \
                counts them). To publish, use `score` or `run`, which apply INSEE's primary and \
                secondary secrecy.

                A .csv is for programs: RFC 4180, comma-separated, decimal point.
                """)
    )

    @OptionGroup var inputs: CellsAndZonesOptions

    @Option(
        name: .long, help: fr("Variables à agréger, séparées par des virgules, ou 'all' (toutes).", en: "Variables to aggregate, comma-separated, or 'all'."))
    var vars: String = "all"

    @Option(name: .long, help: fr("exact (par défaut) ou centroid (centroïde).", en: "exact (default) or centroid."))
    var method: OverlayMethod = .exact

    @Flag(
        name: .long,
        help: fr(
            "Répartir la masse des carreaux en partie hors de toute zone sur les zones qui les couvrent.",
            en: "Spread the mass of cells partly outside every zone over the zones that cover them."))
    var conserve = false

    @OptionGroup var output: ZoneOutputOptions

    @Option(name: .long, help: fr("Bilan de masse (JSON).", en: "Mass-accounting report (JSON)."))
    var report: String?

    func run() throws {
        try reportingErrors {
            let message = try ZoneAggregationRun.aggregateFiles(
                cells: inputs.cells, zones: inputs.zoneSource, variables: vars, method: method, conserve: conserve, output: output.zoneOutput, report: report,
                threads: inputs.workers.threads
            )
            FileHandle.standardError.write(Data(message.utf8))
        }
    }
}
