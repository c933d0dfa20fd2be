import ArgumentParser
import CommandOptions
import Support
import Workflows

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: words("Choisir les arrêts d'aller-vers d'un mois : demi-journées, visites régulières, trajets et fichier iCalendar.")
    )

    @OptionGroup var options: PlanOptions

    func validate() throws { try validating { _ = try options.request } }

    func run() throws { try reportingErrors { say(PlanRun.closingText(try PlanRun.run(options.request))) } }
}
