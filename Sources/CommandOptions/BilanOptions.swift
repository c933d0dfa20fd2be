import ArgumentParser
import Foundation
import Support
import Workflows

/// The options of `allervers bilan`: the filled sheets, the plan they are checked against, the
/// folder to write.
public struct BilanOptions: ParsableArguments {
    public init() {}

    @Argument(help: words("Feuilles de passage remplies (CSV ou classeur), un mois ou plusieurs."))
    public var sheets: [String]

    @Option(
        help: words("Le plan.csv de la tournée : chaque ligne des feuilles doit en être une demi-journée ; donne le type de chaque lieu."))
    public var plan: String?

    @Option(help: words("Nom du territoire."))
    public var nom: String?

    @Option(help: words("Règles de tournée (minimum_people ; par défaut Data/plan.toml)."))
    public var regles: String?

    @Option(
        help: words("Export Cafdata à plusieurs périodes : les allocataires avant et après la tournée, communes visitées et autres (une description)."))
    public var cafdata: String?

    @Option(name: .shortAndLong, help: words("Dossier où écrire le bilan."))
    public var output: String

    @OptionGroup public var force: ForceFlag

    @OptionGroup public var date: DateOption

    /// The request the options make, its date checked (today by default).
    public func request() throws -> BilanRun.Request {
        try MapRun.validateDate(date.date)
        return BilanRun.Request(
            sheets: sheets, plan: plan, territory: nom, rules: regles, cafdata: cafdata, output: output, force: force.force,
            date: date.date ?? MapRun.productionDate())
    }
}
