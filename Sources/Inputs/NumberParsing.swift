import Foundation

/// Parses decimal numbers from bytes, exactly as `strtod` would but without allocating:
/// a fast path for plain decimals (exact when the digits fit in 2^53 and the power of ten is
/// at most 22) and `strtod` for the rest. A `,` decimal mark is accepted when asked.
@inline(__always)
func parseDecimal(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, commaDecimal: Bool = false) -> Double? {
    var i = start
    var stop = end
    while i < stop, bytes[i] == 0x20 { i += 1 }
    while stop > i, bytes[stop - 1] == 0x20 { stop -= 1 }
    guard i < stop else { return nil }
    var negative = false
    if bytes[i] == 0x2D { negative = true; i += 1 } else if bytes[i] == 0x2B { i += 1 }
    var mantissa: UInt64 = 0
    var digits = 0
    var fractionDigits = 0
    var seenPoint = false
    var anyDigit = false
    while i < stop {
        let b = bytes[i]
        if b >= 0x30, b <= 0x39 {
            anyDigit = true
            if mantissa == 0 && b == 0x30 && !seenPoint {
                // leading zero
            } else {
                digits += 1
                if digits > 18 { return slowParse(bytes, start, end, commaDecimal) }
                mantissa = mantissa * 10 + UInt64(b - 0x30)
            }
            if seenPoint { fractionDigits += 1 }
        } else if (b == 0x2E || (commaDecimal && b == 0x2C)) && !seenPoint {
            seenPoint = true
        } else {
            return slowParse(bytes, start, end, commaDecimal)
        }
        i += 1
    }
    guard anyDigit else { return nil }
    guard mantissa < (1 << 53), fractionDigits <= 22 else { return slowParse(bytes, start, end, commaDecimal) }
    var value = Double(mantissa)
    if fractionDigits > 0 { value /= powersOfTen[fractionDigits] }
    return negative ? -value : value
}

private let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

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
