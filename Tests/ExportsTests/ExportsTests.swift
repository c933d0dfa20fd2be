import Foundation
import GeoBindings
import GeometryCore
import Support
import TestSupport
import Testing

@testable import Exports

@Suite struct CSVFieldTests {
    @Test func quotingFollowsRFC4180AndFormulasAreNeutralised() {
        #expect(csvField("Bondy") == "Bondy")
        #expect(csvField("a,b") == "\"a,b\"")
        #expect(csvField("a;b", delimiter: ";") == "\"a;b\"")
        #expect(csvField("dit \"Le Marché\"") == "\"dit \"\"Le Marché\"\"\"")
        #expect(csvField("ligne\nsuivante") == "\"ligne\nsuivante\"")
        #expect(csvField("retour\rchariot") == "\"retour\rchariot\"")
        #expect(csvField("a\tb", delimiter: "\t") == "\"a\tb\"" && csvField("a;b") == "a;b")
        #expect(csvField("=SUM(A1)") == "'=SUM(A1)")
        #expect(csvField("+33 1 23") == "'+33 1 23")
        #expect(csvField("@cmd") == "'@cmd")
        #expect(csvField("-1.5") == "-1.5")
        #expect(csvField("-") == "'-")
    }
}

/// One CSV rule: tables for people in the French spreadsheet convention, tables for programs
/// in RFC 4180.
@Suite struct CSVDialectTests {
    @Test func spreadsheetTablesAreWhatFrenchExcelOpens() {
        let people = CSVDialect.spreadsheet
        #expect(people.preamble == "\u{FEFF}")
        #expect(people.line([people.field("Maison; quartier"), people.decimal(3.14159, digits: 2), people.number(1036)]) == "\"Maison; quartier\";3,14;1036\n")
        #expect(people.number(0.25) == "0,25" && people.number(-1e-7) == "-1e-07")
        #expect(people.number(12_345.5) == "12345,5" && people.decimal(2, digits: 1) == "2,0")
    }

    @Test func machineTablesStayRFC4180() {
        let programs = CSVDialect.machine
        #expect(programs.preamble.isEmpty)
        #expect(programs.line([programs.field("a,b"), programs.decimal(3.14159, digits: 2), programs.number(0.25)]) == "\"a,b\",3.14,0.25\n")
    }

    @Test func zoneTablesFollowTheirDialect() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var table = ZoneTable(
            layerName: "t", fields: [OutputField("code_iris", .string), OutputField("men", .real)], rows: [[.string("930100101"), .real(412.5)]])
        try table.write(to: folder.appendingPathComponent("machine.csv").path)
        table.csvDialect = .spreadsheet
        try table.write(to: folder.appendingPathComponent("people.csv").path)
        #expect(try String(contentsOf: folder.appendingPathComponent("machine.csv"), encoding: .utf8) == "code_iris,men\n930100101,412.5\n")
        // Compared as bytes: Foundation drops a byte-order mark when it decodes.
        #expect(try Data(contentsOf: folder.appendingPathComponent("people.csv")) == Data("\u{FEFF}code_iris;men\n930100101;412,5\n".utf8))
    }
}

@Suite struct FileProblemTests {
    /// Write failures say what is wrong in the planner's terms, not as raw system messages.
    @Test func commonFailuresAreNamed() {
        func posix(_ code: Int32) -> NSError { NSError(domain: NSPOSIXErrorDomain, code: Int(code)) }
        #expect(FileProblem.describe(posix(EACCES), folder: "/srv/sorties").contains("lecture seule"))
        #expect(FileProblem.describe(posix(EROFS), folder: "/mnt").contains("lecture seule"))
        #expect(FileProblem.describe(posix(ENOSPC), folder: "/tmp").contains("disque est plein"))
        #expect(FileProblem.describe(posix(ENOENT), folder: "/nowhere").contains("n'existe pas"))
    }

    /// A write into a folder that does not exist fails whole, with a clear reason, and leaves
    /// no partial file.
    @Test func aFailedWriteLeavesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allervers-absent-\(UUID().uuidString)")
        #expect(throws: ExportError.self) { try AtomicFile.write("x", to: folder.appendingPathComponent("a.csv").path) }
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}

/// A large GeoJSON written by GDAL in parts side by side is the file of one pass, byte for
/// byte, and leaves no part behind.
@Suite struct GeoJSONInPartsTests {
    func table() throws -> ZoneTable {
        let geometries = (0..<41).map { k -> MultiPolygon in
            let x: Double = 659_000 + Double(k % 7) * 210.5
            let y: Double = 6_866_000 + Double(k / 7) * 199.25
            let corners: [Point] = [Point(x: x, y: y), Point(x: x + 200.123, y: y), Point(x: x + 200, y: y + 190.7), Point(x: x, y: y + 190)]
            return MultiPolygon([Polygon(exterior: Ring(corners))])
        }
        var table = ZoneTable(
            layerName: "zones_risque", fields: [OutputField("code_iris", .string), OutputField("score", .real), OutputField("menages", .integer)],
            rows: (0..<41).map { k -> [FieldValue] in
                let code: FieldValue = .string(k == 3 ? "Zone « \"3\" »\nsuite" : "93010\(k)")
                let score: FieldValue = k % 5 == 0 ? .null : .real(Double(k) / 3)
                return [code, score, .integer(Int64(k * 11))]
            },
            geometries: geometries, crs: try SpatialReference(epsg: 2154))
        table.description = "Sources : Insee, Filosofi 2019 ; « features »: [ ]"
        return table
    }

    @Test func partsMakeTheFileOfOnePass() throws {
        let folder = try Fixtures.temporaryFolder()
        var table = try table()
        try table.write(to: folder.appendingPathComponent("one.geojson").path)
        table.zonesPerGeoJSONPart = 6
        for threads in [2, 3, 5] {
            table.threads = threads
            try table.write(to: folder.appendingPathComponent("parts\(threads).geojson").path)
            let one = try Data(contentsOf: folder.appendingPathComponent("one.geojson"))
            #expect(try Data(contentsOf: folder.appendingPathComponent("parts\(threads).geojson")) == one)
        }
        // The parts themselves, not a fallback to one pass.
        let direct = folder.appendingPathComponent("direct.geojson").path
        #expect(
            try GeoJSONInParts.write(
                table, geometries: table.geometries ?? [], crs: table.crs!, layerOptions: table.layerOptions(for: .geoJSON), to: direct, parts: 4))
        #expect(try Data(contentsOf: URL(fileURLWithPath: direct)) == Data(contentsOf: folder.appendingPathComponent("one.geojson")))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
                "direct.geojson", "one.geojson", "parts2.geojson", "parts3.geojson", "parts5.geojson",
            ])
    }

    @Test func partsOfAnotherLayoutAreNotJoined() {
        let part = Array("{\n\"type\": \"FeatureCollection\",\n\"features\": [\n{ \"a\": 1 }\n]\n}\n".utf8)
        #expect(GeoJSONInParts.join([part, part]) == Data("{\n\"type\": \"FeatureCollection\",\n\"features\": [\n{ \"a\": 1 },\n{ \"a\": 1 }\n]\n}\n".utf8))
        #expect(GeoJSONInParts.join([part, Array(part.dropLast())]) == nil)
        #expect(GeoJSONInParts.join([part, Array("{\n\"type\": \"Other\",\n\"features\": [\n{ \"a\": 1 }\n]\n}\n".utf8)]) == nil)
        #expect(GeoJSONInParts.join([Array("{ }".utf8)]) == nil)
    }
}
