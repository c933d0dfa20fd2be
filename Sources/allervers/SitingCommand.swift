import ArgumentParser
import Cartography
import Exports
import Foundation
import Workflows
import GeoBindings
import GeometryCore
import Inputs
import Network
import Outreach
import Overlay
import Risk

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

    @Option(name: .long, help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int = defaultThreadCount

    @Option(name: .long, help: "Map style (TOML, default: Styles/default.toml).")
    var style: String?

    @Option(name: .long, help: "Production date, YYYY-MM-DD (default: today).")
    var date: String?

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String

    @Flag(name: .long, help: "Write into an existing folder AllerVers did not create (its files are kept, never deleted).")
    var force = false

    func validate() throws {
        try MapRun.validateDate(date)
        guard add >= 0 && add <= 50 else { throw ValidationError("--add must be between 0 and 50") }
        guard minutes > 0 && minutes <= 240 else { throw ValidationError("--minutes must be between 1 and 240") }
        guard SitingRun.modeNames.contains(mode) else { throw ValidationError("--mode must be car or slow") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let mapping = try CategoryMapping.read(path: categories ?? DataLocator.file("poi_categories.csv"))
            let existing = try points.flatMap { try PointsOfInterestReader.read(path: $0, mapping: mapping).points }
            let candidatePoints = try candidates.flatMap { try PointsOfInterestReader.read(path: $0, mapping: mapping).points }
            let cellTable = try FilosofiReader.read(path: cells, threads: threads)
            let layer = try ScoredLayer.read(path: scored)
            let streets = try network.map { try StreetNetworkSource(path: $0, profilesPath: street.profiles) }
            let result = try SitingRun.review(
                PlanRun.zoneCoverage(layer: layer, cells: cellTable, threads: threads), cells: cellTable, existing: existing,
                candidates: candidatePoints, add: add, minutes: minutes, mode: mode,
                modes: SitingRun.modes(streets: streets, epsg: Int(cellTable.gridEPSG)), threads: threads
            )
            let folder = try OutputFolder(path: output, force: force)
            defer { folder.discard() }
            let day = date ?? MapRun.productionDate()
            try SitingRun.write(result, to: folder, subfolder: nil, date: day, territory: nil)
            let svg = try MapRun.render(
                layer, style: MapRun.loadStyle(style), layer: .risk, cells: nil, territory: nil, date: day,
                stopsPath: folder.file("siting.geojson")
            )
            try AtomicFile.write(svg, to: folder.file("siting.svg"))
            try AtomicFile.write(
                SitingRun.accessMap(result, cells: cellTable, style: MapRun.loadStyle(style), territory: nil, date: day),
                to: folder.file("acces.svg")
            )
            try folder.commit()
            FileHandle.standardError.write(Data(result.summaryLine.utf8))
        }
    }
}

