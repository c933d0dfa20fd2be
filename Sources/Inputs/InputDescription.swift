import Foundation
import GeoBindings
import GeometryCore
import Support

/// What `allervers inspect` says of each kind of input it recognises: how AllerVers reads the
/// file and what looks wrong, one line each.
public enum InputDescription {
    /// Filosofi cells: layout, grid, columns read, imputed cells, totals.
    public static func cells(path: String, threads: Int) throws -> [String] {
        var lines: [String] = []
        func print(_ line: String) { lines.append(line) }
        let format = InspectedNumber.format
        let table = try FilosofiReader.read(path: path, threads: threads)
        print(
            fr(
                "  type : carreaux Filosofi de 200 m (carroyage), format \(table.vintage.rawValue)",
                en: "  kind: Filosofi 200 m cells (carroyage), layout \(table.vintage.rawValue)"))
        print(
            fr(
                "  carreaux : \(format(Double(table.count))) ; grille : EPSG:\(table.gridEPSG), \(table.resolution) m (géométrie reconstruite depuis les identifiants)",
                en: "  cells: \(table.count); grid: EPSG:\(table.gridEPSG), \(table.resolution) m (geometry rebuilt from the cell ids)"))
        print(
            fr("  colonnes : ", en: "  columns: ")
                + table.columnMapping.map { $0.source == $0.canonical ? $0.source : "\($0.source) → \($0.canonical)" }.joined(separator: ", "))
        if !table.ignoredColumns.isEmpty { print(fr("  non lues : ", en: "  not read: ") + table.ignoredColumns.joined(separator: ", ")) }
        let imputed = table.imputed.filter { $0 }.count
        print(
            fr(
                "  carreaux imputés (i_est_200 = 1) : \(format(Double(imputed))) sur \(format(Double(table.count)))\(imputed == table.count ? " — toutes les valeurs sont imputées" : "")",
                en: "  imputed cells (i_est_200 = 1): \(imputed) of \(table.count)\(imputed == table.count ? " — every value here is imputed" : "")"))
        for name in ["ind", "men", "men_pauv"] {
            if let total = table.total(name) { print("  Σ \(name) = \(format(total))") }
        }
        print(fr("  communes touchées (lcog_geo) : ", en: "  communes touched (lcog_geo): ") + "\(table.communes.distinctCodes.count)")
        return lines
    }

    /// Zones: format, CRS, the code, name and commune fields, merged or empty features.
    public static func zones(path: String, layer layerName: String?, threads: Int) throws -> [String] {
        var lines: [String] = []
        func print(_ line: String) { lines.append(line) }
        let format = InspectedNumber.format
        let layer = try ZonesReader.read(path: path, layer: layerName, oneZonePerFeature: false, threads: threads)
        print(
            fr(
                "  type : zones (contours), format \(layer.driver), couche \(layer.layerName)",
                en: "  kind: zones (contours), format \(layer.driver), layer \(layer.layerName)"))
        print(
            fr(
                "  SCR : \(layer.crs.authorityCode ?? "sans code") (\(layer.crs.name))",
                en: "  CRS: \(layer.crs.authorityCode ?? "no code") (\(layer.crs.name))"))
        print(
            fr(
                "  zones : \(format(Double(layer.zones.count))) ; champ du code \(layer.idField) ; champ du nom \(layer.nameField ?? "aucun") ; champ de la commune \(layer.communeField ?? "aucun (d'après le code)")",
                en:
                    "  zones: \(layer.zones.count); id field \(layer.idField); name field \(layer.nameField ?? "none"); commune field \(layer.communeField ?? "none (from the id)")"
            ))
        let communes = Set(layer.zones.compactMap(\.commune))
        print(fr("  communes : ", en: "  communes: ") + "\(communes.count)")
        if !layer.merged.isEmpty {
            print(
                fr("  zones en plusieurs entités, fusionnées : ", en: "  zones split over several features, merged: ")
                    + layer.merged.joined(separator: ", "))
        }
        if !layer.skippedEmpty.isEmpty {
            print(fr("  entités sans géométrie, ignorées : ", en: "  features without geometry, skipped: ") + "\(layer.skippedEmpty.count)")
        }
        return lines
    }

    /// Cafdata counts: key, periods, columns, rounding, masked values, the first places.
    public static func caf(path: String) throws -> [String] {
        var lines: [String] = []
        func print(_ line: String) { lines.append(line) }
        let format = InspectedNumber.format
        let table = try CafdataReader.read(path: path)
        print(
            fr(
                "  type : effectifs Cafdata de la CNAF, par \(table.keyKind.rawValue) (\(table.keyColumn)) ; encodage \(table.encoding.rawValue) ; séparateur '\(table.delimiter)'",
                en:
                    "  kind: CNAF Cafdata counts, keyed by \(table.keyKind.rawValue) (\(table.keyColumn)); encoding \(table.encoding.rawValue); delimiter '\(table.delimiter)'"
            ))
        print(
            fr(
                "  périodes : \(table.periods.joined(separator: ", ")) ; retenue : \(table.selectedPeriod ?? "aucune") (la plus récente, sauf --caf-period)",
                en: "  periods: \(table.periods.joined(separator: ", ")); kept: \(table.selectedPeriod ?? "none") (the latest unless --caf-period)"))
        print(
            fr(
                "  lieux : \(table.records.count) ; colonnes d'effectifs : \(table.countColumns.joined(separator: ", "))",
                en: "  places: \(table.records.count); count columns: \(table.countColumns.joined(separator: ", "))"))
        print(
            table.roundingUnit == 5
                ? fr(
                    "  arrondi : chaque effectif est un multiple de 5 (arrondi pour le secret, ±2,5)",
                    en: "  rounding: every count is a multiple of 5 (rounded for secrecy, ±2.5)")
                : fr("  arrondi : aucun", en: "  rounding: not rounded"))
        print(
            fr(
                "  valeurs masquées (vide, s, nd, NA) : \(table.maskedValues) ; lignes sans code de lieu : \(table.emptyCodeRows)",
                en: "  masked values (blank, s, nd, NA): \(table.maskedValues); rows with an empty place code: \(table.emptyCodeRows)"))
        let shown = table.records.prefix(3).map { record in
            "\(record.code) \(record.name ?? ""): "
                + zip(table.countColumns, record.values).map { "\($0)=\($1.map(format) ?? fr("masqué", en: "masked"))" }.joined(separator: " ")
        }
        for line in shown { print("    \(line)") }
        return lines
    }

    /// Places: how many of each stop kind, and those left aside.
    public static func points(path: String, mappingPath: String) throws -> [String] {
        var lines: [String] = []
        func print(_ line: String) { lines.append(line) }
        let categories = try CategoryMapping.read(path: mappingPath)
        let report = try PointsOfInterestReader.read(path: path, mapping: categories)
        print(
            fr(
                "  type : lieux ; champ du nom \(report.nameField ?? "aucun") ; correspondance \(mappingPath)",
                en: "  kind: points of interest; name field \(report.nameField ?? "none"); mapping \(mappingPath)"))
        let byKind = Dictionary(grouping: report.points, by: \.kind)
        for kind in StopKind.allCases {
            guard let points = byKind[kind] else { continue }
            print("    \(kind.rawValue): \(points.count) (" + points.prefix(4).map(\.name).joined(separator: "; ") + (points.count > 4 ? "; …" : "") + ")")
        }
        print(
            fr(
                "  sans catégorie : \(report.unmatched) ; écartés par la correspondance : \(report.ignored) ; sans position : \(report.withoutLocation) ; doublons fusionnés : \(report.duplicates)",
                en:
                    "  not mapped: \(report.unmatched); ignored by the mapping: \(report.ignored); without location: \(report.withoutLocation); duplicates merged: \(report.duplicates)"
            ))
        return lines
    }

    /// A table that is none of the inputs.
    public static func table(path: String, header: [String]) throws -> [String] {
        var lines: [String] = []
        func print(_ line: String) { lines.append(line) }
        let table = try TextTable.read(path: path)
        print(
            fr(
                "  type : une table qui n'est aucune des entrées (\(table.rows.count) lignes ; encodage \(table.encoding.rawValue) ; séparateur '\(table.delimiter)')",
                en:
                    "  kind: a table that is none of the inputs (\(table.rows.count) rows; encoding \(table.encoding.rawValue); delimiter '\(table.delimiter)')"
            ))
        print(fr("  colonnes : ", en: "  columns: ") + header.joined(separator: ", "))
        return lines
    }
}

/// A count or a total as the language writes it (« 65 548 » or « 65548 »).
enum InspectedNumber {
    static func format(_ value: Double) -> String {
        if Language.current == .fr { return value == value.rounded() ? FrenchNumber.integer(value) : FrenchNumber.grouped(value, digits: 1) }
        return value == value.rounded() ? String(Int64(value)) : String(format: "%.1f", value)
    }
}
