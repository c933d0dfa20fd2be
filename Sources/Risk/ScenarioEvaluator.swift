import Foundation
import Inputs
import Support

/// The model evaluated for every zone under one reading of the uncertain inputs (the
/// published rate range, the CAF rounding, the imputed cells): eligible households, local
/// non-take-up, expected CAF recipients per CAF place, and the adjusted estimate.
struct ScenarioEvaluator {
    /// −1 low end, 0 central, +1 high end, for each uncertain input.
    struct Scenario {
        var rate: Int
        var caf: Int
        var imputed: Int

        static let central = Scenario(rate: 0, caf: 0, imputed: 0)
        /// The eight combinations of the ends, in a fixed order.
        static let corners: [Scenario] = [-1, 1].flatMap { rate in
            [-1, 1].flatMap { caf in [-1, 1].map { imputed in Scenario(rate: rate, caf: caf, imputed: imputed) } }
        }
    }

    /// Per zone and benefit, flat: zone `z`'s values are at `z × benefits ..< (z + 1) × benefits`
    /// (one allocation per array, not one per zone and scenario).
    struct Outcome {
        var benefitCount: Int
        var missing: [Double]
        var eligible: [Double]
        /// Observed / expected CAF recipients of the zone's CAF place (nil: not confronted).
        var ratio: [Double?]
        var fits: [CafAreaFit]
        /// Per zone: the share that scores, its poverty rate × its place's missing benefits per
        /// poor household (see ``ScenarioEvaluator/levelPlace``).
        var scoreShare: [Double]

        func missing(_ z: Int) -> ArraySlice<Double> { missing[(z * benefitCount)..<((z + 1) * benefitCount)] }
        func eligible(_ z: Int) -> ArraySlice<Double> { eligible[(z * benefitCount)..<((z + 1) * benefitCount)] }
        func ratio(_ z: Int) -> ArraySlice<Double?> { ratio[(z * benefitCount)..<((z + 1) * benefitCount)] }
    }

    private(set) var model: RiskModel
    let schema: ProfileSchema
    /// The zones scored, then their companions: zones of the same CAF places left out of the
    /// run (a filter that keeps part of a commune), used only for the expected CAF recipients
    /// so that a place is confronted whole.
    let zones: [ZoneProfile]
    /// The territory's pooled indicators (over the scored zones inside the data's field).
    let territory: [Double?]
    /// What the scenarios' loops read of each zone, in flat arrays side by side (zone `z`'s
    /// counts at `z × countWidth`, its indicators, in `Indicator.allCases` order, at
    /// `z × indicatorWidth`): every evaluation walks all the zones, and a jump to each zone's
    /// own arrays cost a cache miss per zone.
    let flatCounts: [Double]
    let countWidth: Int
    let flatIndicators: [Double?]
    let indicatorWidth: Int
    let imputedShares: [Double]
    /// Each commune's pooled indicators (over its zones above the secrecy threshold, those a
    /// filter leaves out included): what a zone's explanation compares it with.
    let communes: [String: [Double?]]
    /// Per benefit: (indicator index, logit slope per unit, national reference) of each factor.
    private(set) var factorSlopes: [[(Int, Double, Double)]]
    /// The CAF place of each zone (its number among `places`: the commune or IRIS codes met,
    /// in code order), the observed counts, and the first zone and number of zones of each place.
    let cafPlace: [Int?]
    let places: [String]
    /// The observed CAF count of zone `z`'s place for benefit `b`, at `z × benefits + b`.
    let observed: [Double?]
    let firstZone: [Int]
    let zonesPerPlace: [Int]
    let halfUnit: Double
    /// The place whose level each zone's score takes (its number among the places met): the
    /// zone's CAF place, or else its commune. A place's level is its missing benefits per poor
    /// household, so that what every zone of a place shares (a commune's CAF count, the
    /// hypotheses on composition) moves the place's level and never the order of its zones,
    /// which is their poverty rate's.
    let levelPlace: [Int]
    let levelPlaceCount: Int
    let poorPosition: Int?
    let householdsPosition: Int?
    /// Per benefit, its eligibility terms resolved once (count position, share, indicator
    /// index) and its rate with its range: the loops over zones and scenarios look nothing up.
    private(set) var eligibleTerms: [[(count: Int, share: Double, indicator: Int?)]]
    private(set) var baseRates: [(central: Double, low: Double, high: Double)]

    init(estimator: RiskEstimator, zones scored: [ZoneProfile], companions: [ZoneProfile], caf: CafTable?) throws(InputError) {
        model = estimator.model
        schema = estimator.schema
        // (The scored zones' array itself when there are no companions: a join copies every
        // zone's texts and arrays.)
        let zones = companions.isEmpty ? scored : scored + companions
        self.zones = zones
        let indicators = Indicator.allCases
        let width = estimator.schema.variables.count
        countWidth = width
        indicatorWidth = indicators.count
        // Flat, in one allocation each (not an array per zone joined).
        var counts: [Double] = [], values: [Double?] = [], shares: [Double] = []
        counts.reserveCapacity(zones.count * width)
        values.reserveCapacity(zones.count * indicators.count)
        shares.reserveCapacity(zones.count)
        for zone in zones {
            for i in 0..<width { counts.append(i < zone.counts.count ? zone.counts[i] : 0) }
            for indicator in indicators { values.append(indicator.value(of: zone, schema: estimator.schema)) }
            shares.append(zone.imputedShare)
        }
        flatCounts = counts
        flatIndicators = values
        imputedShares = shares
        // Pooled values (what explanations compare a zone with): the territory's, over the zones
        // scored, and each commune's, those a filter leaves out included.
        let territory = Self.pooled(scored, schema: schema, minimumHouseholds: estimator.model.minimumHouseholds) { _ in "" }
        self.territory =
            territory[""] ?? Self.indicators(counts: [Double](repeating: 0, count: schema.variables.count), area: 0, imputedShare: 0, schema: schema)
        communes = Self.pooled(zones, schema: schema, minimumHouseholds: estimator.model.minimumHouseholds) { DataField.communeCode(of: $0) }
        let model = estimator.model
        // CAF places: the key of each zone, and the observed count per benefit.
        var cafColumns: [Int?] = model.benefits.map { _ in nil }
        if let caf {
            for (b, benefit) in model.benefits.enumerated() {
                guard let column = benefit.cafColumn else { continue }
                guard let index = caf.countColumns.firstIndex(of: column) else {
                    throw InputError(
                        file: caf.source, field: column,
                        words(
                            "le modèle de risque %1$@ lit cette colonne pour %2$@ ; colonnes : %3$@", model.source, benefit.label,
                            caf.countColumns.joined(separator: ", ")))
                }
                cafColumns[b] = index
            }
        }
        let keys: [String?] = zones.map { zone in
            guard let caf, zone.inScope else { return nil }
            switch caf.keyKind {
            case .iris: return zone.id
            case .commune: return DataField.communeCode(of: zone)
            }
        }
        let places = Set(keys.compactMap { $0 }).sorted()
        let placeNumbers = Dictionary(uniqueKeysWithValues: places.enumerated().map { ($1, $0) })
        self.places = places
        cafPlace = keys.map { $0.flatMap { placeNumbers[$0] } }
        let benefitCount = model.benefits.count
        observed = zones.indices.flatMap { z in
            (0..<benefitCount).map { b in
                guard let caf, let column = cafColumns[b], let key = keys[z], let record = caf.record(for: key) else { return nil }
                return record.values[column]
            }
        }
        var first = [Int](repeating: -1, count: places.count), count = [Int](repeating: 0, count: places.count)
        for (z, place) in cafPlace.enumerated() {
            guard let place else { continue }
            if first[place] < 0 { first[place] = z }
            count[place] += 1
        }
        firstZone = first
        zonesPerPlace = count
        halfUnit = (caf?.roundingUnit ?? 1) / 2
        var levelKeys: [String: Int] = [:]
        levelPlace = zones.enumerated().map { z, zone in
            let key: String
            if let place = keys[z] {
                key = "caf:" + place
            } else if let commune = DataField.communeCode(of: zone) {
                key = "commune:" + commune
            } else {
                key = "zone:\(z)"
            }
            if let number = levelKeys[key] { return number }
            levelKeys[key] = levelKeys.count
            return levelKeys.count - 1
        }
        levelPlaceCount = levelKeys.count
        poorPosition = schema.position(of: "men_pauv")
        householdsPosition = schema.position(of: "men")
        (factorSlopes, eligibleTerms, baseRates) = Self.derived(from: model, schema: schema)
    }

    /// The same zones, places and CAF counts under another model of the same benefits (a weight
    /// moved, for the sensitivity analysis): only what the model's numbers set is derived again.
    func with(model moved: RiskModel) -> ScenarioEvaluator {
        var result = self
        result.model = moved
        (result.factorSlopes, result.eligibleTerms, result.baseRates) = Self.derived(from: moved, schema: schema)
        return result
    }

    /// What the loops read of the model, resolved once: each factor's (indicator index, logit
    /// slope per unit, national reference), each eligibility term's (count position, share,
    /// indicator index), each rate with its range.
    static func derived(from model: RiskModel, schema: ProfileSchema) -> (
        [[(Int, Double, Double)]], [[(count: Int, share: Double, indicator: Int?)]], [(central: Double, low: Double, high: Double)]
    ) {
        let slopes = model.benefits.map { benefit in
            benefit.factors.map { factor in
                (factor.indicator.position, log(factor.oddsRatio) / factor.per, model.nationalReference[factor.indicator] ?? 0)
            }
        }
        let terms = model.benefits.map { benefit in
            benefit.eligible.map { term in
                // `RiskEstimator.checkCounts` has made sure that every count is in the schema.
                (count: schema.position(of: term.count) ?? -1, share: term.share, indicator: term.times.map(\.position))
            }
        }
        return (slopes, terms, model.benefits.map { ($0.rate, $0.rateLow, $0.rateHigh) })
    }

    /// The indicators of zones pooled by a key (nil: left out), over the zones inside the data's
    /// field and above the secrecy threshold: a zone under it must not move a published figure
    /// (secondary secrecy).
    static func pooled(_ zones: [ZoneProfile], schema: ProfileSchema, minimumHouseholds: Double, key: (ZoneProfile) -> String?) -> [String: [Double?]] {
        let indPosition = schema.position(of: "ind"), menPosition = schema.position(of: "men")
        let width = schema.variables.count
        // Each key numbered as it is first met; its sums in flat arrays, added zone after zone
        // (the same order as ever, so the same bits), without a dictionary write per zone.
        var numbers: [String: Int] = [:], keys: [String] = []
        var counts: [Double] = [], area: [Double] = [], people: [Double] = [], imputed: [Double] = []
        for zone in zones where zone.inScope && (menPosition.map { zone.counts[$0] } ?? 0) >= minimumHouseholds {
            guard let k = key(zone) else { continue }
            let n: Int
            if let known = numbers[k] {
                n = known
            } else {
                n = keys.count
                numbers[k] = n
                keys.append(k)
                counts += repeatElement(0, count: width)
                area.append(0)
                people.append(0)
                imputed.append(0)
            }
            for i in 0..<width { counts[n * width + i] += zone.counts[i] }
            area[n] += zone.area
            if let p = indPosition {
                people[n] += zone.counts[p]
                imputed[n] += zone.counts[p] * zone.imputedShare
            }
        }
        var result: [String: [Double?]] = [:]
        result.reserveCapacity(keys.count)
        for (n, k) in keys.enumerated() {
            let sums = Array(counts[(n * width)..<((n + 1) * width)])
            result[k] = indicators(counts: sums, area: area[n], imputedShare: people[n] > 0 ? imputed[n] / people[n] : 0, schema: schema)
        }
        return result
    }

    static func indicators(counts: [Double], area: Double, imputedShare: Double, schema: ProfileSchema) -> [Double?] {
        Indicator.allCases.map { $0.value(counts: counts, area: area, imputedShare: imputedShare, schema: schema) }
    }

    /// Zone `z`'s indicators, in `Indicator.allCases` order.
    func indicatorValues(_ z: Int) -> [Double?] { Array(flatIndicators[(z * indicatorWidth)..<((z + 1) * indicatorWidth)]) }

    func clampRate(_ rate: Double) -> Double { min(model.maxRate, max(model.minRate, rate)) }

    /// Eligible households of zone `z` per benefit: Σ share × count [× indicator], the
    /// imputed part moved by the scenario; written at `values[offset + b]`.
    func eligible(_ z: Int, _ scenario: Scenario, into values: inout [Double], at offset: Int) {
        let imputedScale = max(0, 1 + Double(scenario.imputed) * model.imputedUncertainty * imputedShares[z])
        for (b, terms) in eligibleTerms.enumerated() {
            var e = 0.0
            for term in terms {
                let count = term.count >= 0 ? flatCounts[z * countWidth + term.count] : 0
                let factor = term.indicator.map { flatIndicators[z * indicatorWidth + $0] ?? 0 } ?? 1
                e += term.share * count * factor
            }
            values[offset + b] = max(0, e) * imputedScale
        }
    }

    /// Each benefit's published rate (or the end of its range the scenario takes) on the logit
    /// scale: the same for every zone.
    func baseLogits(_ scenario: Scenario) -> [Double] {
        baseRates.map { rate in
            let base = scenario.rate < 0 ? rate.low : scenario.rate > 0 ? rate.high : rate.central
            return log(max(1e-6, base) / max(1e-6, 1 - base))
        }
    }

    /// Local non-take-up of zone `z` per benefit: the published rate (or an end of its range),
    /// `baseLogits`, moved on the logit scale by the risk factors; written at `values[offset + b]`.
    func rates(_ z: Int, baseLogits: [Double], into values: inout [Double], at offset: Int) {
        for (b, base) in baseLogits.enumerated() {
            var logit = base
            for (index, slope, reference) in factorSlopes[b] {
                if let x = flatIndicators[z * indicatorWidth + index] { logit += slope * (x - reference) }
            }
            values[offset + b] = clampRate(1 / (1 + exp(-logit)))
        }
    }

    func evaluate(_ scenario: Scenario) -> Outcome {
        let benefitCount = model.benefits.count
        var eligible = [Double](repeating: 0, count: zones.count * benefitCount)
        var rates = eligible
        let logits = baseLogits(scenario)
        for z in zones.indices {
            self.eligible(z, scenario, into: &eligible, at: z * benefitCount)
            self.rates(z, baseLogits: logits, into: &rates, at: z * benefitCount)
        }
        // Expected recipients per CAF place and benefit, summed in zone order.
        var expected = [Double](repeating: 0, count: places.count * benefitCount)
        for z in zones.indices {
            guard let place = cafPlace[z] else { continue }
            for b in 0..<benefitCount {
                let k = z * benefitCount + b
                expected[place * benefitCount + b] += eligible[k] * (1 - rates[k])
            }
        }
        // The ratio ρ = observed / expected splits into take-up (ρ^λ) and eligibility (ρ^(1−λ)).
        let lambda = model.cafGapToNonrecours
        var missing = [Double](repeating: 0, count: zones.count * benefitCount)
        var ratios = [Double?](repeating: nil, count: zones.count * benefitCount)
        for z in zones.indices {
            for b in 0..<benefitCount {
                let k = z * benefitCount + b
                let e = eligible[k], r = rates[k]
                if let o = observed[k], let place = cafPlace[z], case let sum = expected[place * benefitCount + b], sum > 0 {
                    let ratio = max(0, o + Double(scenario.caf) * halfUnit) / sum
                    missing[k] = e * pow(ratio, 1 - lambda) * clampRate(1 - (1 - r) * pow(ratio, lambda))
                    ratios[k] = ratio
                } else {
                    missing[k] = e * r
                }
            }
        }
        var fits: [CafAreaFit] = []
        for (place, key) in places.enumerated() {
            let z = firstZone[place]
            for b in 0..<benefitCount {
                let sum = expected[place * benefitCount + b]
                guard let o = observed[z * benefitCount + b], sum > 0 else { continue }
                fits.append(
                    CafAreaFit(code: key, benefit: model.benefits[b].id, observed: o, expected: sum, ratio: o / sum, zones: zonesPerPlace[place], statement: "")
                )
            }
        }
        return Outcome(
            benefitCount: benefitCount, missing: missing, eligible: eligible, ratio: ratios, fits: fits,
            scoreShare: scoreShares(missing: missing, scenario)
        )
    }

    /// Each zone's scoring share: its poor households (the imputed part moved by the scenario)
    /// per household × its place's weighted missing benefits per poor household.
    func scoreShares(missing: [Double], _ scenario: Scenario) -> [Double] {
        let benefitCount = model.benefits.count
        var placeMissing = [Double](repeating: 0, count: levelPlaceCount)
        var placePoor = placeMissing
        var poor = [Double](repeating: 0, count: zones.count)
        for z in zones.indices {
            let imputedScale = max(0, 1 + Double(scenario.imputed) * model.imputedUncertainty * imputedShares[z])
            poor[z] = (poorPosition.map { flatCounts[z * countWidth + $0] } ?? 0) * imputedScale
            placeMissing[levelPlace[z]] += model.steeringVolume(missing[(z * benefitCount)..<((z + 1) * benefitCount)])
            placePoor[levelPlace[z]] += poor[z]
        }
        return zones.indices.map { z in
            let households = householdsPosition.map { flatCounts[z * countWidth + $0] } ?? 0
            let place = levelPlace[z]
            guard households > 0, placePoor[place] > 0 else { return 0 }
            return poor[z] / households * placeMissing[place] / placePoor[place]
        }
    }
}
