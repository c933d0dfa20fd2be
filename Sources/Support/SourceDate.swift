import Foundation

/// The date outputs carry, in one place: `SOURCE_DATE_EPOCH` when it is set (reproducible
/// builds: the same inputs give the same bytes), else the clock.
public enum SourceDate {
    /// The seconds `SOURCE_DATE_EPOCH` gives, if it is set to a number.
    public static var epoch: Double? { ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Double.init) }

    /// The production day printed on maps, reports and calendars, YYYY-MM-DD in Paris time.
    public static func productionDay() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "Europe/Paris")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: epoch.map { Date(timeIntervalSince1970: $0) } ?? Date())
    }

    /// The fixed time written where a format records « last changed » (GeoPackage): the epoch,
    /// else 2000-01-01, never the clock.
    public static var fixedTimestamp: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: epoch ?? 946_684_800))
    }
}
