import ArgumentParser
import BundledFiles
import CommandOptions
import Foundation
import Support
import Workflows

/// `allervers`: where people miss the social benefits they are owed, and where to meet them.
@main
struct AllerVers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allervers",
        abstract: words("Où le non-recours aux droits est le plus probable, et où aller à la rencontre des gens."),
        discussion: words(
            "Lit les carreaux Filosofi de 200 m, les contours IRIS, les effectifs Cafdata et les lieux ; agrège exactement les carreaux dans les zones.\nCode de sortie : 0 fait ; 1 entrée invalide (le message nomme le fichier, la ligne et le champ) ; 2 erreur d'usage (option manquante ou invalide).\nLangue : français ; --lang en (ou LANG=en_…) pour l'aide et les messages en anglais. Cartes, rapports et tables restent en français."
        ),
        version: AllerVersVersion.current,
        subcommands: [
            Demo.self, RunCommand.self, TerritoireCommand.self, BilanCommand.self, Inspect.self, Aggregate.self, Score.self, MapCommand.self,
            ReportCommand.self, PlanCommand.self, SitingCommand.self,
            NetworkCommand.self, TravelCommand.self, CheckCommand.self,
        ]
    )
}

extension AllerVers {
    /// Runs the command line; usage errors exit with status 2 (bad input: 1).
    static func main() {
        FreedMemory.keepFreedBlocks()
        ProcessEnd.leaveFreeingToTheSystem()
        PartialFiles.shared.removeOnInterruption()
        // The language is chosen here, once, from `--lang` or the locale; `--lang` never
        // reaches the parser.
        Language.speak(Language.detect(arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment))
        if let asked = Language.requested(in: Array(CommandLine.arguments.dropFirst())), Language(rawValue: asked.lowercased()) == nil {
            FileHandle.standardError.write(
                Data(Support.words("erreur : --lang doit être fr ou en (reçu : %1$@)\n", asked).utf8))
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot(Language.removingLanguage(from: Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch {
            // An error while an interruption is handled is the removal's doing: the handler
            // ends the process with the signal's status.
            PartialFiles.shared.waitIfInterrupted()
            exit(reporting: error)
        }
    }

    /// Prints an error the way its kind asks and exits: usage 2, bad input 1.
    private static func exit(reporting error: any Error) -> Never {
        switch error {
        case let error as UsageError:
            FileHandle.standardError.write(Data("\(errorPrefix)\(error)\n".utf8))
            Foundation.exit(2)
        case let error as BundledFiles.MissingFile:
            FileHandle.standardError.write(Data("\(errorPrefix)\(error)\n".utf8))
            Foundation.exit(2)
        default:
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = fullMessage(for: error)
                FileHandle.standardError.write(Data(((Language.current == .fr ? ParserFrench.translate(message) : message) + "\n").utf8))
                Foundation.exit(2)
            }
            // Help and --version: the parser's text, its headings in French when the line is.
            if code == .success, Language.current == .fr {
                let message = fullMessage(for: error)
                if !message.isEmpty { FileHandle.standardOutput.write(Data((ParserFrench.translate(message) + "\n").utf8)) }
                Foundation.exit(0)
            }
            exit(withError: error)
        }
    }
}

/// « erreur : » or « error: », before a message on stderr.
let errorPrefix = Support.words("erreur : ")

/// Runs a command body; any error is printed as one clear line on stderr and the process
/// exits with status 1 (argument problems keep swift-argument-parser's own status 64).
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ValidationError {
        throw error
    } catch let error as UsageError {
        throw error
    } catch let error as BundledFiles.MissingFile {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch {
        PartialFiles.shared.waitIfInterrupted()
        FileHandle.standardError.write(Data("\(errorPrefix)\(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// Writes a workflow's closing words on standard error.
func say(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
