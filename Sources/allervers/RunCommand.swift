import ArgumentParser
import Exports
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

    func run() throws {
        try reportingErrors {
            options.print(try TerritoryRun(territoryPath: territory, options: options.settings).execute())
        }
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: fr(
            "Traiter le territoire fourni (Bondy, Data/bondy/territory.toml) et dire où est chaque sortie.",
            en: "Run the bundled territory (Bondy, Data/bondy/territory.toml) and say where each output is.")
    )

    @OptionGroup var options: RunOptions

    func run() throws {
        try reportingErrors {
            options.print(try TerritoryRun(territoryPath: try DataLocator.file("bondy/territory.toml"), options: options.settings).execute())
        }
    }
}

struct RunOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: fr(
            "Dossier de sortie (par défaut : allervers-demo pour demo, le nom du territoire pour run).",
            en: "Output folder (default: allervers-demo for demo, territory name for run)."))
    var output: String?

    @Flag(
        name: .long,
        help: fr(
            "Écrire dans un dossier existant qu'AllerVers n'a pas créé (ses fichiers sont gardés, jamais supprimés).",
            en: "Write into an existing folder AllerVers did not create (its files are kept, never deleted)."))
    var force = false

    @Flag(name: .long, help: fr("Écrire sur la sortie standard un résumé lisible par un programme.", en: "Print a machine-readable summary on stdout."))
    var json = false

    @Option(
        name: .long,
        help: fr(
            "Date de production sur les cartes et le rapport, AAAA-MM-JJ (par défaut : aujourd'hui, ou SOURCE_DATE_EPOCH).",
            en: "Production date on maps and report, YYYY-MM-DD (default: today, or SOURCE_DATE_EPOCH)."))
    var date: String?

    @OptionGroup var workers: ThreadOptions

    func validate() throws {
        try validateDateOption(date)
    }

    var settings: TerritoryRun.Settings { TerritoryRun.Settings(output: output, force: force, date: date, threads: workers.threads) }

    /// The summary on stdout: JSON with --json, else in French.
    func print(_ summary: TerritoryRun.Summary) {
        if json {
            if let data = try? JSONText.encode(summary) { FileHandle.standardOutput.write(data + Data("\n".utf8)) }
        } else {
            FileHandle.standardOutput.write(Data(summary.text.utf8))
        }
    }
}
