import Foundation
import TestSupport
import Testing

/// The README a newcomer follows: short, its set-up the one CI runs.
@Suite struct ReadmeTests {
    @Test func theSetUpIsTheOneCIRuns() throws {
        let readme = try String(contentsOf: Fixtures.projectRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let ci = try String(contentsOf: Fixtures.projectRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(readme.split(separator: "\n", omittingEmptySubsequences: false).count <= 300)
        // One line of system packages, then the two commands: the demo and the tests.
        let commands = readme.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let packagesLine = try #require(commands.first { $0.hasPrefix("apt-get update && apt-get install") })
        let demo = try #require(commands.firstIndex(of: "swift run allervers demo"))
        let tests = try #require(commands.firstIndex(of: "swift test"))
        #expect(commands.firstIndex(of: packagesLine)! < demo && demo < tests)
        // CI runs the same test command, after installing the same packages.
        #expect(ci.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.trimmingCharacters(in: .whitespaces) == "swift test")
        let listed = Set(packagesLine.components(separatedBy: "install -y ").last!.split(separator: " ").map(String.init))
        let ciLine = try #require(ci.split(separator: "\n").first { $0.contains("for pkg in") })
        let installed = Set(ciLine.components(separatedBy: "for pkg in ").last!.components(separatedBy: ";").first!.split(separator: " ").map(String.init))
        #expect(listed == installed, "README \(listed.sorted()) vs .ci/run \(installed.sorted())")
        // Swift itself is said: the toolchain and its PATH line.
        #expect(readme.contains("export PATH=/opt/swift/usr/bin:$PATH"))
    }
}

/// The binary the tests run is the one built with them, beside the test bundle.
@Suite struct TestedBinaryTests {
    @Test func theBinaryIsTheOneBuiltWithTheTests() throws {
        let binary = URL(fileURLWithPath: Fixtures.executable).standardizedFileURL
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        #expect(runner.path.hasPrefix(binary.deletingLastPathComponent().path), "\(binary.path) vs \(runner.path)")
        let version = try Fixtures.run(["--version"])
        #expect(version.status == 0 && !version.stdout.isEmpty)
    }
}
