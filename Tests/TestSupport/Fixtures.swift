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

    /// The folder that holds this test process's temporary folders, removed with everything in
    /// it when the process ends (a thousand folders a run were left in the system's
    /// temporary folder before).
    private static let runFolder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allervers-tests-\(UUID().uuidString)")
        atexit { try? FileManager.default.removeItem(at: Fixtures.runFolder) }
        return url
    }()

    /// A fresh temporary folder, removed when the test process ends.
    public static func temporaryFolder() throws -> URL {
        let url = runFolder.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes text to a new temporary file and returns its path.
    public static func temporaryFile(_ name: String, contents: String) throws -> String {
        let url = try temporaryFolder().appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The `allervers` executable `swift test` built with these tests: the one beside the test
    /// bundle (same configuration, built first, as CommandLineTests depends on it), never a
    /// stale binary of another configuration.
    public static var executable: String {
        let runner = URL(fileURLWithPath: CommandLine.arguments.first ?? "").standardizedFileURL
        var folder = runner.deletingLastPathComponent()
        // The runner may sit inside the bundle (`…/debug/AllerVersPackageTests.xctest`).
        while folder.path != "/" && folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        for candidate in [folder, folder.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("allervers").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return projectRoot.appendingPathComponent(".build/debug/allervers").path
    }

    /// Runs the executable; returns its exit status, stdout and stderr. The locale is fixed
    /// (`LANG=C.UTF-8`: French messages) unless `environment` says otherwise.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        var variables = ProcessInfo.processInfo.environment
        for key in ["LC_ALL", "LC_MESSAGES"] { variables[key] = nil }
        variables["LANG"] = "C.UTF-8"
        variables.merge(environment) { _, new in new }
        return try runProcess(URL(fileURLWithPath: executable), arguments, environment: variables)
    }

    /// Runs a copy of the executable from `directory`, with the tests' locale and without
    /// `ALLERVERS_DATA`: what an installed binary does.
    public static func runCopy(_ binary: URL, _ arguments: [String], in directory: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        var variables = ProcessInfo.processInfo.environment
        for key in ["LC_ALL", "LC_MESSAGES", "ALLERVERS_DATA"] { variables[key] = nil }
        variables["LANG"] = "C.UTF-8"
        return try runProcess(binary, arguments, environment: variables, directory: directory)
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

    /// The rows of a CSV AllerVers wrote, by column name: either convention (`;` with a
    /// byte-order mark for people, `,` for programs); fields are not quoted in these tests.
    public static func csvRows(_ path: String) throws -> [[String: String]] {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(separator: "\n").map(String.init)
        guard let first = lines.first else { return [] }
        let delimiter: Character = first.contains(";") ? ";" : ","
        let header = first.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            Dictionary(header.indices.map { (header[$0], "") }, uniquingKeysWith: { a, _ in a })
                .merging(zip(header, line.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)), uniquingKeysWith: { _, b in b })
        }
    }

    /// A number written either way (`3,5` for people, `3.5` for programs).
    public static func number(_ text: String?) -> Double? { text.flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) } }

    /// Runs a system tool found on PATH (rsvg-convert, ogrinfo, chromium).
    public static func runTool(_ name: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runProcess(URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments)
    }

    static func runProcess(_ url: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes drained at once: a child that fills one while the other is read would wait forever.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        let outDescriptor = out.fileHandleForReading.fileDescriptor, errDescriptor = err.fileHandleForReading.fileDescriptor
        DispatchQueue.global().async(group: group) { outData = drain(outDescriptor) }
        errData = drain(errDescriptor)
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

/// Everything a pipe gives until its end, retrying reads a signal interrupts (Foundation's
/// `readDataToEndOfFile` traps on EINTR when many child processes end around it).
func drain(_ descriptor: Int32) -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if got > 0 {
            data.append(contentsOf: buffer[0..<got])
        } else if got < 0 && errno == EINTR {
            continue
        } else {
            return data
        }
    }
}

/// A fixture that could not be made (the binary failed on the bundled data, say).
public struct FixtureError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}

/// The names a map places in its group `id` (« noms-iris »), with the box each covers (the
/// map's own estimate: about 0.31 em a character each side of the centre, in pixels).
public enum MapLabels {
    public struct Label: Sendable {
        public var name: String
        public var minX: Double, minY: Double, maxX: Double, maxY: Double
    }

    public static func labels(in svg: String, group id: String, fontSize: Double) throws -> [Label] {
        guard let start = svg.range(of: "<g id=\"\(id)\""), let end = svg.range(of: "</g>", range: start.upperBound..<svg.endIndex) else { return [] }
        let body = String(svg[start.upperBound..<end.lowerBound])
        let pattern = try NSRegularExpression(pattern: #"<text x="([-0-9.]+)" y="([-0-9.]+)">([^<]*)</text>"#)
        return pattern.matches(in: body, range: NSRange(body.startIndex..., in: body)).compactMap { match in
            guard let x = Double(body[Range(match.range(at: 1), in: body)!]), let y = Double(body[Range(match.range(at: 2), in: body)!]) else { return nil }
            let name = String(body[Range(match.range(at: 3), in: body)!])
            let half = Double(name.count) * fontSize * 0.31 + 2
            return Label(name: name, minX: x - half, minY: y - fontSize - 1, maxX: x + half, maxY: y + fontSize * 0.3 + 1)
        }
    }

    /// Pairs of labels whose boxes meet.
    public static func overlaps(_ labels: [Label]) -> [(String, String)] {
        var pairs: [(String, String)] = []
        for i in labels.indices {
            for j in labels.indices where j > i {
                let a = labels[i], b = labels[j]
                if a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY { pairs.append((a.name, b.name)) }
            }
        }
        return pairs
    }
}

extension Fixtures {
    /// A national cells file in the 2019 layout, as INSEE publishes one for the country:
    /// Bondy's 164 cells and the Aude's 1 093 under Bondy's header (a column the Aude file
    /// lacks is 0).
    public static func nationalCells() throws -> String {
        let bondy = try String(contentsOfFile: bondyCells, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = bondy[0].split(separator: ",").map(String.init)
        let aude = try String(contentsOfFile: data("aude/carreaux_filosofi2019_bram.csv"), encoding: .utf8).split(separator: "\n")
        let audeHeader = aude[0].split(separator: ",").map(String.init)
        var lines = bondy
        for line in aude.dropFirst() {
            let values = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            lines.append(header.map { name in audeHeader.firstIndex(of: name).map { values[$0] } ?? "0" }.joined(separator: ","))
        }
        return try temporaryFile("carreaux_200m_met.csv", contents: lines.joined(separator: "\n") + "\n")
    }

    /// The Aude territory file written into `folder` with absolute paths to the bundled files,
    /// then changed by `edit` (a name, another places list); returns its path.
    public static func audeTerritory(in folder: URL, edit: (String) -> String = { $0 }) throws -> String {
        let aude = data("aude")
        let toml = try String(contentsOfFile: aude + "/territory.toml", encoding: .utf8)
            .replacingOccurrences(of: "path = \"c", with: "path = \"\(aude)/c")
            .replacingOccurrences(of: "\"lieux_bram.csv\"", with: "\"\(aude)/lieux_bram.csv\"")
            .replacingOccurrences(of: "\"../", with: "\"\(aude)/../")
        let path = folder.appendingPathComponent("territory.toml").path
        try edit(toml).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
