import Foundation
import Inputs
import Overlay
import Support

/// Estimated non-recourant households per 200 m cell, for choosing stops: each zone's estimate
/// spread over its cells in proportion to their poor households (covered part only; by
/// households where a zone has no poor household). Internal: never published cell by cell,
/// since a cell's value would reveal more than secrecy allows.
public struct CellRisk: Sendable {
    /// South-west corners in the grid CRS, as in the cell table.
    public let easting: [Int32]
    public let northing: [Int32]
    public let resolution: Int32
    public let gridEPSG: Int32
    /// Households × benefits missing, per cell (all benefits, each at its volume weight).
    public let total: [Double]
    /// The same per benefit (at its volume weight), in the model's order.
    public let perBenefit: [[Double]]

    public var count: Int { total.count }

    /// Spreads `assessment` (one entry per zone of `coverage`) over the cells. Zones out of the
    /// data's field carry nothing (their few counts come from a neighbour's edge cells).
    public static func spread(assessment: RiskAssessment, cells: CellTable, coverage: CoverageTable, threads: Int) -> CellRisk {
        // Each benefit at its part of the steering volume (the zones' totals are so weighted).
        let model = assessment.model
        let values = assessment.zones.map { zone in
            zone.reliability == .outOfScope ? zone.nonrecours.map { _ in 0 } : model.steeringContributions(zone.nonrecours)
        }
        return spread(zoneValues: values, cells: cells, coverage: coverage, threads: threads)
    }

    /// Spreads per-zone values (one array per zone, one entry per benefit; zones in the
    /// coverage's order) over the cells. Used by `plan`, from the estimates of a scored file.
    /// The zones' shares are found once (zones in parallel blocks), then each benefit's cells
    /// are summed on its own thread, zone after zone as in one pass: the same sums whatever
    /// the threads.
    public static func spread(zoneValues: [[Double]], cells: CellTable, coverage: CoverageTable, threads: Int) -> CellRisk {
        let benefitCount = zoneValues.first?.count ?? 0
        let poor = cells.column("men_pauv")?.doubles ?? []
        let households = cells.column("men")?.doubles ?? []
        let blockSize = 1024, zoneCount = coverage.zoneCount
        @Sendable func blockShares(_ block: Int) -> [[(entry: Int, share: Double)]] {
            ((block * blockSize)..<min(zoneCount, (block + 1) * blockSize)).map { z in
                zoneValues[z].reduce(0, +) > 0 ? shares(ofZone: z, coverage: coverage, poor: poor, households: households) : []
            }
        }
        let blocks = (zoneCount + blockSize - 1) / blockSize
        let zoneShares = ((try? parallelMap(count: blocks, threads: threads, blockShares)) ?? (0..<blocks).map(blockShares)).flatMap { $0 }
        let cellCount = cells.count
        @Sendable func benefitCells(_ b: Int) -> [Double] {
            var column = [Double](repeating: 0, count: cellCount)
            for z in 0..<zoneCount {
                let value = zoneValues[z][b]
                for (k, share) in zoneShares[z] { column[Int(coverage.cells[k])] += value * share }
            }
            return column
        }
        let perBenefit = (try? parallelMap(count: benefitCount, threads: threads, benefitCells)) ?? (0..<benefitCount).map(benefitCells)
        var total = [Double](repeating: 0, count: cells.count)
        for b in 0..<benefitCount { for c in 0..<cells.count { total[c] += perBenefit[b][c] } }
        return CellRisk(
            easting: cells.easting, northing: cells.northing, resolution: cells.resolution, gridEPSG: cells.gridEPSG,
            total: total, perBenefit: perBenefit
        )
    }

    /// How a zone's estimate spreads over its cells: for each of the zone's coverage entries,
    /// its share (summing to 1), in proportion to the poor households of the covered part, or
    /// to all households where the zone has no poor household, or to the covered area. Empty
    /// when the zone covers nothing. The one rule used by the plan, the siting review and maps.
    public static func shares(ofZone z: Int, coverage: CoverageTable, poor: [Double], households: [Double]) -> [(entry: Int, share: Double)] {
        let entries = Array(coverage.entries(ofZone: z))
        var weights = entries.map { k -> Double in poor.isEmpty ? 0 : poor[Int(coverage.cells[k])] * coverage.fractions[k] }
        var sum = weights.reduce(0, +)
        if sum <= 0 {
            weights = entries.map { k in households.isEmpty ? coverage.fractions[k] : households[Int(coverage.cells[k])] * coverage.fractions[k] }
            sum = weights.reduce(0, +)
        }
        guard sum > 0 else { return [] }
        return entries.indices.map { (entries[$0], weights[$0] / sum) }
    }
}
