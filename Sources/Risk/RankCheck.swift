import Foundation

/// Spearman's rank correlation, with average ranks for ties: how well one measure orders zones
/// like another (1: same order, −1: reversed).
public func spearman(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "paired values")
    func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var result = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            for k in i...j { result[order[k]] = Double(i + j) / 2 }
            i = j + 1
        }
        return result
    }
    let ra = ranks(a), rb = ranks(b)
    guard ra.count > 1 else { return .nan }
    let ma = ra.reduce(0, +) / Double(ra.count), mb = rb.reduce(0, +) / Double(rb.count)
    var num = 0.0, da = 0.0, db = 0.0
    for i in ra.indices {
        num += (ra[i] - ma) * (rb[i] - mb)
        da += (ra[i] - ma) * (ra[i] - ma)
        db += (rb[i] - mb) * (rb[i] - mb)
    }
    return da > 0 && db > 0 ? num / (da * db).squareRoot() : .nan
}

/// How well the score and each of its terms rank zones like an independent reference (INSEE's
/// IRIS poverty rate `TP6019`, or its median income `DISP_MED19` read the other way round),
/// over all zones and within each commune: the model's validation harness (`allervers check`).
///
/// Within a commune the score must rank at least as well as the poverty term it is built on:
/// terms shared by every zone of a commune (a commune-wide CAF ratio) may move its level but
/// not the order inside it.
public struct RankValidation: Sendable {
    /// One zone: its commune, its score, the terms it is built on, and the reference value.
    public struct Zone: Sendable {
        public var commune: String
        public var score: Double
        /// Term name → value (the poverty rate under ``RankValidation/povertyTerm``).
        public var terms: [String: Double]
        public var reference: Double

        public init(commune: String, score: Double, terms: [String: Double], reference: Double) {
            self.commune = commune
            self.score = score
            self.terms = terms
            self.reference = reference
        }
    }

    /// Spearman's ρ of the score and of each term against the reference, oriented so that 1
    /// means « ranks the riskiest zones first, as the reference does ».
    public struct Group: Sendable {
        public var name: String
        public var zones: Int
        public var score: Double
        public var terms: [(name: String, rho: Double)]
        public var poverty: Double? { terms.first { $0.name == RankValidation.povertyTerm }?.rho }
        /// True when the score ranks worse than the poverty term (beyond rounding).
        public var scoreRanksWorseThanPoverty: Bool {
            guard let poverty, poverty.isFinite, score.isFinite else { return false }
            return score < poverty - 1e-9
        }
    }

    public static let povertyTerm = "taux_pauvrete"
    /// A commune is checked on its own from this many zones with a reference value.
    public static let minimumZonesPerCommune = 4

    public var overall: Group
    public var communes: [Group]

    /// `higherIsRiskier`: true for a poverty rate, false for a median income.
    public init(zones: [Zone], higherIsRiskier: Bool) {
        let sign = higherIsRiskier ? 1.0 : -1.0
        let termNames = Set(zones.flatMap { $0.terms.keys }).sorted { a, b in
            (a == Self.povertyTerm ? 0 : 1, a) < (b == Self.povertyTerm ? 0 : 1, b)
        }
        func group(_ name: String, _ members: [Zone]) -> Group {
            let reference = members.map(\.reference)
            let terms = termNames.compactMap { term -> (name: String, rho: Double)? in
                let values = members.compactMap { $0.terms[term] }
                guard values.count == members.count else { return nil }
                return (term, sign * spearman(values, reference))
            }
            return Group(name: name, zones: members.count, score: sign * spearman(members.map(\.score), reference), terms: terms)
        }
        overall = group("ensemble", zones)
        let byCommune = Dictionary(grouping: zones, by: \.commune)
        communes = byCommune.keys.sorted().compactMap { code in
            let members = byCommune[code]!
            return members.count >= Self.minimumZonesPerCommune ? group(code, members) : nil
        }
    }

    /// The communes where the score ranks worse than its poverty term.
    public var failures: [Group] { communes.filter(\.scoreRanksWorseThanPoverty) }
}
