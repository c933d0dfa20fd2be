import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Support
import TestSupport
import Testing

@Suite struct ZonesReaderTests {
    @Test func readsTheIRISOfSeineSaintDenis() throws {
        let layer = try ZonesReader.read(path: Fixtures.iris93, threads: 2)
        #expect(layer.zones.count == 614)
        #expect(layer.idField == "CODE_IRIS" && layer.nameField == "NOM_IRIS" && layer.communeField == "INSEE_COM")
        #expect(layer.crs.epsgCode == 2154)
        #expect(layer.zones.map(\.id) == layer.zones.map(\.id).sorted())
    }

    @Test func filtersOneCommune() throws {
        let layer = try ZonesReader.read(path: Fixtures.iris93, whereClause: "INSEE_COM = '93010'", threads: 2)
        #expect(layer.zones.count == 22)
        #expect(layer.zones.allSatisfy { $0.commune == "93010" && $0.id.hasPrefix("93010") })
    }

    @Test func integerIRISCodesArePaddedAndFieldsFoundUnderOtherNames() throws {
        let path = try Fixtures.temporaryFile(
            "z.geojson",
            contents: """
                {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},
                 "features":[{"type":"Feature","properties":{"dcomiris":10040101,"libiris":"Centre","code_insee":1004},
                 "geometry":{"type":"Polygon","coordinates":[[[870000,6540000],[870400,6540000],[870400,6540400],[870000,6540000]]]}}]}
                """)
        let layer = try ZonesReader.read(path: path, threads: 2)
        #expect(layer.zones[0].id == "010040101")
        #expect(layer.zones[0].name == "Centre")
        #expect(layer.zones[0].commune == "01004")
    }

    @Test func reprojectsIntoTheGridCRS() throws {
        let layer = try ZonesReader.read(path: Fixtures.iris93, whereClause: "CODE_IRIS = '930100101'", threads: 2)
        let grid = try SpatialReference(epsg: 3035)
        let projected = try layer.geometries(in: grid, threads: 2)
        let box = projected[0].boundingBox
        // Bondy lies around N 2 891 000, E 3 771 000 in ETRS89-LAEA.
        #expect(box.minX > 3_765_000 && box.maxX < 3_780_000)
        #expect(box.minY > 2_885_000 && box.maxY < 2_898_000)
        // Lambert-93 and LAEA both preserve area closely here: within 0.1 %.
        #expect(abs(projected[0].area / layer.zones[0].geometry.area - 1) < 1e-3)
    }
}

@Suite struct CafdataReaderTests {
    @Test func readsBondyDecember2024() throws {
        let caf = try CafdataReader.read(path: Fixtures.caf93)
        #expect(caf.selectedPeriod == "2024-12")
        #expect(caf.encoding == .utf8WithBOM)
        #expect(caf.keyKind == .commune)
        #expect(caf.records.count == 39)
        #expect(caf.value("indfoy_ndur", for: "93010") == 13_830)
        #expect(caf.value("indfoy_rsa", for: "93010") == 3_375)
        #expect(caf.value("indfoy_ppa", for: "93010") == 4_415)
        #expect(caf.roundingUnit == 5)
    }

    @Test func choosesAnEarlierPeriod() throws {
        let caf = try CafdataReader.read(path: Fixtures.caf93, period: "2020-12")
        #expect(caf.selectedPeriod == "2020-12")
        #expect(caf.value("indfoy_rsa", for: "93001") == 7_780)
        #expect(throws: InputError.self) { try CafdataReader.read(path: Fixtures.caf93, period: "2019-06") }
    }

    @Test func keepsMaskedValuesMissingAndCountsEmptyCodes() throws {
        let latin1 =
            "dtreffre,numcomdo,nomcom,indfoy_rsa,indfoy_ppa\n2024-12,93010,Bondy,s,15\n2024-12,,Non localisés,5,nd\n2024-12,93064,Rosny-sous-Bois,,NA\n2024-12,1004,Ambérieu,10,5\n"
        let url = try Fixtures.temporaryFolder().appendingPathComponent("caf.csv")
        try #require(latin1.data(using: .isoLatin1)).write(to: url)
        let caf = try CafdataReader.read(path: url.path)
        #expect(caf.encoding == .windows1252)
        #expect(caf.value("indfoy_rsa", for: "93010") == nil)
        #expect(caf.value("indfoy_ppa", for: "93010") == 15)
        #expect(caf.value("indfoy_ppa", for: "93064") == nil)
        #expect(caf.emptyCodeRows == 1)
        #expect(caf.maskedValues == 3)
        #expect(caf.record(for: "01004")?.name == "Ambérieu")
    }

    /// Every period is kept for the trend: Bondy's RSA counts of the file, 2020 to 2024; two
    /// communes summed; a masked value makes the total a lower bound; a period a place is
    /// missing from is incomplete too.
    @Test func keepsEveryPeriodForTheTrend() throws {
        let caf = try CafdataReader.read(path: Fixtures.caf93)
        #expect(caf.periods == ["2020-12", "2021-12", "2022-12", "2023-12", "2024-12"])
        let bondy = caf.totals("indfoy_rsa", codes: ["93010"])
        #expect(bondy.map(\.period) == caf.periods)
        #expect(bondy.map(\.total) == [3_550, 3_460, 3_405, 3_340, 3_375])
        #expect(bondy.allSatisfy { $0.complete })
        let two = caf.totals("indfoy_rsa", codes: ["93010", "93001"])
        #expect(two.first?.total == Double(3_550 + 7_780))

        let text = "dtreffre;numcomdo;indfoy_rsa\n2023-12;93010;100\n2023-12;93001;50\n2024-12;93010;s\n2024-12;93001;55\n2022-12;93010;90\n"
        let small = try CafdataReader.read(path: try Fixtures.temporaryFile("caf.csv", contents: text))
        let totals = small.totals("indfoy_rsa", codes: ["93010", "93001"])
        #expect(totals.map(\.period) == ["2022-12", "2023-12", "2024-12"])
        #expect(totals.map(\.total) == [90, 150, 55])
        #expect(totals.map(\.complete) == [false, true, false])
        #expect(small.totals("indfoy_ppa", codes: ["93010"]).isEmpty)
        // A bad value in an older period is an error too, naming its line.
        let bad = try Fixtures.temporaryFile("bad.csv", contents: "dtreffre;numcomdo;indfoy_rsa\n2023-12;93010;-4\n2024-12;93010;55\n")
        #expect(throws: InputError.self) { try CafdataReader.read(path: bad) }
    }

    @Test func readsIRISKeyedCounts() throws {
        let path = try Fixtures.temporaryFile("iris.csv", contents: "code_iris;indfoy_rsa\n930100101;120\n930100102;85\n")
        let caf = try CafdataReader.read(path: path)
        #expect(caf.keyKind == .iris)
        #expect(caf.value("indfoy_rsa", for: "930100102") == 85)
    }
}

@Suite struct PointsOfInterestTests {
    let mapping: CategoryMapping

    init() throws { mapping = try CategoryMapping.read(path: Fixtures.data("poi_categories.csv")) }

    @Test func bondyFacilitiesMapOutOfTheBox() throws {
        let report = try PointsOfInterestReader.read(path: Fixtures.equipements, mapping: mapping)
        let kinds = Dictionary(grouping: report.points, by: \.kind).mapValues(\.count)
        #expect(kinds[.franceServices] == 1)
        #expect(kinds[.ccas] == 1)
        #expect(kinds[.market] == 1)
        #expect((kinds[.communityCentre] ?? 0) >= 3)
        #expect(report.unmatched == 0)
        // Points on the surface of the buildings, in WGS 84, in Bondy.
        for point in report.points {
            #expect(point.location.x > 2.45 && point.location.x < 2.51)
            #expect(point.location.y > 48.88 && point.location.y < 48.92)
        }
    }

    @Test func bondyShopsLatin1CSVGiveTheSupermarkets() throws {
        let report = try PointsOfInterestReader.read(path: Fixtures.commerces, mapping: mapping)
        let supermarkets = report.points.filter { $0.kind == .supermarket }
        // Ten grocers in the list, Picard and Monoprix left aside (Data/poi_categories.csv).
        #expect(supermarkets.count == 8)
        #expect(supermarkets.contains { $0.name == "Intermarché" } && !supermarkets.contains { $0.name.hasPrefix("Picard") })
        #expect(report.nameField == "Enseigne")
    }

    /// An OpenStreetMap extract is a source of places as it is: its tagged nodes and areas, the
    /// tags GDAL packs in `other_tags` read as fields, mapped by the same rules.
    @Test func anOSMExtractGivesSupermarketsMarketsAndStations() throws {
        let report = try PointsOfInterestReader.read(path: Fixtures.osm("monaco.osm.pbf"), mapping: mapping)
        let supermarkets = report.points.filter { $0.kind == .supermarket }
        #expect(supermarkets.count >= 10)
        #expect(supermarkets.contains { $0.name == "Spar" } && supermarkets.contains { $0.name == "Marché U" })
        // An organic chain (brand Biocoop, organic=only) is not a grocer for the plan.
        #expect(!supermarkets.contains { $0.name == "Solis Bio" })
        // The address from the addr:* tags (under a mapping that keeps every supermarket).
        let every = CategoryMapping(rules: [.init(field: "shop", match: .equals, value: "supermarket", kind: .supermarket, line: 1)], source: "t")
        let all = try PointsOfInterestReader.read(path: Fixtures.osm("monaco.osm.pbf"), mapping: every).points
        #expect(all.contains { $0.name == "Solis Bio" && $0.address == "7-9 Rue Terrazzani" })
        let stations = report.points.filter { $0.kind == .station }
        #expect(stations.contains { $0.name == "Cap d'Ail" && $0.sourceRecord == 33_015_605 })
        // An unnamed market square keeps a name a planner can find on the map.
        #expect(report.points.contains { $0.kind == .market && $0.name == "Marché (OSM node/268113781)" })
        for point in report.points {
            #expect(point.location.x > 7.2 && point.location.x < 7.7 && point.location.y > 43.6 && point.location.y < 43.85, "\(point.name)")
        }
    }

    /// School gates are primary schools (maternelle, élémentaire) or schools whose level is not
    /// tagged, not collèges; a nursing home is no senior club; areas give a point on their surface.
    @Test func osmSchoolsAndSocialFacilitiesAreSortedByTheirTags() throws {
        let report = try PointsOfInterestReader.read(path: Fixtures.osm("bondy_nord.osm"), mapping: mapping)
        let schools = Set(report.points.filter { $0.kind == .school }.map(\.name))
        #expect(
            schools.isSuperset(of: [
                "École maternelle Jean Zay", "groupe scolaire Olympe de Gouges", "Groupe scolaire Pasteur", "Ecole élémentaire Noue Caillet",
            ]))
        #expect(!schools.contains("Collège Jean Zay"))
        #expect(!report.points.contains { $0.name == "Résidence Arthur Groussier" })
        #expect(report.points.contains { $0.name == "École maternelle Jean Zay" && $0.sourceRecord == 441_185_211 })
        for point in report.points {
            #expect(point.location.x > 2.47 && point.location.x < 2.50 && point.location.y > 48.90 && point.location.y < 48.92, "\(point.name)")
        }
    }

    /// The extract is read through a filter on the tags the mapping uses: the same places as
    /// reading every object and mapping them all.
    @Test func theTagFilterKeepsEveryPlaceTheMappingWants() throws {
        for file in ["monaco.osm.pbf", "bondy_nord.osm"] {
            let path = Fixtures.osm(file)
            let filtered = try PointsOfInterestReader.read(path: path, mapping: mapping).points
            let all = try PointsOfInterestReader.readRecords(path: path).records
            let expected = all.filter { record in record.location != nil && mapping.rule(for: record.fields).map { $0.kind != nil } == true }
            #expect(filtered.count == expected.count, "\(file)")
            #expect(all.count > expected.count)
        }
    }

    /// CAF offices are recognised by their names, without taking a café for one.
    @Test func cafOfficesByTheirNames() throws {
        let path = try Fixtures.temporaryFile(
            "lieux.csv",
            contents: """
                name;latitude;longitude
                CAF de la Seine-Saint-Denis;48.90;2.48
                Point relais CAF de Bondy;48.90;2.49
                Caisse d'Allocations Familiales - accueil;48.91;2.48
                Café de la Gare;48.90;2.47
                Cafétéria du parc;48.91;2.47
                """)
        let report = try PointsOfInterestReader.read(path: path, mapping: mapping)
        #expect(
            report.points.filter { $0.kind == .cafOffice }.map(\.name).sorted() == [
                "CAF de la Seine-Saint-Denis", "Caisse d'Allocations Familiales - accueil", "Point relais CAF de Bondy",
            ])
        #expect(report.points.allSatisfy { $0.kind == .cafOffice } && report.unmatched == 2)
        #expect(StopKind.cafOffice.isReceptionPoint && StopKind.ccas.isReceptionPoint && !StopKind.market.isReceptionPoint)
    }

    @Test func aBadMappingFileNamesTheLine() throws {
        let path = try Fixtures.temporaryFile("m.csv", contents: "field;match;value;kind\nTitle;equals;X;bus_stop\n")
        let error = #expect(throws: InputError.self) { try CategoryMapping.read(path: path) }
        #expect(error?.line == 2)
        #expect(error?.description.contains("bus_stop") == true)
    }
}

@Suite struct CafPeriodTests {
    @Test func periodsInEveryFormReadAsTheirMonth() {
        #expect(CafdataReader.period("2024-12") == "2024-12")
        #expect(CafdataReader.period("202412") == "2024-12")
        #expect(CafdataReader.period("2024-12-31") == "2024-12")
        #expect(CafdataReader.period("12/2024") == "2024-12")
        #expect(CafdataReader.period("31/12/2024") == "2024-12")
        #expect(CafdataReader.period("2024") == "2024")
        #expect(CafdataReader.period("2024-13") == nil)
        #expect(CafdataReader.period("13/2024") == nil)
        #expect(CafdataReader.period("0120-25") == nil)
        #expect(CafdataReader.period("déc. 2024") == nil)
    }
}

@Suite struct ConfigFileTests {
    /// A table name starting with a character TOML does not allow is an error naming the line
    /// (the TOML library would stop the process on it).
    @Test func badTableNamesAreRefusedWithTheirLine() throws {
        // « [ » alone on its line (the name on the next) made the TOML library's assertion stop
        // the process: found by the plan file's fuzzing.
        for text in ["[é]\n", "[[ é.x]]\n", "a = 1\n[=]\n", "[{a}]\n", "a = 1\n[\nkinds.school]\n", "[[\n", "[ \r\nb]\n", "["] {
            let path = try Fixtures.temporaryFile("t.toml", contents: text)
            let error = #expect(throws: InputError.self) { try ConfigFile(path: path) }
            #expect(error?.description.contains("nom de table") == true, "\(text.debugDescription): \(String(describing: error))")
            #expect(error?.line != nil)
        }
        // Arrays of arrays over several lines are values, not headers.
        let path = try Fixtures.temporaryFile("ok.toml", contents: "a = [\n  [1, 2],\n  [3]\n]\n[b]\nc = 1\n")
        #expect(throws: Never.self) { try ConfigFile(path: path) }
    }
}

/// Windows-1252 characters read as Latin-1 (C1 controls in UTF-8 text) are put back.
@Suite struct TextRepairTests {
    @Test func windows1252ControlsBecomeTheirCharacters() {
        #expect(TextRepair.windows1252Controls("Centre Communal Action Sociale \u{96} Service") == "Centre Communal Action Sociale – Service")
        #expect(TextRepair.windows1252Controls("l\u{92}\u{9C}uvre \u{85}") == "l’œuvre …")
        #expect(TextRepair.windows1252Controls("a\u{81}b") == "ab")
        #expect(TextRepair.windows1252Controls("Maison de quartier") == "Maison de quartier")
    }

    /// The real Bondy list holds « Centre Communal Action Sociale \u{96} Service des solidarités… ».
    @Test func theBondyPlacesReadWithoutControlCharacters() throws {
        let mapping = try CategoryMapping.read(path: Fixtures.data("poi_categories.csv"))
        let points = try PointsOfInterestReader.read(path: Fixtures.equipements, mapping: mapping).points
        #expect(points.contains { $0.name.hasPrefix("Centre Communal Action Sociale – ") })
        #expect(!points.contains { $0.name.unicodeScalars.contains { (0x80...0x9F).contains($0.value) } })
    }
}

/// Which shops are stops: general and discount food retailers, not frozen-food, organic or
/// upmarket chains (Data/poi_categories.csv), in Bondy's list and in OpenStreetMap alike.
@Suite struct FoodShopRuleTests {
    @Test func discountAndGeneralGrocersAreStopsSpecialistsAreNot() throws {
        let mapping = try CategoryMapping.read(path: Fixtures.data("poi_categories.csv"))
        func kind(_ record: [String: String]) -> StopKind?? { mapping.rule(for: record).map(\.kind) }
        for sign in ["Lidl", "Leader Price", "Intermarché", "Franprix", "G20", "Tanger Market"] {
            #expect(kind(["Activité": "Supermarché", "Enseigne": sign]) == .some(.supermarket), "\(sign)")
        }
        for sign in ["Picard", "Biocoop", "Naturalia", "Monoprix", "Monop' Bondy", "Thiriet"] {
            #expect(kind(["Activité": "Supermarché", "Enseigne": sign]) == .some(nil), "\(sign)")
        }
        #expect(kind(["shop": "supermarket", "brand": "Aldi"]) == .some(.supermarket))
        #expect(kind(["shop": "supermarket", "brand": "Biocoop"]) == .some(nil))
        #expect(kind(["shop": "supermarket", "organic": "only", "name": "La Ruche"]) == .some(nil))
    }
}
