import Foundation

/// The main contributing factors of a zone's risk, in French, strongest first:
/// « taux de pauvreté élevé (31 %), 22 % de familles monoparentales, moins d'allocataires du
/// RSA que prévu (−18 %) ».
enum RiskExplanation {
    struct Reason {
        var strength: Double
        var text: String
    }

    static let maximumReasons = 3

    static func explain(_ risk: ZoneRisk, model: RiskModel, territory: [Double?]) -> String {
        if risk.isSecret {
            return "zone de moins de \(FrenchNumber.integer(model.minimumHouseholds)) ménages : valeurs couvertes par le secret statistique"
        }
        var reasons: [Reason] = []
        let indicators = Indicator.allCases
        // Poverty, against the territory.
        let povertyIndex = indicators.firstIndex(of: .povertyRate)!
        if let rate = risk.indicators[povertyIndex], let reference = territory[povertyIndex], reference > 0, rate > 0 {
            let ratio = rate / reference
            if ratio >= 1.15 {
                reasons.append(Reason(strength: log(ratio), text: "taux de pauvreté élevé (\(FrenchNumber.percent(rate)))"))
            } else if ratio <= 1 / 1.15 {
                reasons.append(Reason(strength: -log(ratio) * 0.5, text: "taux de pauvreté plus bas que sur le territoire (\(FrenchNumber.percent(rate)))"))
            }
        }
        // Risk factors, weighted by each benefit's share of the zone's missing households.
        var contribution: [Indicator: Double] = [:]
        for (b, benefit) in model.benefits.enumerated() where risk.total > 0 {
            let weight = risk.nonrecours[b] / risk.total
            for factor in benefit.factors {
                let index = indicators.firstIndex(of: factor.indicator)!
                guard let x = risk.indicators[index], let reference = territory[index] else { continue }
                contribution[factor.indicator, default: 0] += weight * log(factor.oddsRatio) * (x - reference) / factor.per
            }
        }
        for indicator in indicators {
            guard let c = contribution[indicator], c > 0.02, let x = risk.indicators[indicators.firstIndex(of: indicator)!] else { continue }
            reasons.append(Reason(strength: c, text: "\(indicator.frenchValue(x)) de \(indicator.frenchLabel)"))
        }
        // The CAF confrontation: the strongest gap only, after the zone's own profile (it is
        // shared by every zone of the commune when Cafdata is by commune).
        let lambda = model.cafGapToNonrecours
        var cafReasons: [Reason] = []
        for (b, benefit) in model.benefits.enumerated() {
            guard let ratio = risk.cafRatio[b], ratio > 0, ratio <= 0.9 || ratio >= 1.1 else { continue }
            let change = FrenchNumber.integer((ratio - 1) * 100)
            let text = ratio < 1
                ? "allocataires \(benefit.label) moins nombreux que ne le prévoit le profil (\(change)\u{202F}%)"
                : "allocataires \(benefit.label) plus nombreux que prévu (+\(change)\u{202F}%)"
            cafReasons.append(Reason(strength: abs(log(ratio)) * max(lambda, 0.1) * 0.5, text: text))
        }
        if let strongest = cafReasons.max(by: { $0.strength < $1.strength || ($0.strength == $1.strength && $0.text > $1.text) }) {
            reasons.append(strongest)
        }
        reasons.sort { $0.strength > $1.strength || ($0.strength == $1.strength && $0.text < $1.text) }
        var parts = reasons.prefix(maximumReasons).map(\.text)
        if parts.isEmpty { parts = ["profil proche de l'ensemble du territoire"] }
        if risk.basis == .prior && model.benefits.contains(where: { $0.cafColumn != nil }) {
            parts.append("estimation a priori, sans données CAF")
        }
        return parts.joined(separator: ", ")
    }
}
