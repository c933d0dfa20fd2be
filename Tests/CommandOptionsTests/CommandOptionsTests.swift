import ArgumentParser
import CommandOptions
import Exports
import Foundation
import GeoBindings
import Support
import Testing
import Workflows

/// The shared option groups, parsed in-process as the commands parse them: what they accept,
/// what they refuse and the values they hand to the workflows.
@Suite struct SharedOptionTests {
    /// The parser's message for arguments that `T` refuses, or nil when it accepts them.
    func refusal<T: ParsableArguments>(_ type: T.Type, _ arguments: [String]) -> String? {
        do {
            _ = try T.parse(arguments)
            return nil
        } catch {
            return T.message(for: error)
        }
    }

    @Test func aZoneTableGoesWhereItsExtensionSays() throws {
        let csv = try ZoneOutputOptions.parse(["-o", "zones.csv"]).zoneOutput(threads: 1)
        #expect(csv.format == .csv && csv.layerName == nil && !csv.replacingTable)
        let postGIS = try ZoneOutputOptions.parse(["-o", "PG:dbname=x", "--table", "travail.zones", "--overwrite"]).zoneOutput(threads: 1)
        #expect(postGIS.format == .postGIS && postGIS.layerName == "travail.zones" && postGIS.replacingTable)
        let forced = try ZoneOutputOptions.parse(["-o", "zones.data", "--format", "GPKG"]).zoneOutput(threads: 1)
        #expect(forced.format == .geoPackage)
    }

    @Test func postGISOptionsOnAFileAreRefused() {
        #expect(refusal(ZoneOutputOptions.self, ["-o", "zones.gpkg", "--table", "t"])?.contains("--table") == true)
        #expect(refusal(ZoneOutputOptions.self, ["-o", "zones.gpkg", "--overwrite"])?.contains("--overwrite") == true)
        #expect(refusal(ZoneOutputOptions.self, ["-o", "PG:dbname=x", "--table", "schema."])?.contains("schema.") == true)
        // PostgreSQL's catalogue is refused before any connection, replaced or not.
        for table in ["pg_catalog.pg_class", "PG_CATALOG.zones", "information_schema.tables", "pg_toast.x", "\"pg_catalog\".pg_class"] {
            #expect(
                refusal(ZoneOutputOptions.self, ["-o", "PG:dbname=x", "--table", table, "--overwrite"])?.contains("catalogue de PostgreSQL") == true, "\(table)"
            )
        }
        #expect(refusal(ZoneOutputOptions.self, ["-o", "zones.csv", "--crs", "EPSG:3857"]) != nil)
        #expect(refusal(ZoneOutputOptions.self, ["-o", "zones.docx"]) != nil)
    }

    @Test func threadsAndDatesAreCheckedWhenParsed() throws {
        #expect(try ThreadOptions.parse([]).requestedThreads == nil)
        #expect(try ThreadOptions.parse(["--threads", "3"]).requestedThreads == 3)
        #expect(refusal(ThreadOptions.self, ["--threads", "0"])?.contains("--threads") == true)
        #expect(try DateOption.parse(["--date", "2024-02-29"]).date == "2024-02-29")
        #expect(refusal(DateOption.self, ["--date", "2023-02-29"])?.contains("2023-02-29") == true)
        #expect(refusal(DateOption.self, ["--date", "0000-02-01"]) != nil)
    }

    @Test func folderOutputsAndNetworksParseTheirParts() throws {
        let folder = try OutputFolderOptions.parse(["-o", "tournee", "--force", "--xlsx"])
        #expect(folder.output == "tournee" && folder.force.force && folder.xlsx)
        let network = try NetworkOptions.parse(["--network", "rues.osm.pbf", "--profiles", "profils.toml"])
        #expect(network.network == "rues.osm.pbf" && network.street.profiles == "profils.toml")
        let osm = try OSMOptions.parse(["--osm", "rues.osm.pbf"])
        #expect(osm.mode == "car" && osm.street.profiles == nil)
        let zones = try CellsAndZonesOptions.parse(["--cells", "c.csv", "--zones", "z.gpkg", "--where", "INSEE_COM = '93010'", "--repair"])
        #expect(zones.zoneSource.path == "z.gpkg" && zones.zoneSource.whereClause == "INSEE_COM = '93010'" && zones.zoneSource.repair)
    }
}

/// The parser's English headings and messages, rewritten in French.
@Suite struct ParserFrenchTests {
    @Test func headingsAndMessagesAreTranslatedAndTheRestKept() {
        let text = """
            USAGE: allervers score --cells <cells>
            OPTIONS:
              -h, --help              Show help information.
            Error: Missing expected argument '--zones <zones>'
            See 'allervers score --help' for more information.
            Lit les carreaux.
            """
        let french = ParserFrench.translate(text)
        #expect(french.contains("UTILISATION : allervers score --cells <cells>"))
        #expect(french.contains("OPTIONS :") && french.contains("Afficher l'aide."))
        #expect(french.contains("erreur : argument attendu absent : « --zones <zones> »"))
        #expect(french.contains("Voir « allervers score --help » pour en savoir plus."))
        #expect(french.hasSuffix("Lit les carreaux."))
    }
}
