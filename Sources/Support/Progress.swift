import Foundation

/// Progress on a terminal, nothing otherwise.
public final class TerminalProgress: @unchecked Sendable {
    private let total: Int
    private let label: String
    private var done = 0
    private let lock = NSLock()
    private let enabled = isatty(STDERR_FILENO) != 0
    private var lastPrinted = Date.distantPast
    private let started = Date()

    public init(label: String, total: Int) {
        self.label = label
        self.total = total
    }

    /// « zones 12 150 / 48 600 (25 %), 8 100 par seconde, reste environ 5 s »: the count, the
    /// rate, and the time left at that rate (once a second has passed, so it means something).
    public static func line(label: String, done: Int, total: Int, elapsed: TimeInterval) -> String {
        var text = "\(label) \(SpokenNumber.integer(Double(done))) / \(SpokenNumber.integer(Double(total)))"
        if total > 0 { text += " (\(Int((Double(done) / Double(total) * 100).rounded(.down)))\u{202F}%)" }
        guard elapsed >= 1, done > 0 else { return text }
        let rate = Double(done) / elapsed
        text += words(", %1$@ par seconde", SpokenNumber.integer(rate))
        if done < total {
            let left = Double(total - done) / rate
            let remaining = left < 60 ? "\(Int(left.rounded(.up)))\u{00A0}s" : "\(Int((left / 60).rounded(.up)))\u{00A0}min"
            text += words(", reste environ %1$@", remaining)
        } else {
            text += ", \(SpokenNumber.decimal(elapsed, digits: 1))\u{00A0}s"
        }
        return text
    }

    /// `advance` as a callback for the library's parallel loops.
    public var callback: @Sendable (Int) -> Void { { [self] count in advance(count) } }

    public func advance(_ count: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        done += count
        let now = Date()
        if now.timeIntervalSince(lastPrinted) > 0.2 || done >= total {
            lastPrinted = now
            // Cleared to the end of the line: the new text may be shorter than the last.
            let text = Self.line(label: label, done: done, total: total, elapsed: now.timeIntervalSince(started))
            FileHandle.standardError.write(Data("\r\(text)\u{1B}[K".utf8))
            if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }
}

/// Step messages on a terminal, nothing otherwise.
public final class StepProgress {
    public let total: Int
    public var index = 0
    public let enabled = isatty(STDERR_FILENO) != 0
    public init(total: Int) { self.total = total }
    public func start(_ name: String) {
        index += 1
        if enabled { FileHandle.standardError.write(Data("[\(index)/\(total)] \(name)…\n".utf8)) }
    }
    public func finish() {
        if enabled { FileHandle.standardError.write(Data(words("terminé\n").utf8)) }
    }
}
