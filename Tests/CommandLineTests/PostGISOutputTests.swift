import Foundation
import GeoBindings
import TestSupport
import Testing

/// Formats chosen as ogr2ogr users choose them (`--format` or the destination), and the
/// PostGIS output tested against a real PostgreSQL/PostGIS server started for the test.
@Suite(.serialized) struct OutputFormatTests {
    let bondy = Fixtures.scoreBondyArguments

    /// The scores of a written layer, by IRIS code.
    func scores(_ destination: String, layer name: String) throws -> [String: Double] {
        let layer = try VectorDataset(path: destination).layer(named: name)
        let code = try #require(layer.fields.first { $0.name == "code_iris" }).index
        let score = try #require(layer.fields.first { $0.name == "score_risque" }).index
        var scores: [String: Double] = [:]
        try layer.forEachFeature { feature in
            if let id = feature.string(code) { scores[id] = feature.double(score) }
        }
        return scores
    }

    @Test func formatNamedOrImplied() throws {
        #expect(OutputFormat.implied(by: "a/b.GPKG") == .geoPackage)
        #expect(OutputFormat.implied(by: "PG:dbname=x") == .postGIS)
        #expect(OutputFormat.implied(by: "zones.dat") == nil)
        #expect(OutputFormat.named("ESRI Shapefile") == .shapefile && OutputFormat.named("shp") == .shapefile)
        #expect(OutputFormat.named("postgresql") == .postGIS && OutputFormat.named("PG") == .postGIS)
        #expect(OutputFormat.named("KML") == nil)
        #expect((try? OutputFormat.resolve(destination: "zones.dat", requested: "gpkg").get()) == .geoPackage)
        #expect((try? OutputFormat.resolve(destination: "zones.geojson", requested: "GPKG").get()) == nil)
        #expect((try? OutputFormat.resolve(destination: "zones.dat", requested: "PostgreSQL").get()) == nil)
        #expect((try? OutputFormat.resolve(destination: "zones", requested: "shp").get()) == nil)
        #expect(VectorWriter.redacted("PG:dbname=x password=s3cret host=h") == "PG:dbname=x password=*** host=h")
        #expect(VectorWriter.redacted("PG:dbname=x password='a b' host=h") == "PG:dbname=x password=*** host=h")
    }

    /// `--format GPKG` writes a GeoPackage whatever the name; contradictions and options that
    /// only PostGIS takes are usage errors (exit 2) that write nothing.
    @Test func formatOptionOnTheCommandLine() throws {
        let folder = try Fixtures.temporaryFolder()
        let out = folder.appendingPathComponent("zones.dat").path
        let run = try Fixtures.run(bondy + ["-o", out, "--format", "GPKG"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try VectorDataset(path: out).driverName == "GPKG")
        #expect(try scores(out, layer: "zones_risque").count == 22)
        for (arguments, message) in [
            (["-o", folder.appendingPathComponent("z.geojson").path, "--format", "GPKG"], "--format GPKG mais"),
            (["-o", folder.appendingPathComponent("z.txt").path], "format de"),
            (["-o", folder.appendingPathComponent("z.gpkg").path, "--format", "KML"], "--format KML inconnu"),
            (["-o", folder.appendingPathComponent("z.gpkg").path, "--table", "t"], "--table nomme une table PostGIS"),
            (["-o", folder.appendingPathComponent("z.gpkg").path, "--overwrite"], "--overwrite remplace une table PostGIS"),
            (["-o", "PG:dbname=x password=s3cret", "--crs", "EPSG:2154", "--format", "CSV"], "est une chaîne de connexion PG:"),
        ] {
            let refused = try Fixtures.run(bondy + arguments)
            #expect(refused.status == 2, "\(arguments): \(refused.stderr)")
            #expect(refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
            #expect(!refused.stderr.contains("s3cret"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["zones.dat"])
    }

    /// Scored zones into PostGIS: the same values as the GeoPackage, in Lambert-93, with the
    /// credits as the table's comment and QGIS's default style in `layer_styles`; an existing
    /// table is kept unless `--overwrite`; a failure rolls the whole table back.
    @Test(.enabled(if: PostGISServer.testsShouldRun, "PostgreSQL and PostGIS not installed"))
    func scoredZonesIntoPostGIS() throws {
        let server = try PostGISServer()
        let folder = try Fixtures.temporaryFolder()
        let gpkg = folder.appendingPathComponent("bondy.gpkg").path
        #expect(try Fixtures.run(bondy + ["-o", gpkg]).status == 0)

        let first = try Fixtures.run(bondy + ["-o", server.connection])
        #expect(first.status == 0, "\(first.stderr)")
        let expected = try scores(gpkg, layer: "zones_risque")
        #expect(expected.count == 22)
        #expect(try scores(server.connection, layer: "zones_risque") == expected)
        #expect(try server.psql("SELECT DISTINCT ST_SRID(geom) FROM zones_risque") == "2154")
        #expect(try server.psql("SELECT obj_description('zones_risque'::regclass)").contains("Filosofi 2019"))
        let style = try server.psql(
            "SELECT f_table_schema || '|' || f_geometry_column || '|' || useasdefault || '|' || (styleqml::text LIKE '%classe_risque%') FROM layer_styles WHERE f_table_name = 'zones_risque'"
        )
        #expect(style == "public|geom|true|true")
        // The areas are those of the GeoPackage's shapes (same CRS, same rings).
        let area = Double(try server.psql("SELECT round(sum(ST_Area(geom))) FROM zones_risque")) ?? 0
        #expect(abs(area - 5_470_000) < 100_000, "Bondy is about 5.47 km²: \(area)")

        // Without --overwrite an existing table is an error, and it is left as it was.
        let again = try Fixtures.run(bondy + ["-o", server.connection])
        #expect(again.status == 1)
        #expect(again.stderr.contains("la table zones_risque existe déjà") && again.stderr.contains("--overwrite"), "\(again.stderr)")
        #expect(try server.psql("SELECT count(*) FROM zones_risque") == "22")

        // A failure after the features are written (a foreign layer_styles table without
        // QGIS's columns) rolls back: the old table stays whole, nothing half-written.
        try server.psql("ALTER TABLE layer_styles RENAME TO qgis_styles; CREATE TABLE layer_styles (x integer)")
        let two = ["score", "--cells", Fixtures.bondyCells, "--zones", Fixtures.iris93, "--where", "INSEE_COM IN ('93010', '93008')"]
        let failed = try Fixtures.run(two + ["-o", server.connection, "--overwrite"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("PostgreSQL:"), "\(failed.stderr)")
        // The message names the table and the statement that failed.
        #expect(failed.stderr.contains("table zones_risque, instruction « ") && failed.stderr.contains("layer_styles"), "\(failed.stderr)")
        #expect(try server.psql("SELECT count(*) FROM zones_risque") == "22")
        try server.psql("DROP TABLE layer_styles; ALTER TABLE qgis_styles RENAME TO layer_styles")
        let replaced = try Fixtures.run(two + ["-o", server.connection, "--overwrite"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(Int(try server.psql("SELECT count(*) FROM zones_risque")) ?? 0 > 22)
        // One default style for the table, the replaced run's.
        #expect(try server.psql("SELECT count(*) FROM layer_styles WHERE f_table_name = 'zones_risque' AND useasdefault") == "1")

        // Read back by `map` from the database (the scored table found among the others, or
        // named with tables=): the same map as from the GeoPackage of the same run.
        let twoGPKG = folder.appendingPathComponent("deux.gpkg").path
        #expect(try Fixtures.run(two + ["-o", twoGPKG]).status == 0)
        var maps: [Data] = []
        for (name, scored) in [("gpkg", twoGPKG), ("pg", server.connection), ("pg-table", server.connection + " tables=zones_risque")] {
            let svg = folder.appendingPathComponent("carte-\(name).svg").path
            let drawn = try Fixtures.run(["map", "--scored", scored, "-o", svg, "--date", "2026-11-24"])
            #expect(drawn.status == 0, "\(name): \(drawn.stderr)")
            maps.append((try? Data(contentsOf: URL(fileURLWithPath: svg))) ?? Data())
        }
        #expect(!maps[0].isEmpty && maps[1] == maps[0] && maps[2] == maps[0])
        #expect(String(decoding: maps[1], as: UTF8.self).contains("Filosofi 2019"))

        // Another schema and table, in another CRS; a missing schema is PostgreSQL's own message.
        let aggregate = [
            "aggregate", "--cells", Fixtures.bondyCells, "--zones", Fixtures.iris93, "--where", "INSEE_COM = '93010'", "--vars", "men,men_pauv",
            "-o", server.connection, "--table", "etudes.menages", "--crs", "EPSG:3857",
        ]
        let noSchema = try Fixtures.run(aggregate)
        #expect(noSchema.status == 1 && noSchema.stderr.contains("schema \"etudes\" does not exist"), "\(noSchema.stderr)")
        try server.psql("CREATE SCHEMA etudes")
        let aggregated = try Fixtures.run(aggregate)
        #expect(aggregated.status == 0, "\(aggregated.stderr)")
        #expect(try server.psql("SELECT count(*), min(ST_SRID(geom)) FROM etudes.menages") == "22|3857")
        #expect(try server.psql("SELECT round(sum(men_pauv)) > 0 FROM etudes.menages") == "t")

        // A database without the postgis extension would store the shapes as bytea: refused,
        // nothing written.
        try server.psql("CREATE DATABASE sans_postgis")
        let plain = server.connection.replacingOccurrences(of: "dbname=postgres", with: "dbname=sans_postgis")
        let noExtension = try Fixtures.run(bondy + ["-o", plain])
        #expect(noExtension.status == 1 && noExtension.stderr.contains("n'a pas l'extension postgis"), "\(noExtension.stderr)")
        #expect(try server.psql("SELECT count(*) FROM pg_database WHERE datname = 'sans_postgis'") == "1")

        // A database that does not exist: the message says so, without the password.
        let wrong = try Fixtures.run(bondy + ["-o", server.connection.replacingOccurrences(of: "dbname=postgres", with: "dbname=absente password=s3cret")])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("database \"absente\" does not exist") && !wrong.stderr.contains("s3cret"), "\(wrong.stderr)")
    }
}
