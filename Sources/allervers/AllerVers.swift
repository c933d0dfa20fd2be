import ArgumentParser
import Foundation
import Support
import Workflows

/// `allervers`: where people miss the social benefits they are owed, and where to meet them.
@main
struct AllerVers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allervers",
        abstract: "Où le non-recours aux droits est le plus probable, et où aller à la rencontre des gens.",
        discussion: """
            Reads Filosofi 200 m cells, IRIS contours, Cafdata counts and points of interest; aggregates cells into zones exactly.
            Exit status: 0 done; 1 bad input (the message names the file, the line and the field); 2 usage error (an option missing or invalid).
            """,
        version: AllerVersVersion.current,
        subcommands: [
            Demo.self, RunCommand.self, Inspect.self, Aggregate.self, Score.self, MapCommand.self, ReportCommand.self, PlanCommand.self, SitingCommand.self,
            NetworkCommand.self, TravelCommand.self, CheckCommand.self,
        ]
    )
}

extension AllerVers {
    /// Runs the command line; usage errors exit with status 2 (bad input: 1).
    static func main() {
        PartialFiles.shared.removeOnInterruption()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("erreur / error: \(error)\n".utf8))
            Foundation.exit(2)
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Runs a command body; any error is printed as one clear line on stderr and the process
/// exits with status 1 (argument problems keep swift-argument-parser's own status 64).
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ValidationError {
        throw error
    } catch let error as UsageError {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("erreur / error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// `--threads`: the one worker count, handed to every parallel step. Outputs do not depend on it.
struct ThreadOptions: ParsableArguments {
    @Option(name: .long, help: "Worker threads (default: all cores). Outputs do not depend on it.")
    var threads: Int = defaultThreadCount

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }
}

/// A `--date`: a real day, YYYY-MM-DD, else a usage error.
func validateDateOption(_ text: String?) throws {
    do { try MapRun.validateDate(text) } catch let error as UsageError { throw ValidationError(error.description) }
}
