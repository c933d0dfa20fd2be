/// Kahan–Babuška summation: totals that do not depend on luck with rounding.
public struct CompensatedSum: Sendable {
    public private(set) var sum = 0.0
    private var compensation = 0.0

    public init() {}

    @inline(__always)
    public mutating func add(_ value: Double) {
        let t = sum + value
        // The larger addend loses the low bits the smaller one keeps: chosen without a branch
        // (sums of mixed magnitudes would mispredict it half the time).
        let sumIsLarger = abs(sum) >= abs(value)
        let large = sumIsLarger ? sum : value, small = sumIsLarger ? value : sum
        compensation += (large - t) + small
        sum = t
    }

    public var value: Double { sum + compensation }

    public static func of(_ values: some Sequence<Double>) -> Double {
        var s = CompensatedSum()
        for v in values { s.add(v) }
        return s.value
    }
}
