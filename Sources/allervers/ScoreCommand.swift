import ArgumentParser
import Cartography
import Exports
import Foundation
import Workflows
import GeoBindings
import GeometryCore
import Inputs
import Overlay
import Risk

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score the risk of non-recours per zone, with intervals, classes and explanations.",
        discussion: "The model is a TOML file (default: Data/models/default.toml) holding the benefits, their published non-take-up rates and sources, the risk factors and the score weights."
    )

    @OptionGroup var inputs: CellsAndZonesOptions

    @Option(name: .long, help: "Cafdata counts by commune or by IRIS (CSV).")
    var caf: String?

    @Option(name: .long, help: "Cafdata period to use, YYYY-MM (default: the latest).")
    var cafPeriod: String?

    @Option(name: .long, help: "Risk model (TOML).")
    var model: String?

    @Option(name: .shortAndLong, help: "Output: .geojson, .gpkg, .csv or .fgb.")
    var output: String

    @Option(name: .long, help: "Summary of the model, class breaks, CAF confrontation and mass accounting (JSON).")
    var report: String?

    func validate() throws { try CellsAndZonesOptions.validateZoneOutput(output) }

    func run() throws {
        try reportingErrors {
            let started = Date()
            let modelPath = try model ?? DataLocator.file("models/default.toml")
            let riskModel = try RiskModel.load(path: modelPath)
            let cafTable = try caf.map { path throws(InputError) in try CafdataReader.read(path: path, period: cafPeriod) }
            let (cells, zones) = try inputs.load()
            let companions = try inputs.zoneSource.companions(of: zones, caf: cafTable)
            let scored = try ScoringRun.run(
                cells: cells, zones: zones, companions: companions, caf: cafTable, model: riskModel, threads: inputs.workers.threads,
                progress: TerminalProgress(label: "zones", total: zones.zones.count)
            )
            ScoringRun.warnAboutScope(scored)
            try ScoringRun.write(scored, zones: zones, to: output)
            if let report { try ScoringRun.writeReport(scored, cells: cells, zones: zones, to: report) }
            let counted = scored.assessment.zones.filter(\.isPublished)
            FileHandle.standardError.write(Data(String(
                format: "%d zones scored (%d secret, %d out of the data's field), %.0f households × benefits estimated missing, %.2f s\n",
                counted.count, scored.assessment.zones.filter(\.isSecret).count,
                scored.assessment.zones.filter { $0.reliability == .outOfScope }.count,
                counted.reduce(0) { $0 + $1.total }, Date().timeIntervalSince(started)
            ).utf8))
        }
    }
}

