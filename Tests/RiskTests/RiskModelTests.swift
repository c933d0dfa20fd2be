import Foundation
import Inputs
import Support
import TestSupport
import Testing

@testable import Risk

/// A one-benefit model whose answers are computed by hand.
let handModel = """
    [model]
    name = "test"
    caf_gap_to_nonrecours = 0.5
    imputed_uncertainty = 0.5
    min_rate = 0.0
    max_rate = 1.0

    [classes]
    method = "equal"
    count = 2

    [score]
    half_at = 0.25

    [national]
    poverty_rate = 0.15
    share_18_24 = 0.08



    [[benefit]]
    id = "rsa"
    rate = 0.5
    rate_low = 0.4
    rate_high = 0.6
    rate_source = "test"
    caf_column = "indfoy_rsa"
    eligible = [{ count = "men_pauv", share = 1.0 }]
    """

func loadModel(_ text: String, name: String = "model.toml") throws -> RiskModel {
    try RiskModel.load(ConfigFile(path: name, text: text))
}

let schema = ProfileSchema(variables: ["ind", "men", "men_pauv", "men_fmp", "men_prop", "ind_18_24", "ind_65_79", "ind_80p", "men_1ind"])

func zone(_ id: String, men: Double, poor: Double, commune: String = "93010", imputed: Double = 0) -> ZoneProfile {
    ZoneProfile(
        id: id, commune: commune, counts: [men * 2.2, men, poor, men * 0.1, men * 0.3, men * 0.2, men * 0.3, men * 0.1, men * 0.3],
        area: 1_000_000, imputedShare: imputed
    )
}

func cafFile(_ rows: [(String, Int)]) throws -> CafTable {
    var text = "dtreffre;numcomdo;nomcom;indfoy_rsa\n"
    for (code, count) in rows { text += "2024-12;\(code);X;\(count)\n" }
    return try CafdataReader.read(path: Fixtures.temporaryFile("caf.csv", contents: text))
}

@Suite struct RiskModelFileTests {
    @Test func defaultModelLoadsWithItsSources() throws {
        let model = try RiskModel.load(path: Fixtures.data("models/default.toml"))
        #expect(model.benefits.map(\.id) == ["rsa", "ppa", "aspa"])
        #expect(model.benefits[0].rate == 0.34)
        #expect(model.benefits[2].rate == 0.50)
        #expect(model.benefits.allSatisfy { !$0.rateSource.isEmpty && $0.rateLow <= $0.rate && $0.rate <= $0.rateHigh })
        #expect(model.benefits[0].rateSource.contains("DREES"))
        #expect(model.scoreHalfAt > 0 && model.nationalReference[.povertyRate] != nil)
        // Every factor has its national reference; the prime d'activité's rate is an assumption.
        #expect(model.benefits.allSatisfy { $0.factors.allSatisfy { model.nationalReference[$0.indicator] != nil } })
        #expect(model.benefits.map(\.ratePublished) == [true, false, true])
        #expect(model.classMethod == .national && model.classCount == 4)
        #expect(model.nationalClassNames == ["faible", "modéré", "élevé", "très élevé"])
        // The national level is computed from the file: 0,146 × (0,65 × 0,34 + 0,5 × 1,5 × 0,30 + 0,205 × 0,50).
        #expect(model.halfAtComputed && abs(model.scoreHalfAt - 0.146 * (0.65 * 0.34 + 0.5 * 1.5 * 0.30 + 0.205 * 0.50)) < 1e-12)
        // An assumed rate cannot carry the volume: the prime d'activité counts for half.
        #expect(model.benefits[1].volumeWeight == 0.5)
    }

    @Test func unknownKeyNamesItsLine() throws {
        let text = handModel.replacingOccurrences(of: "rate_low = 0.4", with: "rate_low = 0.4\nrate_hihg = 0.6")
        let error = #expect(throws: InputError.self) { try loadModel(text) }
        #expect(error?.line == 25)
        #expect(error?.field == "benefit[0].rate_hihg")
        #expect(error?.description.contains("clé inconnue") == true)
    }

    @Test func missingRateIsRefused() throws {
        let text = handModel.replacingOccurrences(of: "rate = 0.5\n", with: "")
        let error = #expect(throws: InputError.self) { try loadModel(text) }
        #expect(error?.field == "benefit[0].rate")
        #expect(error?.description.contains("absent") == true)
        #expect(error?.line == 21)  // the [[benefit]] header
    }

    @Test func scoreScaleOutOfRangeIsRefused() throws {
        let text = handModel.replacingOccurrences(of: "half_at = 0.25", with: "half_at = -1")
        let error = #expect(throws: InputError.self) { try loadModel(text) }
        #expect(error?.field == "score.half_at")
        #expect(error?.line == 13)
        #expect(error?.description.contains("entre 0.001 et 10") == true)
    }

    /// A factor is measured from the national value of its indicator: it must be given.
    @Test func factorWithoutNationalValueIsRefused() throws {
        let text =
            handModel + """

                  [[benefit.factor]]
                  indicator = "owner_share"
                  odds_ratio = 1.1
                  source = "test"
                """
        let error = #expect(throws: InputError.self) { try loadModel(text) }
        #expect(error?.description.contains("[national]") == true)
        let withValue = text.replacingOccurrences(of: "share_18_24 = 0.08", with: "share_18_24 = 0.08\nowner_share = 0.58")
        #expect(try loadModel(withValue).benefits[0].factors.count == 1)
    }

    /// A step so small it drives every rate to its bounds, a count the cells do not have, an id
    /// that would name a column of the totals: each refused at its own key.
    @Test func aFactorsStepACountAndAnIdAreCheckedAtTheirKey() throws {
        let factor = handModel + "\n  [[benefit.factor]]\n  indicator = \"poverty_rate\"\n  odds_ratio = 1.5\n  per = PER\n  source = \"test\"\n"
        let tiny = #expect(throws: InputError.self) { try loadModel(factor.replacingOccurrences(of: "PER", with: "1e-300")) }
        #expect(tiny?.field == "benefit.factor.per" || tiny?.field?.hasSuffix("per") == true, "\(String(describing: tiny))")
        #expect(tiny?.description.contains("trop petit") == true)
        #expect(try loadModel(factor.replacingOccurrences(of: "PER", with: "0.1")).benefits[0].factors.count == 1)
        let count = #expect(throws: InputError.self) {
            try loadModel(handModel.replacingOccurrences(of: "count = \"men_pauv\"", with: "count = \"men_foo\""))
        }
        #expect(count?.field?.hasSuffix("count") == true && count?.description.contains("« men_foo »") == true, "\(String(describing: count))")
        for id in ["estime", "bas", "haut", "rsa_bas"] {
            let clash = #expect(throws: InputError.self) { try loadModel(handModel.replacingOccurrences(of: "id = \"rsa\"", with: "id = \"\(id)\"")) }
            #expect(clash?.field?.hasSuffix("id") == true && clash?.description.contains("colonne des totaux") == true)
        }
    }

    @Test func rateOutsideItsRangeAndBadTomlAreRefused() throws {
        let outside = handModel.replacingOccurrences(of: "rate_high = 0.6", with: "rate_high = 0.45")
        #expect(throws: InputError.self) { try loadModel(outside) }
        let broken = handModel.replacingOccurrences(of: "count = 2", with: "count = = 2")
        let error = #expect(throws: InputError.self) { try loadModel(broken) }
        #expect(error?.line == 10)
        let unknownIndicator = handModel.replacingOccurrences(of: "poverty_rate = 0.15", with: "povrety = 0.15")
        #expect(throws: InputError.self) { try loadModel(unknownIndicator) }
    }
}

@Suite struct FrenchNumberTests {
    /// Numbers from data never trap: not-a-number and huge values are written, not converted.
    @Test func nonFiniteAndHugeValuesAreWritten() {
        #expect(FrenchNumber.integer(3937.4) == "3\u{202F}937")
        #expect(FrenchNumber.integer(-12) == "−12")
        #expect(FrenchNumber.integer(.nan) == "—" && FrenchNumber.integer(.infinity) == "—")
        #expect(FrenchNumber.integer(1e300) == "1,000e+300")
        #expect(FrenchNumber.percent(.nan) == "—")
        #expect(FrenchNumber.decimal(.infinity, digits: 1) == "—")
    }
}

@Suite struct IndicatorTests {
    /// Indicators from aggregated counts, by hand: ratios of sums, the density per km², nil
    /// for a missing count or a zero denominator; and `position` is the place in `allCases`.
    @Test func indicatorsFromCountsByHand() {
        let schema = ProfileSchema(variables: ["ind", "men", "men_pauv", "ind_65_79", "ind_80p", "ind_snv"])
        let counts: [Double] = [200, 80, 20, 30, 10, 4_000_000]
        func value(_ indicator: Indicator, _ counts: [Double] = counts, area: Double = 2_000_000) -> Double? {
            indicator.value(counts: counts, area: area, imputedShare: 0.25, schema: schema)
        }
        #expect(value(.povertyRate) == 0.25)
        #expect(value(.share65Plus) == 0.2)
        #expect(value(.share80PlusOf65Plus) == 0.25)
        #expect(value(.meanLivingStandard) == 20_000)
        #expect(value(.density) == 100)
        #expect(value(.density, area: 0) == nil)
        #expect(value(.imputedShare) == 0.25)
        #expect(value(.singleParentShare) == nil)  // men_fmp is not in the schema
        #expect(value(.povertyRate, [200, 0, 0, 30, 10, 0]) == nil)  // no households
        #expect(Indicator.allCases.enumerated().allSatisfy { $1.position == $0 })
    }
}

@Suite struct RiskEstimatorTests {
    @Test func handComputedCafAdjustment() throws {
        let model = try loadModel(handModel)
        let estimator = RiskEstimator(model: model, schema: schema)
        // Eligible 100, rate 0.5: 50 recipients expected; the CAF pays 80, ρ = 1.6.
        let result = try estimator.assess(zones: [zone("930100101", men: 400, poor: 100)], caf: cafFile([("93010", 80)]), threads: 1)
        let z = result.zones[0]
        let rho = 1.6
        let expected = 100 * pow(rho, 0.5) * (1 - 0.5 * pow(rho, 0.5))
        #expect(abs(z.nonrecours[0] - expected) < 1e-9)
        #expect(abs(z.cafRatio[0]! - rho) < 1e-12)
        #expect(z.basis == .caf)
        // The adjusted model reproduces the observed count: E' (1 − r') = 80.
        let adjustedEligible = 100 * pow(rho, 0.5)
        #expect(abs(adjustedEligible - z.nonrecours[0] - 80) < 1e-9)
        // Intensity on the fixed scale: 100 × s / (s + 0.25); priority = volume × score / 100.
        let share = expected / 400
        #expect(abs(z.share - share) < 1e-12)
        #expect(abs(z.score - 100 * share / (share + 0.25)) < 1e-9)
        #expect(abs(z.priority - expected * z.score / 100) < 1e-9)
    }

    /// A CAF file keyed by IRIS works like one keyed by commune, zone by zone.
    @Test func cafKeyedByIRIS() throws {
        let model = try loadModel(handModel)
        let text = "dtreffre;code_iris;indfoy_rsa\n2024-12;930100101;80\n2024-12;930100102;50\n"
        let caf = try CafdataReader.read(path: Fixtures.temporaryFile("caf_iris.csv", contents: text))
        #expect(caf.keyKind == .iris)
        let result = try RiskEstimator(model: model, schema: schema).assess(
            zones: [zone("930100101", men: 400, poor: 100), zone("930100102", men: 400, poor: 100), zone("930100103", men: 400, poor: 100)],
            caf: caf, threads: 1
        )
        #expect(abs(result.zones[0].cafRatio[0]! - 1.6) < 1e-12)
        #expect(abs(result.zones[1].cafRatio[0]! - 1.0) < 1e-12)
        #expect(abs(result.zones[1].nonrecours[0] - 50) < 1e-9)
        #expect(result.zones[2].basis == .prior)
        #expect(result.cafAreas.map(\.code) == ["930100101", "930100102"])
    }

    @Test func withoutCafTheEstimateIsPriorAndFlagged() throws {
        let model = try loadModel(handModel)
        let estimator = RiskEstimator(model: model, schema: schema)
        let result = try estimator.assess(zones: [zone("751010101", men: 400, poor: 100, commune: "75101")], caf: cafFile([("93010", 80)]), threads: 1)
        let z = result.zones[0]
        #expect(z.basis == .prior)
        #expect(z.nonrecours[0] == 50)
        #expect(z.nonrecoursLow[0] == 40 && z.nonrecoursHigh[0] == 60)
        #expect(z.reliability == .medium)
        #expect(z.explanation.contains("a priori"))
    }

    @Test func secretZonesPublishNothing() throws {
        let model = try loadModel(handModel)
        let result = try RiskEstimator(model: model, schema: schema).assess(
            zones: [zone("a", men: 8, poor: 3), zone("b", men: 300, poor: 60)], caf: nil, threads: 1
        )
        #expect(result.zones[0].reliability == .secret)
        #expect(result.zones[0].riskClass == nil)
        #expect(result.zones[1].riskClass != nil)
        #expect(result.breaks.counts.reduce(0, +) == 1)
    }

    /// The invariants on random territories, with the default model and Cafdata by commune.
    @Test(arguments: 0..<25)
    func invariants(seed: Int) throws {
        var rng = SplitMix64(state: UInt64(seed) &+ 7)
        let model = try RiskModel.load(path: Fixtures.data("models/default.toml"))
        let wideSchema = ProfileSchema(variables: [
            "ind", "men", "men_pauv", "men_1ind", "men_fmp", "men_prop", "men_5ind", "log_soc", "log_av45", "ind_18_24", "ind_65_79", "ind_80p", "ind_snv",
        ])
        func randomZone(_ i: Int, poorShare: Double) -> ZoneProfile {
            let men = Double.random(in: 50...1500, using: &rng)
            let ind = men * Double.random(in: 1.5...3, using: &rng)
            let counts = [
                ind, men, men * poorShare, men * Double.random(in: 0.1...0.5, using: &rng),
                men * Double.random(in: 0...0.3, using: &rng), men * Double.random(in: 0...0.7, using: &rng),
                men * 0.05, men * 0.3, men * 0.7, ind * Double.random(in: 0.05...0.15, using: &rng),
                ind * Double.random(in: 0.05...0.2, using: &rng), ind * Double.random(in: 0...0.08, using: &rng),
                ind * Double.random(in: 15_000...30_000, using: &rng),
            ]
            return ZoneProfile(
                id: "9301001\(String(format: "%02d", i))", commune: i % 2 == 0 ? "93010" : "93064", counts: counts,
                area: Double.random(in: 2e5...2e6, using: &rng), imputedShare: Double.random(in: 0...0.6, using: &rng)
            )
        }
        var zones = (0..<8).map { randomZone($0, poorShare: Double.random(in: 0.05...0.45, using: &rng)) }
        zones[3].counts[2] = 0  // no poor household
        let rsa = (5 * Int.random(in: 20...200, using: &rng), 5 * Int.random(in: 20...200, using: &rng))
        let text = "dtreffre;numcomdo;indfoy_rsa;indfoy_ppa\n2024-12;93010;\(rsa.0);400\n2024-12;93064;\(rsa.1);250\n"
        let cafBoth = try CafdataReader.read(path: Fixtures.temporaryFile("caf.csv", contents: text))
        let estimator = RiskEstimator(model: model, schema: wideSchema)
        let result = try estimator.assess(zones: zones, caf: cafBoth, threads: 1)
        // A zone without poor households scores lowest.
        let lowest = result.zones.map(\.score).min()!
        #expect(result.zones[3].score == lowest)
        #expect(result.zones[3].total == 0)
        for z in result.zones {
            // Intervals contain the central value.
            #expect(z.totalLow <= z.total && z.total <= z.totalHigh)
            #expect(z.scoreLow <= z.score && z.score <= z.scoreHigh)
            for b in z.nonrecours.indices { #expect(z.nonrecoursLow[b] <= z.nonrecours[b] && z.nonrecours[b] <= z.nonrecoursHigh[b]) }
            #expect((0...100).contains(z.score))
        }
        // Raising one zone's poverty rate never lowers its score.
        let target = Int.random(in: 0..<zones.count, using: &rng)
        var richer = zones
        richer[target].counts[2] = min(richer[target].counts[1], richer[target].counts[2] * 1.3 + 10)
        let raised = try estimator.assess(zones: richer, caf: cafBoth, threads: 1)
        #expect(raised.zones[target].score >= result.zones[target].score - 1e-9)
    }
}
