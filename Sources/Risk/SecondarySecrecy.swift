import Foundation
import Inputs
import Overlay
import Support

/// Secondary secrecy (INSEE's « secret secondaire »): two published zones that overlap — one
/// nested in the other, or two layers of zones in one file — must not differ by fewer than the
/// secrecy threshold, else subtracting one from the other publishes the few households of the
/// difference. Such pairs are found from the cells' coverage: in a cell covered by fractions
/// f and g of two zones, at least f + g − 1 of it lies in both.
public struct ZoneOverlap: Sendable, Equatable {
    public var first: Int
    public var second: Int
    /// Households in both zones (a lower bound, exact for zones made of whole cells).
    public var sharedHouseholds: Double
}

public enum SecondarySecrecy {
    /// Pairs of zones that share households (more than half a household).
    public static func overlaps(coverage: CoverageTable, households: [Double]) -> [ZoneOverlap] {
        // Only a cell covered more than once in total can be shared by two zones (a pair
        // shares fi + fj − 1 of it): in a tiling there are next to none, so the others are
        // skipped without building anything. Cells in ascending order: sums are deterministic.
        let cellCount = max(households.count, (coverage.cells.max().map { Int($0) } ?? -1) + 1)
        var total = [Double](repeating: 0, count: cellCount)
        for k in coverage.fractions.indices { total[Int(coverage.cells[k])] += coverage.fractions[k] }
        var byCell: [Int32: [(zone: Int, fraction: Double)]] = [:]
        for z in 0..<coverage.zoneCount {
            for k in coverage.entries(ofZone: z) where coverage.fractions[k] > 0 && total[Int(coverage.cells[k])] > 1 + 1e-10 {
                byCell[coverage.cells[k], default: []].append((z, coverage.fractions[k]))
            }
        }
        struct Pair: Hashable { var a: Int; var b: Int }
        var shared: [Pair: Double] = [:]
        for cell in byCell.keys.sorted() {
            guard let zones = byCell[cell], zones.count > 1, Int(cell) < households.count else { continue }
            let men = households[Int(cell)]
            for i in zones.indices {
                for j in (i + 1)..<zones.count {
                    let both = zones[i].fraction + zones[j].fraction - 1
                    guard both > 1e-9 else { continue }
                    let pair = Pair(a: min(zones[i].zone, zones[j].zone), b: max(zones[i].zone, zones[j].zone))
                    shared[pair, default: 0] += men * both
                }
            }
        }
        return shared.filter { $0.value > 0.5 }.map { ZoneOverlap(first: $0.key.a, second: $0.key.b, sharedHouseholds: $0.value) }
            .sorted { ($0.first, $0.second) < ($1.first, $1.second) }
    }

    /// Suppresses, for each overlapping pair of published zones whose difference holds between
    /// half a household and the threshold, the zone with fewer households; repeats until no such
    /// pair is left. Returns the suppressed zones with the reason, in French.
    public static func apply(to zones: inout [ZoneRisk], overlaps: [ZoneOverlap], minimumHouseholds: Double) -> [Int: String] {
        var suppressed: [Int: String] = [:]
        var changed = true
        while changed {
            changed = false
            for pair in overlaps where zones[pair.first].reliability.publishesValues && zones[pair.second].reliability.publishesValues {
                // Read in place: a copy of each zone of every pair (its texts and arrays) was
                // most of this loop's time on all of France.
                let (a, b) = (pair.first, pair.second)
                let onlyA = zones[a].households - pair.sharedHouseholds, onlyB = zones[b].households - pair.sharedHouseholds
                func reveals(_ only: Double) -> Bool { only > 0.5 && only < minimumHouseholds }
                guard reveals(onlyA) || reveals(onlyB) else { continue }
                let (hidden, kept) = (zones[a].households, zones[a].id) <= (zones[b].households, zones[b].id) ? (a, b) : (b, a)
                let reason =
                    "secret secondaire : chevauche la zone \(zones[kept].id) dont elle diffère de moins de \(FrenchNumber.integer(minimumHouseholds)) ménages"
                zones[hidden].reliability = .secret
                zones[hidden].reliabilityNotes = [reason]
                zones[hidden].riskClass = nil
                zones[hidden].explanation = reason
                suppressed[hidden] = reason
                changed = true
            }
        }
        return suppressed
    }
}
