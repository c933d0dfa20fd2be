import Foundation
import GeometryCore
import Inputs
import Network

/// A way of travelling in the review: its name (`car`, `slow`) and how its times are measured.
public struct TravelMode: Sendable {
    public var mode: AccessMode
    public var model: any TravelModel
    /// `car` or `slow`, as tables and run.json name it.
    public var name: String { mode.rawValue }
    public init(mode: AccessMode, model: any TravelModel) {
        self.mode = mode
        self.model = model
    }
}

/// How people reach a reception point in a siting review: by car, or slowly (on foot or by
/// public transport; on the streets, the `bus` profile).
public enum AccessMode: String, Sendable, CaseIterable {
    case car, slow
}

/// A place in the review: an existing reception point or a candidate for a new one.
public struct Site: Sendable {
    public var name: String
    public var kind: StopKind
    public var lonLat: Point
    public var location: Point
    /// Number, street and commune when the list gives them, else empty.
    public var address: String
    public init(name: String, kind: StopKind, lonLat: Point, location: Point, address: String = "") {
        self.name = name
        self.kind = kind
        self.lonLat = lonLat
        self.location = location
        self.address = address
    }
}

/// Who is far from the existing reception points, and which added sites would bring the most
/// households at risk within the limit (maximal covering with the existing sites kept).
public struct SitingReview: Sendable {
    /// Per demand cell: its centre, households estimated to miss a benefit, population.
    public var cells: [Point]
    public var risk: [Double]
    public var population: [Double]
    public var existing: [Site]
    public var candidates: [Site]
    public var modes: [TravelMode]
    /// The mode and limit the additions are chosen for.
    public var limitMode: Int
    public var limitMinutes: Double
    public var threads: Int

    public init(
        cells: [Point], risk: [Double], population: [Double], existing: [Site], candidates: [Site], modes: [TravelMode],
        limitMode: Int, limitMinutes: Double, threads: Int
    ) {
        self.threads = threads
        self.cells = cells
        self.risk = risk
        self.population = population
        self.existing = existing
        self.candidates = candidates
        self.modes = modes
        self.limitMode = limitMode
        self.limitMinutes = limitMinutes
    }

    /// Per cell and mode: minutes to the nearest existing site (infinity without sites, or for
    /// a cell off the street network).
    public func accessMinutes() -> [[Double]] {
        modes.map { $0.model.minutesToNearest(from: cells, to: existing.map(\.location), threads: threads) }
    }

    public struct Additions: Sendable {
        public var chosen: [Int]
        /// Households at risk newly within the limit thanks to each chosen site (what removing
        /// it from the plan would lose).
        public var marginalValue: [Int: Double]
        /// Households at risk within the limit only thanks to each existing site.
        public var existingLoss: [Double]
        public var coveredBefore: Double
        public var coveredAfter: Double
        public var upperBound: Double
        /// Cells beyond the limit from every existing and every candidate site.
        public var uncoverable: [Int]
        /// Cells still beyond the limit with the sites added, and those the added sites bring
        /// within it (beyond it today).
        public var beyondAfter: [Int] = []
        public var gained: [Int] = []
    }

    /// Chooses `k` new sites among the candidates.
    public func chooseAdditions(k: Int, access: [[Double]]) -> Additions {
        let model = modes[limitMode].model
        let limitAccess = access[limitMode]
        let uncovered = cells.indices.filter { !(limitAccess[$0] <= limitMinutes) }
        let coveredBefore = cells.indices.filter { limitAccess[$0] <= limitMinutes }.reduce(0) { $0 + risk[$1] }
        // Which cells each candidate and each existing site brings within the limit (one call:
        // the cells are placed on the network once).
        let catchments = model.catchments(
            of: candidates.map(\.location) + existing.map(\.location), origins: cells, withinMinutes: limitMinutes, threads: threads
        )
        let candidateCatchments = Array(catchments.prefix(candidates.count))
        let existingCatchments = Array(catchments.suffix(existing.count))
        var position = [Int32](repeating: -1, count: cells.count)
        for (i, c) in uncovered.enumerated() { position[c] = Int32(i) }
        let selection = StopSelection(
            demandCount: uncovered.count, weights: uncovered.map { risk[$0] },
            candidates: candidates.map { _ in StopSelection.Candidate(location: Point(x: 0, y: 0), allowedSeries: Set(0..<max(k, 1))) },
            covers: candidateCatchments.map { list in list.compactMap { position[Int($0)] >= 0 ? position[Int($0)] : nil } },
            seriesCount: k, repeatValue: 0
        )
        let result = k > 0 ? selection.solve(eligible: Array(candidates.indices)) : nil
        let chosen = result?.chosen ?? []
        // What each existing site alone brings within the limit, with the new sites in place.
        let all = existingCatchments + chosen.map { candidateCatchments[$0] }
        var coverCount = [Int](repeating: 0, count: cells.count)
        var onlyBy = [Int](repeating: -1, count: cells.count)
        for (s, list) in all.enumerated() {
            for c in list {
                coverCount[Int(c)] += 1
                onlyBy[Int(c)] = s
            }
        }
        var loss = [Double](repeating: 0, count: existing.count)
        for c in cells.indices where coverCount[c] == 1 && onlyBy[c] < existing.count { loss[onlyBy[c]] += risk[c] }
        var reachable = [Bool](repeating: false, count: cells.count)
        for list in candidateCatchments { for c in list { reachable[Int(c)] = true } }
        let uncoverable = uncovered.filter { !reachable[$0] }
        let after = cells.indices.filter { coverCount[$0] > 0 }.reduce(0) { $0 + risk[$1] }
        let total = risk.reduce(0, +)
        let ordered = chosen.sorted { ((result?.marginalValue[$0] ?? 0), -$0) > ((result?.marginalValue[$1] ?? 0), -$1) }
        var additions = Additions(
            chosen: ordered, marginalValue: result?.marginalValue ?? [:], existingLoss: loss, coveredBefore: coveredBefore,
            coveredAfter: after, upperBound: min(total, coveredBefore + (result?.upperBound ?? 0)), uncoverable: uncoverable
        )
        additions.beyondAfter = cells.indices.filter { coverCount[$0] == 0 }
        additions.gained = uncovered.filter { coverCount[$0] > 0 }
        return additions
    }
}
