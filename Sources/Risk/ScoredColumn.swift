/// The columns of the scored zones as AllerVers publishes them (GeoPackage, GeoJSON, CSV,
/// workbooks, PostGIS, summaries) and reads them back (`map`, `report`, `plan`, `siting`,
/// `check`): their French names in one place, so that the writer and the readers cannot drift
/// apart. INSEE's Filosofi counts keep INSEE's names (`ind`, `men`, `men_pauv`…); what each
/// column means, in which unit and from which source is `ColumnDictionary`'s.
public enum ScoredColumn {
    public static let code = "code_iris"
    public static let name = "nom_iris"
    public static let commune = "insee_com"
    public static let communeName = "nom_com"
    /// Intensity, 0–100 on a fixed national scale, with its interval and class (1 = lowest).
    public static let score = "score_risque"
    public static let scoreLow = "score_risque_bas"
    public static let scoreHigh = "score_risque_haut"
    public static let riskClass = "classe_risque"
    /// The score is published to a tenth (`scoreDigits`), and its class is that of the value
    /// published: a zone printed « 50,0 » is « élevé » under national bounds that start there,
    /// never « modéré » because its unrounded score fell a hair below.
    public static let scoreDigits = 1
    public static func publishedScore(_ score: Double) -> Double {
        let rounded = (score * 10).rounded() / 10
        return rounded == 0 ? 0 : rounded
    }
    /// The class in words: « faible » … « très élevé » (national classes), or its rank.
    public static let riskLevel = "niveau_risque"
    /// Share of households × benefits estimated missing, and the volume with its interval.
    public static let share = "part_non_recours"
    public static let estimate = "non_recours_estime"
    public static let estimateLow = "non_recours_bas"
    public static let estimateHigh = "non_recours_haut"
    public static let priority = "priorite"
    public static let basis = "base_estimation"
    /// A `Reliability` raw value: « bonne », « moyenne », « faible », « secret », « hors champ ».
    public static let reliability = "fiabilite"
    public static let reliabilityNote = "note_fiabilite"
    public static let explanation = "explication"

    /// One benefit's estimate (`non_recours_rsa`), its bounds and its share of households.
    public static let benefitPrefix = "non_recours_"
    public static func benefit(_ id: String) -> String { "non_recours_\(id)" }
    public static func benefitLow(_ id: String) -> String { "non_recours_\(id)_bas" }
    public static func benefitHigh(_ id: String) -> String { "non_recours_\(id)_haut" }
    public static func benefitShare(_ id: String) -> String { "part_non_recours_\(id)" }
    /// The ratio of CAF recipients to those expected, for a benefit counted by Cafdata.
    public static func cafRatio(_ id: String) -> String { "ratio_caf_\(id)" }
    /// Names of the total's columns that share the benefits' prefix (not benefit ids).
    public static let totalSuffixes: Set<String> = ["estime", "bas", "haut"]

    /// What a file must hold to be read as scored zones.
    public static let required = [code, score, riskClass, reliability]

    /// The current name of a column that files written by versions before 0.2 named in English
    /// (`risk_score` → `score_risque`, `nonrecours_rsa_low` → `non_recours_rsa_bas`), or nil
    /// for any other name. Lower-case names.
    public static func current(ofLegacy name: String) -> String? {
        let fixed: [String: String] = [
            "risk_score": score, "risk_low": scoreLow, "risk_high": scoreHigh, "risk_class": riskClass, "nonrecours_share": share,
            "nonrecours_est": estimate, "nonrecours_low": estimateLow, "nonrecours_high": estimateHigh, "priority": priority,
            "estimate_basis": basis, "reliability": reliability, "reliability_note": reliabilityNote, "explanation": explanation,
        ]
        if let current = fixed[name] { return current }
        if let indicator = Indicator(rawValue: name) { return indicator.columnName }
        if name.hasPrefix("caf_ratio_") { return cafRatio(String(name.dropFirst("caf_ratio_".count))) }
        guard name.hasPrefix("nonrecours_") else { return nil }
        let rest = String(name.dropFirst("nonrecours_".count))
        for (suffix, make) in [("_low", benefitLow), ("_high", benefitHigh), ("_share", benefitShare)] as [(String, (String) -> String)]
        where rest.hasSuffix(suffix) && rest.count > suffix.count {
            return make(String(rest.dropLast(suffix.count)))
        }
        return rest.contains("_") ? nil : benefit(rest)
    }
}
