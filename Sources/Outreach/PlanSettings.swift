import Foundation
import Inputs
import Network
import Support

/// Who a team can expect to meet at a stop. Per half-day visit, a kind of place brings the
/// team `visitors` people — what aller-vers teams report for such a place (4 to 5 per half-day
/// for a bus or a camping-car; more at a market or a supermarket car park after the CAF pays;
/// a few parents at a school gate's hour) — once its catchment holds `fullAttendanceHouseholds`
/// households, and proportionally fewer below. The visitors come from the households of the
/// catchment: a household at risk is among them with the probability visitors / households,
/// weighted by how well the place fits its benefit's target group (`affinity`); households
/// already within easy reach of a reception point count less (`receptionDiscount`). A team
/// meets at most `teamCapacity` people per half-day.
public struct ContactRules: Sendable {
    public struct Kind: Sendable, Equatable {
        public var catchment: Double
        /// People met per half-day at a well-attended place of this kind.
        public var visitors: Double
        public init(catchment: Double, visitors: Double) {
            self.catchment = catchment
            self.visitors = visitors
        }
    }
    public var teamCapacity = 8.0
    /// Households within the catchment at which a place brings its kind's full visitors.
    public var fullAttendanceHouseholds = 300.0
    /// The same for a stop in a village, where the team comes every few weeks and people
    /// drive in from the hamlets: a village of about a hundred households fills the bus
    /// France Services of Coutances (4 to 5 visitors per half-day, every five weeks).
    public var villageFullAttendanceHouseholds = 100.0
    /// How many visits the kind's figure weighs against what teams observed at a place
    /// (`observed_weight`, 3): see `FieldLearning`.
    public var observedWeight = 3.0
    public var receptionReach = 500.0
    public var receptionDiscount = 0.7
    public var allowReceptionPoints = false
    public var kinds: [String: Kind] = [
        "market": Kind(catchment: 600, visitors: 6),
        "supermarket": Kind(catchment: 1000, visitors: 6),
        "community_centre": Kind(catchment: 500, visitors: 5),
        "food_bank": Kind(catchment: 800, visitors: 6),
        "station": Kind(catchment: 800, visitors: 4),
        "youth": Kind(catchment: 1500, visitors: 4),
        "pmi": Kind(catchment: 800, visitors: 4),
        "school": Kind(catchment: 500, visitors: 3),
        "senior_club": Kind(catchment: 600, visitors: 4),
        "france_services": Kind(catchment: 500, visitors: 5),
        "ccas": Kind(catchment: 500, visitors: 5),
        "caf": Kind(catchment: 500, visitors: 5),
        "mairie": Kind(catchment: 500, visitors: 5),
        "salle_communale": Kind(catchment: 500, visitors: 5),
    ]
    /// Benefit (target group) → stop kind → weight in [0, 1]; a missing pair weighs 0.5.
    public var affinity: [String: [String: Double]] = [:]

    /// A place this close to a reception point (CCAS, France Services, CAF) shares its building or its square
    /// (a youth information point inside the France Services, say): people already come there,
    /// so it is left aside like the reception point itself.
    public static let sameBuildingMetres = 50.0
    /// Places where people gather whatever stands next door — a market on the town-hall square,
    /// a supermarket car park, a station, a school gate — keep their value beside a reception
    /// point; the rule above is for services sharing its building.
    public static let openPlaces: Set<StopKind> = [.market, .supermarket, .station, .school]

    /// Walking pace for catchments along the streets: 4.5 km/h (CERTU planning value).
    public static let walkingMetresPerMinute = 75.0

    public func weight(group: String, kind: StopKind) -> Double { affinity[group]?[kind.rawValue] ?? 0.5 }
    public func rules(for kind: StopKind) -> Kind { kinds[kind.rawValue] ?? Kind(catchment: 500, visitors: 4) }
}

/// A half-day slot: morning or afternoon, with its hours (minutes after midnight).
public struct HalfDay: Sendable, Hashable {
    public enum Part: Int, Sendable, Hashable, Comparable {
        case morning = 0, afternoon = 1, evening = 2
        public static func < (a: Part, b: Part) -> Bool { a.rawValue < b.rawValue }
        public var french: String {
            switch self {
            case .morning: "matin"
            case .afternoon: "après-midi"
            case .evening: "soir"
            }
        }
    }
    public var part: Part
    public var start: Int
    public var end: Int
}

/// A market the plan file names: its weekdays and, when it is not a morning market, its
/// half-days (nil: those of every market, `[kinds.market] half_days`).
public struct KnownMarket: Sendable, Equatable {
    public var prefix: String
    public var days: [Int]
    public var parts: Set<HalfDay.Part>?
    public init(prefix: String, days: [Int], parts: Set<HalfDay.Part>? = nil) {
        self.prefix = prefix
        self.days = days
        self.parts = parts
    }
}

/// The outreach rules a planner edits (`Data/plan.toml`): team days and slots, regularity,
/// walking distance, minimum reach, diminishing returns, travel, and the days each kind of
/// stop can be used.
public struct PlanSettings: Sendable {
    /// How often a regular stop comes back: every week, every two weeks (two stops can share
    /// the slot on alternate weeks), two weeks out of three, or once a month (the n-th weekday:
    /// four stops can share the slot).
    public enum Frequency: String, Sendable, CaseIterable {
        case weekly, biweekly, twoWeeksOfThree = "two_weeks_of_three", monthly

        /// How many stops can share one slot in turn.
        public var phases: Int {
            switch self {
            case .weekly, .twoWeeksOfThree: 1
            case .biweekly: 2
            case .monthly: 4
            }
        }

        public var french: String {
            switch self {
            case .weekly: "chaque semaine"
            case .biweekly: "une semaine sur deux"
            case .twoWeeksOfThree: "deux semaines sur trois"
            case .monthly: "une fois par mois"
            }
        }
    }

    public var source: String
    /// ISO weekdays (1 = Monday) the team works.
    public var teamDays: [Int] = [2, 3, 4, 5]
    public var morning = HalfDay(part: .morning, start: 9 * 60 + 30, end: 12 * 60)
    public var afternoon = HalfDay(part: .afternoon, start: 14 * 60, end: 16 * 60 + 30)
    /// An evening slot, when the plan file opens one (instead of the afternoon on that day).
    public var evening: HalfDay?
    /// Teams or vehicles working in parallel.
    public var teams = 1
    public var frequency: Frequency = .weekly
    /// How often a village stop comes back (`[team] village_frequency`): villages too small
    /// for a weekly stop share a slot in rotation, as the Coutances and Loiret tours do.
    public var villageFrequency: Frequency = .monthly
    public var dayStart = 8 * 60 + 30
    public var dayEnd = 17 * 60 + 30
    public var lunchMinutes = 60.0
    public var walkingDistance = 500.0
    /// Places closer than this (metres) form one stop (`merge_distance_m` in [reach]; 0: none).
    public var mergeDistance = 200.0
    public var minimumHouseholds = 4.0
    /// The largest share of the period's half-days one kind of place may take (`[team]
    /// max_kind_share`): every week mixes kinds of place.
    public var maxKindShare = 0.4
    /// A half-day where fewer people than this are expected is not planned (`minimum_people`).
    public var minimumPeople = 3.0
    /// A commune of fewer households than this is a village: a stop there draws its whole
    /// commune (people drive in from the hamlets, as to the rural France Services buses),
    /// within `villageRadius` metres, not only the walking catchment of its kind.
    public var villageHouseholds = 1000.0
    public var villageRadius = 5000.0
    /// A market in a commune that is one zone (a bourg's) draws the households of the
    /// communes around within this many metres, who drive in on market day (`[reach]
    /// market_radius_m`; 0: its walking catchment only).
    public var marketRadius = 8000.0
    public var repeatValue = 0.25
    public var detourFactor = 1.3
    public var speedKmh = 20.0
    /// Speeds of the straight-line model where the territory is less dense (`[travel]
    /// intermediate_speed_kmh`, `rural_speed_kmh`, `rural_detour_factor`): see `SettlementDensity`.
    public var intermediateSpeedKmh = 35.0
    public var ruralSpeedKmh = 60.0
    public var ruralDetourFactor = 1.3
    /// Allowed weekdays per stop kind; an empty list means "unknown: any team day, with a warning".
    public var kindDays: [String: [Int]] = [:]
    public var supermarketDaysAfterPayDay = 6
    /// Markets whose days (and, for an afternoon or evening market, half-days) the plan file
    /// gives, by stop-name prefix.
    public var knownMarkets: [KnownMarket] = []
    /// Holidays of part of France to keep on top of the national ones: those the plan file
    /// asks for (`[calendar] alsace_moselle = true`), and those of the territory's communes,
    /// added when a plan is made (`LocalHolidays(communes:)`).
    public var localHolidays: LocalHolidays = []
    /// The school holidays of the territory's zone (`[calendar] school_holidays`, first and
    /// last day of each): no school-gate visit on those days. Their dates differ by zone (A, B,
    /// C, Corse, each overseas académie) and are set each year by the ministry, so the plan
    /// file gives them; when it does not, a plan with school gates says so.
    public var schoolHolidays: [ClosedRange<CivilDate>] = []

    /// Whether a stop of this kind is closed on that day (a school gate in the school holidays).
    public func isClosed(_ kind: StopKind, on date: CivilDate) -> Bool {
        kind == .school && schoolHolidays.contains { $0.contains(date) }
    }
    /// Who a team meets at a stop: see `ContactRules`.
    public var contacts = ContactRules()

    /// Rotation between communes: when the places lie in several communes, each commune with a
    /// useful place gets a stop before the best of the rest fill the series.
    public var rotateCommunes = true
    /// Allowed half-days per stop kind (a school gate only in the afternoon, say); absent: all.
    /// Food markets are held in the morning: a market square is empty by 14:00, so a market
    /// stop is a morning one unless the plan file says otherwise (for the kind, or for one
    /// market in `[markets]`).
    public var kindParts: [String: Set<HalfDay.Part>] = ["market": [.morning]]
    /// Hours of their own for a kind of stop, within its one half-day (a school gate at the
    /// end of classes, 16:00–17:00, rather than the whole afternoon): the visit's hours in the
    /// calendar and the trips' limits.
    public var kindHours: [String: HalfDay] = [:]

    /// The market of `[markets]` whose name begins a stop's name, if any.
    public func knownMarket(named name: String) -> KnownMarket? {
        knownMarkets.first { name.lowercased().hasPrefix($0.prefix.lowercased()) }
    }

    /// The half-days a stop may take (nil: all): a named market's own, else its kind's.
    public func parts(of candidate: StopCandidate) -> Set<HalfDay.Part>? {
        if candidate.kind == .market, let own = knownMarket(named: candidate.name)?.parts { return own }
        return kindParts[candidate.kind.rawValue]
    }

    /// The hours of a visit of this kind in this slot: the kind's own, else the slot's.
    public func hours(of kind: String, in slot: HalfDay) -> HalfDay {
        guard let own = kindHours[kind], own.part == slot.part else { return slot }
        return own
    }

    public init(source: String = "defaults") { self.source = source }

    /// The stop kinds a plan file may name, for error messages.
    static let kindNames = StopKind.allCases.filter { $0 != .other }.map(\.rawValue).joined(separator: ", ")

    /// The vehicle's travel without a street network: straight line × detour factor at a mean speed.
    public var straightLineTravel: StraightLineTravel {
        StraightLineTravel(detourFactor: detourFactor, speedKmh: speedKmh, modeLabel: "en véhicule")
    }

    /// The vehicle's travel without a street network on a territory of this density
    /// (inhabitants per km²): the city's speed where it is dense, faster roads elsewhere.
    public func straightLineTravel(density: Double?) -> StraightLineTravel {
        guard let density, density.isFinite else { return straightLineTravel }
        switch SettlementDensity(inhabitantsPerKm2: density) {
        case .dense: return straightLineTravel
        case .intermediate:
            return StraightLineTravel(
                detourFactor: detourFactor, speedKmh: intermediateSpeedKmh, modeLabel: "en véhicule", basis: SettlementDensity.basis(density))
        case .rural:
            return StraightLineTravel(
                detourFactor: ruralDetourFactor, speedKmh: ruralSpeedKmh, modeLabel: "en véhicule", basis: SettlementDensity.basis(density))
        }
    }

    /// The keys of each table of a plan file ("" for the top of the file).
    static let tableKeys: [String: [String]] = [
        "": ["team", "reach", "travel", "kinds", "markets", "calendar", "contacts", "affinity"],
        "team": [
            "days", "morning", "afternoon", "evening", "frequency", "village_frequency", "day_start", "day_end", "lunch_minutes", "teams", "rotate_communes",
            "max_kind_share",
        ],
        "reach": [
            "walking_distance", "minimum_households", "repeat_value", "village_households", "village_radius_m", "market_radius_m", "merge_distance_m",
        ],
        "travel": ["detour_factor", "speed_kmh", "intermediate_speed_kmh", "rural_speed_kmh", "rural_detour_factor"],
        "contacts": [
            "team_capacity", "full_attendance_households", "village_full_attendance_households", "observed_weight", "minimum_people", "reception_reach_m",
            "reception_discount", "allow_reception_points", "kinds",
        ],
        "calendar": ["alsace_moselle", "school_holidays"],
    ]

    /// Where each key of a plan file belongs, for a key written in the wrong table (`kinds`,
    /// in two tables, is left out).
    static let keyHomes = ConfigTable.homes(of: tableKeys, shared: ["kinds"])

    /// French weekday names of a key (1 = Monday).
    static func weekdays(_ table: ConfigTable, _ key: String) throws(InputError) -> [Int]? {
        guard let names = try table.stringArray(key) else { return nil }
        var days: [Int] = []
        for name in names {
            guard let index = FrenchCalendar.weekdayNames.firstIndex(of: name.lowercased()) else {
                throw table.error(
                    key,
                    words("trouvé « %1$@ », attendu des noms de jours (lundi … dimanche)", name))
            }
            days.append(index + 1)
        }
        return days
    }
    /// The half-days of `half_days` (matin, après-midi, soir).
    static func halfDays(_ table: ConfigTable) throws(InputError) -> Set<HalfDay.Part>? {
        guard let names = try table.stringArray("half_days") else { return nil }
        var parts = Set<HalfDay.Part>()
        for name in names {
            guard let part = [HalfDay.Part.morning, .afternoon, .evening].first(where: { $0.french == name.lowercased() }) else {
                throw table.error(
                    "half_days",
                    words("trouvé « %1$@ », attendu matin, après-midi ou soir", name))
            }
            parts.insert(part)
        }
        guard !parts.isEmpty else { throw table.error("half_days", words("attendu au moins une demi-journée")) }
        return parts
    }
    /// Known market days from a `[markets]` table (of a plan file, or `[plan.markets]` of a
    /// territory file): `"Marché X" = ["mardi"]`, or `"Marché X" = { days = ["jeudi"],
    /// half_days = ["soir"] }` for a market held later in the day.
    public static func knownMarkets(_ markets: ConfigTable) throws(InputError) -> [KnownMarket] {
        var result: [KnownMarket] = []
        for name in markets.keys {
            if let entry = markets.inlineTable(name) {
                try entry.rejectUnknownKeys(["days", "half_days"])
                result.append(KnownMarket(prefix: name, days: try weekdays(entry, "days") ?? [], parts: try halfDays(entry)))
            } else {
                result.append(KnownMarket(prefix: name, days: try weekdays(markets, name) ?? []))
            }
        }
        return result
    }

    public static func load(path: String) throws(InputError) -> PlanSettings {
        let root = try ConfigFile(path: path).table
        try root.rejectUnknownKeys(keys(""), homes: keyHomes)
        var settings = PlanSettings(source: path)
        if let team = try root.subtable("team") { try settings.readTeam(team) }
        if let reach = try root.subtable("reach") { try settings.readReach(reach) }
        if let travel = try root.subtable("travel") { try settings.readTravel(travel) }
        if let kinds = try root.subtable("kinds") { try settings.readKinds(kinds) }
        if let markets = try root.subtable("markets") { settings.knownMarkets += try knownMarkets(markets) }
        if let contacts = try root.subtable("contacts") { try settings.readContacts(contacts) }
        if let affinity = try root.subtable("affinity") { try settings.readAffinity(affinity) }
        if let calendar = try root.subtable("calendar") { try settings.readCalendar(calendar) }
        return settings
    }

    /// The keys a table of the plan file may hold.
    static func keys(_ table: String) -> Set<String> { Set(tableKeys[table] ?? []) }

    /// `HH:MM`, in minutes after midnight.
    static func clock(_ text: String, _ table: ConfigTable, _ key: String) throws(InputError) -> Int {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else {
            throw table.error(key, words("trouvé « %1$@ », attendu une heure HH:MM", text))
        }
        return h * 60 + m
    }

    /// `["HH:MM", "HH:MM"]`, a half-day's hours.
    static func slot(_ table: ConfigTable, _ key: String, _ part: HalfDay.Part) throws(InputError) -> HalfDay? {
        guard let hours = try table.stringArray(key) else { return nil }
        guard hours.count == 2 else { throw table.error(key, words("attendu [\"HH:MM\", \"HH:MM\"]")) }
        let start = try clock(hours[0], table, key), end = try clock(hours[1], table, key)
        guard start < end else { throw table.error(key, words("le créneau finit avant de commencer")) }
        return HalfDay(part: part, start: start, end: end)
    }
}

/// The tables of the plan file, each read into the settings it sets.
extension PlanSettings {
    /// `[team]`: days, slots, number of teams, frequencies, the team's day.
    mutating func readTeam(_ team: ConfigTable) throws(InputError) {
        try team.rejectUnknownKeys(Self.keys("team"), homes: Self.keyHomes)
        self.rotateCommunes = try team.bool("rotate_communes") ?? true
        self.maxKindShare = try team.number("max_kind_share", in: 0.05...1) ?? self.maxKindShare
        if let days = try Self.weekdays(team, "days") {
            guard !days.contains(7) else {
                throw team.error("days", words("l'équipe ne fait pas d'arrêt le dimanche"))
            }
            guard !days.isEmpty else { throw team.error("days", words("attendu au moins un jour travaillé")) }
            self.teamDays = Array(Set(days)).sorted()
        }
        if let s = try Self.slot(team, "morning", .morning) { self.morning = s }
        if let s = try Self.slot(team, "afternoon", .afternoon) { self.afternoon = s }
        self.evening = try Self.slot(team, "evening", .evening)
        if let evening = self.evening, evening.start < self.afternoon.end {
            throw team.error("evening", words("doit commencer après la fin du créneau de l'après-midi"))
        }
        self.teams = try team.integer("teams", in: 1...10) ?? 1
        guard self.morning.end <= self.afternoon.start else {
            throw team.error("afternoon", words("doit commencer après la fin du créneau du matin"))
        }
        for key in ["frequency", "village_frequency"] {
            guard let f = try team.string(key) else { continue }
            guard let frequency = Frequency(rawValue: f) else {
                throw team.error(
                    key,
                    words("trouvé « %1$@ », attendu weekly, biweekly, two_weeks_of_three ou monthly", f))
            }
            if key == "frequency" { self.frequency = frequency } else { self.villageFrequency = frequency }
        }
        if let t = try team.string("day_start") { self.dayStart = try Self.clock(t, team, "day_start") }
        if let t = try team.string("day_end") { self.dayEnd = try Self.clock(t, team, "day_end") }
        guard self.dayStart <= self.morning.start, self.dayEnd >= (self.evening ?? self.afternoon).end else {
            throw team.error(
                "day_start",
                words("la journée de l'équipe (day_start à day_end) doit contenir tous les créneaux"))
        }
        self.lunchMinutes = try team.number("lunch_minutes", in: 0...240) ?? self.lunchMinutes
    }

    /// `[reach]`: villages, markets, walking and merge distances, minimum households.
    mutating func readReach(_ reach: ConfigTable) throws(InputError) {
        try reach.rejectUnknownKeys(Self.keys("reach"), homes: Self.keyHomes)
        self.villageHouseholds = try reach.number("village_households", in: 0...1_000_000) ?? self.villageHouseholds
        self.villageRadius = try reach.number("village_radius_m", in: 100...50_000) ?? self.villageRadius
        self.marketRadius = try reach.number("market_radius_m", in: 0...50_000) ?? self.marketRadius
        self.walkingDistance = try reach.number("walking_distance", in: 50...5000) ?? self.walkingDistance
        self.mergeDistance = try reach.number("merge_distance_m", in: 0...1000) ?? self.mergeDistance
        self.minimumHouseholds = try reach.number("minimum_households", in: 0...10_000) ?? self.minimumHouseholds
        self.repeatValue = try reach.number("repeat_value", in: 0...1) ?? self.repeatValue
    }

    /// `[travel]`: the straight-line model's detour and speeds.
    mutating func readTravel(_ travel: ConfigTable) throws(InputError) {
        try travel.rejectUnknownKeys(Self.keys("travel"), homes: Self.keyHomes)
        self.detourFactor = try travel.number("detour_factor", in: 1...5) ?? self.detourFactor
        self.speedKmh = try travel.number("speed_kmh", in: 1...130) ?? self.speedKmh
        self.intermediateSpeedKmh = try travel.number("intermediate_speed_kmh", in: 1...130) ?? self.intermediateSpeedKmh
        self.ruralSpeedKmh = try travel.number("rural_speed_kmh", in: 1...130) ?? self.ruralSpeedKmh
        self.ruralDetourFactor = try travel.number("rural_detour_factor", in: 1...5) ?? self.ruralDetourFactor
    }

    /// `[kinds.<kind>]`: a kind's days, half-days, hours, days after the pay day.
    mutating func readKinds(_ kinds: ConfigTable) throws(InputError) {
        for kind in kinds.keys {
            guard let table = try kinds.subtable(kind), StopKind(rawValue: kind) != nil, kind != "other" else {
                throw kinds.error(kind, words("type d'arrêt inconnu ; attendu ") + PlanSettings.kindNames)
            }
            try table.rejectUnknownKeys(["days", "days_after_pay_day", "half_days", "hours"], homes: Self.keyHomes)
            if let days = try Self.weekdays(table, "days") { self.kindDays[kind] = days }
            if let parts = try Self.halfDays(table) { self.kindParts[kind] = parts }
            if let own = try Self.slot(table, "hours", .afternoon) {
                // The hours belong to the kind's one half-day, and stay clear of the others.
                guard let parts = self.kindParts[kind], parts.count == 1, let part = parts.first else {
                    throw table.error(
                        "hours",
                        words("des heures propres demandent une seule demi-journée dans half_days (par exemple [\"après-midi\"])"))
                }
                let earliest = part == .morning ? self.dayStart : self.morning.end
                let latest = part == .morning ? self.afternoon.start : self.dayEnd
                guard own.start >= earliest, own.end <= latest else {
                    throw table.error(
                        "hours",
                        words(
                            "attendu des heures entre %1$@ et %2$@ pour une demi-journée « %3$@ »", PlanText.clock(earliest), PlanText.clock(latest),
                            part.french))
                }
                self.kindHours[kind] = HalfDay(part: part, start: own.start, end: own.end)
            }
            if let after = try table.integer("days_after_pay_day", in: 0...25) { self.supermarketDaysAfterPayDay = after }
        }
    }

    /// `[contacts]`: who a team meets, per half-day and per kind of place.
    mutating func readContacts(_ contacts: ConfigTable) throws(InputError) {
        try contacts.rejectUnknownKeys(Self.keys("contacts"), homes: Self.keyHomes)
        self.contacts.teamCapacity = try contacts.number("team_capacity", in: 0.5...100) ?? self.contacts.teamCapacity
        self.contacts.fullAttendanceHouseholds =
            try contacts.number("full_attendance_households", in: 1...100_000) ?? self.contacts.fullAttendanceHouseholds
        self.contacts.observedWeight = try contacts.number("observed_weight", in: 0.1...100) ?? self.contacts.observedWeight
        self.contacts.villageFullAttendanceHouseholds =
            try contacts.number("village_full_attendance_households", in: 1...100_000) ?? self.contacts.villageFullAttendanceHouseholds
        if let minimum = try contacts.number("minimum_people", in: 0...100) {
            guard minimum <= self.contacts.teamCapacity else {
                throw contacts.error(
                    "minimum_people",
                    words(
                        "trouvé %1$@, au-dessus de la capacité de l'équipe (team_capacity = %2$@) : aucune demi-journée ne serait planifiée",
                        FrenchNumber.decimal(minimum, digits: 1), FrenchNumber.decimal(self.contacts.teamCapacity, digits: 1)))
            }
            self.minimumPeople = minimum
        }
        self.contacts.receptionReach = try contacts.number("reception_reach_m", in: 0...5000) ?? self.contacts.receptionReach
        self.contacts.receptionDiscount = try contacts.number("reception_discount", in: 0...1) ?? self.contacts.receptionDiscount
        self.contacts.allowReceptionPoints = try contacts.bool("allow_reception_points") ?? false
        if let kinds = try contacts.subtable("kinds") {
            for kind in kinds.keys {
                guard let table = try kinds.subtable(kind), StopKind(rawValue: kind) != nil, kind != "other" else {
                    throw kinds.error(
                        kind, words("type d'arrêt inconnu ; attendu ") + PlanSettings.kindNames)
                }
                if table.has("footfall") {
                    throw table.error(
                        "footfall",
                        words(
                            "remplacé par visitors : les personnes rencontrées par demi-journée dans un lieu bien fréquenté de ce type (ce que rapportent les équipes, 4 à 5 pour un bus), voir Data/plan.toml"
                        ))
                }
                try table.rejectUnknownKeys(["catchment_m", "visitors"], homes: Self.keyHomes)
                let old = self.contacts.kinds[kind] ?? ContactRules.Kind(catchment: self.walkingDistance, visitors: 4)
                self.contacts.kinds[kind] = ContactRules.Kind(
                    catchment: try table.number("catchment_m", in: 50...10_000) ?? old.catchment,
                    visitors: try table.number("visitors", in: 0...100) ?? old.visitors
                )
            }
        }
    }

    /// `[affinity.<group>]`: how much each kind of place draws each target group.
    mutating func readAffinity(_ affinity: ConfigTable) throws(InputError) {
        for group in affinity.keys {
            guard let table = try affinity.subtable(group) else {
                throw affinity.error(group, words("attendu une table de types d'arrêt et de poids"))
            }
            var weights: [String: Double] = [:]
            for kind in table.keys {
                guard StopKind(rawValue: kind) != nil, kind != "other" else {
                    throw table.error(
                        kind, words("type d'arrêt inconnu ; attendu ") + PlanSettings.kindNames)
                }
                weights[kind] = try table.requiredNumber(kind, in: 0...1, meaning: words("un poids entre 0 et 1"))
            }
            self.contacts.affinity[group] = weights
        }
    }

    /// `[calendar]`: the zone's school holidays, Alsace-Moselle's own holidays.
    mutating func readCalendar(_ calendar: ConfigTable) throws(InputError) {
        try calendar.rejectUnknownKeys(Self.keys("calendar"), homes: Self.keyHomes)
        for (first, last) in try calendar.stringPairs("school_holidays") ?? [] {
            guard let start = PlannedEventsReader.parseDate(first), let end = PlannedEventsReader.parseDate(last) else {
                throw calendar.error(
                    "school_holidays",
                    words("trouvé [« %1$@ », « %2$@ »], attendu deux dates AAAA-MM-JJ (premier et dernier jour des vacances)", first, last))
            }
            guard start <= end else {
                throw calendar.error(
                    "school_holidays", words("les vacances du %1$@ finissent avant de commencer", first))
            }
            self.schoolHolidays.append(start...end)
        }
        if try calendar.bool("alsace_moselle") == true { self.localHolidays.insert(.alsaceMoselle) }
    }
}
