import Foundation
import GeoBindings
import TestSupport
import Testing

/// `allervers territoire` end to end: national-layout files (a contours folder as IGN's archive
/// unpacks, one cells CSV for Bondy and the Aude villages, Cafdata of département 93, an OSM
/// XML extract), then `run` on the folder it made.
@Suite(.serialized) struct TerritoireCommandTests {
    /// The national files, made once.
    static let national: (contours: String, cells: String)? = {
        guard let base = try? Fixtures.temporaryFolder() else { return nil }
        let folder = base.appendingPathComponent("CONTOURS-IRIS/1_DONNEES_LIVRAISON")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try VectorTranslate.run(
                VectorDataset(path: Fixtures.iris93), to: folder.appendingPathComponent("CONTOURS-IRIS_93.shp").path, arguments: ["-f", "ESRI Shapefile"])
            try VectorTranslate.run(
                VectorDataset(path: Fixtures.data("aude/communes_bram.geojson")), to: folder.appendingPathComponent("CONTOURS-IRIS_11.gpkg").path,
                arguments: ["-f", "GPKG", "-t_srs", "EPSG:2154"])
            let cells = try Fixtures.nationalCells()
            return (base.appendingPathComponent("CONTOURS-IRIS").path, cells)
        } catch { return nil }
    }()

    @Test func aCityFromTheNationalFilesThenItsRun() throws {
        let national = try #require(Self.national)
        let base = try Fixtures.temporaryFolder()
        let folder = base.appendingPathComponent("bondy").path
        let made = try Fixtures.run([
            "territoire", "--communes", "Bondy", "--carreaux", national.cells, "--iris", national.contours, "--cafdata", Fixtures.caf93,
            "--osm", Fixtures.osm("bondy_nord.osm"), "--sans-osmium", "-o", folder, "--date", "2026-12-07",
        ])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("iris.gpkg : 22 zones de 1 commune"))
        #expect(made.stdout.contains("carreaux.csv : 164 carreaux de 200 m sur 1257"))
        #expect(made.stdout.contains("cafdata.csv : 5 lignes sur 195"))
        #expect(made.stdout.contains("Ensuite : allervers run"))
        for file in ["iris.gpkg", "carreaux.csv", "cafdata.csv", "rues_osm.gpkg", "lieux_osm.csv", "territory.toml"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(file)")
        }
        let toml = try String(contentsOfFile: folder + "/territory.toml", encoding: .utf8)
        #expect(toml.contains("name = \"Bondy (93010)\"") && toml.contains("path = \"iris.gpkg\"") && toml.contains("points = []"))
        let run = try Fixtures.run(["run", folder + "/territory.toml", "-o", base.appendingPathComponent("sorties").path, "--date", "2026-12-07"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Bondy (93010) : 22 zones"))
        #expect(FileManager.default.fileExists(atPath: base.appendingPathComponent("sorties/dossier.pdf").path))
    }

    /// With osmium-tool (which CI installs), the extract is cut into a new `.osm.pbf` that
    /// holds the streets and the places, and the run routes along its streets.
    @Test func theExtractCutByOsmium() throws {
        let osmium = ["/usr/bin/osmium", "/usr/local/bin/osmium"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard osmium != nil || ProcessInfo.processInfo.environment["CI"] != nil else { return }
        let national = try #require(Self.national)
        let base = try Fixtures.temporaryFolder()
        let folder = base.appendingPathComponent("bondy").path
        let made = try Fixtures.run([
            "territoire", "--communes", "93010", "--carreaux", national.cells, "--iris", national.contours, "--osm", Fixtures.osm("bondy_nord.osm"),
            "-o", folder, "--date", "2026-12-07",
        ])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("extrait_osm.osm.pbf : les rues du territoire et de 30 km autour ; découpe : osmium extract"))
        #expect(made.stdout.contains("lieux_osm.csv : 10 lieux (10 sortie d'école)"))
        let toml = try String(contentsOfFile: folder + "/territory.toml", encoding: .utf8)
        #expect(toml.contains("path = \"extrait_osm.osm.pbf\""))
        let run = try Fixtures.run(["run", folder + "/territory.toml", "-o", base.appendingPathComponent("sorties").path, "--date", "2026-12-07"])
        #expect(run.status == 0, "\(run.stderr)")
        let record = try String(contentsOfFile: base.appendingPathComponent("sorties/run.json").path, encoding: .utf8)
        #expect(record.contains("par les rues"), "the plan's travel goes along the extract's streets")
    }

    /// Villages with no Cafdata and no extract: the folder says what is missing, the territory
    /// file leaves the tour for when places are listed, and the run goes through.
    @Test func villagesWithoutCafdataNorExtract() throws {
        let national = try #require(Self.national)
        let base = try Fixtures.temporaryFolder()
        let folder = base.appendingPathComponent("bram").path
        let made = try Fixtures.run([
            "territoire", "--communes", "Bram, Alzonne", "villesiscle", "--carreaux", national.cells, "--iris", national.contours, "-o", folder,
            "--date", "2026-12-07",
        ])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("3 zones de 3 communes"))
        #expect(made.stdout.contains("À compléter") && made.stdout.contains("Cafdata") && made.stdout.contains("OpenStreetMap"))
        let toml = try String(contentsOfFile: folder + "/territory.toml", encoding: .utf8)
        #expect(toml.contains("# [caf]") && toml.contains("# [plan]") && toml.contains("points = []"))
        let run = try Fixtures.run(["run", folder + "/territory.toml", "-o", base.appendingPathComponent("sorties").path, "--date", "2026-12-07"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("3 zones"))
        let siting = try String(contentsOfFile: base.appendingPathComponent("sorties/implantation/siting.md").path, encoding: .utf8)
        #expect(siting.contains("30 min en voiture"))
    }

    /// Contours in longitude and latitude (the Aude communes as a GeoJSON): the margins stay
    /// distances; an extract of another region is refused at once, with GDAL or osmium.
    @Test func contoursInDegreesAndAnExtractOfAnotherRegion() throws {
        let base = try Fixtures.temporaryFolder()
        let contours = Fixtures.data("aude/communes_bram.geojson"), cells = Fixtures.data("aude/carreaux_filosofi2019_bram.csv")
        let made = try Fixtures.run(["territoire", "--departement", "11", "--carreaux", cells, "--iris", contours, "-o", base.appendingPathComponent("a").path])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("20 zones de 20 communes") && made.stdout.contains("carreaux.csv : 1093 carreaux de 200 m sur 1093"), "\(made.stdout)")
        for tool in [["--sans-osmium"], []] {
            let folder = base.appendingPathComponent("b\(tool.count)").path
            let elsewhere = try Fixtures.run(
                ["territoire", "--departement", "11", "--carreaux", cells, "--iris", contours, "--osm", Fixtures.osm("bondy_nord.osm"), "-o", folder] + tool)
            #expect(elsewhere.status == 1 && elsewhere.stderr.contains("un extrait d'une autre région"), "\(elsewhere.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder))
        }
    }

    @Test func aTerritoryNamedTwiceOrUnknownIsRefusedWithoutAFolder() throws {
        let national = try #require(Self.national)
        let folder = try Fixtures.temporaryFolder().appendingPathComponent("x").path
        let twice = try Fixtures.run([
            "territoire", "--communes", "93010", "--departement", "93", "--carreaux", national.cells, "--iris", national.contours, "-o", folder,
        ])
        #expect(twice.status == 2 && twice.stderr.contains("une seule de --communes, --epci ou --departement"), "\(twice.stderr)")
        let unknown = try Fixtures.run(["territoire", "--communes", "Bondi", "--carreaux", national.cells, "--iris", national.contours, "-o", folder])
        #expect(
            unknown.status == 1 && unknown.stderr.contains("aucune commune nommée « Bondi »") && unknown.stderr.contains("Bondy (93010)"), "\(unknown.stderr)")
        let elsewhere = try Fixtures.run([
            "territoire", "--communes", "93010", "--carreaux", Fixtures.data("aude/carreaux_filosofi2019_bram.csv"), "--iris", national.contours, "-o", folder,
        ])
        #expect(elsewhere.status == 1 && elsewhere.stderr.contains("une autre région"), "\(elsewhere.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
