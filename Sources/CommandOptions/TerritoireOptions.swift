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
        help: words("Communes, par code ou par nom (séparées par des virgules ou des espaces)."))
    public var communes: [String] = []

    @Option(help: words("SIREN d'un EPCI (avec --epci-table)."))
    public var epci: String?

    @Option(
        name: .customLong("epci-table"),
        help: words(
            "Table des communes et de leur EPCI : celle de l'Insee (CODGEO, EPCI ; CSV ou XLSX) ou la couche COMMUNE d'Admin Express (INSEE_COM, SIREN_EPCI)."))
    public var epciTable: String?

    @Option(help: words("Un département entier (93, 2A, 971…)."))
    public var departement: String?

    @Option(help: words("Carreaux Filosofi de 200 m, fichier national (CSV ou GeoPackage)."))
    public var carreaux: String

    @Option(
        help: words("Contours IRIS de l'IGN : GeoPackage, shapefile ou le dossier de l'archive."))
    public var iris: String

    @Option(help: words("Export Cafdata national (CSV)."))
    public var cafdata: String?

    @Option(help: words("Extrait OpenStreetMap d'une région ou du pays (.osm.pbf)."))
    public var osm: String?

    @Option(help: words("Nom du territoire (par défaut : d'après ses communes)."))
    public var nom: String?

    @Option(
        help: words("Correspondance des catégories de lieux (par défaut : Data/poi_categories.csv)."))
    public var categories: String?

    @Option(name: .shortAndLong, help: words("Dossier du territoire à écrire."))
    public var output: String

    @Flag(
        name: .customLong("sans-osmium"),
        help: words("Découper l'extrait avec GDAL même si osmium-tool est installé (les rues seulement)."))
    public var withoutOsmium = false

    @OptionGroup public var force: ForceFlag

    @OptionGroup public var date: DateOption

    public func validate() throws {
        let given = [!communes.isEmpty, epci != nil, departement != nil].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError(
                words("donnez le territoire par une seule de --communes, --epci ou --departement"))
        }
        if epci != nil && epciTable == nil {
            throw ValidationError(words("--epci demande --epci-table"))
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
