import Foundation
import Support

/// A calendar day, without time zone trouble.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// The years a date or a month AllerVers reads may fall in: a plan, a map or an event
    /// dated year 0 or 9999 is a typing error, refused wherever a date is read.
    public static let plausibleYears = 1900...2100

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// 1 = Monday … 7 = Sunday (ISO 8601).
    public var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 + 1 }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func daysIn(year: Int, month: Int) -> Int {
        let next = month == 12 ? CivilDate(year: year + 1, month: 1, day: 1) : CivilDate(year: year, month: month + 1, day: 1)
        return next.dayNumber - CivilDate(year: year, month: month, day: 1).dayNumber
    }
}

/// French public holidays, computed (Easter by the anonymous Gregorian algorithm), and the CAF
/// pay day.
public enum FrenchCalendar {
    public static let weekdayNames = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

    public static func easter(_ year: Int) -> CivilDate {
        let a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4
        let f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(year: year, month: month, day: day)
    }

    /// The eleven national holidays, and those of the parts of France in `local`.
    public static func holidays(_ year: Int, local: LocalHolidays = []) -> [CivilDate: String] {
        let e = easter(year)
        var days: [CivilDate: String] = [
            CivilDate(year: year, month: 1, day: 1): "Jour de l'an",
            e.adding(days: 1): "Lundi de Pâques",
            CivilDate(year: year, month: 5, day: 1): "Fête du Travail",
            CivilDate(year: year, month: 5, day: 8): "Victoire 1945",
            e.adding(days: 39): "Ascension",
            e.adding(days: 50): "Lundi de Pentecôte",
            CivilDate(year: year, month: 7, day: 14): "Fête nationale",
            CivilDate(year: year, month: 8, day: 15): "Assomption",
            CivilDate(year: year, month: 11, day: 1): "Toussaint",
            CivilDate(year: year, month: 11, day: 11): "Armistice 1918",
            CivilDate(year: year, month: 12, day: 25): "Noël",
        ]
        if local.contains(.alsaceMoselle) {
            days[e.adding(days: -2)] = "Vendredi saint"
            days[CivilDate(year: year, month: 12, day: 26)] = "Saint-Étienne"
        }
        for (region, month, day) in LocalHolidays.abolitionDays where local.contains(region) {
            days[CivilDate(year: year, month: month, day: day)] = "Abolition de l'esclavage (\(region.labels.joined(separator: ", ")))"
        }
        return days
    }

    /// A working day: Monday to Friday, not a public holiday.
    /// Whether a date may fall in school holidays in some zone, from the national pattern of
    /// the French school year: Toussaint (15 October – 5 November), Christmas (17 December –
    /// 7 January), winter (3 February – 12 March, the three zones' weeks together), spring
    /// (1 April – 10 May), the Friday after Ascension, summer (1 July – 3 September). Used when
    /// a territory gives no holidays of its own: only such dates need checking.
    public static func mayBeSchoolHoliday(_ date: CivilDate) -> Bool {
        let md = date.month * 100 + date.day
        let windows = [(1015, 1105), (1217, 1231), (101, 107), (203, 312), (401, 510), (701, 903)]
        if windows.contains(where: { md >= $0.0 && md <= $0.1 }) { return true }
        return date == easter(date.year).adding(days: 40)
    }

    public static let monthNames = FrenchDate.monthNames

    /// « mardi 12 janvier 2027 »; « mardi 12 janvier » without the year (a month's calendar).
    public static func spoken(_ date: CivilDate, year: Bool = true) -> String {
        "\(weekdayNames[date.weekday - 1]) \(date.day == 1 ? "1er" : String(date.day)) \(monthNames[date.month - 1])" + (year ? " \(date.year)" : "")
    }

    public static func isWorkingDay(_ date: CivilDate, local: LocalHolidays = []) -> Bool {
        date.weekday <= 5 && holidays(date.year, local: local)[date] == nil
    }

    /// The CAF pays on the 5th, or the next working day when the 5th is not one.
    public static func cafPayDay(year: Int, month: Int, local: LocalHolidays = []) -> CivilDate {
        var date = CivilDate(year: year, month: month, day: 5)
        while !isWorkingDay(date, local: local) { date = date.adding(days: 1) }
        return date
    }
}

/// Public holidays that only part of France keeps, on top of the eleven national ones: Good
/// Friday and St Stephen's Day in Moselle, Bas-Rhin and Haut-Rhin (Code du travail, L3134-13),
/// and the commemoration of the abolition of slavery overseas (loi n° 83-550 du 30 juin 1983,
/// décret n° 83-1003 du 23 novembre 1983, and its later additions). A plan knows which apply
/// from the commune codes of its territory.
public struct LocalHolidays: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let alsaceMoselle = LocalHolidays(rawValue: 1 << 0)
    public static let guadeloupe = LocalHolidays(rawValue: 1 << 1)
    public static let martinique = LocalHolidays(rawValue: 1 << 2)
    public static let guyane = LocalHolidays(rawValue: 1 << 3)
    public static let reunion = LocalHolidays(rawValue: 1 << 4)
    public static let mayotte = LocalHolidays(rawValue: 1 << 5)
    public static let saintBarthelemy = LocalHolidays(rawValue: 1 << 6)
    public static let saintMartin = LocalHolidays(rawValue: 1 << 7)

    /// Each part of France with its own holidays: its commune codes' département prefix and
    /// its name.
    static let regions: [(region: LocalHolidays, prefixes: [String], label: String)] = [
        (.alsaceMoselle, ["57", "67", "68"], "Alsace-Moselle"),
        (.guadeloupe, ["971"], "Guadeloupe"),
        (.martinique, ["972"], "Martinique"),
        (.guyane, ["973"], "Guyane"),
        (.reunion, ["974"], "La Réunion"),
        (.mayotte, ["976"], "Mayotte"),
        (.saintBarthelemy, ["977"], "Saint-Barthélemy"),
        (.saintMartin, ["978"], "Saint-Martin"),
    ]

    /// The day each overseas territory commemorates the abolition of slavery.
    static let abolitionDays: [(LocalHolidays, Int, Int)] = [
        (.mayotte, 4, 27), (.martinique, 5, 22), (.guadeloupe, 5, 27), (.saintMartin, 5, 28), (.guyane, 6, 10),
        (.saintBarthelemy, 10, 9), (.reunion, 12, 20),
    ]

    /// The local holidays of the communes `codes` (INSEE codes, or IRIS codes that start with
    /// them): every part of France among them, so that a plan over several keeps every
    /// commune's holidays.
    public init(communes codes: some Sequence<String>) {
        self = []
        for code in codes {
            for entry in Self.regions where !contains(entry.region) && entry.prefixes.contains(where: { code.hasPrefix($0) }) {
                insert(entry.region)
            }
        }
    }

    /// The names of the parts of France in the set, for reports.
    public var labels: [String] { Self.regions.filter { contains($0.region) }.map(\.label) }
}
