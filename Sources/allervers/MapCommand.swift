import ArgumentParser
import Cartography
import CommandOptions
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
            "Une sortie .pdf ou .png imprime le même dessin que le SVG (titre, légende, échelle, flèche du nord, sources et date) sur une page A4 ou A3, polices incluses dans le PDF.",
            en:
                "A .pdf or .png output prints the same drawing as the SVG (title, legend, scale bar, north arrow, sources and date) on an A4 or A3 page, fonts embedded in the PDF."
        )
    )

    @OptionGroup var scored: ScoredOption

    @OptionGroup var style: StyleOption

    @Option(
        help: fr(
            "risk (intensité en couleurs, ménages en cercles), nonrecours (cercles), poverty (pauvreté), niveau_de_vie, carreaux, ou une prestation du modèle (rsa, ppa, aspa).",
            en:
                "risk (intensity in colours, households as circles), nonrecours (circles), poverty, niveau_de_vie, carreaux, or a benefit of the model (rsa, ppa, aspa)."
        ))
    var layer: MapLayer = .risk

    @Option(
        help: fr(
            "Modèle de risque (TOML), pour les noms des couches par prestation (par défaut : Data/models/default.toml).",
            en: "Risk model (TOML), for the benefit layers' names (default: Data/models/default.toml)."))
    var model: String?

    @OptionGroup var workers: ThreadOptions

    @Option(help: fr("Carreaux Filosofi, pour la couche carreaux.", en: "Filosofi cells, for the carreaux layer."))
    var cells: String?

    @Option(
        help: fr(
            "Arrêts à dessiner (points avec type, nom, numéro), par exemple le stops.geojson de la tournée.",
            en: "Stops to draw (points with kind, name, number), e.g. the plan's stops.geojson."))
    var stops: String?

    @Option(help: fr("Trajets à dessiner (lignes), par exemple le route.geojson de la tournée.", en: "Routes to draw (lines), e.g. the plan's route.geojson."))
    var route: String?

    @OptionGroup var territory: TerritoryNameOption

    @OptionGroup var date: DateOption

    @Option(
        name: .shortAndLong,
        help: fr("Fichier de sortie : .svg, ou .pdf / .png pour une page imprimée.", en: "Output file: .svg, or .pdf / .png for a printed page."))
    var output: String

    @Option(help: fr("Papier d'une carte imprimée (.pdf, .png) : a4 ou a3.", en: "Paper of a printed map (.pdf, .png): a4 or a3."))
    var paper: PageLayout.Paper = .a4

    @Option(
        help: fr(
            "Orientation d'une carte imprimée : auto (paysage pour une carte large), portrait ou landscape (paysage).",
            en: "Orientation of a printed map: auto (landscape for a wide map), portrait or landscape."))
    var orientation: PageLayout.Orientation = .auto

    @Option(help: fr("Résolution d'un PNG, en points par pouce (72 à 600).", en: "Resolution of a PNG, in pixels per inch (72 to 600)."))
    var dpi: Double = 150

    var request: MapRun.Request {
        MapRun.Request(
            scored: scored.scored, style: style.style, layer: layer, model: model, cells: cells, stops: stops, route: route, territory: territory.territory,
            date: date.date, output: output, layout: PageLayout(paper: paper, orientation: orientation, dpi: dpi), threads: workers.threads)
    }

    func validate() throws { try validating { try request.validate() } }

    func run() throws { try reportingErrors { try MapRun.write(request) } }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: fr(
            "Écrire un rapport HTML autonome : la carte, les zones par risque, le modèle et ses sources, le bilan de masse.",
            en: "Write a self-contained HTML report: the map, the zones by risk, the model and its sources, the mass accounting.")
    )

    @OptionGroup var scored: ScoredOption

    @Option(help: fr("Le résumé JSON écrit par `allervers score --report`.", en: "The JSON summary written by `allervers score --report`."))
    var summary: String?

    @OptionGroup var style: StyleOption

    @OptionGroup var territory: TerritoryNameOption

    @OptionGroup var date: DateOption

    @OptionGroup var workers: ThreadOptions

    @Option(name: .shortAndLong, help: fr("Fichier HTML de sortie.", en: "Output HTML file."))
    var output: String

    func run() throws {
        try reportingErrors {
            try MapRun.writeReport(
                scored: scored.scored, summaryPath: summary, stylePath: style.style, territory: territory.territory, date: date.date, threads: workers.threads,
                to: output
            )
        }
    }
}
