import Foundation
import GeometryCore
import Network

/// A maximal-covering choice of stops with diminishing returns, under slot constraints.
///
/// Demand points (cell centres) carry the households estimated to miss a benefit; a stop
/// covers the demand within walking distance. The value of a set of stops is
/// Σ_cells weight × (1 + r + r² + … over the chosen stops covering the cell), r the value of
/// reaching the same households again (r = 0: each household counts once, the maximal
/// covering model). Each chosen stop takes one series (a weekday and a half-day), among those
/// its kind allows; a day's morning and afternoon stops must be reachable from each other.
/// Greedy choice, then swaps until no swap improves; the bound is the greedy bound of
/// submodular maximisation, f(S) + the p largest marginal gains, p the most stops the
/// candidates' series can hold at once, so the gap is known.
public struct StopSelection: Sendable {
    public struct Candidate: Sendable {
        public var location: Point
        /// The series (indices) this candidate can take.
        public var allowedSeries: Set<Int>
        public init(location: Point, allowedSeries: Set<Int>) {
            self.location = location
            self.allowedSeries = allowedSeries
        }
    }

    public let demand: [Point]
    public let demandCount: Int
    public let weights: [Double]
    public let candidates: [Candidate]
    public let seriesCount: Int
    public let repeatValue: Double
    /// Demand indices within reach of each candidate, ascending.
    public let covers: [[Int32]]
    /// When given, parallel to `covers`: the probability that a household of that demand unit
    /// is met at that stop over the period. The value of a set of stops is then the expected
    /// number of distinct households met, Σ w (1 − Π (1 − p)), still monotone and submodular
    /// (`repeatValue` is not used).
    public let probabilities: [[Double]]?
    /// The commune (or any group) of each candidate, −1 when unknown; empty: no rotation. When
    /// given, every group with an eligible candidate gets at least one stop before the others
    /// fill the remaining series (while series remain), and no later move takes it away.
    public var groups: [Int] = []
    /// The kind of each candidate (an index, −1 for none), the visits it would hold, and the
    /// most visits one kind may hold together: no kind of place takes the whole period (empty:
    /// no limit).
    public var kinds: [Int] = []
    public var kindVisits: [Int] = []
    public var visitsPerKind = Int.max
    /// Whether candidates a (morning) and b (afternoon) can share a day: `pairAllowed(a, b,
    /// placed)`, where `placed` (a or b) is the one already holding its series.
    let pairAllowed: @Sendable (_ morning: Int, _ afternoon: Int, _ placed: Int) -> Bool
    /// Series that can fall on the same day, later in it (series → later series), and the
    /// reverse; series that cannot both be held (an afternoon and an evening of one day).
    let laterSameDay: [Int: [Int]]
    let earlierSameDay: [Int: [Int]]
    let exclusive: [Int: [Int]]

    public init(
        demand: [Point], weights: [Double], candidates: [Candidate], radius: Double, seriesCount: Int, repeatValue: Double,
        sameDay: [(earlier: Int, later: Int)] = [], exclusive: [(Int, Int)] = [],
        pairAllowed: @escaping @Sendable (_ morning: Int, _ afternoon: Int, _ placed: Int) -> Bool = { _, _, _ in true }
    ) {
        (laterSameDay, earlierSameDay, self.exclusive) = Self.constraints(sameDay: sameDay, exclusive: exclusive)
        self.demand = demand
        self.demandCount = demand.count
        self.probabilities = nil
        self.weights = weights
        self.candidates = candidates
        self.seriesCount = seriesCount
        self.repeatValue = repeatValue
        self.pairAllowed = pairAllowed
        // Demand within the radius of each candidate (a sweep on x, in the straight-line model).
        covers = StraightLineTravel.catchments(of: candidates.map(\.location), origins: demand, radius: radius)
    }

    /// With the demand each candidate covers given (from travel times on a network, say).
    public init(
        demandCount: Int, weights: [Double], candidates: [Candidate], covers: [[Int32]], probabilities: [[Double]]? = nil,
        seriesCount: Int, repeatValue: Double, sameDay: [(earlier: Int, later: Int)] = [], exclusive: [(Int, Int)] = [],
        pairAllowed: @escaping @Sendable (_ morning: Int, _ afternoon: Int, _ placed: Int) -> Bool = { _, _, _ in true }
    ) {
        (laterSameDay, earlierSameDay, self.exclusive) = Self.constraints(sameDay: sameDay, exclusive: exclusive)
        self.probabilities = probabilities
        self.demand = []
        self.demandCount = demandCount
        self.weights = weights
        self.candidates = candidates
        self.seriesCount = seriesCount
        self.repeatValue = repeatValue
        self.pairAllowed = pairAllowed
        self.covers = covers
    }

    static func constraints(sameDay: [(earlier: Int, later: Int)], exclusive: [(Int, Int)]) -> ([Int: [Int]], [Int: [Int]], [Int: [Int]]) {
        var later: [Int: [Int]] = [:], earlier: [Int: [Int]] = [:], apart: [Int: [Int]] = [:]
        for pair in sameDay {
            later[pair.earlier, default: []].append(pair.later)
            earlier[pair.later, default: []].append(pair.earlier)
        }
        for (a, b) in exclusive {
            apart[a, default: []].append(b)
            apart[b, default: []].append(a)
        }
        return (later, earlier, apart)
    }

    /// Households within reach of a candidate alone.
    public func reach(_ j: Int) -> Double { covers[j].reduce(0) { $0 + weights[Int($1)] } }

    /// Expected households met at a candidate alone (with probabilities), else its reach.
    public func expectedMet(_ j: Int) -> Double {
        guard let probabilities else { return reach(j) }
        var total = 0.0
        for (k, c) in covers[j].enumerated() { total += weights[Int(c)] * probabilities[j][k] }
        return total
    }

    /// The objective for a set of candidates.
    public func value(_ chosen: [Int]) -> Double {
        if probabilities != nil {
            let miss = missing(chosen)
            var total = 0.0
            for c in 0..<demandCount where miss[c] < 1 { total += weights[c] * (1 - miss[c]) }
            return total
        }
        var count = [Int32: Int]()
        for j in chosen { for c in covers[j] { count[c, default: 0] += 1 } }
        var total = 0.0
        for (c, n) in count.sorted(by: { $0.key < $1.key }) { total += weights[Int(c)] * gain(n) }
        return total
    }

    /// Households covered at least once by a set of candidates.
    public func distinctReach(_ chosen: [Int]) -> Double {
        var covered = Set<Int32>()
        for j in chosen { covered.formUnion(covers[j]) }
        return covered.sorted().reduce(0) { $0 + weights[Int($1)] }
    }

    /// Per demand unit: the probability of not being met by any of `chosen`.
    func missing(_ chosen: [Int]) -> [Double] {
        var miss = [Double](repeating: 1, count: demandCount)
        guard let probabilities else { return miss }
        for j in chosen.sorted() { for (k, c) in covers[j].enumerated() { miss[Int(c)] *= 1 - probabilities[j][k] } }
        return miss
    }

    /// 1 + r + … + r^(n−1).
    func gain(_ n: Int) -> Double {
        repeatValue == 0 ? (n > 0 ? 1 : 0) : (0..<n).reduce(0) { $0 + pow(repeatValue, Double($1)) }
    }

    /// The marginal value of adding j when cells are covered `count` times (or, with
    /// probabilities, are still unmet with probability `miss`).
    func marginal(_ j: Int, _ count: [Int], _ miss: [Double]) -> Double {
        var total = 0.0
        if let probabilities {
            for (k, c) in covers[j].enumerated() { total += weights[Int(c)] * miss[Int(c)] * probabilities[j][k] }
            return total
        }
        for c in covers[j] { total += weights[Int(c)] * pow(repeatValue, Double(count[Int(c)])) }
        return total
    }

    /// An assignment of the chosen candidates to distinct series, or nil.
    public func assignment(_ chosen: [Int]) -> [Int: Int]? {
        guard chosen.count <= seriesCount, hasMatching(chosen) else { return nil }
        var seriesOf = [Int: Int]()  // candidate → series
        var holder = [Int: Int]()  // series → candidate
        // Most constrained first, for a quick search.
        let order = chosen.sorted { (candidates[$0].allowedSeries.count, $0) < (candidates[$1].allowedSeries.count, $1) }
        var steps = 0
        func fits(_ j: Int, _ s: Int) -> Bool {
            guard holder[s] == nil, candidates[j].allowedSeries.contains(s) else { return false }
            for t in laterSameDay[s] ?? [] { if let other = holder[t], !pairAllowed(j, other, other) { return false } }
            for t in earlierSameDay[s] ?? [] { if let other = holder[t], !pairAllowed(other, j, other) { return false } }
            for t in exclusive[s] ?? [] where holder[t] != nil { return false }
            return true
        }
        func place(_ k: Int) -> Bool {
            if k == order.count { return true }
            steps += 1
            if steps > 200_000 { return false }
            let j = order[k]
            for s in candidates[j].allowedSeries.sorted() where fits(j, s) {
                holder[s] = j
                seriesOf[j] = s
                if place(k + 1) { return true }
                holder[s] = nil
                seriesOf[j] = nil
            }
            return false
        }
        return place(0) ? seriesOf : nil
    }

    /// Whether every chosen candidate can get a distinct allowed series when the same-day
    /// rules are ignored (a bipartite matching, Kuhn's augmenting paths): a quick necessary
    /// condition, so that the backtracking search of `assignment` is spared the sets the
    /// slots alone cannot hold (it would otherwise exhaust its budget on each of them).
    func hasMatching(_ chosen: [Int]) -> Bool { matched(chosen, stopAtFirstMiss: true) == chosen.count }

    /// How many of `among` can hold distinct allowed series at once, the same-day rules
    /// ignored: no choice can have more stops than that.
    func matchingSize(_ among: [Int]) -> Int { matched(among, stopAtFirstMiss: false) }

    private func matched(_ among: [Int], stopAtFirstMiss: Bool) -> Int {
        var holder = [Int: Int]()  // series → position in `among`
        let allowed = among.map { candidates[$0].allowedSeries.sorted() }
        func augment(_ k: Int, _ visited: inout Set<Int>) -> Bool {
            for s in allowed[k] where visited.insert(s).inserted {
                if let other = holder[s] {
                    guard augment(other, &visited) else { continue }
                }
                holder[s] = k
                return true
            }
            return false
        }
        var size = 0
        for k in among.indices {
            var visited = Set<Int>()
            if augment(k, &visited) {
                size += 1
            } else if stopAtFirstMiss {
                break
            }
        }
        return size
    }

    public struct Result: Sendable {
        public var chosen: [Int]
        public var series: [Int: Int]
        public var value: Double
        /// Households covered at least once.
        public var distinctReach: Double
        public var upperBound: Double
        /// (bound − value) / bound.
        public var gap: Double { upperBound > 0 ? (upperBound - value) / upperBound : 0 }
        /// Marginal value of each chosen stop (what removing it would lose).
        public var marginalValue: [Int: Double]
        /// The groups given a stop by the rotation, and the groups with an eligible candidate
        /// that got none for lack of series.
        public var rotated: Set<Int> = []
        public var leftWithoutStop: [Int] = []
    }

    /// Whether no kind of place holds more than `visitsPerKind` visits in `trial` (one place
    /// alone may: a weekly place keeps its weeks).
    func keepsShares(_ trial: [Int]) -> Bool {
        guard !kinds.isEmpty, visitsPerKind < Int.max else { return true }
        var visits: [Int: Int] = [:], places: [Int: Int] = [:]
        for j in trial where kinds[j] >= 0 {
            visits[kinds[j], default: 0] += kindVisits[j]
            places[kinds[j], default: 0] += 1
            if visits[kinds[j]]! > visitsPerKind && places[kinds[j]]! > 1 { return false }
        }
        return true
    }

    public func solve(eligible: [Int]) -> Result {
        var chosen: [Int] = []
        var count = [Int](repeating: 0, count: demandCount)
        var miss = [Double](repeating: 1, count: demandCount)
        func add(_ j: Int) {
            chosen.append(j)
            for c in covers[j] { count[Int(c)] += 1 }
            if probabilities != nil { miss = missing(chosen) }
        }
        func remove(_ j: Int) {
            chosen.removeAll { $0 == j }
            for c in covers[j] { count[Int(c)] -= 1 }
            if probabilities != nil { miss = missing(chosen) }
        }
        // Rotation: each group's best candidate first, groups in order of their best gain, as
        // long as series remain; these groups keep a stop through the local search.
        var guaranteed = Set<Int>()
        if !groups.isEmpty {
            var best: [Int: (gain: Double, j: Int)] = [:]
            for j in eligible where groups[j] >= 0 {
                let g = marginal(j, count, miss)
                if let known = best[groups[j]], known.gain > g || (known.gain == g && known.j < j) { continue }
                best[groups[j]] = (g, j)
            }
            for group in best.keys.sorted(by: { (best[$0]!.gain, -$0) > (best[$1]!.gain, -$1) }) where chosen.count < seriesCount {
                let members = eligible.filter { groups[$0] == group }.map { ($0, marginal($0, count, miss)) }
                    .sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }
                if let pick = members.first(where: { $0.1 > 1e-12 && keepsShares(chosen + [$0.0]) && assignment(chosen + [$0.0]) != nil }) {
                    add(pick.0)
                    guaranteed.insert(group)
                }
            }
        }
        func keepsGroups(_ trial: [Int]) -> Bool {
            guaranteed.isEmpty || guaranteed.isSubset(of: Set(trial.map { groups[$0] }))
        }
        // Greedy, lazily (CELF): marginal gains only decrease as stops are added, so a stale
        // gain is an upper bound; the candidate on top is recomputed and taken when it still
        // beats the next bound. Ties go to the lowest index, as a plain greedy would.
        var bounds = BoundHeap()
        for j in eligible where !chosen.contains(j) { bounds.push(marginal(j, count, miss), j) }
        while chosen.count < seriesCount, let (_, j) = bounds.pop() {
            let g = marginal(j, count, miss)
            guard g > 1e-12 else { continue }
            if let next = bounds.peek(), g < next.bound || (g == next.bound && next.j < j) {
                bounds.push(g, j)
                continue
            }
            // A candidate that no longer fits the series (or its kind's share) never will: more
            // stops only constrain.
            guard keepsShares(chosen + [j]), assignment(chosen + [j]) != nil else { continue }
            add(j)
        }
        // Local search until no move improves: add a stop if a series is free, swap one stop
        // for another, and, on small instances, swap two for two.
        var current = value(chosen)
        var rounds = 0
        func tryMove(_ trial: [Int]) -> Bool {
            let v = value(trial)
            guard v > current + 1e-9, keepsGroups(trial), keepsShares(trial), assignment(trial) != nil else { return false }
            for j in chosen where !trial.contains(j) { remove(j) }
            for j in trial where !chosen.contains(j) { add(j) }
            current = v
            return true
        }
        search: while rounds < 200 {
            rounds += 1
            var outside = eligible.filter { !chosen.contains($0) }
            // On large instances (a lattice of thousands of places), swaps are tried with the
            // 300 outside candidates of highest marginal gain: the others cannot beat them.
            if outside.count > 400 {
                let gains = outside.map { (marginal($0, count, miss), $0) }
                outside = gains.sorted { ($0.0, -$0.1) > ($1.0, -$1.1) }.prefix(300).map(\.1).sorted()
            }
            if chosen.count < seriesCount {
                for j in outside where tryMove(chosen + [j]) { continue search }
            }
            var best: (value: Double, trial: [Int])?
            for i in chosen.sorted() {
                for j in outside {
                    let trial = chosen.filter { $0 != i } + [j]
                    let v = value(trial)
                    if v > (best?.value ?? current) + 1e-9, keepsGroups(trial), keepsShares(trial), assignment(trial) != nil { best = (v, trial) }
                }
            }
            if let best, tryMove(best.trial) { continue search }
            let pairsIn = chosen.count * (chosen.count - 1) / 2, pairsOut = outside.count * (outside.count - 1) / 2
            guard pairsIn * pairsOut <= 20_000 else { break }
            let inside = chosen.sorted()
            for a in inside.indices {
                for b in (a + 1)..<inside.count {
                    for c in outside.indices {
                        for d in (c + 1)..<outside.count {
                            let trial = chosen.filter { $0 != inside[a] && $0 != inside[b] } + [outside[c], outside[d]]
                            if tryMove(trial) { continue search }
                        }
                    }
                }
            }
            break
        }
        chosen.sort()
        let gains = eligible.filter { !chosen.contains($0) }.map { marginal($0, count, miss) }.sorted(by: >)
        // No choice holds more stops than the eligible candidates can take distinct series
        // (a school gate only on afternoons, say): that many largest gains at most.
        let bound = current + gains.prefix(min(seriesCount, matchingSize(eligible))).reduce(0, +)
        var marginalValue: [Int: Double] = [:]
        for j in chosen { marginalValue[j] = current - value(chosen.filter { $0 != j }) }
        let withStop = Set(chosen.map { groups.isEmpty ? -1 : groups[$0] })
        let eligibleGroups = Set(eligible.compactMap { groups.isEmpty || groups[$0] < 0 ? nil : groups[$0] })
        return Result(
            chosen: chosen, series: assignment(chosen) ?? [:], value: current, distinctReach: probabilities == nil ? distinctReach(chosen) : current,
            upperBound: max(bound, current), marginalValue: marginalValue, rotated: guaranteed,
            leftWithoutStop: eligibleGroups.subtracting(withStop).sorted())
    }
}

/// A max-heap of (bound, candidate), ties to the lowest candidate.
struct BoundHeap {
    private var items: [(bound: Double, j: Int)] = []

    private func above(_ a: (bound: Double, j: Int), _ b: (bound: Double, j: Int)) -> Bool {
        a.bound > b.bound || (a.bound == b.bound && a.j < b.j)
    }

    func peek() -> (bound: Double, j: Int)? { items.first }

    mutating func push(_ bound: Double, _ j: Int) {
        items.append((bound, j))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard above(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (bound: Double, j: Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && above(items[l], items[m]) { m = l }
                if r < items.count && above(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
