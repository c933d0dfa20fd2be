import Foundation
import Support

/// One count column of the cells, read as doubles. Filosofi publishes its counts as decimals
/// of a few digits (`12.5`, `0.3`): a column whose every value is exactly such a decimal is
/// held as 32-bit integers of a fixed number of decimal digits — half the memory of doubles
/// (a national table of 28 counts: 258 MB instead of 515 MB) — and any other column as doubles.
/// Either way a value reads back as the very double the text gave: the integer over a power
/// of ten is one correctly rounded division of the same decimal number.
public struct CellColumn: Sendable, RandomAccessCollection, ExpressibleByArrayLiteral, Equatable {
    enum Storage: Sendable, Equatable {
        /// Value `i` is `integers[i] / 10^digits`.
        case scaled(integers: [Int32], digits: Int)
        case doubles([Double])

        var count: Int {
            switch self {
            case .scaled(let integers, _): integers.count
            case .doubles(let values): values.count
            }
        }
    }

    private(set) var storage: Storage

    /// Decimal digits tried for a scaled column, at most.
    static let maximumDigits = 6

    public init(_ values: [Double]) {
        storage = Self.compact(values).map { .scaled(integers: $0.integers, digits: $0.digits) } ?? .doubles(values)
    }

    public init(arrayLiteral values: Double...) { self.init(values) }

    public init() { storage = .scaled(integers: [], digits: 0) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }

    @inline(__always) public subscript(position: Int) -> Double {
        switch storage {
        case .scaled(let integers, let digits): Double(integers[position]) / powerOfTen(digits)
        case .doubles(let values): values[position]
        }
    }

    /// Whether the column is held as scaled integers (for tests and measurements).
    public var isScaled: Bool {
        if case .scaled = storage { return true }
        return false
    }

    /// The values as an array of doubles (a copy when the column is scaled).
    public var doubles: [Double] {
        switch storage {
        case .scaled: Array(self)
        case .doubles(let values): values
        }
    }

    /// Values `range` written into `buffer` (at least as long): a hot loop reads a block of a
    /// column at a time as plain doubles.
    @inline(__always) public func decode(_ range: Range<Int>, into buffer: UnsafeMutablePointer<Double>) {
        switch storage {
        case .scaled(let integers, let digits):
            let divisor = powerOfTen(digits)
            integers.withUnsafeBufferPointer { source in
                // A plain loop over raw memory: converted and divided eight at a time.
                guard let from = source.baseAddress.map({ $0 + range.lowerBound }) else { return }
                for k in 0..<range.count { buffer[k] = Double(from[k]) / divisor }
            }
        case .doubles(let values):
            values.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress.map({ $0 + range.lowerBound }) else { return }
                buffer.update(from: from, count: range.count)
            }
        }
    }

    /// Room for `capacity` values, in huge pages where Linux gives them.
    mutating func reserve(_ capacity: Int) {
        switch storage {
        case .scaled(var integers, let digits):
            storage = .doubles([])
            HugePages.reserve(&integers, capacity: capacity)
            storage = .scaled(integers: integers, digits: digits)
        case .doubles(var values):
            storage = .doubles([])
            HugePages.reserve(&values, capacity: capacity)
            storage = .doubles(values)
        }
    }

    /// The first element's address and the room reserved (for tests: whether a join kept the
    /// buffer that `reserve` advised).
    var buffer: (address: UnsafeRawPointer?, capacity: Int) {
        switch storage {
        case .scaled(let integers, _): integers.withUnsafeBufferPointer { (UnsafeRawPointer($0.baseAddress), integers.capacity) }
        case .doubles(let values): values.withUnsafeBufferPointer { (UnsafeRawPointer($0.baseAddress), values.capacity) }
        }
    }

    /// Integers of `digits` decimals, as parsed.
    init(integers: [Int32], digits: Int) { storage = .scaled(integers: integers, digits: digits) }

    /// Doubles, as parsed.
    init(doubles: [Double]) { storage = .doubles(doubles) }

    /// Appends another column (the next block's): kept scaled when both are and the larger
    /// number of digits still fits 32 bits, else the whole column as doubles. In place: the
    /// column's array is taken out of `storage` first, so that it is the only reference.
    mutating func append(contentsOf other: CellColumn) {
        switch storage {
        case .doubles(var values):
            storage = .doubles([])
            values.append(contentsOf: other)
            storage = .doubles(values)
        case .scaled(var integers, let digits):
            storage = .doubles([])
            if case .scaled(let more, let moreDigits) = other.storage {
                if moreDigits <= digits, Self.append(more, scaledBy: digits - moreDigits, to: &integers) {
                    storage = .scaled(integers: integers, digits: digits)
                    return
                }
                // Rescaled in place: the column keeps its buffer (and the huge pages `reserve`
                // asked for; the first block, with more digits than none, would lose them).
                if moreDigits > digits, Self.rescale(&integers, by: moreDigits - digits) {
                    integers.append(contentsOf: more)
                    storage = .scaled(integers: integers, digits: moreDigits)
                    return
                }
            }
            // Doubles after integers, or integers that no longer fit: all as doubles.
            var values = [Double]()
            values.reserveCapacity(Swift.max(integers.capacity, integers.count + other.count))
            let divisor = powerOfTen(digits)
            for value in integers { values.append(Double(value) / divisor) }
            integers = []
            values.append(contentsOf: other)
            storage = .doubles(values)
        }
    }

    /// Equal values, however held.
    public static func == (a: CellColumn, b: CellColumn) -> Bool { a.elementsEqual(b) }

    // MARK: Scaling

    /// Whether `value` is exactly `n / 10^digits` for an integer `n` that fits 32 bits, and `n`.
    @inline(__always) static func scaled(_ value: Double, digits: Int) -> Int32? {
        let n = (value * powerOfTen(digits)).rounded()
        guard abs(n) <= Double(Int32.max) else { return nil }
        // Compared through the integer itself: -0 would come back as 0.
        let integer = Int32(n)
        return (Double(integer) / powerOfTen(digits)).bitPattern == value.bitPattern ? integer : nil
    }

    /// The fewest digits that hold every value exactly (nil: none up to `maximumDigits`).
    static func digits(of values: UnsafeBufferPointer<Double>) -> Int? {
        var digits = 0
        for value in values where scaled(value, digits: digits) == nil {
            guard let more = ((digits + 1)...maximumDigits).first(where: { scaled(value, digits: $0) != nil }) else { return nil }
            digits = more
        }
        return digits
    }

    /// Appends `values` as integers of `digits` digits; false (and `integers` as it was) when
    /// one does not fit.
    static func appendScaled(_ values: UnsafeBufferPointer<Double>, digits: Int, to integers: inout [Int32]) -> Bool {
        let start = integers.count
        for value in values {
            guard let n = scaled(value, digits: digits) else {
                integers.removeSubrange(start...)
                return false
            }
            integers.append(n)
        }
        return true
    }

    /// Whether `value` times `factor` fits 32 bits (as a column's values must: ±Int32.max).
    @inline(__always) static func fits(_ value: Int32, times factor: Int64) -> Bool {
        let n = Int64(value) * factor
        return n <= Int64(Int32.max) && n >= -Int64(Int32.max)
    }

    /// `integers` times 10^more, in place; false (and `integers` as it was) when one would
    /// not fit 32 bits.
    static func rescale(_ integers: inout [Int32], by more: Int) -> Bool {
        if more == 0 || integers.isEmpty { return true }
        let factor = Int64(powerOfTen(more))
        guard integers.allSatisfy({ fits($0, times: factor) }) else { return false }
        integers.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = Int32(Int64(buffer[i]) * factor) }
        }
        return true
    }

    /// Appends `more` times 10^scale to `integers`; false (and `integers` as it was) when one
    /// would not fit 32 bits.
    static func append(_ more: [Int32], scaledBy scale: Int, to integers: inout [Int32]) -> Bool {
        if scale == 0 {
            integers.append(contentsOf: more)
            return true
        }
        let factor = Int64(powerOfTen(scale))
        guard more.allSatisfy({ fits($0, times: factor) }) else { return false }
        integers.append(contentsOf: more.lazy.map { Int32(Int64($0) * factor) })
        return true
    }

    static func compact(_ values: [Double]) -> (integers: [Int32], digits: Int)? {
        values.withUnsafeBufferPointer { buffer in
            guard let digits = digits(of: buffer) else { return nil }
            var integers = [Int32]()
            integers.reserveCapacity(values.count)
            return appendScaled(buffer, digits: digits, to: &integers) ? (integers, digits) : nil
        }
    }
}
