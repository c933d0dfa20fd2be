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
            words("  type : carreaux Filosofi de 200 m (carroyage), format %1$@", table.vintage.rawValue))
        print(
            words(
                "  carreaux : %1$@ ; grille : EPSG:%2$@, %3$@ m (géométrie reconstruite depuis les identifiants)", format(Double(table.count)), table.gridEPSG,
                table.resolution))
        print(
            words("  colonnes : ")
                + table.columnMapping.map { $0.source == $0.canonical ? $0.source : "\($0.source) → \($0.canonical)" }.joined(separator: ", "))
        if !table.ignoredColumns.isEmpty { print(words("  non lues : ") + table.ignoredColumns.joined(separator: ", ")) }
        let imputed = table.imputed.filter { $0 }.count
        print(
            words(
                "  carreaux imputés (i_est_200 = 1) : %1$@ sur %2$@%3$@", format(Double(imputed)), format(Double(table.count)),
                imputed == table.count ? words(" — toutes les valeurs sont imputées") : ""))
        for name in ["ind", "men", "men_pauv"] {
            if let total = table.total(name) { print("  Σ \(name) = \(format(total))") }
        }
        print(words("  communes touchées (lcog_geo) : ") + "\(table.communes.distinctCodes.count)")
        return lines
    }

    /// Zones: format, CRS, the code, name and commune fields, merged or empty features.
    public static func zones(path: String, layer layerName: String?, threads: Int) throws -> [String] {
        var lines: [String] = []
        func print(_ line: String) { lines.append(line) }
        let format = InspectedNumber.format
        let layer = try ZonesReader.read(path: path, layer: layerName, oneZonePerFeature: false, threads: threads)
        print(
            words("  type : zones (contours), format %1$@, couche %2$@", layer.driver, layer.layerName))
        print(
            words("  SCR : %1$@ (%2$@)", layer.crs.authorityCode ?? words("sans code"), layer.crs.name))
        print(
            words(
                "  zones : %1$@ ; champ du code %2$@ ; champ du nom %3$@ ; champ de la commune %4$@", format(Double(layer.zones.count)), layer.idField,
                layer.nameField ?? words("aucun"), layer.communeField ?? words("aucun (d'après le code)")))
        let communes = Set(layer.zones.compactMap(\.commune))
        print(words("  communes : ") + "\(communes.count)")
        if !layer.merged.isEmpty {
            print(
                words("  zones en plusieurs entités, fusionnées : ")
                    + layer.merged.joined(separator: ", "))
        }
        if !layer.skippedEmpty.isEmpty {
            print(words("  entités sans géométrie, ignorées : ") + "\(layer.skippedEmpty.count)")
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
            words(
                "  type : effectifs Cafdata de la CNAF, par %1$@ (%2$@) ; encodage %3$@ ; séparateur '%4$@'", table.keyKind.rawValue, table.keyColumn,
                table.encoding.rawValue, table.delimiter))
        print(
            words(
                "  périodes : %1$@ ; retenue : %2$@ (la plus récente, sauf --caf-period)", table.periods.joined(separator: ", "),
                table.selectedPeriod ?? words("aucune")))
        print(
            words("  lieux : %1$@ ; colonnes d'effectifs : %2$@", table.records.count, table.countColumns.joined(separator: ", ")))
        print(
            table.roundingUnit == 5
                ? words("  arrondi : chaque effectif est un multiple de 5 (arrondi pour le secret, ±2,5)")
                : words("  arrondi : aucun"))
        print(
            words("  valeurs masquées (vide, s, nd, NA) : %1$@ ; lignes sans code de lieu : %2$@", table.maskedValues, table.emptyCodeRows))
        let shown = table.records.prefix(3).map { record in
            "\(record.code) \(record.name ?? ""): "
                + zip(table.countColumns, record.values).map { "\($0)=\($1.map(format) ?? words("masqué"))" }.joined(separator: " ")
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
            words("  type : lieux ; champ du nom %1$@ ; correspondance %2$@", report.nameField ?? words("aucun"), mappingPath))
        let byKind = Dictionary(grouping: report.points, by: \.kind)
        for kind in StopKind.allCases {
            guard let points = byKind[kind] else { continue }
            print("    \(kind.rawValue): \(points.count) (" + points.prefix(4).map(\.name).joined(separator: "; ") + (points.count > 4 ? "; …" : "") + ")")
        }
        print(
            words(
                "  sans catégorie : %1$@ ; écartés par la correspondance : %2$@ ; sans position : %3$@ ; doublons fusionnés : %4$@", report.unmatched,
                report.ignored, report.withoutLocation, report.duplicates))
        return lines
    }

    /// A table that is none of the inputs.
    public static func table(path: String, header: [String]) throws -> [String] {
        var lines: [String] = []
        func print(_ line: String) { lines.append(line) }
        let table = try TextTable.read(path: path)
        print(
            words(
                "  type : une table qui n'est aucune des entrées (%1$@ lignes ; encodage %2$@ ; séparateur '%3$@')", table.rows.count, table.encoding.rawValue,
                table.delimiter))
        print(words("  colonnes : ") + header.joined(separator: ", "))
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
