import Foundation
import GeometryCore
import Inputs
import Network
import Support

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
    /// The places merged into this stop (closer than the merge distance), « nom (type) ».
    public var nearby: [String] = []

    public init(name: String, kind: StopKind, lonLat: Point, location: Point, source: String, address: String = "") {
        self.name = name
        self.kind = kind
        self.lonLat = lonLat
        self.location = location
        self.source = source
        self.address = address
    }
}

/// A month of a plan.
public struct YearMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }
    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
    public var description: String { String(format: "%04d-%02d", year, month) }
    public var next: YearMonth { month == 12 ? YearMonth(year: year + 1, month: 1) : YearMonth(year: year, month: month + 1) }
    public var days: [CivilDate] {
        let first = CivilDate(year: year, month: month, day: 1)
        return (0..<CivilDate.daysIn(year: year, month: month)).map { first.adding(days: $0) }
    }
}

/// A recurring slot of a team: a weekday and a half-day, every week or in turn with other
/// stops (`phase` of `phases`), or only in the week after the CAF pay day (`payWeek`).
public struct Series: Sendable, Hashable {
    public var team: Int
    public var weekday: Int
    public var slot: HalfDay
    public var phase: Int
    public var phases: Int
    public var payWeek: Bool
    public var teams: Int
    public var frequency: PlanSettings.Frequency

    /// « mardi après-midi 16:00–17:00, semaines paires »: the series with a stop's hours in it.
    public func label(hours: HalfDay) -> String {
        var text = "\(FrenchCalendar.weekdayNames[weekday - 1]) \(slot.part.french) \(PlanText.spokenClock(hours.start))–\(PlanText.spokenClock(hours.end))"
        if payWeek {
            text += ", après le versement CAF"
        } else if frequency == .biweekly {
            text += phase == 0 ? ", semaines paires" : ", semaines impaires"
        } else if frequency == .monthly {
            text += ", \(phase + 1)\(phase == 0 ? "er" : "e") \(FrenchCalendar.weekdayNames[weekday - 1]) du mois"
        } else if frequency == .twoWeeksOfThree {
            text += ", deux semaines sur trois"
        }
        if teams > 1 { text += " (équipe \(team + 1))" }
        return text
    }

}

/// One dated visit of a chosen stop (or a dated event at it).
public struct Visit: Sendable {
    public var date: CivilDate
    public var slot: HalfDay
    public var stop: Int
    public var team: Int
    /// The event's name for a one-off event (forum emploi, fête de quartier), else nil.
    public var event: String?
}

/// The villages of a territory, for catchments: the communes of fewer than
/// `PlanSettings.villageHouseholds` households, and the commune of each demand point ("" when
/// unknown).
public struct VillageDemand: Sendable {
    public var communes: Set<String>
    public var demandCommunes: [String]
    /// The communes that are one zone of their own (not split into IRIS), villages or bourgs:
    /// there a rural tour may stop at the mairie or the salle communale.
    public var wholeCommunes: Set<String>
    public init(communes: Set<String>, demandCommunes: [String], wholeCommunes: Set<String>? = nil) {
        self.communes = communes
        self.demandCommunes = demandCommunes
        self.wholeCommunes = wholeCommunes ?? communes
    }
}

/// A dated one-off event at a place: a forum, a fête de quartier.
public struct PlannedEvent: Sendable {
    public var date: CivilDate
    public var part: HalfDay.Part
    public var stop: Int
    public var name: String
    public init(date: CivilDate, part: HalfDay.Part, stop: Int, name: String) {
        self.date = date
        self.part = part
        self.stop = stop
        self.name = name
    }
}

/// The plan of a period (one or several months): chosen stops, their series (a stop keeps its
/// weekday and half-day all along), dated visits, the candidates left aside with the reason,
/// and how good the choice is against its bound.
public struct OutreachPlan: Sendable {
    public var period: [YearMonth]
    public var year: Int { period[0].year }
    public var month: Int { period[0].month }
    public var settings: PlanSettings
    public var candidates: [StopCandidate]
    /// Households at risk within each candidate's catchment (per-cell risk, reception discount applied).
    public var reach: [Double]
    /// People a team can expect to meet per half-day at each candidate (capped by its capacity).
    public var contactsPerHalfDay: [Double]
    /// Per candidate: of those people, the households estimated in non-recours (per half-day).
    public var atRiskPerHalfDay: [Double]
    /// Team half-days (mornings and afternoons of the team days) left without a visit: no
    /// other place brings `minimum_people` or adds households in non-recours met.
    public var emptyHalfDays: [(team: Int, date: CivilDate, part: HalfDay.Part)] = []
    /// Visits each candidate would get over the period on its best series.
    public var visitsPossible: [Int]
    /// Target groups (benefits) of the demand, and each candidate's expected households met
    /// per group over the month (alone).
    public var groups: [String]
    public var expectedByGroup: [[Double]]
    public var chosen: [Int]
    public var seriesOf: [Int: Series]
    public var marginalValue: [Int: Double]
    public var visits: [Visit]
    /// The objective (expected distinct households at risk met over the period) and its bound.
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
    /// How catchments were drawn: « à vol d'oiseau » or « à pied par les rues (…) ».
    public var catchmentMethod: String
    /// Each candidate's commune code ("" when unknown), the communes' names, and whether the
    /// plan rotated between communes (each commune with a useful place got a stop first).
    public var communes: [String] = []
    public var communeNames: [String: String] = [:]
    public var rotation = false
    /// The candidates whose catchment is their whole village (a commune of fewer than
    /// `PlanSettings.villageHouseholds` households, within `villageRadius`).
    public var villageStops: Set<Int> = []
    /// The markets of communes that are one zone (a bourg's, a village's): their catchment
    /// also holds the households of the communes around within `PlanSettings.marketRadius`.
    public var bourgMarkets: Set<Int> = []
    /// What the passage sheets changed, place by place (empty without sheets).
    public var learned: [FieldLearning.PlaceUpdate] = []
    /// The kinds whose figure the territory's visits re-estimated, with their factor.
    public var kindFactors: [String: Double] = [:]

    public var gap: Double { upperBound > 0 ? (upperBound - value) / upperBound : 0 }
}

public enum OutreachPlanner {
    /// The teams' series: each team day, each half-day (the evening when opened), each team
    /// (the teams side by side, so that the stops of equal value go to one team then the
    /// other, not all to the first), each turn of each frequency (the plan's, and the villages'
    /// rotation when the plan has village stops), and the pay-day week.
    public static func series(_ settings: PlanSettings, villages: Bool = false) -> [Series] {
        let slots = [settings.morning, settings.afternoon] + (settings.evening.map { [$0] } ?? [])
        let frequencies = villages && settings.villageFrequency != settings.frequency ? [settings.frequency, settings.villageFrequency] : [settings.frequency]
        var result: [Series] = []
        for day in settings.teamDays {
            for slot in slots {
                for team in 0..<settings.teams {
                    for frequency in frequencies {
                        for phase in 0..<frequency.phases {
                            result.append(
                                Series(
                                    team: team, weekday: day, slot: slot, phase: phase, phases: frequency.phases, payWeek: false, teams: settings.teams,
                                    frequency: frequency))
                        }
                    }
                    result.append(
                        Series(team: team, weekday: day, slot: slot, phase: 0, phases: 1, payWeek: true, teams: settings.teams, frequency: settings.frequency))
                }
            }
        }
        return result
    }

    /// The dates of a series over the period: its weekday, never a Sunday or a public holiday;
    /// pay-week series only from the CAF pay day to `supermarketDaysAfterPayDay` days after;
    /// regular series by their frequency and turn, counted in weeks from the period's start.
    public static func dates(of series: Series, period: [YearMonth], settings: PlanSettings) -> [CivilDate] {
        guard let first = period.first else { return [] }
        var holidays: [CivilDate: String] = [:]
        for year in Set(period.map(\.year)) { holidays.merge(FrenchCalendar.holidays(year, local: settings.localHolidays)) { a, _ in a } }
        let start = CivilDate(year: first.year, month: first.month, day: 1)
        let monday = start.adding(days: -(start.weekday - 1))
        var result: [CivilDate] = []
        for month in period {
            let pay = FrenchCalendar.cafPayDay(year: month.year, month: month.month, local: settings.localHolidays)
            let lastPayDay = pay.adding(days: settings.supermarketDaysAfterPayDay)
            var occurrence = 0
            for date in month.days where date.weekday == series.weekday {
                occurrence += 1
                guard date.weekday != 7, holidays[date] == nil else { continue }
                if series.payWeek {
                    if date >= pay && date <= lastPayDay { result.append(date) }
                    continue
                }
                let week = (date.dayNumber - monday.dayNumber) / 7
                let keep =
                    switch series.frequency {
                    case .weekly: true
                    case .biweekly: week % 2 == series.phase
                    case .twoWeeksOfThree: week % 3 != 2
                    case .monthly: occurrence - 1 == series.phase
                    }
                if keep { result.append(date) }
            }
        }
        return result
    }

    /// Whether a candidate may take a series: supermarkets only in the pay-day week (and only
    /// there), the others only on regular series.
    static func kindFits(_ candidate: StopCandidate, _ series: Series) -> Bool {
        (candidate.kind == .supermarket) == series.payWeek
    }

    /// The weekdays a candidate may be used on, and a warning when they are unknown. A mairie
    /// or a salle communale is a stop only in a commune not split into IRIS (`rural`).
    static func allowedWeekdays(_ candidate: StopCandidate, settings: PlanSettings, rural: Bool = false) -> (days: Set<Int>, warning: String?) {
        let team = Set(settings.teamDays)
        if candidate.kind.isHostOnly && !(rural && candidate.kind.isVillageStop) { return ([], nil) }
        switch candidate.kind {
        case .other:
            return ([], nil)
        case .supermarket:
            return (team, nil)
        case .market:
            if let known = settings.knownMarket(named: candidate.name) {
                return (team.intersection(known.days), nil)
            }
            let defaults = settings.kindDays["market"] ?? []
            if defaults.isEmpty {
                return (
                    team, "\(candidate.name) : jours de marché inconnus, placé n'importe quel jour de tournée ; à vérifier ([markets] du fichier de tournée)"
                )
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
        period: [YearMonth], settings: PlanSettings, candidates: [StopCandidate], demand: [Point], households: [Double] = [], groups: [String],
        weights: [[Double]],
        events: [PlannedEvent] = [], depot: (lonLat: Point, location: Point), gridEPSG: Int, travel: any TravelModel,
        walk: (any TravelModel)? = nil, communes: [String] = [], communeNames: [String: String] = [:],
        villages: VillageDemand? = nil, observations: [FieldVisit] = [], threads: Int
    ) -> OutreachPlan {
        let rules = settings.contacts
        // Communes not split into IRIS: their mairie and salle communale are stops; a stop in
        // a village draws its whole commune and comes back in rotation.
        let hasCommunes = communes.count == candidates.count
        let ruralStops = Set(
            candidates.indices.filter { hasCommunes && villages?.wholeCommunes.contains(communes[$0]) == true && candidates[$0].kind.isVillageStop })
        let villageCandidates = Set(candidates.indices.filter { hasCommunes && villages?.communes.contains(communes[$0]) == true })
        let allSeries = series(settings, villages: !villageCandidates.isEmpty)
        let seriesDates = allSeries.map { dates(of: $0, period: period, settings: settings) }
        // Minutes from the depot to every candidate and back (one search each way); between
        // candidates, only those a placed stop needs (`PairTimes`).
        let fromDepot = travel.minutes(from: depot.location, toEach: candidates.map(\.location))
        let toDepot = travel.minutes(fromEach: candidates.map(\.location), to: depot.location)
        let pairTimes = PairTimes(travel: travel, places: candidates.map(\.location))
        var warnings: [String] = []
        var rejected: [Int: String] = [:]
        let (selectionCandidates, visitsPossible) = usableSeries(
            candidates: candidates, settings: settings, series: allSeries, seriesDates: seriesDates, ruralStops: ruralStops,
            villageCandidates: villageCandidates, fromDepot: fromDepot, toDepot: toDepot, warnings: &warnings)
        let (unitWeight, unitGroup, unitsOfCell) = demandUnits(
            candidates: candidates, demand: demand, groups: groups, weights: weights, rules: rules)
        let (catchment, villageStops, bourgMarkets) = catchments(
            candidates: candidates, demand: demand, settings: settings, walk: walk, communes: communes, villages: villages, threads: threads)
        // The people each place brings per half-day: its kind's visitors once the catchment
        // holds enough households, fewer below; drawn from the catchment's households. Without
        // household counts, the households at risk of the catchment stand for all.
        let catchmentHouseholds = candidates.indices.map { j in
            households.isEmpty
                ? catchment[j].reduce(0.0) { total, c in total + unitsOfCell[Int(c)].reduce(0) { $0 + unitWeight[Int($1)] } }
                : catchment[j].reduce(0.0) { $0 + households[Int($1)] }
        }
        let priorVisitors = candidates.indices.map { j in
            let full = villageStops.contains(j) ? rules.villageFullAttendanceHouseholds : rules.fullAttendanceHouseholds
            return min(rules.teamCapacity, rules.rules(for: candidates[j].kind).visitors * min(1, catchmentHouseholds[j] / full))
        }
        // What the teams saw there (their passage sheets) moves those figures.
        let learned = Self.learn(
            from: observations, candidates: candidates, prior: priorVisitors, settings: settings, warnings: &warnings)
        let figures = candidateFigures(
            candidates: candidates, catchment: catchment, catchmentHouseholds: catchmentHouseholds, visitors: learned.visitors, unitWeight: unitWeight,
            unitGroup: unitGroup, unitsOfCell: unitsOfCell, groups: groups, visitsPossible: visitsPossible, rules: rules)
        let (covers, probabilities, reach, contacts, atRisk, expectedByGroup) =
            (figures.covers, figures.probabilities, figures.reach, figures.contacts, figures.atRisk, figures.expectedByGroup)
        let (sameDay, exclusive) = seriesConflicts(allSeries, seriesDates: seriesDates)
        let gapMinutes = Double(settings.afternoon.start - settings.morning.end) - settings.lunchMinutes
        var selection = StopSelection(
            demandCount: unitWeight.count, weights: unitWeight, candidates: selectionCandidates, covers: covers,
            probabilities: probabilities, seriesCount: allSeries.count, repeatValue: settings.repeatValue, sameDay: sameDay, exclusive: exclusive,
            pairAllowed: { morning, afternoon, placed in pairTimes.minutes(from: morning, to: afternoon, placed: placed) <= gapMinutes }
        )
        let eligible = eligibleStops(
            candidates: candidates, settings: settings, travel: travel, dropped: learned.dropped, ruralStops: ruralStops, villageStops: villageStops,
            bourgMarkets: bourgMarkets, fromDepot: fromDepot, toDepot: toDepot, selectionCandidates: selectionCandidates, contacts: contacts,
            reach: reach, rejected: &rejected)
        // Rotation between communes when the places lie in several.
        let communeCodes = communes.count == candidates.count ? communes : [String](repeating: "", count: candidates.count)
        let known = Array(Set(communeCodes.filter { !$0.isEmpty })).sorted()
        let rotation = settings.rotateCommunes && known.count > 1
        if rotation { selection.groups = communeCodes.map { known.firstIndex(of: $0) ?? -1 } }
        limitKindShares(
            &selection, candidates: candidates, eligible: eligible, settings: settings, series: allSeries, seriesDates: seriesDates, ruralStops: ruralStops,
            visitsPossible: visitsPossible)
        let result = selection.solve(eligible: eligible)
        for group in result.leftWithoutStop {
            let code = known[group]
            warnings.append(
                "\(communeNames[code] ?? code) (\(code)) : aucun arrêt faute de créneaux ; passer à une fréquence mensuelle ou une semaine sur deux, ou ajouter une équipe, pour que chaque commune ait son passage"
            )
        }
        for j in eligible where !result.chosen.contains(j) {
            rejected[j] =
                "moins utile que les arrêts retenus : \(FrenchNumber.decimal(contacts[j], digits: 1)) personnes attendues par demi-journée, \(visitsPossible[j]) passage(s) possible(s) sur la période, ou créneaux pris"
        }
        var seriesOf: [Int: Series] = [:]
        var datesOf: [Int: [CivilDate]] = [:]
        for j in result.chosen {
            if let s = result.series[j] {
                seriesOf[j] = allSeries[s]
                datesOf[j] = seriesDates[s].filter { !settings.isClosed(candidates[j].kind, on: $0) }
            }
        }
        let (visits, eventWarnings) = layOut(
            chosen: result.chosen, seriesOf: seriesOf, datesOf: datesOf, period: period, events: events, settings: settings,
            kinds: candidates.map(\.kind.rawValue))
        warnings += eventWarnings
        if let warning = schoolHolidayWarning(visits, candidates: candidates, settings: settings) { warnings.append(warning) }
        var distinct = Set<Int32>()
        // A supermarket whose only half-day went to a community place of the pay week (no other
        // half-day free that week) is not visited this period: out of the plan, with the reason.
        let visited = Set(visits.map(\.stop))
        var chosen = result.chosen
        for j in chosen where !visited.contains(j) {
            rejected[j] =
                "sa demi-journée de la semaine du versement est laissée à un lieu de vie du quartier (marché, maison de quartier…), faute d'autre demi-journée libre cette semaine-là"
            seriesOf[j] = nil
        }
        chosen = chosen.filter(visited.contains)
        for j in chosen { distinct.formUnion(covers[j]) }
        let empty = freeHalfDays(visits, period: period, settings: settings)
        if let warning = teamLoadWarning(visits, settings: settings) { warnings.append(warning) }
        var plan = OutreachPlan(
            period: period, settings: settings, candidates: candidates, reach: reach, contactsPerHalfDay: contacts, atRiskPerHalfDay: atRisk,
            visitsPossible: visitsPossible, groups: groups, expectedByGroup: expectedByGroup, chosen: chosen,
            seriesOf: seriesOf, marginalValue: result.marginalValue, visits: visits, value: result.value,
            upperBound: result.upperBound, householdsReached: distinct.sorted().reduce(0) { $0 + unitWeight[Int($1)] }, rejected: rejected,
            warnings: warnings.sorted(), depot: depot,
            travel: travel, gridEPSG: gridEPSG, catchmentMethod: walk.map { "à pied \($0.method), à 4,5 km/h" } ?? "à vol d'oiseau",
            communes: communeCodes, communeNames: communeNames, rotation: rotation, villageStops: villageStops
        )
        plan.bourgMarkets = bourgMarkets
        plan.learned = learned.updates
        plan.kindFactors = learned.kindFactors
        plan.emptyHalfDays = empty
        return plan
    }

    /// The dated visits: each chosen stop on its series' dates; the pay-week supermarket visits
    /// and the dated events take their team's slot that day, and the regular visit of that slot
    /// gives way. Events are never dropped; one outside the period is reported.
    static func layOut(
        chosen: [Int], seriesOf: [Int: Series], datesOf: [Int: [CivilDate]], period: [YearMonth], events: [PlannedEvent], settings: PlanSettings,
        kinds: [String]
    ) -> (visits: [Visit], warnings: [String]) {
        // A visit keeps its kind's own hours within the slot (a school gate at the end of classes).
        func hours(_ stop: Int, _ slot: HalfDay) -> HalfDay { kinds.indices.contains(stop) ? settings.hours(of: kinds[stop], in: slot) : slot }
        var taken: [TeamSlot: Visit] = [:]
        var warnings: [String] = []
        let slots = [settings.morning, settings.afternoon] + (settings.evening.map { [$0] } ?? [])
        guard let first = period.first, let last = period.last else { return ([], []) }
        let start = CivilDate(year: first.year, month: first.month, day: 1)
        let end = CivilDate(year: last.year, month: last.month, day: CivilDate.daysIn(year: last.year, month: last.month))
        for event in events.sorted(by: { ($0.date, $0.part, $0.stop) < ($1.date, $1.part, $1.stop) }) {
            guard event.date >= start && event.date <= end else {
                warnings.append("événement « \(event.name) » du \(event.date) hors de la période planifiée : ignoré")
                continue
            }
            guard let slot = slots.first(where: { $0.part == event.part }) else {
                warnings.append("événement « \(event.name) » : créneau \(event.part.french) non ouvert dans le fichier de tournée")
                continue
            }
            if event.date.weekday == 7 || FrenchCalendar.holidays(event.date.year, local: settings.localHolidays)[event.date] != nil {
                warnings.append("événement « \(event.name) » le \(event.date) : dimanche ou jour férié, gardé tel que donné ; à vérifier")
            }
            // The first team free at that slot.
            guard let team = (0..<settings.teams).first(where: { taken[TeamSlot(team: $0, date: event.date, part: event.part)] == nil }) else {
                warnings.append("événement « \(event.name) » du \(event.date) : toutes les équipes sont déjà prises à ce créneau")
                continue
            }
            taken[TeamSlot(team: team, date: event.date, part: event.part)] = Visit(
                date: event.date, slot: hours(event.stop, slot), stop: event.stop, team: team, event: event.name)
        }
        // Pay-week series first, then the regular ones in the free slots.
        for payWeek in [true, false] {
            for j in chosen.sorted() {
                guard let series = seriesOf[j], series.payWeek == payWeek else { continue }
                for date in datesOf[j] ?? [] {
                    let key = TeamSlot(team: series.team, date: date, part: series.slot.part)
                    if taken[key] == nil { taken[key] = Visit(date: date, slot: hours(j, series.slot), stop: j, team: series.team, event: nil) }
                }
            }
        }
        keepCommunityPlaceInPayWeek(&taken, chosen: chosen, seriesOf: seriesOf, datesOf: datesOf, period: period, settings: settings, kinds: kinds)
        let visits = taken.values.sorted { ($0.date, $0.slot.part, $0.team, $0.stop) < ($1.date, $1.slot.part, $1.team, $1.stop) }
        return (visits, warnings)
    }

    /// One team's half-day on one date: what a visit holds.
    struct TeamSlot: Hashable {
        var team: Int
        var date: CivilDate
        var part: HalfDay.Part
    }

    /// Kinds of place where people of the quartier meet whatever they come to buy: the pay
    /// week keeps at least one of them per team, not only supermarket car parks.
    public static let communityKinds: Set<StopKind> = [.market, .communityCentre, .foodBank, .seniorClub]

    /// In each team's days after the CAF pays, at least one visit to a community place when a
    /// chosen one has a regular visit there that a supermarket took: the community place keeps
    /// its slot, and the supermarket moves to a free half-day of the window, or else to one held
    /// by a regular visit of another kind (which keeps its other weeks).
    static func keepCommunityPlaceInPayWeek(
        _ taken: inout [TeamSlot: Visit], chosen: [Int], seriesOf: [Int: Series], datesOf: [Int: [CivilDate]], period: [YearMonth],
        settings: PlanSettings, kinds: [String]
    ) {
        func kind(_ j: Int) -> StopKind? { kinds.indices.contains(j) ? StopKind(rawValue: kinds[j]) : nil }
        func isCommunity(_ j: Int) -> Bool { kind(j).map(communityKinds.contains) ?? false }
        func key(_ team: Int, _ date: CivilDate, _ part: HalfDay.Part) -> TeamSlot { TeamSlot(team: team, date: date, part: part) }
        for month in period {
            let pay = FrenchCalendar.cafPayDay(year: month.year, month: month.month, local: settings.localHolidays)
            // The window stays within the pay day's month or the next (at most 25 days after the
            // 5th): the pay day's year's holidays.
            let holidays = FrenchCalendar.holidays(pay.year, local: settings.localHolidays)
            let window = (0...settings.supermarketDaysAfterPayDay).map { pay.adding(days: $0) }
            let teamDays = window.filter { settings.teamDays.contains($0.weekday) && holidays[$0] == nil }
            for team in 0..<settings.teams {
                let inWindow = taken.filter { $0.value.team == team && window.contains($0.value.date) }
                guard !inWindow.values.contains(where: { isCommunity($0.stop) && $0.event == nil }) else { continue }
                // A chosen community place whose regular visit in the window a supermarket took.
                var found: (j: Int, date: CivilDate, series: Series)?
                for j in chosen.sorted() where isCommunity(j) {
                    guard let series = seriesOf[j], series.team == team, !series.payWeek else { continue }
                    if let date = (datesOf[j] ?? []).first(where: { window.contains($0) }),
                        let holder = taken[key(team, date, series.slot.part)], kind(holder.stop) == .supermarket, holder.event == nil
                    {
                        found = (j, date, series)
                        break
                    }
                }
                guard let (j, date, series) = found, let moved = taken[key(team, date, series.slot.part)] else { continue }
                // Where the supermarket goes: a free half-day of the window, else one held by a
                // regular visit that is neither a community place nor a supermarket.
                let slots = [settings.morning, settings.afternoon]
                var target: (CivilDate, HalfDay)?
                for preferFree in [true, false] where target == nil {
                    for day in teamDays {
                        for slot in slots {
                            let holder = taken[key(team, day, slot.part)]
                            let usable =
                                preferFree
                                ? holder == nil
                                : holder.map { $0.event == nil && !isCommunity($0.stop) && kind($0.stop) != .supermarket } ?? false
                            if usable && target == nil { target = (day, slot) }
                        }
                    }
                }
                // No half-day left that week: the community place keeps its slot all the same, and
                // the supermarket waits for the next pay week.
                taken[key(team, date, series.slot.part)] = Visit(
                    date: date, slot: settings.hours(of: kinds[j], in: series.slot), stop: j, team: team, event: nil)
                if let (day, slot) = target {
                    taken[key(team, day, slot.part)] = Visit(
                        date: day, slot: settings.hours(of: kinds[moved.stop], in: slot), stop: moved.stop, team: team, event: nil)
                }
            }
        }
    }
}
