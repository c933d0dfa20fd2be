import Foundation
import Inputs
import Support

/// Why a zone stands where it does, in French: its poverty rate first (within its commune the
/// score ranks zones by it, and against France it sets the class), then the factors where it
/// stands out from its commune, with the commune's and France's values for comparison:
/// « taux de pauvreté 38 % (commune 24 %, France 15 %), 9 % de jeunes de 18 à 24 ans
/// (commune 8 %, France 8 %) ».
///
/// A commune-level CAF confrontation is shared by every zone of the commune, so it cannot tell
/// them apart: it is stated once per commune (``cafStatement(_:placeName:model:keyKind:)``),
/// not in each zone's explanation. An IRIS-level confrontation is the zone's own and is cited.
enum RiskExplanation {
    struct Reason {
        var strength: Double
        var text: String
    }

    static let maximumReasons = 3
    /// A share must differ from the territory's by this ratio to be cited.
    static let standOut = 1.15

    static func explain(_ risk: ZoneRisk, model: RiskModel, commune territory: [Double?], cafByZone: Bool) -> String {
        switch risk.reliability {
        case .secret:
            return "zone de moins de \(FrenchNumber.integer(model.minimumHouseholds)) ménages : valeurs couvertes par le secret statistique"
        case .outOfScope:
            return "hors du champ des données : le fichier de carreaux ne couvre pas cette commune"
        default: break
        }
        func comparison(_ indicator: Indicator) -> String {
            var parts: [String] = []
            if let t = territory[indicator.position] { parts.append("commune \(indicator.frenchValue(t))") }
            if let n = model.nationalReference[indicator] { parts.append("France \(indicator.frenchValue(n))") }
            return parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
        }
        var reasons: [Reason] = []
        // Poverty orders the zones of a commune and, against France, sets the class: always
        // cited first, with the commune's and France's rates.
        if let rate = risk.indicator(.povertyRate), rate > 0 {
            let reference = territory[Indicator.povertyRate.position] ?? rate
            let side =
                reference > 0 && rate / reference >= standOut
                ? "au-dessus de sa commune" : reference > 0 && rate / reference <= 1 / standOut ? "au-dessous de sa commune" : "proche de sa commune"
            reasons.append(Reason(strength: .infinity, text: "taux de pauvreté \(FrenchNumber.percent(rate)), \(side)\(comparison(.povertyRate))"))
            // The other term of the score: the level of the zone's place (its commune, or its
            // IRIS with IRIS-level Cafdata): benefits missing per 100 poor households, against
            // France's (the model at the national values).
            if let nationalPoverty = model.nationalReference[.povertyRate], nationalPoverty > 0, risk.share > 0 {
                let level = risk.share / rate, national = model.scoreHalfAt / nationalPoverty
                let place = cafByZone ? "de l'IRIS" : "de la commune"
                reasons.append(
                    Reason(
                        strength: .greatestFiniteMagnitude,
                        text:
                            "niveau \(place) : \(FrenchNumber.integer(100 * level)) prestations non perçues pour 100 ménages pauvres (France \(FrenchNumber.integer(100 * national)))"
                    ))
            }
        }
        // Risk factors: the logit shift against the commune, weighted by each benefit's share
        // of the zone's missing households; only those that raise the risk here.
        var contribution = [Double](repeating: 0, count: Indicator.allCases.count)
        for (b, benefit) in model.benefits.enumerated() where risk.total > 0 {
            let weight = risk.nonrecours[b] / risk.total
            for factor in benefit.factors {
                let index = factor.indicator.position
                guard let x = risk.indicators[index], let reference = territory[index] else { continue }
                contribution[index] += weight * log(factor.oddsRatio) * (x - reference) / factor.per
            }
        }
        for indicator in Indicator.allCases {
            let c = contribution[indicator.position]
            guard c > 0.02, let x = risk.indicators[indicator.position] else { continue }
            reasons.append(Reason(strength: c, text: "\(indicator.frenchValue(x)) de \(indicator.frenchLabel)\(comparison(indicator))"))
        }
        // An IRIS-level CAF count is the zone's own: cited in its true direction.
        if cafByZone {
            for (b, benefit) in model.benefits.enumerated() {
                guard let ratio = risk.cafRatio[b], ratio > 0, ratio <= 0.9 || ratio >= 1.1 else { continue }
                let change = FrenchNumber.integer(abs(ratio - 1) * 100)
                let text =
                    ratio < 1
                    ? "allocataires \(benefit.label) moins nombreux que ne le prévoit le profil (−\(change)\u{202F}%) : non-recours probablement plus élevé"
                    : "allocataires \(benefit.label) plus nombreux que prévu (+\(change)\u{202F}%) : estimation revue à la baisse"
                reasons.append(Reason(strength: abs(log(ratio)) * max(model.cafGapToNonrecours, 0.1), text: text))
            }
        }
        reasons.sort { $0.strength > $1.strength || ($0.strength == $1.strength && $0.text < $1.text) }
        var parts = reasons.prefix(maximumReasons).map(\.text)
        if parts.isEmpty {
            // Close to the territory: say where it stands against France.
            if let rate = risk.indicator(.povertyRate), let national = model.nationalReference[.povertyRate], national > 0 {
                let territoryRate = territory[Indicator.povertyRate.position].map { " (\(FrenchNumber.percent($0)))" } ?? ""
                let side = rate >= national * standOut ? "au-dessus de" : rate <= national / standOut ? "au-dessous de" : "proche de"
                parts = [
                    "taux de pauvreté \(FrenchNumber.percent(rate)), proche du territoire\(territoryRate), \(side) la France (\(FrenchNumber.percent(national)))"
                ]
            } else {
                parts = ["profil proche de l'ensemble du territoire"]
            }
        }
        if risk.basis == .prior && model.benefits.contains(where: { $0.cafColumn != nil }) {
            parts.append("estimation a priori, sans données CAF")
        }
        return parts.joined(separator: ", ")
    }

    /// One CAF place's confrontation in a sentence: « Bondy (93010), RSA : 3 375 foyers
    /// allocataires pour 2 280 attendus d'après le profil (+48 %) ; l'estimation du non-recours
    /// est revue à la baisse dans ses 22 IRIS. »
    static func cafStatement(_ fit: CafAreaFit, placeName: String?, model: RiskModel, keyKind: CafKeyKind) -> String {
        let label = model.benefits.first { $0.id == fit.benefit }?.label ?? fit.benefit
        let place = keyKind == .commune ? "\(placeName ?? "Commune") (\(fit.code))" : "IRIS \(fit.code)"
        let change = FrenchNumber.integer(abs(fit.ratio - 1) * 100)
        let head =
            "\(place), \(label) : \(FrenchNumber.integer(fit.observed)) foyers allocataires pour \(FrenchNumber.integer(fit.expected)) attendus d'après le profil"
        let zones = keyKind == .commune ? " dans \(fit.zones > 1 ? "ses \(fit.zones) zones" : "sa zone")" : ""
        if fit.ratio >= 1.1 {
            return "\(head) (+\(change)\u{202F}%) : plus d'allocataires que prévu, l'estimation du non-recours est revue à la baisse\(zones)."
        }
        if fit.ratio <= 0.9 {
            return
                "\(head) (−\(change)\u{202F}%) : moins d'allocataires que prévu, signe d'un non-recours plus fréquent ; l'estimation est revue à la hausse\(zones)."
        }
        return "\(head) : conforme au profil à 10\u{202F}% près."
    }
}
