import Cartography
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Network
import Outreach
import Risk

/// What a file is (cells, zones, CAF counts, points, another table), how AllerVers reads it,
/// and what looks wrong: the lines `allervers inspect` prints.
public enum InputInspection {
    public static func describe(_ path: String, mappingPath: String?, threads: Int) throws -> [String] {
        var lines: [String] = []
        func print(_ line: String) { lines.append(line) }
        let kind = try InputKindDetector.detect(path: path)
        switch kind {
        case .cells:
            let table = try FilosofiReader.read(path: path, threads: threads)
            print("  kind: Filosofi 200 m cells (carroyage), layout \(table.vintage.rawValue)")
            print("  cells: \(table.count); grid: EPSG:\(table.gridEPSG), \(table.resolution) m (geometry rebuilt from the cell ids)")
            print("  columns: " + table.columnMapping.map { $0.source == $0.canonical ? $0.source : "\($0.source) → \($0.canonical)" }.joined(separator: ", "))
            if !table.ignoredColumns.isEmpty { print("  not read: \(table.ignoredColumns.joined(separator: ", "))") }
            let imputed = table.imputed.filter { $0 }.count
            print("  imputed cells (i_est_200 = 1): \(imputed) of \(table.count)\(imputed == table.count ? " — every value here is imputed" : "")")
            for name in ["ind", "men", "men_pauv"] {
                if let total = table.total(name) { print("  Σ \(name) = \(format(total))") }
            }
            print("  communes touched (lcog_geo): \(table.communes.distinctCodes.count)")
        case .zones(let layerName):
            let layer = try ZonesReader.read(path: path, layer: layerName, threads: threads)
            print("  kind: zones (contours), format \(layer.driver), layer \(layer.layerName)")
            print("  CRS: \(layer.crs.authorityCode ?? "no code") (\(layer.crs.name))")
            print(
                "  zones: \(layer.zones.count); id field \(layer.idField); name field \(layer.nameField ?? "none"); commune field \(layer.communeField ?? "none (from the id)")"
            )
            let communes = Set(layer.zones.compactMap(\.commune))
            print("  communes: \(communes.count)")
            if !layer.merged.isEmpty { print("  zones split over several features, merged: \(layer.merged.joined(separator: ", "))") }
            if !layer.skippedEmpty.isEmpty { print("  features without geometry, skipped: \(layer.skippedEmpty.count)") }
        case .caf:
            let table = try CafdataReader.read(path: path)
            print(
                "  kind: CNAF Cafdata counts, keyed by \(table.keyKind.rawValue) (\(table.keyColumn)); encoding \(table.encoding.rawValue); delimiter '\(table.delimiter)'"
            )
            print("  periods: \(table.periods.joined(separator: ", ")); kept: \(table.selectedPeriod ?? "none") (the latest unless --period)")
            print("  places: \(table.records.count); count columns: \(table.countColumns.joined(separator: ", "))")
            print("  rounding: \(table.roundingUnit == 5 ? "every count is a multiple of 5 (rounded for secrecy, ±2.5)" : "not rounded")")
            print("  masked values (blank, s, nd, NA): \(table.maskedValues); rows with an empty place code: \(table.emptyCodeRows)")
            let shown = table.records.prefix(3).map { record in
                "\(record.code) \(record.name ?? ""): "
                    + zip(table.countColumns, record.values).map { "\($0)=\($1.map(format) ?? "masked")" }.joined(separator: " ")
            }
            for line in shown { print("    \(line)") }
        case .points:
            let mappingPath = try mappingPath ?? DataLocator.file("poi_categories.csv")
            let categories = try CategoryMapping.read(path: mappingPath)
            let report = try PointsOfInterestReader.read(path: path, mapping: categories)
            print("  kind: points of interest; name field \(report.nameField ?? "none"); mapping \(mappingPath)")
            let byKind = Dictionary(grouping: report.points, by: \.kind)
            for kind in StopKind.allCases {
                guard let points = byKind[kind] else { continue }
                print("    \(kind.rawValue): \(points.count) (" + points.prefix(4).map(\.name).joined(separator: "; ") + (points.count > 4 ? "; …" : "") + ")")
            }
            print(
                "  not mapped: \(report.unmatched); ignored by the mapping: \(report.ignored); without location: \(report.withoutLocation); duplicates merged: \(report.duplicates)"
            )
        case .streets:
            let source = try StreetNetworkSource(path: path, profilesPath: nil)
            let model = try source.model(profile: "car", epsg: 2154)
            let walk = try source.model(profile: "walk", epsg: 2154)
            print("  kind: street network (\(source.attribution ?? "OpenStreetMap")), profiles \(source.profilesPath)")
            print("  ways read: \(model.graph.readWays); usable by car: \(model.graph.usableWays), on foot: \(walk.graph.usableWays)")
            print(
                "  graph by car: \(model.graph.nodes.count) junctions, \(model.graph.edges.count) edges; main connected part \(model.graph.mainComponentNodes) junctions"
            )
        case .settings:
            let file = try ConfigFile(path: path)
            let root = file.table
            if root.has("zones") {
                let territory = try Territory.load(path: path)
                print("  kind: territory file « \(territory.name) »")
                for (role, input) in territory.inputFiles { print("    \(role): \(input)") }
                print(
                    "  outreach plan: \(territory.hasPlan ? "yes" : "no"); siting review: \(territory.hasSiting ? "yes" : "no"); streets: \(territory.network == nil ? "no (straight line × 1.3)" : "yes")"
                )
            } else if root.has("model") {
                let model = try RiskModel.load(path: path)
                print("  kind: risk model « \(model.name) », version \(model.version)")
                print("  benefits: " + model.benefits.map { "\($0.id) (\($0.label))" }.joined(separator: ", ") + "; \(model.classCount) classes")
            } else if root.has("team") {
                let plan = try PlanSettings.load(path: path)
                print("  kind: outreach plan rules; \(plan.teams) team(s), passages \(plan.frequency.french)")
            } else if root.has("page") {
                _ = try MapStyle.load(path: path)
                print("  kind: map style (read without error)")
            } else {
                let profiles = try TravelProfile.load(path: path)
                print("  kind: travel profiles on the streets: " + profiles.keys.sorted().map { "\($0) (\(profiles[$0]!.label))" }.joined(separator: ", "))
            }
        case .table(let header):
            let table = try TextTable.read(path: path)
            print("  kind: a table that is none of the inputs (\(table.rows.count) rows; encoding \(table.encoding.rawValue); delimiter '\(table.delimiter)')")
            print("  columns: \(header.joined(separator: ", "))")
        }
        return lines
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(format: "%.1f", value)
    }
}
