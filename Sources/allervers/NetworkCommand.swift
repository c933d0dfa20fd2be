import ArgumentParser
import CommandOptions
import Support
import Workflows

struct NetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: fr(
            "Construire le graphe routier d'un extrait OpenStreetMap (GeoPackage, couches edges et nodes, EPSG:2154).",
            en: "Build the routable street graph of an OpenStreetMap extract (GeoPackage, layers edges and nodes, EPSG:2154).")
    )

    @OptionGroup var street: OSMOptions

    @Option(name: .shortAndLong, help: fr("GeoPackage de sortie.", en: "Output GeoPackage."))
    var output: String

    func validate() throws {
        try validating {
            try CommandSettings.outputFile(
                output, option: "-o", endsIn: [".gpkg"],
                expected: ("un GeoPackage (.gpkg), qui contient les deux couches", "a GeoPackage (.gpkg), which holds both layers"))
        }
    }

    func run() throws { try reportingErrors { say(try NetworkExport.writeGraph(source: street.source, mode: street.mode, to: output)) } }
}

struct TravelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "travel",
        abstract: fr(
            "Temps de trajet dans les rues entre deux ensembles de points (CSV : une ligne par paire).",
            en: "Travel times on the streets between two sets of points (CSV: one row per pair).")
    )

    @OptionGroup var street: OSMOptions

    @Option(
        help: fr(
            "Origines : points (GeoJSON, GeoPackage…) ou CSV avec latitude et longitude ; identifiants d'une colonne id, sinon le nom, sinon la ligne.",
            en: "Origins: points (GeoJSON, GeoPackage…) or CSV with latitude and longitude; ids from an id column, else the name, else the row."))
    var from: String

    @Option(help: fr("Destinations, comme --from.", en: "Destinations, as --from."))
    var to: String

    @OptionGroup var workers: ThreadOptions

    @Option(name: .shortAndLong, help: fr("CSV de sortie.", en: "Output CSV."))
    var output: String

    func validate() throws {
        try validating { try CommandSettings.outputFile(output, option: "-o", endsIn: [".csv"], expected: ("un fichier .csv", "a .csv file")) }
    }

    func run() throws {
        try reportingErrors {
            say(try NetworkExport.writeTravelTable(source: street.source, mode: street.mode, from: from, to: to, threads: workers.threads, output: output))
        }
    }
}
