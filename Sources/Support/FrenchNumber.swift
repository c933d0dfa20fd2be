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
        let digits = String(abs(rounded))
        var grouped = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { grouped += "\u{202F}" }
            grouped.append(ch)
        }
        return (rounded < 0 ? "−" : "") + grouped
    }

    public static func percent(_ share: Double) -> String {
        share.isFinite ? integer(share * 100) + "\u{202F}%" : "—"
    }

    public static func decimal(_ value: Double, digits: Int, format: String? = nil) -> String {
        guard value.isFinite else { return "—" }
        if let format {
            return String(format: format, value).replacingOccurrences(of: ".", with: ",").replacingOccurrences(of: "-", with: "−")
        }
        // C's printf rounding, without Foundation's formatter (maps print thousands of these):
        // the same text as String(format: "%.<digits>f"), then the French marks.
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
