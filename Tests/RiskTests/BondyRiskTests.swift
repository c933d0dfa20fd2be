import Foundation
import Inputs
import Overlay
import Risk
import Testing
import TestSupport

/// Spearman's rank correlation (average ranks for ties).
func spearman(_ a: [Double], _ b: [Double]) -> Double {
    func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
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
    let ma = ra.reduce(0, +) / Double(ra.count), mb = rb.reduce(0, +) / Double(rb.count)
    var num = 0.0, da = 0.0, db = 0.0
    for i in ra.indices {
        num += (ra[i] - ma) * (rb[i] - mb)
        da += (ra[i] - ma) * (ra[i] - ma)
        db += (rb[i] - mb) * (rb[i] - mb)
    }
    return num / (da * db).squareRoot()
}

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
        let zones = try ZonesReader.read(path: Fixtures.iris93, whereClause: "INSEE_COM = '93010'")
        let overlay = try ZoneOverlay.compute(
            cells: cells, zones: zones, variables: cells.variableNames, method: .exact, conserve: false, threads: 2
        )
        return BondyScoring(
            cells: cells, zones: zones, overlay: overlay, profiles: ZoneProfile.profiles(zones: zones, overlay: overlay),
            model: try RiskModel.load(path: Fixtures.data("models/default.toml")), caf: try CafdataReader.read(path: Fixtures.caf93)
        )
    }

    func assess(caf: CafTable?) throws -> RiskAssessment {
        try RiskEstimator(model: model, schema: ProfileSchema(variables: cells.variableNames)).assess(zones: profiles, caf: caf)
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
        #expect(noue.explanation.hasPrefix("taux de pauvreté élevé"))
    }

    /// The aggregated standards of living rank IRIS as INSEE's published IRIS medians do.
    @Test func aggregatedIndicatorsRankLikeInseeIrisFigures() throws {
        let bondy = try BondyScoring.load()
        let result = try bondy.assess(caf: bondy.caf)
        let table = try TextTable.read(path: Fixtures.bondy("filosofi_iris_2019_bondy.csv"))
        var published: [String: Double] = [:]
        let medianColumn = try #require(table.column(["DISP_MED19"])), irisColumn = try #require(table.column(["IRIS"]))
        for row in table.rows {
            if let median = parseNumber(row.values[medianColumn], commaDecimal: true) { published[row.values[irisColumn]] = median }
        }
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
        let cells = CellRisk.spread(assessment: result, cells: bondy.cells, coverage: bondy.overlay.coverage)
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
