import Foundation
import TestSupport
import Testing

/// The binary copied into a `bin/` folder with its bundle of files runs from any folder; without
/// the bundle it says what to copy, with the usage status.
@Suite struct InstalledBinaryTests {
    @Test func theBinaryAndItsBundleRunTheDemoFromAnyFolder() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let built = URL(fileURLWithPath: Fixtures.executable)
        let bin = folder.appendingPathComponent("bin"), elsewhere = folder.appendingPathComponent("ailleurs")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let binary = bin.appendingPathComponent("allervers")
        try FileManager.default.copyItem(at: built, to: binary)
        let bundleName = "AllerVers_BundledFiles.resources"
        try FileManager.default.copyItem(
            at: built.deletingLastPathComponent().appendingPathComponent(bundleName), to: bin.appendingPathComponent(bundleName))

        let demo = try Fixtures.runCopy(binary, ["demo", "-o", "bondy", "--date", "2026-11-22"], in: elsewhere)
        #expect(demo.status == 0, "\(demo.stderr)")
        let written = elsewhere.appendingPathComponent("bondy")
        for name in ["carte_risque.svg", "zones_risque.gpkg", "tournee/plan.csv", "run.json"] {
            #expect(FileManager.default.fileExists(atPath: written.appendingPathComponent(name).path), "\(name)")
        }

        // Without its bundle the binary names the folder to copy beside it.
        try FileManager.default.removeItem(at: bin.appendingPathComponent(bundleName))
        let lost = try Fixtures.runCopy(binary, ["demo", "-o", "encore"], in: elsewhere)
        #expect(lost.status == 2)
        #expect(lost.stderr.contains(bundleName) && lost.stderr.contains("Data/bondy/territory.toml"), "\(lost.stderr)")
        #expect(!FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("encore").path))
    }
}
