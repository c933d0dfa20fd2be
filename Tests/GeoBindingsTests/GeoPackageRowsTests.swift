import Foundation
import GeoOracles
import GeometryCore
import TestSupport
import Testing

@testable import GeoBindings

/// The rows `GeoPackageRows` inserts after GDAL has closed the file, compared with the rows
/// GDAL's own feature API writes for the same features: same fids, same geometry blobs, same
/// values, same spatial index, same triggers, the same feature count and extent.
@Suite struct GeoPackageRowsTests {
    static let fields = [OutputField("code", .string), OutputField("share", .real), OutputField("rank", .integer), OutputField("day", .date)]

    static func shape(_ k: Int) -> OutputGeometry? {
        let x = 650_000 + Double(k) * 300.125, y = 6_860_000.3
        let outer = Ring([Point(x: x, y: y), Point(x: x + 200, y: y), Point(x: x + 200, y: y + 200.7), Point(x: x, y: y + 200.7)])
        let hole = Ring([Point(x: x + 50, y: y + 50), Point(x: x + 50, y: y + 150), Point(x: x + 150, y: y + 150), Point(x: x + 150, y: y + 50)])
        let second = Ring([Point(x: x + 250, y: y), Point(x: x + 290, y: y), Point(x: x + 270, y: y - 30.5)])
        switch k % 9 {
        case 0: return nil
        case 1: return .multiPolygon(MultiPolygon([Polygon(exterior: outer, holes: [hole]), Polygon(exterior: second, holes: [])]))
        case 2: return .multiPolygon(MultiPolygon([]))
        default: return .multiPolygon(MultiPolygon([Polygon(exterior: outer, holes: k % 2 == 0 ? [hole] : [])]))
        }
    }

    static func values(_ k: Int) -> [FieldValue] {
        let codes = ["z\(k)", "", "l'école « des Tilleuls »", "Saint-Étienne\n2", "\"guillemets\""]
        let share: FieldValue = k % 5 == 0 ? .null : (k % 11 == 0 ? .real(.nan) : .real(Double(k) / 3 - 7))
        return [.string(codes[k % codes.count]), share, k % 13 == 0 ? .null : .integer(Int64(k) * 1_000_003), .date(2026, 1 + k % 12, 1 + k % 28)]
    }

    /// Writes `count` zones, one by one through GDAL or in bulk; then, in the same file, a
    /// layer of points and one of lines.
    func write(_ path: String, count: Int, bulk: Bool, threads: Int = 2) throws {
        let writer = try VectorWriter(
            path: path, layerName: "zones", spatialReference: SpatialReference(epsg: 2154), geometry: .multiPolygon, fields: Self.fields)
        if bulk {
            try writer.add(count: count, threads: threads, geometry: { Self.shape($0) }, values: { Self.values($0) })
            // A feature added one by one after a batch follows it.
            try writer.add(geometry: Self.shape(count), values: Self.values(count))
        } else {
            for k in 0...count { try writer.add(geometry: Self.shape(k), values: Self.values(k)) }
        }
        try writer.addLayer(name: "points", spatialReference: SpatialReference(epsg: 2154), geometry: .point, fields: [OutputField("name", .string)])
        let point: @Sendable (Int) -> OutputGeometry? = { .point(Point(x: 651_000 + Double($0) * 0.1, y: 6_861_000 - Double($0))) }
        if bulk {
            try writer.add(count: 40, threads: threads, geometry: point, values: { [.string("p\($0)")] })
        } else {
            for k in 0..<40 { try writer.add(geometry: point(k), values: [.string("p\(k)")]) }
        }
        try writer.addLayer(name: "lines", spatialReference: SpatialReference(epsg: 2154), geometry: .lineString, fields: [OutputField("name", .string)])
        let line: @Sendable (Int) -> OutputGeometry? = { k in .lineString([Point(x: 652_000, y: 6_862_000 + Double(k)), Point(x: 652_100.5, y: 6_862_050)]) }
        if bulk {
            try writer.add(count: 3, threads: threads, geometry: line, values: { [.string("l\($0)")] })
        } else {
            for k in 0..<3 { try writer.add(geometry: line(k), values: [.string("l\(k)")]) }
        }
        // A table without shapes (GeoPackage's « attributes »).
        try writer.addLayer(name: "notes", spatialReference: nil, geometry: .none, fields: [OutputField("text", .string), OutputField("n", .real)])
        let note: @Sendable (Int) -> [FieldValue] = { [.string("note \($0) « x »"), .real(Double($0) / 7)] }
        if bulk {
            try writer.add(count: 700, threads: threads, geometry: { _ in nil }, values: note)
        } else {
            for k in 0..<700 { try writer.add(geometry: nil, values: note(k)) }
        }
        try writer.commit()
    }

    static let queries = [
        "SELECT fid, text, n FROM notes ORDER BY fid",
        "SELECT table_name, data_type, identifier, description FROM gpkg_contents ORDER BY table_name",
        "SELECT fid, hex(geom), code, share, rank, day FROM zones ORDER BY fid",
        "SELECT fid, hex(geom), name FROM points ORDER BY fid",
        "SELECT fid, hex(geom), name FROM lines ORDER BY fid",
        "SELECT id, minx, maxx, miny, maxy FROM rtree_zones_geom ORDER BY id",
        "SELECT id, minx, maxx, miny, maxy FROM rtree_points_geom ORDER BY id",
        "SELECT id, minx, maxx, miny, maxy FROM rtree_lines_geom ORDER BY id",
        "SELECT table_name, feature_count FROM gpkg_ogr_contents ORDER BY table_name",
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('trigger', 'table', 'index') AND name != 'sqlite_sequence' ORDER BY name",
        "SELECT * FROM gpkg_extensions ORDER BY table_name, extension_name",
        "SELECT * FROM gpkg_geometry_columns ORDER BY table_name",
    ]

    /// A row given fewer values than the table has fields leaves the others NULL, not the
    /// row before's (the insert rebinds every value of a full row, and clears them after a
    /// short one).
    @Test func aShortRowLeavesItsOtherFieldsNull() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder.appendingPathComponent("short.gpkg").path
        let writer = try VectorWriter(
            path: path, layerName: "zones", spatialReference: SpatialReference(epsg: 2154), geometry: .multiPolygon, fields: Self.fields)
        try writer.add(count: 6, threads: 2, geometry: { Self.shape($0 + 3) }, values: { k in k % 2 == 0 ? Self.values(k + 1) : [.string("short \(k)")] })
        try writer.commit()
        let rows = try GeoPackageOracle.rows(path, "SELECT hex(geom), code, share, rank, day FROM zones ORDER BY fid")
        #expect(rows.count == 6)
        for (k, row) in rows.enumerated() where k % 2 == 1 {
            #expect(row[0] != "NULL" && !row[0].isEmpty, "the short row's shape: \(row[0].prefix(20))")
            #expect(row[1] == "short \(k)" && row.dropFirst(2).allSatisfy { $0 == "NULL" }, "\(row.dropFirst())")
        }
        #expect(rows[2][3] != "NULL" && rows[4][4] != "NULL")
    }

    @Test func bulkRowsAreTheRowsGDALWrites() throws {
        let folder = try Fixtures.temporaryFolder()
        let count = GeoPackageRows.rowsPerBatch * 2 + 37
        let byGDAL = folder.appendingPathComponent("gdal.gpkg").path
        try write(byGDAL, count: count, bulk: false)
        for threads in [1, 2] {
            let inBulk = folder.appendingPathComponent("bulk\(threads).gpkg").path
            try write(inBulk, count: count, bulk: true, threads: threads)
            for query in Self.queries {
                let expected = try GeoPackageOracle.rows(byGDAL, query), found = try GeoPackageOracle.rows(inBulk, query)
                #expect(found == expected, "\(query)")
                #expect(!found.isEmpty, "\(query)")
            }
            // The extents: GDAL's own is rounded in its last bits; the bulk's is exact.
            let extentQuery = "SELECT table_name, min_x, min_y, max_x, max_y FROM gpkg_contents ORDER BY table_name"
            let expected = try GeoPackageOracle.rows(byGDAL, extentQuery), found = try GeoPackageOracle.rows(inBulk, extentQuery)
            #expect(found.map { $0[0] } == expected.map { $0[0] })
            for (a, b) in zip(found, expected) {
                for k in 1...4 {
                    // A table without shapes has no extent, in both.
                    guard let x = Double(a[k]), let y = Double(b[k]) else {
                        #expect(a[k] == b[k], "\(a) \(b)")
                        continue
                    }
                    #expect(abs(x - y) < 1e-6, "\(a) \(b)")
                }
            }
            if threads == 2 {
                let one = try Data(contentsOf: URL(fileURLWithPath: folder.appendingPathComponent("bulk1.gpkg").path))
                #expect(try Data(contentsOf: URL(fileURLWithPath: inBulk)) == one, "the same bytes whatever the threads")
            }
            // GDAL reads the file back, through its spatial index (zone 2 is empty: not indexed).
            let layer = try VectorDataset(path: inBulk).layer(named: "zones")
            #expect(layer.featureCount == count + 1)
            layer.setSpatialFilter(BoundingBox(minX: 650_000, minY: 6_860_000, maxX: 651_000, maxY: 6_860_100))
            var codes: [String] = []
            try layer.forEachFeature { codes.append($0.string(0) ?? "") }
            #expect(codes == [1, 3].map { Self.values($0)[0] }.map { if case .string(let s) = $0 { s } else { "" } })
        }
    }

    /// A packed spatial index is one SQLite accepts (`rtreecheck`) and keeps up through
    /// later edits: 6 000 points make a tree of three levels; GDAL then adds and deletes
    /// features through SQLite's own R*Tree code, and the index still finds what it should.
    @Test func aPackedIndexIsOneSQLiteKeepsUp() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder.appendingPathComponent("points.gpkg").path
        let count = 6_000
        let writer = try VectorWriter(
            path: path, layerName: "points", spatialReference: SpatialReference(epsg: 2154), geometry: .point, fields: [OutputField("k", .integer)],
            expectedFeatures: count)
        let point: @Sendable (Int) -> OutputGeometry? = { k in .point(Point(x: 600_000 + Double(k % 100) * 10.3, y: 6_800_000 + Double(k / 100) * 7.1)) }
        try writer.add(count: count, threads: 2, geometry: point, values: { [.integer(Int64($0))] })
        try writer.commit()
        #expect(try GeoPackageOracle.rows(path, "SELECT rtreecheck('rtree_points_geom')") == [["ok"]])
        // Root depth: bytes 0–1 of node 1; 6 000 entries in nodes of at most 51 make 3 levels.
        #expect(try GeoPackageOracle.rows(path, "SELECT hex(substr(data, 1, 2)) FROM rtree_points_geom_node WHERE nodeno = 1") == [["0002"]])
        func found(_ box: BoundingBox) throws -> [Int64] {
            let layer = try VectorDataset(path: path).layer(at: 0)
            layer.setSpatialFilter(box)
            var keys: [Int64] = []
            try layer.forEachFeature { keys.append($0.integer(0) ?? -1) }
            return keys.sorted()
        }
        let box = BoundingBox(minX: 600_100, minY: 6_800_050, maxX: 600_200, maxY: 6_800_100)
        let inside = (0..<count).filter { k in
            guard case .point(let p) = point(k) else { return false }
            return box.contains(p)
        }.map(Int64.init)
        #expect(inside.count > 50)
        #expect(try found(box) == inside)
        // Edits through GDAL and SQLite's R*Tree: delete every other point of the box, add one.
        let edited = try GeoPackageOracle.rows(
            path, "DELETE FROM points WHERE k IN (\(inside.enumerated().filter { $0.offset % 2 == 0 }.map { String($0.element) }.joined(separator: ",")))",
            update: true)
        #expect(edited.isEmpty)
        _ = try GeoPackageOracle.rows(path, "INSERT INTO points (geom, k) VALUES (MakePoint(600150, 6800075, 2154), 99999)", update: true)
        #expect(try GeoPackageOracle.rows(path, "SELECT rtreecheck('rtree_points_geom')") == [["ok"]])
        #expect(try found(box) == inside.enumerated().filter { $0.offset % 2 == 1 }.map(\.element) + [99_999])
    }

    /// A geometry's blob as the rows' batches write it, into an array of its size.
    func encoded(_ geometry: OutputGeometry, srsID: Int32) -> (blob: [UInt8], box: BoundingBox?) {
        var box: BoundingBox?
        let blob = [UInt8](unsafeUninitializedCapacity: GeoPackageBlob.size(geometry)) { buffer, initialized in
            guard let base = buffer.baseAddress.map(UnsafeMutableRawPointer.init) else { return }
            box = GeoPackageBlob.encode(geometry, srsID: srsID, into: base)
            initialized = buffer.count
        }
        return (blob, box)
    }

    /// The header and WKB of a hand-made triangle, byte by byte (GeoPackage 1.2, § 2.1.3).
    @Test func aTriangleIsEncodedAsTheStandardSays() {
        let triangle = MultiPolygon([Polygon(exterior: Ring([Point(x: 0, y: 0), Point(x: 2, y: 0), Point(x: 0, y: 1)]), holes: [])])
        let (blob, box) = encoded(.multiPolygon(triangle), srsID: 2154)
        func double(_ v: Double) -> [UInt8] { withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
        var expected: [UInt8] = [0x47, 0x50, 0, 0b0000_0011, 0x6A, 0x08, 0, 0]
        expected += double(0) + double(2) + double(0) + double(1)
        expected += [1, 6, 0, 0, 0, 1, 0, 0, 0] + [1, 3, 0, 0, 0, 1, 0, 0, 0] + [4, 0, 0, 0]
        for (x, y) in [(0.0, 0.0), (2, 0), (0, 1), (0, 0)] { expected += double(x) + double(y) }
        #expect(blob == expected)
        #expect(box == BoundingBox(minX: 0, minY: 0, maxX: 2, maxY: 1))
        let (empty, noBox) = encoded(.multiPolygon(MultiPolygon([])), srsID: 2154)
        #expect(empty == [0x47, 0x50, 0, 0b0001_0001, 0x6A, 0x08, 0, 0, 1, 6, 0, 0, 0, 0, 0, 0, 0])
        #expect(noBox == nil)
    }
}
