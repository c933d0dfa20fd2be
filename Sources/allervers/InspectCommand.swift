import ArgumentParser
import CommandOptions
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
        help: fr(
            "Correspondance des catégories de lieux (par défaut : celle fournie).", en: "Category mapping for points of interest (default: the bundled one)."))
    var mapping: String?

    @OptionGroup var workers: ThreadOptions

    func run() throws {
        let report = InputInspection.report(files, mappingPath: mapping, threads: workers.threads, errorPrefix: errorPrefix)
        FileHandle.standardOutput.write(Data(report.text.utf8))
        for error in report.errors { say("\(errorPrefix)\(error)\n") }
        if !report.errors.isEmpty { throw ExitCode(1) }
    }
}
