import ArgumentParser
import CommandOptions
import Foundation
import Support
import Workflows

/// `allervers bilan`: the bilan of a tour from the teams' filled passage sheets.
struct BilanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bilan",
        abstract: words(
            "Le bilan de la tournée pour le comité, d'après les feuilles de passage remplies par les équipes : personnes attendues et rencontrées, démarches, mois par mois."
        )
    )

    @OptionGroup var options: BilanOptions

    func run() throws { try reportingErrors { say(try BilanRun.run(options.request())) } }
}
