import Foundation
import Inputs
import Support

/// How much the map's classes depend on each hypothesis of the model: every weight of the
/// model file moved by ±25 % (a rate, an eligibility share, the strength of a risk factor, a
/// volume weight, the part of the CAF gap given to non-recours), the zones scored again, and
/// the published zones that change class counted. Said to a planner as « le classement change
/// peu / beaucoup selon cette hypothèse ».
public struct RiskSensitivity: Sendable, Codable {
    /// One hypothesis moved both ways.
    public struct Entry: Sendable, Codable, Equatable {
        /// Where it sits in the model file (`benefit[0].rate`) and what it is, in French.
        public var key: String
        public var label: String
        public var value: Double
        /// Published zones that change class at −25 % and at +25 %.
        public var changedDown: Int
        public var changedUp: Int

        /// The sentence of the report's model section.
        public func sentence(zones: Int) -> String {
            let changed = max(changedDown, changedUp)
            let share = zones > 0 ? Double(changed) / Double(zones) : 0
            let verdict =
                changed == 0
                ? "le classement ne change pas selon cette hypothèse"
                : share <= 0.1
                    ? "le classement change peu selon cette hypothèse"
                    : share <= 0.3
                        ? "le classement change assez selon cette hypothèse"
                        : "le classement change beaucoup selon cette hypothèse"
            let counts =
                changedDown == changedUp
                ? "\(changedDown) zone\(changedDown > 1 ? "s" : "") sur \(zones) change\(changedDown > 1 ? "nt" : "") de classe"
                : "\(changedDown) zone\(changedDown > 1 ? "s" : "") à −25 %, \(changedUp) à +25 %, sur \(zones), change\(max(changedDown, changedUp) > 1 ? "nt" : "") de classe"
            return "\(label) (\(FrenchNumber.decimal(value, digits: 2))) ±25 % : \(counts) ; \(verdict)."
        }
    }

    public var zones: Int
    public var entries: [Entry]

    /// A weight of the model and how to move it.
    struct Hypothesis {
        var key: String
        var label: String
        var value: Double
        var scaled: (RiskModel, Double) -> RiskModel
    }

    /// Every weight of the model file.
    static func hypotheses(of model: RiskModel) -> [Hypothesis] {
        var list: [Hypothesis] = []
        for (b, benefit) in model.benefits.enumerated() {
            list.append(
                Hypothesis(key: "benefit[\(b)].rate", label: "\(benefit.label), taux de non-recours", value: benefit.rate) { model, factor in
                    var moved = model
                    moved.benefits[b].rate = min(1, benefit.rate * factor)
                    return moved
                })
            for (t, term) in benefit.eligible.enumerated() {
                list.append(
                    Hypothesis(
                        key: "benefit[\(b)].eligible[\(t)].share",
                        label: "\(benefit.label), éligibles par \(term.count == "men_pauv" ? "ménage pauvre" : term.count == "men" ? "ménage" : term.count)",
                        value: term.share
                    ) {
                        model, factor in
                        var moved = model
                        moved.benefits[b].eligible[t].share = term.share * factor
                        return moved
                    })
            }
            for (f, factor) in benefit.factors.enumerated() {
                // The strength of the effect: its log odds ratio moved by ±25 %.
                list.append(
                    Hypothesis(
                        key: "benefit[\(b)].factor[\(f)].odds_ratio", label: "\(benefit.label), effet « \(factor.indicator.frenchLabel) »",
                        value: factor.oddsRatio
                    ) { model, scale in
                        var moved = model
                        moved.benefits[b].factors[f].oddsRatio = exp(log(factor.oddsRatio) * scale)
                        return moved
                    })
            }
            if benefit.volumeWeight < 1 {
                list.append(
                    Hypothesis(key: "benefit[\(b)].volume_weight", label: "\(benefit.label), poids dans le volume", value: benefit.volumeWeight) {
                        model, factor in
                        var moved = model
                        moved.benefits[b].volumeWeight = min(1, benefit.volumeWeight * factor)
                        return moved
                    })
            }
        }
        list.append(
            Hypothesis(key: "model.caf_gap_to_nonrecours", label: "part de l'écart CAF attribuée au non-recours", value: model.cafGapToNonrecours) {
                model, factor in
                var moved = model
                moved.cafGapToNonrecours = min(1, model.cafGapToNonrecours * factor)
                return moved
            })
        return list
    }
}

extension RiskEstimator {
    /// Moves each weight of the model by ±25 % and counts the published zones of `base` that
    /// change class (central estimate; the national level follows the model when it is
    /// computed from it, the territory's own breaks are cut again). The variants are
    /// evaluated on the zones, places and CAF counts `base` was computed from.
    public func sensitivity(of base: RiskAssessment, threads: Int) -> RiskSensitivity {
        let hypotheses = RiskSensitivity.hypotheses(of: model)
        let published = base.zones.indices.filter { base.zones[$0].reliability.publishesValues && base.zones[$0].riskClass != nil }
        let variants = hypotheses.flatMap { h in [0.75, 1.25].map { h.scaled(model, $0) } }
        let evaluator = base.scenarios
        @Sendable func changedClasses(_ v: Int) -> Int {
            var moved = variants[v]
            if moved.halfAtComputed, let share = moved.nationalShare(), share > 0 { moved.scoreHalfAt = share }
            let shares = evaluator.with(model: moved).evaluate(.central).scoreShare
            let scores = published.map { ScoredColumn.publishedScore(moved.intensityScore(share: shares[$0])) }
            let breaks = moved.classBreaks(of: scores, threads: 1)
            return zip(published, scores).filter { z, score in breaks.classOf(score) != base.zones[z].riskClass }.count
        }
        let changed = (try? parallelMap(count: variants.count, threads: threads, changedClasses)) ?? variants.indices.map(changedClasses)
        let entries = hypotheses.enumerated().map { h, hypothesis in
            RiskSensitivity.Entry(
                key: hypothesis.key, label: hypothesis.label, value: hypothesis.value, changedDown: changed[2 * h], changedUp: changed[2 * h + 1])
        }
        return RiskSensitivity(zones: published.count, entries: entries)
    }
}
