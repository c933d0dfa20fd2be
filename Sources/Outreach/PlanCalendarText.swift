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

    /// What the teams' passage sheets changed, in a sentence per place; nil without sheets.
    public static func learnedFromSheets(_ plan: OutreachPlan) -> [String]? {
        guard !plan.learned.isEmpty else { return nil }
        var lines = plan.learned.filter { $0.visits > 0 }.map { update -> String in
            let change =
                update.dropped
                ?? "\(FrenchNumber.decimal(update.prior, digits: 1)) → \(FrenchNumber.decimal(update.expected, digits: 1)) personnes attendues par demi-journée"
            return
                "\(update.name) : \(update.visits) passage(s) observé(s), \(FrenchNumber.decimal(update.meanMet, digits: 1)) personnes en moyenne ; \(change)"
        }
        for (kind, factor) in plan.kindFactors.sorted(by: { $0.key < $1.key }) {
            let label = StopKind(rawValue: kind)?.frenchLabel ?? kind
            lines.append("type « \(label) » : chiffre réestimé sur les passages du territoire (× \(FrenchNumber.decimal(factor, digits: 2)))")
        }
        return lines
    }

    /// A period in words: « janvier 2027 », « mars à avril 2027 », « novembre 2027 à janvier 2028 ».
    public static func periodWords(_ period: [YearMonth]) -> String {
        let names = FrenchCalendar.monthNames
        func month(_ m: YearMonth, year: Bool) -> String { names[m.month - 1] + (year ? " \(m.year)" : "") }
        guard let first = period.first, let last = period.last else { return "" }
        return first == last ? month(first, year: true) : "\(month(first, year: first.year != last.year)) à \(month(last, year: true))"
    }

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
        if let learned = plan.learned.first(where: { $0.name == stop.name }), learned.visits > 0 {
            text +=
                " ; d'après \(learned.visits) passage(s) observé(s) (\(FrenchNumber.decimal(learned.meanMet, digits: 1)) personnes en moyenne, \(FrenchNumber.decimal(learned.prior, digits: 1)) attendues avant les feuilles de passage)"
        }
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
}
