import ArgumentParser
import Foundation
import Support
import Workflows

struct SitingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "siting",
        abstract: fr(
            "Examiner les points d'accueil : qui est à plus de 20 ou 30 minutes, et quels sites ajoutés aideraient le plus.",
            en: "Review reception points: who is beyond 20 or 30 minutes, and which added sites would help most.")
    )

    @Option(name: .long, help: fr("Zones scorées écrites par `allervers score`.", en: "Scored zones written by `allervers score`."))
    var scored: String

    @Option(name: .long, help: fr("Carreaux Filosofi.", en: "Filosofi cells."))
    var cells: String

    @Option(
        name: .long, parsing: .upToNextOption,
        help: fr(
            "Points d'accueil existants (France Services, CCAS… selon --categories).",
            en: "Existing reception points (France Services, CCAS… as mapped by --categories)."))
    var points: [String]

    @Option(
        name: .long, parsing: .upToNextOption,
        help: fr(
            "Lieux candidats pour de nouveaux sites (par défaut : une grille régulière sur les carreaux habités).",
            en: "Candidate places for new sites (default: a regular grid over the populated cells)."))
    var candidates: [String] = []

    @Option(
        name: .long,
        help: fr("Correspondance des catégories (par défaut : Data/poi_categories.csv).", en: "Category mapping (default: Data/poi_categories.csv)."))
    var categories: String?

    @Option(name: .long, help: fr("Nombre de sites à ajouter.", en: "Number of sites to add."))
    var add: Int = 1

    @Option(name: .long, help: fr("Temps limite en minutes pour les ajouts.", en: "Time limit in minutes for the additions."))
    var minutes: Double = 30

    @Option(
        name: .long,
        help: fr(
            "Mode de déplacement de la limite : car (voiture) ou slow (à pied ou en transports en commun ; dans les rues, le profil bus).",
            en: "Travel mode of the limit: car or slow (on foot or by public transport; on the streets, the bus profile)."))
    var mode: String = "car"

    @Option(
        name: .long,
        help: fr(
            "Extrait OpenStreetMap (.osm.pbf, .osm, ou lignes highway) : temps par les rues au lieu de la ligne droite × 1,3.",
            en: "OpenStreetMap extract (.osm.pbf, .osm, or highway lines): times along the streets instead of the straight line × 1.3."))
    var network: String?

    @OptionGroup var street: StreetOptions

    @OptionGroup var workers: ThreadOptions

    @Option(name: .long, help: fr("Style de carte (TOML, par défaut : Styles/default.toml).", en: "Map style (TOML, default: Styles/default.toml)."))
    var style: String?

    @Option(name: .long, help: fr("Date de production, AAAA-MM-JJ (par défaut : aujourd'hui).", en: "Production date, YYYY-MM-DD (default: today)."))
    var date: String?

    @Option(name: .shortAndLong, help: fr("Dossier de sortie.", en: "Output folder."))
    var output: String

    @Flag(
        name: .long,
        help: fr(
            "Écrire dans un dossier existant qu'AllerVers n'a pas créé (ses fichiers sont gardés, jamais supprimés).",
            en: "Write into an existing folder AllerVers did not create (its files are kept, never deleted)."))
    var force = false

    @Flag(
        name: .long,
        help: fr(
            "Écrire aussi le tableau d'accès par IRIS en classeur Excel (siting.xlsx), nombres en nombres.",
            en: "Also write the access table per IRIS as an Excel workbook (siting.xlsx), numbers as numbers."))
    var xlsx = false

    func validate() throws {
        try validateDateOption(date)
        guard add >= 0 && add <= 50 else { throw ValidationError(fr("--add doit être entre 0 et 50", en: "--add must be between 0 and 50")) }
        guard minutes > 0 && minutes <= 240 else { throw ValidationError(fr("--minutes doit être entre 1 et 240", en: "--minutes must be between 1 and 240")) }
        guard SitingRun.modeNames.contains(mode) else { throw ValidationError(fr("--mode doit être car ou slow", en: "--mode must be car or slow")) }
    }

    func run() throws {
        try reportingErrors {
            let result = try SitingRun.run(
                SitingRun.Request(
                    scored: scored, cells: cells, points: points, candidates: candidates, categories: categories, add: add, minutes: minutes,
                    mode: mode, network: network, profiles: street.profiles, style: style, date: date, threads: workers.threads, output: output,
                    force: force, workbooks: xlsx
                ))
            FileHandle.standardError.write(Data(result.summaryLine.utf8))
        }
    }
}
