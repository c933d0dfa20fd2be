import ArgumentParser
import CommandOptions
import Foundation
import Support
import Workflows

/// Checks a scored territory against an independent reference per zone (INSEE's IRIS-level
/// Filosofi medians or poverty rates, say): does the intensity score rank zones like it, and
/// is it free of a size effect? The same table as the README's, for any territory.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: fr(
            "Corrélations de rang des zones scorées avec une référence par zone (par exemple le revenu médian IRIS de l'Insee).",
            en: "Rank correlations of the scored zones with a reference per zone (e.g. INSEE's IRIS median income)."),
        discussion: fr(
            "Écrit la corrélation de rang de Spearman du score_risque avec la référence, avec les ménages et avec le taux de pauvreté, sur les zones qui publient un score et ont une valeur de référence.",
            en:
                "Prints Spearman's rank correlation of score_risque with the reference, with the households and with the poverty rate, over the zones that publish a score and have a reference value."
        )
    )

    @OptionGroup var scored: ScoredOption

    @Option(
        help: fr(
            "Table de référence (CSV, ; ou , ; UTF-8 ou Latin-1), une ligne par zone.", en: "Reference table (CSV, ; or ,; UTF-8 or Latin-1), one row per zone."
        ))
    var reference: String

    @Option(
        help: fr(
            "Colonne de référence (par exemple DISP_MED19, le revenu disponible médian de l'IRIS).",
            en: "Reference column (e.g. DISP_MED19, the IRIS median disposable income)."))
    var field: String = "DISP_MED19"

    @Option(help: fr("Colonne du code de zone de la table de référence.", en: "Zone code column of the reference table."))
    var key: String = "IRIS"

    func run() throws {
        try reportingErrors {
            FileHandle.standardOutput.write(Data(try ReferenceCheck.table(scored: scored.scored, reference: reference, field: field, key: key).utf8))
        }
    }
}
