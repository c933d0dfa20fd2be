import Foundation
import GeometryCore
import Inputs
import TestSupport
import Testing

@testable import Outreach

/// People met per half-day, the minimum below which a half-day is not planned, the pay week's
/// mix and the share of each kind (issue « A plan that spends each half-day where people will
/// be met »).
@Suite struct PlanPeopleTests {
    static func place(_ name: String, _ kind: StopKind, _ x: Double, _ y: Double = 0) -> StopCandidate {
        StopCandidate(name: name, kind: kind, lonLat: Point(x: 2.48, y: 48.9), location: Point(x: 650_000 + x, y: 6_860_000 + y), source: "test")
    }

    /// A grid of demand cells, 100 m apart, `households` each, 5 households at risk each.
    static func demand(columns: Int, rows: Int, x: Double = 0) -> [Point] {
        (0..<(columns * rows)).map { Point(x: 650_000 + x + Double($0 % columns) * 100, y: 6_860_000 + Double($0 / columns) * 100) }
    }

    static func plan(
        _ candidates: [StopCandidate], demand: [Point], households: Double, settings: PlanSettings, month: YearMonth = YearMonth(year: 2027, month: 3)
    ) -> OutreachPlan {
        OutreachPlanner.plan(
            period: [month], settings: settings, candidates: candidates, demand: demand, households: demand.map { _ in households }, groups: ["rsa"],
            weights: demand.map { _ in [5] }, depot: (Point(x: 2.48, y: 48.9), Point(x: 650_500, y: 6_860_000)), gridEPSG: 2154,
            travel: settings.straightLineTravel, threads: 1)
    }

    /// A well-attended place brings its kind's visitors; a place whose catchment holds a third
    /// of the households needed brings a third, below the minimum: left aside with the reason.
    @Test func aHalfDayUnderTheMinimumIsNotPlanned() throws {
        let settings = try PlanSettings.load(path: Fixtures.data("plan.toml"))
        #expect(settings.minimumPeople == 3 && settings.contacts.fullAttendanceHouseholds == 300)
        let candidates = [Self.place("Maison pour Tous", .communityCentre, 0), Self.place("Maison des Aulnes", .communityCentre, 5000)]
        // 25 cells of 40 households around the first (1 000), 5 cells of 20 around the second (100).
        let dense = Self.demand(columns: 5, rows: 5), sparse = Self.demand(columns: 5, rows: 1, x: 5000)
        let plan = OutreachPlanner.plan(
            period: [YearMonth(year: 2027, month: 3)], settings: settings, candidates: candidates, demand: dense + sparse,
            households: dense.map { _ in 40 } + sparse.map { _ in 20 }, groups: ["rsa"], weights: (dense + sparse).map { _ in [5] },
            depot: (Point(x: 2.48, y: 48.9), Point(x: 652_500, y: 6_860_000)), gridEPSG: 2154, travel: settings.straightLineTravel, threads: 1)
        #expect(abs(plan.contactsPerHalfDay[0] - 5) < 1e-9, "full attendance: the kind's 5 visitors")
        #expect(abs(plan.contactsPerHalfDay[1] - 5 * 100 / 300) < 1e-9, "a third of the households: a third of the visitors")
        #expect(plan.chosen == [0])
        #expect(plan.rejected[1]?.hasPrefix("trop peu de monde attendu : 1,7 personne(s) par demi-journée") == true, "\(plan.rejected[1] ?? "")")
        // Of the 5 people, the households in non-recours: 5 × (5 at risk × affinity 1) / 40 households per cell.
        #expect(abs(plan.atRiskPerHalfDay[0] - 5 * 5.0 / 40) < 1e-9)
        // Every planned half-day expects at least the minimum.
        #expect(plan.visits.allSatisfy { plan.contactsPerHalfDay[$0.stop] >= settings.minimumPeople })
        // The other half-days are left free, and the plan says why.
        #expect(!plan.emptyHalfDays.isEmpty && PlanText.emptyHalfDays(plan)?.contains("minimum_people") == true)
    }

    /// `minimum_people` above what a team can meet, or negative, is refused at its line.
    @Test func anAbsurdMinimumIsRefused() throws {
        let rules = try String(contentsOfFile: Fixtures.data("plan.toml"), encoding: .utf8)
        for (value, expected) in [("12", "au-dessus de la capacité de l'équipe"), ("-1", "attendu un nombre entre 0 et 100")] {
            let text = rules.replacingOccurrences(of: "minimum_people = 3", with: "minimum_people = \(value)")
            let error = #expect(throws: InputError.self) {
                try PlanSettings.load(path: try Fixtures.temporaryFile("plan_minimum.toml", contents: text))
            }
            #expect(error?.field == "contacts.minimum_people" && error?.description.contains(expected) == true, "\(error?.description ?? "")")
        }
        let merge = rules.replacingOccurrences(of: "merge_distance_m = 200", with: "merge_distance_m = -5")
        #expect(throws: InputError.self) { try PlanSettings.load(path: try Fixtures.temporaryFile("plan_merge.toml", contents: merge)) }
    }

    /// In the days after the CAF pays, the team visits supermarkets and still meets people at a
    /// community place: both kinds are in the pay week.
    @Test func thePayWeekKeepsACommunityPlace() throws {
        var settings = try PlanSettings.load(path: Fixtures.data("plan.toml"))
        settings.teamDays = [2]  // Tuesdays only: the pay week has one Tuesday.
        let candidates = [
            Self.place("Maison pour Tous", .communityCentre, 0), Self.place("Lidl", .supermarket, 300), Self.place("Leader Price", .supermarket, 600),
        ]
        let plan = Self.plan(candidates, demand: Self.demand(columns: 10, rows: 5), households: 40, settings: settings)
        let pay = FrenchCalendar.cafPayDay(year: 2027, month: 3)
        let window = (0...settings.supermarketDaysAfterPayDay).map { pay.adding(days: $0) }
        let payWeek = plan.visits.filter { window.contains($0.date) }.map { plan.candidates[$0.stop].kind }
        #expect(
            payWeek.contains(.supermarket) && payWeek.contains(.communityCentre),
            "\(payWeek) \(plan.chosen) \(plan.rejected) \(plan.visits.map { "\($0.date) \($0.slot.part) \($0.stop)" })")
        // The community place keeps its weekly slot; each supermarket is visited after the pay day only.
        #expect(plan.visits.filter { plan.candidates[$0.stop].kind == .supermarket }.allSatisfy { window.contains($0.date) })
    }

    /// Several kinds available: no kind takes more than its share of the half-days.
    @Test func noKindTakesTheWholeMonth() throws {
        let settings = try PlanSettings.load(path: Fixtures.data("plan.toml"))
        // Eight school gates and two community centres, all useful.
        let schools = (0..<8).map { Self.place("École \($0)", .school, Double($0) * 1200) }
        let centres = [Self.place("Maison pour Tous A", .communityCentre, 600, 800), Self.place("Maison pour Tous B", .communityCentre, 4200, 800)]
        let plan = Self.plan(schools + centres, demand: Self.demand(columns: 100, rows: 10), households: 60, settings: settings)
        let halfDays = Double(plan.visits.count + plan.emptyHalfDays.count)
        let schoolVisits = Double(plan.visits.filter { plan.candidates[$0.stop].kind == .school }.count)
        #expect(schoolVisits > 0 && schoolVisits <= 0.4 * halfDays + 4, "\(schoolVisits) of \(halfDays)")
        #expect(plan.visits.contains { plan.candidates[$0.stop].kind == .communityCentre })
    }
}
