import ArgumentParser
import Foundation
import Outreach
import Support
import Workflows

extension AccessMode: ExpressibleByArgument {}

/// The options of `allervers siting`: the scored zones, cells, reception points and candidates, the limit.
public struct SitingOptions: ParsableArguments {
    public init() {}

    @OptionGroup public var scored: ScoredOption

    @Option(help: fr("Carreaux Filosofi.", en: "Filosofi cells."))
    public var cells: String

    @Option(
        parsing: .upToNextOption,
        help: fr(
            "Points d'accueil existants (France Services, CCAS… selon --categories).",
            en: "Existing reception points (France Services, CCAS… as mapped by --categories)."))
    public var points: [String]

    @Option(
        parsing: .upToNextOption,
        help: fr(
            "Lieux candidats pour de nouveaux sites (par défaut : une grille régulière sur les carreaux habités).",
            en: "Candidate places for new sites (default: a regular grid over the populated cells)."))
    public var candidates: [String] = []

    @OptionGroup public var categories: CategoriesOption

    @Option(help: fr("Nombre de sites à ajouter.", en: "Number of sites to add."))
    public var add: Int = 1

    @Option(help: fr("Temps limite en minutes pour les ajouts.", en: "Time limit in minutes for the additions."))
    public var minutes: Double = 30

    @Option(
        help: fr(
            "Mode de déplacement de la limite : car (voiture) ou slow (à pied ou en transports en commun ; dans les rues, le profil bus).",
            en: "Travel mode of the limit: car or slow (on foot or by public transport; on the streets, the bus profile)."))
    public var mode: AccessMode = .car

    @OptionGroup public var network: NetworkOptions

    @OptionGroup public var workers: ThreadOptions

    @OptionGroup public var style: StyleOption

    @OptionGroup public var date: DateOption

    @OptionGroup public var output: OutputFolderOptions

    public var request: SitingRun.Request {
        SitingRun.Request(
            scored: scored.scored, cells: cells, points: points, candidates: candidates, categories: categories.categories, add: add, minutes: minutes,
            mode: mode, network: network.network, profiles: network.street.profiles, style: style.style, date: date.date, threads: workers.threads,
            output: output.output, force: output.force.force, workbooks: output.xlsx)
    }
}
