import Foundation
import Inputs

/// How sure a zone's estimate is, in the planner's words.
public enum Reliability: String, Sendable, Codable, Comparable {
    case good = "bonne"
    case medium = "moyenne"
    case low = "faible"
    /// Fewer households than statistical secrecy allows to publish: no value is shown.
    case secret = "secret"

    private var rank: Int {
        switch self {
        case .good: 0
        case .medium: 1
        case .low: 2
        case .secret: 3
        }
    }

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
    public var score: Double
    public var scoreLow: Double
    public var scoreHigh: Double
    /// 1…classCount; nil for a secret zone.
    public var riskClass: Int?
    public var basis: EstimateBasis
    public var reliability: Reliability
    public var reliabilityNotes: [String]
    /// The main contributing factors, in French.
    public var explanation: String

    public var isSecret: Bool { reliability == .secret }

    public func indicator(_ indicator: Indicator) -> Double? {
        indicators[Indicator.allCases.firstIndex(of: indicator)!]
    }
}

/// Every zone's risk, the class breaks of the score, and what the CAF file contributed.
public struct RiskAssessment: Sendable {
    public var model: RiskModel
    public var zones: [ZoneRisk]
    public var breaks: ClassBreaks
    /// The territory's pooled indicators (the reference of the risk factors).
    public var territory: [Double?]
    public var cafSource: String?
    public var cafPeriod: String?
    /// CAF places (communes or IRIS) used, and the observed/expected ratio of each, per benefit.
    public var cafAreas: [CafAreaFit]
}

/// One CAF place's confrontation: observed recipients against what the profile predicts.
public struct CafAreaFit: Sendable, Codable {
    public var code: String
    public var benefit: String
    public var observed: Double
    public var expected: Double
    public var ratio: Double
    public var zones: Int
}

/// Estimates, per zone, the households missing each benefit, with intervals, a composite
/// score, a class, a reliability flag and an explanation in French.
///
/// For a benefit *b* and a zone *z*: eligible `E = Σ share × count [× indicator]`; local
/// non-take-up `r`, the national rate moved by the risk factors on the logit scale
/// (`logit r = logit rate + Σ ln(OR) × (x − x_territory) / per`); expected CAF recipients
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
            throw InputError(file: source, field: name, "the risk model \(model.source) needs this count, absent from the cells; counts: \(schema.variables.joined(separator: ", "))")
        }
    }

    public func assess(zones: [ZoneProfile], caf: CafTable?) throws(InputError) -> RiskAssessment {
        let evaluator = try ScenarioEvaluator(estimator: self, zones: zones, caf: caf)
        let central = evaluator.evaluate(.central)
        let corners = ScenarioEvaluator.Scenario.corners.map { evaluator.evaluate($0).missing }
        var results = zones.indices.map { z in
            zoneRisk(zones[z], indicators: evaluator.indicatorValues[z], central: central, at: z, corners: corners, territory: evaluator.territory)
        }
        let published = results.filter { !$0.isSecret }.map(\.score)
        let breaks = ClassBreaks.compute(published, classes: model.classCount, method: model.classMethod)
        for i in results.indices where !results[i].isSecret {
            results[i].riskClass = breaks.classOf(results[i].score)
        }
        return RiskAssessment(
            model: model, zones: results, breaks: breaks, territory: evaluator.territory, cafSource: caf?.source,
            cafPeriod: caf?.selectedPeriod, cafAreas: central.fits
        )
    }

    /// One zone's answer: the central estimate, the interval over the corners, the score and
    /// its interval, the basis, the reliability and the explanation.
    func zoneRisk(
        _ zone: ZoneProfile, indicators: [Double?], central: ScenarioEvaluator.Outcome, at z: Int, corners: [[[Double]]],
        territory: [Double?]
    ) -> ZoneRisk {
        let benefits = model.benefits
        let households = zone.counts[schema.position(of: "men")!]
        var low = central.missing[z], high = central.missing[z]
        let total = central.missing[z].reduce(0, +)
        var totalLow = total, totalHigh = total
        let score = compositeScore(total: total, households: households, indicators: indicators)
        var scoreLow = score, scoreHigh = score
        for corner in corners {
            for b in benefits.indices {
                low[b] = min(low[b], corner[z][b])
                high[b] = max(high[b], corner[z][b])
            }
            let cornerTotal = corner[z].reduce(0, +)
            totalLow = min(totalLow, cornerTotal)
            totalHigh = max(totalHigh, cornerTotal)
            let cornerScore = compositeScore(total: cornerTotal, households: households, indicators: indicators)
            scoreLow = min(scoreLow, cornerScore)
            scoreHigh = max(scoreHigh, cornerScore)
        }
        let confronted = benefits.indices.filter { benefits[$0].cafColumn != nil }
        let matched = confronted.filter { central.ratio[z][$0] != nil }
        let basis: EstimateBasis = confronted.isEmpty || matched.isEmpty ? .prior : matched.count == confronted.count ? .caf : .partial
        var risk = ZoneRisk(
            id: zone.id, name: zone.name, commune: zone.commune, households: households,
            indicators: indicators, eligible: central.eligible[z], nonrecours: central.missing[z],
            nonrecoursLow: low, nonrecoursHigh: high, cafRatio: central.ratio[z], total: total,
            totalLow: totalLow, totalHigh: totalHigh, score: score, scoreLow: scoreLow, scoreHigh: scoreHigh,
            riskClass: nil, basis: basis, reliability: .good, reliabilityNotes: [], explanation: ""
        )
        (risk.reliability, risk.reliabilityNotes) = judgeReliability(risk, imputedShare: zone.imputedShare)
        risk.explanation = RiskExplanation.explain(risk, model: model, territory: territory)
        return risk
    }

    func clampRate(_ rate: Double) -> Double { min(model.maxRate, max(model.minRate, rate)) }

    /// The composite score, 0–100: Σ weight × ramp(component).
    func compositeScore(total: Double, households: Double, indicators: [Double?]) -> Double {
        var score = 0.0
        for component in model.score {
            let value: Double
            switch component.source {
            case .nonrecoursShare: value = households > 0 ? total / households : 0
            case .nonrecoursHouseholds: value = total
            case .indicator(let indicator): value = indicators[Indicator.allCases.firstIndex(of: indicator)!] ?? component.zeroAt
            }
            score += component.weight * component.ramp(value)
        }
        return 100 * score
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
