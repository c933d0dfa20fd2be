import Cartography
import Foundation
import MapPrinting
import Outreach
import Risk
import Support

/// The printed dossier of a territory run (`dossier.pdf`, A4): what a comité local holds in a
/// meeting and acts on without the tool. A cover (territory, date, what the dossier holds, how
/// to read the maps, the sources), the risk map, the tour map and its calendar, the siting and
/// access maps and the review, and for a territory of several communes one page per commune
/// (its IRIS and its stops, zoomed). Fonts embedded; the same inputs give the same bytes.
public struct Dossier {
    public var territory: String
    public var date: String
    public var credits: String
    public var style: MapStyle
    public var riskMap: String
    public var tour: (plan: OutreachPlan, map: String, overlay: MapOverlay)?
    /// The siting review, its map and the access map (the cells by time, the gain of the sites).
    public var siting: (review: ReportDocument, map: String, access: String)?
    /// Per commune (several communes only): its name and its map.
    public var atlas: [(commune: String, map: String)] = []
    /// How the zones are named: IRIS, communes, or both.
    public var zoneWording = ZoneWording(kind: .iris)

    public init(territory: String, date: String, credits: String, style: MapStyle, riskMap: String) {
        self.territory = territory
        self.date = date
        self.credits = credits
        self.style = style
        self.riskMap = riskMap
    }

    var textPages: TextPages {
        TextPages(font: style.font, textColor: style.textColor, footer: "\(territory) — dossier du comité local — \(FrenchDate.written(date))")
    }

    /// The cover: what the dossier holds and how to read it.
    func cover(summary: String) -> ReportDocument {
        var document = ReportDocument()
        document.append(.title("Dossier du comité local — \(territory)"))
        document.append(.paragraph("Produit le \(FrenchDate.written(date)). \(summary)"))
        var contents = ["La carte du risque de non-recours aux droits, \(zoneWording.per)."]
        if let tour {
            contents.append(
                "La tournée d'aller-vers (\(PlanText.periodWords(tour.plan.period))) : la carte des arrêts numérotés, la clé des arrêts et le calendrier de chaque demi-journée."
            )
        }
        if siting != nil {
            contents.append(
                "La revue d'implantation des points d'accueil : la carte des points et des sites proposés, celle des temps d'accès (les carreaux que les sites mettent à portée), et ce qu'elle conclut."
            )
        }
        if !atlas.isEmpty {
            contents.append(
                zoneWording.kind == .iris
                    ? "Une page par commune (\(atlas.count)) : ses IRIS et ses arrêts, à plus grande échelle."
                    : "\(atlas.count) page(s) de l'atlas des communes : chaque commune nommée, ses \(zoneWording.kind == .mixed ? "IRIS, ses " : "")carreaux habités et ses arrêts, à plus grande échelle."
            )
        }
        document.append(.heading("Ce que contient ce dossier"))
        document.append(.bullets(contents))
        document.append(.heading("Comment lire les cartes"))
        var reading = [
            "Couleurs : l'intensité du risque de non-recours (score de 0 à 100 sur une échelle nationale : 50 = niveau national) ; les classes « faible », « modéré », « élevé », « très élevé » sont les mêmes dans tous les territoires.",
            "Cercles : le nombre estimé de ménages qui ne perçoivent pas une prestation à laquelle ils ont droit (ménages × prestations), proportionnel à la surface.",
            "Hachures : zones de fiabilité faible ; gris : secret statistique (moins de 11 ménages) ou hors du champ des données.",
        ]
        if zoneWording.kind != .iris {
            reading.append(
                "Carreaux foncés : où vivent les ménages d'une commune non découpée en IRIS (carreaux de 200 m de l'Insee, plus foncés à partir de 11 puis de 50 ménages) ; le cercle de la commune est posé sur son carreau où vivent le plus de ménages pauvres, le plus souvent le bourg."
            )
        }
        reading += [
            "Numéros : les arrêts de la tournée, décrits dans la clé sous la carte (lieu, type, jour et demi-journée, récurrence, personnes attendues) ; « D » : le dépôt d'où partent les équipes ; sur la carte du risque, un numéro en gras désigne \(zoneWording.one) nommé\(zoneWording.kind == .iris ? "" : "e") dans la clé sous la carte, quand son nom n'y tient pas.",
            "Ces chiffres sont des estimations à partir de données publiques : ils disent où chercher, pas qui. La tournée et les sites proposés sont à confirmer sur place.",
        ]
        if siting != nil {
            reading.insert(
                "Temps d'accès : chaque carreau de 200 m habité a la couleur du temps qu'il faut pour gagner le point d'accueil le plus proche ; hachures violettes : les carreaux que les sites proposés mettent à portée.",
                at: reading.count - 1)
        }
        document.append(.bullets(reading))
        document.append(.heading("Sources"))
        let sources = credits.hasPrefix("Sources : ") ? String(credits.dropFirst("Sources : ".count)) : credits
        document.append(.bullets(sources.components(separatedBy: " ; ").filter { !$0.isEmpty }))
        if let licences = DataCredits(text: credits)?.licences { document.append(.paragraph(licences)) }
        return document
    }

    /// The calendar of the tour as a table: every half-day, its stop, its address and the
    /// people expected.
    func calendar(_ plan: OutreachPlan) -> ReportDocument {
        let numbers = PlanText.numbers(plan)
        var document = ReportDocument()
        document.append(.heading("Calendrier de la tournée — \(PlanText.periodWords(plan.period))"))
        if let empty = PlanText.emptyHalfDays(plan) { document.append(.paragraph(empty)) }
        if let learned = PlanText.learnedFromSheets(plan) {
            document.append(.paragraph("Ce que les feuilles de passage des équipes ont changé :"))
            document.append(.bullets(learned))
        }
        let teams = plan.settings.teams > 1
        var header = ["Date", "Demi-journée"]
        if teams { header.append("Équipe") }
        header += ["N°", "Lieu", "Adresse", "Personnes attendues"]
        let rows = plan.visits.map { visit -> [String] in
            let stop = plan.candidates[visit.stop]
            var row = [
                // The year only when the period spans two.
                FrenchCalendar.spoken(visit.date, year: plan.period.first?.year != plan.period.last?.year),
                "\(visit.slot.part.french) \(PlanText.spokenClock(visit.slot.start))–\(PlanText.spokenClock(visit.slot.end))",
            ]
            if teams { row.append("équipe \(visit.team + 1)") }
            row += [
                numbers[visit.stop].map(String.init) ?? "—", visit.event.map { "\($0) — \(stop.name)" } ?? stop.name, stop.address,
                FrenchNumber.decimal(plan.contactsPerHalfDay[visit.stop], digits: 0),
            ]
            return row
        }
        document.append(.table(header, rows))
        if !plan.warnings.isEmpty {
            document.append(.heading("À vérifier"))
            document.append(.bullets(plan.warnings))
        }
        return document
    }

    /// The dossier's pages, as SVG drawings in order.
    public func pages(summary: String) -> [String] {
        var pages = textPages.pages(cover(summary: summary))
        pages.append(riskMap)
        if let tour {
            pages.append(tour.map)
            pages += textPages.pages(calendar(tour.plan), firstPage: pages.count + 1)
        }
        if let siting {
            pages += [siting.map, siting.access]
            pages += textPages.pages(siting.review, firstPage: pages.count + 1)
        }
        pages += atlas.map(\.map)
        return pages
    }

    /// The PDF's bytes.
    public func pdf(summary: String) throws -> Data {
        try MapPrinter.document(pages: pages(summary: summary), title: "Dossier du comité local — \(territory)", date: date)
    }
}
