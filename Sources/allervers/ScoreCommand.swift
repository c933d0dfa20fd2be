import ArgumentParser
import Exports
import Foundation
import Workflows

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score the risk of non-recours per zone, with intervals, classes and explanations.",
        discussion: """
            The model is a TOML file (default: Data/models/default.toml) holding the benefits, their \
            published non-take-up rates and sources, the risk factors and the score weights.

            The scored zones are a table for people: a .csv follows the French spreadsheet \
            convention (;, decimal comma, UTF-8 with BOM). A .gpkg or a PostGIS table is in \
            Lambert-93 in metropolitan France and carries its QGIS style; a .shp cuts field names \
            to 10 characters (as ogr2ogr does): prefer .gpkg.
            """
    )

    @OptionGroup var inputs: CellsAndZonesOptions

    @Option(name: .long, help: "Cafdata counts by commune or by IRIS (CSV).")
    var caf: String?

    @Option(name: .long, help: "Cafdata period to use, YYYY-MM (default: the latest).")
    var cafPeriod: String?

    @Option(name: .long, help: "Risk model (TOML).")
    var model: String?

    @OptionGroup var output: ZoneOutputOptions

    @Option(name: .long, help: "Summary of the model, class breaks, CAF confrontation and mass accounting (JSON).")
    var report: String?

    func run() throws {
        try reportingErrors {
            let message = try ScoringRun.scoreFiles(
                cells: inputs.cells, zones: inputs.zoneSource, caf: caf, cafPeriod: cafPeriod, model: model, output: output.zoneOutput, report: report,
                threads: inputs.workers.threads
            )
            FileHandle.standardError.write(Data(message.utf8))
        }
    }
}
