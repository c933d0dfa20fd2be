import ArgumentParser
import CommandOptions
import Documents
import Outreach
import Support
import Workflows

struct SitingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "siting",
        abstract: words("Examiner les points d'accueil : qui est à plus de 20 ou 30 minutes, et quels sites ajoutés aideraient le plus.")
    )

    @OptionGroup var options: SitingOptions

    func validate() throws { try validating { try options.request.validate() } }

    func run() throws { try reportingErrors { say(try SitingRun.run(options.request).summaryLine) } }
}
