import Foundation
import GeometryCore
import Inputs
import TestSupport
import Testing

@testable import Network
@testable import Outreach

@Suite struct FrenchCalendarTests {
    @Test func easterAndHolidays() {
        #expect(FrenchCalendar.easter(2024) == CivilDate(year: 2024, month: 3, day: 31))
        #expect(FrenchCalendar.easter(2025) == CivilDate(year: 2025, month: 4, day: 20))
        #expect(FrenchCalendar.easter(2026) == CivilDate(year: 2026, month: 4, day: 5))
        #expect(FrenchCalendar.easter(2038) == CivilDate(year: 2038, month: 4, day: 25))
        let holidays = FrenchCalendar.holidays(2026)
        #expect(holidays.count == 11)
        #expect(holidays[CivilDate(year: 2026, month: 5, day: 14)] == "Ascension")
        #expect(holidays[CivilDate(year: 2026, month: 5, day: 25)] == "Lundi de Pentecôte")
        #expect(FrenchCalendar.holidays(2026, local: .alsaceMoselle).count == 13)
        #expect(FrenchCalendar.holidays(2026, local: .alsaceMoselle)[CivilDate(year: 2026, month: 4, day: 3)] == "Vendredi saint")
    }

    /// Overseas, the abolition of slavery is a public holiday on each territory's own day; the
    /// parts of France with holidays of their own are known from commune (or IRIS) codes.
    @Test func localHolidaysFromCommuneCodes() {
        #expect(LocalHolidays(communes: ["97411", "974110101"]) == .reunion)
        #expect(LocalHolidays(communes: ["67482", "57463", "68224"]) == .alsaceMoselle)
        #expect(LocalHolidays(communes: ["54395", "574630101"]) == .alsaceMoselle)
        #expect(LocalHolidays(communes: ["93010", "2A004", "75056", "97", ""]) == [])
        #expect(LocalHolidays(communes: ["97105", "97209"]) == [.guadeloupe, .martinique])
        #expect(LocalHolidays(communes: ["97611"]).labels == ["Mayotte"])
        let days: [(LocalHolidays, Int, Int)] = [
            (.reunion, 12, 20), (.martinique, 5, 22), (.guadeloupe, 5, 27), (.guyane, 6, 10), (.mayotte, 4, 27),
        ]
        for (region, month, day) in days {
            let date = CivilDate(year: 2027, month: month, day: day)
            #expect(FrenchCalendar.holidays(2027, local: region)[date]?.hasPrefix("Abolition de l'esclavage") == true, "\(region.labels)")
            #expect(FrenchCalendar.holidays(2027)[date] == nil)
            #expect(FrenchCalendar.holidays(2027, local: region).count == 12)
        }
    }

    @Test func weekdaysAndPayDays() {
        #expect(CivilDate(year: 2026, month: 11, day: 22).weekday == 7)
        #expect(CivilDate(year: 1970, month: 1, day: 1).weekday == 4)
        #expect(CivilDate(dayNumber: CivilDate(year: 2028, month: 2, day: 29).dayNumber) == CivilDate(year: 2028, month: 2, day: 29))
        // 5 December 2026 is a Saturday: paid on Monday the 7th.
        #expect(FrenchCalendar.cafPayDay(year: 2026, month: 12) == CivilDate(year: 2026, month: 12, day: 7))
        // 5 May 2026 is a Tuesday.
        #expect(FrenchCalendar.cafPayDay(year: 2026, month: 5) == CivilDate(year: 2026, month: 5, day: 5))
        #expect(CivilDate.daysIn(year: 2028, month: 2) == 29)
    }
}

@Suite struct StopSelectionTests {
    /// Greedy alone would keep the stop in the middle; a swap finds the two clusters.
    @Test func swapsFindTheOptimumGreedyMisses() {
        var demand: [Point] = [], weights: [Double] = []
        for i in 0..<5 { demand.append(Point(x: Double(i) * 10, y: 0)); weights.append(1) }  // west cluster
        for i in 0..<5 { demand.append(Point(x: 960 + Double(i) * 10, y: 0)); weights.append(1) }  // east cluster
        let all = Set([0, 1])
        let candidates = [
            StopSelection.Candidate(location: Point(x: 500, y: 0), allowedSeries: all),  // reaches 3 + 3 with radius 480
            StopSelection.Candidate(location: Point(x: 20, y: 0), allowedSeries: all),
            StopSelection.Candidate(location: Point(x: 980, y: 0), allowedSeries: all),
        ]
        let selection = StopSelection(demand: demand, weights: weights, candidates: candidates, radius: 480, seriesCount: 2, repeatValue: 0)
        #expect(selection.reach(0) == 6)
        let result = selection.solve(eligible: [0, 1, 2])
        #expect(result.chosen == [1, 2])
        #expect(result.value == 10)
        #expect(result.upperBound >= result.value)
    }

    /// Rotation between communes: commune A holds two dense clusters (10 and 8 households),
    /// commune B one small cluster (3). With two series, the best pair is A's two stops (18);
    /// with the rotation, each commune gets one (10 + 3 = 13), and no swap takes B's away.
    /// With one series, B is left without a stop, and said so.
    @Test func rotationGivesEachCommuneAStop() {
        let demand = [Point(x: 0, y: 0), Point(x: 2000, y: 0), Point(x: 10000, y: 0)]
        let all = Set([0, 1])
        let candidates = demand.map { StopSelection.Candidate(location: $0, allowedSeries: all) }
        var selection = StopSelection(demand: demand, weights: [10, 8, 3], candidates: candidates, radius: 500, seriesCount: 2, repeatValue: 0)
        #expect(selection.solve(eligible: [0, 1, 2]).chosen == [0, 1])
        selection.groups = [0, 0, 1]
        let rotated = selection.solve(eligible: [0, 1, 2])
        #expect(rotated.chosen == [0, 2])
        #expect(rotated.value == 13)
        #expect(rotated.rotated == [0, 1])
        #expect(rotated.leftWithoutStop.isEmpty)
        #expect(rotated.upperBound >= 18)
        let one = StopSelection(demand: demand, weights: [10, 8, 3], candidates: candidates, radius: 500, seriesCount: 1, repeatValue: 0)
        var grouped = one
        grouped.groups = [0, 0, 1]
        let scarce = grouped.solve(eligible: [0, 1, 2])
        #expect(scarce.chosen == [0])
        #expect(scarce.leftWithoutStop == [1])
        // A commune whose only place is not eligible (too few households) is not owed a stop.
        #expect(grouped.solve(eligible: [0, 1]).leftWithoutStop.isEmpty)
    }

    /// Three places that can only take the same two slots cannot all be held: the matching
    /// test says so at once, and a fourth slot open to one of them makes it possible.
    @Test func slotsAloneDecideQuickly() {
        let places = (0..<3).map { StopSelection.Candidate(location: Point(x: Double($0) * 100, y: 0), allowedSeries: [0, 1]) }
        let selection = StopSelection(demand: [], weights: [], candidates: places, radius: 10, seriesCount: 4, repeatValue: 0)
        #expect(!selection.hasMatching([0, 1, 2]))
        #expect(selection.assignment([0, 1, 2]) == nil)
        var wider = places
        wider[2].allowedSeries = [1, 3]
        let open = StopSelection(demand: [], weights: [], candidates: wider, radius: 10, seriesCount: 4, repeatValue: 0)
        #expect(open.hasMatching([0, 1, 2]))
        #expect(open.assignment([0, 1, 2]) != nil)
    }

    /// The bound counts only as many stops as the places' slots can hold at once: three school
    /// gates that all need the same afternoon slot, among eight slots, can give one stop, so
    /// the bound adds one gain to the value (10 + 8), not the gains of every place (10 + 8 + 3).
    @Test func theBoundCountsTheStopsTheSlotsCanHold() {
        let demand = [Point(x: 0, y: 0), Point(x: 2000, y: 0), Point(x: 4000, y: 0)]
        let places = demand.map { StopSelection.Candidate(location: $0, allowedSeries: [5]) }
        let selection = StopSelection(demand: demand, weights: [10, 8, 3], candidates: places, radius: 500, seriesCount: 8, repeatValue: 0)
        #expect(selection.matchingSize([0, 1, 2]) == 1)
        let result = selection.solve(eligible: [0, 1, 2])
        #expect(result.chosen == [0] && result.value == 10)
        #expect(result.upperBound == 18)
        var two = places
        two[2].allowedSeries = [5, 6]
        let wider = StopSelection(demand: demand, weights: [10, 8, 3], candidates: two, radius: 500, seriesCount: 8, repeatValue: 0)
        #expect(wider.matchingSize([0, 1, 2]) == 2)
        #expect(wider.solve(eligible: [0, 1, 2]).upperBound == 13 + 8)
        #expect(wider.solve(eligible: [0, 1, 2]).value == 13)
    }

    func bruteForce(_ selection: StopSelection, eligible: [Int], p: Int) -> Double {
        var best = 0.0
        func recurse(_ start: Int, _ chosen: [Int]) {
            if selection.assignment(chosen) != nil { best = max(best, selection.value(chosen)) }
            guard chosen.count < p else { return }
            for k in start..<eligible.count { recurse(k + 1, chosen + [eligible[k]]) }
        }
        recurse(0, [])
        return best
    }

    /// Small random instances: the plan's value against the optimum found by enumeration,
    /// and the bound above the optimum.
    @Test(arguments: 0..<30)
    func smallInstancesAgainstEnumeration(seed: Int) {
        var rng = SplitMix64(state: UInt64(seed) &+ 300)
        let demand = (0..<60).map { _ in Point(x: Double.random(in: 0...3000, using: &rng), y: Double.random(in: 0...3000, using: &rng)) }
        let weights = (0..<60).map { _ in Double.random(in: 0...10, using: &rng) }
        let p = 3
        let candidates = (0..<9).map { _ in
            StopSelection.Candidate(
                location: Point(x: Double.random(in: 0...3000, using: &rng), y: Double.random(in: 0...3000, using: &rng)),
                allowedSeries: Set((0..<p).filter { _ in Double.random(in: 0...1, using: &rng) < 0.7 })
            )
        }
        for repeatValue in [0.0, 0.25] {
            let selection = StopSelection(demand: demand, weights: weights, candidates: candidates, radius: 700, seriesCount: p, repeatValue: repeatValue)
            let eligible = Array(candidates.indices)
            let optimum = bruteForce(selection, eligible: eligible, p: p)
            let result = selection.solve(eligible: eligible)
            #expect(result.value >= optimum - 1e-9, "seed \(seed) r \(repeatValue): \(result.value) < optimum \(optimum)")
            #expect(result.value <= optimum + 1e-9)
            #expect(result.upperBound >= optimum - 1e-9)
            #expect(selection.assignment(result.chosen) != nil)
        }
    }
}

@Suite struct PlanSettingsTests {
    @Test func defaultRulesLoad() throws {
        let settings = try PlanSettings.load(path: Fixtures.data("plan.toml"))
        #expect(settings.teamDays == [2, 3, 4, 5])
        #expect(settings.morning.start == 570 && settings.afternoon.end == 990)
        #expect(settings.walkingDistance == 500)
        #expect(settings.supermarketDaysAfterPayDay == 6)
        // School gates at the end of classes, not over the whole afternoon.
        #expect(settings.kindHours["school"] == HalfDay(part: .afternoon, start: 16 * 60, end: 17 * 60))
        #expect(settings.hours(of: "school", in: settings.afternoon).start == 16 * 60)
        #expect(settings.hours(of: "market", in: settings.afternoon) == settings.afternoon)
        // Food markets are held in the morning.
        #expect(settings.kindParts["market"] == [.morning])
        #expect(PlanSettings().kindParts["market"] == [.morning])
    }

    /// `[markets]` names a market's days as a list, or its days and half-days as an inline
    /// table; a wrong half-day or an unknown key is refused at the market's line.
    @Test func knownMarketsTakeDaysAndHalfDays() throws {
        let path = try Fixtures.temporaryFile(
            "plan.toml",
            contents:
                "[markets]\n\"Marché Suzanne Buisson\" = [\"mardi\", \"vendredi\"]\n\"Marché du soir\" = { days = [\"jeudi\"], half_days = [\"soir\", \"après-midi\"] }\n"
        )
        let settings = try PlanSettings.load(path: path)
        #expect(settings.knownMarket(named: "Marché Suzanne Buisson (nord)") == KnownMarket(prefix: "Marché Suzanne Buisson", days: [2, 5]))
        #expect(settings.knownMarket(named: "marché du soir de la place") == KnownMarket(prefix: "Marché du soir", days: [4], parts: [.evening, .afternoon]))
        #expect(settings.knownMarket(named: "Marché couvert") == nil)
        for (line, expected) in [
            ("\"Marché du soir\" = { days = [\"jeudi\"], half_days = [\"nuit\"] }", "attendu matin, après-midi ou soir"),
            ("\"Marché du soir\" = { jours = [\"jeudi\"] }", "clé inconnue"),
        ] {
            let bad = try Fixtures.temporaryFile("plan.toml", contents: "[team]\ndays = [\"jeudi\"]\n\n[markets]\n\(line)\n")
            let error = #expect(throws: InputError.self) { try PlanSettings.load(path: bad) }
            #expect(error?.line == 5 && error?.description.contains(expected) == true, "\(String(describing: error))")
        }
    }

    @Test func kindHoursNeedOneHalfDayWithinTheDay() throws {
        let noPart = try Fixtures.temporaryFile("plan.toml", contents: "[kinds.school]\nhours = [\"16:00\", \"17:00\"]\n")
        let first = #expect(throws: InputError.self) { try PlanSettings.load(path: noPart) }
        #expect(first?.line == 2 && first?.description.contains("une seule demi-journée") == true, "\(String(describing: first))")
        let late = try Fixtures.temporaryFile(
            "plan.toml", contents: "[kinds.school]\nhalf_days = [\"après-midi\"]\nhours = [\"16:00\", \"18:00\"]\n")
        let second = #expect(throws: InputError.self) { try PlanSettings.load(path: late) }
        #expect(second?.line == 3 && second?.description.contains("entre 12:00 et 17:30") == true, "\(String(describing: second))")
    }

    @Test func sundayAndBadTimesAreRefused() throws {
        let sunday = try Fixtures.temporaryFile("plan.toml", contents: "[team]\ndays = [\"mardi\", \"dimanche\"]\n")
        let error = #expect(throws: InputError.self) { try PlanSettings.load(path: sunday) }
        #expect(error?.line == 2)
        let time = try Fixtures.temporaryFile("plan.toml", contents: "[team]\nmorning = [\"9h30\", \"12:00\"]\n")
        #expect(throws: InputError.self) { try PlanSettings.load(path: time) }
    }
}

@Suite struct SitingReviewTests {
    /// Fixed sites kept, k added: the best additions by enumeration, the marginal values and
    /// the existing sites' losses recomputed by hand.
    @Test(arguments: 0..<15)
    func additionsAgainstEnumeration(seed: Int) {
        var rng = SplitMix64(state: UInt64(seed) &+ 900)
        let cells = (0..<80).map { _ in Point(x: Double.random(in: 0...20_000, using: &rng), y: Double.random(in: 0...20_000, using: &rng)) }
        let risk = (0..<80).map { _ in Double.random(in: 0...20, using: &rng) }
        func site(_ name: String) -> Site {
            let p = Point(x: Double.random(in: 0...20_000, using: &rng), y: Double.random(in: 0...20_000, using: &rng))
            return Site(name: name, kind: .franceServices, lonLat: p, location: p)
        }
        let existing = [site("A"), site("B")]
        let candidates = (0..<8).map { site("c\($0)") }
        let car = StraightLineTravel(detourFactor: 1.3, speedKmh: 30, modeLabel: "en voiture")
        let review = SitingReview(
            cells: cells, risk: risk, population: risk, existing: existing, candidates: candidates,
            modes: [TravelMode(mode: .car, model: car)], limitMode: 0, limitMinutes: 10, threads: 2
        )
        let radius = car.reach(minutes: 10)
        func covered(_ sites: [Point]) -> Double {
            cells.indices.filter { c in sites.contains { cells[c].distance(to: $0) <= radius } }.reduce(0) { $0 + risk[$1] }
        }
        let base = existing.map(\.location)
        var best = covered(base)
        for a in 0..<8 { for b in (a + 1)..<8 { best = max(best, covered(base + [candidates[a].location, candidates[b].location])) } }
        let result = review.chooseAdditions(k: 2, access: review.accessMinutes())
        #expect(abs(result.coveredAfter - best) < 1e-9, "seed \(seed): \(result.coveredAfter) vs optimum \(best)")
        #expect(abs(result.coveredBefore - covered(base)) < 1e-9)
        #expect(result.upperBound >= best - 1e-9)
        let chosen = result.chosen.map { candidates[$0].location }
        for j in result.chosen {
            let without = covered(base + result.chosen.filter { $0 != j }.map { candidates[$0].location })
            #expect(abs((result.marginalValue[j] ?? 0) - (result.coveredAfter - without)) < 1e-9)
        }
        for (i, _) in existing.enumerated() {
            let without = covered(base.enumerated().filter { $0.offset != i }.map(\.element) + chosen)
            #expect(abs(result.existingLoss[i] - (result.coveredAfter - without)) < 1e-9)
        }
        // Uncoverable cells: beyond the limit from every existing and candidate site.
        let expected = cells.indices.filter { c in !(base + candidates.map(\.location)).contains { cells[c].distance(to: $0) <= radius } }
        #expect(result.uncoverable == expected)
    }
}

@Suite struct ProbabilisticSelectionTests {
    /// Expected distinct households met, Σ w (1 − Π (1 − p)), and the choice against enumeration.
    @Test func expectedMeetingsMatchEnumeration() {
        var rng = SplitMix64(state: 4242)
        for _ in 0..<20 {
            let units = 12, stops = 6
            let weights = (0..<units).map { _ in Double.random(in: 1...20, using: &rng) }
            var covers: [[Int32]] = [], probabilities: [[Double]] = []
            for _ in 0..<stops {
                let list = (0..<units).filter { _ in Double.random(in: 0...1, using: &rng) < 0.4 }.map(Int32.init)
                covers.append(list)
                probabilities.append(list.map { _ in Double.random(in: 0.05...0.6, using: &rng) })
            }
            let candidates = (0..<stops).map { _ in StopSelection.Candidate(location: Point(x: 0, y: 0), allowedSeries: [0, 1]) }
            let selection = StopSelection(
                demandCount: units, weights: weights, candidates: candidates, covers: covers, probabilities: probabilities,
                seriesCount: 2, repeatValue: 0
            )
            func expected(_ chosen: [Int]) -> Double {
                (0..<units).reduce(0.0) { total, u in
                    var miss = 1.0
                    for j in chosen { if let k = covers[j].firstIndex(of: Int32(u)) { miss *= 1 - probabilities[j][k] } }
                    return total + weights[u] * (1 - miss)
                }
            }
            var best = 0.0
            for a in 0..<stops { for b in (a + 1)..<stops { best = max(best, expected([a, b])) } }
            let result = selection.solve(eligible: Array(0..<stops))
            #expect(abs(result.value - expected(result.chosen)) < 1e-9)
            #expect(abs(result.value - best) < 1e-9)
            #expect(result.upperBound >= best - 1e-9)
        }
    }
}

/// A service inside a reception point's building is left aside with it; a market on the
/// square in front of it keeps its value.
@Suite struct SameBuildingTests {
    @Test func servicesBesideAReceptionPointAreLeftAsideNotMarkets() {
        func place(_ name: String, _ kind: StopKind, _ x: Double) -> StopCandidate {
            StopCandidate(name: name, kind: kind, lonLat: Point(x: 2.48, y: 48.9), location: Point(x: 650_000 + x, y: 6_860_000), source: "test")
        }
        let candidates = [
            place("CCAS", .ccas, 0), place("Marché de la mairie", .market, 20), place("Point Information Jeunesse", .youth, 30),
            place("Maison pour Tous", .communityCentre, 2000), place("Accueil CAF", .cafOffice, 1000), place("PMI du centre", .pmi, 1030),
        ]
        let demand = (0..<40).map { Point(x: 650_000 + Double($0 % 20) * 100, y: 6_860_000 + Double($0 / 20) * 100) }
        let settings = PlanSettings()
        let plan = OutreachPlanner.plan(
            period: [YearMonth(year: 2027, month: 3)], settings: settings, candidates: candidates, demand: demand, households: demand.map { _ in 100 },
            groups: ["rsa"],
            weights: demand.map { _ in [20] }, depot: (Point(x: 2.48, y: 48.9), Point(x: 650_000, y: 6_860_000)), gridEPSG: 2154,
            travel: settings.straightLineTravel, threads: 1)
        #expect(plan.rejected[0]?.hasPrefix("point d'accueil existant") == true)
        #expect(plan.rejected[2]?.contains("au même endroit qu'un point d'accueil existant (CCAS") == true)
        #expect(plan.rejected[1]?.contains("au même endroit") != true)
        #expect(plan.chosen.contains(1))
        // A CAF office is a reception point too, and so is a service in its building.
        #expect(plan.rejected[4]?.hasPrefix("point d'accueil existant") == true)
        #expect(plan.rejected[5]?.contains("au même endroit qu'un point d'accueil existant (Accueil CAF") == true)
    }

    /// A school gate is visited at the end of classes: its calendar hours are the kind's own,
    /// within the afternoon, and the other places keep the slot's.
    @Test func schoolGatesKeepTheirOwnHours() throws {
        func place(_ name: String, _ kind: StopKind, _ x: Double) -> StopCandidate {
            StopCandidate(name: name, kind: kind, lonLat: Point(x: 2.48, y: 48.9), location: Point(x: 650_000 + x, y: 6_860_000), source: "test")
        }
        let candidates = [place("École Jules Ferry", .school, 0), place("Marché", .market, 3000)]
        let demand = (0..<40).map { Point(x: 650_000 + Double($0 % 20) * 150, y: 6_860_000 + Double($0 / 20) * 100) }
        let settings = try PlanSettings.load(path: Fixtures.data("plan.toml"))
        let plan = OutreachPlanner.plan(
            period: [YearMonth(year: 2027, month: 3)], settings: settings, candidates: candidates, demand: demand, households: demand.map { _ in 100 },
            groups: ["rsa"],
            weights: demand.map { _ in [20] }, depot: (Point(x: 2.48, y: 48.9), Point(x: 651_000, y: 6_860_000)), gridEPSG: 2154,
            travel: settings.straightLineTravel, threads: 1)
        let school = plan.visits.filter { $0.stop == 0 }, market = plan.visits.filter { $0.stop == 1 }
        #expect(!school.isEmpty && !market.isEmpty)
        #expect(school.allSatisfy { $0.slot == HalfDay(part: .afternoon, start: 16 * 60, end: 17 * 60) })
        #expect(market.allSatisfy { $0.slot == settings.morning })
        // The stop's series says its hours.
        #expect(PlanText.seriesLabel(plan, 0).hasSuffix("après-midi 16\u{A0}h–17\u{A0}h"), "\(PlanText.seriesLabel(plan, 0))")
    }

    /// A plan in La Réunion has no visit on 20 December; the same plan elsewhere has one.
    @Test func noVisitOnALocalHoliday() throws {
        let candidates = [
            StopCandidate(
                name: "Maison pour Tous", kind: .communityCentre, lonLat: Point(x: 55.45, y: -20.9), location: Point(x: 340_000, y: 7_690_000),
                source: "test")
        ]
        let demand = (0..<20).map { Point(x: 340_000 + Double($0 % 5) * 150, y: 7_690_000 + Double($0 / 5) * 150) }
        var settings = try PlanSettings.load(path: Fixtures.data("plan.toml"))
        // The team works on Wednesdays only; 20 December 2028 is a Wednesday.
        settings.teamDays = [3]
        func visits(_ local: LocalHolidays) -> [CivilDate] {
            settings.localHolidays = local
            let plan = OutreachPlanner.plan(
                period: [YearMonth(year: 2028, month: 12)], settings: settings, candidates: candidates, demand: demand, households: demand.map { _ in 100 },
                groups: ["rsa"],
                weights: demand.map { _ in [20] }, depot: (Point(x: 55.45, y: -20.9), Point(x: 340_100, y: 7_690_000)), gridEPSG: 2975,
                travel: settings.straightLineTravel, threads: 1)
            return plan.visits.map(\.date)
        }
        let holiday = CivilDate(year: 2028, month: 12, day: 20)
        let elsewhere = visits([]), reunion = visits(.reunion)
        #expect(elsewhere.contains(holiday))
        #expect(!reunion.contains(holiday) && !reunion.isEmpty)
        #expect(Set(elsewhere).subtracting(reunion) == [holiday])
    }

    /// No school-gate visit in the school holidays the plan file gives; without them, a plan
    /// with school gates says so.
    @Test func schoolGatesAreNotVisitedInTheSchoolHolidays() throws {
        let candidates = [
            StopCandidate(
                name: "École Jules Ferry", kind: .school, lonLat: Point(x: 2.48, y: 48.9), location: Point(x: 650_000, y: 6_860_000), source: "test"),
            StopCandidate(
                name: "Maison pour Tous", kind: .communityCentre, lonLat: Point(x: 2.48, y: 48.9), location: Point(x: 652_000, y: 6_860_000),
                source: "test"),
        ]
        let demand = (0..<40).map { Point(x: 650_000 + Double($0 % 20) * 100, y: 6_860_000 + Double($0 / 20) * 100) }
        func plan(_ holidays: String) throws -> OutreachPlan {
            var rules = try String(contentsOfFile: Fixtures.data("plan.toml"), encoding: .utf8)
            rules = rules.replacingOccurrences(of: "school_holidays = []", with: "school_holidays = \(holidays)")
            let settings = try PlanSettings.load(path: try Fixtures.temporaryFile("plan_vacances.toml", contents: rules))
            return OutreachPlanner.plan(
                period: [YearMonth(year: 2027, month: 2), YearMonth(year: 2027, month: 3)], settings: settings, candidates: candidates, demand: demand,
                households: demand.map { _ in 100 },
                groups: ["rsa"], weights: demand.map { _ in [20] }, depot: (Point(x: 2.48, y: 48.9), Point(x: 651_000, y: 6_860_000)),
                gridEPSG: 2154, travel: settings.straightLineTravel, threads: 1)
        }
        let holidays = CivilDate(year: 2027, month: 2, day: 13)...CivilDate(year: 2027, month: 3, day: 1)
        let without = try plan("[]"), with = try plan(#"[["2027-02-13", "2027-03-01"]]"#)
        let schoolDays = { (plan: OutreachPlan) in plan.visits.filter { plan.candidates[$0.stop].kind == .school }.map(\.date) }
        #expect(schoolDays(without).contains { holidays.contains($0) })
        #expect(!schoolDays(with).isEmpty && !schoolDays(with).contains { holidays.contains($0) })
        // The community centre keeps its visits in the holidays.
        #expect(with.visits.contains { with.candidates[$0.stop].kind == .communityCentre && holidays.contains($0.date) })
        #expect(without.warnings.contains { $0.hasPrefix("sorties d'école le ") && $0.contains("février 2027") })
        #expect(!with.warnings.contains { $0.hasPrefix("sorties d'école retenues sans les vacances scolaires") })
        for (value, expected) in [(#"[["2027-02-30", "2027-03-01"]]"#, "attendu deux dates"), (#"[["2027-03-01", "2027-02-13"]]"#, "finissent avant")] {
            var rules = try String(contentsOfFile: Fixtures.data("plan.toml"), encoding: .utf8)
            rules = rules.replacingOccurrences(of: "school_holidays = []", with: "school_holidays = \(value)")
            let path = try Fixtures.temporaryFile("plan_vacances_faux.toml", contents: rules)
            let error = #expect(throws: InputError.self) { try PlanSettings.load(path: path) }
            #expect(error?.description.contains(expected) == true && error?.line != nil, "\(String(describing: error))")
        }
    }

    /// In a village, a stop draws its whole commune (within the village radius), not only its
    /// walking catchment: hamlets 2–4 km from the square count, another commune's do not, nor
    /// its own beyond 5 km; the same place in a town reaches its walking catchment only.
    @Test func aVillageStopDrawsItsWholeCommune() throws {
        let square = Point(x: 650_000, y: 6_860_000)
        let candidates = [StopCandidate(name: "Marché du village", kind: .market, lonLat: Point(x: 2.4, y: 43.2), location: square, source: "test")]
        // Two households at risk by the square, ten in hamlets 2–4 km away, ten in the next
        // commune 3 km away, ten in the village's own farms 7 km away.
        var demand: [Point] = [square, Point(x: square.x + 100, y: square.y)]
        var communes: [String] = ["11069", "11069"]
        for k in 0..<10 {
            let step = Double(k)
            demand.append(Point(x: square.x + 2000 + step * 200, y: square.y))
            communes.append("11069")
            demand.append(Point(x: square.x, y: square.y + 3000 + step * 10))
            communes.append("11070")
            demand.append(Point(x: square.x - 7000, y: square.y + step * 10))
            communes.append("11069")
        }
        var settings = try PlanSettings.load(path: Fixtures.data("plan.toml"))
        func plan(_ villages: Set<String>, whole: Set<String>? = nil) -> OutreachPlan {
            OutreachPlanner.plan(
                period: [YearMonth(year: 2027, month: 3)], settings: settings, candidates: candidates, demand: demand, households: demand.map { _ in 100 },
                groups: ["aspa"],
                weights: demand.map { _ in [1] }, depot: (Point(x: 2.4, y: 43.2), square), gridEPSG: 2154, travel: settings.straightLineTravel,
                communes: ["11069"], villages: VillageDemand(communes: villages, demandCommunes: communes, wholeCommunes: whole), threads: 1)
        }
        // The village's own rule, without the market's reach.
        settings.marketRadius = 0
        let town = plan([]), village = plan(["11069"])
        #expect(town.reach[0] == 2)
        #expect(town.rejected[0]?.hasPrefix("portée trop faible : 2,0 ménages en non-recours estimé à moins de 600 m") == true, "\(town.rejected)")
        #expect(village.reach[0] == 12)
        #expect(village.chosen == [0] && village.villageStops == [0])
        let reason = PlanText.reason(village, 0)
        #expect(reason.contains("ou dans la commune (village de moins de 1") && reason.contains("000 ménages, à moins de 5 km)"), "\(reason)")
        // A market in a commune that is one zone draws the households of such communes within
        // 8 km on its day: its own farms 7 km away (10), and, when the next commune is one
        // zone too, its 10 households 3 km away; never an IRIS's.
        settings.marketRadius = 8000
        let bourg = plan([], whole: ["11069"]), bourgAmongVillages = plan([], whole: ["11069", "11070"])
        #expect(bourg.reach[0] == 22 && bourg.bourgMarkets == [0] && bourg.villageStops.isEmpty)
        #expect(bourgAmongVillages.reach[0] == 32)
        #expect(PlanText.reason(bourgAmongVillages, 0).contains("ou dans les communes alentour à moins de 8 km (jour de marché)"))
        settings.marketRadius = 6000
        #expect(plan([], whole: ["11069", "11070"]).reach[0] == 22)
    }

    /// A market is a morning stop; a market the plan file declares as held later in the day
    /// takes that half-day instead, and only on its days.
    @Test func marketsAreMorningStopsUnlessTheFileSaysOtherwise() throws {
        func place(_ name: String, _ x: Double) -> StopCandidate {
            StopCandidate(name: name, kind: .market, lonLat: Point(x: 2.48, y: 48.9), location: Point(x: 650_000 + x, y: 6_860_000), source: "test")
        }
        let candidates = [place("Marché de la Gare", 0), place("Marché du soir, place Carnot", 1500), place("Marché couvert", 3000)]
        let demand = (0..<60).map { Point(x: 650_000 + Double($0 % 20) * 150, y: 6_860_000 + Double($0 / 20) * 100) }
        var rules = try String(contentsOfFile: Fixtures.data("plan.toml"), encoding: .utf8)
        rules = rules.replacingOccurrences(
            of: "\n[markets]", with: "\n[markets]\n\"Marché du soir\" = { days = [\"jeudi\"], half_days = [\"après-midi\"] }\n\"Marché couvert\" = [\"mardi\"]")
        let settings = try PlanSettings.load(path: try Fixtures.temporaryFile("plan_marches.toml", contents: rules))
        let plan = OutreachPlanner.plan(
            period: [YearMonth(year: 2027, month: 3)], settings: settings, candidates: candidates, demand: demand, households: demand.map { _ in 100 },
            groups: ["aspa"],
            weights: demand.map { _ in [20] }, depot: (Point(x: 2.48, y: 48.9), Point(x: 651_000, y: 6_860_000)), gridEPSG: 2154,
            travel: settings.straightLineTravel, threads: 1)
        #expect(plan.chosen.count == 3, "\(plan.rejected)")
        let station = plan.visits.filter { $0.stop == 0 }, evening = plan.visits.filter { $0.stop == 1 }, covered = plan.visits.filter { $0.stop == 2 }
        #expect(!station.isEmpty && station.allSatisfy { $0.slot.part == .morning })
        #expect(!evening.isEmpty && evening.allSatisfy { $0.slot.part == .afternoon && $0.date.weekday == 4 })
        #expect(!covered.isEmpty && covered.allSatisfy { $0.slot.part == .morning && $0.date.weekday == 2 })
    }
}
