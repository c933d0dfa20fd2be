import Foundation
import Inputs
import Support

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

    func run<T>(_ name: String, _ body: () throws -> T) throws -> T {
        progress.start(TerritoryRun.spokenStep(name))
        let started = Date()
        do {
            let result = try body()
            timings[name] = (Date().timeIntervalSince(started) * 1000).rounded() / 1000
            return result
        } catch {
            throw StepError(step: TerritoryRun.spokenStep(name), underlying: error)
        }
    }

    func skip(_ name: String, map: String? = nil, because error: InputError) {
        skipped[map ?? name] = error.description
        let what = map.map { words("carte %1$@ non dessinée", $0) }
            ?? words("étape « %1$@ » non faite", TerritoryRun.spokenStep(name))
        Warnings.emit(words("%1$@ : %2$@ ; les autres sorties sont écrites", what, error))
    }

    /// A step whose inputs may lack what it needs: nil when skipped.
    func optional<T>(_ name: String, _ body: () throws -> T) throws -> T? {
        do {
            return try run(name, body)
        } catch let failure as StepError {
            guard let error = failure.underlying as? InputError, error.stepCannotRun else { throw failure }
            skip(name, because: error)
            return nil
        }
    }

    func finish() { progress.finish() }
}
