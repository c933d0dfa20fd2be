import Cartography
import Foundation
import Overlay
import Risk
import ScoredFiles
import Support

/// One self-contained HTML file, readable from disk with no network: the map (inline SVG),
/// the zones sorted by risk with their intervals and explanations, the model and its sources,
/// and the mass accounting.
public struct HTMLReport {
    public var title: String
    public var territory: String
    public var date: String
    public var mapSVG: String
    public var zones: [ScoredZone]
    public var summary: ScoringSummary?
    /// Extra sections (siting, plan…), already in HTML.
    public var sections: [String]
    /// The data used, with their vintages.
    public var credits: DataCredits

    public init(
        title: String, territory: String, date: String, mapSVG: String, zones: [ScoredZone], summary: ScoringSummary?, sections: [String] = [],
        credits: DataCredits
    ) {
        self.credits = credits
        self.title = title
        self.territory = territory
        self.date = date
        self.mapSVG = mapSVG
        self.zones = zones
        self.summary = summary
        self.sections = sections
    }

    public func render() -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(xml(title)) — \(xml(territory))</title>
            <style>
            body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; line-height: 1.45; padding: 0 1em; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
            .map svg { max-width: 100%; height: auto; border: 1px solid #ddd; }
            table { border-collapse: collapse; width: 100%; font-size: 0.88em; }
            th, td { border-bottom: 1px solid #e4e4e4; padding: 4px 6px; text-align: left; vertical-align: top; }
            th { background: #f3f3f3; } td.n { text-align: right; white-space: nowrap; }
            .swatch { display: inline-block; width: 1em; height: 1em; border: 1px solid #999; vertical-align: middle; }
            .note { color: #555; font-size: 0.9em; }
            .carte-interactive { position: relative; }
            .carte-interactive svg { touch-action: none; cursor: grab; }
            .commandes { margin: 0.5em 0; font-size: 0.9em; } .commandes button { min-width: 2em; margin-right: 0.2em; }
            #fiche { position: absolute; bottom: 4em; right: 0.5em; max-width: 22em; background: #ffffffee; border: 1px solid #999; padding: 0.4em 0.8em; font-size: 0.85em; box-shadow: 0 1px 4px #0003; }
            #fiche h3 { margin: 0.2em 0; font-size: 1em; } #fiche dt { font-weight: bold; margin-top: 0.3em; } #fiche dd { margin: 0; }
            #carte path.survol { stroke: #000000; stroke-width: 2.5; }
            .graphique svg { max-width: 100%; height: auto; }
            </style>
            </head>
            <body>
            <h1>\(xml(title))</h1>
            <p class="note">\(xml(territory)) — produit le \(xml(FrenchDate.written(date))) par AllerVers\(summary.map { " \(xml($0.allervers))" } ?? "").</p>
            <div class="carte-interactive">
            \(mapControls())<div class="map" id="carte">
            \(Self.inlineSVG(mapSVG))
            </div>
            <div id="fiche" hidden></div>
            </div>
            <script type="application/json" id="donnees-zones">\(zoneCardData())</script>

            """
        html += zonesSection()
        html += scoreChart(colors: legendColors)
        if let summary { html += modelSection(summary) + accountingSection(summary) }
        html += sections.joined(separator: "\n")
        html += """
            <h2>Sources</h2>
            <p>\(xml(credits.parts.joined(separator: " ; "))).\(credits.licences.map { " " + xml($0) } ?? "") Couleurs : ColorBrewer (Cynthia Brewer).</p>
            \(Self.script)</body>
            </html>

            """
        return html
    }

    /// The SVG without its XML declaration, to sit inside HTML; its ids are prefixed so that
    /// several maps in one page keep distinct ids.
    public static func inlineSVG(_ svg: String, idPrefix: String = "carte") -> String {
        // One pass over the bytes (a map of a large territory is tens of megabytes): the XML
        // declaration and the white space around the drawing dropped, every ` id="` and
        // `url(#` given the prefix.
        let bytes = Array(svg.utf8)
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        func matches(_ pattern: [UInt8], at i: Int) -> Bool {
            i + pattern.count <= bytes.count && pattern.indices.allSatisfy { bytes[i + $0] == pattern[$0] }
        }
        var start = 0, end = bytes.count
        if matches(Array("<?xml".utf8), at: 0), let close = (0..<max(0, bytes.count - 1)).first(where: { bytes[$0] == 0x3F && bytes[$0 + 1] == 0x3E }) {
            start = close + 2
            while start < end, isSpace(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        }
        let idMark = Array(" id=\"".utf8), urlMark = Array("url(#".utf8), prefix = Array("\(idPrefix)-".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(end - start + (end - start) / 50)
        var i = start
        while i < end {
            let b = bytes[i]
            if b == 0x20, i + idMark.count <= end, matches(idMark, at: i) {
                out += idMark + prefix
                i += idMark.count
            } else if b == 0x75, i + urlMark.count <= end, matches(urlMark, at: i) {
                out += urlMark + prefix
                i += urlMark.count
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func zonesSection() -> String {
        var html = """
            <h2>Les zones, de la plus à risque à la moins à risque</h2>
            <p class="note">Score d'intensité 0–100 sur une échelle nationale fixe (50 = niveau national estimé), avec son intervalle ; ménages × prestations non perçues (volume : estimation, intervalle) ; priorité = volume × score / 100 ; fiabilité et facteurs où la zone se distingue du territoire. Les zones de moins de 11 ménages sont au secret statistique : aucune valeur n'est publiée. Les zones hors du champ des données (commune non couverte par le fichier de carreaux) n'ont pas de valeur non plus.</p>
            <table id="tableau-zones">
            <thead><tr><th>Rang</th><th>\(ZoneWording(codes: zones.map(\.code)).heading)</th><th>Nom</th><th>Score</th><th>Classe</th><th>Non-recours estimé</th><th>Priorité</th><th>Fiabilité</th><th>Facteurs principaux</th></tr></thead>
            <tbody>

            """
        let ordered = zones.enumerated().sorted { a, b in
            let sa = a.element.isPublished ? (a.element.score ?? -1) : -1
            let sb = b.element.isPublished ? (b.element.score ?? -1) : -1
            return sa != sb ? sa > sb : a.element.code < b.element.code
        }.map(\.element)
        for (rank, zone) in ordered.enumerated() {
            if !zone.isPublished {
                let status = zone.isSecret ? "secret statistique" : "hors du champ des données"
                html +=
                    "<tr data-code=\"\(xml(zone.code))\"><td class=\"n\">—</td><td>\(xml(zone.code))</td><td>\(xml(zone.name ?? ""))</td><td colspan=\"5\">\(status)</td><td>\(xml(zone.text(ScoredColumn.explanation) ?? ""))</td></tr>\n"
                continue
            }
            let score = zone.score.map { FrenchNumber.decimal($0, digits: 1) } ?? "—"
            let scoreRange =
                zone.number(ScoredColumn.scoreLow).flatMap { low in
                    zone.number(ScoredColumn.scoreHigh).map { "\(FrenchNumber.decimal(low, digits: 0))–\(FrenchNumber.decimal($0, digits: 0))" }
                } ?? ""
            let est = zone.estimate.map(FrenchNumber.integer) ?? "—"
            let estRange =
                zone.number(ScoredColumn.estimateLow).flatMap { low in
                    zone.number(ScoredColumn.estimateHigh).map { "\(FrenchNumber.integer(low))–\(FrenchNumber.integer($0))" }
                } ?? ""
            let riskClass = zone.riskClass.map(String.init) ?? "—"
            html += "<tr data-code=\"\(xml(zone.code))\"><td class=\"n\">\(rank + 1)</td><td>\(xml(zone.code))</td><td>\(xml(zone.name ?? ""))</td>"
            html += "<td class=\"n\">\(score) <span class=\"note\">(\(scoreRange))</span></td><td class=\"n\">\(riskClass)</td>"
            html += "<td class=\"n\">\(est) <span class=\"note\">(\(estRange))</span></td>"
            html += "<td class=\"n\">\(zone.number(ScoredColumn.priority).map(FrenchNumber.integer) ?? "—")</td>"
            html += "<td>\(xml(zone.reliability?.rawValue ?? ""))<br><span class=\"note\">\(xml(zone.text(ScoredColumn.reliabilityNote) ?? ""))</span></td>"
            html += "<td>\(xml(zone.text(ScoredColumn.explanation) ?? ""))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    func modelSection(_ summary: ScoringSummary) -> String {
        var html = """
            <h2>Le modèle et ses sources</h2>
            <p>Modèle : <strong>\(xml(summary.modelName))</strong> (<code>\(xml(summary.model))</code>). Pour chaque prestation, les ménages éligibles (approximation à partir des comptes Filosofi agrégés \(ZoneWording(codes: zones.map(\.code)).per)) sont multipliés par le taux de non-recours publié, modulé par des facteurs de risque, puis confrontés aux allocataires payés par la CAF\(summary.cafPeriod.map { " (Cafdata, \(xml($0)))" } ?? "").</p>
            <table>
            <thead><tr><th>Prestation</th><th>Taux de non-recours</th><th>Source</th><th>Éligibles</th><th>Non-recours estimé</th></tr></thead>
            <tbody>

            """
        for benefit in summary.benefits {
            let assumed = benefit.ratePublished ? "" : "<br><strong>taux supposé : aucun taux publié</strong>"
            html +=
                "<tr><td>\(xml(benefit.label))</td><td class=\"n\">\(FrenchNumber.percent(benefit.rate)) (\(FrenchNumber.percent(benefit.rateLow))–\(FrenchNumber.percent(benefit.rateHigh)))\(assumed)</td>"
            html += "<td>\(xml(benefit.rateSource))</td><td>\(xml(benefit.eligibleNote))</td>"
            html +=
                "<td class=\"n\">\(FrenchNumber.integer(benefit.estimatedMissing)) <span class=\"note\">(\(FrenchNumber.integer(benefit.estimatedMissingLow))–\(FrenchNumber.integer(benefit.estimatedMissingHigh)))</span></td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        html += "<p>Intensité : \(xml(summary.scoreScale)). Le volume n'entre pas dans le score ; il est cartographié en cercles proportionnels.</p>\n"
        if !summary.cafConfrontation.isEmpty {
            html += "<h3>Confrontation avec les données CAF, par territoire CAF</h3>\n<ul>\n"
            for fit in summary.cafConfrontation { html += "<li>\(xml(fit.statement))</li>\n" }
            html += "</ul>\n"
            html +=
                "<h3>Confrontation avec les données CAF</h3>\n<table><thead><tr><th>Territoire CAF</th><th>Prestation</th><th>Allocataires observés</th><th>Attendus d'après le profil</th><th>Rapport</th></tr></thead><tbody>\n"
            for fit in summary.cafConfrontation {
                html +=
                    "<tr><td>\(xml(fit.code))</td><td>\(xml(benefitLabel(fit.benefit, summary)))</td><td class=\"n\">\(FrenchNumber.integer(fit.observed))</td><td class=\"n\">\(FrenchNumber.integer(fit.expected))</td><td class=\"n\">\(FrenchNumber.decimal(fit.ratio, digits: 2))</td></tr>\n"
            }
            html += "</tbody></table>\n"
            html += cafChart(summary)
            html += cafTrendChart(summary)
        }
        if let driver = summary.volumeDriver { html += "<p>\(xml(driver))</p>\n" }
        let breaks = summary.classBreaks.map { FrenchNumber.decimal($0, digits: 1) }.joined(separator: " ; ")
        let perClass = summary.zonesPerClass.enumerated().map { c, count in
            (summary.classNames.flatMap { $0.indices.contains(c) ? $0[c] : nil } ?? "classe \(c + 1)") + " \(count)"
        }.joined(separator: ", ")
        html +=
            "<p>Classes de la carte : \(xml(ClassificationMethod(rawValue: summary.classMethod)?.frenchLabel ?? summary.classMethod)) ; limites du score \(breaks) ; zones par classe : \(xml(perClass)).</p>\n"
        if let sensitivity = summary.sensitivity, !sensitivity.entries.isEmpty {
            html +=
                "<h3>Sensibilité aux hypothèses</h3>\n<p class=\"note\">Chaque poids du fichier de modèle déplacé de 25 % vers le bas puis vers le haut, les zones scorées à nouveau : combien changent de classe.</p>\n<ul>\n"
            for entry in sensitivity.entries { html += "<li>\(xml(entry.sentence(zones: sensitivity.zones)))</li>\n" }
            html += "</ul>\n"
        }
        return html
    }

    func accountingSection(_ summary: ScoringSummary) -> String {
        let overPublished = summary.massAccountingScope == "zones publiées"
        var html = """
            <h2>Bilan de masse de l'agrégation</h2>

            """
        if overPublished {
            html += """
                <p class="note">Des zones sont au secret statistique ou hors du champ des données : pour qu'aucune soustraction ne révèle leurs effectifs (secret secondaire), le bilan ne distingue que la part répartie dans les zones publiées et tout le reste (hors de toute zone, zones non publiées, doubles comptes).</p>
                <table><thead><tr><th>Variable</th><th>Total des carreaux</th><th>Dans les zones publiées</th><th>Reste</th></tr></thead><tbody>

                """
        } else {
            html += """
                <p class="note">Pour chaque variable : total des carreaux, part répartie dans les zones, part hors de toute zone (carreaux de bord qui débordent sur les communes voisines), part comptée deux fois (zones qui se chevauchent).</p>
                <table><thead><tr><th>Variable</th><th>Total des carreaux</th><th>Réparti</th><th>Hors zones</th><th>Compté deux fois</th></tr></thead><tbody>

                """
        }
        for account in summary.massAccounting where ["ind", "men", "men_pauv", "men_fmp", "ind_snv"].contains(account.variable) {
            // What is counted, in words, and the counts as whole numbers (euros for the sum of
            // living standards).
            let label = ColumnDictionary.filosofiCounts[account.variable]?.label ?? account.variable
            let euros = account.variable == "ind_snv" ? " €" : ""
            func n(_ value: Double) -> String { FrenchNumber.integer(value) + euros }
            html +=
                "<tr><td>\(xml(label))</td><td class=\"n\">\(n(account.total))</td><td class=\"n\">\(n(account.allocated))</td><td class=\"n\">\(n(account.lostOutside))</td>"
            html += overPublished ? "</tr>\n" : "<td class=\"n\">\(n(account.countedTwice))</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// A benefit named by its label in the model (« RSA », « prime d'activité »), not its id.
    func benefitLabel(_ id: String, _ summary: ScoringSummary) -> String {
        summary.benefits.first { $0.id == id }?.label ?? id.uppercased()
    }
}
