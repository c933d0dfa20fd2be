import Dispatch
import Foundation

/// Files and folders being written under a temporary name, removed if the process is
/// interrupted (Ctrl-C, SIGTERM, a file-size limit): an interrupted run leaves the previous
/// outputs intact and nothing half-written behind.
public final class PartialFiles: @unchecked Sendable {
    public static let shared = PartialFiles()
    private var paths: Set<String> = []
    /// Moves to undo on interruption (from → to): a previous folder set aside during a swap.
    private var restores: [String: String] = [:]
    private let lock = NSLock()
    /// Held while a finished output replaces the previous one, so that an interruption
    /// lands either before the swap (previous outputs kept) or after it (new outputs whole),
    /// never in the middle. The interruption handler takes it and never gives it back.
    private let swapLock = NSLock()
    private var swapped: [String] = []
    private var sources: [DispatchSourceSignal] = []
    /// Set by the interruption handler before it removes anything: from then on no partial
    /// file is begun, and a thread that would begin one, or end the process on its own (an
    /// error caused by the removal), waits for the handler to end the process instead.
    private var interrupted = false

    /// Registers a path about to be written. After an interruption, waits for the end.
    public func register(_ path: String) {
        lock.lock()
        guard !interrupted else {
            lock.unlock()
            Self.waitForTheEnd()
        }
        paths.insert(path)
        lock.unlock()
    }

    /// Creates partial files or folders (`body`) and registers them in one step that an
    /// interruption cannot split: the handler removes them whole, or finds nothing begun.
    /// `body` may throw (a lock held by another run): nothing is registered then.
    public func creating<T, Failure: Error>(_ created: [String], _ body: () throws(Failure) -> T) throws(Failure) -> T {
        lock.lock()
        guard !interrupted else {
            lock.unlock()
            Self.waitForTheEnd()
        }
        defer { lock.unlock() }
        let result = try body()
        paths.formUnion(created)
        return result
    }

    /// Called before the process ends on its own (an error, the end of a command): when an
    /// interruption is being handled, its errors are the removal's doing; the handler ends the
    /// process with the signal's status, so wait for it rather than report them.
    public func waitIfInterrupted() {
        lock.lock()
        let stopping = interrupted
        lock.unlock()
        if stopping { Self.waitForTheEnd() }
    }

    private static func waitForTheEnd() -> Never {
        while true { sleep(3600) }
    }

    public func unregister(_ path: String) {
        lock.lock()
        paths.remove(path)
        lock.unlock()
    }

    /// On interruption, `from` goes back to `to` if `to` is missing.
    public func registerRestore(from: String, to: String) {
        lock.lock()
        restores[from] = to
        lock.unlock()
    }

    public func unregisterRestore(from: String) {
        lock.lock()
        restores.removeValue(forKey: from)
        lock.unlock()
    }

    /// Runs `body` (the renames that put finished outputs in place of the previous ones)
    /// out of reach of an interruption: a signal that arrives meanwhile waits for it to end.
    public func swapping<T>(_ destination: String, _ body: () throws -> T) rethrows -> T {
        swapLock.lock()
        defer { swapLock.unlock() }
        let result = try body()
        lock.lock()
        swapped.append(destination)
        lock.unlock()
        return result
    }

    /// Removes every registered path (folders with their contents) and undoes pending swaps.
    private func removeAll() {
        lock.lock()
        interrupted = true
        let pending = paths, undo = restores
        paths.removeAll()
        restores.removeAll()
        lock.unlock()
        for path in pending.sorted() {
            // Moved aside first (atomic), so that the work still running cannot add files to
            // it by name, then removed, retrying while a last write lands.
            let aside = path + ".interrompu"
            let target = (try? FileManager.default.moveItem(atPath: path, toPath: aside)) != nil ? aside : path
            for _ in 0..<20 {
                try? FileManager.default.removeItem(atPath: target)
                if !FileManager.default.fileExists(atPath: target) { break }
                usleep(20_000)
            }
        }
        for (from, to) in undo.sorted(by: { $0.key < $1.key }) where !FileManager.default.fileExists(atPath: to) {
            try? FileManager.default.moveItem(atPath: from, toPath: to)
        }
    }

    /// On SIGINT, SIGTERM, SIGHUP and SIGXFSZ: remove the partial files, say so, and exit with
    /// 128 + the signal number, as shells expect.
    public func removeOnInterruption() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGXFSZ] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                // Wait for a swap in progress to end, and let no other begin.
                swapLock.lock()
                removeAll()
                lock.lock()
                let finished = swapped
                lock.unlock()
                let cause = signalNumber == SIGXFSZ ? "interrompu : taille de fichier maximale atteinte (ulimit -f)" : "interrompu"
                let message =
                    finished.isEmpty
                    ? "\(cause) : fichiers partiels effacés, sorties précédentes intactes\n"
                    : "\(cause) après l'écriture complète de \(finished.joined(separator: ", ")) ; fichiers partiels effacés\n"
                FileHandle.standardError.write(Data(message.utf8))
                // _exit: no atexit handlers (the libraries are still in use on the main thread).
                _exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}
