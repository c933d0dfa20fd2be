import Cartography
import Exports
import Foundation
import GeoBindings
import GeometryCore
import MapPrinting
import Outreach
import Support
import Workflows

/// The checks every command makes on its arguments before it reads anything, in the command
/// line's words (« --table », « --dpi »): each throws a `UsageError` (exit status 2) that says
/// what was expected. The workflows below take checked values.
public enum CommandSettings {
    /// A `--date`: a real day, YYYY-MM-DD.
    public static func date(_ text: String?) throws { try MapRun.validateDate(text) }

    /// `--threads`: at least one worker.
    public static func threads(_ count: Int) throws {
        guard count >= 1 else { throw UsageError(fr("--threads doit valoir au moins 1", en: "--threads must be at least 1")) }
    }

    /// Where a table of zones goes, as ogr2ogr users expect: the format from `--format` or the
    /// destination, a `--table` and `--overwrite` only for PostGIS, a `--crs` only where shapes
    /// carry one.
    public static func zoneOutput(
        _ destination: String, format requested: String?, table: String?, overwrite: Bool, crs: String?, threads: Int
    ) throws -> ZoneOutput {
        let format: OutputFormat
        switch OutputFormat.resolve(destination: destination, requested: requested) {
        case .success(let resolved): format = resolved
        case .failure(let error): throw UsageError(error.message)
        }
        if crs != nil, let problem = ZoneTable.crsProblem(destination, format: format) { throw UsageError(problem) }
        if format != .postGIS {
            if table != nil {
                throw UsageError(
                    fr(
                        "--table nomme une table PostGIS : la sortie n'est pas une chaîne de connexion PG:",
                        en: "--table names a PostGIS table: the output is not a PG: connection string"))
            }
            if overwrite {
                throw UsageError(
                    fr(
                        "--overwrite remplace une table PostGIS ; un fichier de sortie est toujours remplacé en entier",
                        en: "--overwrite replaces a PostGIS table; a file output is always replaced as a whole"))
            }
        }
        if let table, table.isEmpty || table.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw UsageError(
                fr("--table doit être table ou schéma.table (reçu : \"\(table)\")", en: "--table must be table or schema.table (got \"\(table)\")"))
        }
        // PostgreSQL's own schemas hold its catalogue: never a table AllerVers writes or replaces.
        if let table, table.contains("."), let schema = table.split(separator: ".").first.map({ $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }),
            schema.hasPrefix("pg_") || schema == "information_schema"
        {
            throw UsageError(
                fr(
                    "--table \(table) : le schéma \(schema) est celui du catalogue de PostgreSQL ; attendu une table d'un schéma de données (public.zones_risque)",
                    en: "--table \(table): schema \(schema) is PostgreSQL's catalogue; expected a table of a data schema (public.zones_risque)"))
        }
        return ZoneOutput(destination, format: format, layerName: table, replacingTable: overwrite, crs: crs, threads: threads)
    }

    /// A file name that must end in one of `suffixes` (lowercase, with the dot).
    public static func outputFile(_ path: String, option: String, endsIn suffixes: [String], expected: (fr: String, en: String)) throws {
        guard suffixes.contains(where: path.lowercased().hasSuffix) else {
            throw UsageError(fr("\(option) doit nommer \(expected.fr) (reçu : \(path))", en: "\(option) must name \(expected.en) (got \(path))"))
        }
    }
}

extension PlanRun {
    /// The months to plan: `--month YYYY-MM` or `--months YYYY-MM..YYYY-MM`, exactly one.
    public static func period(month: String?, months: String?) throws -> [YearMonth] {
        switch (month, months) {
        case (let month?, nil):
            guard let (year, number) = PlanDates.parseMonth(month) else {
                throw UsageError(
                    fr(
                        "--month doit être AAAA-MM, année de 1900 à 2100 (reçu : \(month))",
                        en: "--month must be YYYY-MM, a year from 1900 to 2100 (got \(month))"))
            }
            return [YearMonth(year: year, month: number)]
        case (nil, let months?):
            guard let period = PlanDates.parsePeriod(months) else {
                throw UsageError(
                    fr(
                        "--months doit être AAAA-MM..AAAA-MM (années de 1900 à 2100), le premier mois au plus tard le dernier, 12 mois au plus (reçu : \(months))",
                        en: "--months must be YYYY-MM..YYYY-MM (years 1900 to 2100), the first month not after the last, at most 12 months (got \(months))"))
            }
            return period
        default:
            throw UsageError(
                fr("donner soit --month AAAA-MM, soit --months AAAA-MM..AAAA-MM", en: "give either --month YYYY-MM or --months YYYY-MM..YYYY-MM"))
        }
    }

    /// `--depot longitude,latitude` in WGS 84, when given.
    public static func depot(_ text: String?) throws -> Point? {
        guard let text else { return nil }
        guard let point = LonLatText.parse(text) else {
            throw UsageError(fr("--depot doit être longitude,latitude (reçu : \(text))", en: "--depot must be longitude,latitude (got \(text))"))
        }
        return point
    }

    /// What `plan` says when it is done: its warnings, then the stops, visits and objective.
    public static func closingText(_ result: OutreachPlan) -> String {
        var text = result.warnings.map { fr("attention : ", en: "warning: ") + "\($0)\n" }.joined()
        if let empty = PlanText.emptyHalfDays(result) { text += empty + "\n" }
        let reached = SpokenNumber.grouped(result.householdsReached, digits: 1), value = SpokenNumber.grouped(result.value, digits: 1)
        let bound = SpokenNumber.grouped(result.upperBound, digits: 1), gap = SpokenNumber.decimal(result.gap * 100, digits: 2)
        text += fr(
            "\(result.chosen.count) arrêts retenus, \(result.visits.count) visites, \(reached) ménages à portée ; objectif \(value) (borne \(bound), écart au plus \(gap) %)\n",
            en:
                "\(result.chosen.count) stops chosen, \(result.visits.count) visits, \(reached) households within reach; objective \(value) (bound \(bound), gap at most \(gap) %)\n"
        )
        return text
    }
}

extension SitingRun.Request {
    /// The review's own limits: 0 to 50 sites, a limit of 1 to 240 minutes, a known mode.
    public func validate() throws {
        try CommandSettings.date(date)
        guard add >= 0 && add <= 50 else { throw UsageError(fr("--add doit être entre 0 et 50", en: "--add must be between 0 and 50")) }
        guard minutes > 0 && minutes <= 240 else { throw UsageError(fr("--minutes doit être entre 1 et 240", en: "--minutes must be between 1 and 240")) }
    }
}

extension TerritoryRun.Summary {
    /// What `run` and `demo` print on standard output: JSON for programs, else the text.
    public func printed(json: Bool) throws -> Data {
        json ? try JSONText.encode(self) + Data("\n".utf8) : Data(text.utf8)
    }
}

extension MapRun.Request {
    /// The output's kind, the page's resolution and the layer's inputs, before anything is read.
    public func validate() throws {
        try CommandSettings.date(date)
        guard output.lowercased().hasSuffix(".svg") || MapPrinter.Format(path: output) != nil else {
            throw UsageError(
                fr("--output doit finir par .svg, .pdf ou .png (reçu : \(output))", en: "--output must end in .svg, .pdf or .png (got \(output))"))
        }
        guard (72...600).contains(layout.dpi) else {
            throw UsageError(fr("--dpi doit être entre 72 et 600 (reçu : \(layout.dpi))", en: "--dpi must be between 72 and 600 (got \(layout.dpi))"))
        }
        if layer == .carreaux && cells == nil { throw UsageError(fr("--layer carreaux demande --cells", en: "--layer carreaux needs --cells")) }
    }
}
