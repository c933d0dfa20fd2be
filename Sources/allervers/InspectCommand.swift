import ArgumentParser
import Foundation
import Workflows

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say what each file is (cells, zones, CAF counts, points), how it was read, and what looks wrong."
    )

    @Argument(help: "Files to inspect.")
    var files: [String]

    @Option(name: .long, help: "Category mapping for points of interest (default: the bundled one).")
    var mapping: String?

    @OptionGroup var workers: ThreadOptions

    func run() throws {
        var failures = 0
        for file in files {
            print("== \(file)")
            do {
                for line in try InputInspection.describe(file, mappingPath: mapping, threads: workers.threads) { print(line) }
            } catch {
                failures += 1
                print("  error: \(error)")
                FileHandle.standardError.write(Data("erreur / error: \(error)\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
