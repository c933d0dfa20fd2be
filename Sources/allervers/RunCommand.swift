import ArgumentParser
import CommandOptions
import Foundation
import Support
import Workflows

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: fr(
            "Toutes les sorties d'un territoire depuis son fichier de territoire : agrégation, score, cartes, exports, rapport, run.json.",
            en: "Every output for a territory from its territory file: aggregation, score, maps, exports, report, run.json.")
    )

    @Argument(help: fr("Fichier de territoire (TOML), par exemple Data/bondy/territory.toml.", en: "Territory file (TOML), e.g. Data/bondy/territory.toml."))
    var territory: String

    @OptionGroup var options: RunOptions

    func run() throws { try options.execute(territory: territory) }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: fr(
            "Traiter le territoire fourni (Bondy, Data/bondy/territory.toml) et dire où est chaque sortie.",
            en: "Run the bundled territory (Bondy, Data/bondy/territory.toml) and say where each output is.")
    )

    @OptionGroup var options: RunOptions

    func run() throws { try options.execute(territory: nil) }
}

struct RunOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: fr(
            "Dossier de sortie (par défaut : allervers-demo pour demo, le nom du territoire pour run).",
            en: "Output folder (default: allervers-demo for demo, territory name for run)."))
    var output: String?

    @OptionGroup var force: ForceFlag

    @Flag(help: fr("Écrire sur la sortie standard un résumé lisible par un programme.", en: "Print a machine-readable summary on stdout."))
    var json = false

    @OptionGroup var date: DateOption

    @OptionGroup var workers: ThreadOptions

    /// Runs a territory file (the bundled one when nil) and prints its summary on stdout.
    func execute(territory: String?) throws {
        try reportingErrors {
            let settings = TerritoryRun.Settings(output: output, force: force.force, date: date.date, threads: workers.threads)
            let summary = try TerritoryRun(territoryPath: territory ?? DataLocator.file("bondy/territory.toml"), options: settings).execute()
            FileHandle.standardOutput.write(try summary.printed(json: json))
        }
    }
}
