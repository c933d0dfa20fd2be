import ArgumentParser
import CommandOptions
import Support
import Outreach
import Workflows

extension AccessMode: ExpressibleByArgument {}

struct SitingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "siting",
        abstract: fr(
            "Examiner les points d'accueil : qui est à plus de 20 ou 30 minutes, et quels sites ajoutés aideraient le plus.",
            en: "Review reception points: who is beyond 20 or 30 minutes, and which added sites would help most.")
    )

    @OptionGroup var scored: ScoredOption

    @Option(help: fr("Carreaux Filosofi.", en: "Filosofi cells."))
    var cells: String

    @Option(
        parsing: .upToNextOption,
        help: fr(
            "Points d'accueil existants (France Services, CCAS… selon --categories).",
            en: "Existing reception points (France Services, CCAS… as mapped by --categories)."))
    var points: [String]

    @Option(
        parsing: .upToNextOption,
        help: fr(
            "Lieux candidats pour de nouveaux sites (par défaut : une grille régulière sur les carreaux habités).",
            en: "Candidate places for new sites (default: a regular grid over the populated cells)."))
    var candidates: [String] = []

    @OptionGroup var categories: CategoriesOption

    @Option(help: fr("Nombre de sites à ajouter.", en: "Number of sites to add."))
    var add: Int = 1

    @Option(help: fr("Temps limite en minutes pour les ajouts.", en: "Time limit in minutes for the additions."))
    var minutes: Double = 30

    @Option(
        help: fr(
            "Mode de déplacement de la limite : car (voiture) ou slow (à pied ou en transports en commun ; dans les rues, le profil bus).",
            en: "Travel mode of the limit: car or slow (on foot or by public transport; on the streets, the bus profile)."))
    var mode: AccessMode = .car

    @OptionGroup var network: NetworkOptions

    @OptionGroup var workers: ThreadOptions

    @OptionGroup var style: StyleOption

    @OptionGroup var date: DateOption

    @OptionGroup var output: OutputFolderOptions

    var request: SitingRun.Request {
        SitingRun.Request(
            scored: scored.scored, cells: cells, points: points, candidates: candidates, categories: categories.categories, add: add, minutes: minutes,
            mode: mode, network: network.network, profiles: network.street.profiles, style: style.style, date: date.date, threads: workers.threads,
            output: output.output, force: output.force.force, workbooks: output.xlsx)
    }

    func validate() throws { try validating { try request.validate() } }

    func run() throws { try reportingErrors { say(try SitingRun.run(request).summaryLine) } }
}
