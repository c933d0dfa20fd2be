import Foundation

/// Progress on a terminal, nothing otherwise.
public final class TerminalProgress: @unchecked Sendable {
    private let total: Int
    private let label: String
    private var done = 0
    private let lock = NSLock()
    private let enabled = isatty(STDERR_FILENO) != 0
    private var lastPrinted = Date.distantPast

    public init(label: String, total: Int) {
        self.label = label
        self.total = total
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
            FileHandle.standardError.write(Data("\r\(label) \(done)/\(total)".utf8))
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
        if enabled { FileHandle.standardError.write(Data("terminé\n".utf8)) }
    }
}
