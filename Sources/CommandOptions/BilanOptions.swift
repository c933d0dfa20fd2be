import ArgumentParser
import Foundation
import Support
import Workflows

/// The options of `allervers bilan`: the filled sheets, the plan they are checked against, the
/// folder to write.
public struct BilanOptions: ParsableArguments {
    public init() {}

    @Argument(help: fr("Feuilles de passage remplies (CSV ou classeur), un mois ou plusieurs.", en: "Filled passage sheets (CSV or workbook), one month or several."))
    public var sheets: [String]

    @Option(
        help: fr(
            "Le plan.csv de la tournée : chaque ligne des feuilles doit en être une demi-journée ; donne le type de chaque lieu.",
            en: "The tour's plan.csv: every sheet row must be one of its half-days; gives each place's kind."))
    public var plan: String?

    @Option(help: fr("Nom du territoire.", en: "Territory name."))
    public var nom: String?

    @Option(help: fr("Règles de tournée (minimum_people ; par défaut Data/plan.toml).", en: "Tour rules (minimum_people; default Data/plan.toml)."))
    public var regles: String?

    @Option(
        help: fr(
            "Export Cafdata à plusieurs périodes : les allocataires avant et après la tournée, communes visitées et autres (une description).",
            en: "Cafdata export with several periods: recipients before and after the tour, visited and other communes (a description)."))
    public var cafdata: String?

    @Option(name: .shortAndLong, help: fr("Dossier où écrire le bilan.", en: "Folder to write the bilan into."))
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
