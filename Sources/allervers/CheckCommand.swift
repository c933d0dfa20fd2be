import ArgumentParser
import Cartography
import Foundation
import Workflows
import Inputs
import Risk

/// Checks a scored territory against an independent reference per zone (INSEE's IRIS-level
/// Filosofi medians or poverty rates, say): does the intensity score rank zones like it, and
/// is it free of a size effect? The same table as the README's, for any territory.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Rank correlations of the scored zones with a reference per zone (e.g. INSEE's IRIS median income).",
        discussion: "Prints Spearman's rank correlation of risk_score with the reference, with the households and with the poverty rate, over the zones that publish a score and have a reference value."
    )

    @Option(name: .long, help: "Scored zones written by `allervers score` (.geojson or .gpkg).")
    var scored: String

    @Option(name: .long, help: "Reference table (CSV, ; or ,; UTF-8 or Latin-1), one row per zone.")
    var reference: String

    @Option(name: .long, help: "Reference column (e.g. DISP_MED19, the IRIS median disposable income).")
    var field: String = "DISP_MED19"

    @Option(name: .long, help: "Zone code column of the reference table.")
    var key: String = "IRIS"

    func run() throws {
        try reportingErrors {
            let layer = try ScoredLayer.read(path: scored)
            let table = try TextTable.read(path: reference)
            guard let keyColumn = table.column([key]) else {
                throw InputError(file: reference, field: key, "no such column; columns: \(table.header.joined(separator: ", "))")
            }
            guard let valueColumn = table.column([field]) else {
                throw InputError(file: reference, field: field, "no such column; columns: \(table.header.joined(separator: ", "))")
            }
            var values: [String: Double] = [:]
            for row in table.rows where keyColumn < row.values.count && valueColumn < row.values.count {
                if let value = parseNumber(row.values[valueColumn], commaDecimal: true) { values[row.values[keyColumn]] = value }
            }
            let zones = layer.zones.filter { zone in
                zone.isPublished && values[zone.code] != nil && zone.number("risk_score") != nil && zone.number("men") != nil
                    && zone.number("poverty_rate") != nil
            }
            guard zones.count >= 3 else {
                throw InputError(file: reference, field: key, "only \(zones.count) scored zones have a reference value; expected codes matching code_iris")
            }
            let score = zones.map { $0.number("risk_score")! }, ref = zones.map { values[$0.code]! }
            let men = zones.map { $0.number("men")! }, poverty = zones.map { $0.number("poverty_rate")! }
            let rows: [(String, Double)] = [
                ("risk_score ~ \(field)", spearman(score, ref)),
                ("poverty_rate ~ \(field)", spearman(poverty, ref)),
                ("risk_score ~ poverty_rate", spearman(score, poverty)),
                ("risk_score ~ men (taille)", spearman(score, men)),
                ("poverty_rate ~ men (taille)", spearman(poverty, men)),
            ]
            var text = "\(zones.count) zones publiées avec une valeur de référence (\(layer.zones.count) zones au total)\n"
            text += "| corrélation de rang (Spearman) | valeur |\n|---|---|\n"
            for (name, value) in rows { text += "| \(name) | \(FrenchNumber.decimal(value, digits: 2)) |\n" }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
