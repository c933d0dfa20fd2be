import Foundation

/// A calendar day, without time zone trouble.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

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

    /// The eleven national holidays (and Good Friday and St Stephen's Day in Alsace-Moselle).
    public static func holidays(_ year: Int, alsaceMoselle: Bool = false) -> [CivilDate: String] {
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
        if alsaceMoselle {
            days[e.adding(days: -2)] = "Vendredi saint"
            days[CivilDate(year: year, month: 12, day: 26)] = "Saint-Étienne"
        }
        return days
    }

    /// A working day: Monday to Friday, not a public holiday.
    public static func isWorkingDay(_ date: CivilDate, alsaceMoselle: Bool = false) -> Bool {
        date.weekday <= 5 && holidays(date.year, alsaceMoselle: alsaceMoselle)[date] == nil
    }

    /// The CAF pays on the 5th, or the next working day when the 5th is not one.
    public static func cafPayDay(year: Int, month: Int, alsaceMoselle: Bool = false) -> CivilDate {
        var date = CivilDate(year: year, month: month, day: 5)
        while !isWorkingDay(date, alsaceMoselle: alsaceMoselle) { date = date.adding(days: 1) }
        return date
    }
}
