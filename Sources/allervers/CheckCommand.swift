import ArgumentParser
import CommandOptions
import Foundation
import ScoredFiles
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
            "Écrit la corrélation de rang de Spearman du score_risque et de chacun de ses termes avec la référence, sur l'ensemble des zones qui publient un score et dans chaque commune ; échoue (code 1) si, dans une commune, le score classe les zones moins bien que leur taux de pauvreté.",
            en:
                "Prints Spearman's rank correlation of score_risque and of each of its terms with the reference, over all zones that publish a score and within each commune; fails (status 1) when, within a commune, the score ranks zones worse than their poverty rate."
        )
    )

    @OptionGroup var scored: ScoredOption

    @OptionGroup var workers: ThreadOptions

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

    @Option(
        help: fr(
            "Sens de la référence : risque (plus haut = plus de risque, comme TP6019) ou revenu (plus haut = moins de risque, comme DISP_MED19) ; déduit du nom de la colonne par défaut.",
            en:
                "Sense of the reference: risque (higher = more risk, like TP6019) or revenu (higher = less risk, like DISP_MED19); from the column's name by default."
        ))
    var sens: ReferenceSense?

    enum ReferenceSense: String, ExpressibleByArgument {
        case risque, revenu
    }

    func run() throws {
        try reportingErrors {
            let outcome = try ReferenceCheck.table(
                scored: scored.scored, reference: reference, field: field, key: key, sense: sens.map { $0 == .risque }, threads: workers.threads)
            FileHandle.standardOutput.write(Data(outcome.text.utf8))
            if let failure = outcome.failure {
                say(failure + "\n")
                throw ExitCode(1)
            }
        }
    }
}
