import BundledFiles
import Cartography
import Documents
import Exports
import Foundation
import Inputs
import Outreach
import Risk
import Support

/// `allervers bilan`: the teams' filled passage sheets read back (checked against the plan
/// when it is given) and the bilan written for the comité (`bilan.md`, `bilan.pdf`).
public enum BilanRun {
    public struct Request: Sendable {
        public var sheets: [String]
        /// The plan's visits (`tournee/plan.csv`): every sheet row must be one of its half-days.
        public var plan: String?
        public var territory: String?
        public var rules: String?
        /// A Cafdata export with several periods: before and after the tour, per commune.
        public var cafdata: String?
        public var output: String
        public var force: Bool
        public var date: String

        public init(
            sheets: [String], plan: String?, territory: String?, rules: String?, cafdata: String? = nil, output: String, force: Bool, date: String
        ) {
            self.cafdata = cafdata
            self.sheets = sheets
            self.plan = plan
            self.territory = territory
            self.rules = rules
            self.output = output
            self.force = force
            self.date = date
        }
    }

    /// Writes the bilan; returns what to print.
    public static func run(_ request: Request) throws -> String {
        let visits = try PassageSheetReader.read(paths: request.sheets)
        guard !visits.isEmpty else {
            throw InputError(
                file: request.sheets.joined(separator: ", "), field: "personnes_rencontrees",
                words("aucune demi-journée remplie : rien à dresser"))
        }
        let kinds = try request.plan.map { try checked(visits, against: $0) } ?? [:]
        let settings = try PlanSettings.load(path: request.rules ?? BundledFiles.file("plan.toml"))
        let style = try MapRun.loadStyle(nil)
        let model = try RiskModel.load(path: BundledFiles.file("models/default.toml"))
        var bilan = Bilan(
            territory: PrintedText.bounded(request.territory ?? "le territoire", source: "--nom", field: "nom"), date: request.date, visits: visits,
            kinds: kinds, minimumPeople: settings.minimumPeople, font: style.font)
        bilan.benefitLabels = Dictionary(model.benefits.map { ($0.id, $0.label) }) { a, _ in a }
        if let cafdata = request.cafdata {
            bilan.cafChanges = try cafChanges(visits, cafdata: cafdata, plan: request.plan, model: model)
        }
        let folder = try OutputFolder(path: request.output, force: request.force)
        defer { folder.discard() }
        try AtomicFile.write(bilan.document().markdown, to: folder.file("bilan.md"))
        try AtomicFile.write(bilan.pdf(), to: folder.file("bilan.pdf"))
        try AtomicFile.write(bilan.htmlPage(), to: folder.file("bilan.html"))
        try folder.commit()
        let total = bilan.period
        return words(
            "Bilan écrit dans %1$@/ (bilan.md, bilan.pdf, bilan.html) : %2$@ demi-journées, %3$@ personnes rencontrées pour %4$@ attendues, %5$@ démarches\n",
            folder.finalPath, total.halfDays, Int(total.met), Int(total.expected.rounded()), Int(total.procedures))
    }

    /// The benefits' CAF recipients in the visited communes and in the territory's others (the
    /// communes of the plan's candidate places, `candidats.csv` beside `plan.csv`), in the last
    /// period before the tour's first half-day and in the latest one.
    static func cafChanges(_ visits: [FieldVisit], cafdata: String, plan: String?, model: RiskModel) throws -> Bilan.CafChanges {
        let caf = try CafdataReader.read(path: cafdata, period: nil)
        let firstMonth = visits.map { String(format: "%04d-%02d", $0.date.year, $0.date.month) }.min() ?? ""
        guard let before = caf.periods.filter({ $0 < firstMonth }).max() else {
            throw InputError(
                file: cafdata, field: caf.periodColumn,
                words("aucune période avant le début de la tournée (%1$@) ; périodes : %2$@", firstMonth, caf.periods.joined(separator: ", ")))
        }
        let latest = caf.periods.max().flatMap { $0 > before && $0 >= firstMonth ? $0 : nil }
        let visited = Set(visits.compactMap(\.commune))
        var territory = visited
        if let plan {
            let candidates = URL(fileURLWithPath: plan).deletingLastPathComponent().appendingPathComponent("candidats.csv").path
            if FileManager.default.fileExists(atPath: candidates) {
                let table = try TextTable.read(path: candidates)
                if let column = table.column(["commune"]) {
                    for row in table.rows where column < row.values.count {
                        if let code = PassageSheetReader.communeCode(row.values[column]) { territory.insert(code) }
                    }
                }
            }
        }
        let others = territory.subtracting(visited)
        var rows: [Bilan.CafChanges.Row] = []
        for benefit in model.benefits {
            guard let column = benefit.cafColumn, let latest else { continue }
            func pair(_ codes: Set<String>) -> (Double, Double)? {
                guard !codes.isEmpty else { return nil }
                let totals = caf.totals(column, codes: codes)
                guard let a = totals.first(where: { $0.period == before }), let b = totals.first(where: { $0.period == latest }) else { return nil }
                return (a.total, b.total)
            }
            guard let visitedPair = pair(visited) else { continue }
            rows.append(Bilan.CafChanges.Row(benefit: benefit.label, visited: visitedPair, others: pair(others)))
        }
        return Bilan.CafChanges(before: before, after: latest, visitedCommunes: visited.count, otherCommunes: others.count, rows: rows)
    }

    /// Every visit is a half-day of the plan (its date and place): the kind of each place.
    static func checked(_ visits: [FieldVisit], against plan: String) throws(InputError) -> [String: String] {
        let table = try TextTable.read(path: plan)
        guard let date = table.column(["date"]), let stop = table.column(["arret"]) else {
            throw InputError(file: plan, line: 1, words("attendu le plan.csv d'une tournée (colonnes date et arret)"))
        }
        let kind = table.column(["type"])
        var planned = Set<String>(), kinds: [String: String] = [:], places = Set<String>()
        for row in table.rows where date < row.values.count && stop < row.values.count {
            let name = FieldVisit.folded(row.values[stop])
            planned.insert(row.values[date] + "|" + name)
            places.insert(name)
            if let kind, kind < row.values.count { kinds[row.values[stop]] = row.values[kind] }
        }
        for visit in visits where !planned.contains("\(visit.date)|\(FieldVisit.folded(visit.stop))") {
            let known = places.contains(FieldVisit.folded(visit.stop))
            throw InputError(
                file: visit.source, line: visit.line, field: known ? "date" : "arret",
                known
                    ? words(
                        "« %1$@ » n'était pas prévu le %2$@ (%3$@) : une date hors du plan", visit.stop, visit.date,
                        URL(fileURLWithPath: plan).lastPathComponent)
                    : words("« %1$@ » n'est pas un arrêt du plan (%2$@)", visit.stop, URL(fileURLWithPath: plan).lastPathComponent))
        }
        return kinds
    }
}
