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
        return String(format: format ?? "%.\(digits)f", value).replacingOccurrences(of: ".", with: ",").replacingOccurrences(of: "-", with: "−")
    }
}
