import ArgumentParser
import Foundation
import Outreach
import Support
import Workflows

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: fr(
            "Choisir les arrêts d'aller-vers d'un mois : demi-journées, visites régulières, trajets et fichier iCalendar.",
            en: "Choose outreach stops for a month: half-day slots, regular visits, routes and an iCalendar file.")
    )

    @Option(
        name: .long,
        help: fr("Zones scorées écrites par `allervers score` (.geojson ou .gpkg).", en: "Scored zones written by `allervers score` (.geojson or .gpkg)."))
    var scored: String

    @Option(
        name: .long,
        help: fr(
            "Carreaux Filosofi (le risque par carreau est réparti depuis les zones selon les ménages pauvres).",
            en: "Filosofi cells (the per-cell risk is spread from the zones by poor households)."))
    var cells: String

    @Option(
        name: .long, parsing: .upToNextOption,
        help: fr("Lieux : arrêts candidats (GeoJSON, GeoPackage, CSV).", en: "Points of interest: candidate stops (GeoJSON, GeoPackage, CSV)."))
    var pois: [String]

    @Option(
        name: .long,
        help: fr(
            "Correspondance des catégories de lieux (par défaut : Data/poi_categories.csv).",
            en: "Category mapping of the points of interest (default: Data/poi_categories.csv)."))
    var categories: String?

    @Option(name: .long, help: fr("Règles de l'aller-vers (TOML, par défaut : Data/plan.toml).", en: "Outreach rules (TOML, default: Data/plan.toml)."))
    var plan: String?

    @Option(name: .long, help: fr("Mois à planifier, AAAA-MM.", en: "Month to plan, YYYY-MM."))
    var month: String?

    @Option(
        name: .long,
        help: fr(
            "Mois à planifier en une série, AAAA-MM..AAAA-MM (12 au plus) : chaque arrêt garde son jour de semaine et sa demi-journée.",
            en: "Months to plan in one series, YYYY-MM..YYYY-MM (up to 12): each stop keeps its weekday and half-day."))
    var months: String?

    @Option(
        name: .long,
        help: fr(
            "Événements ponctuels datés, CSV date;lieu;nom[;creneau] (le lieu est le nom d'un arrêt).",
            en: "Dated one-off events, CSV date;lieu;nom[;creneau] (the place is a stop's name)."))
    var events: String?

    @Option(
        name: .long,
        help: fr(
            "Dépôt en longitude,latitude (WGS 84) ; par défaut : le CCAS ou la France Services parmi les lieux.",
            en: "Depot as longitude,latitude (WGS 84); default: the CCAS or France Services among the points."))
    var depot: String?

    @Option(
        name: .long,
        help: fr(
            "Date de production (DTSTAMP du calendrier), AAAA-MM-JJ (par défaut : aujourd'hui).",
            en: "Production date (DTSTAMP of the calendar), YYYY-MM-DD (default: today)."))
    var date: String?

    @Option(
        name: .long,
        help: fr(
            "Extrait OpenStreetMap (.osm.pbf, .osm, ou lignes highway) : trajets et temps par les rues (profil voiture) au lieu de la ligne droite.",
            en: "OpenStreetMap extract (.osm.pbf, .osm, or highway lines): routes and times along the streets (car profile) instead of the straight line."))
    var network: String?

    @OptionGroup var street: StreetOptions

    @OptionGroup var workers: ThreadOptions

    @Option(name: .shortAndLong, help: fr("Dossier de sortie.", en: "Output folder."))
    var output: String

    @Flag(
        name: .long,
        help: fr(
            "Écrire dans un dossier existant qu'AllerVers n'a pas créé (ses fichiers sont gardés, jamais supprimés).",
            en: "Write into an existing folder AllerVers did not create (its files are kept, never deleted)."))
    var force = false

    @Flag(
        name: .long,
        help: fr(
            "Écrire aussi les tableaux en classeurs Excel (plan.xlsx, candidats.xlsx), nombres en nombres.",
            en: "Also write the tables as Excel workbooks (plan.xlsx, candidats.xlsx), numbers as numbers."))
    var xlsx = false

    func validate() throws {
        try validateDateOption(date)
        guard (month == nil) != (months == nil) else {
            throw ValidationError(
                fr("donner soit --month AAAA-MM, soit --months AAAA-MM..AAAA-MM", en: "give either --month YYYY-MM or --months YYYY-MM..YYYY-MM"))
        }
        if let month, PlanRun.parseMonth(month) == nil {
            throw ValidationError(fr("--month doit être AAAA-MM (reçu : \(month))", en: "--month must be YYYY-MM (got \(month))"))
        }
        if let months, PlanRun.parsePeriod(months) == nil {
            throw ValidationError(
                fr(
                    "--months doit être AAAA-MM..AAAA-MM, le premier mois au plus tard le dernier, 12 mois au plus (reçu : \(months))",
                    en: "--months must be YYYY-MM..YYYY-MM, the first month not after the last, at most 12 months (got \(months))"))
        }
        if let depot, PlanRun.parseLonLat(depot) == nil {
            throw ValidationError(fr("--depot doit être longitude,latitude (reçu : \(depot))", en: "--depot must be longitude,latitude (got \(depot))"))
        }
    }

    func run() throws {
        try reportingErrors {
            let period = months.flatMap(PlanRun.parsePeriod) ?? month.flatMap(PlanRun.parseMonth).map { [YearMonth(year: $0.0, month: $0.1)] } ?? []
            let result = try PlanRun.run(
                PlanRun.Request(
                    scored: scored, cells: cells, pointsOfInterest: pois, categories: categories, rules: plan, period: period, events: events,
                    depot: depot.flatMap(PlanRun.parseLonLat), date: date, network: network, profiles: street.profiles, threads: workers.threads,
                    output: output, force: force, workbooks: xlsx
                ))
            for warning in result.warnings { FileHandle.standardError.write(Data((fr("attention : ", en: "warning: ") + "\(warning)\n").utf8)) }
            FileHandle.standardError.write(
                Data(
                    fr(
                        "\(result.chosen.count) arrêts retenus, \(result.visits.count) visites, \(SpokenNumber.grouped(result.householdsReached, digits: 1)) ménages à portée ; objectif \(SpokenNumber.grouped(result.value, digits: 1)) (borne \(SpokenNumber.grouped(result.upperBound, digits: 1)), écart au plus \(SpokenNumber.decimal(result.gap * 100, digits: 2)) %)\n",
                        en:
                            "\(result.chosen.count) stops chosen, \(result.visits.count) visits, \(SpokenNumber.grouped(result.householdsReached, digits: 1)) households within reach; objective \(SpokenNumber.grouped(result.value, digits: 1)) (bound \(SpokenNumber.grouped(result.upperBound, digits: 1)), gap at most \(SpokenNumber.decimal(result.gap * 100, digits: 2)) %)\n"
                    ).utf8))
        }
    }
}
