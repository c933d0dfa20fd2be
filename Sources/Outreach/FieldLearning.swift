import Foundation
import Inputs
import Support

/// What the next plan learns from the teams' passage sheets, in three documented rules:
/// - **a place's figure** becomes a blend of its kind's figure and what was observed there,
///   `(k × prior + Σ met) / (k + n)` for `n` visits: the kind's figure weighs as `k` visits
///   (`[contacts] observed_weight`, 3), so one good or bad afternoon moves it a little and a
///   season of visits a lot (a credibility, or shrinkage, estimate);
/// - **a chronically empty place** — fewer than `minimum_people` on each of its last three
///   visits — leaves the plan with that reason;
/// - **a kind's figure** is re-estimated from the territory's places once it has 12 visits in
///   3 places or more: its places' figures are multiplied by `(w + n × ratio) / (w + n)`,
///   `ratio` the people met over the people expected on its visits and `w` = 12, so that the
///   territory's own attendance replaces the sources' by degrees.
public struct FieldLearning: Sendable {
    public var observedWeight: Double
    public var minimumPeople: Double
    /// Visits and places a kind needs before its figure is re-estimated.
    public static let kindVisits = 12
    public static let kindPlaces = 3
    /// The last visits that decide a chronically empty place.
    public static let chronicVisits = 3

    public init(observedWeight: Double, minimumPeople: Double) {
        self.observedWeight = observedWeight
        self.minimumPeople = minimumPeople
    }

    /// What changed at one place, for plan.json and the report.
    public struct PlaceUpdate: Sendable, Codable, Equatable {
        public var name: String
        public var kind: String
        /// People per half-day before the sheets (the kind's figure at this place).
        public var prior: Double
        public var visits: Int
        public var meanMet: Double
        /// People per half-day the plan now expects.
        public var expected: Double
        /// Why the place left the plan, when it did.
        public var dropped: String?
    }

    /// The blend of a prior and observed counts.
    public func blend(prior: Double, observed: [Double]) -> Double {
        (observedWeight * prior + observed.reduce(0, +)) / (observedWeight + Double(observed.count))
    }

    /// The reason a place leaves the plan, when its last three visits all met fewer than the
    /// minimum (`visits` in date order).
    public func chronicReason(_ visits: [FieldVisit]) -> String? {
        guard visits.count >= Self.chronicVisits else { return nil }
        let last = visits.suffix(Self.chronicVisits)
        guard last.allSatisfy({ $0.met < minimumPeople }) else { return nil }
        let listed = last.map { "\($0.date) : \(Int($0.met))" }.joined(separator: ", ")
        return
            "moins de \(FrenchNumber.decimal(minimumPeople, digits: 0)) personnes rencontrées à chacune de ses \(Self.chronicVisits) dernières demi-journées (\(listed), feuilles de passage) : retiré du plan"
    }

    /// Each kind's factor from the territory's visits: `visits` by place index, `prior` the
    /// people each place was expected to meet before the sheets.
    public func kindFactors(kinds: [StopKind], prior: [Double], visits: [Int: [FieldVisit]]) -> [StopKind: Double] {
        var byKind: [StopKind: (met: Double, expected: Double, n: Int, places: Int)] = [:]
        for (j, list) in visits where !list.isEmpty && prior[j] > 0 {
            var entry = byKind[kinds[j]] ?? (0, 0, 0, 0)
            entry.met += list.reduce(0) { $0 + $1.met }
            entry.expected += prior[j] * Double(list.count)
            entry.n += list.count
            entry.places += 1
            byKind[kinds[j]] = entry
        }
        var factors: [StopKind: Double] = [:]
        for (kind, entry) in byKind where entry.n >= Self.kindVisits && entry.places >= Self.kindPlaces && entry.expected > 0 {
            let w = Double(Self.kindVisits), ratio = entry.met / entry.expected
            factors[kind] = (w + Double(entry.n) * ratio) / (w + Double(entry.n))
        }
        return factors
    }
}

extension OutreachPlanner {
    /// The people each place is expected to bring once the passage sheets are read (see
    /// `FieldLearning`), the places that leave the plan and why, and what changed.
    struct Learned {
        var visitors: [Double]
        var dropped: [Int: String]
        var updates: [FieldLearning.PlaceUpdate]
        var kindFactors: [String: Double]
    }

    static func learn(
        from observations: [FieldVisit], candidates: [StopCandidate], prior: [Double], settings: PlanSettings, warnings: inout [String]
    ) -> Learned {
        guard !observations.isEmpty else { return Learned(visitors: prior, dropped: [:], updates: [], kindFactors: [:]) }
        let rules = settings.contacts
        let learning = FieldLearning(observedWeight: rules.observedWeight, minimumPeople: settings.minimumPeople)
        // A sheet's place is a candidate by its name (a merged stop by its first name).
        var index: [String: Int] = [:]
        for (j, candidate) in candidates.enumerated() where index[FieldVisit.folded(candidate.name)] == nil {
            index[FieldVisit.folded(candidate.name)] = j
        }
        var visitsOf: [Int: [FieldVisit]] = [:]
        var unknown = Set<String>()
        for visit in observations {
            if let j = index[FieldVisit.folded(visit.stop)] { visitsOf[j, default: []].append(visit) } else { unknown.insert(visit.stop) }
        }
        if !unknown.isEmpty {
            let names = unknown.sorted()
            warnings.append(
                "feuilles de passage : \(names.count) lieu(x) absent(s) des lieux de la tournée (\(names.prefix(5).joined(separator: ", "))\(names.count > 5 ? "…" : "")) : leurs passages ne comptent pas (lieu renommé ou retiré de la liste ?)"
            )
        }
        let factors = learning.kindFactors(kinds: candidates.map(\.kind), prior: prior, visits: visitsOf)
        var visitors = prior, dropped: [Int: String] = [:], updates: [FieldLearning.PlaceUpdate] = []
        for j in candidates.indices {
            let base = min(rules.teamCapacity, prior[j] * (factors[candidates[j].kind] ?? 1))
            let list = (visitsOf[j] ?? []).sorted { ($0.date, $0.part) < ($1.date, $1.part) }
            visitors[j] = list.isEmpty ? base : min(rules.teamCapacity, learning.blend(prior: base, observed: list.map(\.met)))
            if let reason = learning.chronicReason(list) { dropped[j] = reason }
            guard !list.isEmpty || base != prior[j] else { continue }
            updates.append(
                FieldLearning.PlaceUpdate(
                    name: candidates[j].name, kind: candidates[j].kind.frenchLabel, prior: prior[j], visits: list.count,
                    meanMet: list.isEmpty ? 0 : list.reduce(0) { $0 + $1.met } / Double(list.count), expected: visitors[j], dropped: dropped[j]))
        }
        var kindFactors: [String: Double] = [:]
        for (kind, factor) in factors { kindFactors[kind.rawValue] = factor }
        return Learned(visitors: visitors, dropped: dropped, updates: updates.sorted { $0.name < $1.name }, kindFactors: kindFactors)
    }
}
