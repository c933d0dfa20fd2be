import Foundation
import TestSupport
import Testing

@testable import Risk

@Suite struct ClassBreaksTests {
    /// Every way of cutting sorted distinct values into k classes, the least total squared deviation.
    func bruteForceBestCost(_ values: [Double], classes k: Int) -> Double {
        let n = values.count
        var best = Double.infinity
        func recurse(_ start: Int, _ remaining: Int, _ uppers: [Int]) {
            if remaining == 1 {
                best = min(best, FisherJenks.totalCost(values: values, uppers: uppers + [n - 1]))
                return
            }
            guard start <= n - remaining else { return }
            for end in start...(n - remaining) { recurse(end + 1, remaining - 1, uppers + [end]) }
        }
        recurse(0, k, [])
        return best
    }

    @Test(arguments: 0..<40)
    func fisherJenksEqualsBruteForce(seed: Int) {
        var rng = SplitMix64(state: UInt64(seed) &+ 101)
        let n = Int.random(in: 4...11, using: &rng)
        // Integers in a small range: duplicates happen, as with real rounded values.
        let values = (0..<n).map { _ in Double(Int.random(in: 0...30, using: &rng)) }.sorted()
        let k = Int.random(in: 2...min(5, n), using: &rng)
        let distinct = Array(Set(values)).sorted()
        guard distinct.count >= k else { return }
        let breaks = ClassBreaks.compute(values, classes: k, method: .jenks, threads: 2)
        #expect(breaks.bounds.count == k + 1)
        // The partition the breaks describe, over all values (duplicates included).
        var uppers: [Int] = []
        for bound in breaks.bounds.dropFirst() { uppers.append(values.lastIndex(where: { $0 <= bound })!) }
        let cost = FisherJenks.totalCost(values: values, uppers: uppers)
        // Brute force over all values: a class boundary never splits equal values in the optimum.
        let best = bruteForceBestCost(values, classes: k)
        #expect(abs(cost - best) <= 1e-9 * max(1, best), "n=\(n) k=\(k) cost \(cost) best \(best) values \(values)")
        #expect(breaks.counts.reduce(0, +) == n)
    }

    @Test func handMadeBreaks() {
        // Three obvious clusters.
        let values: [Double] = [1, 2, 3, 10, 11, 12, 50, 51]
        let jenks = ClassBreaks.compute(values, classes: 3, method: .jenks, threads: 2)
        #expect(jenks.bounds == [1, 3, 12, 51])
        #expect(jenks.counts == [3, 3, 2])
        #expect(jenks.classOf(2.5) == 1)
        #expect(jenks.classOf(12) == 2)
        #expect(jenks.classOf(13) == 3)
        let equal = ClassBreaks.compute([0, 10, 20, 30, 40], classes: 4, method: .equal, threads: 2)
        #expect(equal.bounds == [0, 10, 20, 30, 40])
        #expect(equal.counts == [2, 1, 1, 1])
        let quantiles = ClassBreaks.compute([1, 2, 3, 4, 5, 6, 7, 8], classes: 4, method: .quantiles, threads: 2)
        #expect(quantiles.bounds == [1, 2, 4, 6, 8])
        #expect(quantiles.counts == [2, 2, 2, 2])
    }

    @Test func fewDistinctValuesGiveFewerClasses() {
        let breaks = ClassBreaks.compute([5, 5, 5, 7, 7], classes: 5, method: .jenks, threads: 2)
        #expect(breaks.bounds == [5, 5, 7])
        #expect(breaks.counts == [3, 2])
        let single = ClassBreaks.compute([4, 4], classes: 3, method: .jenks, threads: 2)
        #expect(single.counts == [2])
        #expect(ClassBreaks.compute([], classes: 3, method: .quantiles, threads: 2).counts.isEmpty)
    }

    @Test func breaksDoNotDependOnInputOrderNorThreads() {
        var rng = SplitMix64(state: 9)
        let values = (0..<5000).map { _ in Double.random(in: 0...100, using: &rng) }
        let a = ClassBreaks.compute(values, classes: 5, method: .jenks, threads: 1)
        let b = ClassBreaks.compute(values.shuffled(using: &rng), classes: 5, method: .jenks, threads: 4)
        #expect(a == b)
    }
}
