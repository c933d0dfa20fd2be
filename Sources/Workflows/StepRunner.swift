import Foundation
import Inputs
import Support

/// The steps of a run, by their French names (run.json's keys, and the words' keys).
enum RunStep: String, Sendable {
    case territoryFile = "lecture du fichier de territoire"
    case inputs = "lecture des entrées"
    case scoring = "agrégation et score"
    case exports = "exports"
    case maps = "cartes"
    case tour = "tournée"
    case siting = "revue d'implantation"
    case layers = "couches QGIS"
    case report = "rapport"
    case dossier = "dossier"

    /// The step's name in the command line's language.
    var spoken: String { Words.text(rawValue, in: Language.current) }
}

/// The steps of a run: each named on the terminal and timed; a failure carries the step's name;
/// a step the inputs cannot feed (no places for a tour, a column a map draws) is said and
/// skipped, and the rest is written — its own command still fails.
final class StepRunner {
    private let progress: StepProgress
    /// Wall-clock seconds per step (run.json's only part that changes from run to run).
    private(set) var timings: [String: Double] = [:]
    /// The steps and maps not done, with the reason.
    private(set) var skipped: [String: String] = [:]

    init(total: Int) { progress = StepProgress(total: total) }

    func run<T>(_ step: RunStep, _ body: () throws -> T) throws -> T {
        progress.start(step.spoken)
        let started = Date()
        do {
            let result = try body()
            timings[step.rawValue] = (Date().timeIntervalSince(started) * 1000).rounded() / 1000
            return result
        } catch {
            throw StepError(step: step.spoken, underlying: error)
        }
    }

    func skip(_ step: RunStep, map: String? = nil, because error: InputError) {
        skipped[map ?? step.rawValue] = error.description
        let what =
            map.map { words("carte %1$@ non dessinée", $0) }
            ?? words("étape « %1$@ » non faite", step.spoken)
        Warnings.emit(words("%1$@ : %2$@ ; les autres sorties sont écrites", what, error))
    }

    /// A step whose inputs may lack what it needs: nil when skipped.
    func optional<T>(_ step: RunStep, _ body: () throws -> T) throws -> T? {
        do {
            return try run(step, body)
        } catch let failure as StepError {
            guard let error = failure.underlying as? InputError, error.stepCannotRun else { throw failure }
            skip(step, because: error)
            return nil
        }
    }

    func finish() { progress.finish() }
}
