import ArgumentParser
import Exports
import Foundation
import Overlay
import Workflows

extension OverlayMethod: ExpressibleByArgument {}

/// The inputs every zonal command reads: the cells, the zones and how to read them.
struct CellsAndZonesOptions: ParsableArguments {
    @Option(name: .long, help: "Filosofi 200 m cells (CSV or GeoPackage).")
    var cells: String

    @Option(name: .long, help: "Zones (IRIS contours) in any GDAL vector format.")
    var zones: String

    @Option(name: .long, help: "Layer of the zones file (default: the first).")
    var zonesLayer: String?

    @Option(name: .long, help: "Field holding the zone id (default: CODE_IRIS, DCOMIRIS…).")
    var zoneId: String?

    @Option(name: .long, help: "OGR SQL filter on the zones, e.g. \"INSEE_COM = '93010'\".")
    var `where`: String?

    @Option(name: .long, help: "CRS of a zones layer that declares none, e.g. EPSG:2154.")
    var zonesCrs: String?

    @Flag(name: .long, help: "Repair invalid zone rings with GDAL's MakeValid instead of refusing them.")
    var repair = false

    @OptionGroup var workers: ThreadOptions

    func validate() throws {
    }

    var zoneSource: ZoneSource {
        ZoneSource(path: zones, layer: zonesLayer, idField: zoneId, whereClause: `where`, assumedCRS: zonesCrs, repair: repair)
    }

}

struct Aggregate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Allocate 200 m cells to zones by exact covered area, with mass accounting.",
        discussion: """
            A raw allocation for analysis: zones under 11 households are not masked (a warning \
            counts them). To publish, use `score` or `run`, which apply INSEE's primary and \
            secondary secrecy.

            A .csv is for programs: RFC 4180, comma-separated, decimal point.
            """
    )

    @OptionGroup var inputs: CellsAndZonesOptions

    @Option(name: .long, help: "Variables to aggregate, comma-separated, or 'all'.")
    var vars: String = "all"

    @Option(name: .long, help: "exact (default) or centroid.")
    var method: OverlayMethod = .exact

    @Flag(name: .long, help: "Spread the mass of cells partly outside every zone over the zones that cover them.")
    var conserve = false

    @OptionGroup var output: ZoneOutputOptions

    @Option(name: .long, help: "Mass-accounting report (JSON).")
    var report: String?

    func run() throws {
        try reportingErrors {
            let message = try ZoneAggregationRun.aggregateFiles(
                cells: inputs.cells, zones: inputs.zoneSource, variables: vars, method: method, conserve: conserve, output: output.zoneOutput, report: report,
                threads: inputs.workers.threads
            )
            FileHandle.standardError.write(Data(message.utf8))
        }
    }
}
