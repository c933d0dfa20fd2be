import Foundation
import Network
import Outreach
import Risk
import Support

/// The plan's summary (`plan.json`): the period, its pay days and holidays, the rules it
/// followed, what it reaches and its bound, the communes visited, what the sheets changed.
public struct PlanSummary: Codable {
    public var month: String
    public var months: [String]
    public var cafPayDay: String
    public var cafPayDays: [String]
    public var teams: Int
    public var events: Int
    public var holidays: [String]
    public var teamDays: [String]
    public var frequency: String
    public var walkingDistanceM: Double
    public var minimumHouseholds: Double
    public var repeatValue: Double
    public var chosenStops: Int
    public var visits: Int
    public var householdsReached: Double
    public var objective: Double
    public var upperBound: Double
    public var gapPercent: Double
    public var warnings: [String]
    public var settings: String
    /// Which measure of the scored zones the plan weighs cells with.
    public var measure: String
    /// Who the team meets: capacity per half-day, reception discount, whether reception
    /// points may be stops; expected distinct households met over the month.
    public var teamCapacityPerHalfDay: Double
    public var receptionDiscount: Double
    public var receptionPointsAsStops: Bool
    public var expectedHouseholdsMet: Double
    /// People expected over the period (visits × people per half-day), the minimum per
    /// half-day, and the team half-days left free with the reason.
    public var expectedPeopleMet: Double = 0
    public var minimumPeople: Double = 0
    public var emptyHalfDays: [String] = []
    public var emptyHalfDaysReason: String?
    /// What the teams' passage sheets changed (absent without sheets): place by place, and
    /// the kinds whose figure the territory's visits re-estimated.
    public var learnedFromSheets: [FieldLearning.PlaceUpdate]?
    public var kindFactorsFromSheets: [String: Double]?
    public var targetGroups: [String]
    /// How travel times were measured (« en voiture, par les rues (OpenStreetMap, …) »).
    public var travel: String
    /// How the catchments of the stops were drawn.
    public var catchments: String
    /// Whether the plan rotated between communes, and per commune its stops and visits.
    public var rotationBetweenCommunes: Bool
    public var communes: [CommuneVisits]

    public struct CommuneVisits: Codable {
        public var code: String
        public var name: String
        public var stops: Int
        public var visits: Int
    }
}

extension PlanSummary {
    /// The plan's summary (`plan.json`).
    public init(_ plan: OutreachPlan, base: String? = nil) {
        var holidays: [String] = []
        for year in Set(plan.period.map(\.year)).sorted() {
            holidays += FrenchCalendar.holidays(year, local: plan.settings.localHolidays)
                .filter { day in plan.period.contains { $0.year == day.key.year && $0.month == day.key.month } }.map { "\($0.key) \($0.value)" }
        }
        holidays.sort()
        self.init(
            month: String(format: "%04d-%02d", plan.year, plan.month), months: plan.period.map(\.description),
            cafPayDay: FrenchCalendar.cafPayDay(year: plan.year, month: plan.month, local: plan.settings.localHolidays).description,
            cafPayDays: plan.period.map { FrenchCalendar.cafPayDay(year: $0.year, month: $0.month, local: plan.settings.localHolidays).description },
            teams: plan.settings.teams, events: plan.visits.filter { $0.event != nil }.count,
            holidays: holidays, teamDays: plan.settings.teamDays.map { FrenchCalendar.weekdayNames[$0 - 1] },
            frequency: plan.settings.frequency.rawValue, walkingDistanceM: plan.settings.walkingDistance,
            minimumHouseholds: plan.settings.minimumHouseholds, repeatValue: plan.settings.repeatValue,
            chosenStops: plan.chosen.count, visits: plan.visits.count, householdsReached: (plan.householdsReached * 10).rounded() / 10,
            objective: (plan.value * 10).rounded() / 10,
            upperBound: (plan.upperBound * 10).rounded() / 10, gapPercent: (plan.gap * 10000).rounded() / 100,
            warnings: plan.warnings, settings: RecordedPath.shown(plan.settings.source, relativeTo: base),
            measure: "\(ScoredColumn.estimate) (volume : ménages × prestations non perçues, répartis sur les carreaux au prorata des ménages pauvres)",
            teamCapacityPerHalfDay: plan.settings.contacts.teamCapacity, receptionDiscount: plan.settings.contacts.receptionDiscount,
            receptionPointsAsStops: plan.settings.contacts.allowReceptionPoints, expectedHouseholdsMet: (plan.value * 10).rounded() / 10,
            targetGroups: plan.groups,
            travel: "\(plan.travel.modeLabel), \(plan.travel.method)", catchments: plan.catchmentMethod,
            rotationBetweenCommunes: plan.rotation,
            communes: Set(plan.communes.filter { !$0.isEmpty }).sorted().map { code in
                CommuneVisits(
                    code: code, name: plan.communeNames[code] ?? code, stops: plan.chosen.filter { plan.communes[$0] == code }.count,
                    visits: plan.visits.filter { plan.communes[$0.stop] == code }.count)
            }
        )
        self.expectedPeopleMet = (plan.visits.reduce(0) { $0 + plan.contactsPerHalfDay[$1.stop] } * 10).rounded() / 10
        self.minimumPeople = plan.settings.minimumPeople
        self.emptyHalfDays = plan.emptyHalfDays.map { "\($0.date) \($0.part.french)" + (plan.settings.teams > 1 ? " (équipe \($0.team + 1))" : "") }
        self.emptyHalfDaysReason = PlanText.emptyHalfDays(plan)
        if !plan.learned.isEmpty {
            self.learnedFromSheets = plan.learned.map { update in
                var rounded = update
                (rounded.prior, rounded.meanMet, rounded.expected) =
                    ((update.prior * 10).rounded() / 10, (update.meanMet * 10).rounded() / 10, (update.expected * 10).rounded() / 10)
                return rounded
            }
            self.kindFactorsFromSheets = plan.kindFactors.mapValues { ($0 * 100).rounded() / 100 }
        }
    }
}
