/// The columns of the scored zones as AllerVers publishes them (GeoPackage, GeoJSON, CSV) and
/// reads them back (`map`, `report`, `plan`, `siting`, `check`): their names in one place, so
/// that the writer and the readers cannot drift apart.
public enum ScoredColumn {
    public static let code = "code_iris"
    public static let name = "nom_iris"
    public static let commune = "insee_com"
    public static let communeName = "nom_com"
    /// Intensity, 0–100 on a fixed national scale, with its interval and class (1 = lowest).
    public static let score = "risk_score"
    public static let scoreLow = "risk_low"
    public static let scoreHigh = "risk_high"
    public static let riskClass = "risk_class"
    /// Share of households × benefits estimated missing, and the volume with its interval.
    public static let share = "nonrecours_share"
    public static let estimate = "nonrecours_est"
    public static let estimateLow = "nonrecours_low"
    public static let estimateHigh = "nonrecours_high"
    public static let priority = "priority"
    public static let basis = "estimate_basis"
    /// A `Reliability` raw value: « bonne », « moyenne », « faible », « secret », « hors champ ».
    public static let reliability = "reliability"
    public static let reliabilityNote = "reliability_note"
    public static let explanation = "explanation"

    /// One benefit's estimate (`nonrecours_rsa`), its bounds and its share of households.
    public static func benefit(_ id: String) -> String { "nonrecours_\(id)" }
    public static func benefitLow(_ id: String) -> String { "nonrecours_\(id)_low" }
    public static func benefitHigh(_ id: String) -> String { "nonrecours_\(id)_high" }
    public static func benefitShare(_ id: String) -> String { "nonrecours_\(id)_share" }
    /// The ratio of CAF recipients to those expected, for a benefit counted by Cafdata.
    public static func cafRatio(_ id: String) -> String { "caf_ratio_\(id)" }

    /// What a file must hold to be read as scored zones.
    public static let required = [code, score, riskClass, reliability]
}
