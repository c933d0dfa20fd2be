import Foundation
import GeometryCore
import TestSupport
import Testing

@testable import GeoBindings

/// The one place AllerVers calls GDAL and PROJ: coordinates, errors, and handles owned by
/// Swift values that free them.
@Suite struct CoordinateTests {
    /// Lambert-93 ↔ WGS 84 and back, on Bondy's town hall and on a known geodetic point.
    @Test func lambert93AndWGS84RoundTrip() throws {
        let lambert93 = try SpatialReference(epsg: 2154), wgs84 = try SpatialReference(epsg: 4326)
        #expect(lambert93.isProjected && wgs84.isGeographic)
        #expect(lambert93.epsgCode == 2154 && wgs84.authorityCode == "EPSG:4326")
        let toLonLat = try CoordinateTransformer(from: lambert93, to: wgs84)
        let toLambert = try CoordinateTransformer(from: wgs84, to: lambert93)
        // Lambert-93's own origin: 3° E on the 46.5° N parallel is (700 000, 6 600 000).
        let origin = try toLambert.transform(Point(x: 3, y: 46.5))
        #expect(abs(origin.x - 700_000) < 0.01 && abs(origin.y - 6_600_000) < 0.01, "\(origin)")
        var points = [Point(x: 659_000, y: 6_866_000), Point(x: 700_000, y: 6_600_000), Point(x: 1_000_000, y: 6_200_000)]
        let original = points
        try toLonLat.transform(&points)
        // Longitude first (GIS order), whatever the CRS's axis order.
        #expect(points[0].x > 2 && points[0].x < 3 && points[0].y > 48 && points[0].y < 49, "\(points[0])")
        try toLambert.transform(&points)
        for (a, b) in zip(points, original) { #expect(a.distance(to: b) < 1e-6) }
    }

    /// Shapes that share vertices (two squares with a common side, a hole touching its
    /// exterior) are transformed once per distinct vertex, and the result is bit for bit that of
    /// transforming every vertex on its own.
    @Test func sharedVerticesAreTransformedOnceWithTheSameBits() throws {
        let lambert93 = try SpatialReference(epsg: 2154), grid = try SpatialReference(epsg: 3035)
        let transformer = try CoordinateTransformer(from: lambert93, to: grid)
        func square(_ x: Double, _ y: Double, _ side: Double) -> [Point] {
            [Point(x: x, y: y), Point(x: x + side, y: y), Point(x: x + side, y: y + side), Point(x: x, y: y + side), Point(x: x, y: y)]
        }
        let left = MultiPolygon([Polygon(exterior: Ring(square(659_000, 6_866_000, 100)), holes: [Ring(square(659_000, 6_866_000, 10))])])
        let right = MultiPolygon([Polygon(exterior: Ring(square(659_100, 6_866_000, 100)))])
        let shapes = [left, right, left]
        let shared = try transformer.transform(shapes)
        for (shape, result) in zip(shapes, shared) {
            for (polygon, transformed) in zip(shape.polygons, result.polygons) {
                for (ring, ringOut) in zip(polygon.rings, transformed.rings) {
                    var alone = ring.points
                    try transformer.transform(&alone)
                    #expect(alone.map(\.x.bitPattern) == ringOut.points.map(\.x.bitPattern))
                    #expect(alone.map(\.y.bitPattern) == ringOut.points.map(\.y.bitPattern))
                }
            }
        }
        // 9 distinct vertices among 20 (rings are stored open): 4 corners and 3 of the hole
        // (its corner is the exterior's), 2 of the right square (its left side is the left
        // one's right side), none from the repeated shape.
        let total = shapes.reduce(0) { $0 + $1.vertexCount }
        let table = SharedVertices(shapes)
        #expect(total == 20 && table.references.count == total && table.distinct.count == 9)
        #expect(table.references.map { table.distinct[Int($0)] } == shapes.flatMap { $0.polygons.flatMap { $0.rings.flatMap(\.points) } })
        // A table emptied after every shape (a window of 4 vertices): each shape's vertices
        // are kept apart, and every vertex still maps to its own coordinates.
        let windowed = SharedVertices(shapes, window: 4)
        #expect(windowed.distinct.count == 7 + 4 + 7)
        #expect(windowed.references.map { windowed.distinct[Int($0)] } == shapes.flatMap { $0.polygons.flatMap { $0.rings.flatMap(\.points) } })
        // A list of cells' corners (two 200 m cells side by side: 6 distinct of 8), shared.
        let corners = Array(square(659_000, 6_866_000, 200).dropLast() + square(659_200, 6_866_000, 200).dropLast())
        #expect(SharedVertices(points: corners).distinct.count == 6)
        var each = corners
        try transformer.transform(&each)
        var sharing = corners
        try transformer.transformSharing(&sharing)
        #expect(sharing.map(\.x.bitPattern) == each.map(\.x.bitPattern) && sharing.map(\.y.bitPattern) == each.map(\.y.bitPattern))
    }

    @Test func anUnknownCRSIsAClearError() {
        do {
            _ = try SpatialReference(epsg: 999_999)
            Issue.record("EPSG:999999 accepted")
        } catch {
            #expect(error.description.contains("999999"), "\(error)")
        }
        #expect(throws: GeoError.self) { try SpatialReference(definition: "ceci n'est pas un CRS") }
    }

    /// Hundreds of handles made and dropped: each Swift value frees its own (a leak or a
    /// double free would show under the sanitizer and as a crash here).
    @Test func handlesAreFreedByTheirOwners() throws {
        for _ in 0..<200 {
            let transformer = try CoordinateTransformer(from: SpatialReference(epsg: 2154), to: SpatialReference(epsg: 3035))
            _ = try transformer.transform(Point(x: 659_000, y: 6_866_000))
        }
    }
}

@Suite struct VectorFileTests {
    @Test func aMissingFileNamesItsPath() {
        do {
            _ = try VectorDataset(path: "/nonexistent/zones.gpkg")
            Issue.record("a missing file opened")
        } catch {
            #expect(error.path == "/nonexistent/zones.gpkg")
            #expect(error.description.contains("/nonexistent/zones.gpkg"))
        }
    }

    /// A writer that is not committed leaves nothing: its temporary file goes with it.
    @Test func anUncommittedWriterLeavesNoFile() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder.appendingPathComponent("points.gpkg").path
        do {
            let writer = try VectorWriter(
                path: path, layerName: "points", spatialReference: SpatialReference(epsg: 4326), geometry: .point,
                fields: [OutputField("name", .string)]
            )
            try writer.add(geometry: .point(Point(x: 2.48, y: 48.9)), values: [.string("Bondy")])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// Written, committed, read back: the values, the CRS and the point survive.
    @Test func aCommittedFileReadsBack() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder.appendingPathComponent("points.gpkg").path
        let writer = try VectorWriter(
            path: path, layerName: "points", spatialReference: SpatialReference(epsg: 2154), geometry: .point,
            fields: [OutputField("name", .string), OutputField("count", .integer), OutputField("share", .real)]
        )
        try writer.add(geometry: .point(Point(x: 659_000.25, y: 6_866_000.5)), values: [.string("Mairie « A »"), .integer(7), .null])
        try writer.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["points.gpkg"])
        let layer = try VectorDataset(path: path).layer(at: 0)
        #expect(layer.spatialReference?.epsgCode == 2154)
        #expect(layer.fields.map(\.name) == ["name", "count", "share"])
        var seen = 0
        try layer.forEachFeature { feature in
            seen += 1
            #expect(feature.string(0) == "Mairie « A »")
            #expect(feature.double(1) == 7)
            #expect(feature.double(2) == nil)
            #expect(feature.representativePoint() == Point(x: 659_000.25, y: 6_866_000.5))
        }
        #expect(seen == 1)
    }

    /// Features built on another thread while GDAL writes the batch before give the file of
    /// one pass, byte for byte (several batches, the last one partial; polygons with a hole;
    /// GeoJSON, as GeoPackages take their rows in bulk: `GeoPackageRowsTests`).
    @Test func featuresBuiltBesideTheWritingGiveTheSameFile() throws {
        let folder = try Fixtures.temporaryFolder()
        let count = VectorWriter.featuresPerBatch * 2 + 37
        let shape: @Sendable (Int) -> OutputGeometry? = { k in
            let x = Double(k) * 300
            let outer = Ring([Point(x: x, y: 0), Point(x: x + 200, y: 0), Point(x: x + 200, y: 200), Point(x: x, y: 200)])
            let hole = Ring([Point(x: x + 50, y: 50), Point(x: x + 50, y: 150), Point(x: x + 150, y: 150), Point(x: x + 150, y: 50)])
            return k % 7 == 0 ? nil : .multiPolygon(MultiPolygon([Polygon(exterior: outer, holes: k % 2 == 0 ? [hole] : [])]))
        }
        let values: @Sendable (Int) -> [FieldValue] = { k in [.string("z\(k)"), k % 5 == 0 ? .null : .real(Double(k) / 3), .integer(Int64(k))] }
        var files: [Data] = []
        for threads in [1, 2] {
            let path = folder.appendingPathComponent("zones\(threads).geojson").path
            let writer = try VectorWriter(
                path: path, layerName: "zones", spatialReference: SpatialReference(epsg: 2154), geometry: .multiPolygon,
                fields: [OutputField("code", .string), OutputField("share", .real), OutputField("rank", .integer)]
            )
            try writer.add(count: count, threads: threads, geometry: shape, values: values)
            try writer.commit()
            files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(files[0] == files[1])
        let layer = try VectorDataset(path: folder.appendingPathComponent("zones2.geojson").path).layer(at: 0)
        var codes: [String] = []
        try layer.forEachFeature { codes.append($0.string(0) ?? "") }
        #expect(codes == (0..<count).map { "z\($0)" })
    }

    /// A GeoPackage announced large is written with SQLite pages of 64 kB (the page size is
    /// bytes 16–17 of the file's header, 1 meaning 65 536), a small one with 4 kB pages; both
    /// read back the same features.
    @Test func largeGeoPackagesGetLargePages() throws {
        let folder = try Fixtures.temporaryFolder()
        func write(_ count: Int, announced: Int?) throws -> (pageSize: Int, names: [String]) {
            let path = folder.appendingPathComponent("points\(count)-\(announced ?? 0).gpkg").path
            let writer = try VectorWriter(
                path: path, layerName: "points", spatialReference: SpatialReference(epsg: 2154), geometry: .point,
                fields: [OutputField("name", .string)], expectedFeatures: announced)
            try writer.add(count: count, threads: 2, geometry: { .point(Point(x: 650_000 + Double($0), y: 6_860_000)) }, values: { [.string("p\($0)")] })
            try writer.commit()
            let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(18)
            let raw = Int(header[16]) << 8 | Int(header[17])
            var names: [String] = []
            try VectorDataset(path: path).layer(at: 0).forEachFeature { names.append($0.string(0) ?? "") }
            return (raw == 1 ? 65_536 : raw, names)
        }
        let large = VectorWriter.largePageFeatures
        let announced = try write(large, announced: large)
        #expect(announced.pageSize == 65_536)
        #expect(announced.names == (0..<large).map { "p\($0)" })
        #expect(try write(large, announced: nil).pageSize == 4_096)
        #expect(try write(10, announced: 10).pageSize == 4_096)
    }

    /// A GeoPackage read on several threads gives the features of one pass, in its order; the
    /// error is the one a single pass meets first (the smallest failing FID), whichever
    /// thread meets it.
    @Test func aGeoPackageReadInPartsIsReadInOnePass() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder.appendingPathComponent("points.gpkg").path
        let writer = try VectorWriter(
            path: path, layerName: "points", spatialReference: SpatialReference(epsg: 2154), geometry: .point,
            fields: [OutputField("name", .string)]
        )
        for k in 0..<101 { try writer.add(geometry: .point(Point(x: Double(k), y: 1)), values: [.string("p\(k)")]) }
        try writer.commit()
        let layer = try VectorDataset(path: path).layer(at: 0)
        var single: [String] = []
        try layer.forEachFeature { single.append($0.string(0) ?? "") }
        for threads in [1, 2, 3, 8] {
            let read = try layer.mapFeatures(threads: threads, perThread: 10) { $0.string(0) ?? "" }
            #expect(read == single)
        }
        // Fields left unread are null in every part; the others are read as before.
        try layer.ignoreFields(["name"])
        #expect(layer.ignoredFields == ["name"])
        for threads in [1, 3] {
            let read = try layer.mapFeatures(threads: threads, perThread: 10) { feature in
                (feature.string(0), feature.representativePoint()?.x)
            }
            #expect(read.map(\.0).allSatisfy { $0 == nil })
            #expect(read.map(\.1) == (0..<101).map { Double($0) })
        }
        try layer.ignoreFields([])
        // A filter on the attributes keeps the same features in every part; with a filter on
        // space, one pass.
        try layer.setAttributeFilter("name LIKE 'p1%' OR name = 'p7'")
        #expect(layer.attributeFilter == "name LIKE 'p1%' OR name = 'p7'")
        let kept = ["p1", "p7"] + (10...19).map { "p\($0)" } + ["p100"]
        for threads in [1, 3] { #expect(try layer.mapFeatures(threads: threads, perThread: 2) { $0.string(0) ?? "" } == kept) }
        try layer.setAttributeFilter(nil)
        layer.setSpatialFilter(BoundingBox(minX: 9.5, minY: 0, maxX: 20.5, maxY: 2))
        #expect(try layer.mapFeatures(threads: 3, perThread: 2) { $0.string(0) ?? "" } == (10...20).map { "p\($0)" })
        layer.setSpatialFilter(nil)
        struct Refused: Error, Equatable { var name: String }
        for threads in [1, 2, 3] {
            #expect(throws: Refused(name: "p40")) {
                try layer.mapFeatures(threads: threads, perThread: 10) { feature -> String in
                    let name = feature.string(0) ?? ""
                    if name == "p40" || name == "p41" || name == "p77" { throw Refused(name: name) }
                    return name
                }
            }
        }
        // FIDs with a hole (features deleted): each part its share of the FIDs' range,
        // however few of them remain there; the same features.
        let holed = folder.appendingPathComponent("holed.gpkg").path
        try FileManager.default.copyItem(atPath: path, toPath: holed)
        try SQLiteConnection(path: holed).execute("DELETE FROM points WHERE fid BETWEEN 20 AND 90")
        let sparse = try VectorDataset(path: holed).layer(at: 0)
        let remaining = (0..<19).map { "p\($0)" } + (90..<101).map { "p\($0)" }
        for threads in [1, 2, 3, 8] { #expect(try sparse.mapFeatures(threads: threads, perThread: 5) { $0.string(0) ?? "" } == remaining) }
    }
}
