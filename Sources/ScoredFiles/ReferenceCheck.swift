import Foundation
import Inputs
import Risk
import Support

/// Checks a scored territory against an independent reference per zone (INSEE's IRIS-level
/// Filosofi medians or poverty rates, say): does the intensity score rank zones like it, and
/// is it free of a size effect? The same table as the README's, for any territory.
public enum ReferenceCheck {
    /// Spearman's rank correlations, as a Markdown table in French.
    /// - Parameter sense: true when a higher reference means more risk (a poverty rate), false
    ///   for an income; nil: from the field's name.
    public static func table(scored: String, reference: String, field: String, key: String, sense: Bool? = nil, threads: Int) throws -> Outcome {
        let layer = try ScoredLayer.read(path: scored, threads: threads)
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
        let values = try referenceValues(table, key: keyColumn, value: valueColumn, path: reference)
        guard layer.zones.contains(where: { $0.isPublished && $0.score != nil }) else {
            throw InputError(
                file: scored, field: ScoredColumn.score,
                fr("aucune zone publiée n'a de score : rien à comparer", en: "no published zone has a score: nothing to compare"))
        }
        let zones = layer.zones.filter { zone in
            zone.isPublished && values[zone.code] != nil && zone.score != nil && zone.number("men") != nil
                && zone.number(Indicator.povertyRate.columnName) != nil
        }
        if zones.count >= 3, Set(zones.map { values[$0.code]! }).count == 1 {
            throw InputError(
                file: reference, field: field,
                fr(
                    "la même valeur (\(SpokenNumber.decimal(values[zones[0].code]!, digits: 2))) pour les \(zones.count) zones : une référence constante ne classe rien",
                    en: "the same value (\(SpokenNumber.decimal(values[zones[0].code]!, digits: 2))) for all \(zones.count) zones: a constant reference ranks nothing"))
        }
        guard zones.count >= 3 else {
            throw InputError(
                file: reference, field: key,
                fr(
                    "seules \(zones.count) zones scorées ont une valeur de référence ; attendu des codes correspondant à code_iris",
                    en: "only \(zones.count) scored zones have a reference value; expected codes matching code_iris"))
        }
        let higherIsRiskier = try sense ?? Self.sense(ofField: field, reference: reference)
        let score = zones.map { $0.score! }, ref = zones.map { values[$0.code]! }
        let men = zones.map { $0.number("men")! }, poverty = zones.map { $0.number(Indicator.povertyRate.columnName)! }
        let rows: [(String, Double)] = [
            ("score_risque ~ \(field)", spearman(score, ref)),
            ("taux_pauvrete ~ \(field)", spearman(poverty, ref)),
            ("score_risque ~ taux_pauvrete", spearman(score, poverty)),
            ("score_risque ~ men (taille)", spearman(score, men)),
            ("taux_pauvrete ~ men (taille)", spearman(poverty, men)),
        ]
        var text = fr(
            "\(zones.count) zones publiées avec une valeur de référence (\(layer.zones.count) zones au total)\n",
            en: "\(zones.count) published zones with a reference value (\(layer.zones.count) zones in all)\n")
        text += fr("| corrélation de rang (Spearman) | valeur |\n|---|---|\n", en: "| rank correlation (Spearman) | value |\n|---|---|\n")
        for (name, value) in rows { text += "| \(name) | \(SpokenNumber.decimal(value, digits: 2)) |\n" }
        // The harness: the score and each of its terms against the reference, oriented (1: the
        // riskiest first, as the reference ranks them), over all zones and within each commune.
        let validation = RankValidation(
            zones: zones.map { zone in
                RankValidation.Zone(
                    commune: zone.commune ?? "—", score: zone.score!, terms: termValues(zone), reference: values[zone.code]!)
            }, higherIsRiskier: higherIsRiskier)
        text += "\n" + harnessTable(validation, field: field, higherIsRiskier: higherIsRiskier, names: communeNames(layer))
        return Outcome(text: text, validation: validation)
    }

    /// Masked values of INSEE's IRIS files (unpublished IRIS): read as missing.
    static let maskedTokens: Set<String> = ["", "s", "ns", "nd", "n.d.", "nc", "secret", "-", "x"]

    /// The reference value per zone code: numbers only, masked values left out; a text, an
    /// empty column or a code given twice is an error naming the row.
    static func referenceValues(_ table: TextTable, key: Int, value: Int, path: String) throws -> [String: Double] {
        let field = table.header[value]
        var values: [String: Double] = [:], rowOf: [String: Int] = [:]
        for row in table.rows where key < row.values.count && value < row.values.count {
            let code = row.values[key].trimmingCharacters(in: .whitespaces), text = row.values[value].trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else { continue }
            if let earlier = rowOf[code] {
                throw InputError(
                    file: path, line: row.line, field: table.header[key],
                    fr(
                        "le code \(code) figure deux fois (lignes \(earlier) et \(row.line)) ; attendu une ligne par zone",
                        en: "code \(code) is listed twice (lines \(earlier) and \(row.line)); expected one row per zone"))
            }
            rowOf[code] = row.line
            if maskedTokens.contains(text.lowercased()) { continue }
            guard let number = parseNumber(text, commaDecimal: true), number.isFinite else {
                throw InputError.badValue(
                    file: path, line: row.line, field: field, found: text, expected: fr("un nombre (ou une case vide)", en: "a number (or an empty cell)"))
            }
            values[code] = number
        }
        guard !values.isEmpty else {
            throw InputError(
                file: path, field: field,
                fr("colonne sans aucune valeur : rien à comparer", en: "the column holds no value: nothing to compare"))
        }
        return values
    }

    /// What `check` prints and what it found.
    public struct Outcome: Sendable {
        public var text: String
        public var validation: RankValidation

        /// Why the check fails, in a sentence; nil when the score ranks at least as well as
        /// the poverty rate in every commune checked.
        public var failure: String? {
            guard let worst = validation.failures.first else { return nil }
            return fr(
                "dans \(validation.failures.count) commune(s) (dont \(worst.name)), le score classe les zones moins bien que leur taux de pauvreté : le modèle ajoute du bruit dans la commune",
                en:
                    "in \(validation.failures.count) commune(s) (\(worst.name) among them), the score ranks zones worse than their poverty rate: the model adds noise within the commune"
            )
        }
    }

    /// The sense of a reference column: a poverty rate (`TP60…`) ranks risk upwards, a median
    /// or a mean income (`DISP_MED…`, `DEC_MED…`, `…MOY…`) downwards; any other needs `--sens`.
    static func sense(ofField field: String, reference: String) throws -> Bool {
        let upper = field.uppercased()
        if upper.hasPrefix("TP60") || upper.hasPrefix("TAUX_PAUV") { return true }
        if upper.contains("MED") || upper.contains("MOY") || upper.hasPrefix("DISP") || upper.hasPrefix("DEC_") { return false }
        throw InputError(
            file: reference, field: field,
            fr(
                "sens inconnu : dites avec --sens risque (plus haut = plus de risque, comme un taux de pauvreté) ou --sens revenu (plus haut = moins de risque, comme un revenu médian)",
                en:
                    "unknown sense: say --sens risque (higher = more risk, like a poverty rate) or --sens revenu (higher = less risk, like a median income)"
            ))
    }

    /// The terms of a zone's score as its scored file carries them: the poverty rate, the
    /// composition shares, each benefit's share and each CAF ratio.
    static func termValues(_ zone: ScoredZone) -> [String: Double] {
        var terms: [String: Double] = [:]
        let indicators: [Indicator] = [
            .povertyRate, .singleParentShare, .onePersonShare, .ownerShare, .socialHousingShare, .share18to24, .share65Plus, .imputedShare,
        ]
        for indicator in indicators { if let value = zone.number(indicator.columnName) { terms[indicator.columnName] = value } }
        for key in zone.attributes.keys.sorted() where key.hasPrefix("ratio_caf_") || (key.hasPrefix("part_non_recours_")) {
            if let value = zone.number(key) { terms[key] = value }
        }
        return terms
    }

    static func communeNames(_ layer: ScoredLayer) -> [String: String] {
        var names: [String: String] = [:]
        for zone in layer.zones { if let code = zone.commune, let name = zone.communeName, names[code] == nil { names[code] = name } }
        return names
    }

    static func harnessTable(_ validation: RankValidation, field: String, higherIsRiskier: Bool, names: [String: String]) -> String {
        func rho(_ value: Double?) -> String { value.map { $0.isFinite ? SpokenNumber.decimal($0, digits: 2) : "—" } ?? "—" }
        var text = fr(
            "Chaque terme du score classé comme \(field) (ρ de Spearman orienté : 1 = les zones les plus à risque d'abord, comme la référence\(higherIsRiskier ? "" : ", lue à l'envers : revenu plus bas = risque plus haut")) :\n",
            en:
                "Each term of the score ranked against \(field) (oriented Spearman ρ: 1 = the riskiest zones first, as the reference\(higherIsRiskier ? "" : ", read the other way round: lower income = higher risk")):\n"
        )
        text += fr(
            "| terme | ensemble (\(validation.overall.zones) zones) |\n|---|---|\n", en: "| term | all (\(validation.overall.zones) zones) |\n|---|---|\n")
        text += "| score_risque | \(rho(validation.overall.score)) |\n"
        for term in validation.overall.terms { text += "| \(term.name) | \(rho(term.rho)) |\n" }
        guard !validation.communes.isEmpty else {
            return text
                + fr(
                    "\nAucune commune n'a \(RankValidation.minimumZonesPerCommune) zones ou plus avec une référence : pas de contrôle dans la commune.\n",
                    en: "\nNo commune has \(RankValidation.minimumZonesPerCommune) zones or more with a reference: no within-commune check.\n")
        }
        text += fr(
            "\nDans chaque commune (\(RankValidation.minimumZonesPerCommune) zones ou plus) :\n| commune | zones | score_risque | taux_pauvrete | verdict |\n|---|---|---|---|---|\n",
            en:
                "\nWithin each commune (\(RankValidation.minimumZonesPerCommune) zones or more):\n| commune | zones | score_risque | taux_pauvrete | verdict |\n|---|---|---|---|---|\n"
        )
        for group in validation.communes {
            let name = names[group.name].map { "\($0) (\(group.name))" } ?? group.name
            let verdict =
                group.scoreRanksWorseThanPoverty
                ? fr("le score classe moins bien que la pauvreté", en: "the score ranks worse than poverty")
                : fr("le score classe au moins aussi bien que la pauvreté", en: "the score ranks at least as well as poverty")
            text += "| \(name) | \(group.zones) | \(rho(group.score)) | \(rho(group.poverty)) | \(verdict) |\n"
        }
        return text
    }
}
