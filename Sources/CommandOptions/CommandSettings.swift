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
        guard count >= 1 else { throw UsageError(words("--threads doit valoir au moins 1")) }
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
                    words("--table nomme une table PostGIS : la sortie n'est pas une chaîne de connexion PG:"))
            }
            if overwrite {
                throw UsageError(
                    words("--overwrite remplace une table PostGIS ; un fichier de sortie est toujours remplacé en entier"))
            }
        }
        if let table, table.isEmpty || table.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw UsageError(
                words("--table doit être table ou schéma.table (reçu : \"%1$@\")", table))
        }
        // PostgreSQL's own schemas hold its catalogue: never a table AllerVers writes or replaces.
        if let table, table.contains("."),
            let schema = table.split(separator: ".").first.map({ $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }),
            schema.hasPrefix("pg_") || schema == "information_schema"
        {
            throw UsageError(
                words(
                    "--table %1$@ : le schéma %2$@ est celui du catalogue de PostgreSQL ; attendu une table d'un schéma de données (public.zones_risque)",
                    table, schema))
        }
        return ZoneOutput(destination, format: format, layerName: table, replacingTable: overwrite, crs: crs, threads: threads)
    }

    /// A file name that must end in one of `suffixes` (lowercase, with the dot).
    /// `expected` in French, the words' key (« un fichier .csv »).
    public static func outputFile(_ path: String, option: String, endsIn suffixes: [String], expected: String) throws {
        guard suffixes.contains(where: path.lowercased().hasSuffix) else {
            throw UsageError(words("%1$@ doit nommer %2$@ (reçu : %3$@)", option, Support.words(expected), path))
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
                    words("--month doit être AAAA-MM, année de 1900 à 2100 (reçu : %1$@)", month))
            }
            return [YearMonth(year: year, month: number)]
        case (nil, let months?):
            guard let period = PlanDates.parsePeriod(months) else {
                throw UsageError(
                    words(
                        "--months doit être AAAA-MM..AAAA-MM (années de 1900 à 2100), le premier mois au plus tard le dernier, 12 mois au plus (reçu : %1$@)",
                        months))
            }
            return period
        default:
            throw UsageError(
                words("donner soit --month AAAA-MM, soit --months AAAA-MM..AAAA-MM"))
        }
    }

    /// `--depot longitude,latitude` in WGS 84, when given.
    public static func depot(_ text: String?) throws -> Point? {
        guard let text else { return nil }
        guard let point = LonLatText.parse(text) else {
            throw UsageError(words("--depot doit être longitude,latitude (reçu : %1$@)", text))
        }
        return point
    }

    /// What `plan` says when it is done: its warnings, then the stops, visits and objective.
    public static func closingText(_ result: OutreachPlan) -> String {
        var text = result.warnings.map { words("attention : ") + "\($0)\n" }.joined()
        if let empty = PlanText.emptyHalfDays(result) { text += empty + "\n" }
        let reached = SpokenNumber.grouped(result.householdsReached, digits: 1), value = SpokenNumber.grouped(result.value, digits: 1)
        let bound = SpokenNumber.grouped(result.upperBound, digits: 1), gap = SpokenNumber.decimal(result.gap * 100, digits: 2)
        text += words(
            "%1$@ arrêts retenus, %2$@ visites, %3$@ ménages à portée ; objectif %4$@ (borne %5$@, écart au plus %6$@ %)\n", result.chosen.count,
            result.visits.count, reached, value, bound, gap)
        return text
    }
}

extension SitingRun.Request {
    /// The review's own limits: 0 to 50 sites, a limit of 1 to 240 minutes, a known mode.
    public func validate() throws {
        try CommandSettings.date(date)
        guard add >= 0 && add <= 50 else { throw UsageError(words("--add doit être entre 0 et 50")) }
        guard minutes > 0 && minutes <= 240 else { throw UsageError(words("--minutes doit être entre 1 et 240")) }
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
                words("--output doit finir par .svg, .pdf ou .png (reçu : %1$@)", output))
        }
        guard (72...600).contains(layout.dpi) else {
            throw UsageError(words("--dpi doit être entre 72 et 600 (reçu : %1$@)", layout.dpi))
        }
        if layer == .carreaux && cells == nil { throw UsageError(words("--layer carreaux demande --cells")) }
    }
}
