import ArgumentParser
import Exports
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Overlay

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

    @Option(name: .long, help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int = defaultThreadCount

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    /// The formats a table of zones is written in.
    static func validateZoneOutput(_ output: String) throws {
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        guard ["csv", "gpkg", "geojson", "json", "fgb"].contains(ext) else {
            throw ValidationError("--output must end in .csv, .gpkg, .geojson or .fgb (got \(output))")
        }
    }

    func load() throws -> (CellTable, ZoneLayer) {
        let cellTable = try FilosofiReader.read(path: cells, threads: threads)
        let zoneLayer = try ZonesReader.read(
            path: zones, layer: zonesLayer, fields: ZoneFieldNames(id: zoneId), whereClause: `where`,
            assumedCRS: zonesCrs, repair: repair
        )
        for warning in zoneLayer.warnings { FileHandle.standardError.write(Data("attention : \(warning)\n".utf8)) }
        return (cellTable, zoneLayer)
    }
}

struct Aggregate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Allocate 200 m cells to zones by exact covered area, with mass accounting."
    )

    @OptionGroup var inputs: CellsAndZonesOptions

    @Option(name: .long, help: "Variables to aggregate, comma-separated, or 'all'.")
    var vars: String = "all"

    @Option(name: .long, help: "exact (default) or centroid.")
    var method: OverlayMethod = .exact

    @Flag(name: .long, help: "Spread the mass of cells partly outside every zone over the zones that cover them.")
    var conserve = false

    @Option(name: .shortAndLong, help: "Output: .csv, .gpkg, .geojson or .fgb.")
    var output: String

    @Option(name: .long, help: "Mass-accounting report (JSON).")
    var report: String?

    func validate() throws { try CellsAndZonesOptions.validateZoneOutput(output) }

    func run() throws {
        try reportingErrors {
            let started = Date()
            let (cellTable, zoneLayer) = try inputs.load()
            let threads = inputs.threads
            let variables: [String] = vars.lowercased() == "all"
                ? cellTable.variableNames
                : vars.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let result = try ZoneAggregationRun.run(
                cells: cellTable, zones: zoneLayer, variables: variables, method: method, conserve: conserve, threads: threads,
                progress: Progress(label: "zones", total: zoneLayer.zones.count)
            )
            try ZoneAggregationRun.write(result, zones: zoneLayer, to: output)
            if let report {
                try ZoneAggregationRun.writeReport(
                    result, cells: cellTable, zones: zoneLayer, output: output, to: report
                )
            }
            FileHandle.standardError.write(Data(String(
                format: "%d cells, %d zones, %@ method, %.2f s\n", cellTable.count, zoneLayer.zones.count,
                method.rawValue, Date().timeIntervalSince(started)
            ).utf8))
            for account in result.accounts where ["ind", "men", "men_pauv"].contains(account.variable) {
                FileHandle.standardError.write(Data(String(
                    format: "%@: %.1f in cells, %.1f allocated, %.1f lost outside zones, %.1f counted twice\n",
                    account.variable, account.total, account.allocated, account.lostOutside, account.countedTwice
                ).utf8))
            }
        }
    }
}

/// The aggregation step shared by `aggregate` and, later, `score` and `run`.
enum ZoneAggregationRun {
    static func run(
        cells: CellTable, zones: ZoneLayer, variables: [String], method: OverlayMethod, conserve: Bool, threads: Int,
        progress: Progress? = nil
    ) throws -> Aggregation {
        try ZoneOverlay.compute(
            cells: cells, zones: zones, variables: variables, method: method, conserve: conserve, threads: threads,
            progress: progress?.callback
        ).aggregation
    }

    static func write(_ result: Aggregation, zones: ZoneLayer, to path: String) throws {
        let isCSV = URL(fileURLWithPath: path).pathExtension.lowercased() == "csv"
        var fields = [OutputField(zones.idField, .string)]
        if !isCSV {
            fields += [OutputField(zones.nameField ?? "nom_zone", .string), OutputField(zones.communeField ?? "insee_com", .string)]
        }
        fields += result.variables.map { OutputField($0, .real) }
        if !isCSV {
            fields += [OutputField("cells_touched", .integer), OutputField("covered_area_m2", .real), OutputField("imputed_share", .real)]
        }
        let rows: [[FieldValue]] = zip(zones.zones, result.zones).map { zone, aggregate in
            var row: [FieldValue] = [.string(zone.id)]
            if !isCSV { row += [zone.name.map { .string($0) } ?? .null, zone.commune.map { .string($0) } ?? .null] }
            row += aggregate.values.map { .real($0) }
            if !isCSV {
                row += [.integer(Int64(aggregate.cellsTouched)), .real(aggregate.coveredArea), aggregate.imputedShare.map { .real($0) } ?? .null]
            }
            return row
        }
        let table = ZoneTable(
            layerName: "zones_aggregated", fields: fields, rows: rows,
            geometries: isCSV ? nil : zones.zones.map(\.geometry), crs: zones.crs
        )
        try table.write(to: path)
    }

    struct Report: Codable {
        struct ZoneFacts: Codable {
            var zone: String
            var cellsTouched: Int
            var coveredAreaM2: Double
            var imputedShare: Double?
        }
        var allervers: String
        var cells: String
        var cellCount: Int
        var grid: String
        var zones: String
        var zoneCount: Int
        var zoneIdField: String
        var zonesCRS: String
        var output: String
        var method: String
        var conserve: Bool
        var massAccounting: [VariableAccount]
        var cellsOutsideEveryZone: Int
        var cellsPartlyOutside: Int
        var cellsInOverlaps: Int
        var repairedZones: [String]
        var mergedZones: [String]
        var perZone: [ZoneFacts]
    }

    static func writeReport(_ result: Aggregation, cells: CellTable, zones: ZoneLayer, output: String, to path: String) throws {
        let report = Report(
            allervers: AllerVersVersion.current, cells: cells.source, cellCount: cells.count,
            grid: "EPSG:\(cells.gridEPSG), \(cells.resolution) m", zones: zones.source, zoneCount: zones.zones.count,
            zoneIdField: zones.idField, zonesCRS: zones.crs.authorityCode ?? zones.crs.name, output: output,
            method: result.method.rawValue, conserve: result.conserve, massAccounting: result.accounts,
            cellsOutsideEveryZone: result.cellsOutside, cellsPartlyOutside: result.cellsPartlyOutside,
            cellsInOverlaps: result.cellsOverlapped, repairedZones: zones.repaired, mergedZones: zones.merged,
            perZone: result.zones.map {
                Report.ZoneFacts(zone: $0.zoneID, cellsTouched: $0.cellsTouched, coveredAreaM2: $0.coveredArea, imputedShare: $0.imputedShare)
            }
        )
        try AtomicFile.writeJSON(report, to: path)
    }
}
