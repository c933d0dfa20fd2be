import ArgumentParser
import CommandOptions
import Overlay
import Support
import Workflows

extension OverlayMethod: ExpressibleByArgument {}

struct Aggregate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: fr(
            "Répartir les carreaux de 200 m entre les zones selon la surface exacte couverte, avec bilan de masse.",
            en: "Allocate 200 m cells to zones by exact covered area, with mass accounting."),
        discussion: fr(
            "Une répartition brute, pour l'analyse : les zones de moins de 11 ménages ne sont pas masquées (un avertissement les compte). Pour publier, utiliser `score` ou `run`, qui appliquent le secret primaire et secondaire de l'Insee. Un .csv est pour les programmes : RFC 4180, virgule entre les champs, point décimal.",
            en:
                "A raw allocation for analysis: zones under 11 households are not masked (a warning counts them). To publish, use `score` or `run`, which apply INSEE's primary and secondary secrecy. A .csv is for programs: RFC 4180, comma-separated, decimal point."
        )
    )

    @OptionGroup var inputs: CellsAndZonesOptions

    @Option(help: fr("Variables à agréger, séparées par des virgules, ou 'all' (toutes).", en: "Variables to aggregate, comma-separated, or 'all'."))
    var vars: String = "all"

    @Option(help: fr("exact (par défaut) ou centroid (centroïde).", en: "exact (default) or centroid."))
    var method: OverlayMethod = .exact

    @Flag(
        help: fr(
            "Répartir la masse des carreaux en partie hors de toute zone sur les zones qui les couvrent.",
            en: "Spread the mass of cells partly outside every zone over the zones that cover them."))
    var conserve = false

    @OptionGroup var output: ZoneOutputOptions

    @Option(help: fr("Bilan de masse (JSON).", en: "Mass-accounting report (JSON)."))
    var report: String?

    func run() throws {
        try reportingErrors {
            say(
                try ZoneAggregationRun.aggregateFiles(
                    cells: inputs.cells, zones: inputs.zoneSource, variables: vars, method: method, conserve: conserve, output: output.zoneOutput(threads: inputs.workers.threads),
                    report: report, threads: inputs.workers.threads))
        }
    }
}
