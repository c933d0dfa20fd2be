import Foundation
import Inputs
import Overlay
import Risk
import TestSupport
import Testing

/// Bondy's 22 IRIS, aggregated once for the suite.
struct BondyScoring {
    let cells: CellTable
    let zones: ZoneLayer
    let overlay: ZoneOverlay
    let profiles: [ZoneProfile]
    let model: RiskModel
    let caf: CafTable

    static func load() throws -> BondyScoring {
        let cells = try FilosofiReader.read(path: Fixtures.bondyCells, threads: 2)
        let zones = try ZonesReader.read(path: Fixtures.iris93, whereClause: "INSEE_COM = '93010'", threads: 2)
        let overlay = try ZoneOverlay.compute(
            cells: cells, zones: zones, variables: cells.variableNames, method: .exact, conserve: false, threads: 2
        )
        return BondyScoring(
            cells: cells, zones: zones, overlay: overlay, profiles: ZoneProfile.profiles(zones: zones, overlay: overlay),
            model: try RiskModel.load(path: Fixtures.data("models/default.toml")), caf: try CafdataReader.read(path: Fixtures.caf93)
        )
    }

    func assess(caf: CafTable?) throws -> RiskAssessment {
        try RiskEstimator(model: model, schema: ProfileSchema(variables: cells.variableNames)).assess(zones: profiles, caf: caf, threads: 2)
    }

    /// INSEE's published IRIS median disposable income (Filosofi 2019), by IRIS code.
    func inseeMedians() throws -> [String: Double] {
        let table = try TextTable.read(path: Fixtures.bondy("filosofi_iris_2019_bondy.csv"))
        var published: [String: Double] = [:]
        let medianColumn = try #require(table.column(["DISP_MED19"])), irisColumn = try #require(table.column(["IRIS"]))
        for row in table.rows {
            if let median = parseNumber(row.values[medianColumn], commaDecimal: true) { published[row.values[irisColumn]] = median }
        }
        return published
    }
}

@Suite struct BondyRiskTests {
    @Test func bondyWithItsCafdata() throws {
        let bondy = try BondyScoring.load()
        let result = try bondy.assess(caf: bondy.caf)
        #expect(result.zones.count == 22)
        #expect(result.cafPeriod == "2024-12")
        // One commune, confronted on RSA and prime d'activité (ASPA is not paid by the CAF).
        #expect(result.cafAreas.map(\.benefit) == ["rsa", "ppa"])
        #expect(result.cafAreas.map(\.observed) == [3375, 4415])
        #expect(result.zones.allSatisfy { $0.basis == .caf && !$0.isSecret })
        // The adjusted estimates reproduce the observed RSA count, summed over the commune:
        // Σ E′(1 − r′) = O (no rate is clamped at Bondy's levels).
        let lambda = bondy.model.cafGapToNonrecours
        var reproduced = 0.0
        for zone in result.zones {
            let rho = zone.cafRatio[0]!
            reproduced += zone.eligible[0] * pow(rho, 1 - lambda) - zone.nonrecours[0]
        }
        #expect(abs(reproduced - 3375) < 1e-6)
        // Every zone: intervals around the estimate, a class, an explanation in French.
        for zone in result.zones {
            #expect(zone.totalLow <= zone.total && zone.total <= zone.totalHigh)
            #expect((1...5).contains(zone.riskClass ?? 0))
            #expect(!zone.explanation.isEmpty)
        }
        #expect(result.breaks.counts.reduce(0, +) == 22)
        // The poorest IRIS by INSEE's own figures is among the five riskiest.
        let top = result.zones.sorted { $0.score > $1.score }.prefix(5).map(\.id)
        #expect(top.contains("930100107"))
        let noue = result.zones.first { $0.id == "930100107" }!
        #expect(noue.explanation.hasPrefix("taux de pauvreté 42"))
        #expect(noue.explanation.contains("France 15"))
    }

    /// The aggregated standards of living rank IRIS as INSEE's published IRIS medians do.
    @Test func aggregatedIndicatorsRankLikeInseeIrisFigures() throws {
        let bondy = try BondyScoring.load()
        let result = try bondy.assess(caf: bondy.caf)
        let published = try bondy.inseeMedians()
        let matched = result.zones.filter { published[$0.id] != nil }
        #expect(matched.count == 21)
        let medians = matched.map { published[$0.id]! }
        let living = matched.map { $0.indicator(.meanLivingStandard)! }
        let poverty = matched.map { $0.indicator(.povertyRate)! }
        #expect(spearman(living, medians) > 0.85)
        #expect(spearman(poverty, medians) < -0.85)
    }

    /// Moving the CAF counts within their rounding (±2.5) does not reorder the riskiest IRIS.
    @Test func riskiestRankingHoldsWithinCafRounding() throws {
        let bondy = try BondyScoring.load()
        let central = try bondy.assess(caf: bondy.caf)
        let ranking = central.zones.indices.sorted { central.zones[$0].score > central.zones[$1].score }
        for (rsa, ppa) in [(3372.5, 4412.5), (3377.5, 4417.5), (3372.5, 4417.5), (3377.5, 4412.5)] {
            var moved = bondy.caf
            let record = moved.records.firstIndex { $0.code == "93010" }!
            moved.records[record].values[moved.countColumns.firstIndex(of: "indfoy_rsa")!] = rsa
            moved.records[record].values[moved.countColumns.firstIndex(of: "indfoy_ppa")!] = ppa
            let result = try bondy.assess(caf: moved)
            let order = result.zones.indices.sorted { result.zones[$0].score > result.zones[$1].score }
            #expect(Array(order.prefix(5)) == Array(ranking.prefix(5)))
            // And the moved estimates stay inside the published interval.
            for (a, b) in zip(result.zones, central.zones) {
                #expect(a.total >= b.totalLow - 1e-9 && a.total <= b.totalHigh + 1e-9)
            }
        }
    }

    @Test func withoutCafEveryZoneIsPriorOnly() throws {
        let bondy = try BondyScoring.load()
        let result = try bondy.assess(caf: nil)
        #expect(result.zones.allSatisfy { $0.basis == .prior && $0.cafRatio.allSatisfy { $0 == nil } })
        #expect(result.zones.allSatisfy { $0.reliability >= .medium })
    }

    /// The per-cell risk holds exactly the zones' estimates, spread by poor households.
    @Test func cellRiskSumsToZoneEstimates() throws {
        let bondy = try BondyScoring.load()
        let result = try bondy.assess(caf: bondy.caf)
        let cells = CellRisk.spread(assessment: result, cells: bondy.cells, coverage: bondy.overlay.coverage, threads: 2)
        // The same sums on several threads, bit for bit.
        let onThreads = CellRisk.spread(assessment: result, cells: bondy.cells, coverage: bondy.overlay.coverage, threads: 3)
        #expect(onThreads.total == cells.total && onThreads.perBenefit == cells.perBenefit)
        let zoneTotal = result.zones.reduce(0) { $0 + $1.total }
        let cellTotal = cells.total.reduce(0, +)
        #expect(abs(zoneTotal - cellTotal) < 1e-6 * zoneTotal)
        // Recomputed independently for one zone: its share of each of its cells.
        let z = result.zones.firstIndex { $0.id == "930100107" }!
        let entries = bondy.overlay.coverage.entries(ofZone: z)
        let poor = bondy.cells.column("men_pauv")!
        let weights = entries.map { poor[Int(bondy.overlay.coverage.cells[$0])] * bondy.overlay.coverage.fractions[$0] }
        let sum = weights.reduce(0, +)
        let first = entries.lowerBound
        let cell = Int(bondy.overlay.coverage.cells[first])
        // That cell's value is the sum of the shares of every zone that covers it.
        var expected = 0.0
        for other in result.zones.indices {
            let range = bondy.overlay.coverage.entries(ofZone: other)
            guard let k = range.first(where: { Int(bondy.overlay.coverage.cells[$0]) == cell }) else { continue }
            let otherWeights = range.map { poor[Int(bondy.overlay.coverage.cells[$0])] * bondy.overlay.coverage.fractions[$0] }
            expected += result.zones[other].total * poor[cell] * bondy.overlay.coverage.fractions[k] / otherWeights.reduce(0, +)
        }
        #expect(sum > 0)
        #expect(abs(cells.total[cell] - expected) < 1e-9 * max(1, expected))
        // Cells no zone covers carry nothing.
        var covered = Set<Int32>()
        for k in bondy.overlay.coverage.cells.indices where bondy.overlay.coverage.fractions[k] > 0 { covered.insert(bondy.overlay.coverage.cells[k]) }
        for c in 0..<cells.count where !covered.contains(Int32(c)) { #expect(cells.total[c] == 0) }
    }
}

/// The intensity score ranks risk (issue: a score that ranked IRIS by size), on a fixed
/// national scale, with explanations that tell zones apart.
@Suite struct IntensityScoreTests {
    /// The score ranks Bondy's published IRIS against INSEE's own IRIS medians, and size does
    /// not drive it.
    @Test func scoreRanksLikeInseeMediansAndNotBySize() throws {
        let bondy = try BondyScoring.load()
        let result = try bondy.assess(caf: bondy.caf)
        let medians = try bondy.inseeMedians()
        let matched = result.zones.filter { $0.isPublished && medians[$0.id] != nil }
        #expect(matched.count == 21)
        let score = matched.map(\.score), median = matched.map { medians[$0.id]! }
        let withMedian = spearman(score, median)
        #expect(withMedian <= -0.8, "Spearman(score, DISP_MED19) = \(withMedian)")
        let withPoverty = spearman(score, matched.map { $0.indicator(.povertyRate)! })
        let households = matched.map(\.households)
        let withSize = spearman(score, households)
        // Size does not drive the score: it is no more tied to households than poverty itself is,
        // and far less than to poverty.
        let povertyWithSize = spearman(matched.map { $0.indicator(.povertyRate)! }, households)
        #expect(abs(withSize) <= abs(povertyWithSize) + 0.1, "score~men \(withSize), poverty~men \(povertyWithSize)")
        #expect(withPoverty - abs(withSize) >= 0.2, "score~poverty \(withPoverty), score~men \(withSize)")
        // Volume and priority are apart from intensity. Cafdata is by commune: the score's
        // share is the zone's poverty rate × the commune's missing benefits per poor household,
        // the same level for every IRIS of Bondy, and the shares add up to the commune's volume.
        let level = matched[0].share / matched[0].indicator(.povertyRate)!
        for zone in matched {
            #expect(abs(zone.share / zone.indicator(.povertyRate)! - level) < 1e-9 * level)
            #expect(abs(zone.priority - zone.total * zone.score / 100) < 1e-9)
        }
        let published = result.zones.filter(\.isPublished)
        let volume = published.reduce(0) { $0 + $1.total }, fromShares = published.reduce(0) { $0 + $1.share * $1.households }
        #expect(abs(volume - fromShares) < 1e-6 * volume, "Σ volume \(volume), Σ share × households \(fromShares)")
    }

    /// No saturation: the scale keeps telling apart zones far poorer than Bondy's poorest.
    @Test func scaleNeverSaturates() throws {
        let model = try RiskModel.load(path: Fixtures.data("models/default.toml"))
        let shares = stride(from: 0.0, through: 3.0, by: 0.05).map { $0 }
        let scores = shares.map { model.intensityScore(share: $0) }
        for k in 1..<scores.count { #expect(scores[k] > scores[k - 1]) }
        #expect(scores.last! < 100)
        #expect(abs(model.intensityScore(share: model.scoreHalfAt) - 50) < 1e-12)
    }

    /// The same IRIS gets the same score scored alone, with its commune, or with the whole
    /// département (the other communes then fall out of the data's field, not into secrecy).
    @Test func sameScoreAloneWithItsCommuneOrWithTheDepartement() throws {
        let bondy = try BondyScoring.load()
        let schema = ProfileSchema(variables: bondy.cells.variableNames)
        let estimator = RiskEstimator(model: bondy.model, schema: schema)
        var profiles = bondy.profiles
        let scope = DataField.inScope(zones: profiles, cells: bondy.cells, coverage: bondy.overlay.coverage)
        #expect(scope.allSatisfy { $0 })
        // A commune code changed since the cells' vintage (a commune nouvelle) stays in the field.
        let renamed = profiles.map { profile -> ZoneProfile in
            var profile = profile
            profile.commune = "93999"
            return profile
        }
        #expect(DataField.inScope(zones: renamed, cells: bondy.cells, coverage: bondy.overlay.coverage).allSatisfy { $0 })
        for z in profiles.indices { profiles[z].inScope = scope[z] }
        let commune = try estimator.assess(zones: profiles, caf: bondy.caf, threads: 2)
        // Alone: the other IRIS of Bondy come as companions for the commune's CAF count.
        for k in [0, 6, 13] {
            var others = profiles
            others.remove(at: k)
            let alone = try estimator.assess(zones: [profiles[k]], companions: others, caf: bondy.caf, threads: 1)
            #expect(abs(alone.zones[0].score - commune.zones[k].score) < 1e-9)
            #expect(abs(alone.zones[0].total - commune.zones[k].total) < 1e-9)
        }
        // The whole département: 614 IRIS, Bondy's cells only.
        let department = try ZonesReader.read(path: Fixtures.iris93, threads: 2)
        let overlay = try ZoneOverlay.compute(
            cells: bondy.cells, zones: department, variables: bondy.cells.variableNames, method: .exact, conserve: false, threads: 2
        )
        var all = ZoneProfile.profiles(zones: department, overlay: overlay)
        let inScope = DataField.inScope(zones: all, cells: bondy.cells, coverage: overlay.coverage)
        for z in all.indices { all[z].inScope = inScope[z] }
        let wide = try estimator.assess(zones: all, caf: bondy.caf, threads: 2)
        var checked = 0
        for zone in wide.zones {
            if zone.commune == "93010" {
                let same = try #require(commune.zones.first { $0.id == zone.id })
                #expect(abs(zone.score - same.score) < 1e-9)
                checked += 1
            } else {
                // Grazed by Bondy's edge cells or not touched at all: no data, not secret.
                #expect(zone.reliability == .outOfScope, "\(zone.id)")
                #expect(zone.riskClass == nil && zone.explanation.contains("hors du champ"))
            }
        }
        #expect(checked == 22)
        #expect(!wide.zones.contains { $0.isSecret })
        // Some neighbours are touched by Bondy's edge cells, yet stay out of the field.
        let grazed = zip(department.zones, overlay.aggregation.zones).filter { $0.0.commune != "93010" && $0.1.cellsTouched > 0 }
        #expect(!grazed.isEmpty)
    }

    /// Explanations differ from zone to zone; the commune's CAF count is stated once, in its
    /// true direction, and not repeated as a risk factor of every IRIS.
    @Test func explanationsTellZonesApartAndTheCafGapIsStatedOnce() throws {
        let bondy = try BondyScoring.load()
        let result = try bondy.assess(caf: bondy.caf)
        let explanations = result.zones.filter(\.isPublished).map(\.explanation)
        #expect(Set(explanations).count >= 18, "\(Set(explanations).count) distinct explanations")
        #expect(!explanations.contains { $0.contains("allocataires") })
        let rsa = try #require(result.cafAreas.first { $0.benefit == "rsa" })
        #expect(rsa.ratio > 1.1)
        #expect(rsa.statement.hasPrefix("Bondy (93010), RSA : 3\u{202F}375 foyers allocataires"))
        #expect(rsa.statement.contains("revue à la baisse"))
        let ppa = try #require(result.cafAreas.first { $0.benefit == "ppa" })
        #expect(ppa.ratio < 0.9 && ppa.statement.contains("revue à la hausse"))
    }
}

/// A zone whose score falls a hair below a national bound is published rounded to a tenth,
/// on the bound: its class is that of the printed score, so the map reading the file back
/// keeps the national classes (a « 50,0 » is « élevé », never « modéré »).
@Suite struct PublishedScoreClassTests {
    @Test func aScoreJustBelowABoundTakesTheClassOfItsPublishedValue() throws {
        let bondy = try BondyScoring.load()
        let first = try bondy.assess(caf: bondy.caf)
        let zone = try #require(first.zones.firstIndex { $0.isPublished })
        // The half-way share that puts this zone's score at 49,96: s / (s + h) = 0,4996.
        let h = bondy.model.scoreHalfAt
        let share = h * first.zones[zone].score / (100 - first.zones[zone].score)
        var model = bondy.model
        model.scoreHalfAt = share * (100 / 49.96 - 1)
        model.halfAtComputed = false
        let moved = try RiskEstimator(model: model, schema: ProfileSchema(variables: bondy.cells.variableNames)).assess(
            zones: bondy.profiles, caf: bondy.caf, threads: 2)
        #expect(abs(moved.zones[zone].score - 49.96) < 1e-6)
        #expect(ScoredColumn.publishedScore(moved.zones[zone].score) == 50)
        #expect(moved.zones[zone].riskClass == 3)
        // Every published zone's class is the national class of its published score.
        let classified = moved.zones.compactMap { z -> (score: Double, riskClass: Int)? in
            guard z.isPublished, let c = z.riskClass else { return nil }
            return (ScoredColumn.publishedScore(z.score), c)
        }
        #expect(RiskClassNaming.of(classified, model: model).isNational)
    }
}
