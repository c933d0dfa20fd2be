import Exports
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Support

/// The plan as text: the visit table, the candidates with their fate (CSV or workbook), and the
/// calendar (iCalendar, RFC 5545: one event per visit, Europe/Paris, stable UIDs).
public enum PlanText {
    /// The half-days left free, and why, in one sentence; nil when every half-day is planned.
    public static func emptyHalfDays(_ plan: OutreachPlan) -> String? {
        guard !plan.emptyHalfDays.isEmpty else { return nil }
        let teams = plan.settings.teams > 1
        let listed = plan.emptyHalfDays.prefix(8).map { slot in
            (teams ? "équipe \(slot.team + 1), " : "") + "\(FrenchCalendar.spoken(slot.date)) \(slot.part.french)"
        }
        let more = plan.emptyHalfDays.count > 8 ? "…" : ""
        return
            "\(plan.emptyHalfDays.count) demi-journée(s) laissée(s) libre(s) (\(listed.joined(separator: " ; "))\(more)) : aucun autre lieu n'y attend au moins \(FrenchNumber.decimal(plan.settings.minimumPeople, digits: 0)) personnes (minimum_people) ni n'ajoute de ménages en non-recours rencontrés ; les lieux écartés et leur raison sont dans candidats.csv."
    }

    /// The plan's optimality guarantee in a sentence: the upper bound says how many more
    /// people any other choice of stops could meet at most.
    public static func guarantee(_ plan: OutreachPlan) -> String {
        guard plan.gap > 0.0005, plan.gap < 1 else {
            return "Aucun autre choix d'arrêts ne rencontrerait plus de personnes sur ces créneaux (choix optimal)."
        }
        let more = plan.gap / (1 - plan.gap) * 100
        return
            "Aucun autre choix d'arrêts ne rencontrerait plus de \(FrenchNumber.decimal(more, digits: 0)) % de personnes en plus sur ces créneaux (borne de calcul : l'écart réel est en général bien moindre)."
    }

    public static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

    /// A time of day as a French document writes it: « 9 h 30 », « 12 h » (no-break spaces, so
    /// that a line never ends between the hour and its « h »).
    public static func spokenClock(_ minutes: Int) -> String {
        let hour = "\(minutes / 60)\u{A0}h"
        return minutes % 60 == 0 ? hour : hour + "\u{A0}" + (minutes % 60 < 10 ? "0" : "") + String(minutes % 60)
    }

    /// A chosen stop's series with its own hours (a school gate's, say); empty if not chosen.
    public static func seriesLabel(_ plan: OutreachPlan, _ j: Int) -> String {
        guard let series = plan.seriesOf[j] else { return "" }
        let label = series.label(hours: plan.settings.hours(of: plan.candidates[j].kind.rawValue, in: series.slot))
        // A pay-week stop that gave its half-day to a community place says the day it keeps.
        let visits = plan.visits.filter { $0.stop == j && $0.event == nil }
        guard series.payWeek, visits.contains(where: { $0.date.weekday != series.weekday || $0.slot.part != series.slot.part }) else { return label }
        let days = visits.map { "\(FrenchCalendar.spoken($0.date)) \($0.slot.part.french) \(spokenClock($0.slot.start))–\(spokenClock($0.slot.end))" }
        return days.joined(separator: ", ") + ", après le versement CAF"
    }

    // The plan's tables are for people: `PeopleTable` writes them in the French spreadsheet
    // convention (see `CSVDialect`), or as workbooks.

    /// Numbers in the calendar (RFC 5545 `GEO`) and in its stable identifiers: a point, always.
    static func plain(_ value: Double, _ digits: Int) -> String { CSVDialect.machine.decimal(value, digits: digits) }

    /// Stop numbers: chosen stops in the order of their series (weekday, then morning first).
    public static func numbers(_ plan: OutreachPlan) -> [Int: Int] {
        let ordered = plan.chosen.sorted { a, b in
            let sa = plan.seriesOf[a]!, sb = plan.seriesOf[b]!
            return (sa.team, sa.weekday, sa.slot.part.rawValue, sa.payWeek ? 1 : 0, sa.phase, a)
                < (sb.team, sb.weekday, sb.slot.part.rawValue, sb.payWeek ? 1 : 0, sb.phase, b)
        }
        var numbers: [Int: Int] = [:]
        for (i, j) in ordered.enumerated() { numbers[j] = i + 1 }
        return numbers
    }

    /// « 2027-03 » or « 2027-03 à 2027-06 ».
    public static func periodLabel(_ plan: OutreachPlan) -> String {
        plan.period.count == 1 ? plan.period[0].description : "\(plan.period[0]) à \(plan.period[plan.period.count - 1])"
    }

    /// One row per visit (`;`-separated, UTF-8, as French spreadsheets expect).
    public static func visitsCSV(_ plan: OutreachPlan) -> String { visitsTable(plan).csv }

    /// Every candidate, chosen or not, with the reason.
    public static func candidatesCSV(_ plan: OutreachPlan) -> String { candidatesTable(plan).csv }

    /// The visits as a table for people: a CSV or a workbook sheet « visites ».
    public static func visitsTable(_ plan: OutreachPlan) -> PeopleTable {
        let numbers = numbers(plan)
        var table = PeopleTable(
            sheet: "visites",
            columns: [
                .init("date", .date), .init("jour", .string), .init("creneau", .string), .init("debut", .string), .init("fin", .string),
                .init("equipe", .integer), .init("numero", .integer), .init("arret", .string), .init("adresse", .string), .init("type", .string),
                .init("evenement", .string), .init("longitude", .real, digits: 6), .init("latitude", .real, digits: 6),
                .init("personnes_attendues", .real, digits: 1), .init("dont_non_recours", .real, digits: 1),
                .init("menages_a_portee", .real, digits: 1),
            ])
        for visit in plan.visits {
            let stop = plan.candidates[visit.stop]
            table.rows.append([
                .date(visit.date.year, visit.date.month, visit.date.day), .string(FrenchCalendar.weekdayNames[visit.date.weekday - 1]),
                .string(visit.slot.part.french),
                .string(clock(visit.slot.start)), .string(clock(visit.slot.end)), .integer(Int64(visit.team + 1)),
                numbers[visit.stop].map { .integer(Int64($0)) } ?? .null, .string(stop.name), .string(stop.address), .string(stop.kind.frenchLabel),
                .string(visit.event ?? ""), .real(stop.lonLat.x), .real(stop.lonLat.y), .real(plan.contactsPerHalfDay[visit.stop]),
                .real(plan.atRiskPerHalfDay[visit.stop]), .real(plan.reach[visit.stop]),
            ])
        }
        return table
    }

    /// Every candidate, chosen or not, with the reason: a CSV or a workbook sheet « candidats ».
    public static func candidatesTable(_ plan: OutreachPlan) -> PeopleTable {
        let numbers = numbers(plan)
        var table = PeopleTable(
            sheet: "candidats",
            columns: [
                .init("arret", .string), .init("adresse", .string), .init("type", .string), .init("longitude", .real, digits: 6),
                .init("latitude", .real, digits: 6), .init("personnes_par_demi_journee", .real, digits: 1),
                .init("dont_non_recours", .real, digits: 1), .init("passages_possibles", .integer),
                .init("menages_a_portee", .real, digits: 1), .init("statut", .string), .init("numero", .integer), .init("creneau", .string),
                .init("raison", .string), .init("commune", .string), .init("a_proximite", .string),
            ])
        let order = plan.candidates.indices.sorted { (plan.candidates[$0].name, $0) < (plan.candidates[$1].name, $1) }
        for j in order {
            let stop = plan.candidates[j]
            let chosen = numbers[j] != nil
            table.rows.append([
                .string(stop.name), .string(stop.address), .string(stop.kind.frenchLabel), .real(stop.lonLat.x), .real(stop.lonLat.y),
                .real(plan.contactsPerHalfDay[j]), .real(plan.atRiskPerHalfDay[j]), .integer(Int64(plan.visitsPossible[j])), .real(plan.reach[j]),
                .string(chosen ? "retenu" : "écarté"), numbers[j].map { .integer(Int64($0)) } ?? .null, .string(seriesLabel(plan, j)),
                .string(chosen ? reason(plan, j) : plan.rejected[j] ?? ""), .string(communeLabel(plan, j)),
                .string(stop.nearby.joined(separator: " ; ")),
            ])
        }
        return table
    }

    /// A candidate's commune as « Nom (code) », or empty when unknown.
    public static func communeLabel(_ plan: OutreachPlan, _ j: Int) -> String {
        guard j < plan.communes.count, !plan.communes[j].isEmpty else { return "" }
        let code = plan.communes[j]
        return "\(plan.communeNames[code] ?? code) (\(code))"
    }

    /// Where a stop's households live: « à moins de 600 m », or, in a village, « dans la
    /// commune (village de moins de 1 000 ménages, à moins de 5 km) ».
    /// A bourg's market adds « ou dans les communes alentour à moins de 8 km (jour de marché) ».
    public static func catchment(of kind: StopKind, village: Bool, bourgMarket: Bool = false, settings: PlanSettings) -> String {
        var text = "à moins de \(Int(settings.contacts.rules(for: kind).catchment)) m"
        if village {
            text +=
                " ou dans la commune (village de moins de \(FrenchNumber.integer(settings.villageHouseholds)) ménages, à moins de \(FrenchNumber.decimal(settings.villageRadius / 1000, digits: 0)) km)"
        }
        if bourgMarket {
            text += " ou dans les communes alentour à moins de \(FrenchNumber.decimal(settings.marketRadius / 1000, digits: 0)) km (jour de marché)"
        }
        return text
    }

    /// Why a stop was chosen, in French.
    public static func reason(_ plan: OutreachPlan, _ j: Int) -> String {
        let stop = plan.candidates[j]
        let rules = plan.settings.contacts
        var text =
            "≈ \(FrenchNumber.decimal(plan.contactsPerHalfDay[j], digits: 1)) personnes attendues par demi-journée (capacité de l'équipe : \(FrenchNumber.decimal(rules.teamCapacity, digits: 0)))"
        text +=
            " ; \(FrenchNumber.decimal(plan.reach[j], digits: 1)) ménages en non-recours estimé \(catchment(of: stop.kind, village: plan.villageStops.contains(j), bourgMarket: plan.bourgMarkets.contains(j), settings: plan.settings)) (\(plan.catchmentMethod))"
        let groups = plan.groups.indices.filter { plan.expectedByGroup[j][$0] > 0 }
            .sorted { (plan.expectedByGroup[j][$0], -$0) > (plan.expectedByGroup[j][$1], -$1) }
        if let main = groups.first, plan.groups.count > 1 {
            text += " ; public surtout concerné : \(plan.groups[main].uppercased())"
        }
        text += " ; ménages rencontrés en plus grâce à lui sur le mois : \(FrenchNumber.decimal(plan.marginalValue[j] ?? 0, digits: 1))"
        if plan.rotation, plan.chosen.filter({ plan.communes[$0] == plan.communes[j] }).count == 1 {
            text += " ; seul arrêt de \(plan.communeNames[plan.communes[j]] ?? plan.communes[j]) : la tournée passe dans chaque commune (rotation)"
        }
        switch stop.kind {
        case .supermarket: text += " ; supermarché, visité après le versement de la CAF"
        case .market: text += " ; marché, là où les gens sont déjà"
        case .communityCentre: text += " ; maison de quartier : lieu peu stigmatisant"
        case .youth: text += " ; Mission locale ou information jeunesse : les jeunes adultes"
        case .pmi: text += " ; PMI : les parents de jeunes enfants, dont les parents isolés"
        case .school: text += " ; sortie d'école : les parents, dont les parents isolés"
        case .seniorClub: text += " ; club ou résidence seniors : les personnes âgées (ASPA)"
        default: text += " ; \(stop.kind.frenchLabel)"
        }
        return text
    }

    /// Calendar escaping (RFC 5545 §3.3.11).
    static func escape(_ text: String) -> String {
        // Control characters are not allowed in iCalendar text (RFC 5545 §3.3.11), but tab.
        let cleaned = String(
            String.UnicodeScalarView(
                text.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars.compactMap { scalar in
                    scalar == "\n" || scalar == "\t" ? scalar : (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)) ? nil : scalar
                }))
        return cleaned.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Lines folded at 75 octets, CRLF (RFC 5545 §3.1), never inside a UTF-8 character.
    static func fold(_ line: String) -> String {
        var out = ""
        var current = 0
        for ch in line {
            let size = String(ch).utf8.count
            if current + size > 75 {
                out += "\r\n "
                current = 1
            }
            out.append(ch)
            current += size
        }
        return out + "\r\n"
    }

    /// The calendar title of a visit: the event's name, or « Aller-vers n° k : stop ».
    static func summary(_ plan: OutreachPlan, _ visit: Visit, number: Int?) -> String {
        let stop = plan.candidates[visit.stop]
        var text = visit.event.map { "\($0) — \(stop.name)" } ?? "Aller-vers n° \(number ?? 0) : \(stop.name)"
        if plan.settings.teams > 1 { text += " (équipe \(visit.team + 1))" }
        return text
    }

    /// A stable identifier: FNV-1a of the stop and the visit.
    static func uid(_ plan: OutreachPlan, _ visit: Visit) -> String {
        let stop = plan.candidates[visit.stop]
        var key = "\(stop.name)|\(stop.kind.rawValue)|\(plain(stop.lonLat.x, 5))|\(plain(stop.lonLat.y, 5))|\(visit.date)|\(visit.slot.part.rawValue)"
        if visit.team > 0 { key += "|team\(visit.team)" }
        if let event = visit.event { key += "|event|\(event)" }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(
            format: "%@-%@-%016llx@allervers", visit.date.description.replacingOccurrences(of: "-", with: ""),
            ["matin", "apresmidi", "soir"][visit.slot.part.rawValue], hash)
    }

    /// The iCalendar file; `stamp` is the production date (DTSTAMP), for reproducible bytes.
    public static func iCalendar(_ plan: OutreachPlan, territory: String, stamp: CivilDate) -> String {
        let numbers = numbers(plan)
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//AllerVers//Plan de tournee//FR", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:\(escape("Aller-vers — \(territory) — \(periodLabel(plan))"))",
            "X-WR-TIMEZONE:Europe/Paris",
            "BEGIN:VTIMEZONE", "TZID:Europe/Paris",
            "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
            "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
            "END:VTIMEZONE",
        ]
        let dtstamp = String(format: "%04d%02d%02dT000000Z", stamp.year, stamp.month, stamp.day)
        for visit in plan.visits {
            let stop = plan.candidates[visit.stop]
            let day = String(format: "%04d%02d%02d", visit.date.year, visit.date.month, visit.date.day)
            func time(_ minutes: Int) -> String { String(format: "T%02d%02d00", minutes / 60, minutes % 60) }
            lines += [
                "BEGIN:VEVENT",
                "UID:\(uid(plan, visit))",
                "DTSTAMP:\(dtstamp)",
                "DTSTART;TZID=Europe/Paris:\(day)\(time(visit.slot.start))",
                "DTEND;TZID=Europe/Paris:\(day)\(time(visit.slot.end))",
                "SUMMARY:\(escape(summary(plan, visit, number: numbers[visit.stop])))",
                "LOCATION:\(escape(stop.address.isEmpty || stop.name.contains(stop.address) ? stop.name : "\(stop.name), \(stop.address)"))",
                "GEO:\(plain(stop.lonLat.y, 6));\(plain(stop.lonLat.x, 6))",
                "CATEGORIES:\(escape(stop.kind.frenchLabel))",
                "DESCRIPTION:\(escape(reason(plan, visit.stop)))",
                "TRANSP:OPAQUE",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined()
    }
}
