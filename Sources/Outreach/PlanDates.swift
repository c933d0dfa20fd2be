import Foundation
import Support

/// The months a plan covers, as a planner writes them: `YYYY-MM`, or `YYYY-MM..YYYY-MM` (at
/// most 12 months).
public enum PlanDates {
    /// `YYYY-MM`, a year from 1900 to 2100.
    public static func parseMonth(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), CivilDate.plausibleYears.contains(y), (1...12).contains(m)
        else { return nil }
        return (y, m)
    }

    /// `YYYY-MM..YYYY-MM`: the months from the first to the last, at most 12.
    public static func parsePeriod(_ text: String) -> [YearMonth]? {
        let ends = text.components(separatedBy: "..")
        guard ends.count == 2, let a = parseMonth(ends[0]), let b = parseMonth(ends[1]) else { return nil }
        var month = YearMonth(year: a.0, month: a.1)
        let last = YearMonth(year: b.0, month: b.1)
        guard month <= last else { return nil }
        var result: [YearMonth] = []
        while month <= last && result.count <= 12 {
            result.append(month)
            month = month.next
        }
        return result.count <= 12 ? result : nil
    }
}
