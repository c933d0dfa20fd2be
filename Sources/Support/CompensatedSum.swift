/// Kahan–Babuška summation: totals that do not depend on luck with rounding.
public struct CompensatedSum: Sendable {
    public private(set) var sum = 0.0
    private var compensation = 0.0

    public init() {}

    @inline(__always)
    public mutating func add(_ value: Double) {
        let t = sum + value
        if abs(sum) >= abs(value) {
            compensation += (sum - t) + value
        } else {
            compensation += (value - t) + sum
        }
        sum = t
    }

    public var value: Double { sum + compensation }

    public static func of(_ values: [Double]) -> Double {
        var s = CompensatedSum()
        for v in values { s.add(v) }
        return s.value
    }
}
