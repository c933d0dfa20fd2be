import Cartography
import Foundation
import MapPrinting
import Outreach
import Support

/// The bilan a comité reads after one or several months of tour: from the teams' filled
/// passage sheets, per place and per kind of place the people expected against the people met,
/// the procedures started and the referrals, the half-days below the minimum, the months side
/// by side (a chart), and the period's totals. A description of what teams saw, not a
/// measure of an effect.
public struct Bilan {
    public var territory: String
    public var date: String
    public var visits: [FieldVisit]
    /// The kind of each place (its French label), by name, when the plan is given.
    public var kinds: [String: String]
    public var minimumPeople: Double
    public var font: String
    /// The benefits' labels by id (`rsa` → « RSA »), for the procedures' columns.
    public var benefitLabels: [String: String] = [:]
    /// Before and after the tour, from Cafdata's periods (nil without Cafdata).
    public var cafChanges: CafChanges?

    /// The CAF's recipients of each benefit in the communes visited and the others, in the last
    /// period before the tour and the latest one: a description, not a proof of an effect.
    public struct CafChanges: Sendable {
        public struct Row: Sendable {
            public var benefit: String
            public var visited: (before: Double, after: Double)
            public var others: (before: Double, after: Double)?
            public init(benefit: String, visited: (Double, Double), others: (Double, Double)?) {
                self.benefit = benefit
                self.visited = visited
                self.others = others
            }
        }
        public var before: String
        public var after: String?
        public var visitedCommunes: Int
        public var otherCommunes: Int
        public var rows: [Row]
        public init(before: String, after: String?, visitedCommunes: Int, otherCommunes: Int, rows: [Row]) {
            self.before = before
            self.after = after
            self.visitedCommunes = visitedCommunes
            self.otherCommunes = otherCommunes
            self.rows = rows
        }
    }

    public init(territory: String, date: String, visits: [FieldVisit], kinds: [String: String], minimumPeople: Double, font: String) {
        self.territory = territory
        self.date = date
        self.visits = visits
        self.kinds = kinds
        self.minimumPeople = minimumPeople
        self.font = font
    }

    /// Sums over a group of half-days.
    public struct Totals: Sendable, Equatable {
        public var halfDays = 0
        public var expected = 0.0
        public var met = 0.0
        public var newcomers = 0.0
        public var procedures = 0.0
        public var referrals = 0.0
        public var belowMinimum = 0

        mutating func add(_ visit: FieldVisit, minimum: Double) {
            halfDays += 1
            expected += visit.expected ?? 0
            met += visit.met
            newcomers += visit.newcomers ?? 0
            procedures += visit.procedures.values.reduce(0, +)
            referrals += visit.referrals ?? 0
            if visit.met < minimum { belowMinimum += 1 }
        }
    }

    func totals(by key: (FieldVisit) -> String) -> [(key: String, totals: Totals)] {
        var groups: [String: Totals] = [:]
        for visit in visits { groups[key(visit), default: Totals()].add(visit, minimum: minimumPeople) }
        return groups.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public var period: Totals { totals { _ in "" }.first?.totals ?? Totals() }
    public var byPlace: [(key: String, totals: Totals)] { totals(by: \.stop) }
    public var byKind: [(key: String, totals: Totals)] { totals { kinds[$0.stop] ?? "type inconnu (sans le plan)" } }
    public var byMonth: [(key: String, totals: Totals)] {
        totals { String(format: "%04d-%02d", $0.date.year, $0.date.month) }.map { (Self.monthWords($0.key), $0.totals) }
    }

    /// « 2027-01 » as « janvier 2027 » (months sorted before they are named).
    static func monthWords(_ key: String) -> String {
        let parts = key.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (1...12).contains(parts[1]) else { return key }
        return "\(FrenchCalendar.monthNames[parts[1] - 1]) \(parts[0])"
    }
    /// Procedures by benefit column over the period.
    public var procedures: [(column: String, count: Double)] {
        var sums: [String: Double] = [:]
        for visit in visits { for (column, count) in visit.procedures { sums[column, default: 0] += count } }
        return sums.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    static func n(_ value: Double) -> String { FrenchNumber.integer(value) }

    /// The bilan as a document: Markdown, HTML section and printed pages from one source.
    public func document() -> ReportDocument {
        let total = period
        let months = byMonth.map(\.key)
        let span = months.count > 1 ? "de \(months.first ?? "") à \(months.last ?? "")" : "en \(months.first ?? "")"
        var document = ReportDocument()
        document.append(.title("Bilan de la tournée — \(territory)"))
        document.append(
            .paragraph(
                "Produit le \(FrenchDate.written(date)) par AllerVers d'après les feuilles de passage remplies par les équipes : \(total.halfDays) demi-journées \(span). Ce que les équipes ont vu, décrit : pas la mesure d'un effet."
            ))
        document.append(.heading("Sur la période"))
        var lines = [
            "\(total.halfDays) demi-journées : \(Self.n(total.met)) personnes rencontrées pour \(Self.n(total.expected)) attendues, dont \(Self.n(total.newcomers)) nouvelles.",
            "\(Self.n(total.procedures)) démarches engagées, \(Self.n(total.referrals)) orientations vers un partenaire.",
            "\(total.belowMinimum) demi-journée(s) sous le minimum de \(Self.n(minimumPeople)) personnes.",
        ]
        for (column, count) in procedures {
            let id = String(column.dropFirst("demarches_".count))
            lines.append("Démarches engagées, \(id == "autres" ? "autres droits" : benefitLabels[id] ?? id) : \(Self.n(count)).")
        }
        document.append(.bullets(lines))
        func table(_ groups: [(key: String, totals: Totals)], first: String) -> ReportDocument.Block {
            .table(
                [first, "Demi-journées", "Attendues", "Rencontrées", "Dont nouvelles", "Démarches", "Orientations", "Sous le minimum"],
                groups.map { key, t in
                    [
                        key, String(t.halfDays), Self.n(t.expected), Self.n(t.met), Self.n(t.newcomers), Self.n(t.procedures), Self.n(t.referrals),
                        String(t.belowMinimum),
                    ]
                })
        }
        document.append(.heading("Mois par mois"))
        document.append(table(byMonth, first: "Mois"))
        document.append(.heading("Par type de lieu"))
        document.append(table(byKind, first: "Type de lieu"))
        document.append(.heading("Par lieu"))
        document.append(table(byPlace, first: "Lieu"))
        if let caf = cafChanges { for block in Self.cafSection(caf).blocks { document.append(block) } }
        let below = visits.filter { $0.met < minimumPeople }
        if !below.isEmpty {
            document.append(.heading("Demi-journées sous le minimum"))
            document.append(.bullets(below.map { "\(FrenchCalendar.spoken($0.date, year: true)) \($0.part) — \($0.stop) : \(Self.n($0.met)) personne(s)" }))
        }
        return document
    }

    /// Before and after the tour, from Cafdata.
    static func cafSection(_ caf: CafChanges) -> ReportDocument {
        var document = ReportDocument()
        document.append(.heading("Avant et après la tournée, d'après Cafdata"))
        guard let after = caf.after else {
            document.append(
                .paragraph(
                    "Cafdata n'a pas encore de période postérieure au début de la tournée (dernière : \(caf.before)) : la comparaison viendra avec sa prochaine publication."
                ))
            return document
        }
        document.append(
            .paragraph(
                "Allocataires payés par la CAF en \(caf.before) (dernière période avant la tournée) et en \(after), dans les \(caf.visitedCommunes) commune(s) où l'équipe est passée et dans les \(caf.otherCommunes) autre(s) commune(s) du territoire. Une description, pas la preuve d'un effet : bien d'autres causes font varier ces effectifs, arrondis à 5 par la Cnaf."
            ))
        func change(_ pair: (before: Double, after: Double)) -> String {
            let percent =
                pair.before > 0
                ? " (\(pair.after >= pair.before ? "+" : "")\(FrenchNumber.decimal((pair.after - pair.before) / pair.before * 100, digits: 1)) %)" : ""
            return "\(n(pair.before)) → \(n(pair.after))\(percent)"
        }
        document.append(
            .table(
                ["Prestation", "Communes visitées", "Autres communes"],
                caf.rows.map { [$0.benefit, change($0.visited), $0.others.map(change) ?? "—"] }))
        return document
    }

    /// The months side by side: people expected and met, procedures, as bars on an A4 page.
    public func monthsChart() -> String {
        let months = byMonth
        let width = 1122.5, height = 793.7, left = 90.0, bottom = 640.0, top = 150.0
        let most = max(1, months.map { max($0.totals.expected, $0.totals.met) }.max() ?? 1)
        let slot = (width - left - 60) / Double(max(months.count, 1))
        let bar = min(60, slot / 4)
        func y(_ value: Double) -> Double { bottom - value / most * (bottom - top) }
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="\(xml(font))" fill="#222222">
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(left)" y="70" font-size="22" font-weight="bold">\(xml("Bilan de la tournée, mois par mois — \(territory)"))</text>
            <text x="\(left)" y="98" font-size="13">Personnes attendues (gris) et rencontrées (bleu), démarches engagées (vert), par mois ; d'après les feuilles de passage des équipes.</text>

            """
        let colors = [("#bdbdbd", "attendues"), ("#2c7fb8", "rencontrées"), ("#31a354", "démarches")]
        for (k, month) in months.enumerated() {
            let x0 = left + Double(k) * slot + slot / 2 - 1.5 * bar
            for (b, value) in [month.totals.expected, month.totals.met, month.totals.procedures].enumerated() {
                let x = x0 + Double(b) * bar
                svg +=
                    "<rect x=\"\(x)\" y=\"\(y(value))\" width=\"\(bar - 4)\" height=\"\(bottom - y(value))\" fill=\"\(colors[b].0)\"><title>\(colors[b].1) : \(Self.n(value))</title></rect>\n"
                svg += "<text x=\"\(x + (bar - 4) / 2)\" y=\"\(y(value) - 5)\" font-size=\"12\" text-anchor=\"middle\">\(Self.n(value))</text>\n"
            }
            svg += "<text x=\"\(x0 + 1.5 * bar)\" y=\"\(bottom + 22)\" font-size=\"14\" text-anchor=\"middle\">\(xml(month.key))</text>\n"
        }
        svg += "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(width - 60)\" y2=\"\(bottom)\" stroke=\"#444444\"/>\n"
        for (b, entry) in colors.enumerated() {
            let x = left + Double(b) * 170
            svg +=
                "<rect x=\"\(x)\" y=\"\(bottom + 50)\" width=\"14\" height=\"14\" fill=\"\(entry.0)\"/><text x=\"\(x + 20)\" y=\"\(bottom + 62)\" font-size=\"13\">\(entry.1)</text>\n"
        }
        svg +=
            "<text x=\"\(left)\" y=\"\(height - 30)\" font-size=\"10\">Source : feuilles de passage des équipes d'aller-vers. Réalisation : AllerVers, \(xml(FrenchDate.written(date))).</text>\n"
        return svg + "</svg>\n"
    }

    /// The bilan as a section of a report (HTML), its chart after the title, and as a whole page.
    public func htmlSection() -> String { document().html(mapSVG: monthsChart(), idPrefix: "bilan") }

    public func htmlPage() -> String {
        """
        <!DOCTYPE html>
        <html lang="fr"><head><meta charset="utf-8"><title>\(xml("Bilan de la tournée — \(territory)"))</title>
        <style>body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; line-height: 1.45; padding: 0 1em; }
        table { border-collapse: collapse; margin: 1em 0; } th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; } td.n { text-align: right; }
        .map svg { max-width: 100%; height: auto; }</style></head><body>
        \(htmlSection())</body></html>

        """
    }

    /// The printed bilan: its text pages, then the chart of the months.
    public func pdf() throws -> Data {
        let pages = TextPages(font: font, textColor: "#222222", footer: "\(territory) — bilan de la tournée — \(FrenchDate.written(date))")
        return try MapPrinter.document(pages: pages.pages(document()) + [monthsChart()], title: "Bilan de la tournée — \(territory)", date: date)
    }
}
