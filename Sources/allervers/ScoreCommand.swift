import ArgumentParser
import CommandOptions
import Support
import Workflows

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: fr(
            "Scorer le risque de non-recours par zone, avec intervalles, classes et explications.",
            en: "Score the risk of non-recours per zone, with intervals, classes and explanations."),
        discussion: fr(
            "Le modèle est un fichier TOML (par défaut : Data/models/default.toml) qui porte les prestations, leurs taux de non-recours publiés et leurs sources, les facteurs de risque et les poids du score. Les zones scorées sont une table pour des personnes : un .csv suit la convention des tableurs français (;, virgule décimale, UTF-8 avec BOM). Un .gpkg ou une table PostGIS est en Lambert-93 en France métropolitaine et porte son style QGIS ; un .shp coupe les noms de champs à 10 caractères (comme ogr2ogr) : préférer .gpkg.",
            en:
                "The model is a TOML file (default: Data/models/default.toml) holding the benefits, their published non-take-up rates and sources, the risk factors and the score weights. The scored zones are a table for people: a .csv follows the French spreadsheet convention (;, decimal comma, UTF-8 with BOM). A .gpkg or a PostGIS table is in Lambert-93 in metropolitan France and carries its QGIS style; a .shp cuts field names to 10 characters (as ogr2ogr does): prefer .gpkg."
        )
    )

    @OptionGroup var inputs: CellsAndZonesOptions

    @Option(help: fr("Effectifs Cafdata par commune ou par IRIS (CSV).", en: "Cafdata counts by commune or by IRIS (CSV)."))
    var caf: String?

    @Option(help: fr("Période Cafdata à utiliser, AAAA-MM (par défaut : la plus récente).", en: "Cafdata period to use, YYYY-MM (default: the latest)."))
    var cafPeriod: String?

    @Option(help: fr("Modèle de risque (TOML).", en: "Risk model (TOML)."))
    var model: String?

    @OptionGroup var output: ZoneOutputOptions

    @Option(
        help: fr(
            "Résumé du modèle, des limites de classes, de la confrontation CAF et du bilan de masse (JSON).",
            en: "Summary of the model, class breaks, CAF confrontation and mass accounting (JSON)."))
    var report: String?

    func run() throws {
        try reportingErrors {
            say(
                try ScoringRun.scoreFiles(
                    cells: inputs.cells, zones: inputs.zoneSource, caf: caf, cafPeriod: cafPeriod, model: model, output: output.zoneOutput(threads: inputs.workers.threads), report: report,
                    threads: inputs.workers.threads))
        }
    }
}
