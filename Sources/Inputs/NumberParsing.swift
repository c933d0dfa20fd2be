import Foundation

/// Parses decimal numbers from bytes, exactly as `strtod` would but without allocating:
/// a fast path for plain decimals (exact when the digits fit in 2^53 and the power of ten is
/// at most 22: one correctly rounded division) and `strtod` for the rest. A `,` decimal mark
/// is accepted when asked.
@inline(__always)
func parseDecimal(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, commaDecimal: Bool = false) -> Double? {
    let scan = DecimalScan(bytes, from: start, to: end, commaDecimal: commaDecimal)
    switch scan.kind {
    case .empty: return nil
    case .other: return slowParse(bytes, start, end, commaDecimal)
    case .plain:
        let value = plainValue(mantissa: scan.mantissa, fractionDigits: scan.fractionDigits)
        return scan.negative ? -value : value
    }
}

/// A plain decimal's value, `mantissa / 10^fractionDigits` correctly rounded (the mantissa
/// under 2^53, at most 22 decimals: one exact division).
@inline(__always)
func plainValue(mantissa: UInt64, fractionDigits: Int) -> Double {
    var value = Double(mantissa)
    if fractionDigits > 0 { value /= powerOfTen(fractionDigits) }
    return value
}

/// A plain decimal without a sign (`12.5`, ` 0,3 `), as its digits and its number of
/// decimals: the value is `mantissa / 10^fractionDigits`, which `parseDecimal` would give
/// correctly rounded. Nil for anything else (a sign, an exponent, an empty field, more than
/// 2^53 as digits), which `parseDecimal` reads or refuses.
@inline(__always)
func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, commaDecimal: Bool = false) -> (mantissa: UInt64, fractionDigits: Int)? {
    let scan = DecimalScan(bytes, from: start, to: end, commaDecimal: commaDecimal)
    guard scan.kind == .plain, !scan.signed else { return nil }
    return (scan.mantissa, scan.fractionDigits)
}

/// One pass over a field's digits: its mantissa and decimals, and whether it is a plain
/// decimal (digits, one point, at most 19 digits under 2^53).
struct DecimalScan {
    enum Kind { case empty, plain, other }
    var kind = Kind.other
    var mantissa: UInt64 = 0
    var fractionDigits = 0
    var negative = false
    var signed = false

    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, commaDecimal: Bool) {
        var i = start
        var stop = end
        while i < stop, bytes[i] == 0x20 { i += 1 }
        while stop > i, bytes[stop - 1] == 0x20 { stop -= 1 }
        guard i < stop else {
            kind = .empty
            return
        }
        negative = bytes[i] == 0x2D
        signed = negative || bytes[i] == 0x2B
        if signed { i += 1 }
        // The integer part, then the fraction: one pass over the digits, no test per digit
        // but the digit's own.
        let integerDigits = Self.accumulate(bytes, &i, stop, &mantissa)
        if i < stop, bytes[i] == 0x2E || (commaDecimal && bytes[i] == 0x2C) {
            i += 1
            fractionDigits = Self.accumulate(bytes, &i, stop, &mantissa)
        }
        let digits = integerDigits + fractionDigits
        // Anything else (an exponent, a second point, a letter): strtod's rules, or nil.
        guard i == stop else { return }
        guard digits > 0 else {
            kind = .empty
            return
        }
        // Up to 19 digits cannot wrap a UInt64; beyond, or past 2^53, strtod rounds.
        guard digits <= 19, mantissa < (1 << 53), fractionDigits <= 22 else { return }
        kind = .plain
    }

    /// Adds the digits from `i` on to `mantissa` (wrapping past 19 digits, which the caller
    /// refuses), and says how many there were.
    @inline(__always)
    private static func accumulate(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ stop: Int, _ mantissa: inout UInt64) -> Int {
        let first = i
        while i < stop {
            let digit = bytes[i] &- 0x30
            guard digit <= 9 else { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            i += 1
        }
        return i - first
    }
}

/// 10^k for k in 0...22, all exact in a `Double`. A switch of constants, which the compiler
/// turns into one load from a read-only table (a tuple read through `withUnsafeBytes` was
/// copied onto the stack at every call: 23 stores per decimal parsed). Also the scale of the
/// cells' integer columns (`CellColumn`).
@inline(__always) func powerOfTen(_ k: Int) -> Double {
    switch k {
    case 0: 1e0
    case 1: 1e1
    case 2: 1e2
    case 3: 1e3
    case 4: 1e4
    case 5: 1e5
    case 6: 1e6
    case 7: 1e7
    case 8: 1e8
    case 9: 1e9
    case 10: 1e10
    case 11: 1e11
    case 12: 1e12
    case 13: 1e13
    case 14: 1e14
    case 15: 1e15
    case 16: 1e16
    case 17: 1e17
    case 18: 1e18
    case 19: 1e19
    case 20: 1e20
    case 21: 1e21
    default: 1e22
    }
}

private func slowParse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ commaDecimal: Bool) -> Double? {
    var text = Array(bytes[start..<end]).map { commaDecimal && $0 == 0x2C ? UInt8(0x2E) : $0 }
    // Decimal notation only: digits, sign, point, exponent. strtod would also read
    // hexadecimal (0x1A as 26), "inf" and "nan".
    guard text.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2B || $0 == 0x2D || $0 == 0x65 || $0 == 0x45 || $0 == 0x20 }) else {
        return nil
    }
    while let last = text.last, last == 0x20 { text.removeLast() }
    while let first = text.first, first == 0x20 { text.removeFirst() }
    guard !text.isEmpty else { return nil }
    text.append(0)
    return text.withUnsafeBufferPointer { buffer -> Double? in
        buffer.withMemoryRebound(to: CChar.self) { chars -> Double? in
            var endPointer: UnsafeMutablePointer<CChar>?
            let value = strtod(chars.baseAddress!, &endPointer)
            guard let endPointer, endPointer == UnsafeMutablePointer(mutating: chars.baseAddress! + text.count - 1) else { return nil }
            return value.isFinite ? value : nil
        }
    }
}

/// Parses a number from text (a Cafdata count, a coordinate); same rules as the byte parser.
public func parseNumber(_ text: String, commaDecimal: Bool = false) -> Double? {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { parseDecimal($0, from: 0, to: $0.count, commaDecimal: commaDecimal) }
}
