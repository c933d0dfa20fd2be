import ArgumentParser
import CommandOptions
import Extraction
import Foundation
import Support
import Workflows

/// `allervers territoire`: a territory folder from the national files.
struct TerritoireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "territoire",
        abstract: fr(
            "Faire le dossier d'un territoire depuis les fichiers nationaux : carreaux, contours IRIS, Cafdata et extrait OpenStreetMap découpés, lieux trouvés, fichier de territoire commenté.",
            en: "Make a territory folder from the national files: cells, IRIS contours, Cafdata and OpenStreetMap extract cut, places found, a commented territory file."),
        discussion: fr(
            "Exemple : allervers territoire --communes 11049,Alzonne --carreaux carreaux_200m_met.csv --iris CONTOURS-IRIS.gpkg --osm languedoc-roussillon-latest.osm.pbf -o bram ; puis allervers run bram/territory.toml.",
            en: "Example: allervers territoire --communes 11049,Alzonne --carreaux carreaux_200m_met.csv --iris CONTOURS-IRIS.gpkg --osm languedoc-roussillon-latest.osm.pbf -o bram; then allervers run bram/territory.toml.")
    )

    @Option(
        parsing: .upToNextOption,
        help: fr("Communes, par code ou par nom (séparées par des virgules ou des espaces).", en: "Communes, by code or name (comma- or space-separated)."))
    var communes: [String] = []

    @Option(help: fr("SIREN d'un EPCI (avec --epci-table).", en: "An EPCI's SIREN (with --epci-table)."))
    var epci: String?

    @Option(
        name: .customLong("epci-table"),
        help: fr(
            "Table des communes et de leur EPCI : celle de l'Insee (CODGEO, EPCI ; CSV ou XLSX) ou la couche COMMUNE d'Admin Express (INSEE_COM, SIREN_EPCI).",
            en: "Table of communes and their EPCI: INSEE's (CODGEO, EPCI; CSV or XLSX) or Admin Express's COMMUNE layer (INSEE_COM, SIREN_EPCI)."))
    var epciTable: String?

    @Option(help: fr("Un département entier (93, 2A, 971…).", en: "A whole département (93, 2A, 971…)."))
    var departement: String?

    @Option(help: fr("Carreaux Filosofi de 200 m, fichier national (CSV ou GeoPackage).", en: "Filosofi 200 m cells, national file (CSV or GeoPackage)."))
    var carreaux: String

    @Option(
        help: fr(
            "Contours IRIS de l'IGN : GeoPackage, shapefile ou le dossier de l'archive.", en: "IGN's Contours IRIS: GeoPackage, shapefile or the archive's folder."))
    var iris: String

    @Option(help: fr("Export Cafdata national (CSV).", en: "National Cafdata export (CSV)."))
    var cafdata: String?

    @Option(help: fr("Extrait OpenStreetMap d'une région ou du pays (.osm.pbf).", en: "OpenStreetMap extract of a region or the country (.osm.pbf)."))
    var osm: String?

    @Option(help: fr("Nom du territoire (par défaut : d'après ses communes).", en: "Territory name (default: from its communes)."))
    var nom: String?

    @Option(
        help: fr(
            "Correspondance des catégories de lieux (par défaut : Data/poi_categories.csv).", en: "Category mapping for places (default: Data/poi_categories.csv)."))
    var categories: String?

    @Option(name: .shortAndLong, help: fr("Dossier du territoire à écrire.", en: "Territory folder to write."))
    var output: String

    @Flag(
        name: .customLong("sans-osmium"),
        help: fr(
            "Découper l'extrait avec GDAL même si osmium-tool est installé (les rues seulement).",
            en: "Cut the extract with GDAL even when osmium-tool is installed (streets only)."))
    var withoutOsmium = false

    @OptionGroup var force: ForceFlag

    @OptionGroup var date: DateOption

    func validate() throws {
        let given = [!communes.isEmpty, epci != nil, departement != nil].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError(
                fr("donnez le territoire par une seule de --communes, --epci ou --departement", en: "name the territory by one of --communes, --epci or --departement"))
        }
        if epci != nil && epciTable == nil {
            throw ValidationError(fr("--epci demande --epci-table", en: "--epci needs --epci-table"))
        }
    }

    func run() throws {
        try reportingErrors {
            let selection: TerritorySelection =
                if let epci, let epciTable { .epci(siren: epci, table: epciTable) } else if let departement { .departement(departement) } else {
                    .communes(communes.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty })
                }
            try MapRun.validateDate(date.date)
            let made = try TerritoryMaking.make(
                TerritoryMaking.Request(
                    selection: selection, name: nom, cells: carreaux, iris: iris, cafdata: cafdata, osm: osm, categories: categories,
                    output: output, force: force.force, useOsmium: !withoutOsmium, date: date.date ?? MapRun.productionDate()))
            FileHandle.standardOutput.write(Data(TerritoryMaking.text(made).utf8))
        }
    }
}
