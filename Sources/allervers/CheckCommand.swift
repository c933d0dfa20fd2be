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
        abstract: words("Corrélations de rang des zones scorées avec une référence par zone (par exemple le revenu médian IRIS de l'Insee)."),
        discussion: words(
            "Écrit la corrélation de rang de Spearman du score_risque et de chacun de ses termes avec la référence, sur l'ensemble des zones qui publient un score et dans chaque commune ; échoue (code 1) si, dans une commune, le score classe les zones moins bien que leur taux de pauvreté."
        )
    )

    @OptionGroup var scored: ScoredOption

    @OptionGroup var workers: ThreadOptions

    @Option(
        help: words("Table de référence (CSV, ; ou , ; UTF-8 ou Latin-1), une ligne par zone."))
    var reference: String

    @Option(
        help: words("Colonne de référence (par exemple DISP_MED19, le revenu disponible médian de l'IRIS)."))
    var field: String = "DISP_MED19"

    @Option(help: words("Colonne du code de zone de la table de référence."))
    var key: String = "IRIS"

    @Option(
        help: words(
            "Sens de la référence : risque (plus haut = plus de risque, comme TP6019) ou revenu (plus haut = moins de risque, comme DISP_MED19) ; déduit du nom de la colonne par défaut."
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
