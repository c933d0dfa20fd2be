import Foundation
import GeoBindings
import GeometryCore
import Support
import TestSupport
import Testing

@testable import Inputs

@Suite struct CellsReaderTests {
    @Test func readsBondyCSV() throws {
        let cells = try FilosofiReader.read(path: Fixtures.bondyCells, threads: 2)
        #expect(cells.count == 164)
        #expect(cells.vintage == .v2019)
        #expect(cells.gridEPSG == 3035 && cells.resolution == 200)
        #expect(cells.total("ind") == 65_548)
        #expect(abs(try #require(cells.total("men_pauv")) - 6_351.8) < 1e-6)
        #expect(cells.imputed.filter { $0 }.count == 14)
        #expect(cells.id(at: 0).description == "CRS3035RES200mN2891800E3770600")
        // lcog_geo of the second cell lists three communes, concatenated.
        #expect(Array(cells.communes[1]) == ["93010", "93064", "93077"])
    }

    /// Read without its communes (an aggregation), a table has the same cells and counts,
    /// and no cell lists a commune; `lcog_geo` is then not even checked.
    @Test func communesLeftUnreadGiveTheSameCells() throws {
        let whole = try FilosofiReader.read(path: Fixtures.bondyCells, threads: 2)
        let without = try FilosofiReader.read(path: Fixtures.bondyCells, communes: false, threads: 2)
        #expect(without.count == whole.count && without.easting == whole.easting && without.northing == whole.northing)
        #expect(without.imputed == whole.imputed && without.total("ind") == whole.total("ind"))
        #expect((0..<without.count).allSatisfy { without.communes.count(ofCell: $0) == 0 })
        #expect(whole.communes.count(ofCell: 1) == 3)
        let odd = try Fixtures.temporaryFile("odd_lcog.csv", contents: "idcar_200m,ind,men,lcog_geo\nCRS3035RES200mN2891800E3770600,10,4,123456789\n")
        #expect(throws: InputError.self) { try FilosofiReader.read(path: odd, threads: 1) }
        #expect(try FilosofiReader.read(path: odd, communes: false, threads: 1).count == 1)
    }

    /// The grid a CSV's first cell announces, read from the file's first bytes (a hint to
    /// reproject the zones early); nothing for other formats or a start that says nothing clear.
    @Test func theFirstCellAnnouncesTheGrid() throws {
        #expect(FilosofiReader.announcedGridEPSG(path: Fixtures.bondyCells) == 3035)
        #expect(FilosofiReader.announcedGridEPSG(path: Fixtures.bondyCellsGPKG) == nil)
        #expect(FilosofiReader.announcedGridEPSG(path: "/nonexistent/cells.csv") == nil)
        let bom = try Fixtures.temporaryFile("bom.csv", contents: "\u{FEFF}IdINSPIRE;ind\nCRS2975RES200mN7650000E340000;3\n")
        #expect(FilosofiReader.announcedGridEPSG(path: bom) == 2975)
        let unknown = try Fixtures.temporaryFile("unknown.csv", contents: "idcar_200m,ind\nCRS4326RES200mN100E200,3\n")
        #expect(FilosofiReader.announcedGridEPSG(path: unknown) == nil)
        let headerOnly = try Fixtures.temporaryFile("header.csv", contents: "idcar_200m,ind\n")
        #expect(FilosofiReader.announcedGridEPSG(path: headerOnly) == nil)
    }

    /// A cell off the grid that shares another's square is named as off the grid (the check of
    /// repeated cells, by squares, once took it for a repeat and stopped the program); a true
    /// repeat beside it is still found.
    @Test func aCellOffTheGridInAnotherSquareIsNamed() throws {
        let text = "idcar_200m,ind,men\nCRS3035RES200mN2891800E3770600,3,1\nCRS3035RES200mN2891850E3770600,3,1\n"
        let path = try Fixtures.temporaryFile("hors_grille.csv", contents: text)
        #expect {
            _ = try FilosofiReader.read(path: path, threads: 2)
        } throws: { error in
            guard let error = error as? InputError else { return false }
            return error.line == 3 && error.field == "idcar_200m" && "\(error)".contains("grille")
        }
        let table = CellTable(
            source: "t", vintage: .v2019, gridEPSG: 3035, resolution: 200, easting: [3_770_600, 3_770_600, 3_770_600, 3_770_800],
            northing: [2_891_800, 2_891_850, 2_891_800, 2_891_800], imputed: [false, false, false, false], variableNames: [], columns: [],
            communes: CommuneLists(), sourceLines: [2, 3, 4, 5], ignoredColumns: [], columnMapping: [])
        let repeated = try #require(FilosofiReader.firstRepeatedCell(table))
        #expect(repeated.northing == 2_891_800 && repeated.easting == 3_770_600)
    }

    @Test func geoPackageGivesTheSameCellsWhateverItsClippedGeometry() throws {
        let csv = try FilosofiReader.read(path: Fixtures.bondyCells, threads: 2)
        let gpkg = try FilosofiReader.read(path: Fixtures.bondyCellsGPKG, threads: 2)
        #expect(gpkg.count == csv.count)
        #expect(Set(zip(gpkg.easting, gpkg.northing).map { "\($0)/\($1)" }) == Set(zip(csv.easting, csv.northing).map { "\($0)/\($1)" }))
        #expect(gpkg.total("ind") == 65_548)
    }

    @Test func readsTheAudeSampleAllImputed() throws {
        let cells = try FilosofiReader.read(path: Fixtures.audeSample, threads: 2)
        #expect(cells.count == 6)
        #expect(cells.imputed.allSatisfy { $0 })
        #expect(cells.total("ind") == 137)
        #expect(cells.column("men")?.first == 11.9)
    }

    @Test func readsThe2015And2017Layouts() throws {
        let v2015 = try Fixtures.temporaryFile(
            "f2015.csv",
            contents: """
                IdINSPIRE,Id_carr1km,I_est_cr,Id_carr_n,Groupe,Depcom,I_pauv,Id_car2010,Ind,Men,Men_pauv,Ind_snv
                "CRS3035RES200mN2891800E3770600","CRS3035RES1000mN2891000E3770000","1","x","12","93010","0","a",3,1,0.1,69318.3
                "CRS3035RES200mN2891800E3770800","CRS3035RES1000mN2891000E3770000","0","x","12","93010","1","b",12,5,2,100

                """)
        let a = try FilosofiReader.read(path: v2015, threads: 2)
        #expect(a.vintage == .v2015)
        #expect(a.count == 2 && a.imputed == [true, false])
        #expect(a.column("men_pauv") == [0.1, 2])
        let v2017 = try Fixtures.temporaryFile(
            "f2017.csv",
            contents: """
                Idcar_200m;I_est_200;Idcar_1km;I_est_1km;Idcar_nat;Groupe;Ind;Men;Men_pauv;lcog_geo\r
                CRS3035RES200mN2891800E3770600;0;x;0;x;1;4,5;2;0,5;"93010,93064"\r

                """)
        let b = try FilosofiReader.read(path: v2017, threads: 2)
        #expect(b.vintage == .v2017)
        #expect(b.column("ind") == [4.5])
        #expect(Array(b.communes[0]) == ["93010", "93064"])
    }

    @Test func numbersParseExactly() throws {
        let path = try Fixtures.temporaryFile(
            "n.csv", contents: "idcar_200m,ind_snv\nCRS3035RES200mN0E0,0.1\nCRS3035RES200mN0E200,1e3\nCRS3035RES200mN0E400,1234567890.123456789\n")
        let cells = try FilosofiReader.read(path: path, threads: 2)
        #expect(cells.column("ind_snv") == [0.1, 1000, Double("1234567890.123456789")!])
    }

    /// A column's counts keep their text's values whatever the decimals that follow: fewer
    /// decimals (scaled up), more (the column rescaled), a value beyond 32 bits once scaled,
    /// or a rescaling that would leave 32 bits (the column in doubles from then on).
    @Test func countsKeepTheirValuesWhateverTheirDecimals() throws {
        let people = ["1.5", "3", "0.25", "12.125", "7", "999999.999", "0.0001", "2"]
        let incomes = ["1.5", "3", "0.25", "12.125", "7", "2147483.647", "2147483.648", "0.5"]
        let rows = people.indices.map { "CRS3035RES200mN0E\($0 * 200),\(people[$0]),\(incomes[$0])" }
        let path = try Fixtures.temporaryFile("decimals.csv", contents: "idcar_200m,ind,ind_snv\n" + rows.joined(separator: "\n") + "\n")
        let cells = try FilosofiReader.read(path: path, threads: 1)
        #expect(cells.column("ind")?.doubles.map(\.bitPattern) == people.map { Double($0)!.bitPattern })
        #expect(cells.column("ind_snv")?.doubles.map(\.bitPattern) == incomes.map { Double($0)!.bitPattern })
    }

    /// The number parser against C's `strtod` (the oracle) on hand-picked edge cases and on
    /// random decimals of every length: the same bits, or nil where the text is not a plain
    /// decimal number (hexadecimal, infinity, a second point, a letter, nothing).
    @Test func theNumberParserAgreesWithStrtod() {
        func oracle(_ text: String, comma: Bool) -> Double? {
            let plain = comma ? text.replacingOccurrences(of: ",", with: ".") : text
            let trimmed = plain.trimmingCharacters(in: .init(charactersIn: " "))
            guard !trimmed.isEmpty, trimmed.allSatisfy({ "0123456789.+-eE".contains($0) }) else { return nil }
            var end: UnsafeMutablePointer<CChar>?
            return trimmed.withCString { start -> Double? in
                let value = strtod(start, &end)
                return end == UnsafeMutablePointer(mutating: start) + trimmed.utf8.count && value.isFinite ? value : nil
            }
        }
        var cases = [
            "0", "-0", "+7", "007", "1.", ".5", "-.5", "0.1", "28590.7", " 12 ", "1e3", "2.5E-3", "0x1A", "inf", "nan", "", " ", ".", "-", "+.",
            "1.5.3", "1,5", "12a", "9007199254740991", "9007199254740993", "1234567890123456789", "12345678901234567890", "0.0000000000000000000001",
            "0.1234567890123456789012", "99999999999999999999999.5", "1e400", "-1e-400", "3.14159265358979323846",
        ]
        var generator = SplitMix64(state: 2154)
        for _ in 0..<5000 {
            let integer = String(UInt64.random(in: 0...UInt64.max, using: &generator)).prefix(Int.random(in: 1...20, using: &generator))
            let fraction = String(UInt64.random(in: 0...UInt64.max, using: &generator)).prefix(Int.random(in: 0...20, using: &generator))
            cases.append(fraction.isEmpty ? String(integer) : "\(integer).\(fraction)")
        }
        for text in cases {
            for comma in [false, true] {
                let written = comma ? text.replacingOccurrences(of: ".", with: ",") : text
                let parsed = parseNumber(written, commaDecimal: comma)
                #expect(parsed?.bitPattern == oracle(written, comma: comma)?.bitPattern, "« \(written) »")
            }
        }
    }
}

@Suite struct BadInputTests {
    /// Each bad file gives an error that names the file and says what is wrong.
    @Test(arguments: [
        ("truncated_cells.csv", "champs"),
        ("wrong_delimiter_cells.csv", "identifiant de carreau absente"),
        ("missing_id_column.csv", "identifiant de carreau absente"),
        ("non_numeric_count.csv", "n.d."),
        ("duplicate_cell_id.csv", "en double"),
        ("malformed_cell_id.csv", "INSPIRE"),
        ("negative_count.csv", "-3"),
        ("empty.csv", "empty"),
        ("a_folder.csv", "folder"),
        ("hexadecimal_count.csv", "0x1A"),
        ("implausible_count.csv", "plausible"),
        ("row_longer_than_header.csv", "virgule décimale"),
        ("part_exceeds_whole.csv", "ne peut dépasser son tout"),
        ("huge_resolution.csv", "de côté"),
    ])
    func cellsFilesAreRefusedClearly(file: String, expected: String) {
        let path = Fixtures.bad(file)
        do {
            _ = try FilosofiReader.read(path: path, threads: 2)
            Issue.record("\(file) should have been refused")
        } catch {
            let text = "\(error)"
            #expect(text.contains(file), "message should name the file: \(text)")
            #expect(text.contains(expected), "message should say \(expected): \(text)")
        }
    }

    @Test func cellErrorsGiveTheLineAndField() throws {
        let error = #expect(throws: InputError.self) { try FilosofiReader.read(path: Fixtures.bad("non_numeric_count.csv"), threads: 2) }
        #expect(error?.line == 3)
        #expect(error?.field == "men_pauv")
    }

    /// A cell given twice is named with both its lines, over a compact extent (one bit per
    /// square) and over one too wide for that (sorted corners): the same error either way.
    @Test(arguments: [("N2891800E3770600", "N2891800E3770800"), ("N1000000E1000000", "N9000000E9000000")])
    func aRepeatedCellNamesBothLines(first: String, other: String) throws {
        let path = try Fixtures.temporaryFile(
            "repeated.csv", contents: "idcar_200m,ind,men\nCRS3035RES200m\(first),3,1\nCRS3035RES200m\(other),2,1\nCRS3035RES200m\(first),4,2\n")
        let error = #expect(throws: InputError.self) { try FilosofiReader.read(path: path, threads: 1) }
        #expect(error?.line == 4)
        #expect("\(error.map { "\($0)" } ?? "")".contains("CRS3035RES200m\(first) en double, vu d'abord ligne 2"))
    }

    @Test(arguments: [
        // GeoJSON without a known CRS is WGS 84 by definition: metres there are refused.
        ("unknown_crs.geojson", "pas des degrés"),
        ("no_crs_zones.geojson", "pas des degrés"),
        ("no_crs_zones.shp", "pas de système de coordonnées"),
        ("mislabelled_crs.geojson", "ressemblent à des degrés"),
        ("not_a_feature_collection.geojson", "not_a_feature_collection.geojson"),
        ("self_intersecting_zone.geojson", "930100199"),
        ("hole_crossing_shell.geojson", "trou croise l'anneau extérieur"),
        ("zone_spike_only.geojson", "930100102"),
        ("a_folder.csv", "folder"),
        ("empty.csv", "empty.csv"),
    ])
    func zoneFilesAreRefusedClearly(file: String, expected: String) {
        do {
            _ = try ZonesReader.read(path: Fixtures.bad(file), threads: 2)
            Issue.record("\(file) should have been refused")
        } catch {
            #expect("\(error)".contains(expected), "message should say \(expected): \(error)")
        }
    }

    /// --repair fixes what it can, says when a zone's area changes, and refuses a zone the
    /// repair would empty.
    @Test func repairsAreCheckedNotSilent() throws {
        let crossing = try ZonesReader.read(path: Fixtures.bad("hole_crossing_shell.geojson"), repair: true, threads: 2)
        #expect(crossing.repaired == ["930100101"])
        #expect(crossing.warnings.contains { $0.contains("930100101") && $0.contains("surface") })
        let error = #expect(throws: InputError.self) { try ZonesReader.read(path: Fixtures.bad("zone_spike_only.geojson"), repair: true, threads: 2) }
        #expect(error?.description.contains("ne laisse aucune surface") == true)
    }

    @Test func anUnknownCRSGivenByTheUserIsRefused() {
        #expect(throws: (any Error).self) { try ZonesReader.read(path: Fixtures.bad("no_crs_zones.shp"), assumedCRS: "EPSG:999999", threads: 2) }
    }

    @Test func aZoneLayerWithoutCRSIsReadWhenTheUserGivesOne() throws {
        let layer = try ZonesReader.read(path: Fixtures.bad("no_crs_zones.shp"), assumedCRS: "EPSG:2154", threads: 2)
        #expect(layer.zones.count == 1)
        #expect(layer.crs.epsgCode == 2154)
    }

    @Test func aSelfIntersectingZoneIsRepairedOnRequest() throws {
        let layer = try ZonesReader.read(path: Fixtures.bad("self_intersecting_zone.geojson"), repair: true, threads: 2)
        #expect(layer.repaired == ["930100199"])
        // The bow-tie becomes its two triangles: 2 × (400 × 200 / 2).
        #expect(abs(layer.zones[0].geometry.area - 80_000) < 1e-6)
    }

    @Test(arguments: [
        ("caf_duplicate_code.csv", "apparaît deux fois"), ("caf_non_numeric.csv", "beaucoup"),
        ("caf_implausible_count.csv", "100 000 000"),
    ])
    func cafFilesAreRefusedClearly(file: String, expected: String) {
        do {
            _ = try CafdataReader.read(path: Fixtures.bad(file))
            Issue.record("\(file) should have been refused")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
            #expect("\(error)".contains(file))
        }
    }

    @Test func pointsWithImpossibleLatitudeAreRefused() throws {
        let mapping = try CategoryMapping.read(path: Fixtures.data("poi_categories.csv"))
        #expect(throws: InputError.self) { try PointsOfInterestReader.read(path: Fixtures.bad("poi_bad_latitude.csv"), mapping: mapping) }
    }
}
