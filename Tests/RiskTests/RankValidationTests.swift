import Foundation
import Inputs
import Support
import TestSupport
import Testing

@testable import Risk

/// The score inside a commune, the validation harness, the national classes, the volume on
/// published rates and the sensitivity analysis (issue « Risk, step 2 »).
@Suite struct WithinCommuneRankingTests {
    /// A model with one risk factor that ranks against poverty (owners: more non-take-up),
    /// strong enough to reorder zones if it acted inside the commune.
    static let factorModel =
        handModel.replacingOccurrences(of: "share_18_24 = 0.08", with: "share_18_24 = 0.08\nowner_share = 0.3") + """

              [[benefit.factor]]
              indicator = "owner_share"
              odds_ratio = 3.0
              per = 0.10
              source = "test"
            """

    /// Zones with poverty rising and owners rising faster: the factor alone would reverse the order.
    static func zones(commune: String) -> [ZoneProfile] {
        (0..<5).map { i in
            var zone = zone("\(commune)000\(i)", men: 1000, poor: 100 + 50 * Double(i), commune: commune)
            zone.counts[4] = 100 + 200 * Double(i)  // men_prop
            return zone
        }
    }

    /// A commune-wide CAF count and a composition factor move a commune's level, never the
    /// order of its zones, which is their poverty rate's; the shares add up to the volume.
    @Test func termsSharedByACommuneDoNotReorderIt() throws {
        let model = try loadModel(Self.factorModel)
        let estimator = RiskEstimator(model: model, schema: schema)
        let a = Self.zones(commune: "11111"), b = Self.zones(commune: "22222")
        let caf = try cafFile([("11111", 600), ("22222", 100)])
        let result = try estimator.assess(zones: a + b, caf: caf, threads: 1)
        for commune in ["11111", "22222"] {
            let zones = result.zones.filter { $0.commune == commune }
            let poverty = zones.map { $0.indicator(.povertyRate)! }
            #expect(spearman(zones.map(\.score), poverty) == 1, "\(commune): the score keeps the poverty order")
            // The factor does act on the volume: its per-benefit estimate does not follow poverty alone.
            let volume = zones.reduce(0) { $0 + $1.total }, fromShares = zones.reduce(0) { $0 + $1.share * $1.households }
            #expect(abs(volume - fromShares) < 1e-9 * volume)
        }
        // Each commune's CAF count sets its own level.
        let levelA = result.zones[0].share / result.zones[0].indicator(.povertyRate)!
        let levelB = result.zones[5].share / result.zones[5].indicator(.povertyRate)!
        #expect(abs(levelA - levelB) > 0.01 * levelA)
    }

    /// IRIS-level Cafdata is each zone's own: it does rank inside the commune.
    @Test func irisLevelCafdataRanksInsideTheCommune() throws {
        let model = try loadModel(handModel)
        let estimator = RiskEstimator(model: model, schema: schema)
        let zones = Self.zones(commune: "11111")
        // Expected recipients: half the poor households (50, 75, 100, 125, 150). The poorest IRIS
        // has four times as many (every eligible household claims): its estimate falls to nothing.
        var text = "dtreffre;numiris;indfoy_rsa\n"
        for (i, count) in [50, 75, 100, 125, 600].enumerated() { text += "2024-12;11111000\(i);\(count)\n" }
        let caf = try CafdataReader.read(path: Fixtures.temporaryFile("caf-iris.csv", contents: text))
        #expect(caf.keyKind == .iris)
        let result = try estimator.assess(zones: zones, caf: caf, threads: 1)
        let poverty = result.zones.map { $0.indicator(.povertyRate)! }
        #expect(spearman(result.zones.map(\.score), poverty) < 1, "IRIS-level CAF counts move the order")
        #expect(result.zones.map(\.score).min() == result.zones[4].score, "\(result.zones.map { ($0.id, $0.score, $0.cafRatio, $0.total) })")
    }
}

@Suite struct RankValidationHarnessTests {
    static func zones(score: (Double, Double) -> Double) -> [RankValidation.Zone] {
        // Reference: the true poverty rate; the term: the same rate measured with noise-free order;
        // an « owner » term that ranks against poverty.
        (0..<8).map { i in
            let poverty = 0.1 + 0.05 * Double(i), owners = 0.2 + 0.08 * Double((i * 5) % 8)
            return RankValidation.Zone(
                commune: "A", score: score(poverty, owners), terms: ["taux_pauvrete": poverty, "part_proprietaires": owners], reference: poverty)
        }
    }

    /// A score that follows poverty passes; one pushed by a term that ranks against poverty
    /// ranks worse inside the commune, and the harness says so.
    @Test func aTermRankingAgainstPovertyIsCaught() {
        let faithful = RankValidation(zones: Self.zones { poverty, _ in 100 * poverty }, higherIsRiskier: true)
        #expect(faithful.communes.count == 1 && faithful.failures.isEmpty)
        #expect(faithful.overall.score == 1 && faithful.overall.poverty == 1)
        let noisy = RankValidation(zones: Self.zones { poverty, owners in 100 * poverty + 40 * owners }, higherIsRiskier: true)
        #expect(noisy.failures.map(\.name) == ["A"])
        #expect(noisy.communes[0].score < noisy.communes[0].poverty!)
        // An income reference is read the other way round: the same verdicts.
        let income = Self.zones { poverty, owners in 100 * poverty + 40 * owners }.map { zone -> RankValidation.Zone in
            var zone = zone
            zone.reference = 30_000 - 40_000 * zone.reference
            return zone
        }
        let byIncome = RankValidation(zones: income, higherIsRiskier: false)
        #expect(byIncome.failures.map(\.name) == ["A"] && abs(byIncome.communes[0].poverty! - 1) < 1e-12)
        // A commune of too few zones is not judged on its own.
        let small = RankValidation(zones: Array(Self.zones { p, _ in p }.prefix(3)), higherIsRiskier: true)
        #expect(small.communes.isEmpty)
    }
}

@Suite struct NationalClassesTests {
    /// The same score falls in the same class in two territories, whatever the other zones.
    @Test func sameScoreSameClassEverywhere() throws {
        let model = try RiskModel.load(path: Fixtures.data("models/default.toml"))
        #expect(model.nationalClassBounds.map { ($0 * 10).rounded() / 10 } == [33.3, 50, 66.7])
        let poor = model.classBreaks(of: [55, 58, 62, 70, 80], threads: 1)
        let rich = model.classBreaks(of: [20, 25, 30, 58, 40], threads: 1)
        #expect(poor.classOf(58) == rich.classOf(58) && poor.classOf(58) == 3)
        #expect(rich.classOf(20) == 1 && rich.classOf(40) == 2 && poor.classOf(80) == 4 && poor.classOf(50) == 3)
        #expect(poor.counts == [0, 0, 3, 2] && rich.counts == [3, 1, 1, 0])
        #expect(model.className(4) == "très élevé" && model.className(1) == "faible")
        let naming = RiskClassNaming.of([(58, 3), (80, 4)], model: model)
        #expect(naming.isNational && naming.subtitle == "classes nationales fixes")
        // Classes cut by the territory (jenks) are named as such.
        #expect(!RiskClassNaming.of([(58, 1), (80, 2)], model: model).isNational)
    }

    /// An assumed rate may not carry more of the national volume than the published ones.
    @Test func anAssumedRateCannotDominateTheVolume() throws {
        let text =
            handModel + """

                [[benefit]]
                id = "ppa"
                rate = 0.3
                rate_published = false
                rate_source = "aucun taux publié"
                eligible = [{ count = "men_pauv", share = 3.0 }]
                """
        let error = #expect(throws: InputError.self) { try loadModel(text) }
        #expect(error?.field == "benefit[1].volume_weight")
        #expect(error?.description.contains("volume_weight ≤ 0,56") == true)
        let model = try loadModel(text.replacingOccurrences(of: "share = 3.0 }]", with: "share = 3.0 }]\nvolume_weight = 0.5"))
        // Locally too: 10 RSA and 40 × 0,5 assumed → the assumed part is brought down to 10.
        #expect(model.steeringContributions([10, 40]) == [10, 10])
        #expect(model.steeringContributions([10, 8]) == [10, 4])
        // The volume is their sum, to the bit, with or without the assumed part brought down.
        for missing in [[10.0, 40], [10, 8], [0, 7.3], [3.1, 0], [1e-3, 2.7e5], [0.1, 0.7]] {
            #expect(model.steeringVolume(missing).bitPattern == model.steeringContributions(missing).reduce(0, +).bitPattern, "\(missing)")
            #expect(model.steeringVolume(missing[...]).bitPattern == model.steeringContributions(missing[...]).reduce(0, +).bitPattern)
        }
    }

    /// Every weight of the file is moved; a hypothesis that cannot act changes nothing.
    @Test func sensitivityCountsClassChanges() throws {
        let model = try loadModel(handModel)
        let estimator = RiskEstimator(model: model, schema: schema)
        let zones = (0..<6).map { zone("z\($0)", men: 1000, poor: 100 + 60 * Double($0)) }
        let base = try estimator.assess(zones: zones, caf: nil, threads: 1)
        let sensitivity = estimator.sensitivity(of: base, threads: 2)
        #expect(sensitivity.entries.map(\.key) == ["benefit[0].rate", "benefit[0].eligible[0].share", "model.caf_gap_to_nonrecours"])
        #expect(sensitivity.zones == 6)
        // Without Cafdata the CAF gap acts on nothing.
        let gap = sensitivity.entries[2]
        #expect(gap.changedDown == 0 && gap.changedUp == 0)
        #expect(gap.sentence(zones: 6).hasSuffix("le classement ne change pas selon cette hypothèse."))
        let moved = RiskSensitivity.Entry(key: "k", label: "RSA, taux", value: 0.34, changedDown: 3, changedUp: 1)
        #expect(moved.sentence(zones: 6).contains("change beaucoup"))
    }
}
