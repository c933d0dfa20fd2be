import ArgumentParser
import Cartography
import Exports
import Foundation
import MapPrinting
import Workflows

extension MapLayer: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
}

extension PageLayout.Paper: ExpressibleByArgument {}
extension PageLayout.Orientation: ExpressibleByArgument {}

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Draw a thematic map (SVG, or printed as PDF or PNG) of scored zones, in Lambert-93 for metropolitan France.",
        discussion: """
            A .pdf or .png output prints the same drawing as the SVG (title, legend, scale bar, \
            north arrow, sources and date) on an A4 or A3 page, fonts embedded in the PDF.
            """
    )

    @Option(name: .long, help: "Scored zones written by `allervers score` (.geojson or .gpkg).")
    var scored: String

    @Option(name: .long, help: "Map style (TOML, default: Styles/default.toml).")
    var style: String?

    @Option(
        name: .long,
        help:
            "risk (intensity in colours, households as circles), nonrecours (circles), poverty, niveau_de_vie, carreaux, or a benefit of the model (rsa, ppa, aspa)."
    )
    var layer: MapLayer = .risk

    @Option(name: .long, help: "Risk model (TOML), for the benefit layers' names (default: Data/models/default.toml).")
    var model: String?

    @OptionGroup var workers: ThreadOptions

    @Option(name: .long, help: "Filosofi cells, for the carreaux layer.")
    var cells: String?

    @Option(name: .long, help: "Stops to draw (points with kind, name, number), e.g. the plan's stops.geojson.")
    var stops: String?

    @Option(name: .long, help: "Routes to draw (lines), e.g. the plan's route.geojson.")
    var route: String?

    @Option(name: .long, help: "Territory named in the subtitle (default: the communes' codes).")
    var territory: String?

    @Option(name: .long, help: "Production date printed on the map, YYYY-MM-DD (default: today).")
    var date: String?

    @Option(name: .shortAndLong, help: "Output file: .svg, or .pdf / .png for a printed page.")
    var output: String

    @Option(name: .long, help: "Paper of a printed map (.pdf, .png): a4 or a3.")
    var paper: PageLayout.Paper = .a4

    @Option(name: .long, help: "Orientation of a printed map: auto (landscape for a wide map), portrait or landscape.")
    var orientation: PageLayout.Orientation = .auto

    @Option(name: .long, help: "Resolution of a PNG, in pixels per inch (72 to 600).")
    var dpi: Double = 150

    func validate() throws {
        try validateDateOption(date)
        let lowered = output.lowercased()
        guard lowered.hasSuffix(".svg") || MapPrinter.Format(path: output) != nil else {
            throw ValidationError("--output must end in .svg, .pdf or .png (got \(output))")
        }
        guard (72...600).contains(dpi) else { throw ValidationError("--dpi must be between 72 and 600 (got \(dpi))") }
        if layer == .carreaux && cells == nil { throw ValidationError("--layer carreaux needs --cells") }
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
        abstract: "Write a self-contained HTML report: the map, the zones by risk, the model and its sources, the mass accounting."
    )

    @Option(name: .long, help: "Scored zones written by `allervers score` (.geojson or .gpkg).")
    var scored: String

    @Option(name: .long, help: "The JSON summary written by `allervers score --report`.")
    var summary: String?

    @Option(name: .long, help: "Map style (TOML, default: Styles/default.toml).")
    var style: String?

    @Option(name: .long, help: "Territory named in the title (default: from the zones).")
    var territory: String?

    @Option(name: .long, help: "Production date, YYYY-MM-DD (default: today).")
    var date: String?

    @OptionGroup var workers: ThreadOptions

    @Option(name: .shortAndLong, help: "Output HTML file.")
    var output: String

    func validate() throws { try validateDateOption(date) }

    func run() throws {
        try reportingErrors {
            let html = try MapRun.report(scored: scored, summaryPath: summary, stylePath: style, territory: territory, date: date, threads: workers.threads)
            try AtomicFile.write(html, to: output)
        }
    }
}
