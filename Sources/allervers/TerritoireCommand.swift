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
        abstract: words(
            "Faire le dossier d'un territoire depuis les fichiers nationaux : carreaux, contours IRIS, Cafdata et extrait OpenStreetMap découpés, lieux trouvés, fichier de territoire commenté."
        ),
        discussion: words(
            "Exemple : allervers territoire --communes 11049,Alzonne --carreaux carreaux_200m_met.csv --iris CONTOURS-IRIS.gpkg --osm languedoc-roussillon-latest.osm.pbf -o bram ; puis allervers run bram/territory.toml."
        )
    )

    @OptionGroup var options: TerritoireOptions

    func run() throws {
        try reportingErrors { FileHandle.standardOutput.write(Data(TerritoryMaking.text(try TerritoryMaking.make(options.request())).utf8)) }
    }
}
