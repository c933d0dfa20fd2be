import ArgumentParser
import Foundation
import Support
import Workflows

/// The options of `allervers plan`: the scored zones, cells and places, the rules and the period.
public struct PlanOptions: ParsableArguments {
    public init() {}

    @OptionGroup public var scored: ScoredOption

    @Option(
        help: fr(
            "Carreaux Filosofi (le risque par carreau est réparti depuis les zones selon les ménages pauvres).",
            en: "Filosofi cells (the per-cell risk is spread from the zones by poor households)."))
    public var cells: String

    @Option(
        parsing: .upToNextOption,
        help: fr(
            "Lieux : arrêts candidats (GeoJSON, GeoPackage, CSV, extrait OpenStreetMap).",
            en: "Places: candidate stops (GeoJSON, GeoPackage, CSV, OpenStreetMap extract)."))
    public var pois: [String]

    @OptionGroup public var categories: CategoriesOption

    @Option(help: fr("Règles de l'aller-vers (TOML, par défaut : Data/plan.toml).", en: "Outreach rules (TOML, default: Data/plan.toml)."))
    public var plan: String?

    @Option(help: fr("Mois à planifier, AAAA-MM.", en: "Month to plan, YYYY-MM."))
    public var month: String?

    @Option(
        help: fr(
            "Mois à planifier en une série, AAAA-MM..AAAA-MM (12 au plus) : chaque arrêt garde son jour de semaine et sa demi-journée.",
            en: "Months to plan in one series, YYYY-MM..YYYY-MM (up to 12): each stop keeps its weekday and half-day."))
    public var months: String?

    @Option(
        help: fr(
            "Événements ponctuels datés, CSV date;lieu;nom[;creneau] (le lieu est le nom d'un arrêt).",
            en: "Dated one-off events, CSV date;lieu;nom[;creneau] (the place is a stop's name)."))
    public var events: String?

    @Option(
        parsing: .upToNextOption,
        help: fr(
            "Feuilles de passage remplies par les équipes (CSV ou classeur) : le plan apprend ce qu'elles ont vu.",
            en: "Passage sheets the teams filled in (CSV or workbook): the plan learns from what they saw."))
    public var observations: [String] = []

    @Option(
        help: fr(
            "Dépôt en longitude,latitude (WGS 84) ; par défaut : le CCAS ou la France Services parmi les lieux.",
            en: "Depot as longitude,latitude (WGS 84); default: the CCAS or France Services among the points."))
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
