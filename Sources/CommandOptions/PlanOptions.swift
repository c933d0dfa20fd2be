import ArgumentParser
import Foundation
import Support
import Workflows

/// The options of `allervers plan`: the scored zones, cells and places, the rules and the period.
public struct PlanOptions: ParsableArguments {
    public init() {}

    @OptionGroup public var scored: ScoredOption

    @Option(
        help: words("Carreaux Filosofi (le risque par carreau est réparti depuis les zones selon les ménages pauvres)."))
    public var cells: String

    @Option(
        parsing: .upToNextOption,
        help: words("Lieux : arrêts candidats (GeoJSON, GeoPackage, CSV, extrait OpenStreetMap)."))
    public var pois: [String]

    @OptionGroup public var categories: CategoriesOption

    @Option(help: words("Règles de l'aller-vers (TOML, par défaut : Data/plan.toml)."))
    public var plan: String?

    @Option(help: words("Mois à planifier, AAAA-MM."))
    public var month: String?

    @Option(
        help: words("Mois à planifier en une série, AAAA-MM..AAAA-MM (12 au plus) : chaque arrêt garde son jour de semaine et sa demi-journée."))
    public var months: String?

    @Option(
        help: words("Événements ponctuels datés, CSV date;lieu;nom[;creneau] (le lieu est le nom d'un arrêt)."))
    public var events: String?

    @Option(
        parsing: .upToNextOption,
        help: words("Feuilles de passage remplies par les équipes (CSV ou classeur) : le plan apprend ce qu'elles ont vu."))
    public var observations: [String] = []

    @Option(
        help: words("Dépôt en longitude,latitude (WGS 84) ; par défaut : le CCAS ou la France Services parmi les lieux."))
    public var depot: String?

    @OptionGroup public var date: DateOption

    @OptionGroup public var network: NetworkOptions

    @OptionGroup public var workers: ThreadOptions

    @OptionGroup public var output: OutputFolderOptions

    public var request: PlanRun.Request {
        get throws {
            var request = PlanRun.Request(
                scored: scored.scored, cells: cells, pointsOfInterest: pois, categories: categories.categories, rules: plan,
                period: try PlanRun.period(month: month, months: months), events: events, depot: try PlanRun.depot(depot), date: date.date,
                network: network.network, profiles: network.street.profiles, threads: workers.threads, output: output.output, force: output.force.force,
                workbooks: output.xlsx)
            request.observations = observations
            return request
        }
    }
}
