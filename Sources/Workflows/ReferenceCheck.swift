import Cartography
import Foundation
import Inputs
import Risk
import Support

/// Checks a scored territory against an independent reference per zone (INSEE's IRIS-level
/// Filosofi medians or poverty rates, say): does the intensity score rank zones like it, and
/// is it free of a size effect? The same table as the README's, for any territory.
public enum ReferenceCheck {
    /// Spearman's rank correlations, as a Markdown table in French.
    public static func table(scored: String, reference: String, field: String, key: String) throws -> String {
        let layer = try ScoredLayer.read(path: scored)
        let table = try TextTable.read(path: reference)
        guard let keyColumn = table.column([key]) else {
            throw InputError(
                file: reference, field: key,
                fr(
                    "colonne absente ; colonnes : \(table.header.joined(separator: ", "))",
                    en: "no such column; columns: \(table.header.joined(separator: ", "))"))
        }
        guard let valueColumn = table.column([field]) else {
            throw InputError(
                file: reference, field: field,
                fr(
                    "colonne absente ; colonnes : \(table.header.joined(separator: ", "))",
                    en: "no such column; columns: \(table.header.joined(separator: ", "))"))
        }
        var values: [String: Double] = [:]
        for row in table.rows where keyColumn < row.values.count && valueColumn < row.values.count {
            if let value = parseNumber(row.values[valueColumn], commaDecimal: true) { values[row.values[keyColumn]] = value }
        }
        let zones = layer.zones.filter { zone in
            zone.isPublished && values[zone.code] != nil && zone.score != nil && zone.number("men") != nil
                && zone.number(Indicator.povertyRate.columnName) != nil
        }
        guard zones.count >= 3 else {
            throw InputError(
                file: reference, field: key,
                fr(
                    "seules \(zones.count) zones scorées ont une valeur de référence ; attendu des codes correspondant à code_iris",
                    en: "only \(zones.count) scored zones have a reference value; expected codes matching code_iris"))
        }
        let score = zones.map { $0.score! }, ref = zones.map { values[$0.code]! }
        let men = zones.map { $0.number("men")! }, poverty = zones.map { $0.number(Indicator.povertyRate.columnName)! }
        let rows: [(String, Double)] = [
            ("score_risque ~ \(field)", spearman(score, ref)),
            ("poverty_rate ~ \(field)", spearman(poverty, ref)),
            ("score_risque ~ taux_pauvrete", spearman(score, poverty)),
            ("score_risque ~ men (taille)", spearman(score, men)),
            ("poverty_rate ~ men (taille)", spearman(poverty, men)),
        ]
        var text = fr(
            "\(zones.count) zones publiées avec une valeur de référence (\(layer.zones.count) zones au total)\n",
            en: "\(zones.count) published zones with a reference value (\(layer.zones.count) zones in all)\n")
        text += fr("| corrélation de rang (Spearman) | valeur |\n|---|---|\n", en: "| rank correlation (Spearman) | value |\n|---|---|\n")
        for (name, value) in rows { text += "| \(name) | \(SpokenNumber.decimal(value, digits: 2)) |\n" }
        return text
    }
}
