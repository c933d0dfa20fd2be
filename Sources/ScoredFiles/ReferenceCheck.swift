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
                words("colonne absente ; colonnes : %1$@", table.header.joined(separator: ", ")))
        }
        guard let valueColumn = table.column([field]) else {
            throw InputError(
                file: reference, field: field,
                words("colonne absente ; colonnes : %1$@", table.header.joined(separator: ", ")))
        }
        let values = try referenceValues(table, key: keyColumn, value: valueColumn, path: reference)
        guard layer.zones.contains(where: { $0.isPublished && $0.score != nil }) else {
            throw InputError(
                file: scored, field: ScoredColumn.score,
                words("aucune zone publiée n'a de score : rien à comparer"))
        }
        let zones = layer.zones.filter { zone in
            zone.isPublished && values[zone.code] != nil && zone.score != nil && zone.number("men") != nil
                && zone.number(Indicator.povertyRate.columnName) != nil
        }
        if zones.count >= 3, Set(zones.map { values[$0.code]! }).count == 1 {
            throw InputError(
                file: reference, field: field,
                words(
                    "la même valeur (%1$@) pour les %2$@ zones : une référence constante ne classe rien",
                    SpokenNumber.decimal(values[zones[0].code]!, digits: 2), zones.count))
        }
        guard zones.count >= 3 else {
            throw InputError(
                file: reference, field: key,
                words("seules %1$@ zones scorées ont une valeur de référence ; attendu des codes correspondant à code_iris", zones.count))
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
        var text = words("%1$@ zones publiées avec une valeur de référence (%2$@ zones au total)\n", zones.count, layer.zones.count)
        text += words("| corrélation de rang (Spearman) | valeur |\n|---|---|\n")
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
                    words("le code %1$@ figure deux fois (lignes %2$@ et %3$@) ; attendu une ligne par zone", code, earlier, row.line))
            }
            rowOf[code] = row.line
            if maskedTokens.contains(text.lowercased()) { continue }
            guard let number = parseNumber(text, commaDecimal: true), number.isFinite else {
                throw InputError.badValue(
                    file: path, line: row.line, field: field, found: text, expected: words("un nombre (ou une case vide)"))
            }
            values[code] = number
        }
        guard !values.isEmpty else {
            throw InputError(
                file: path, field: field,
                words("colonne sans aucune valeur : rien à comparer"))
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
            return words(
                "dans %1$@ commune(s) (dont %2$@), le score classe les zones moins bien que leur taux de pauvreté : le modèle ajoute du bruit dans la commune",
                validation.failures.count, worst.name)
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
            words(
                "sens inconnu : dites avec --sens risque (plus haut = plus de risque, comme un taux de pauvreté) ou --sens revenu (plus haut = moins de risque, comme un revenu médian)"
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
        var text = words(
            "Chaque terme du score classé comme %1$@ (ρ de Spearman orienté : 1 = les zones les plus à risque d'abord, comme la référence%2$@) :\n", field,
            higherIsRiskier ? "" : words(", lue à l'envers : revenu plus bas = risque plus haut"))
        text += words("| terme | ensemble (%1$@ zones) |\n|---|---|\n", validation.overall.zones)
        text += "| score_risque | \(rho(validation.overall.score)) |\n"
        for term in validation.overall.terms { text += "| \(term.name) | \(rho(term.rho)) |\n" }
        guard !validation.communes.isEmpty else {
            return text
                + words(
                    "\nAucune commune n'a %1$@ zones ou plus avec une référence : pas de contrôle dans la commune.\n", RankValidation.minimumZonesPerCommune)
        }
        text += words(
            "\nDans chaque commune (%1$@ zones ou plus) :\n| commune | zones | score_risque | taux_pauvrete | verdict |\n|---|---|---|---|---|\n",
            RankValidation.minimumZonesPerCommune)
        for group in validation.communes {
            let name = names[group.name].map { "\($0) (\(group.name))" } ?? group.name
            let verdict =
                group.scoreRanksWorseThanPoverty
                ? words("le score classe moins bien que la pauvreté")
                : words("le score classe au moins aussi bien que la pauvreté")
            text += "| \(name) | \(group.zones) | \(rho(group.score)) | \(rho(group.poverty)) | \(verdict) |\n"
        }
        return text
    }
}
