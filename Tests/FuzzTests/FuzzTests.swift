import Cartography
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Network
import Outreach
import Overlay
import Risk
import TerritoryFile
import TestSupport
import Testing

/// Seeded mutations of the real Bondy files (cells, Cafdata, points of interest, settings,
/// streets, zones) through every reader and the scoring pipeline: each case must end in a
/// result or a thrown error, never a trap. A trap stops the test process, so this suite fails
/// loudly if any code path traps on data. The seed makes every run draw the same cases.
@Suite(.serialized) struct FuzzTests {
    static let tokens: [String] = [
        "0x1A", "1e308", "-1", "NaN", "inf", "-0", "1e20", "99999999999999999999", "\"", ";", ",", "\n", "\r\n", "\u{0}", "\u{7}",
        "é", "\u{FEFF}", "[[", "]]", "{", "}", "=", "'", "\\", "CRS3035RES200mN0E0", "CRS2975RES200mN7660000E340000", "2024-13",
        "12/2024", "FR:zone30", "oneway", "\t", "  ", "lundi", "dimanche", "-999", "1,5", "0,3",
    ]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        func position() -> Int { bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count + 1)) }
        func lineRanges() -> [Range<Int>] {
            var ranges: [Range<Int>] = [], start = 0
            for (i, b) in bytes.enumerated() where b == 0x0A { ranges.append(start..<(i + 1)); start = i + 1 }
            if start < bytes.count { ranges.append(start..<bytes.count) }
            return ranges
        }
        for _ in 0..<(1 + Int(rng.next() % 4)) {
            switch rng.next() % 9 {
            case 0 where !bytes.isEmpty:
                bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
            case 1:
                let token = tokens[Int(rng.next() % UInt64(tokens.count))]
                bytes.insert(contentsOf: Array(token.utf8), at: position())
            case 2 where !bytes.isEmpty:
                let start = Int(rng.next() % UInt64(bytes.count))
                bytes.removeSubrange(start..<min(bytes.count, start + 1 + Int(rng.next() % 50)))
            case 3:
                let lines = lineRanges()
                if let line = lines.isEmpty ? nil : lines[Int(rng.next() % UInt64(lines.count))] {
                    bytes.insert(contentsOf: Array(bytes[line]), at: line.upperBound)
                }
            case 4:
                bytes = Array(bytes.prefix(position()))
            case 5:
                // A number replaced by an extreme one.
                let digits = bytes.indices.filter { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
                if let at = digits.isEmpty ? nil : digits[Int(rng.next() % UInt64(digits.count))] {
                    let extreme = ["1e300", "-5", "0x10", "4294967296", "1.7976931348623157e309", "0.000000001"][Int(rng.next() % 6)]
                    bytes.replaceSubrange(at..<(at + 1), with: Array(extreme.utf8))
                }
            case 6:
                var lines = lineRanges().map { Array(bytes[$0]) }
                if lines.count > 2 {
                    lines.swapAt(Int(rng.next() % UInt64(lines.count)), Int(rng.next() % UInt64(lines.count)))
                    bytes = lines.flatMap { $0 }
                }
            case 7:
                var lines = lineRanges().map { Array(bytes[$0]) }
                if !lines.isEmpty {
                    lines.remove(at: Int(rng.next() % UInt64(lines.count)))
                    bytes = lines.flatMap { $0 }
                }
            default:
                // Delimiters swapped.
                let from: UInt8 = rng.next() % 2 == 0 ? 0x2C : 0x3B
                bytes = bytes.map { $0 == from ? (from == 0x2C ? 0x3B : 0x2C) : $0 }
            }
        }
        return bytes
    }

    /// Runs `body` on `count` mutations of `source`, each written to a file named `name`.
    static func fuzz(_ source: String, name: String, count: Int, seed: UInt64, _ body: (String) throws -> Void) throws -> (ok: Int, refused: Int) {
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: source)))
        let folder = try Fixtures.temporaryFolder()
        var rng = SplitMix64(state: seed)
        var ok = 0, refused = 0
        for k in 0..<count {
            let path = folder.appendingPathComponent("\(k)-\(name)").path
            try Data(mutate(original, &rng)).write(to: URL(fileURLWithPath: path))
            // FUZZ_KEEP=1: the last case of each kind stays in /tmp, to reproduce a crash.
            if ProcessInfo.processInfo.environment["FUZZ_KEEP"] != nil {
                try? FileManager.default.removeItem(atPath: "/tmp/fuzz-last-\(name)");
                try? FileManager.default.copyItem(atPath: path, toPath: "/tmp/fuzz-last-\(name)")
            }
            do {
                try body(path)
                ok += 1
            } catch {
                refused += 1
                // A refusal names the input or says what was wrong: never an empty message.
                #expect(!"\(error)".isEmpty)
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        return (ok, refused)
    }

    static let zonesRead = Result<ZoneLayer, any Error> { try ZonesReader.read(path: Fixtures.iris93, whereClause: "INSEE_COM = '93010'", threads: 2) }
    static let modelRead = Result<RiskModel, any Error> { try RiskModel.load(path: Fixtures.data("models/default.toml")) }
    static var zones: ZoneLayer { get throws { try zonesRead.get() } }
    static var model: RiskModel { get throws { try modelRead.get() } }

    /// Cells: read, then aggregated and scored against Bondy's IRIS.
    @Test func cellsThroughTheWholePipeline() throws {
        let caf = try CafdataReader.read(path: Fixtures.caf93)
        let result = try Self.fuzz(Fixtures.bondyCells, name: "carreaux.csv", count: 500, seed: 1) { path in
            let cells = try FilosofiReader.read(path: path, threads: 2)
            let estimator = RiskEstimator(model: try Self.model, schema: ProfileSchema(variables: cells.variableNames))
            let overlay = try ZoneOverlay.compute(
                cells: cells, zones: try Self.zones, variables: cells.variableNames, method: .exact, conserve: false, threads: 2)
            let profiles = ZoneProfile.profiles(zones: try Self.zones, overlay: overlay)
            let assessment = try estimator.assess(zones: profiles, caf: caf, threads: 1)
            _ = CellRisk.spread(assessment: assessment, cells: cells, coverage: overlay.coverage, threads: 1)
        }
        // Many mutations are harmless (a digit changed), many are refused: both happen.
        #expect(result.ok > 20 && result.refused > 20, "\(result)")
    }

    @Test func cafdataAndPointsOfInterest() throws {
        let caf = try Self.fuzz(Fixtures.caf93, name: "cafdata.csv", count: 300, seed: 2) { path in
            _ = try CafdataReader.read(path: path)
        }
        #expect(caf.ok > 10 && caf.refused > 10, "\(caf)")
        let mapping = try CategoryMapping.read(path: Fixtures.data("poi_categories.csv"))
        _ = try Self.fuzz(Fixtures.commerces, name: "commerces.csv", count: 150, seed: 3) { path in
            _ = try PointsOfInterestReader.read(path: path, mapping: mapping)
        }
        _ = try Self.fuzz(Fixtures.data("poi_categories.csv"), name: "categories.csv", count: 150, seed: 4) { path in
            _ = try CategoryMapping.read(path: path)
        }
    }

    @Test func settingsFiles() throws {
        _ = try Self.fuzz(Fixtures.data("models/default.toml"), name: "modele.toml", count: 300, seed: 5) { path in
            _ = try RiskModel.load(path: path)
        }
        _ = try Self.fuzz(Fixtures.data("plan.toml"), name: "plan.toml", count: 300, seed: 6) { path in
            _ = try PlanSettings.load(path: path)
        }
        _ = try Self.fuzz(Fixtures.data("network.toml"), name: "network.toml", count: 200, seed: 7) { path in
            _ = try TravelProfile.load(path: path)
        }
    }

    /// Bondy's territory file (its paths made absolute, so that the mutated copies find the
    /// data) and the map style.
    @Test func territoryAndStyleFiles() throws {
        let bondy = Fixtures.projectRoot.appendingPathComponent("Data/bondy").path
        var text = try String(contentsOfFile: Fixtures.bondy("territory.toml"), encoding: .utf8)
        for name in [
            "iris_2022_dep93_lambert93.geojson", "carreaux_filosofi2019_bondy.csv", "cafdata_s_ben_com_f_dep93.csv", "equipements_bondy.geojson",
            "commerces_bondy.csv", "../poi_categories.csv", "../models/default.toml", "../../Styles/default.toml", "rues_osm_2023-07-27.geojson",
            "../plan.toml",
        ] {
            text = text.replacingOccurrences(of: "\"\(name)\"", with: "\"\(bondy)/\(name)\"")
        }
        let absolute = try Fixtures.temporaryFile("territory.toml", contents: text)
        #expect(throws: Never.self) { _ = try Territory.load(path: absolute) }
        let territory = try Self.fuzz(absolute, name: "territory.toml", count: 300, seed: 12) { path in
            _ = try Territory.load(path: path)
        }
        #expect(territory.ok > 10 && territory.refused > 10, "\(territory)")
        let style = try Self.fuzz(Fixtures.projectRoot.appendingPathComponent("Styles/default.toml").path, name: "style.toml", count: 300, seed: 13) {
            path in
            _ = try MapStyle.load(path: path)
        }
        #expect(style.ok > 10 && style.refused > 10, "\(style)")
    }

    /// Passage sheets as teams fill them in a spreadsheet: dates of both forms, decimal commas,
    /// empty counts, remarks.
    @Test func passageSheets() throws {
        let sheet = try Fixtures.temporaryFile(
            "feuille.csv",
            contents: """
                date;jour;creneau;arret;personnes_attendues;personnes_rencontrees;dont_nouvelles;remarques
                2027-01-05;mardi;matin;Marché de Bram;6,0;4;2;pluie
                12/01/2027;mardi;matin;Marché de Bram;6,0;7;;
                2027-01-19;mardi;matin;Marché de Bram;6,0;;;pas encore remplie
                2027-01-07;jeudi;après-midi;Maison France Services;3;5;1;"bon accueil; à revoir"

                """)
        let result = try Self.fuzz(sheet, name: "feuille.csv", count: 400, seed: 10) { path in
            _ = try PassageSheetReader.read(paths: [path])
        }
        #expect(result.ok > 10 && result.refused > 10, "\(result)")
    }

    /// One-off events on the plan's stops (`evenements.csv`): dates of both forms, slots,
    /// places named in full or by a part only one stop has.
    @Test func plannedEvents() throws {
        let here = Point(x: 2.07, y: 43.24)
        let candidates = [
            StopCandidate(name: "Marché de Bram", kind: .market, lonLat: here, location: here, source: "test"),
            StopCandidate(name: "Maison France Services de Bram", kind: .franceServices, lonLat: here, location: here, source: "test"),
            StopCandidate(name: "Parking Intermarché", kind: .supermarket, lonLat: here, location: here, source: "test"),
        ]
        let events = try Fixtures.temporaryFile(
            "evenements.csv",
            contents: """
                date;lieu;nom;creneau
                2027-01-09;Marché de Bram;Forum emploi;matin
                15/02/2027;Maison France;Fête de quartier;après-midi
                2027-03-05;parking intermarche;Semaine de la CAF;

                """)
        let result = try Self.fuzz(events, name: "evenements.csv", count: 400, seed: 11) { path in
            _ = try PlannedEventsReader.read(path: path, candidates: candidates)
        }
        #expect(result.ok > 10 && result.refused > 10, "\(result)")
    }

    /// Streets and zones through GDAL: mutated GeoJSON.
    @Test func geoJSONThroughGDAL() throws {
        let profiles = try TravelProfile.load(path: Fixtures.data("network.toml"))
        // A smaller street file: the first 200 lines' worth of features is not valid JSON, so
        // the mutations start from the OSM XML patch of north Bondy instead (valid, 2.9 MB).
        _ = try Self.fuzz(Fixtures.osm("bondy_nord.osm"), name: "rues.osm", count: 15, seed: 8) { path in
            let extract = try StreetReader.read(path: path, epsg: 2154)
            let graph = StreetGraph(extract: extract, profile: profiles["car"]!)
            let model = StreetTravel(graph: graph, attribution: extract.attribution)
            let points = Array(graph.nodes.prefix(5))
            _ = model.minutes(from: points, to: points, threads: 2)
        }
        let nested = try Fixtures.temporaryFile(
            "zones.geojson",
            contents: """
                {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"CODE_IRIS":"930100101","NOM_IRIS":"A","INSEE_COM":"93010"},"geometry":{"type":"Polygon","coordinates":[[[2.47,48.89],[2.49,48.89],[2.49,48.91],[2.47,48.91],[2.47,48.89]],[[2.475,48.895],[2.48,48.895],[2.48,48.9],[2.475,48.9],[2.475,48.895]]]}}]}
                """)
        let cells = try FilosofiReader.read(path: Fixtures.bondyCells, threads: 2)
        _ = try Self.fuzz(nested, name: "zones.geojson", count: 150, seed: 9) { path in
            let zones = try ZonesReader.read(path: path, threads: 2)
            _ = try ZoneOverlay.compute(cells: cells, zones: zones, variables: ["ind", "men"], method: .exact, conserve: false, threads: 2)
        }
    }
}
