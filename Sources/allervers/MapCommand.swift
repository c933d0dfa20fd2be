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
        abstract: words("Dessiner une carte thématique (SVG, ou imprimée en PDF ou PNG) des zones scorées, en Lambert-93 en France métropolitaine."),
        discussion: words(
            "Une sortie .pdf ou .png imprime le même dessin que le SVG (titre, légende, échelle, flèche du nord, sources et date) sur une page A4 ou A3, polices incluses dans le PDF."
        )
    )

    @OptionGroup var scored: ScoredOption

    @OptionGroup var style: StyleOption

    @Option(
        help: words(
            "risk (intensité en couleurs, ménages en cercles), nonrecours (cercles), poverty (pauvreté), niveau_de_vie, carreaux, ou une prestation du modèle (rsa, ppa, aspa)."
        ))
    var layer: MapLayer = .risk

    @Option(
        help: words("Modèle de risque (TOML), pour les noms des couches par prestation (par défaut : Data/models/default.toml)."))
    var model: String?

    @OptionGroup var workers: ThreadOptions

    @Option(help: words("Carreaux Filosofi, pour la couche carreaux."))
    var cells: String?

    @Option(
        help: words("Arrêts à dessiner (points avec type, nom, numéro), par exemple le stops.geojson de la tournée."))
    var stops: String?

    @Option(help: words("Trajets à dessiner (lignes), par exemple le route.geojson de la tournée."))
    var route: String?

    @OptionGroup var territory: TerritoryNameOption

    @OptionGroup var date: DateOption

    @Option(
        name: .shortAndLong,
        help: words("Fichier de sortie : .svg, ou .pdf / .png pour une page imprimée."))
    var output: String

    @Option(help: words("Papier d'une carte imprimée (.pdf, .png) : a4 ou a3."))
    var paper: PageLayout.Paper = .a4

    @Option(
        help: words("Orientation d'une carte imprimée : auto (paysage pour une carte large), portrait ou landscape (paysage)."))
    var orientation: PageLayout.Orientation = .auto

    @Option(help: words("Résolution d'un PNG, en points par pouce (72 à 600)."))
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
        abstract: words("Écrire un rapport HTML autonome : la carte, les zones par risque, le modèle et ses sources, le bilan de masse.")
    )

    @OptionGroup var scored: ScoredOption

    @Option(help: words("Le résumé JSON écrit par `allervers score --report`."))
    var summary: String?

    @OptionGroup var style: StyleOption

    @OptionGroup var territory: TerritoryNameOption

    @OptionGroup var date: DateOption

    @OptionGroup var workers: ThreadOptions

    @Option(name: .shortAndLong, help: words("Fichier HTML de sortie."))
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
