import Dispatch
import Foundation

/// Runs `body` for each index in `0..<count` on up to `threads` threads and returns the results
/// in index order, so that parallel work combines deterministically.
public func parallelMap<T: Sendable>(count: Int, threads: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    guard count > 0 else { return [] }
    if threads <= 1 || count == 1 { return try (0..<count).map(body) }
    let slots = ResultSlots<T>(count: count)
    let next = AtomicCounter()
    DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
        while true {
            let index = next.increment()
            if index >= count { return }
            slots.store(index, Result { try body(index) })
        }
    }
    return try slots.take().map { try $0.get() }
}

/// The number of threads to use by default: the machine's cores.
public var defaultThreadCount: Int { ProcessInfo.processInfo.activeProcessorCount }

private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var values: [Result<T, any Error>?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ value: Result<T, any Error>) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    func take() -> [Result<T, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return values.map { $0 ?? .failure(CancellationError()) }
    }
}

private final class AtomicCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        let current = value
        value += 1
        return current
    }
}
