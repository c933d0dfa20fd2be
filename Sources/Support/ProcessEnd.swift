import Foundation

/// Large results a command leaves to the end of the process instead of freeing them piece by
/// piece just before it ends: on all of France the score's table and zones are hundreds of
/// thousands of arrays, about 0.1 s of one core to free when the system is about to take the
/// whole memory back at once anyway (clang's `-disable-free` does the same). Only once the
/// program has asked for it (`allervers`, at start); elsewhere (tests, another program using
/// the modules) `keep` does nothing and values are freed as usual.
public enum ProcessEnd {
    private final class Kept: @unchecked Sendable {
        let lock = NSLock()
        var values: [Any]?
    }
    private static let kept = Kept()

    /// From now on, what `keep` is given stays until the process ends.
    public static func leaveFreeingToTheSystem() {
        kept.lock.withLock { kept.values = kept.values ?? [] }
    }

    /// Holds `value` until the process ends (when asked for): the caller's own references then
    /// end without freeing anything.
    public static func keep(_ value: Any) {
        kept.lock.withLock { kept.values?.append(value) }
    }

    /// How many values are held (for tests).
    static var keptCount: Int { kept.lock.withLock { kept.values?.count ?? 0 } }
}
