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

/// Eight compensated sums side by side, one per lane: each lane the same bits as its own
/// `CompensatedSum` given the same values in the same order (the same operations, lane by
/// lane). The sums of eight variables over a table's cells at once.
public struct CompensatedSums8: Sendable {
    @usableFromInline var sum = SIMD8<Double>()
    @usableFromInline var compensation = SIMD8<Double>()

    public init() {}

    /// Inlined where it is used: the sums' loops call it for every cell.
    @inlinable
    public mutating func add(_ values: SIMD8<Double>) {
        let t = sum + values
        let sumIsLarger = Self.magnitude(sum) .>= Self.magnitude(values)
        let large = values.replacing(with: sum, where: sumIsLarger)
        let small = sum.replacing(with: values, where: sumIsLarger)
        compensation += (large - t) + small
        sum = t
    }

    public var value: SIMD8<Double> { sum + compensation }

    /// Each lane's absolute value (its sign bit cleared).
    @inlinable
    static func magnitude(_ x: SIMD8<Double>) -> SIMD8<Double> {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt64>.self) & SIMD8(repeating: 0x7FFF_FFFF_FFFF_FFFF), to: SIMD8<Double>.self)
    }
}
