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
        public var output: String
        public var force: Bool
        public var date: String

        public init(sheets: [String], plan: String?, territory: String?, rules: String?, output: String, force: Bool, date: String) {
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
                fr("aucune demi-journée remplie : rien à dresser", en: "no half-day filled in: nothing to report"))
        }
        let kinds = try request.plan.map { try checked(visits, against: $0) } ?? [:]
        let settings = try PlanSettings.load(path: request.rules ?? DataLocator.file("plan.toml"))
        let style = try MapRun.loadStyle(nil)
        let model = try RiskModel.load(path: DataLocator.file("models/default.toml"))
        var bilan = Bilan(
            territory: PrintedText.bounded(request.territory ?? "le territoire", source: "--nom", field: "nom"), date: request.date, visits: visits,
            kinds: kinds, minimumPeople: settings.minimumPeople, font: style.font)
        bilan.benefitLabels = Dictionary(model.benefits.map { ($0.id, $0.label) }) { a, _ in a }
        let folder = try OutputFolder(path: request.output, force: request.force)
        defer { folder.discard() }
        try AtomicFile.write(bilan.document().markdown, to: folder.file("bilan.md"))
        try AtomicFile.write(bilan.pdf(), to: folder.file("bilan.pdf"))
        try folder.commit()
        let total = bilan.period
        return fr(
            "Bilan écrit dans \(folder.finalPath)/ (bilan.md, bilan.pdf) : \(total.halfDays) demi-journées, \(Int(total.met)) personnes rencontrées pour \(Int(total.expected.rounded())) attendues, \(Int(total.procedures)) démarches\n",
            en: "Bilan written in \(folder.finalPath)/ (bilan.md, bilan.pdf): \(total.halfDays) half-days, \(Int(total.met)) people met for \(Int(total.expected.rounded())) expected, \(Int(total.procedures)) procedures\n")
    }

    /// Every visit is a half-day of the plan (its date and place): the kind of each place.
    static func checked(_ visits: [FieldVisit], against plan: String) throws(InputError) -> [String: String] {
        let table = try TextTable.read(path: plan)
        guard let date = table.column(["date"]), let stop = table.column(["arret"]) else {
            throw InputError(file: plan, line: 1, fr("attendu le plan.csv d'une tournée (colonnes date et arret)", en: "expected a tour's plan.csv (columns date and arret)"))
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
                    ? fr(
                        "« \(visit.stop) » n'était pas prévu le \(visit.date) (\(URL(fileURLWithPath: plan).lastPathComponent)) : une date hors du plan",
                        en: "\"\(visit.stop)\" was not planned on \(visit.date) (\(URL(fileURLWithPath: plan).lastPathComponent)): a date outside the plan")
                    : fr(
                        "« \(visit.stop) » n'est pas un arrêt du plan (\(URL(fileURLWithPath: plan).lastPathComponent))",
                        en: "\"\(visit.stop)\" is not a stop of the plan (\(URL(fileURLWithPath: plan).lastPathComponent))"))
        }
        return kinds
    }
}
