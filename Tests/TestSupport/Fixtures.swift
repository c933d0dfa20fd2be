import Foundation

/// Paths to the project's own data and test fixtures, from the source tree (the tests need
/// nothing outside the project).
public enum Fixtures {
    public static let projectRoot: URL = {
        let here: String = #filePath
        return URL(fileURLWithPath: here).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    public static func bondy(_ name: String) -> String { projectRoot.appendingPathComponent("Data/bondy/\(name)").path }
    public static func data(_ name: String) -> String { projectRoot.appendingPathComponent("Data/\(name)").path }
    public static func bad(_ name: String) -> String { projectRoot.appendingPathComponent("Tests/BadInputs/\(name)").path }
    public static func osm(_ name: String) -> String { projectRoot.appendingPathComponent("Tests/Fixtures/osm/\(name)").path }
    public static let bondyStreets = bondy("rues_osm_2023-07-27.geojson")

    public static let bondyCells = bondy("carreaux_filosofi2019_bondy.csv")
    public static let bondyCellsGPKG = bondy("carreaux_filosofi2019_bondy_decoupe.gpkg")
    public static let iris93 = bondy("iris_2022_dep93_lambert93.geojson")
    public static let caf93 = bondy("cafdata_s_ben_com_f_dep93.csv")
    public static let equipements = bondy("equipements_bondy.geojson")
    public static let commerces = bondy("commerces_bondy.csv")
    public static let audeSample = data("samples/filosofi2019_200m_aude_6_cells.csv")

    /// A fresh temporary folder.
    public static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allervers-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes text to a new temporary file and returns its path.
    public static func temporaryFile(_ name: String, contents: String) throws -> String {
        let url = try temporaryFolder().appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The built `allervers` executable (debug or release, whichever `swift test` built).
    public static var executable: String {
        let here: String = #filePath
        _ = here
        let build = projectRoot.appendingPathComponent(".build")
        for config in ["debug", "release"] {
            let path = build.appendingPathComponent("\(config)/allervers").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return build.appendingPathComponent("debug/allervers").path
    }

    /// Runs the executable; returns its exit status, stdout and stderr.
    public static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runProcess(URL(fileURLWithPath: executable), arguments)
    }

    /// The arguments that score Bondy's 22 IRIS with its Cafdata file (add `-o`).
    public static let scoreBondyArguments = [
        "score", "--cells", bondyCells, "--zones", iris93, "--where", "INSEE_COM = '93010'", "--caf", caf93,
    ]

    /// Scores Bondy into `folder/bondy.geojson` (and its summary `bondy.json`) for the tests
    /// that start from a scored file; a failure fails the test that asked, with the message.
    public static func scoredBondy(in folder: URL) throws -> URL {
        let result = try run(
            scoreBondyArguments + [
                "-o", folder.appendingPathComponent("bondy.geojson").path, "--report", folder.appendingPathComponent("bondy.json").path,
            ])
        guard result.status == 0 else { throw FixtureError(message: "scoring Bondy failed: \(result.stderr)") }
        return folder
    }

    /// Runs a system tool found on PATH (rsvg-convert, ogrinfo, chromium).
    public static func runTool(_ name: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runProcess(URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments)
    }

    static func runProcess(_ url: URL, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes drained at once: a child that fills one while the other is read would wait forever.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

/// A fixture that could not be made (the binary failed on the bundled data, say).
public struct FixtureError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}
