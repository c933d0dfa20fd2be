import Foundation

/// Wall time of a job's phases, printed on standard error when `ALLERVERS_TIMINGS` is set:
/// where the time goes, for benchmarks and profiles. Silent otherwise.
public enum PhaseTimer {
    public static let enabled = ProcessInfo.processInfo.environment["ALLERVERS_TIMINGS"] != nil

    /// When the first phase started: the phases' ends are told from it (to place them on a
    /// profile's timeline).
    private static let firstStart = DispatchTime.now().uptimeNanoseconds

    /// Runs `body`, saying how long it took under `name`, and when it ended.
    public static func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let origin = firstStart, started = DispatchTime.now().uptimeNanoseconds
        defer {
            let now = DispatchTime.now().uptimeNanoseconds
            let seconds = Double(now - started) / 1e9, end = Double(now - origin) / 1e9
            FileHandle.standardError.write(Data(String(format: "temps %@ : %.3f s (fin à %.3f s)\n", name, seconds, end).utf8))
        }
        return try body()
    }
}
