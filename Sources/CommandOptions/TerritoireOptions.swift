import ArgumentParser
import Extraction
import Foundation
import Support
import Workflows

/// The options of `allervers territoire`: the territory (communes, an EPCI or a département),
/// the national files, the folder to write.
public struct TerritoireOptions: ParsableArguments {
    public init() {}

    @Option(
        parsing: .upToNextOption,
        help: fr("Communes, par code ou par nom (séparées par des virgules ou des espaces).", en: "Communes, by code or name (comma- or space-separated)."))
    public var communes: [String] = []

    @Option(help: fr("SIREN d'un EPCI (avec --epci-table).", en: "An EPCI's SIREN (with --epci-table)."))
    public var epci: String?

    @Option(
        name: .customLong("epci-table"),
        help: fr(
            "Table des communes et de leur EPCI : celle de l'Insee (CODGEO, EPCI ; CSV ou XLSX) ou la couche COMMUNE d'Admin Express (INSEE_COM, SIREN_EPCI).",
            en: "Table of communes and their EPCI: INSEE's (CODGEO, EPCI; CSV or XLSX) or Admin Express's COMMUNE layer (INSEE_COM, SIREN_EPCI)."))
    public var epciTable: String?

    @Option(help: fr("Un département entier (93, 2A, 971…).", en: "A whole département (93, 2A, 971…)."))
    public var departement: String?

    @Option(help: fr("Carreaux Filosofi de 200 m, fichier national (CSV ou GeoPackage).", en: "Filosofi 200 m cells, national file (CSV or GeoPackage)."))
    public var carreaux: String

    @Option(
        help: fr(
            "Contours IRIS de l'IGN : GeoPackage, shapefile ou le dossier de l'archive.", en: "IGN's Contours IRIS: GeoPackage, shapefile or the archive's folder."))
    public var iris: String

    @Option(help: fr("Export Cafdata national (CSV).", en: "National Cafdata export (CSV)."))
    public var cafdata: String?

    @Option(help: fr("Extrait OpenStreetMap d'une région ou du pays (.osm.pbf).", en: "OpenStreetMap extract of a region or the country (.osm.pbf)."))
    public var osm: String?

    @Option(help: fr("Nom du territoire (par défaut : d'après ses communes).", en: "Territory name (default: from its communes)."))
    public var nom: String?

    @Option(
        help: fr(
            "Correspondance des catégories de lieux (par défaut : Data/poi_categories.csv).", en: "Category mapping for places (default: Data/poi_categories.csv)."))
    public var categories: String?

    @Option(name: .shortAndLong, help: fr("Dossier du territoire à écrire.", en: "Territory folder to write."))
    public var output: String

    @Flag(
        name: .customLong("sans-osmium"),
        help: fr(
            "Découper l'extrait avec GDAL même si osmium-tool est installé (les rues seulement).",
            en: "Cut the extract with GDAL even when osmium-tool is installed (streets only)."))
    public var withoutOsmium = false

    @OptionGroup public var force: ForceFlag

    @OptionGroup public var date: DateOption

    public func validate() throws {
        let given = [!communes.isEmpty, epci != nil, departement != nil].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError(
                fr("donnez le territoire par une seule de --communes, --epci ou --departement", en: "name the territory by one of --communes, --epci or --departement"))
        }
        if epci != nil && epciTable == nil {
            throw ValidationError(fr("--epci demande --epci-table", en: "--epci needs --epci-table"))
        }
    }


    /// The request the options make: the selection (a comma list of communes split), the date.
    public func request() throws -> TerritoryMaking.Request {
        let selection: TerritorySelection =
            if let epci, let epciTable { .epci(siren: epci, table: epciTable) } else if let departement { .departement(departement) } else {
                .communes(communes.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty })
            }
        try MapRun.validateDate(date.date)
        return TerritoryMaking.Request(
            selection: selection, name: nom, cells: carreaux, iris: iris, cafdata: cafdata, osm: osm, categories: categories, output: output,
            force: force.force, useOsmium: !withoutOsmium, date: date.date ?? MapRun.productionDate())
    }
}
