import Foundation
import Inputs
import Support

/// The risk-of-non-recours model a planner reads and edits (`Data/models/default.toml`):
/// benefits with their eligibility proxy, published non-take-up rate and source, risk
/// factors, the national reference of each factor, and the fixed scale of the intensity score.
public struct RiskModel: Sendable {
    /// One term of an eligibility proxy: `share × count [× indicator]`.
    public struct EligibilityTerm: Sendable {
        public var count: String
        public var share: Double
        public var times: Indicator?
    }

    /// A factor that raises (odds ratio > 1) or lowers (< 1) non-take-up, per `per` above the
    /// indicator's national value (`[national]` in the model file).
    public struct RiskFactor: Sendable {
        public var indicator: Indicator
        public var oddsRatio: Double
        public var per: Double
        public var source: String
    }

    public struct Benefit: Sendable {
        public var id: String
        public var label: String
        public var rate: Double
        public var rateLow: Double
        public var rateHigh: Double
        public var rateSource: String
        /// Cafdata column of the households paid this benefit (lower case), if the CAF pays it.
        public var cafColumn: String?
        public var eligible: [EligibilityTerm]
        public var eligibleNote: String
        public var factors: [RiskFactor]
        /// False when no published non-take-up rate exists (the rate is an assumption): maps
        /// and the report say so.
        public var ratePublished: Bool
        /// The weight of this benefit in the steering volume (`non_recours_estime`, the score,
        /// the priority): 1 for a published rate; below 1 for an assumed one, so that a
        /// benefit nobody has measured cannot drive where the teams go.
        public var volumeWeight: Double = 1
    }

    public var source: String
    public var name: String
    public var version: String
    public var cafGapToNonrecours: Double
    public var imputedUncertainty: Double
    public var minRate: Double
    public var maxRate: Double
    public var minimumHouseholds: Double
    /// The secrecy threshold was set below INSEE's 11 households, explicitly: internal use only.
    public var belowInseeSecrecy: Bool = false
    public var fewHouseholds: Double
    public var imputedShareMedium: Double
    public var imputedShareLow: Double
    public var intervalWidthMedium: Double
    public var intervalWidthLow: Double
    public var classMethod: ClassificationMethod
    public var classCount: Int
    /// The fixed national classes (`method = "national"`, the default): the intensity as a
    /// multiple of the national level at which each class starts, and the class names.
    public var nationalMultiples = RiskModel.defaultNationalMultiples
    public var nationalClassNames = RiskModel.defaultNationalClassNames
    public static let defaultNationalMultiples: [Double] = [0.5, 1, 2]
    public static let defaultNationalClassNames = ["faible", "modéré", "élevé", "très élevé"]
    /// The intensity score is `100 × s / (s + scoreHalfAt)`, `s` the zone's households ×
    /// benefits missing per household: a fixed national scale (50 at the national level),
    /// strictly increasing, never saturated. Computed from the model at the national values
    /// (``nationalShare()``) unless the file sets `half_at`.
    public var scoreHalfAt: Double
    /// True when `half_at` is computed from the model (and follows it when a weight moves).
    public var halfAtComputed: Bool = true
    /// National values of the indicators (France métropolitaine): the reference of every risk
    /// factor, so that a zone's estimate does not depend on the other zones scored with it.
    public var nationalReference: [Indicator: Double]
    public var benefits: [Benefit]

    /// The intensity score of a share of households missing a benefit.
    public func intensityScore(share: Double) -> Double {
        guard share > 0 else { return 0 }
        return 100 * share / (share + scoreHalfAt)
    }

    /// Each benefit's part of the steering volume (`non_recours_estime`, the score, the
    /// priority, the plan's and the review's weights), from its estimate: the estimate at its
    /// volume weight, and the benefits without a published rate together never more than
    /// those with one (scaled down where they would be): an assumption cannot drive where the
    /// teams go. With no published benefit, the volume weights alone.
    public func steeringContributions<C: Collection>(_ missing: C) -> [Double] where C.Element == Double, C.Index == Int {
        let scale = assumedScale(missing)
        return benefits.indices.map { b in contribution(missing, b, scale: scale) }
    }

    /// The steering volume of one zone's estimates: the sum of its contributions, in the same
    /// order and with the same bits, without building their array (it is asked for every zone
    /// of every scenario).
    public func steeringVolume<C: Collection>(_ missing: C) -> Double where C.Element == Double, C.Index == Int {
        let scale = assumedScale(missing)
        var volume = 0.0
        for b in benefits.indices { volume += contribution(missing, b, scale: scale) }
        return volume
    }

    /// Benefit `b`'s contribution: its estimate times its volume weight, times `scale` when its
    /// rate is assumed.
    @inline(__always)
    private func contribution<C: Collection>(_ missing: C, _ b: Int, scale: Double?) -> Double where C.Element == Double, C.Index == Int {
        let value = missing[missing.startIndex + b] * benefits[b].volumeWeight
        guard let scale, !benefits[b].ratePublished else { return value }
        return value * scale
    }

    /// What the assumed benefits are brought down by when together they weigh more than the
    /// published ones; nil when they are not.
    private func assumedScale<C: Collection>(_ missing: C) -> Double? where C.Element == Double, C.Index == Int {
        var published = 0.0, assumed = 0.0
        for b in benefits.indices {
            let value = missing[missing.startIndex + b] * benefits[b].volumeWeight
            if benefits[b].ratePublished { published += value } else { assumed += value }
        }
        return published > 0 && assumed > published ? published / assumed : nil
    }

    /// The score's lower bound of each national class after the first (`33,3`, `50`, `66,7`).
    public var nationalClassBounds: [Double] { nationalMultiples.map { 100 * $0 / ($0 + 1) } }

    /// The name of a class (1-based) as the legend prints it: the national word, or the
    /// class's rank among the territory's own classes.
    public func className(_ riskClass: Int) -> String {
        if classMethod == .national, nationalClassNames.indices.contains(riskClass - 1) { return nationalClassNames[riskClass - 1] }
        return riskClass == 1 ? "la plus faible" : riskClass == classCount ? "la plus élevée" : "classe \(riskClass)"
    }

    /// The classes of the published scores: fixed national bounds, or the territory's own.
    public func classBreaks(of scores: [Double], threads: Int) -> ClassBreaks {
        classMethod == .national
            ? ClassBreaks.fixed(scores, lowerBounds: nationalClassBounds, minimum: 0, maximum: 100)
            : ClassBreaks.compute(scores, classes: classCount, method: classMethod, threads: threads)
    }

    /// Households × benefits missing per household at the national values of `[national]`,
    /// without CAF confrontation, each benefit at its volume weight: the level that scores 50.
    /// Nil when an eligibility term counts something other than households or poor households.
    public func nationalShare() -> Double? {
        guard let poverty = nationalReference[.povertyRate] else { return nil }
        var total = 0.0
        for benefit in benefits {
            guard let perHousehold = nationalEligiblePerHousehold(benefit, poverty: poverty) else { return nil }
            total += benefit.volumeWeight * perHousehold * benefit.rate
        }
        return total
    }

    /// Eligible households per household at the national values (nil: a count the national
    /// values do not give).
    func nationalEligiblePerHousehold(_ benefit: Benefit, poverty: Double) -> Double? {
        var eligible = 0.0
        for term in benefit.eligible {
            let base: Double
            switch term.count {
            case "men_pauv": base = poverty
            case "men": base = 1
            default: return nil
            }
            let times = term.times.map { nationalReference[$0] ?? .nan } ?? 1
            guard times.isFinite else { return nil }
            eligible += term.share * base * times
        }
        return eligible
    }

    /// The counts the model reads, for checking the cells before any work.
    public var requiredCounts: [String] {
        var names = ["men", "men_pauv", "ind"]
        for benefit in benefits { names += benefit.eligible.map(\.count) }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}

extension RiskModel {
    /// Reads and checks a model file; every problem names the line and the key.
    public static func load(path: String) throws(InputError) -> RiskModel {
        try load(ConfigFile(path: path))
    }

    public static func load(_ file: ConfigFile) throws(InputError) -> RiskModel {
        let root = file.table
        try root.rejectUnknownKeys(["model", "secrecy", "reliability", "classes", "score", "national", "benefit"])
        guard let model = try root.subtable("model") else { throw root.error("model", words("table [model] absente")) }
        try model.rejectUnknownKeys(["name", "version", "caf_gap_to_nonrecours", "imputed_uncertainty", "min_rate", "max_rate"])
        let secrecy = try root.subtable("secrecy")
        try secrecy?.rejectUnknownKeys(["minimum_households", "allow_below_insee"])
        let minimum = try secrecy?.number("minimum_households", in: 0...10_000) ?? 11
        let belowInsee = try secrecy?.bool("allow_below_insee") ?? false
        if let secrecy, minimum < 11 && !belowInsee {
            throw secrecy.error(
                "minimum_households",
                words(
                    "trouvé %1$@, sous le seuil de l'Insee de 11 ménages ; les sorties révéleraient ce que le secret statistique cache. Pour un usage interne seulement, ajoutez allow_below_insee = true dans [secrecy] (chaque run le dira alors)",
                    minimum)
            )
        }
        let reliability = try root.subtable("reliability")
        try reliability?.rejectUnknownKeys([
            "few_households", "imputed_share_medium", "imputed_share_low", "interval_width_medium", "interval_width_low",
        ])
        let classes = try root.subtable("classes")
        try classes?.rejectUnknownKeys(["method", "count", "national_multiples", "names"])
        var classMethod = ClassificationMethod.national
        if let classes, let name = try classes.string("method") {
            guard let method = ClassificationMethod(rawValue: name) else {
                throw classes.error(
                    "method",
                    words("trouvé « %1$@ », attendu national, jenks, quantiles ou equal", name))
            }
            classMethod = method
        }
        var multiples = RiskModel.defaultNationalMultiples
        var classNames = RiskModel.defaultNationalClassNames
        if let classes, let given = try classes.numberArray("national_multiples", in: 0.01...100) {
            guard !given.isEmpty, zip(given, given.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw classes.error(
                    "national_multiples",
                    words("attendu des multiples du niveau national croissants, comme [0.5, 1, 2]"))
            }
            multiples = given
        }
        if let given = try classes?.stringArray("names") {
            classNames = given
        }
        guard classNames.count == multiples.count + 1 else {
            throw (classes ?? root).error(
                "names",
                words("%1$@ noms pour %2$@ classes nationales (une de plus que national_multiples)", classNames.count, multiples.count + 1))
        }
        let minRate = try model.number("min_rate", in: 0...1) ?? 0.02
        let maxRate = try model.number("max_rate", in: 0...1) ?? 0.9
        guard minRate < maxRate else {
            throw model.error("max_rate", words("doit être supérieur à min_rate (%1$@)", minRate))
        }

        let scoreTable = try root.subtable("score") ?? ConfigTable.empty(in: file, named: "score")
        try scoreTable.rejectUnknownKeys(["half_at"])
        let givenHalfAt = try scoreTable.number("half_at", in: 0.001...10)
        var national: [Indicator: Double] = [:]
        if let table = try root.subtable("national") {
            try table.rejectUnknownKeys(Set(Indicator.allCases.map(\.rawValue)))
            for indicator in Indicator.allCases {
                if let value = try table.number(indicator.rawValue, in: indicator.isShare ? 0...1 : 0...1_000_000) {
                    national[indicator] = value
                }
            }
        }

        var benefits: [Benefit] = []
        for table in try root.tables("benefit") {
            benefits.append(try benefit(table, national: national, known: benefits, file: file))
        }
        guard !benefits.isEmpty else { throw root.error("benefit", words("absent : au moins un [[benefit]]")) }

        var result = RiskModel(
            source: file.path, name: try model.string("name") ?? "modèle", version: try model.string("version") ?? "",
            cafGapToNonrecours: try model.number("caf_gap_to_nonrecours", in: 0...1) ?? 0.5,
            imputedUncertainty: try model.number("imputed_uncertainty", in: 0...1) ?? 0.5,
            minRate: minRate, maxRate: maxRate,
            minimumHouseholds: minimum, belowInseeSecrecy: minimum < 11,
            fewHouseholds: try reliability?.number("few_households", in: 0...1_000_000) ?? 200,
            imputedShareMedium: try reliability?.number("imputed_share_medium", in: 0...1) ?? 0.2,
            imputedShareLow: try reliability?.number("imputed_share_low", in: 0...1) ?? 0.5,
            intervalWidthMedium: try reliability?.number("interval_width_medium", in: 0...100) ?? 0.6,
            intervalWidthLow: try reliability?.number("interval_width_low", in: 0...100) ?? 1.2,
            classMethod: classMethod, classCount: classMethod == .national ? classNames.count : try classes?.integer("count", in: 2...9) ?? 5,
            nationalMultiples: multiples, nationalClassNames: classNames,
            scoreHalfAt: givenHalfAt ?? 0, halfAtComputed: givenHalfAt == nil, nationalReference: national, benefits: benefits
        )
        try result.checkVolumeWeights(file.table)
        if givenHalfAt == nil {
            guard let share = result.nationalShare(), share > 0 else {
                throw scoreTable.error(
                    "half_at",
                    words(
                        "absent, et le niveau national ne se calcule pas avec ce modèle (poverty_rate dans [national], éligibles comptés en men ou men_pauv) ; donnez la part de ménages × prestations non perçues par ménage qui vaut 50"
                    ))
            }
            result.scoreHalfAt = share
        }
        return result
    }

    /// One `[[benefit]]`: its id (which names its columns), label, rate and interval, source,
    /// eligibility terms and risk factors.
    static func benefit(_ table: ConfigTable, national: [Indicator: Double], known: [Benefit], file: ConfigFile) throws(InputError) -> Benefit {
        try table.rejectUnknownKeys([
            "id", "label", "rate", "rate_low", "rate_high", "rate_source", "rate_published", "caf_column", "eligible",
            "eligible_note", "factor", "volume_weight",
        ])
        let id = try table.requiredString("id")
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw table.error(
                "id",
                words("trouvé « %1$@ », attendu des lettres, chiffres ou _ (il nomme la colonne non_recours_%2$@)", id, id))
        }
        // Its columns must not be those of the totals (non_recours_estime, _bas, _haut).
        guard !ScoredColumn.totalSuffixes.contains(id.lowercased()), !id.lowercased().hasSuffix("_bas"), !id.lowercased().hasSuffix("_haut") else {
            throw table.error(
                "id",
                words(
                    "« %1$@ » nommerait une colonne des totaux (non_recours_estime, non_recours_bas, non_recours_haut) ou d'un intervalle ; choisissez un autre identifiant",
                    id))
        }
        guard !known.contains(where: { $0.id == id }) else {
            throw table.error("id", words("la prestation « %1$@ » apparaît deux fois", id))
        }
        let rate = try table.requiredNumber(
            "rate", in: 0...1, meaning: words("le taux de non-recours publié (0–1)"))
        let low = try table.number("rate_low", in: 0...1) ?? rate
        let high = try table.number("rate_high", in: 0...1) ?? rate
        guard low <= rate && rate <= high else {
            throw table.error(
                "rate", words("doit être entre rate_low (%1$@) et rate_high (%2$@)", low, high))
        }
        let source = try table.requiredString("rate_source")
        guard !source.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw table.error(
                "rate_source",
                words("vide ; dites d'où vient le taux, ou qu'aucun n'est publié"))
        }
        let terms = try eligibilityTerms(table)
        let factors = try riskFactors(table, national: national)
        return Benefit(
            id: id, label: PrintedText.bounded(try table.string("label") ?? id, limit: 80, source: file.path, field: "label"), rate: rate, rateLow: low,
            rateHigh: high, rateSource: source,
            cafColumn: try table.string("caf_column")?.lowercased(), eligible: terms,
            eligibleNote: try table.string("eligible_note") ?? "", factors: factors,
            ratePublished: try table.bool("rate_published") ?? true,
            volumeWeight: try table.number("volume_weight", in: 0...1) ?? 1
        )
    }

    /// A benefit's `eligible` terms: Filosofi counts, each a share, maybe times a share indicator.
    static func eligibilityTerms(_ table: ConfigTable) throws(InputError) -> [EligibilityTerm] {
        var terms: [EligibilityTerm] = []
        for term in try table.tables("eligible") {
            try term.rejectUnknownKeys(["count", "share", "times"])
            let count = try term.requiredString("count").lowercased()
            guard ColumnDictionary.filosofiCounts[count] != nil else {
                let known = ["men", "men_pauv", "men_1ind", "men_fmp", "ind_65_79", "ind_80p"].joined(separator: ", ")
                throw term.error(
                    "count",
                    words("trouvé « %1$@ », attendu un comptage des carreaux Filosofi (%2$@…)", count, known))
            }
            let share = try term.requiredNumber("share", in: 0...10, meaning: words("une part du comptage"))
            var times: Indicator?
            if let name = try term.string("times") {
                guard let indicator = Indicator(rawValue: name), indicator.isShare else {
                    throw term.error(
                        "times",
                        words(
                            "trouvé « %1$@ », attendu un indicateur de part : %2$@", name,
                            Indicator.allCases.filter(\.isShare).map(\.rawValue).joined(separator: ", ")))
                }
                times = indicator
            }
            terms.append(EligibilityTerm(count: count, share: share, times: times))
        }
        guard !terms.isEmpty else {
            throw table.error(
                "eligible",
                words("absent ; attendu une liste comme [{ count = \"men_pauv\", share = 0.65 }]"))
        }
        return terms
    }

    /// A benefit's risk factors: an indicator with a national value, an odds ratio per step.
    static func riskFactors(_ table: ConfigTable, national: [Indicator: Double]) throws(InputError) -> [RiskFactor] {
        var factors: [RiskFactor] = []
        for factor in try table.tables("factor") {
            try factor.rejectUnknownKeys(["indicator", "odds_ratio", "per", "source"])
            let name = try factor.requiredString("indicator")
            guard let indicator = Indicator(rawValue: name) else {
                throw factor.error(
                    "indicator",
                    words("trouvé « %1$@ », attendu l'un de : %2$@", name, Indicator.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            guard national[indicator] != nil else {
                throw factor.error(
                    "indicator",
                    words("%1$@ n'a pas de valeur nationale : ajoutez-la dans [national] (le point de référence du facteur)", name))
            }
            let odds = try factor.requiredNumber(
                "odds_ratio", in: 0.1...10, meaning: words("un rapport de cotes entre 0,1 et 10"))
            let per = try factor.number("per") ?? 0.1
            guard per > 0 else { throw factor.error("per", words("attendu un pas positif")) }
            // A step so small that a 10 % gap to the national value multiplies the odds by
            // more than a thousand drives every rate to its bounds.
            let gap = 0.1 * max(abs(national[indicator] ?? 0), 1e-3)
            guard abs(log(odds)) * gap / per <= log(1000.0) else {
                throw factor.error(
                    "per",
                    words(
                        "pas de %1$@ trop petit pour %2$@ : un écart de 10 % à la valeur nationale multiplierait les cotes par plus de mille (rapport de cotes %3$@ par pas) ; attendu un pas à l'échelle de l'indicateur (0,1 pour une part, 1 000 pour des euros)",
                        per, name, odds))
            }
            factors.append(RiskFactor(indicator: indicator, oddsRatio: odds, per: per, source: try factor.string("source") ?? ""))
        }
        return factors
    }

    /// A benefit whose rate is assumed (`rate_published = false`) cannot carry more of the
    /// national volume than the published ones together: its `volume_weight` must keep it there.
    func checkVolumeWeights(_ root: ConfigTable) throws(InputError) {
        guard let poverty = nationalReference[.povertyRate] else { return }
        var published = 0.0
        for benefit in benefits where benefit.ratePublished {
            published += benefit.volumeWeight * (nationalEligiblePerHousehold(benefit, poverty: poverty) ?? 0) * benefit.rate
        }
        guard published > 0 else { return }
        for (index, benefit) in benefits.enumerated() where !benefit.ratePublished {
            guard let eligible = nationalEligiblePerHousehold(benefit, poverty: poverty) else { continue }
            let weighted = benefit.volumeWeight * eligible * benefit.rate
            if weighted > published * (1 + 1e-9) {
                let tables = (try? root.tables("benefit")) ?? []
                let table = tables.indices.contains(index) ? tables[index] : root
                let limit = published / max(eligible * benefit.rate, 1e-12)
                throw table.error(
                    "volume_weight",
                    words(
                        "%1$@ n'a pas de taux publié (rate_published = false) mais pèserait %2$@ du volume national : attendu volume_weight ≤ %3$@, pour qu'une hypothèse ne décide pas seule où aller",
                        benefit.label, FrenchNumber.percent(weighted / (weighted + published)), FrenchNumber.decimal(limit, digits: 2)))
            }
        }
    }
}
