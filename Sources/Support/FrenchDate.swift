/// Dates written as a French document writes them: « 4 décembre 2026 », « 1er mars 2027 ».
public enum FrenchDate {
    public static let monthNames = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ]

    /// A day written YYYY-MM-DD in words; any other text as it is.
    public static func written(_ day: String) -> String {
        let parts = day.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let date = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(date)
        else { return day }
        return "\(date == 1 ? "1er" : String(date)) \(monthNames[month - 1]) \(year)"
    }
}
