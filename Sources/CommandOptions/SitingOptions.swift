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

    @Option(help: words("Carreaux Filosofi."))
    public var cells: String

    @Option(
        parsing: .upToNextOption,
        help: words("Points d'accueil existants (France Services, CCAS… selon --categories)."))
    public var points: [String]

    @Option(
        parsing: .upToNextOption,
        help: words("Lieux candidats pour de nouveaux sites (par défaut : une grille régulière sur les carreaux habités)."))
    public var candidates: [String] = []

    @OptionGroup public var categories: CategoriesOption

    @Option(help: words("Nombre de sites à ajouter."))
    public var add: Int = 1

    @Option(help: words("Temps limite en minutes pour les ajouts."))
    public var minutes: Double = 30

    @Option(
        help: words("Mode de déplacement de la limite : car (voiture) ou slow (à pied ou en transports en commun ; dans les rues, le profil bus)."))
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
