import ArgumentParser
import Exports
import Foundation
import Workflows

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score the risk of non-recours per zone, with intervals, classes and explanations.",
        discussion:
            "The model is a TOML file (default: Data/models/default.toml) holding the benefits, their published non-take-up rates and sources, the risk factors and the score weights."
    )

    @OptionGroup var inputs: CellsAndZonesOptions

    @Option(name: .long, help: "Cafdata counts by commune or by IRIS (CSV).")
    var caf: String?

    @Option(name: .long, help: "Cafdata period to use, YYYY-MM (default: the latest).")
    var cafPeriod: String?

    @Option(name: .long, help: "Risk model (TOML).")
    var model: String?

    @Option(
        name: .shortAndLong,
        help:
            "Output: .geojson, .gpkg, .fgb, .shp (field names cut to 10 characters by GDAL, as ogr2ogr does: prefer .gpkg), or a table: .csv (French spreadsheet convention), .xlsx, .ods."
    )
    var output: String

    @Option(name: .long, help: "Summary of the model, class breaks, CAF confrontation and mass accounting (JSON).")
    var report: String?

    @Option(name: .long, help: "CRS of the output's shapes (.gpkg, .fgb, .shp), e.g. EPSG:2154 or EPSG:3857 (default: the zones' CRS).")
    var crs: String?

    func validate() throws {
        try CellsAndZonesOptions.validateZoneOutput(output)
        if crs != nil, let problem = ZoneTable.crsProblem(output) { throw ValidationError(problem) }
    }

    func run() throws {
        try reportingErrors {
            let message = try ScoringRun.scoreFiles(
                cells: inputs.cells, zones: inputs.zoneSource, caf: caf, cafPeriod: cafPeriod, model: model, output: output, report: report,
                crs: crs, threads: inputs.workers.threads
            )
            FileHandle.standardError.write(Data(message.utf8))
        }
    }
}
