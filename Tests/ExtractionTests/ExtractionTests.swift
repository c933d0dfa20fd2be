import Extraction
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import TestSupport
import Testing

/// Cutting the national files: fixtures in the national layouts, made from the bundled Bondy
/// (département 93's IRIS, its cells and Cafdata) and Aude (20 communes) files.
@Suite struct CommuneSelectionTests {
    static let index = CommuneIndex(names: [
        "11049": "Bram", "11009": "Alzonne", "11352": "Saint-Martin-le-Vieil", "93010": "Bondy", "93064": "Saint-Martin", "11111": "Saint-Martin",
        "2A004": "Ajaccio",
    ])

    @Test func communesByCodeOrNameFoldedAsPlannersWriteThem() throws {
        let codes = try CommuneSelection.resolve(
            .communes(["11049", "ALZONNE", "saint martin le vieil", "2a004"]), index: Self.index, irisFile: "iris.gpkg")
        #expect(codes == ["11009", "11049", "11352", "2A004"])
    }

    @Test func anAmbiguousOrUnknownNameSaysWhatToWrite() throws {
        #expect {
            _ = try CommuneSelection.resolve(.communes(["Saint-Martin"]), index: Self.index, irisFile: "iris.gpkg")
        } throws: { error in
            "\(error)".contains("plusieurs communes portent ce nom") && "\(error)".contains("Saint-Martin (11111)") && "\(error)".contains("(93064)")
        }
        #expect {
            _ = try CommuneSelection.resolve(.communes(["Saint-Martin-le-Viel"]), index: Self.index, irisFile: "iris.gpkg")
        } throws: { error in
            "\(error)".hasPrefix("iris.gpkg") && "\(error)".contains("aucune commune nommée") && "\(error)".contains("Saint-Martin-le-Vieil (11352)")
        }
        #expect(throws: InputError.self) { _ = try CommuneSelection.resolve(.communes(["99999"]), index: Self.index, irisFile: "iris.gpkg") }
    }

    @Test func aDepartementTakesItsCommunes() throws {
        #expect(try CommuneSelection.resolve(.departement("11"), index: Self.index, irisFile: "f") == ["11009", "11049", "11111", "11352"])
        #expect(try CommuneSelection.resolve(.departement("2a"), index: Self.index, irisFile: "f") == ["2A004"])
        #expect(throws: InputError.self) { _ = try CommuneSelection.resolve(.departement("9"), index: Self.index, irisFile: "f") }
        #expect(throws: InputError.self) { _ = try CommuneSelection.resolve(.departement("75"), index: Self.index, irisFile: "f") }
    }

    /// INSEE's table opens with title rows before its header; IGN's layer has its own names.
    @Test func anEPCIFromINSEEsTableOrIGNs() throws {
        let insee = try Fixtures.temporaryFile(
            "epci.csv",
            contents: """
                Intercommunalité - Métropole au 01-01-2024;;;
                Source : Insee;;;
                ;;;
                CODGEO;LIBGEO;EPCI;LIBEPCI
                11049;Bram;200035715;CC Piège Lauragais Malepère
                11009;Alzonne;200035715;CC Piège Lauragais Malepère
                93010;Bondy;200054781;Métropole du Grand Paris
                11999;Absente;200035715;CC Piège Lauragais Malepère

                """)
        let codes = try CommuneSelection.resolve(.epci(siren: "200035715", table: insee), index: Self.index, irisFile: "iris.gpkg")
        #expect(codes == ["11009", "11049"])
        let ign = try Fixtures.temporaryFile("commune.csv", contents: "INSEE_COM,NOM,SIREN_EPCI\n93010,Bondy,200054781\n93064,Saint-Martin,200054781\n")
        #expect(try CommuneSelection.resolve(.epci(siren: "200054781", table: ign), index: Self.index, irisFile: "f") == ["93010", "93064"])
        #expect(throws: InputError.self) { _ = try CommuneSelection.resolve(.epci(siren: "123", table: ign), index: Self.index, irisFile: "f") }
        #expect(throws: InputError.self) { _ = try CommuneSelection.resolve(.epci(siren: "111111111", table: ign), index: Self.index, irisFile: "f") }
    }
}

@Suite struct NationalFilesCutTests {
    /// A national contours folder as IGN's archive unpacks: a shapefile of département 93 and a
    /// GeoPackage of the Aude communes, deep in sub-folders.
    static func contoursFolder() throws -> String {
        let folder = try Fixtures.temporaryFolder().appendingPathComponent("CONTOURS-IRIS_2-1__SHP/1_DONNEES_LIVRAISON")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try VectorTranslate.run(
            VectorDataset(path: Fixtures.iris93), to: folder.appendingPathComponent("CONTOURS-IRIS_93.shp").path, arguments: ["-f", "ESRI Shapefile"])
        try VectorTranslate.run(
            VectorDataset(path: Fixtures.data("aude/communes_bram.geojson")), to: folder.appendingPathComponent("aude.gpkg").path,
            arguments: ["-f", "GPKG", "-t_srs", "EPSG:2154"])
        return folder.deletingLastPathComponent().path
    }

    @Test func theContoursOfTheCommunesAskedFor() throws {
        let source = try IRISSource(path: Self.contoursFolder())
        let index = try source.communes()
        #expect(index.names["93010"] == "Bondy" && index.names["11049"] == "Bram")
        #expect(index.names.count == 40 + 20)
        let out = try Fixtures.temporaryFolder().appendingPathComponent("iris.gpkg").path
        #expect(try source.cut(communes: ["93010"], to: out) == 22)
        let layer = try VectorDataset(path: out).layer(at: 0)
        #expect(layer.name == "iris" && layer.featureCount == 22 && layer.spatialReference?.epsgCode == 2154)
        let villages = try Fixtures.temporaryFolder().appendingPathComponent("iris.gpkg").path
        #expect(try source.cut(communes: ["11049", "11009"], to: villages) == 2)
        // Communes in two layers of different files: one territory per file.
        #expect(throws: InputError.self) { _ = try source.cut(communes: ["93010", "11049"], to: out + "2.gpkg") }
    }

    @Test func theCellsOfTheTerritoryAndAMarginKeepTheirLayout() throws {
        let national = try Fixtures.nationalCells()
        let lambert93 = try SpatialReference(epsg: 2154)
        // Bram's rectangle, in Lambert-93 (about 623–627 km E, 6 235–6 240 km N).
        let bram = try VectorDataset(path: Fixtures.data("aude/communes_bram.geojson")).layer(at: 0)
        try bram.setAttributeFilter("INSEE_COM = '11049'")
        var box = BoundingBox.empty
        try bram.forEachFeature { feature in
            if let shape = feature.polygons() { box.include(shape.boundingBox) }
        }
        let inL93 = try box.reprojected(from: SpatialReference(epsg: 4326), to: lambert93)
        let out = try Fixtures.temporaryFolder().appendingPathComponent("carreaux.csv").path
        let (read, kept) = try CellsCut.cut(path: national, territory: inL93, crs: lambert93, to: out)
        #expect(read == 164 + 1093)
        #expect(kept > 50 && kept < 400, "\(kept)")
        let cut = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(cut.count == kept + 1)
        #expect(cut[0] == (try String(contentsOfFile: national, encoding: .utf8)).split(separator: "\n")[0])
        // Every cell kept lies within the rectangle and 1 km (in its grid, EPSG:3035).
        let grid = try inL93.reprojected(from: lambert93, to: SpatialReference(epsg: 3035))
        for line in cut.dropFirst() {
            let id = try #require(GridCellID(line.split(separator: ",")[0]))
            #expect(Double(id.easting) + 200 >= grid.minX - 1000 && Double(id.easting) <= grid.maxX + 1000)
            #expect(Double(id.northing) + 200 >= grid.minY - 1000 && Double(id.northing) <= grid.maxY + 1000)
        }
        // The cells read back as cells.
        let table = try FilosofiReader.read(path: out, threads: 1)
        #expect(table.count == kept)
    }

    /// The 2015 layout: `IdINSPIRE`, quoted, `;`-separated, Latin-1 names left as they are.
    @Test func the2015LayoutAndABadIdNamedByItsLine() throws {
        let bondy = try String(contentsOfFile: Fixtures.bondyCells, encoding: .utf8).split(separator: "\n")
        var lines = ["\"IdINSPIRE\";" + bondy[0].split(separator: ",").dropFirst().joined(separator: ";")]
        for line in bondy.dropFirst() {
            let values = line.split(separator: ",", omittingEmptySubsequences: false)
            lines.append("\"\(values[0])\";" + values.dropFirst().joined(separator: ";"))
        }
        let old = try Fixtures.temporaryFile("car_m.csv", contents: lines.joined(separator: "\r\n") + "\r\n")
        let lambert93 = try SpatialReference(epsg: 2154)
        let bondyBox = try #require(try VectorDataset(path: Fixtures.iris93).layer(at: 0).extent)
        let out = try Fixtures.temporaryFolder().appendingPathComponent("c.csv").path
        let (read, kept) = try CellsCut.cut(path: old, territory: bondyBox, crs: lambert93, to: out)
        #expect(read == 164 && kept == 164)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: old)))
        let broken = try Fixtures.temporaryFile("bad.csv", contents: lines.prefix(3).joined(separator: "\n") + "\n\"CRS3035RES200mNxE1\";1\n")
        #expect {
            _ = try CellsCut.cut(path: broken, territory: bondyBox, crs: lambert93, to: out)
        } throws: { error in
            "\(error)".contains("bad.csv:4") && "\(error)".contains("IdINSPIRE")
        }
    }

    @Test func theCafdataRowsOfTheTerritoryEveryPeriodWithTheirBOM() throws {
        let out = try Fixtures.temporaryFolder().appendingPathComponent("cafdata.csv").path
        let (read, kept, found) = try CafdataCut.cut(path: Fixtures.caf93, communes: ["93010", "11049"], to: out)
        #expect(read == 195 && kept == 5 && found == ["93010"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let table = try CafdataReader.read(path: out, period: nil)
        #expect(table.selectedPeriod == "2024-12")
    }
}

@Suite struct OSMPlacesTests {
    @Test func marketDaysFromOpeningHours() {
        #expect(OSMPlaces.marketDays("We 07:00-13:00; Sa 07:00-12:30") == ["mercredi", "samedi"])
        #expect(OSMPlaces.marketDays("Tu,Th 08:00-12:30; PH off") == ["mardi", "jeudi"])
        #expect(OSMPlaces.marketDays("Mo-Fr 08:00-12:00") == ["lundi", "mardi", "mercredi", "jeudi", "vendredi"])
        #expect(OSMPlaces.marketDays("Sa-Mo 08:00-12:00") == ["lundi", "samedi", "dimanche"])
        // What these rules do not read is unknown, never a wrong day.
        #expect(OSMPlaces.marketDays("08:00-12:00") == nil)
        #expect(OSMPlaces.marketDays("May-Sep Sa 08:00-12:00") == nil)
        #expect(OSMPlaces.marketDays("") == nil)
    }

    /// The places of a real extract, mapped by the bundled rules, written as a list that reads
    /// back with the same kinds without a mapping file.
    @Test func thePlacesOfAnExtractReadBackWithTheirKinds() throws {
        let mapping = try CategoryMapping.read(path: Fixtures.data("poi_categories.csv"))
        let everywhere = BoundingBox(minX: 7.3, minY: 43.6, maxX: 7.6, maxY: 43.8)
        let places = try OSMPlaces.read(path: Fixtures.osm("monaco.osm.pbf"), mapping: mapping, within: everywhere)
        #expect(places.count > 5)
        #expect(Set(places.map(\.kind)).contains(.supermarket))
        #expect(places.allSatisfy { everywhere.contains($0.location) && $0.source.hasPrefix("OSM ") && !$0.name.isEmpty })
        let file = try Fixtures.temporaryFile("lieux_osm.csv", contents: OSMPlaces.csv(places))
        let unrelated = CategoryMapping(rules: [CategoryMapping.Rule(field: "x", match: .equals, value: "y", kind: nil, line: 2)], source: "r.csv")
        let back = try PointsOfInterestReader.read(path: file, mapping: unrelated)
        #expect(back.points.count == places.count && back.unmatched == 0)
        #expect(back.points.map(\.kind) == places.map(\.kind))
        // Half the box: fewer places, all inside.
        let west = BoundingBox(minX: 7.3, minY: 43.6, maxX: 7.42, maxY: 43.8)
        let fewer = try OSMPlaces.read(path: Fixtures.osm("monaco.osm.pbf"), mapping: mapping, within: west)
        #expect(fewer.count < places.count && fewer.allSatisfy { west.contains($0.location) })
    }

    /// A hand-made list: a kind column in French or English, or a name that says it.
    @Test func aHandMadeListNeedsNoMappingFile() throws {
        let list = try Fixtures.temporaryFile(
            "lieux.csv",
            contents: """
                nom;type;longitude;latitude
                Mairie d'Aubusson;;2.17;46.0
                Marché du mardi;Marché;2.18;46.0
                Salle des fêtes de Force;salle des fêtes;2.19;46.0
                La Halle;market;2.2;46.0
                Bibliothèque municipale;;2.21;46.0
                Boulangerie Dupont;boulangerie;2.22;46.0

                """)
        let unrelated = CategoryMapping(rules: [CategoryMapping.Rule(field: "x", match: .equals, value: "y", kind: nil, line: 2)], source: "r.csv")
        let read = try PointsOfInterestReader.read(path: list, mapping: unrelated)
        #expect(read.points.map(\.kind) == [.townHall, .market, .villageHall, .market, .library])
        #expect(read.unmatched == 1)
        // The file's rules keep the last word.
        let ignoring = CategoryMapping(rules: [CategoryMapping.Rule(field: "type", match: .equals, value: "market", kind: nil, line: 2)], source: "r.csv")
        #expect(try PointsOfInterestReader.read(path: list, mapping: ignoring).points.count == 4)
    }
}
