import ArgumentParser
import BundledFiles
import CommandOptions
import Foundation
import Support
import Workflows

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: words("Toutes les sorties d'un territoire depuis son fichier de territoire : agrégation, score, cartes, exports, rapport, run.json.")
    )

    @Argument(help: words("Fichier de territoire (TOML), par exemple Data/bondy/territory.toml."))
    var territory: String

    @OptionGroup var options: RunOptions

    func run() throws { try options.execute(territory: territory) }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words(
            "Traiter un territoire fourni (Bondy, ville dense, par défaut ; aude : vingt communes rurales autour de Bram) et dire où est chaque sortie.")
    )

    @Option(
        name: [.customLong("territoire"), .customLong("territory")],
        help: words("Territoire fourni : bondy ou aude."))
    var territoire: BundledTerritory = .bondy

    @OptionGroup var options: RunOptions

    func run() throws { try options.execute(territory: nil, bundled: territoire) }
}

/// The territories shipped in Data/: a dense city and a rural communauté of villages.
enum BundledTerritory: String, ExpressibleByArgument, CaseIterable {
    case bondy, aude
}

struct RunOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: words("Dossier de sortie (par défaut : allervers-demo pour demo, le nom du territoire pour run)."))
    var output: String?

    @OptionGroup var force: ForceFlag

    @Flag(help: words("Écrire sur la sortie standard un résumé lisible par un programme."))
    var json = false

    @OptionGroup var date: DateOption

    @OptionGroup var workers: ThreadOptions

    /// Runs a territory file (a bundled one when nil) and prints its summary on stdout.
    func execute(territory: String?, bundled: BundledTerritory = .bondy) throws {
        try reportingErrors {
            let settings = TerritoryRun.Settings(output: output, force: force.force, date: date.date, threads: workers.threads)
            let path = try territory ?? BundledFiles.file("\(bundled.rawValue)/territory.toml")
            let summary = try TerritoryRun(territoryPath: path, options: settings).execute()
            FileHandle.standardOutput.write(try summary.printed(json: json))
        }
    }
}
