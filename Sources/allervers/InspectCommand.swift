import ArgumentParser
import CommandOptions
import Foundation
import Support
import Workflows

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words(
            "Dire ce qu'est chaque fichier (carreaux, zones, effectifs CAF, lieux, fichiers AllerVers), comment il a été lu et ce qui semble anormal.")
    )

    @Argument(help: words("Fichiers à examiner."))
    var files: [String]

    @Option(
        help: words("Correspondance des catégories de lieux (par défaut : celle fournie)."))
    var mapping: String?

    @OptionGroup var workers: ThreadOptions

    func run() throws {
        let report = InputInspection.report(files, mappingPath: mapping, threads: workers.threads, errorPrefix: errorPrefix)
        FileHandle.standardOutput.write(Data(report.text.utf8))
        for error in report.errors { say("\(errorPrefix)\(error)\n") }
        if !report.errors.isEmpty { throw ExitCode(1) }
    }
}
