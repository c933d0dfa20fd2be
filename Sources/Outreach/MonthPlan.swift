import Foundation
import GeometryCore
import Inputs
import Network
import Risk

/// A stop the plan may use: a point of interest, in the grid CRS for distances.
public struct StopCandidate: Sendable {
    public var name: String
    public var kind: StopKind
    /// WGS 84 longitude/latitude, for outputs.
    public var lonLat: Point
    /// The same place in the grid's projected CRS (metres).
    public var location: Point
    public var source: String
    /// Number, street and commune when the source gives them, else empty.
    public var address: String

    public init(name: String, kind: StopKind, lonLat: Point, location: Point, source: String, address: String = "") {
        self.name = name
        self.kind = kind
        self.lonLat = lonLat
        self.location = location
        self.source = source
        self.address = address
    }
}

/// A recurring slot of the team: a weekday and a half-day.
public struct Series: Sendable, Hashable {
    public var weekday: Int
    public var slot: HalfDay
    public var label: String { "\(FrenchCalendar.weekdayNames[weekday - 1]) \(slot.part.french)" }
}

/// One dated visit of a chosen stop.
public struct Visit: Sendable {
    public var date: CivilDate
    public var slot: HalfDay
    public var stop: Int
}

/// The month's plan: chosen stops, their series, dated visits, the day routes, the candidates
/// left aside with the reason, and how good the choice is against its bound.
public struct MonthPlan: Sendable {
    public var year: Int
    public var month: Int
    public var settings: PlanSettings
    public var candidates: [StopCandidate]
    /// Households at risk within each candidate's catchment (per-cell risk, reception discount applied).
    public var reach: [Double]
    /// People a team can expect to meet per half-day at each candidate (capped by its capacity).
    public var contactsPerHalfDay: [Double]
    /// Visits each candidate would get this month on its best series.
    public var visitsPossible: [Int]
    /// Target groups (benefits) of the demand, and each candidate's expected households met
    /// per group over the month (alone).
    public var groups: [String]
    public var expectedByGroup: [[Double]]
    public var chosen: [Int]
    public var seriesOf: [Int: Series]
    public var marginalValue: [Int: Double]
    public var visits: [Visit]
    /// The objective (expected distinct households at risk met over the month) and its bound.
    public var value: Double
    public var upperBound: Double
    /// Households at risk within the catchment of at least one chosen stop.
    public var householdsReached: Double
    public var rejected: [Int: String]
    public var warnings: [String]
    public var depot: (lonLat: Point, location: Point)
    /// How travel times between the depot and the stops were measured.
    public var travel: any TravelModel
    /// The EPSG code of the projected CRS of `location`s (the grid's).
    public var gridEPSG: Int

    public var gap: Double { upperBound > 0 ? (upperBound - value) / upperBound : 0 }
}

public enum MonthPlanner {
    /// The team's series: each team day, morning and afternoon.
    public static func series(_ settings: PlanSettings) -> [Series] {
        settings.teamDays.flatMap { day in [Series(weekday: day, slot: settings.morning), Series(weekday: day, slot: settings.afternoon)] }
    }

    /// Days of the month a stop of this candidate's kind may be visited on this weekday.
    static func dates(
        for candidate: StopCandidate, weekday: Int, year: Int, month: Int, settings: PlanSettings
    ) -> [CivilDate] {
        let holidays = FrenchCalendar.holidays(year, alsaceMoselle: settings.alsaceMoselle)
        let first = CivilDate(year: year, month: month, day: 1)
        var dates = (0..<CivilDate.daysIn(year: year, month: month)).map { first.adding(days: $0) }
            .filter { $0.weekday == weekday && $0.weekday != 7 && holidays[$0] == nil }
        if candidate.kind == .supermarket {
            let pay = FrenchCalendar.cafPayDay(year: year, month: month, alsaceMoselle: settings.alsaceMoselle)
            let last = pay.adding(days: settings.supermarketDaysAfterPayDay)
            dates = dates.filter { $0 >= pay && $0 <= last }
        } else if settings.frequency == .biweekly {
            dates = dates.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        }
        return dates
    }

    /// The weekdays a candidate may be used on, and a warning when they are unknown.
    static func allowedWeekdays(_ candidate: StopCandidate, settings: PlanSettings) -> (days: Set<Int>, warning: String?) {
        let team = Set(settings.teamDays)
        switch candidate.kind {
        case .other:
            return ([], nil)
        case .supermarket:
            return (team, nil)
        case .market:
            if let known = settings.marketDays.first(where: { candidate.name.lowercased().hasPrefix($0.prefix.lowercased()) }) {
                return (team.intersection(known.days), nil)
            }
            let defaults = settings.kindDays["market"] ?? []
            if defaults.isEmpty {
                return (team, "\(candidate.name) : jours de marché inconnus, placé n'importe quel jour de tournée ; à vérifier ([markets] du fichier de tournée)")
            }
            return (team.intersection(defaults), nil)
        default:
            let days = settings.kindDays[candidate.kind.rawValue] ?? []
            if days.isEmpty {
                return (team, "\(candidate.name) : jours d'ouverture inconnus (\(candidate.kind.frenchLabel)), placé n'importe quel jour de tournée")
            }
            return (team.intersection(days), nil)
        }
    }

    /// Chooses the stops and lays out the month. `weights[c][g]`: households at risk missing
    /// the benefit `groups[g]` in demand cell `c`.
    public static func plan(
        year: Int, month: Int, settings: PlanSettings, candidates: [StopCandidate], demand: [Point], groups: [String], weights: [[Double]],
        depot: (lonLat: Point, location: Point), gridEPSG: Int, travel: any TravelModel, threads: Int
    ) -> MonthPlan {
        let allSeries = series(settings)
        let rules = settings.contacts
        // Minutes between the depot (0) and every candidate (1…), in each direction.
        let places = [depot.location] + candidates.map(\.location)
        let minutes = travel.minutes(from: places, to: places, threads: threads)
        var warnings: [String] = []
        var rejected: [Int: String] = [:]
        var selectionCandidates: [StopSelection.Candidate] = []
        var visitsPossible: [Int] = []
        for (candidateIndex, candidate) in candidates.enumerated() {
            let (days, warning) = allowedWeekdays(candidate, settings: settings)
            if let warning { warnings.append(warning) }
            var allowed = Set<Int>()
            var most = 0
            for (s, series) in allSeries.enumerated() where days.contains(series.weekday) {
                // A series is usable only if it gives at least one visit this month, and the
                // depot is close enough for the slot.
                let count = dates(for: candidate, weekday: series.weekday, year: year, month: month, settings: settings).count
                guard count > 0 else { continue }
                let fits = series.slot.part == .morning
                    ? Double(series.slot.start - settings.dayStart) >= minutes[0][candidateIndex + 1]
                    : Double(settings.dayEnd - series.slot.end) >= minutes[candidateIndex + 1][0]
                if fits {
                    allowed.insert(s)
                    most = max(most, count)
                }
            }
            selectionCandidates.append(StopSelection.Candidate(location: candidate.location, allowedSeries: allowed))
            visitsPossible.append(most)
        }
        // Households already within easy reach of a reception point count less.
        let receptions = candidates.filter { $0.kind == .ccas || $0.kind == .franceServices }.map(\.location)
        var factor = [Double](repeating: 1, count: demand.count)
        for list in StraightLineTravel.catchments(of: receptions, origins: demand, radius: rules.receptionReach) {
            for c in list { factor[Int(c)] = 1 - rules.receptionDiscount }
        }
        // Demand units: one per cell and target group.
        var unitWeight: [Double] = [], unitGroup: [Int] = [], unitsOfCell = [[Int32]](repeating: [], count: demand.count)
        for c in demand.indices {
            for g in groups.indices where weights[c][g] * factor[c] > 0 {
                unitsOfCell[c].append(Int32(unitWeight.count))
                unitWeight.append(weights[c][g] * factor[c])
                unitGroup.append(g)
            }
        }
        // Per candidate: the units in its catchment, the share met per visit, capped by the
        // team's capacity, and over the visits of the month.
        var covers: [[Int32]] = [], probabilities: [[Double]] = []
        var reach: [Double] = [], contacts: [Double] = [], expectedByGroup: [[Double]] = []
        for (j, candidate) in candidates.enumerated() {
            let kind = rules.rules(for: candidate.kind)
            let cells = StraightLineTravel.catchments(of: [candidate.location], origins: demand, radius: kind.catchment)[0]
            let units = cells.flatMap { unitsOfCell[Int($0)] }.sorted()
            let perVisit = units.map { kind.footfall * rules.weight(group: groups[unitGroup[Int($0)]], kind: candidate.kind) }
            let raw = zip(units, perVisit).reduce(0) { $0 + unitWeight[Int($1.0)] * $1.1 }
            let scale = raw > rules.teamCapacity ? rules.teamCapacity / raw : 1
            let visits = Double(max(visitsPossible[j], 1))
            let overMonth = perVisit.map { 1 - pow(1 - min(1, $0 * scale), visits) }
            var byGroup = [Double](repeating: 0, count: groups.count)
            for (k, u) in units.enumerated() { byGroup[unitGroup[Int(u)]] += unitWeight[Int(u)] * overMonth[k] }
            covers.append(units)
            probabilities.append(overMonth)
            reach.append(units.reduce(0) { $0 + unitWeight[Int($1)] })
            contacts.append(min(raw, rules.teamCapacity))
            expectedByGroup.append(byGroup)
        }
        var sameDay: [Int: Int] = [:]
        for (s, series) in allSeries.enumerated() where series.slot.part == .morning {
            if let t = allSeries.firstIndex(where: { $0.weekday == series.weekday && $0.slot.part == .afternoon }) { sameDay[s] = t }
        }
        let gapMinutes = Double(settings.afternoon.start - settings.morning.end) - settings.lunchMinutes
        let selection = StopSelection(
            demandCount: unitWeight.count, weights: unitWeight, candidates: selectionCandidates, covers: covers,
            probabilities: probabilities, seriesCount: allSeries.count, repeatValue: settings.repeatValue, sameDay: sameDay,
            pairAllowed: { a, b in minutes[a + 1][b + 1] <= gapMinutes }
        )
        var eligible: [Int] = []
        for j in candidates.indices {
            if candidates[j].kind == .other {
                rejected[j] = "type d'arrêt non retenu pour une tournée (\(candidates[j].kind.frenchLabel))"
            } else if (candidates[j].kind == .ccas || candidates[j].kind == .franceServices) && !rules.allowReceptionPoints {
                rejected[j] = "point d'accueil existant : les gens y viennent déjà ; pas proposé comme arrêt (allow_reception_points dans [contacts] pour l'autoriser)"
            } else if !minutes[0][j + 1].isFinite || !minutes[j + 1][0].isFinite {
                rejected[j] = "hors réseau : à plus de la distance d'accès d'une rue utilisable \(travel.modeLabel), ou sans chemin depuis le dépôt"
            } else if selectionCandidates[j].allowedSeries.isEmpty {
                rejected[j] = "aucun créneau possible ce mois-ci (jours d'ouverture, jours de marché ou fenêtre de paiement CAF)"
            } else if reach[j] < settings.minimumHouseholds {
                rejected[j] = "portée trop faible : \(FrenchNumber.decimal(reach[j], digits: 1)) ménages en non-recours estimé à moins de \(Int(rules.rules(for: candidates[j].kind).catchment)) m (minimum \(FrenchNumber.decimal(settings.minimumHouseholds, digits: 1)))"
            } else {
                eligible.append(j)
            }
        }
        let result = selection.solve(eligible: eligible)
        for j in eligible where !result.chosen.contains(j) {
            rejected[j] = "moins utile que les arrêts retenus : \(FrenchNumber.decimal(contacts[j], digits: 1)) personnes attendues par demi-journée, \(visitsPossible[j]) passage(s) possible(s) ce mois, ou créneaux pris"
        }
        var seriesOf: [Int: Series] = [:]
        var visits: [Visit] = []
        for j in result.chosen {
            guard let s = result.series[j] else { continue }
            seriesOf[j] = allSeries[s]
            for date in dates(for: candidates[j], weekday: allSeries[s].weekday, year: year, month: month, settings: settings) {
                visits.append(Visit(date: date, slot: allSeries[s].slot, stop: j))
            }
        }
        visits.sort { ($0.date, $0.slot.part, $0.stop) < ($1.date, $1.slot.part, $1.stop) }
        var distinct = Set<Int32>()
        for j in result.chosen { distinct.formUnion(covers[j]) }
        return MonthPlan(
            year: year, month: month, settings: settings, candidates: candidates, reach: reach, contactsPerHalfDay: contacts,
            visitsPossible: visitsPossible, groups: groups, expectedByGroup: expectedByGroup, chosen: result.chosen,
            seriesOf: seriesOf, marginalValue: result.marginalValue, visits: visits, value: result.value,
            upperBound: result.upperBound, householdsReached: distinct.sorted().reduce(0) { $0 + unitWeight[Int($1)] }, rejected: rejected, warnings: warnings.sorted(), depot: depot,
            travel: travel, gridEPSG: gridEPSG
        )
    }
}

