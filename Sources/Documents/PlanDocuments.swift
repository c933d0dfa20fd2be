import Cartography
import Exports
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Network
import Outreach
import Risk
import Support

/// The plan as documents a team and a comité use: its visits and candidates as tables for
/// people (CSV in the French spreadsheet convention, or workbooks), and its calendar
/// (iCalendar, RFC 5545). The plan itself is the domain's (Outreach); these are its pages.
extension PlanText {
    // The plan's tables are for people: `PeopleTable` writes them in the French spreadsheet
    // convention (see `CSVDialect`), or as workbooks.

    /// Numbers in the calendar (RFC 5545 `GEO`) and in its stable identifiers: a point, always.
    static func plain(_ value: Double, _ digits: Int) -> String { CSVDialect.machine.decimal(value, digits: digits) }

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

    /// The passage sheet a team fills in after each half-day (`feuille_passage`, a CSV or a
    /// workbook): one row per planned half-day (stop, date, hours, people expected), then empty
    /// columns for what the team saw (people met, new ones, procedures started per benefit,
    /// referrals, remarks). Its filled copies are what a bilan reads back.
    public static func passageSheet(_ plan: OutreachPlan, benefits: [(id: String, label: String)]) -> PeopleTable {
        let numbers = numbers(plan)
        let definitions = ColumnDictionary.passageSheet(benefits: benefits)
        let kinds: [String: OutputFieldKind] = [
            "date": .date, "equipe": .integer, "numero": .integer, "personnes_attendues": .real, "remarques": .string, "jour": .string,
            "creneau": .string, "debut": .string, "fin": .string, "arret": .string, "adresse": .string, "commune": .string,
        ]
        var table = PeopleTable(
            sheet: "feuille_passage",
            columns: definitions.map { PeopleTable.Column($0.name, kinds[$0.name] ?? .integer, digits: $0.name == "personnes_attendues" ? 1 : 0) })
        table.dictionary = definitions
        let filled = definitions.count - 11
        for visit in plan.visits {
            let stop = plan.candidates[visit.stop]
            table.rows.append(
                [
                    .date(visit.date.year, visit.date.month, visit.date.day), .string(FrenchCalendar.weekdayNames[visit.date.weekday - 1]),
                    .string(visit.slot.part.french), .string(clock(visit.slot.start)), .string(clock(visit.slot.end)),
                    .integer(Int64(visit.team + 1)), numbers[visit.stop].map { .integer(Int64($0)) } ?? .null, .string(stop.name),
                    .string(stop.address), .string(communeLabel(plan, visit.stop)), .real(plan.contactsPerHalfDay[visit.stop]),
                ] + [FieldValue](repeating: .null, count: filled))
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

    /// The plan's section of the HTML report: its map and its calendar.
    public static func htmlSection(_ plan: OutreachPlan, mapSVG: String) -> String {
        let numbers = PlanText.numbers(plan)
        var html = "<h2>Tournée d'aller-vers proposée (\(PlanText.periodLabel(plan)))</h2>\n"
        html +=
            "<p>Mesure utilisée : le volume estimé (ménages × prestations non perçues), qui compte les personnes à rencontrer. \(plan.chosen.count) arrêts, \(plan.visits.count) demi-journées ; \(FrenchNumber.integer(plan.value)) ménages en non-recours estimé rencontrés sur la période (espérance ; les personnes attendues par demi-journée sont ce que rapportent les équipes pour chaque type de lieu, jamais moins de \(FrenchNumber.decimal(plan.settings.minimumPeople, digits: 0))), sur \(FrenchNumber.integer(plan.householdsReached)) vivant près d'un arrêt. Les points d'accueil (CCAS, France Services, accueils CAF), où les gens viennent déjà, ne sont pas proposés comme arrêts. Versements CAF : \(plan.period.map { FrenchCalendar.cafPayDay(year: $0.year, month: $0.month, local: plan.settings.localHolidays).description }.joined(separator: ", ")) : supermarchés dans les jours qui suivent, à la place de l'arrêt habituel de ce créneau. Passages \(plan.settings.frequency.french)\(plan.villageStops.isEmpty ? "" : ", dans les villages \(plan.settings.villageFrequency.french) à tour de rôle"). \(PlanText.guarantee(plan)) Trajets \(xml(plan.travel.modeLabel)), \(xml(plan.travel.method)).</p>\n"
        if !plan.warnings.isEmpty { html += "<p class=\"note\">À vérifier : " + plan.warnings.map(xml).joined(separator: " ; ") + "</p>\n" }
        if let empty = PlanText.emptyHalfDays(plan) { html += "<p class=\"note\">\(xml(empty))</p>\n" }
        if let learned = PlanText.learnedFromSheets(plan) {
            html += "<p>Ce que les feuilles de passage des équipes ont changé :</p>\n<ul>\n" + learned.map { "<li>\(xml($0))</li>\n" }.joined() + "</ul>\n"
        }
        html += "<div class=\"map\">" + HTMLReport.inlineSVG(mapSVG, idPrefix: "tournee") + "</div>\n"
        html +=
            "<table><thead><tr><th>Date</th><th>Créneau</th>\(plan.settings.teams > 1 ? "<th>Équipe</th>" : "")<th>N°</th><th>Arrêt</th><th>Type</th><th>Personnes attendues</th></tr></thead><tbody>\n"
        for visit in plan.visits {
            let stop = plan.candidates[visit.stop]
            html +=
                "<tr><td>\(visit.date) (\(FrenchCalendar.weekdayNames[visit.date.weekday - 1]))</td><td>\(visit.slot.part.french)</td>\(plan.settings.teams > 1 ? "<td class=\"n\">\(visit.team + 1)</td>" : "")<td class=\"n\">\(numbers[visit.stop].map(String.init) ?? "—")</td><td>\(xml(visit.event.map { "\($0) — \(stop.name)" } ?? stop.name))</td><td>\(xml(stop.kind.frenchLabel))</td><td class=\"n\">\(FrenchNumber.decimal(plan.contactsPerHalfDay[visit.stop], digits: 1))</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }
}
