import Foundation
import Inputs
import Support

/// How sure a zone's estimate is, in the planner's words.
public enum Reliability: String, Sendable, Codable, Comparable {
    case good = "bonne"
    case medium = "moyenne"
    case low = "faible"
    /// Fewer households than statistical secrecy allows to publish: no value is shown.
    case secret = "secret"
    /// The cells file does not cover the zone's commune: there is no data, which is not secrecy.
    case outOfScope = "hors champ"

    private var rank: Int {
        switch self {
        case .good: 0
        case .medium: 1
        case .low: 2
        case .secret: 3
        case .outOfScope: 4
        }
    }

    /// Whether a zone with this reliability publishes values.
    public var publishesValues: Bool { self != .secret && self != .outOfScope }

    public static func < (a: Reliability, b: Reliability) -> Bool { a.rank < b.rank }
}

/// What an estimate rests on.
public enum EstimateBasis: String, Sendable, Codable {
    /// Every CAF-paid benefit confronted with Cafdata counts.
    case caf
    /// Some benefits confronted, others prior only (a masked count, say).
    case partial
    /// No Cafdata for this zone: the profile and the national rates only.
    case prior
}

/// The model's answer for one zone.
public struct ZoneRisk: Sendable {
    public var id: String
    public var name: String?
    public var commune: String?
    public var households: Double
    /// Indicator values, in `Indicator.allCases` order (nil when undefined).
    public var indicators: [Double?]
    /// Per benefit, in the model's order: eligible households (central), estimated missing
    /// households and their interval.
    public var eligible: [Double]
    public var nonrecours: [Double]
    public var nonrecoursLow: [Double]
    public var nonrecoursHigh: [Double]
    /// Observed / expected CAF recipients of the zone's CAF area, per benefit (nil: not confronted).
    public var cafRatio: [Double?]
    public var total: Double
    public var totalLow: Double
    public var totalHigh: Double
    /// Intensity: households × benefits missing per household, as the score reads it: the
    /// zone's poverty rate × its place's (CAF place or commune) weighted missing benefits per
    /// poor household.
    public var share: Double
    /// The intensity score, 0–100, on the model's fixed national scale.
    public var score: Double
    public var scoreLow: Double
    public var scoreHigh: Double
    /// Volume weighted by intensity: `total × score / 100` (households to meet), for choosing
    /// where to go.
    public var priority: Double
    /// 1…classCount; nil for a zone that publishes no value.
    public var riskClass: Int?
    public var basis: EstimateBasis
    public var reliability: Reliability
    public var reliabilityNotes: [String]
    /// The main contributing factors, in French.
    public var explanation: String

    public var isSecret: Bool { reliability == .secret }
    /// False for secret zones and zones out of the data's field: identity only.
    public var isPublished: Bool { reliability.publishesValues }

    public func indicator(_ indicator: Indicator) -> Double? { indicators[indicator.position] }
}

/// Every zone's risk, the class breaks of the score, and what the CAF file contributed.
public struct RiskAssessment: Sendable {
    public var model: RiskModel
    public var zones: [ZoneRisk]
    public var breaks: ClassBreaks
    /// The territory's pooled indicators (what explanations compare a zone with).
    public var territory: [Double?] { scenarios.territory }
    public var cafSource: String?
    public var cafPeriod: String?
    /// CAF places (communes or IRIS) used, and the observed/expected ratio of each, per benefit.
    public var cafAreas: [CafAreaFit]
    /// Zones put under secondary secrecy (index → reason in French).
    public var secondarySecret: [Int: String] = [:]
    /// The zones, places and CAF counts the assessment was computed from, as the scenarios
    /// read them: the sensitivity evaluates its variants of the model on them.
    let scenarios: ScenarioEvaluator
}

/// One CAF place's confrontation: observed recipients against what the profile predicts.
public struct CafAreaFit: Sendable, Codable {
    public var code: String
    public var benefit: String
    public var observed: Double
    public var expected: Double
    public var ratio: Double
    public var zones: Int
    /// The confrontation in one French sentence, in its true direction (more recipients than
    /// expected lowers the estimated non-recours of every zone of the place).
    public var statement: String
}

/// Estimates, per zone, the households missing each benefit, with intervals, an intensity
/// score on a fixed national scale, a priority, a class, a reliability flag and an explanation
/// in French.
///
/// For a benefit *b* and a zone *z*: eligible `E = Σ share × count [× indicator]`; local
/// non-take-up `r`, the national rate moved by the risk factors on the logit scale
/// (`logit r = logit rate + Σ ln(OR) × (x − x_national) / per`); expected CAF recipients
/// `E (1 − r)`. Where Cafdata gives the observed recipients `O` of the zone's commune (or IRIS),
/// the ratio `ρ = O / Σ E (1 − r)` is split between take-up (`ρ^λ`) and eligibility
/// (`ρ^(1−λ)`), λ = `caf_gap_to_nonrecours`, so that the adjusted zones reproduce `O`.
/// Intervals: the estimate at every combination of the published rate range, the CAF rounding
/// (±half the rounding unit on each count) and the imputed cells' uncertainty.
public struct RiskEstimator: Sendable {
    public let model: RiskModel
    public let schema: ProfileSchema

    public init(model: RiskModel, schema: ProfileSchema) {
        self.model = model
        self.schema = schema
    }

    /// Checks that the cells carry every count the model reads.
    public func checkCounts(source: String) throws(InputError) {
        for name in model.requiredCounts where schema.position(of: name) == nil {
            throw InputError(
                file: source, field: name,
                words(
                    "le modèle de risque %1$@ demande ce comptage, absent des carreaux ; comptages : %2$@", model.source,
                    schema.variables.joined(separator: ", ")))
        }
    }

    /// Scores `zones`. `companions` are zones of the same CAF places that the run leaves out
    /// (a filter keeping part of a commune): they count in the expected CAF recipients of their
    /// place, so that a zone's estimate does not depend on which of its neighbours are scored.
    /// - Parameter overlaps: pairs of zones that share households (`SecondarySecrecy.overlaps`):
    ///   a published pair that differs by fewer households than the threshold loses one zone.
    public func assess(
        zones: [ZoneProfile], companions: [ZoneProfile] = [], caf: CafTable?, overlaps: [ZoneOverlap] = [], threads: Int
    ) throws(InputError) -> RiskAssessment {
        let evaluator = try ScenarioEvaluator(estimator: self, zones: zones, companions: companions, caf: caf)
        // The central scenario and the corners of the uncertainty box are independent: they
        // run in parallel, then the zones in blocks (each zone's result is its own).
        let scenarios = [ScenarioEvaluator.Scenario.central] + ScenarioEvaluator.Scenario.corners
        let outcomes = (try? parallelMap(count: scenarios.count, threads: threads) { evaluator.evaluate(scenarios[$0]) }) ?? []
        let central = outcomes[0]
        let corners = Array(outcomes.dropFirst())
        let cafByZone = caf?.keyKind == .iris
        var results = parallelArray(count: zones.count, blockSize: 1024, threads: threads) { z in
            zoneRisk(
                zones, at: z, indicators: evaluator.indicatorValues(z), central: central, corners: corners,
                territory: zones[z].commune.flatMap { evaluator.communes[$0] } ?? evaluator.territory, cafByZone: cafByZone
            )
        }
        let secondary = SecondarySecrecy.apply(to: &results, overlaps: overlaps, minimumHouseholds: model.minimumHouseholds)
        // Classes of the scores as published (to a tenth), so that the class and the printed
        // score always agree, whoever reads the file back.
        // (Read in place, through the stored `reliability`: filtering, or the computed
        // `isPublished` of an element, would copy every zone's arrays and texts.)
        let published = results.indices.compactMap { results[$0].reliability.publishesValues ? ScoredColumn.publishedScore(results[$0].score) : nil }
        let breaks = model.classBreaks(of: published, threads: threads)
        for i in results.indices where results[i].reliability.publishesValues {
            results[i].riskClass = breaks.classOf(ScoredColumn.publishedScore(results[i].score))
        }
        var names: [String: String] = [:]
        for list in [zones, companions] {
            for z in list.indices {
                if let code = DataField.communeCode(commune: list[z].commune, id: list[z].id), names[code] == nil { names[code] = list[z].communeName }
            }
        }
        let fits = central.fits.map { fit in
            var fit = fit
            fit.statement = RiskExplanation.cafStatement(fit, placeName: names[fit.code], model: model, keyKind: caf?.keyKind ?? .commune)
            return fit
        }
        return RiskAssessment(
            model: model, zones: results, breaks: breaks, cafSource: caf?.source,
            cafPeriod: caf?.selectedPeriod, cafAreas: fits, secondarySecret: secondary, scenarios: evaluator
        )
    }

    /// The answer for zone `z` of `zones`: the central estimate, the interval over the
    /// corners, the score and its interval, the basis, the reliability and the explanation.
    /// (The zone's fields are read in place: passing `zones[z]` would copy its texts and arrays.)
    func zoneRisk(
        _ zones: [ZoneProfile], at z: Int, indicators: [Double?], central: ScenarioEvaluator.Outcome, corners: [ScenarioEvaluator.Outcome],
        territory: [Double?], cafByZone: Bool
    ) -> ZoneRisk {
        // `territory`: the pooled indicators of the zone's commune (of the territory when the
        // zone has no commune code), what its explanation compares it with.
        let benefits = model.benefits
        let households = schema.position(of: "men").map { zones[z].counts[$0] } ?? 0
        let missing = Array(central.missing(z))
        var low = missing, high = missing
        // The steering volume: each benefit at its volume weight (an assumed rate counts less).
        let total = model.steeringVolume(central.missing(z))
        var totalLow = total, totalHigh = total
        var shareLow = central.scoreShare[z], shareHigh = shareLow
        for corner in corners {
            let values = corner.missing(z)
            for b in benefits.indices {
                low[b] = min(low[b], values[values.startIndex + b])
                high[b] = max(high[b], values[values.startIndex + b])
            }
            let cornerTotal = model.steeringVolume(values)
            totalLow = min(totalLow, cornerTotal)
            totalHigh = max(totalHigh, cornerTotal)
            shareLow = min(shareLow, corner.scoreShare[z])
            shareHigh = max(shareHigh, corner.scoreShare[z])
        }
        // The score is an increasing function of the share: its interval is that of the share.
        let share = central.scoreShare[z]
        let score = model.intensityScore(share: share)
        let confronted = benefits.indices.filter { benefits[$0].cafColumn != nil }
        let ratio = Array(central.ratio(z))
        let matched = confronted.filter { ratio[$0] != nil }
        let basis: EstimateBasis = confronted.isEmpty || matched.isEmpty ? .prior : matched.count == confronted.count ? .caf : .partial
        var risk = ZoneRisk(
            id: zones[z].id, name: zones[z].name, commune: zones[z].commune, households: households,
            indicators: indicators, eligible: Array(central.eligible(z)), nonrecours: missing,
            nonrecoursLow: low, nonrecoursHigh: high, cafRatio: ratio, total: total,
            totalLow: totalLow, totalHigh: totalHigh, share: share, score: score,
            scoreLow: model.intensityScore(share: shareLow), scoreHigh: model.intensityScore(share: shareHigh),
            priority: total * score / 100, riskClass: nil, basis: basis, reliability: .good, reliabilityNotes: [], explanation: ""
        )
        if !zones[z].inScope {
            risk.reliability = .outOfScope
            risk.reliabilityNotes = ["aucun carreau Filosofi de sa commune dans le fichier de carreaux"]
        } else {
            (risk.reliability, risk.reliabilityNotes) = judgeReliability(risk, imputedShare: zones[z].imputedShare)
        }
        risk.explanation = RiskExplanation.explain(risk, model: model, commune: territory, cafByZone: cafByZone)
        return risk
    }

    func judgeReliability(_ risk: ZoneRisk, imputedShare: Double) -> (Reliability, [String]) {
        if risk.households < model.minimumHouseholds {
            return (.secret, ["moins de \(FrenchNumber.integer(model.minimumHouseholds)) ménages : secret statistique"])
        }
        var level = Reliability.good
        var notes: [String] = []
        if imputedShare >= model.imputedShareMedium {
            level = max(level, imputedShare >= model.imputedShareLow ? .low : .medium)
            notes.append("\(FrenchNumber.percent(imputedShare)) des individus dans des carreaux imputés")
        }
        if risk.households < model.fewHouseholds {
            level = max(level, .medium)
            notes.append("\(FrenchNumber.integer(risk.households)) ménages seulement")
        }
        if risk.total > 0 {
            let width = (risk.totalHigh - risk.totalLow) / risk.total
            if width >= model.intervalWidthMedium {
                level = max(level, width >= model.intervalWidthLow ? .low : .medium)
                notes.append("intervalle large (\(FrenchNumber.integer(risk.totalLow))–\(FrenchNumber.integer(risk.totalHigh)))")
            }
        }
        if risk.basis == .prior && model.benefits.contains(where: { $0.cafColumn != nil }) {
            level = max(level, .medium)
            notes.append("sans confrontation aux données CAF")
        }
        return (level, notes)
    }
}
