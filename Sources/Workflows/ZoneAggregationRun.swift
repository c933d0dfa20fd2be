import Cartography
import Crypto
import Exports
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Network
import Outreach
import Overlay
import Risk
import Support

/// The aggregation step shared by `aggregate` and, later, `score` and `run`.
public enum ZoneAggregationRun {
    /// `allervers aggregate`: reads the files, aggregates the variables (`all` or a
    /// comma-separated list), writes the zones (and the mass-accounting report when asked);
    /// returns the account of the run, a few lines.
    public static func aggregateFiles(
        cells cellsPath: String, zones source: ZoneSource, variables list: String, method: OverlayMethod, conserve: Bool, output: ZoneOutput,
        report: String?, threads: Int
    ) throws -> String {
        try OutputPaths.refuseOverwriting(
            inputs: [cellsPath, source.path], outputs: [("-o", output.destination), ("--report", report)])
        var output = output
        output.threads = threads
        try output.checkCRS()
        let started = Date()
        // Only the columns asked for are parsed.
        let asked: [String]? =
            list.lowercased() == "all" ? nil : list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        // The zones are read (and reprojected into the grid) while the cells are.
        let (cells, zones, inGrid) = try PhaseTimer.measure("lecture des carreaux et des zones") {
            // A table without shapes (CSV, spreadsheet) needs the zones' shapes in the grid only.
            // An aggregation never looks at the cells' communes (the score's field does).
            let read = try CellsAndZones.read(
                cells: cellsPath, variables: asked.map(Set.init), communes: false, zones: source, keepingShapes: output.holdsShapes, threads: threads)
            return (read.cells, read.zones, read.inGrid)
        }
        let variables = asked ?? cells.variableNames
        let result = try run(
            cells: cells, zones: zones, inGrid: inGrid, variables: variables, method: method, conserve: conserve, threads: threads,
            progress: TerminalProgress(label: "zones", total: zones.zones.count)
        )
        // The zones' shapes in the grid are freed while the output is written.
        letGo(consume inGrid, threads: threads)
        try PhaseTimer.measure("écriture") { try write(result, zones: zones, to: output) }
        if let report { try writeReport(result, cells: cells, zones: zones, output: output.destination, to: report) }
        // Numbers as the command line's readers write them.
        func number(_ value: Double) -> String { SpokenNumber.grouped(value, digits: 1) }
        let methodName = method == .exact ? words("méthode exacte") : words("méthode du centroïde")
        let cellCount = SpokenNumber.integer(Double(cells.count)), zoneCount = SpokenNumber.integer(Double(zones.zones.count))
        let seconds = SpokenNumber.decimal(Date().timeIntervalSince(started), digits: 2)
        var text = words("%1$@ carreaux, %2$@ zones, %3$@, %4$@ s\n", cellCount, zoneCount, methodName, seconds)
        for account in result.accounts where ["ind", "men", "men_pauv"].contains(account.variable) {
            let (total, allocated, lost, twice) = (number(account.total), number(account.allocated), number(account.lostOutside), number(account.countedTwice))
            text += words(
                "%1$@ : %2$@ dans les carreaux, %3$@ attribués aux zones, %4$@ hors des zones, %5$@ comptés deux fois\n", account.variable, total, allocated,
                lost, twice)
        }
        // A raw allocation, not a publication: say so when zones fall under INSEE's threshold
        // of 11 households (primary secrecy), which `score` and `run` apply.
        if let men = result.variables.firstIndex(of: "men") {
            let small = result.zones.filter { $0.values[men] > 0 && $0.values[men] < 11 }.count
            if small > 0 {
                text += words(
                    "attention : %1$@ zone(s) de moins de 11 ménages ; chiffres bruts d'analyse, à ne pas diffuser tels quels (score et run appliquent le secret statistique de l'Insee)\n",
                    SpokenNumber.integer(Double(small)))
            }
        }
        // The cells, the zones and their sums left to the process's end, not freed as its
        // last step.
        ProcessEnd.keep((cells, zones, result))
        return text
    }

    public static func run(
        cells: CellTable, zones: ZoneLayer, inGrid: ZonesInGrid? = nil, variables: [String], method: OverlayMethod, conserve: Bool, threads: Int,
        progress: TerminalProgress? = nil
    ) throws -> Aggregation {
        try ZoneOverlay.compute(
            cells: cells, zones: zones, inGrid: inGrid, variables: variables, method: method, conserve: conserve, threads: threads,
            progress: progress?.callback
        ).aggregation
    }

    /// Writes the allocation where `output` says.
    public static func write(_ result: Aggregation, zones: ZoneLayer, to output: ZoneOutput) throws {
        // A CSV or a spreadsheet is a table: no shapes, no name or area columns.
        let isTable = !output.holdsShapes
        var fields = [OutputField(zones.idField, .string)]
        if !isTable {
            fields += [OutputField(zones.nameField ?? "nom_zone", .string), OutputField(zones.communeField ?? "insee_com", .string)]
        }
        fields += result.variables.map { OutputField($0, .real) }
        if !isTable {
            fields += [OutputField("cells_touched", .integer), OutputField("covered_area_m2", .real), OutputField("imputed_share", .real)]
        }
        let rows: [[FieldValue]] = zip(zones.zones, result.zones).map { zone, aggregate in
            var row: [FieldValue] = [.string(zone.id)]
            if !isTable { row += [zone.name.map { .string($0) } ?? .null, zone.commune.map { .string($0) } ?? .null] }
            row += aggregate.values.map { .real($0) }
            if !isTable {
                row += [.integer(Int64(aggregate.cellsTouched)), .real(aggregate.coveredArea), aggregate.imputedShare.map { .real($0) } ?? .null]
            }
            return row
        }
        let table = ZoneTable(
            layerName: "zones_aggregated", fields: fields, rows: rows,
            geometries: isTable ? nil : zones.zones.map(\.geometry), crs: zones.crs
        )
        try output.write(table)
    }

    public struct Report: Codable {
        public struct ZoneFacts: Codable {
            var zone: String
            var cellsTouched: Int
            var coveredAreaM2: Double
            var imputedShare: Double?
        }
        public var allervers: String
        public var cells: String
        public var cellCount: Int
        public var grid: String
        public var zones: String
        public var zoneCount: Int
        public var zoneIdField: String
        public var zonesCRS: String
        public var output: String
        public var method: String
        public var conserve: Bool
        public var massAccounting: [VariableAccount]
        public var cellsOutsideEveryZone: Int
        public var cellsPartlyOutside: Int
        public var cellsInOverlaps: Int
        public var repairedZones: [String]
        public var mergedZones: [String]
        public var perZone: [ZoneFacts]
    }

    public static func writeReport(_ result: Aggregation, cells: CellTable, zones: ZoneLayer, output: String, to path: String) throws {
        let report = Report(
            allervers: AllerVersVersion.current, cells: cells.source, cellCount: cells.count,
            grid: "EPSG:\(cells.gridEPSG), \(cells.resolution) m", zones: zones.source, zoneCount: zones.zones.count,
            zoneIdField: zones.idField, zonesCRS: zones.crs.authorityCode ?? zones.crs.name, output: VectorWriter.redacted(output),
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
