import ArgumentParser
import Foundation
import Support
import Workflows

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: fr(
            "Dire ce qu'est chaque fichier (carreaux, zones, effectifs CAF, lieux, fichiers AllerVers), comment il a été lu et ce qui semble anormal.",
            en: "Say what each file is (cells, zones, CAF counts, points), how it was read, and what looks wrong.")
    )

    @Argument(help: fr("Fichiers à examiner.", en: "Files to inspect."))
    var files: [String]

    @Option(
        name: .long,
        help: fr(
            "Correspondance des catégories de lieux (par défaut : celle fournie).", en: "Category mapping for points of interest (default: the bundled one)."))
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
                print("  \(errorPrefix)\(error)")
                FileHandle.standardError.write(Data("\(errorPrefix)\(error)\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
