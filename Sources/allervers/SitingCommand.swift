import ArgumentParser
import Foundation
import Workflows

struct SitingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "siting",
        abstract: "Review reception points: who is beyond 20 or 30 minutes, and which added sites would help most."
    )

    @Option(name: .long, help: "Scored zones written by `allervers score`.")
    var scored: String

    @Option(name: .long, help: "Filosofi cells.")
    var cells: String

    @Option(name: .long, parsing: .upToNextOption, help: "Existing reception points (France Services, CCAS… as mapped by --categories).")
    var points: [String]

    @Option(name: .long, parsing: .upToNextOption, help: "Candidate places for new sites (default: a regular grid over the populated cells).")
    var candidates: [String] = []

    @Option(name: .long, help: "Category mapping (default: Data/poi_categories.csv).")
    var categories: String?

    @Option(name: .long, help: "Number of sites to add.")
    var add: Int = 1

    @Option(name: .long, help: "Time limit in minutes for the additions.")
    var minutes: Double = 30

    @Option(name: .long, help: "Travel mode of the limit: car or slow (on foot or by public transport; on the streets, the bus profile).")
    var mode: String = "car"

    @Option(name: .long, help: "OpenStreetMap extract (.osm.pbf, .osm, or highway lines): times along the streets instead of the straight line × 1.3.")
    var network: String?

    @OptionGroup var street: StreetOptions

    @OptionGroup var workers: ThreadOptions

    @Option(name: .long, help: "Map style (TOML, default: Styles/default.toml).")
    var style: String?

    @Option(name: .long, help: "Production date, YYYY-MM-DD (default: today).")
    var date: String?

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String

    @Flag(name: .long, help: "Write into an existing folder AllerVers did not create (its files are kept, never deleted).")
    var force = false

    func validate() throws {
        try validateDateOption(date)
        guard add >= 0 && add <= 50 else { throw ValidationError("--add must be between 0 and 50") }
        guard minutes > 0 && minutes <= 240 else { throw ValidationError("--minutes must be between 1 and 240") }
        guard SitingRun.modeNames.contains(mode) else { throw ValidationError("--mode must be car or slow") }
    }

    func run() throws {
        try reportingErrors {
            let result = try SitingRun.run(
                SitingRun.Request(
                    scored: scored, cells: cells, points: points, candidates: candidates, categories: categories, add: add, minutes: minutes,
                    mode: mode, network: network, profiles: street.profiles, style: style, date: date, threads: workers.threads, output: output,
                    force: force
                ))
            FileHandle.standardError.write(Data(result.summaryLine.utf8))
        }
    }
}
