import Foundation
import GeometryCore
import Inputs

/// How travel time is estimated for access to a reception point: straight-line distance ×
/// a detour factor, at a mean door-to-door speed (a road network can replace it later).
public struct TravelMode: Sendable {
    public var name: String
    public var detourFactor: Double
    public var speedKmh: Double
    public init(name: String, detourFactor: Double, speedKmh: Double) {
        self.name = name
        self.detourFactor = detourFactor
        self.speedKmh = speedKmh
    }
    public func minutes(_ metres: Double) -> Double { metres * detourFactor / (speedKmh * 1000 / 60) }
    /// The straight-line distance reachable in `minutes`.
    public func reach(minutes: Double) -> Double { minutes * speedKmh * 1000 / 60 / detourFactor }
}

/// A place in the review: an existing reception point or a candidate for a new one.
public struct Site: Sendable {
    public var name: String
    public var kind: StopKind
    public var lonLat: Point
    public var location: Point
    public init(name: String, kind: StopKind, lonLat: Point, location: Point) {
        self.name = name
        self.kind = kind
        self.lonLat = lonLat
        self.location = location
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

    public init(
        cells: [Point], risk: [Double], population: [Double], existing: [Site], candidates: [Site], modes: [TravelMode],
        limitMode: Int, limitMinutes: Double
    ) {
        self.cells = cells
        self.risk = risk
        self.population = population
        self.existing = existing
        self.candidates = candidates
        self.modes = modes
        self.limitMode = limitMode
        self.limitMinutes = limitMinutes
    }

    /// Per cell and mode: minutes to the nearest existing site (infinity without sites).
    public func accessMinutes() -> [[Double]] {
        modes.map { mode in
            cells.map { cell in
                existing.map { mode.minutes(cell.distance(to: $0.location)) }.min() ?? .infinity
            }
        }
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
    }

    /// Chooses `k` new sites among the candidates.
    public func chooseAdditions(k: Int) -> Additions {
        let mode = modes[limitMode]
        let radius = mode.reach(minutes: limitMinutes)
        let access = cells.map { cell in existing.map { cell.distance(to: $0.location) }.min() ?? .infinity }
        let uncovered = cells.indices.filter { access[$0] > radius }
        let coveredBefore = cells.indices.filter { access[$0] <= radius }.reduce(0) { $0 + risk[$1] }
        let selection = StopSelection(
            demand: uncovered.map { cells[$0] }, weights: uncovered.map { risk[$0] },
            candidates: candidates.map { StopSelection.Candidate(location: $0.location, allowedSeries: Set(0..<max(k, 1))) },
            radius: radius, seriesCount: k, repeatValue: 0
        )
        let result = k > 0 ? selection.solve(eligible: Array(candidates.indices)) : nil
        let chosen = result?.chosen ?? []
        // What each existing site alone brings within the limit, with the new sites in place.
        let all = existing.map(\.location) + chosen.map { candidates[$0].location }
        var coverCount = [Int](repeating: 0, count: cells.count)
        var coveredBy = [[Int]](repeating: [], count: cells.count)
        for (c, cell) in cells.enumerated() {
            for (s, site) in all.enumerated() where cell.distance(to: site) <= radius {
                coverCount[c] += 1
                coveredBy[c].append(s)
            }
        }
        var loss = [Double](repeating: 0, count: existing.count)
        for c in cells.indices where coverCount[c] == 1 && coveredBy[c][0] < existing.count { loss[coveredBy[c][0]] += risk[c] }
        let uncoverable = uncovered.filter { c in !candidates.contains { cells[c].distance(to: $0.location) <= radius } }
        let after = cells.indices.filter { coverCount[$0] > 0 }.reduce(0) { $0 + risk[$1] }
        let total = risk.reduce(0, +)
        let ordered = chosen.sorted { ((result?.marginalValue[$0] ?? 0), -$0) > ((result?.marginalValue[$1] ?? 0), -$1) }
        return Additions(
            chosen: ordered, marginalValue: result?.marginalValue ?? [:], existingLoss: loss, coveredBefore: coveredBefore,
            coveredAfter: after, upperBound: min(total, coveredBefore + (result?.upperBound ?? 0)), uncoverable: uncoverable
        )
    }
}
