import Foundation
import GeometryCore
import Inputs
import Network
import Support

/// The stages of `OutreachPlanner.plan`, in its order: the series each place can take, the
/// demand units, the catchments, the series that cannot share a day, the places that can be
/// stops, and after the choice the warnings and the half-days left free.
extension OutreachPlanner {
    /// Per candidate: the series it can take (its days, its kind's half-days, a visit in the
    /// period, the depot close enough for the slot), and its most visits over the period.
    static func usableSeries(
        candidates: [StopCandidate], settings: PlanSettings, series allSeries: [Series], seriesDates: [[CivilDate]], ruralStops: Set<Int>,
        villageCandidates: Set<Int>, fromDepot: [Double], toDepot: [Double], warnings: inout [String]
    ) -> (candidates: [StopSelection.Candidate], visitsPossible: [Int]) {
        var selectionCandidates: [StopSelection.Candidate] = []
        var visitsPossible: [Int] = []
        for (candidateIndex, candidate) in candidates.enumerated() {
            let (days, warning) = allowedWeekdays(candidate, settings: settings, rural: ruralStops.contains(candidateIndex))
            if let warning { warnings.append(warning) }
            // A village stop comes back in rotation, the others at the plan's frequency.
            let frequency = villageCandidates.contains(candidateIndex) ? settings.villageFrequency : settings.frequency
            var allowed = Set<Int>()
            var most = 0
            let parts = settings.parts(of: candidate)
            for (s, series) in allSeries.enumerated()
            where days.contains(series.weekday) && kindFits(candidate, series) && (series.payWeek || series.frequency == frequency)
                && parts.map({ $0.contains(series.slot.part) }) ?? true
            {
                // A series is usable only if it gives at least one visit in the period, and the
                // depot is close enough for the slot.
                let count = seriesDates[s].count { !settings.isClosed(candidate.kind, on: $0) }
                guard count > 0 else { continue }
                let hours = settings.hours(of: candidate.kind.rawValue, in: series.slot)
                let fits =
                    series.slot.part == .morning
                    ? Double(hours.start - settings.dayStart) >= fromDepot[candidateIndex]
                    : Double(settings.dayEnd - hours.end) >= toDepot[candidateIndex]
                if fits {
                    allowed.insert(s)
                    most = max(most, count)
                }
            }
            selectionCandidates.append(StopSelection.Candidate(location: candidate.location, allowedSeries: allowed))
            visitsPossible.append(most)
        }
        return (selectionCandidates, visitsPossible)
    }

    /// Demand units: one per cell and target group, weighted by its households at risk;
    /// households already within easy reach of a reception point count less.
    static func demandUnits(
        candidates: [StopCandidate], demand: [Point], groups: [String], weights: [[Double]], rules: ContactRules
    ) -> (weight: [Double], group: [Int], unitsOfCell: [[Int32]]) {
        let receptions = candidates.filter(\.kind.isReceptionPoint).map(\.location)
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
        return (unitWeight, unitGroup, unitsOfCell)
    }

    /// The demand cells each candidate draws: on foot along the streets when there is a
    /// walking network (the radius walked at 4.5 km/h), else a circle; a village's stop draws
    /// its whole commune, a bourg's market the villages around.
    static func catchments(
        candidates: [StopCandidate], demand: [Point], settings: PlanSettings, walk: (any TravelModel)?, communes: [String],
        villages: VillageDemand?, threads: Int
    ) -> (catchment: [[Int32]], villageStops: Set<Int>, bourgMarkets: Set<Int>) {
        let rules = settings.contacts
        var catchment = [[Int32]](repeating: [], count: candidates.count)
        let radii = Set(candidates.map { rules.rules(for: $0.kind).catchment })
        for radius in radii.sorted() {
            let members = candidates.indices.filter { rules.rules(for: candidates[$0].kind).catchment == radius }
            let places = members.map { candidates[$0].location }
            let lists =
                walk.map { $0.catchments(of: places, origins: demand, withinMinutes: radius / ContactRules.walkingMetresPerMinute, threads: threads) }
                ?? StraightLineTravel.catchments(of: places, origins: demand, radius: radius)
            for (k, j) in members.enumerated() { catchment[j] = lists[k] }
        }
        // In a village, people come to the team from the whole commune (by car, from the
        // hamlets): a stop there draws every household of its commune within the village radius.
        var villageStops = Set<Int>()
        if let villages, communes.count == candidates.count, villages.demandCommunes.count == demand.count {
            var demandOf: [String: [Int]] = [:]
            for (c, code) in villages.demandCommunes.enumerated() where villages.communes.contains(code) { demandOf[code, default: []].append(c) }
            for j in candidates.indices where villages.communes.contains(communes[j]) {
                let place = candidates[j].location
                let own = (demandOf[communes[j]] ?? []).filter { demand[$0].distance(to: place) <= settings.villageRadius }
                catchment[j] = Array(Set(catchment[j]).union(own.map(Int32.init))).sorted()
                villageStops.insert(j)
            }
        }
        // A market in a commune that is one zone (a bourg's market day) draws the villages
        // around: the households of such communes within the market radius, who drive in.
        var bourgMarkets = Set<Int>()
        if let villages, settings.marketRadius > 0, communes.count == candidates.count, villages.demandCommunes.count == demand.count {
            let rural = villages.demandCommunes.indices.filter { villages.wholeCommunes.contains(villages.demandCommunes[$0]) }
            for j in candidates.indices where candidates[j].kind == .market && villages.wholeCommunes.contains(communes[j]) {
                let place = candidates[j].location
                let around = rural.filter { demand[$0].distance(to: place) <= settings.marketRadius }
                catchment[j] = Array(Set(catchment[j]).union(around.map(Int32.init))).sorted()
                bourgMarkets.insert(j)
            }
        }
        return (catchment, villageStops, bourgMarkets)
    }

    /// What each candidate brings: the demand units it covers, the share of each met over the
    /// period, the households at risk in reach, the people expected per half-day, those at risk
    /// among them, and the expected households met per target group.
    struct CandidateFigures {
        var covers: [[Int32]] = [], probabilities: [[Double]] = []
        var reach: [Double] = [], contacts: [Double] = [], atRisk: [Double] = [], expectedByGroup: [[Double]] = []
    }

    static func candidateFigures(
        candidates: [StopCandidate], catchment: [[Int32]], catchmentHouseholds: [Double], visitors: [Double], unitWeight: [Double], unitGroup: [Int],
        unitsOfCell: [[Int32]], groups: [String], visitsPossible: [Int], rules: ContactRules
    ) -> CandidateFigures {
        var figures = CandidateFigures()
        for (j, candidate) in candidates.enumerated() {
            let cells = catchment[j]
            let catchmentHouseholds = catchmentHouseholds[j]
            let visitors = visitors[j]
            let perHousehold = catchmentHouseholds > 0 ? visitors / catchmentHouseholds : 0
            let units = cells.flatMap { unitsOfCell[Int($0)] }.sorted()
            let perVisit = units.map { min(1, perHousehold * rules.weight(group: groups[unitGroup[Int($0)]], kind: candidate.kind)) }
            let metAtRisk = zip(units, perVisit).reduce(0) { $0 + unitWeight[Int($1.0)] * $1.1 }
            let visits = Double(max(visitsPossible[j], 1))
            let overMonth = perVisit.map { 1 - pow(1 - $0, visits) }
            var byGroup = [Double](repeating: 0, count: groups.count)
            for (k, u) in units.enumerated() { byGroup[unitGroup[Int(u)]] += unitWeight[Int(u)] * overMonth[k] }
            figures.covers.append(units)
            figures.probabilities.append(overMonth)
            figures.reach.append(units.reduce(0) { $0 + unitWeight[Int($1)] })
            figures.contacts.append(visitors)
            figures.atRisk.append(metAtRisk)
            figures.expectedByGroup.append(byGroup)
        }
        return figures
    }

    /// Series that can share a day: the later stop must be reachable from the earlier one;
    /// an afternoon and an evening of the same day are never both held (two stops a day);
    /// two regular series of one slot that share a date (a weekly stop and a village's
    /// monthly turn) are never both held. A pay-week visit takes the slot of the regular one.
    static func seriesConflicts(_ allSeries: [Series], seriesDates: [[CivilDate]]) -> (sameDay: [(earlier: Int, later: Int)], exclusive: [(Int, Int)]) {
        var sameDay: [(earlier: Int, later: Int)] = []
        var exclusive: [(Int, Int)] = []
        let dateSets = seriesDates.map(Set.init)
        for (a, first) in allSeries.enumerated() {
            for (b, second) in allSeries.enumerated() where a != b && first.team == second.team && first.weekday == second.weekday {
                guard first.payWeek || second.payWeek || !dateSets[a].isDisjoint(with: dateSets[b]) else { continue }
                if first.slot.part < second.slot.part { sameDay.append((a, b)) }
                guard a < b else { continue }
                if first.slot.part != .morning && second.slot.part != .morning && first.slot.part != second.slot.part { exclusive.append((a, b)) }
                if first.slot.part == second.slot.part && !first.payWeek && !second.payWeek { exclusive.append((a, b)) }
            }
        }
        return (sameDay, exclusive)
    }

    /// No kind of place takes more than its share of the period's half-days.
    static func limitKindShares(
        _ selection: inout StopSelection, candidates: [StopCandidate], eligible: [Int], settings: PlanSettings, series allSeries: [Series],
        seriesDates: [[CivilDate]], ruralStops: Set<Int>, visitsPossible: [Int]
    ) {
        if settings.maxKindShare < 1 && Set(eligible.map { candidates[$0].kind }).count > 1 {
            var halfDays = Set<String>()
            for (s, series) in allSeries.enumerated() { for date in seriesDates[s] { halfDays.insert("\(series.team)|\(date)|\(series.slot.part)") } }
            let kindNames = Array(Set(candidates.map(\.kind.rawValue))).sorted()
            // The permanence of each village's mairie is that village's own place, not one kind
            // among the city's: no share binds it.
            selection.kinds = candidates.indices.map { ruralStops.contains($0) ? -1 : kindNames.firstIndex(of: candidates[$0].kind.rawValue) ?? -1 }
            selection.kindVisits = visitsPossible
            selection.visitsPerKind = max(1, Int((settings.maxKindShare * Double(halfDays.count)).rounded(.down)))
        }
    }

    /// The candidates that can be stops; each other one gets its reason in `rejected`.
    static func eligibleStops(
        candidates: [StopCandidate], settings: PlanSettings, travel: any TravelModel, dropped: [Int: String], ruralStops: Set<Int>,
        villageStops: Set<Int>, bourgMarkets: Set<Int>, fromDepot: [Double], toDepot: [Double], selectionCandidates: [StopSelection.Candidate],
        contacts: [Double], reach: [Double], rejected: inout [Int: String]
    ) -> [Int] {
        let rules = settings.contacts
        var eligible: [Int] = []
        let receptionPoints = candidates.filter(\.kind.isReceptionPoint)
        for j in candidates.indices {
            if let chronic = dropped[j] {
                rejected[j] = chronic
            } else if candidates[j].kind == .other || (candidates[j].kind.isHostOnly && !ruralStops.contains(j)) {
                rejected[j] = "type d'arrêt non retenu pour une tournée (\(candidates[j].kind.frenchLabel))"
            } else if candidates[j].kind.isReceptionPoint && !rules.allowReceptionPoints {
                rejected[j] =
                    "point d'accueil existant : les gens y viennent déjà ; pas proposé comme arrêt (allow_reception_points dans [contacts] pour l'autoriser)"
            } else if !rules.allowReceptionPoints, !ContactRules.openPlaces.contains(candidates[j].kind),
                let host = receptionPoints.first(where: { $0.location.distance(to: candidates[j].location) <= ContactRules.sameBuildingMetres })
            {
                rejected[j] =
                    "au même endroit qu'un point d'accueil existant (\(host.name), à moins de \(Int(ContactRules.sameBuildingMetres)) m) : les gens y viennent déjà ; pas proposé comme arrêt"
            } else if !fromDepot[j].isFinite || !toDepot[j].isFinite {
                rejected[j] = "hors réseau : à plus de la distance d'accès d'une rue utilisable \(travel.modeLabel), ou sans chemin depuis le dépôt"
            } else if selectionCandidates[j].allowedSeries.isEmpty {
                rejected[j] = "aucun créneau possible sur la période (jours d'ouverture, demi-journées permises, jours de marché ou fenêtre de paiement CAF)"
            } else if contacts[j] < settings.minimumPeople {
                rejected[j] =
                    "trop peu de monde attendu : \(FrenchNumber.decimal(contacts[j], digits: 1)) personne(s) par demi-journée \(PlanText.catchment(of: candidates[j].kind, village: villageStops.contains(j), bourgMarket: bourgMarkets.contains(j), settings: settings)) (minimum \(FrenchNumber.decimal(settings.minimumPeople, digits: 1)), minimum_people)"
            } else if reach[j] < settings.minimumHouseholds {
                rejected[j] =
                    "portée trop faible : \(FrenchNumber.decimal(reach[j], digits: 1)) ménages en non-recours estimé \(PlanText.catchment(of: candidates[j].kind, village: villageStops.contains(j), bourgMarket: bourgMarkets.contains(j), settings: settings)) (minimum \(FrenchNumber.decimal(settings.minimumHouseholds, digits: 1)))"
            } else {
                eligible.append(j)
            }
        }
        return eligible
    }

    /// Without the zone's school holidays, only the school-gate visits that may fall in
    /// holidays (by the national pattern of the school year) need checking.
    static func schoolHolidayWarning(_ visits: [Visit], candidates: [StopCandidate], settings: PlanSettings) -> String? {
        if settings.schoolHolidays.isEmpty {
            let doubtful = Set(visits.filter { candidates[$0.stop].kind == .school && FrenchCalendar.mayBeSchoolHoliday($0.date) }.map(\.date)).sorted()
            if !doubtful.isEmpty {
                let days = doubtful.prefix(6).map { FrenchCalendar.spoken($0) }.joined(separator: ", ") + (doubtful.count > 6 ? "…" : "")
                return
                    ("sorties d'école le \(days) : peut-être pendant les vacances scolaires de la zone, que le fichier de tournée ne donne pas ([calendar] school_holidays) ; à retirer si c'est le cas")
            }
        }
        return nil
    }

    /// The teams' half-days of the period (working days, not holidays) that no visit holds.
    static func freeHalfDays(_ visits: [Visit], period: [YearMonth], settings: PlanSettings) -> [(team: Int, date: CivilDate, part: HalfDay.Part)] {
        var held = Set<String>()
        for visit in visits { held.insert("\(visit.team)|\(visit.date)|\(visit.slot.part)") }
        var empty: [(team: Int, date: CivilDate, part: HalfDay.Part)] = []
        for month in period {
            let holidays = FrenchCalendar.holidays(month.year, local: settings.localHolidays)
            for date in month.days where settings.teamDays.contains(date.weekday) && holidays[date] == nil {
                for team in 0..<settings.teams {
                    for part in [HalfDay.Part.morning, .afternoon] where !held.contains("\(team)|\(date)|\(part)") { empty.append((team, date, part)) }
                }
            }
        }
        return empty
    }

    /// A warning when the teams' loads differ by more than 20 %.
    static func teamLoadWarning(_ visits: [Visit], settings: PlanSettings) -> String? {
        if settings.teams > 1 {
            let loads = (0..<settings.teams).map { team in visits.filter { $0.team == team }.count }
            if let most = loads.max(), let least = loads.min(), most > 0, Double(most - least) > 0.2 * Double(most) {
                return
                    ("équipes inégalement chargées : \(loads.enumerated().map { "équipe \($0.offset + 1) \($0.element) demi-journées" }.joined(separator: ", ")) ; trop peu de lieux utiles pour \(settings.teams) équipes")
            }
        }
        return nil
    }
}
