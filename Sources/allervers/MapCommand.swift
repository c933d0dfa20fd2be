import ArgumentParser
import Cartography
import Exports
import Foundation
import MapPrinting
import Support
import Workflows

extension MapLayer: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
}

extension PageLayout.Paper: ExpressibleByArgument {}
extension PageLayout.Orientation: ExpressibleByArgument {}

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: fr(
            "Dessiner une carte thématique (SVG, ou imprimée en PDF ou PNG) des zones scorées, en Lambert-93 en France métropolitaine.",
            en: "Draw a thematic map (SVG, or printed as PDF or PNG) of scored zones, in Lambert-93 for metropolitan France."),
        discussion: fr(
            """
            Une sortie .pdf ou .png imprime le même dessin que le SVG (titre, légende, échelle, \
            flèche du nord, sources et date) sur une page A4 ou A3, polices incluses dans le PDF.
            """,
            en: """
                A .pdf or .png output prints the same drawing as the SVG (title, legend, scale bar, \
                north arrow, sources and date) on an A4 or A3 page, fonts embedded in the PDF.
                """)
    )

    @Option(
        name: .long,
        help: fr("Zones scorées écrites par `allervers score` (.geojson ou .gpkg).", en: "Scored zones written by `allervers score` (.geojson or .gpkg)."))
    var scored: String

    @Option(name: .long, help: fr("Style de carte (TOML, par défaut : Styles/default.toml).", en: "Map style (TOML, default: Styles/default.toml)."))
    var style: String?

    @Option(
        name: .long,
        help: fr(
            "risk (intensité en couleurs, ménages en cercles), nonrecours (cercles), poverty (pauvreté), niveau_de_vie, carreaux, ou une prestation du modèle (rsa, ppa, aspa).",
            en:
                "risk (intensity in colours, households as circles), nonrecours (circles), poverty, niveau_de_vie, carreaux, or a benefit of the model (rsa, ppa, aspa)."
        )
    )
    var layer: MapLayer = .risk

    @Option(
        name: .long,
        help: fr(
            "Modèle de risque (TOML), pour les noms des couches par prestation (par défaut : Data/models/default.toml).",
            en: "Risk model (TOML), for the benefit layers' names (default: Data/models/default.toml)."))
    var model: String?

    @OptionGroup var workers: ThreadOptions

    @Option(name: .long, help: fr("Carreaux Filosofi, pour la couche carreaux.", en: "Filosofi cells, for the carreaux layer."))
    var cells: String?

    @Option(
        name: .long,
        help: fr(
            "Arrêts à dessiner (points avec type, nom, numéro), par exemple le stops.geojson de la tournée.",
            en: "Stops to draw (points with kind, name, number), e.g. the plan's stops.geojson."))
    var stops: String?

    @Option(
        name: .long,
        help: fr("Trajets à dessiner (lignes), par exemple le route.geojson de la tournée.", en: "Routes to draw (lines), e.g. the plan's route.geojson."))
    var route: String?

    @Option(
        name: .long,
        help: fr(
            "Territoire nommé dans le sous-titre (par défaut : les codes des communes).", en: "Territory named in the subtitle (default: the communes' codes).")
    )
    var territory: String?

    @Option(
        name: .long,
        help: fr(
            "Date de production imprimée sur la carte, AAAA-MM-JJ (par défaut : aujourd'hui).",
            en: "Production date printed on the map, YYYY-MM-DD (default: today)."))
    var date: String?

    @Option(
        name: .shortAndLong,
        help: fr("Fichier de sortie : .svg, ou .pdf / .png pour une page imprimée.", en: "Output file: .svg, or .pdf / .png for a printed page."))
    var output: String

    @Option(name: .long, help: fr("Papier d'une carte imprimée (.pdf, .png) : a4 ou a3.", en: "Paper of a printed map (.pdf, .png): a4 or a3."))
    var paper: PageLayout.Paper = .a4

    @Option(
        name: .long,
        help: fr(
            "Orientation d'une carte imprimée : auto (paysage pour une carte large), portrait ou landscape (paysage).",
            en: "Orientation of a printed map: auto (landscape for a wide map), portrait or landscape."))
    var orientation: PageLayout.Orientation = .auto

    @Option(name: .long, help: fr("Résolution d'un PNG, en points par pouce (72 à 600).", en: "Resolution of a PNG, in pixels per inch (72 to 600)."))
    var dpi: Double = 150

    func validate() throws {
        try validateDateOption(date)
        let lowered = output.lowercased()
        guard lowered.hasSuffix(".svg") || MapPrinter.Format(path: output) != nil else {
            throw ValidationError(
                fr("--output doit finir par .svg, .pdf ou .png (reçu : \(output))", en: "--output must end in .svg, .pdf or .png (got \(output))"))
        }
        guard (72...600).contains(dpi) else {
            throw ValidationError(fr("--dpi doit être entre 72 et 600 (reçu : \(dpi))", en: "--dpi must be between 72 and 600 (got \(dpi))"))
        }
        if layer == .carreaux && cells == nil { throw ValidationError(fr("--layer carreaux demande --cells", en: "--layer carreaux needs --cells")) }
    }

    func run() throws {
        try reportingErrors {
            let svg = try MapRun.draw(
                scored: scored, style: style, layer: layer, model: model, cells: cells, threads: workers.threads, territory: territory, date: date,
                stops: stops, route: route
            )
            if let format = MapPrinter.Format(path: output) {
                let page = try MapPrinter.render(
                    svg: svg, format: format, layout: PageLayout(paper: paper, orientation: orientation, dpi: dpi),
                    title: "AllerVers — carte \(layer.rawValue)", date: date ?? MapRun.productionDate())
                try AtomicFile.write(page, to: output)
            } else {
                try AtomicFile.write(svg, to: output)
            }
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: fr(
            "Écrire un rapport HTML autonome : la carte, les zones par risque, le modèle et ses sources, le bilan de masse.",
            en: "Write a self-contained HTML report: the map, the zones by risk, the model and its sources, the mass accounting.")
    )

    @Option(
        name: .long,
        help: fr("Zones scorées écrites par `allervers score` (.geojson ou .gpkg).", en: "Scored zones written by `allervers score` (.geojson or .gpkg)."))
    var scored: String

    @Option(name: .long, help: fr("Le résumé JSON écrit par `allervers score --report`.", en: "The JSON summary written by `allervers score --report`."))
    var summary: String?

    @Option(name: .long, help: fr("Style de carte (TOML, par défaut : Styles/default.toml).", en: "Map style (TOML, default: Styles/default.toml)."))
    var style: String?

    @Option(
        name: .long, help: fr("Territoire nommé dans le titre (par défaut : d'après les zones).", en: "Territory named in the title (default: from the zones).")
    )
    var territory: String?

    @Option(name: .long, help: fr("Date de production, AAAA-MM-JJ (par défaut : aujourd'hui).", en: "Production date, YYYY-MM-DD (default: today)."))
    var date: String?

    @OptionGroup var workers: ThreadOptions

    @Option(name: .shortAndLong, help: fr("Fichier HTML de sortie.", en: "Output HTML file."))
    var output: String

    func validate() throws { try validateDateOption(date) }

    func run() throws {
        try reportingErrors {
            let html = try MapRun.report(scored: scored, summaryPath: summary, stylePath: style, territory: territory, date: date, threads: workers.threads)
            try AtomicFile.write(html, to: output)
        }
    }
}
