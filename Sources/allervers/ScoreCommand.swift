import ArgumentParser
import CommandOptions
import Support
import Workflows

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words("Scorer le risque de non-recours par zone, avec intervalles, classes et explications."),
        discussion: words(
            "Le modèle est un fichier TOML (par défaut : Data/models/default.toml) qui porte les prestations, leurs taux de non-recours publiés et leurs sources, les facteurs de risque et les poids du score. Les zones scorées sont une table pour des personnes : un .csv suit la convention des tableurs français (;, virgule décimale, UTF-8 avec BOM). Un .gpkg ou une table PostGIS est en Lambert-93 en France métropolitaine et porte son style QGIS ; un .shp coupe les noms de champs à 10 caractères (comme ogr2ogr) : préférer .gpkg."
        )
    )

    @OptionGroup var inputs: CellsAndZonesOptions

    @Option(help: words("Effectifs Cafdata par commune ou par IRIS (CSV)."))
    var caf: String?

    @Option(help: words("Période Cafdata à utiliser, AAAA-MM (par défaut : la plus récente)."))
    var cafPeriod: String?

    @Option(help: words("Modèle de risque (TOML)."))
    var model: String?

    @OptionGroup var output: ZoneOutputOptions

    @Option(
        help: words("Résumé du modèle, des limites de classes, de la confrontation CAF et du bilan de masse (JSON)."))
    var report: String?

    func run() throws {
        try reportingErrors {
            say(
                try ScoringRun.scoreFiles(
                    cells: inputs.cells, zones: inputs.zoneSource, caf: caf, cafPeriod: cafPeriod, model: model,
                    output: output.zoneOutput(threads: inputs.workers.threads), report: report,
                    threads: inputs.workers.threads))
        }
    }
}
