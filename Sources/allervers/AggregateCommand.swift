import ArgumentParser
import CommandOptions
import Overlay
import Support
import Workflows

extension OverlayMethod: ExpressibleByArgument {}

struct Aggregate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words("Répartir les carreaux de 200 m entre les zones selon la surface exacte couverte, avec bilan de masse."),
        discussion: words(
            "Une répartition brute, pour l'analyse : les zones de moins de 11 ménages ne sont pas masquées (un avertissement les compte). Pour publier, utiliser `score` ou `run`, qui appliquent le secret primaire et secondaire de l'Insee. Un .csv est pour les programmes : RFC 4180, virgule entre les champs, point décimal."
        )
    )

    @OptionGroup var inputs: CellsAndZonesOptions

    @Option(help: words("Variables à agréger, séparées par des virgules, ou 'all' (toutes)."))
    var vars: String = "all"

    @Option(help: words("exact (par défaut) ou centroid (centroïde)."))
    var method: OverlayMethod = .exact

    @Flag(
        help: words("Répartir la masse des carreaux en partie hors de toute zone sur les zones qui les couvrent."))
    var conserve = false

    @OptionGroup var output: ZoneOutputOptions

    @Option(help: words("Bilan de masse (JSON)."))
    var report: String?

    func run() throws {
        try reportingErrors {
            say(
                try ZoneAggregationRun.aggregateFiles(
                    cells: inputs.cells, zones: inputs.zoneSource, variables: vars, method: method, conserve: conserve,
                    output: output.zoneOutput(threads: inputs.workers.threads),
                    report: report, threads: inputs.workers.threads))
        }
    }
}
