import ArgumentParser
import CommandOptions
import Support
import Workflows

struct NetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: words("Construire le graphe routier d'un extrait OpenStreetMap (GeoPackage, couches edges et nodes, EPSG:2154).")
    )

    @OptionGroup var street: OSMOptions

    @Option(name: .shortAndLong, help: words("GeoPackage de sortie."))
    var output: String

    func validate() throws {
        try validating {
            try CommandSettings.outputFile(
                output, option: "-o", endsIn: [".gpkg"],
                expected: "un GeoPackage (.gpkg), qui contient les deux couches")
        }
    }

    func run() throws { try reportingErrors { say(try NetworkExport.writeGraph(source: street.source, mode: street.mode, to: output)) } }
}

struct TravelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "travel",
        abstract: words("Temps de trajet dans les rues entre deux ensembles de points (CSV : une ligne par paire).")
    )

    @OptionGroup var street: OSMOptions

    @Option(
        help: words("Origines : points (GeoJSON, GeoPackage…) ou CSV avec latitude et longitude ; identifiants d'une colonne id, sinon le nom, sinon la ligne.")
    )
    var from: String

    @Option(help: words("Destinations, comme --from."))
    var to: String

    @OptionGroup var workers: ThreadOptions

    @Option(name: .shortAndLong, help: words("CSV de sortie."))
    var output: String

    func validate() throws {
        try validating { try CommandSettings.outputFile(output, option: "-o", endsIn: [".csv"], expected: "un fichier .csv") }
    }

    func run() throws {
        try reportingErrors {
            say(try NetworkExport.writeTravelTable(source: street.source, mode: street.mode, from: from, to: to, threads: workers.threads, output: output))
        }
    }
}
