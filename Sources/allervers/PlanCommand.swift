import ArgumentParser
import Foundation
import Outreach
import Workflows

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Choose outreach stops for a month: half-day slots, regular visits, routes and an iCalendar file."
    )

    @Option(name: .long, help: "Scored zones written by `allervers score` (.geojson or .gpkg).")
    var scored: String

    @Option(name: .long, help: "Filosofi cells (the per-cell risk is spread from the zones by poor households).")
    var cells: String

    @Option(name: .long, parsing: .upToNextOption, help: "Points of interest: candidate stops (GeoJSON, GeoPackage, CSV).")
    var pois: [String]

    @Option(name: .long, help: "Category mapping of the points of interest (default: Data/poi_categories.csv).")
    var categories: String?

    @Option(name: .long, help: "Outreach rules (TOML, default: Data/plan.toml).")
    var plan: String?

    @Option(name: .long, help: "Month to plan, YYYY-MM.")
    var month: String?

    @Option(name: .long, help: "Months to plan in one series, YYYY-MM..YYYY-MM (up to 12): each stop keeps its weekday and half-day.")
    var months: String?

    @Option(name: .long, help: "Dated one-off events, CSV date;lieu;nom[;creneau] (the place is a stop's name).")
    var events: String?

    @Option(name: .long, help: "Depot as longitude,latitude (WGS 84); default: the CCAS or France Services among the points.")
    var depot: String?

    @Option(name: .long, help: "Production date (DTSTAMP of the calendar), YYYY-MM-DD (default: today).")
    var date: String?

    @Option(
        name: .long,
        help: "OpenStreetMap extract (.osm.pbf, .osm, or highway lines): routes and times along the streets (car profile) instead of the straight line.")
    var network: String?

    @OptionGroup var street: StreetOptions

    @OptionGroup var workers: ThreadOptions

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String

    @Flag(name: .long, help: "Write into an existing folder AllerVers did not create (its files are kept, never deleted).")
    var force = false

    func validate() throws {
        try validateDateOption(date)
        guard (month == nil) != (months == nil) else { throw ValidationError("give either --month YYYY-MM or --months YYYY-MM..YYYY-MM") }
        if let month, PlanRun.parseMonth(month) == nil { throw ValidationError("--month must be YYYY-MM (got \(month))") }
        if let months, PlanRun.parsePeriod(months) == nil {
            throw ValidationError("--months must be YYYY-MM..YYYY-MM, the first month not after the last, at most 12 months (got \(months))")
        }
        if let depot, PlanRun.parseLonLat(depot) == nil { throw ValidationError("--depot must be longitude,latitude (got \(depot))") }
    }

    func run() throws {
        try reportingErrors {
            let period = months.flatMap(PlanRun.parsePeriod) ?? month.flatMap(PlanRun.parseMonth).map { [YearMonth(year: $0.0, month: $0.1)] } ?? []
            let result = try PlanRun.run(
                PlanRun.Request(
                    scored: scored, cells: cells, pointsOfInterest: pois, categories: categories, rules: plan, period: period, events: events,
                    depot: depot.flatMap(PlanRun.parseLonLat), date: date, network: network, profiles: street.profiles, threads: workers.threads,
                    output: output, force: force
                ))
            for warning in result.warnings { FileHandle.standardError.write(Data("attention : \(warning)\n".utf8)) }
            FileHandle.standardError.write(
                Data(
                    String(
                        format: "%d arrêts retenus, %d visites, %.1f ménages à portée ; objectif %.1f (borne %.1f, écart au plus %.2f %%)\n",
                        result.chosen.count, result.visits.count, result.householdsReached, result.value, result.upperBound, result.gap * 100
                    ).utf8))
        }
    }
}
