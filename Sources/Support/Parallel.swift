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

/// Runs `first` on the calling thread and `second` on another at the same time (with more than
/// one thread), and returns both results; `first`'s error wins when both fail, as if they had
/// run one after the other.
public func concurrently<A, B: Sendable>(threads: Int, _ first: () throws -> A, _ second: @escaping @Sendable () throws -> B) throws -> (A, B) {
    guard threads > 1 else { return (try first(), try second()) }
    let slot = ResultSlots<B>(count: 1)
    let group = DispatchGroup()
    onItsOwnThread(group: group) { slot.store(0, Result { try second() }) }
    let firstResult = Result { try first() }
    group.wait()
    let a = try firstResult.get()
    return (a, try slot.take()[0].get())
}

/// Starts `work` on a thread of its own, not on one of the pool's (as many as the cores):
/// the pool's threads may all be taken by `parallelMap`s, which would leave `work` queued
/// and whoever waits for it idle while a core is free.
private func onItsOwnThread(group: DispatchGroup? = nil, _ work: @escaping @Sendable () -> Void) {
    // A queue of its own is served by a thread of its own (libdispatch's overcommit pool).
    DispatchQueue(label: "AllerVers.work").async(group: group, execute: work)
}

/// Updates `values` in place, block by block: blocks of `blockSize` elements on up to
/// `threads` threads, each block given to `body` on one thread with the index of its first
/// element; `body`'s results in the blocks' order. The elements' own memory is kept (an
/// array an element holds is changed, not copied, when nothing else holds it).
public func parallelUpdate<Element: Sendable, T: Sendable>(
    _ values: inout [Element], blockSize: Int, threads: Int,
    _ body: @Sendable (_ block: inout UnsafeMutableBufferPointer<Element>, _ first: Int) throws -> T
) throws -> [T] {
    let count = values.count, size = max(1, blockSize)
    return try values.withUnsafeMutableBufferPointer { buffer in
        let shared = SharedElements(start: buffer.baseAddress)
        return try parallelMap(count: (count + size - 1) / size, threads: threads) { b -> T in
            let first = b * size
            var block = UnsafeMutableBufferPointer(start: shared.start.map { $0 + first }, count: min(count, first + size) - first)
            return try body(&block, first)
        }
    }
}

/// An array of `count` elements, element `i` made by `body(i)`, in blocks of `blockSize` on
/// up to `threads` threads, each element made in its place: no arrays of blocks joined by copy
/// afterwards (a copy of 48 600 zones' results, their texts and arrays retained one by one, is
/// tens of milliseconds of one core).
public func parallelArray<T: Sendable>(count: Int, blockSize: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let size = max(1, blockSize)
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        let shared = SharedElements(start: buffer.baseAddress)
        // `body` cannot throw, so neither can the blocks: every element is made.
        _ = try? parallelMap(count: (count + size - 1) / size, threads: threads) { b in
            let first = b * size
            for i in first..<min(count, first + size) { shared.start.map { ($0 + i).initialize(to: body(i)) } }
        }
        initialized = count
    }
}

/// The start of the elements `parallelUpdate`'s blocks share out (each its own part).
private struct SharedElements<Element>: @unchecked Sendable {
    let start: UnsafeMutablePointer<Element>?
}

/// Batches `0..<count` each made on another thread (with more than one thread) while the one
/// before is used on this one, and used in order: the pipeline of a writer whose batches are
/// built on one core while the library writes on the other. An error of `use` stops it (once
/// the batch being made is done).
public func pipelined<Batch: Sendable, Failure: Error>(
    count: Int, threads: Int, make: @escaping @Sendable (Int) -> Batch, use: (Batch) throws(Failure) -> Void
) throws(Failure) {
    guard count > 0 else { return }
    var ready = make(0)
    for b in 0..<count {
        let current = ready
        guard b + 1 < count else { return try use(current) }
        guard threads > 1 else {
            try use(current)
            ready = make(b + 1)
            continue
        }
        let next = NextBatch<Batch>()
        let group = DispatchGroup()
        onItsOwnThread(group: group) { next.value = make(b + 1) }
        let used = Result { () throws(Failure) in try use(current) }
        // The group orders the other thread's store before this read.
        group.wait()
        try used.get()
        ready = next.value ?? make(b + 1)
    }
}

/// The batch a pipeline's other thread makes.
private final class NextBatch<Batch>: @unchecked Sendable {
    var value: Batch?
}

/// Work started now on another thread (with more than one thread), collected later with
/// `wait()`, which returns its result or throws its error; with one thread it runs at once.
/// For a long write that nothing after it reads (the run's GeoJSON while the maps are drawn).
public final class BackgroundWork<T: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result: Result<T, any Error>?

    public init(threads: Int, _ body: @escaping @Sendable () throws -> T) {
        guard threads > 1 else {
            result = Result { try body() }
            return
        }
        onItsOwnThread(group: group) { self.result = Result { try body() } }
    }

    /// Waits for the work (the group orders its result before this read).
    public func wait() throws -> T {
        group.wait()
        return try result!.get()
    }
}

/// Lets go of `value` on a thread of its own (with more than one thread), then runs
/// `afterwards` there: a structure of thousands of arrays (the zones' shapes) is freed beside
/// the work that follows rather than before it. The caller hands over its last reference
/// (`consume`).
public func letGo<Value: Sendable>(_ value: consuming Value, threads: Int, afterwards: @escaping @Sendable () -> Void = {}) {
    guard threads > 1 else {
        _ = consume value
        return afterwards()
    }
    let held = Held(value)
    onItsOwnThread {
        held.value = nil
        afterwards()
    }
}

/// What `letGo` holds until its thread lets it go.
private final class Held<Value>: @unchecked Sendable {
    var value: Value?
    init(_ value: Value) { self.value = value }
}

/// A value handed to another thread that the sender no longer touches: the transfer of
/// ownership the compiler cannot see for types that are not `Sendable` (a table to write).
public struct HandedOver<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
