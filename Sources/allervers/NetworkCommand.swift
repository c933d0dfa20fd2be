import ArgumentParser
import Foundation
import Support
import Workflows

/// The options that pick a street network and a travel profile, shared by `network`,
/// `travel`, `plan` and `siting`.
struct StreetOptions: ParsableArguments {
    @Option(
        name: .long,
        help: fr(
            "Profils de déplacement dans les rues (TOML, par défaut : Data/network.toml).",
            en: "Profiles of travel on the streets (TOML, default: Data/network.toml)."))
    var profiles: String?

    /// The extract's source with these profiles.
    func source(osm: String) throws -> StreetNetworkSource {
        try StreetNetworkSource(path: osm, profilesPath: profiles)
    }
}

struct NetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: fr(
            "Construire le graphe routier d'un extrait OpenStreetMap (GeoPackage, couches edges et nodes, EPSG:2154).",
            en: "Build the routable street graph of an OpenStreetMap extract (GeoPackage, layers edges and nodes, EPSG:2154).")
    )

    @Option(
        name: .long,
        help: fr(
            "Extrait OpenStreetMap : .osm.pbf, .osm, ou une couche de lignes avec un champ highway (GeoJSON d'overpass…).",
            en: "OpenStreetMap extract: .osm.pbf, .osm, or a line layer with a highway field (overpass GeoJSON…)."))
    var osm: String

    @Option(
        name: .long,
        help: fr(
            "Profil de déplacement : car (voiture), walk (à pied) ou bus (voir Data/network.toml).",
            en: "Travel profile: car, walk or bus (see Data/network.toml)."))
    var mode: String = "car"

    @OptionGroup var street: StreetOptions

    @Option(name: .shortAndLong, help: fr("GeoPackage de sortie.", en: "Output GeoPackage."))
    var output: String

    func validate() throws {
        guard output.lowercased().hasSuffix(".gpkg") else {
            throw ValidationError(
                fr("-o doit nommer un GeoPackage (.gpkg), qui contient les deux couches", en: "-o must name a GeoPackage (.gpkg), which holds both layers"))
        }
    }

    func run() throws {
        try reportingErrors {
            let message = try NetworkExport.writeGraph(source: street.source(osm: osm), mode: mode, to: output)
            FileHandle.standardError.write(Data(message.utf8))
        }
    }
}

struct TravelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "travel",
        abstract: fr(
            "Temps de trajet dans les rues entre deux ensembles de points (CSV : une ligne par paire).",
            en: "Travel times on the streets between two sets of points (CSV: one row per pair).")
    )

    @Option(
        name: .long,
        help: fr(
            "Extrait OpenStreetMap : .osm.pbf, .osm, ou une couche de lignes avec un champ highway.",
            en: "OpenStreetMap extract: .osm.pbf, .osm, or a line layer with a highway field."))
    var osm: String

    @Option(
        name: .long,
        help: fr(
            "Profil de déplacement : car (voiture), walk (à pied) ou bus (voir Data/network.toml).",
            en: "Travel profile: car, walk or bus (see Data/network.toml)."))
    var mode: String = "car"

    @OptionGroup var street: StreetOptions

    @Option(
        name: .long,
        help: fr(
            "Origines : points (GeoJSON, GeoPackage…) ou CSV avec latitude et longitude ; identifiants d'une colonne id, sinon le nom, sinon la ligne.",
            en: "Origins: points (GeoJSON, GeoPackage…) or CSV with latitude and longitude; ids from an id column, else the name, else the row."))
    var from: String

    @Option(name: .long, help: fr("Destinations, comme --from.", en: "Destinations, as --from."))
    var to: String

    @OptionGroup var workers: ThreadOptions

    @Option(name: .shortAndLong, help: fr("CSV de sortie.", en: "Output CSV."))
    var output: String

    func validate() throws {
        guard output.lowercased().hasSuffix(".csv") else { throw ValidationError(fr("-o doit nommer un fichier .csv", en: "-o must name a .csv file")) }
    }

    func run() throws {
        try reportingErrors {
            let message = try NetworkExport.writeTravelTable(
                source: street.source(osm: osm), mode: mode, from: from, to: to, threads: workers.threads, output: output
            )
            FileHandle.standardError.write(Data(message.utf8))
        }
    }
}
