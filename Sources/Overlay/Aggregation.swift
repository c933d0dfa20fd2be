import Foundation
import GeometryCore
import Inputs
import Support

/// Where each variable's mass went: in the cells, allocated to zones, lost outside every
/// zone, and counted twice where zones overlap. `allocated = total − lostOutside + countedTwice`.
public struct VariableAccount: Sendable, Codable, Equatable {
    public var variable: String
    public var total: Double
    public var allocated: Double
    public var lostOutside: Double
    public var countedTwice: Double
}

/// One zone's aggregated values, with what they rest on.
public struct ZoneAggregate: Sendable {
    public var zoneID: String
    /// One value per variable of the aggregation, in its order.
    public var values: [Double]
    /// Cells with a non-zero covered fraction.
    public var cellsTouched: Int
    /// Area of the zone covered by inhabited cells, m².
    public var coveredArea: Double
    /// Share of the zone's individuals (`ind`) that come from imputed cells (`i_est_200 = 1`);
    /// nil when the zone has no individuals or the cells have no `ind`.
    public var imputedShare: Double?
}

/// The result of allocating cells to zones.
public struct Aggregation: Sendable {
    public var variables: [String]
    public var zones: [ZoneAggregate]
    public var accounts: [VariableAccount]
    public var method: OverlayMethod
    public var conserve: Bool
    /// Cells that no zone touches at all, and cells partly outside every zone.
    public var cellsOutside: Int
    public var cellsPartlyOutside: Int
    public var cellsOverlapped: Int

    /// The mass accounting that can be published next to zones of which only `published` are
    /// shown: with every zone published, the full accounting; otherwise `allocated` is the sum
    /// over the published zones and `lostOutside` everything else (outside every zone, in a
    /// secret or out-of-scope zone, counted twice), so that no subtraction isolates a secret
    /// zone (secondary secrecy).
    public func accountsOverPublished(_ published: [Bool]) -> [VariableAccount] {
        guard published.contains(false) else { return accounts }
        return accounts.enumerated().map { v, account in
            var sum = CompensatedSum()
            for (z, zone) in zones.enumerated() where z < published.count && published[z] { sum.add(zone.values[v]) }
            return VariableAccount(
                variable: account.variable, total: account.total, allocated: sum.value, lostOutside: account.total - sum.value, countedTwice: 0
            )
        }
    }
}

/// Sums cell values into zones: zone value = Σ value(cell) × fraction(cell, zone).
public enum Aggregator {
    /// - Parameters:
    ///   - conserve: spread the mass of cells partly outside every zone over the zones that
    ///     cover them (fractions divided by the cell's total coverage), so nothing is lost but
    ///     what no zone touches at all.
    public static func aggregate(
        cells: CellTable, coverage: CoverageTable, zoneIDs: [String], variables: [String],
        method: OverlayMethod, conserve: Bool, threads: Int
    ) throws -> Aggregation {
        let columns: [CellColumn] = try variables.map { name in
            guard let column = cells.column(name) else {
                throw InputError(
                    file: cells.source, field: name,
                    words("variable inconnue ; variables : %1$@", cells.variableNames.joined(separator: ", ")))
            }
            return column
        }
        // The coverage turned by cell, with each cell's total coverage summed in zone order
        // (deterministic), on the threads.
        let byCell = try coverageByCell(coverage, cellCount: cells.count, threads: threads)
        let coveredBy = byCell.covered
        let tolerance = 1e-9
        var scale = [Double](repeating: 1, count: cells.count)
        if conserve {
            for c in 0..<cells.count where coveredBy[c] > 0 && coveredBy[c] < 1 - tolerance { scale[c] = 1 / coveredBy[c] }
        }
        // Each variable's account: totals, lost, counted twice; eight variables at a time,
        // one in each lane (each lane's sums in the cells' order, as on its own), on another
        // thread while the zones' sums are made.
        let coveredTotals = coveredBy
        let groups = (variables.count + CellLanes.width - 1) / CellLanes.width
        let cellCount = cells.count
        let totals = BackgroundWork(threads: threads) {
            try parallelMap(count: groups, threads: threads) { g -> [(total: Double, lost: Double, twice: Double)] in
                let range = (g * CellLanes.width)..<min(columns.count, (g + 1) * CellLanes.width)
                var total = CompensatedSums8(), lost = CompensatedSums8(), twice = CompensatedSums8()
                let lanes = CellLanes(columns[range])
                for start in stride(from: 0, to: cellCount, by: cellsPerBlock) {
                    let end = min(cellCount, start + cellsPerBlock)
                    lanes.load(start..<end)
                    for c in start..<end {
                        let values = lanes.values[c - start]
                        total.add(values)
                        let f = coveredTotals[c]
                        if f == 0 {
                            lost.add(values)
                        } else if f < 1 - tolerance {
                            if !conserve { lost.add(values * SIMD8(repeating: 1 - f)) }
                        } else if f > 1 + tolerance {
                            twice.add(values * SIMD8(repeating: f - 1))
                        }
                    }
                }
                return (0..<range.count).map { lane in (total.value[lane], lost.value[lane], twice.value[lane]) }
            }.flatMap { $0 }
        }
        let individuals = cells.column("ind")
        let imputed = cells.imputed
        let scaleOf = scale
        // The sums, cell after cell (the columns read in order); then each zone's cells
        // touched, area and imputed share, zones in blocks on the worker threads.
        let sums = try zoneSums(columns, coverage: coverage, byCell: byCell, scale: scaleOf, threads: threads)
        // Made in place (a copy of each zone's result from arrays of blocks was a serial loop).
        let zones = parallelArray(count: coverage.zoneCount, blockSize: 512, threads: threads) { z in
            zoneAggregate(
                z, coverage: coverage, values: sums.values(ofZone: z), scale: scaleOf, individuals: individuals, imputed: imputed,
                zoneID: zoneIDs[z], cellArea: cells.cellArea)
        }
        var allocatedSums = [CompensatedSum](repeating: CompensatedSum(), count: variables.count)
        for zone in zones { for v in zone.values.indices { allocatedSums[v].add(zone.values[v]) } }
        let allocated = allocatedSums.map(\.value)
        let accounts = try totals.wait().enumerated().map { v, sums in
            VariableAccount(variable: variables[v], total: sums.total, allocated: allocated[v], lostOutside: sums.lost, countedTwice: sums.twice)
        }
        var outside = 0, partly = 0, overlapped = 0
        for c in 0..<cells.count {
            let f = coveredBy[c]
            if f == 0 { outside += 1 } else if f < 1 - tolerance { partly += 1 } else if f > 1 + tolerance { overlapped += 1 }
        }
        return Aggregation(
            variables: variables, zones: zones, accounts: accounts, method: method, conserve: conserve,
            cellsOutside: outside, cellsPartlyOutside: partly, cellsOverlapped: overlapped
        )
    }

    /// Every zone's coverage-weighted sums of `columns`, in zone-major rows.
    struct ZoneSums {
        let width: Int
        let sums: [Double]
        func values(ofZone z: Int) -> [Double] { Array(sums[(z * width)..<((z + 1) * width)]) }
    }

    /// Each zone's sums of value × fraction (compensated), cell after cell: a national table's
    /// columns are far larger than the caches, so they are read in order and each cell's value
    /// goes to the few zones that cover it (the zones' running sums stay in cache), instead of
    /// fetching each zone's cells from every column. The work is cut by groups of variables and
    /// by parts of the zones (each part reading only the cells its zones touch): a zone adds
    /// its cells in the table's order, on one thread, whatever the threads.
    static func zoneSums(
        _ columns: [CellColumn], coverage: CoverageTable, byCell: CellCoverage? = nil, scale: [Double], threads: Int, zonesPerPart: Int = 512
    ) throws -> ZoneSums {
        let zoneCount = coverage.zoneCount, width = columns.count
        let turned = try byCell ?? coverageByCell(coverage, cellCount: scale.count, threads: threads)
        let (firstEntry, zoneOfEntries, fractions) = (turned.first, turned.zone, turned.fraction)
        // Groups of at most 8 variables, one in each lane: a group's running sums are 8 × 16
        // bytes a zone.
        let groupWidth = CellLanes.width
        let groups = (width + groupWidth - 1) / groupWidth
        let parts = zoneParts(coverage, count: max(1, min(threads, zoneCount / zonesPerPart)))
        let results = try parallelMap(count: groups * parts.count, threads: threads) { task -> [Double] in
            let range = ((task / parts.count) * groupWidth)..<min(width, (task / parts.count + 1) * groupWidth)
            let part = parts[task % parts.count]
            let w = range.count, firstZone = part.zones.lowerBound
            var running = [CompensatedSums8](repeating: CompensatedSums8(), count: part.zones.count)
            let lanes = CellLanes(columns[range])
            running.withUnsafeMutableBufferPointer { running in
                firstEntry.withUnsafeBufferPointer { first in
                    zoneOfEntries.withUnsafeBufferPointer { zoneOf in
                        fractions.withUnsafeBufferPointer { fractionOf in
                            for start in stride(from: part.cells.lowerBound, to: part.cells.upperBound, by: cellsPerBlock) {
                                let end = min(part.cells.upperBound, start + cellsPerBlock)
                                lanes.load(start..<end)
                                for c in start..<end {
                                    let values = lanes.values[c - start], cellScale = scale[c]
                                    for e in Int(first[c])..<Int(first[c + 1]) {
                                        let zone = Int(zoneOf[e]) - firstZone
                                        guard zone >= 0, zone < part.zones.count else { continue }
                                        running[zone].add(values * SIMD8(repeating: fractionOf[e] * cellScale))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            var values = [Double]()
            values.reserveCapacity(part.zones.count * w)
            for sums in running {
                let value = sums.value
                for lane in 0..<w { values.append(value[lane]) }
            }
            return values
        }
        var sums = [Double](repeating: 0, count: zoneCount * width)
        for (task, values) in results.enumerated() {
            let start = (task / parts.count) * groupWidth, w = min(width, start + groupWidth) - start
            let zones = parts[task % parts.count].zones
            for z in zones { for v in 0..<w { sums[z * width + start + v] = values[(z - zones.lowerBound) * w + v] } }
        }
        return ZoneSums(width: width, sums: sums)
    }

    /// The zones cut into `count` consecutive parts of about as many coverage entries, each
    /// with the range of cells its zones touch.
    static func zoneParts(_ coverage: CoverageTable, count: Int) -> [(zones: Range<Int>, cells: Range<Int>)] {
        let entries = coverage.cells.count
        var parts: [(zones: Range<Int>, cells: Range<Int>)] = []
        var zone = 0
        for p in 0..<count {
            let start = zone
            let target = (p + 1) * entries / count
            while zone < coverage.zoneCount && (p == count - 1 || coverage.offsets[zone + 1] <= target) { zone += 1 }
            var low = Int.max, high = -1
            for k in coverage.offsets[start]..<coverage.offsets[zone] {
                low = min(low, Int(coverage.cells[k]))
                high = max(high, Int(coverage.cells[k]))
            }
            parts.append((start..<zone, high < 0 ? 0..<0 : low..<(high + 1)))
        }
        return parts
    }

    /// The coverage turned by cell: cell `c`'s zones and fractions are entries
    /// `first[c] ..< first[c + 1]` of `zone` and `fraction`, its zones in increasing order;
    /// `covered[c]` is the sum of its fractions, added in that order.
    struct CellCoverage: Sendable {
        var first: [Int32]
        var zone: [Int32]
        var fraction: [Double]
        var covered: [Double]
    }

    /// The coverage by cell (`CellCoverage`) of `cellCount` cells. A counting sort, cut by
    /// ranges of cells among the threads: each part reads every entry but counts and places
    /// only its own cells' (its slots come after the parts before), and sums its own cells'
    /// coverage, so the table is the same whatever the threads.
    static func coverageByCell(
        _ coverage: CoverageTable, cellCount: Int, threads: Int = 1, entriesPerPart: Int = 1 << 16
    ) throws -> CellCoverage {
        let entryCount = coverage.cells.count, zoneCount = coverage.zoneCount
        let parts = max(1, min(threads, entryCount / max(1, entriesPerPart), cellCount))
        let bounds = (0...parts).map { cellCount * $0 / parts }
        var first = [Int32](repeating: 0, count: cellCount + 1)
        // Every slot is written once by the sort, every cell's sum started by its part: no
        // zeroing first.
        var zone = [Int32](unsafeUninitializedCapacity: entryCount) { _, count in count = entryCount }
        var fraction = [Double](unsafeUninitializedCapacity: entryCount) { _, count in count = entryCount }
        var covered = [Double](unsafeUninitializedCapacity: cellCount) { _, count in count = cellCount }
        let cells = coverage.cells, fractions = coverage.fractions, offsets = coverage.offsets
        try first.withUnsafeMutableBufferPointer { first in
            try zone.withUnsafeMutableBufferPointer { zone in
                try fraction.withUnsafeMutableBufferPointer { fraction in
                    try covered.withUnsafeMutableBufferPointer { covered in
                        let sorted = SortBuffers(first: first, zone: zone, fraction: fraction, covered: covered)
                        // Each part's count of entries in first[c + 1], its own cells'.
                        let counts = try parallelMap(count: parts, threads: parts) { p -> Int in
                            let low = bounds[p], high = bounds[p + 1]
                            for cell in cells where cell >= low && cell < high { sorted.first[Int(cell) + 1] += 1 }
                            return (low..<high).reduce(0) { $0 + Int(sorted.first[$1 + 1]) }
                        }
                        var partStarts = [0]
                        for count in counts { partStarts.append(partStarts.last! + count) }
                        let starts = partStarts
                        _ = try parallelMap(count: parts, threads: parts) { p in
                            let low = bounds[p], high = bounds[p + 1]
                            // Where each of the part's cells starts (first[low] is the part before's to write).
                            var next = [Int32](repeating: 0, count: high - low)
                            var running = starts[p]
                            for c in low..<high {
                                next[c - low] = Int32(running)
                                running += Int(sorted.first[c + 1])
                                sorted.first[c + 1] = Int32(running)
                                sorted.covered[c] = 0
                            }
                            for z in 0..<zoneCount {
                                for k in offsets[z]..<offsets[z + 1] {
                                    let c = Int(cells[k])
                                    guard c >= low && c < high else { continue }
                                    let slot = Int(next[c - low])
                                    next[c - low] += 1
                                    sorted.zone[slot] = Int32(z)
                                    sorted.fraction[slot] = fractions[k]
                                    sorted.covered[c] += fractions[k]
                                }
                            }
                        }
                    }
                }
            }
        }
        return CellCoverage(first: first, zone: zone, fraction: fraction, covered: covered)
    }

    /// The buffers `coverageByCell`'s parts write (each part its own cells' places).
    private struct SortBuffers: @unchecked Sendable {
        let first: UnsafeMutableBufferPointer<Int32>
        let zone: UnsafeMutableBufferPointer<Int32>
        let fraction: UnsafeMutableBufferPointer<Double>
        let covered: UnsafeMutableBufferPointer<Double>
    }

    /// Cells decoded at a time in the sums' loop (8 columns of them: 256 kB, in cache).
    static let cellsPerBlock = 4_096

    /// Up to eight columns' values over a block of cells, each cell's values in the lanes of
    /// one vector (lanes past the columns hold zeros, which add nothing to a sum's bits).
    final class CellLanes {
        static let width = 8
        private let columns: ArraySlice<CellColumn>
        private let decoded: UnsafeMutablePointer<Double>
        /// The block's cells, from its first.
        let values: UnsafeMutablePointer<SIMD8<Double>>

        init(_ columns: ArraySlice<CellColumn>) {
            self.columns = columns
            decoded = .allocate(capacity: Self.width * cellsPerBlock)
            decoded.initialize(repeating: 0, count: Self.width * cellsPerBlock)
            values = .allocate(capacity: cellsPerBlock)
        }

        deinit {
            decoded.deallocate()
            values.deallocate()
        }

        /// Decodes `cells` (at most `cellsPerBlock`) into `values`.
        func load(_ cells: Range<Int>) {
            let n = cellsPerBlock
            for (local, column) in columns.enumerated() { column.decode(cells, into: decoded + local * n) }
            for k in 0..<cells.count {
                let d = decoded + k
                values[k] = SIMD8(d[0], d[n], d[2 * n], d[3 * n], d[4 * n], d[5 * n], d[6 * n], d[7 * n])
            }
        }
    }

    /// One zone's aggregate: its sums, the cells touched, the area and the imputed share.
    static func zoneAggregate(
        _ z: Int, coverage: CoverageTable, values: [Double], scale: [Double], individuals: CellColumn?, imputed: [Bool], zoneID: String,
        cellArea: Double
    ) -> ZoneAggregate {
        var touched = 0
        var area = 0.0
        var imputedPeople = 0.0, people = 0.0
        for k in coverage.entries(ofZone: z) {
            let cell = Int(coverage.cells[k])
            let fraction = coverage.fractions[k] * scale[cell]
            touched += 1
            area += coverage.fractions[k]
            if let individuals {
                let share = individuals[cell] * fraction
                people += share
                if imputed[cell] { imputedPeople += share }
            }
        }
        return ZoneAggregate(
            zoneID: zoneID, values: values, cellsTouched: touched, coveredArea: area * cellArea,
            imputedShare: individuals != nil && people > 0 ? imputedPeople / people : nil
        )
    }
}
