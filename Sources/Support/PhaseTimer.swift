import Foundation

/// Wall time of a job's phases, printed on standard error when `ALLERVERS_TIMINGS` is set:
/// where the time goes, for benchmarks and profiles. Silent otherwise.
public enum PhaseTimer {
    public static let enabled = ProcessInfo.processInfo.environment["ALLERVERS_TIMINGS"] != nil

    /// Runs `body`, saying how long it took under `name`.
    public static func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let started = DispatchTime.now().uptimeNanoseconds
        defer {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            FileHandle.standardError.write(Data(String(format: "temps %@ : %.3f s\n", name, seconds).utf8))
        }
        return try body()
    }
}
