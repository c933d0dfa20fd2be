import Foundation
import GeometryCore
import TestSupport
import Testing

@testable import GeoBindings

/// Writing on a full or read-only disk ends in the user's terms, with no file left; before,
/// a GeoPackage said « no such table » and a GeoJSON was left cut short with exit status 0.
/// The disks are small tmpfs mounted for the test (as root, as CI runs).
@Suite(.serialized, .enabled(if: SmallDisk.canMount, "mounting a tmpfs needs root")) struct DiskProblemTests {
    func write(_ path: String, features: Int) throws {
        let writer = try VectorWriter(
            path: path, layerName: "points", spatialReference: SpatialReference(epsg: 2154), geometry: .point,
            fields: [OutputField("name", .string)])
        for i in 0..<features { try writer.add(geometry: .point(Point(x: 659_000 + Double(i), y: 6_866_000)), values: [.string("lieu \(i)")]) }
        try writer.commit()
    }

    @Test(arguments: ["points.geojson", "points.gpkg", "points.fgb"])
    func aFullDiskIsSaidAndLeavesNoFile(name: String) throws {
        try SmallDisk.withMount(options: "size=64k") { (folder: String) throws in
            // Filled to its last block.
            try? Data(count: 64 * 1024).write(to: URL(fileURLWithPath: folder + "/plein"))
            #expect {
                try write(folder + "/" + name, features: 5_000)
            } throws: { error in
                "\(error)".contains("le disque est plein") && "\(error)".contains(folder)
            }
            #expect(!FileManager.default.fileExists(atPath: folder + "/" + name))
            let left = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(left == ["plein"], "\(left)")
        }
    }

    /// A GeoPackage whose structure GDAL writes, and whose rows then fill the disk (they go in
    /// bulk once GDAL has closed the file): the same words, and no file left.
    @Test func aDiskFilledByTheBulkRowsIsSaidAndLeavesNoFile() throws {
        try SmallDisk.withMount(options: "size=256k") { (folder: String) throws in
            let path = folder + "/zones.gpkg"
            #expect {
                let writer = try VectorWriter(
                    path: path, layerName: "points", spatialReference: SpatialReference(epsg: 2154), geometry: .point,
                    fields: [OutputField("name", .string)])
                try writer.add(
                    count: 20_000, threads: 2, geometry: { .point(Point(x: 659_000 + Double($0), y: 6_866_000)) }, values: { [.string("lieu \($0)")] })
                try writer.commit()
            } throws: { error in
                "\(error)".contains("le disque est plein") && "\(error)".contains(folder) && "\(error)".contains("SQLite")
            }
            let left = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(left.isEmpty, "\(left)")
        }
    }

    @Test func aReadOnlyDiskIsSaid() throws {
        try SmallDisk.withMount(options: "ro,size=64k") { (folder: String) throws in
            #expect {
                try write(folder + "/points.gpkg", features: 1)
            } throws: { error in
                "\(error)".contains("monté en lecture seule")
            }
        }
    }
}

/// A tmpfs mounted in a fresh folder for one test, unmounted after.
enum SmallDisk {
    static func mount(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/" + arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    static let canMount: Bool = {
        guard geteuid() == 0, let folder = try? Fixtures.temporaryFolder() else { return false }
        guard mount(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", folder.path]) == 0 else { return false }
        return mount(["umount", folder.path]) == 0
    }()

    static func withMount(options: String, _ body: (String) throws -> Void) throws {
        let folder = try Fixtures.temporaryFolder().path
        try #require(mount(["mount", "-t", "tmpfs", "-o", options, "tmpfs", folder]) == 0)
        defer { _ = mount(["umount", folder]) }
        try body(folder)
    }
}
