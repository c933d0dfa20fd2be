import ArgumentParser
import CommandOptions
import Support
import Workflows

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: fr(
            "Choisir les arrêts d'aller-vers d'un mois : demi-journées, visites régulières, trajets et fichier iCalendar.",
            en: "Choose outreach stops for a month: half-day slots, regular visits, routes and an iCalendar file.")
    )

    @OptionGroup var scored: ScoredOption

    @Option(
        help: fr(
            "Carreaux Filosofi (le risque par carreau est réparti depuis les zones selon les ménages pauvres).",
            en: "Filosofi cells (the per-cell risk is spread from the zones by poor households)."))
    var cells: String

    @Option(
        parsing: .upToNextOption,
        help: fr(
            "Lieux : arrêts candidats (GeoJSON, GeoPackage, CSV, extrait OpenStreetMap).",
            en: "Places: candidate stops (GeoJSON, GeoPackage, CSV, OpenStreetMap extract)."))
    var pois: [String]

    @OptionGroup var categories: CategoriesOption

    @Option(help: fr("Règles de l'aller-vers (TOML, par défaut : Data/plan.toml).", en: "Outreach rules (TOML, default: Data/plan.toml)."))
    var plan: String?

    @Option(help: fr("Mois à planifier, AAAA-MM.", en: "Month to plan, YYYY-MM."))
    var month: String?

    @Option(
        help: fr(
            "Mois à planifier en une série, AAAA-MM..AAAA-MM (12 au plus) : chaque arrêt garde son jour de semaine et sa demi-journée.",
            en: "Months to plan in one series, YYYY-MM..YYYY-MM (up to 12): each stop keeps its weekday and half-day."))
    var months: String?

    @Option(
        help: fr(
            "Événements ponctuels datés, CSV date;lieu;nom[;creneau] (le lieu est le nom d'un arrêt).",
            en: "Dated one-off events, CSV date;lieu;nom[;creneau] (the place is a stop's name)."))
    var events: String?

    @Option(
        parsing: .upToNextOption,
        help: fr(
            "Feuilles de passage remplies par les équipes (CSV ou classeur) : le plan apprend ce qu'elles ont vu.",
            en: "Passage sheets the teams filled in (CSV or workbook): the plan learns from what they saw."))
    var observations: [String] = []

    @Option(
        help: fr(
            "Dépôt en longitude,latitude (WGS 84) ; par défaut : le CCAS ou la France Services parmi les lieux.",
            en: "Depot as longitude,latitude (WGS 84); default: the CCAS or France Services among the points."))
    var depot: String?

    @OptionGroup var date: DateOption

    @OptionGroup var network: NetworkOptions

    @OptionGroup var workers: ThreadOptions

    @OptionGroup var output: OutputFolderOptions

    var request: PlanRun.Request {
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

    func validate() throws { try validating { _ = try request } }

    func run() throws { try reportingErrors { say(PlanRun.closingText(try PlanRun.run(request))) } }
}
