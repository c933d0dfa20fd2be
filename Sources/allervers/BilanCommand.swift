import ArgumentParser
import CommandOptions
import Foundation
import Support
import Workflows

/// `allervers bilan`: the bilan of a tour from the teams' filled passage sheets.
struct BilanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bilan",
        abstract: fr(
            "Le bilan de la tournée pour le comité, d'après les feuilles de passage remplies par les équipes : personnes attendues et rencontrées, démarches, mois par mois.",
            en: "The tour's bilan for the comité, from the passage sheets the teams filled in: people expected and met, procedures, month by month.")
    )

    @Argument(help: fr("Feuilles de passage remplies (CSV ou classeur), un mois ou plusieurs.", en: "Filled passage sheets (CSV or workbook), one month or several."))
    var sheets: [String]

    @Option(
        help: fr(
            "Le plan.csv de la tournée : chaque ligne des feuilles doit en être une demi-journée ; donne le type de chaque lieu.",
            en: "The tour's plan.csv: every sheet row must be one of its half-days; gives each place's kind."))
    var plan: String?

    @Option(help: fr("Nom du territoire.", en: "Territory name."))
    var nom: String?

    @Option(help: fr("Règles de tournée (minimum_people ; par défaut Data/plan.toml).", en: "Tour rules (minimum_people; default Data/plan.toml)."))
    var regles: String?

    @Option(
        help: fr(
            "Export Cafdata à plusieurs périodes : les allocataires avant et après la tournée, communes visitées et autres (une description).",
            en: "Cafdata export with several periods: recipients before and after the tour, visited and other communes (a description)."))
    var cafdata: String?

    @Option(name: .shortAndLong, help: fr("Dossier où écrire le bilan.", en: "Folder to write the bilan into."))
    var output: String

    @OptionGroup var force: ForceFlag

    @OptionGroup var date: DateOption

    func run() throws {
        try reportingErrors {
            try MapRun.validateDate(date.date)
            say(
                try BilanRun.run(
                    BilanRun.Request(
                        sheets: sheets, plan: plan, territory: nom, rules: regles, cafdata: cafdata, output: output, force: force.force,
                        date: date.date ?? MapRun.productionDate())))
        }
    }
}
