import ArgumentParser
import Exports
import Foundation
import Workflows

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Every output for a territory from its territory file: aggregation, score, maps, exports, report, run.json."
    )

    @Argument(help: "Territory file (TOML), e.g. Data/bondy/territory.toml.")
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
        abstract: "Run the bundled territory (Bondy, Data/bondy/territory.toml) and say where each output is."
    )

    @OptionGroup var options: RunOptions

    func run() throws {
        try reportingErrors {
            options.print(try TerritoryRun(territoryPath: try DataLocator.file("bondy/territory.toml"), options: options.settings).execute())
        }
    }
}

struct RunOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output folder (default: allervers-demo for demo, territory name for run).")
    var output: String?

    @Flag(name: .long, help: "Write into an existing folder AllerVers did not create (its files are kept, never deleted).")
    var force = false

    @Flag(name: .long, help: "Print a machine-readable summary on stdout.")
    var json = false

    @Option(name: .long, help: "Production date on maps and report, YYYY-MM-DD (default: today, or SOURCE_DATE_EPOCH).")
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
