import Dispatch
import Foundation
import GeometryCore
import Support

/// How values are cut into map classes.
public enum ClassificationMethod: String, Sendable, CaseIterable, Codable {
    /// Fixed bounds on the national scale of the score, the same in every territory (the risk
    /// map's default): the same score has the same colour everywhere.
    case national
    /// Exact optimal breaks (Fisher–Jenks): the least total within-class squared deviation.
    case jenks
    /// Classes holding (as nearly as ties allow) the same number of values.
    case quantiles
    /// Classes of equal width between the minimum and the maximum.
    case equal

    /// The method as a planner reads it.
    public var frenchLabel: String {
        switch self {
        case .national: "classes nationales fixes"
        case .jenks: "seuils naturels (Jenks)"
        case .quantiles: "effectifs égaux (quantiles)"
        case .equal: "intervalles égaux"
        }
    }
}

/// Class limits: class `i` (1-based) holds the values in `(bounds[i-1], bounds[i]]`, the
/// first class including `bounds[0]`. Identical from run to run: no sampling.
public struct ClassBreaks: Sendable, Equatable, Codable {
    public var method: ClassificationMethod
    /// `classCount + 1` limits, from the minimum to the maximum.
    public var bounds: [Double]
    /// Values in each class.
    public var counts: [Int]

    /// 0 when no value was classified.
    public var classCount: Int { max(bounds.count - 1, 0) }

    /// The class (1…classCount) of a value; values outside the range go to the end classes.
    public func classOf(_ value: Double) -> Int {
        if method == .national { return fixedClassOf(value) }
        // First upper bound ≥ value.
        var lo = 1, hi = bounds.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if bounds[mid] >= value { hi = mid } else { lo = mid + 1 }
        }
        return max(1, lo)
    }

    /// Whether the classes are the territory's own (cut from its values) rather than national.
    public var territorial: Bool { method != .national }

    /// Classes with fixed limits (`lower` bounds of classes 2…n, increasing), the first class
    /// starting at `minimum` and the last ending at `maximum`: every class is kept, even empty,
    /// so that class `i` means the same in every territory.
    public static func fixed(_ values: [Double], lowerBounds: [Double], minimum: Double, maximum: Double) -> ClassBreaks {
        let bounds = [minimum] + lowerBounds + [maximum]
        var result = ClassBreaks(method: .national, bounds: bounds, counts: Array(repeating: 0, count: bounds.count - 1))
        for value in values where value.isFinite { result.counts[result.fixedClassOf(value) - 1] += 1 }
        return result
    }

    /// The class of a value under fixed lower bounds: class `i` holds `[bounds[i-1], bounds[i])`.
    func fixedClassOf(_ value: Double) -> Int {
        var c = 1
        while c < bounds.count - 1 && value >= bounds[c] { c += 1 }
        return c
    }

    /// Computes `classes` classes of `values` (NaN values are ignored). Fewer distinct values
    /// than classes gives one class per distinct value. Fisher–Jenks runs on up to `threads`
    /// threads; the breaks do not depend on their number.
    public static func compute(_ values: [Double], classes: Int, method: ClassificationMethod, threads: Int) -> ClassBreaks {
        precondition(classes >= 1, "at least one class")
        // National classes have fixed bounds (`fixed`): asked here, they fall back on Jenks.
        let method = method == .national ? ClassificationMethod.jenks : method
        let sorted = RadixSort.sorted(values)
        guard let first = sorted.first, let last = sorted.last else {
            return ClassBreaks(method: method, bounds: [], counts: [])
        }
        var bounds: [Double]
        switch method {
        case .equal:
            bounds = (0...classes).map { i in i == classes ? last : first + (last - first) * Double(i) / Double(classes) }
            if first == last { bounds = [first, last] }
        case .quantiles:
            bounds = [first]
            for i in 1...classes {
                let position = min(sorted.count - 1, Int((Double(sorted.count) * Double(i) / Double(classes)).rounded(.up)) - 1)
                let upper = sorted[max(0, position)]
                if upper > bounds.last! || bounds.count == 1 { bounds.append(upper) }
            }
            if bounds.last! < last { bounds.append(last) }
        case .jenks, .national:
            bounds = FisherJenks.breaks(sorted: sorted, classes: classes, threads: threads)
        }
        var result = ClassBreaks(method: method, bounds: bounds, counts: Array(repeating: 0, count: max(0, bounds.count - 1)))
        if bounds.count == 1 {
            result.bounds = [first, first]
            result.counts = [sorted.count]
            return result
        }
        for value in sorted { result.counts[result.classOf(value) - 1] += 1 }
        return result
    }
}

/// Fisher's exact optimal partition of sorted values into k contiguous classes (the "natural
/// breaks" of Jenks), by dynamic programming over distinct values with their multiplicities.
/// The optimal split points are monotone in the end position, so each layer is solved by divide
/// and conquer in O(n log n): 2.3 million values in well under a second.
enum FisherJenks {
    /// Limits (min, upper bounds of each class) for sorted values.
    static func breaks(sorted: [Double], classes: Int, threads: Int) -> [Double] {
        // Distinct values and their weights.
        var distinct: [Double] = []
        var weight: [Double] = []
        distinct.reserveCapacity(sorted.count)
        for value in sorted {
            if let last = distinct.last, last == value {
                weight[weight.count - 1] += 1
            } else {
                distinct.append(value)
                weight.append(1)
            }
        }
        let n = distinct.count
        let k = min(classes, n)
        if k <= 1 { return [distinct[0], distinct[n - 1]] }
        let upperIndex = optimalUpperIndices(values: distinct, weights: weight, classes: k, threads: threads)
        return [distinct[0]] + upperIndex.map { distinct[$0] }
    }

    /// Indices (into `values`) of the last value of each class, for `classes` classes.
    static func optimalUpperIndices(values: [Double], weights: [Double], classes k: Int, threads: Int) -> [Int] {
        let n = values.count
        let table = CostTable(values: values, weights: weights)
        for j in 0..<n { table.previous[j] = table.cost(0, j) }
        // split[layer][j]: first index of the last class in the best partition of 0...j.
        var split = [[Int32]](repeating: [], count: k)
        for layer in 1..<k {
            // Positions j in [layer, n−1], candidate starts i in [layer, j]. The best start is
            // monotone in j, so each step halves both ranges. The first levels run here; the
            // sub-ranges they leave are independent and are solved in parallel (each writes its
            // own positions), giving the same result whatever the thread count.
            var tasks: [CostTable.Task] = [CostTable.Task(jLow: layer, jHigh: n - 1, iLow: layer, iHigh: n - 1)]
            while tasks.count < 32 && tasks.contains(where: { $0.jLow <= $0.jHigh }) {
                tasks = tasks.flatMap { task -> [CostTable.Task] in
                    guard task.jLow <= task.jHigh else { return [] }
                    let (right, left) = table.step(task)
                    return [right, left]
                }
            }
            let pending = tasks.filter { $0.jLow <= $0.jHigh }
            _ = try? parallelMap(count: pending.count, threads: threads) { t in
                var stack = [pending[t]]
                stack.reserveCapacity(64)
                while let task = stack.popLast() {
                    if task.jLow > task.jHigh { continue }
                    let (right, left) = table.step(task)
                    stack.append(right)
                    stack.append(left)
                }
            }
            split[layer] = Array(UnsafeBufferPointer(start: table.argmin, count: n))
            swap(&table.previous, &table.current)
        }
        // Walk back from the last value.
        var uppers = [Int](repeating: 0, count: k)
        var end = n - 1
        for layer in stride(from: k - 1, through: 1, by: -1) {
            uppers[layer] = end
            end = Int(split[layer][end]) - 1
        }
        uppers[0] = end
        return uppers
    }

    /// Prefix sums of w, w·x, w·x² (x shifted by the median, for precision) and the two DP
    /// rows, in buffers owned here and freed on deinit.
    final class CostTable: @unchecked Sendable {
        struct Task: Sendable {
            var jLow: Int, jHigh: Int, iLow: Int, iHigh: Int
        }
        let n: Int
        let w: UnsafeMutablePointer<Double>
        let s: UnsafeMutablePointer<Double>
        let q: UnsafeMutablePointer<Double>
        var previous: UnsafeMutablePointer<Double>
        var current: UnsafeMutablePointer<Double>
        let argmin: UnsafeMutablePointer<Int32>

        init(values: [Double], weights: [Double]) {
            n = values.count
            w = .allocate(capacity: n + 1)
            s = .allocate(capacity: n + 1)
            q = .allocate(capacity: n + 1)
            previous = .allocate(capacity: n)
            current = .allocate(capacity: n)
            argmin = .allocate(capacity: n)
            argmin.initialize(repeating: 0, count: n)
            previous.initialize(repeating: 0, count: n)
            current.initialize(repeating: 0, count: n)
            let shift = values[n / 2]
            w[0] = 0; s[0] = 0; q[0] = 0
            for i in 0..<n {
                let x = values[i] - shift
                w[i + 1] = w[i] + weights[i]
                s[i + 1] = s[i] + weights[i] * x
                q[i + 1] = q[i] + weights[i] * x * x
            }
        }

        deinit {
            for pointer in [w, s, q, previous, current] { pointer.deallocate() }
            argmin.deallocate()
        }

        /// Within-class squared deviation of values[i...j].
        @inline(__always) func cost(_ i: Int, _ j: Int) -> Double {
            let ww = w[j + 1] - w[i]
            let ss = s[j + 1] - s[i]
            return max(0, (q[j + 1] - q[i]) - ss * ss / ww)
        }

        /// Solves the middle position of a task; returns the two halves left.
        @inline(__always) func step(_ task: Task) -> (Task, Task) {
            let j = (task.jLow + task.jHigh) / 2
            var best = Double.infinity
            var bestI = task.iLow
            let upper = min(task.iHigh, j)
            var i = task.iLow
            while i <= upper {
                let value = previous[i - 1] + cost(i, j)
                if value < best { best = value; bestI = i }
                i += 1
            }
            current[j] = best
            argmin[j] = Int32(bestI)
            return (
                Task(jLow: j + 1, jHigh: task.jHigh, iLow: bestI, iHigh: task.iHigh),
                Task(jLow: task.jLow, jHigh: j - 1, iLow: task.iLow, iHigh: bestI)
            )
        }
    }

    /// Total within-class squared deviation of a partition given by upper indices (for tests).
    static func totalCost(values: [Double], uppers: [Int]) -> Double {
        var total = 0.0
        var start = 0
        for upper in uppers {
            let slice = values[start...upper]
            let mean = slice.reduce(0, +) / Double(slice.count)
            total += slice.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            start = upper + 1
        }
        return total
    }
}

/// Sorting doubles by their bits, four 16-bit passes: several times faster than a comparison
/// sort on millions of values. NaN values are dropped.
enum RadixSort {
    static func sorted(_ values: [Double]) -> [Double] {
        // Order-preserving keys: flip every bit of negatives, the sign bit of positives.
        var keys = [UInt64]()
        keys.reserveCapacity(values.count)
        for value in values where !value.isNaN {
            let bits = (value == 0 ? 0.0 : value).bitPattern
            keys.append(bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63))
        }
        if keys.count < 4096 {
            keys.sort()
        } else {
            var buffer = [UInt64](repeating: 0, count: keys.count)
            var counts = [Int](repeating: 0, count: 65_536)
            for pass in 0..<4 {
                let shift = UInt64(pass * 16)
                for i in counts.indices { counts[i] = 0 }
                for key in keys { counts[Int((key >> shift) & 0xFFFF)] += 1 }
                var total = 0
                for i in counts.indices {
                    let c = counts[i]
                    counts[i] = total
                    total += c
                }
                for key in keys {
                    let bucket = Int((key >> shift) & 0xFFFF)
                    buffer[counts[bucket]] = key
                    counts[bucket] += 1
                }
                swap(&keys, &buffer)
            }
        }
        return keys.map { key in
            Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
        }
    }
}

/// How the risk map names its classes: the model's national classes (fixed bounds and words,
/// « faible » → « très élevé », the same colour for the same score everywhere), or the
/// territory's own classes, which the legend and the subtitle then say.
public struct RiskClassNaming: Sendable, Equatable {
    /// One name per class, in order.
    public var names: [String]
    /// The fixed lower bounds of classes 2…n on the score's scale; nil for the territory's own.
    public var fixedLowerBounds: [Double]?

    public var isNational: Bool { fixedLowerBounds != nil }

    /// The two highest classes (« élevé » and « très élevé » of the national classes): those
    /// the siting review weighs and the risk map never leaves unnamed.
    public var highest: ClosedRange<Int> { max(1, names.count - 1)...max(1, names.count) }

    /// The model's national classes.
    public init(nationalOf model: RiskModel) {
        names = model.nationalClassNames
        fixedLowerBounds = model.nationalClassBounds
    }

    /// The territory's own classes (`count` of them), named by their rank.
    public init(territorialCount count: Int) {
        names = (1...max(count, 1)).map { c in c == 1 ? "la plus faible" : c == count ? "la plus élevée" : "classe \(c)" }
        fixedLowerBounds = nil
    }

    /// The naming of scored zones (their score and class): national when the model's classes
    /// are national and every zone's class is the one its score falls in under the model's
    /// bounds, the territory's own otherwise.
    public static func of(_ zones: [(score: Double, riskClass: Int)], model: RiskModel) -> RiskClassNaming {
        if model.classMethod == .national {
            let national = RiskClassNaming(nationalOf: model)
            let breaks = ClassBreaks.fixed([], lowerBounds: model.nationalClassBounds, minimum: 0, maximum: 100)
            if zones.allSatisfy({ breaks.classOf($0.score) == $0.riskClass }) { return national }
        }
        return RiskClassNaming(territorialCount: zones.map(\.riskClass).max() ?? 1)
    }

    /// The subtitle's words for the classes.
    public var subtitle: String { isNational ? "classes nationales fixes" : "classes propres au territoire" }

    /// The caption's sentence on the classes.
    public var caption: String {
        guard let bounds = fixedLowerBounds else {
            return "Classes propres au territoire : une couleur ne se compare pas d'un territoire à l'autre."
        }
        let text = bounds.map { FrenchNumber.decimal($0, digits: 1) }
        return "Classes nationales fixes (50 = niveau national) : "
            + names.indices.map { c in
                c == 0 ? "\(names[c]) < \(text[0])" : c == names.count - 1 ? "\(names[c]) ≥ \(text[c - 1])" : "\(names[c]) \(text[c - 1])–\(text[c])"
            }.joined(separator: " ; ") + "."
    }
}
