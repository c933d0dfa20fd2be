import Foundation

/// Numbers written as French readers expect them: thin no-break space between thousands,
/// comma for decimals.
public enum FrenchNumber {
    /// Rounded to the unit; « — » for a value that is not a number, scientific notation past
    /// what an integer holds (never a trap on data).
    public static func integer(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        guard abs(value) < 1e15 else { return decimal(value, digits: 0, format: "%.3e") }
        let rounded = Int(value.rounded())
        return text(negative: rounded < 0, whole: UInt64(rounded.magnitude), fraction: 0, digits: 0, grouping: true)
    }

    public static func percent(_ share: Double) -> String {
        share.isFinite ? integer(share * 100) + "\u{202F}%" : "—"
    }

    public static func decimal(_ value: Double, digits: Int, format: String? = nil) -> String {
        guard value.isFinite else { return "—" }
        if let format {
            return String(format: format, value).replacingOccurrences(of: ".", with: ",").replacingOccurrences(of: "-", with: "−")
        }
        // C's printf rounding (the exact binary value to the nearest, ties to even), without
        // Foundation's formatter (maps print thousands of these): worked out in integers when
        // the scaled value is clearly on one side of a half, else printf itself decides.
        if digits >= 0, digits < powersOfTen.count, abs(value) < 1e9 {
            let scaled = abs(value) * powersOfTen[digits]
            let below = scaled.rounded(.down)
            let rest = scaled - below  // exact
            // The product is within 2⁻⁵³ of the exact one, relatively: far from a half, it
            // rounds the same way.
            if abs(rest - 0.5) > scaled * 0x1p-50 {
                let units = UInt64(below) + (rest > 0.5 ? 1 : 0)
                let unit = UInt64(powersOfTen[digits])
                return text(negative: value.sign == .minus, whole: units / unit, fraction: units % unit, digits: digits, grouping: false)
            }
        }
        return printfDecimal(value, digits: digits)
    }

    /// 10⁰ … 10⁶, exact as doubles.
    private static let powersOfTen: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    /// What `String(format: "%.<digits>f")` prints, with the French marks: the reference
    /// that `decimal` follows (and what it falls back on at a half).
    static func printfDecimal(_ value: Double, digits: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 352)
        let written = buffer.withUnsafeMutableBufferPointer { out in
            withVaList([value]) { vsnprintf(out.baseAddress, out.count, "%.\(max(0, min(digits, 20)))f", $0) }
        }
        guard written > 0 && Int(written) < buffer.count else {
            return String(format: "%.\(digits)f", value).replacingOccurrences(of: ".", with: ",").replacingOccurrences(of: "-", with: "−")
        }
        var text = ""
        text.reserveCapacity(Int(written) + 2)
        for c in buffer.prefix(Int(written)) {
            switch c {
            case 0x2E: text.append(",")
            case 0x2D: text.append("−")
            default: text.unicodeScalars.append(Unicode.Scalar(UInt8(bitPattern: c)))
            }
        }
        return text
    }

    /// « −1 234,5 »: the sign (U+2212), the whole part's digits (grouped by thousands with
    /// U+202F when asked), then `digits` digits of `fraction` after a comma, written as UTF-8
    /// bytes at once.
    private static func text(negative: Bool, whole: UInt64, fraction: UInt64, digits: Int, grouping: Bool) -> String {
        // Written from the end: at most 20 digits, 6 thin spaces of 3 bytes, a comma, the sign.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            var position = buffer.count
            func put(_ byte: UInt8) {
                position -= 1
                buffer[position] = byte
            }
            if digits > 0 {
                var rest = fraction
                for _ in 0..<digits {
                    put(0x30 + UInt8(rest % 10))
                    rest /= 10
                }
                put(UInt8(ascii: ","))
            }
            var rest = whole
            var written = 0
            repeat {
                if grouping && written > 0 && written % 3 == 0 {
                    put(0xAF)
                    put(0x80)
                    put(0xE2)
                }
                put(0x30 + UInt8(rest % 10))
                rest /= 10
                written += 1
            } while rest > 0
            if negative {
                put(0x92)
                put(0x88)
                put(0xE2)
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[position...]), as: UTF8.self)
        }
    }

    /// Like `decimal`, with the thousands grouped (« 54 659,4 »), and no « ,0 » on whole numbers.
    public static func grouped(_ value: Double, digits: Int) -> String {
        let text = decimal(value, digits: digits)
        guard value.isFinite, abs(value) < 1e15 else { return text }
        let negative = text.hasPrefix("−")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ",", maxSplits: 1).map(String.init)
        var grouped = ""
        for (i, ch) in parts[0].enumerated() {
            if i > 0 && (parts[0].count - i) % 3 == 0 { grouped += "\u{202F}" }
            grouped.append(ch)
        }
        let fraction = parts.count > 1 && parts[1].contains(where: { $0 != "0" }) ? "," + parts[1] : ""
        return (negative ? "−" : "") + grouped + fraction
    }
}
