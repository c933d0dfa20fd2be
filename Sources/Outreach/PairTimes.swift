import Foundation
import GeometryCore
import Network

/// Travel minutes between the candidate places of a plan, found as they are asked for: the
/// stops already placed in a day have their times to and from every candidate (one search
/// each), and no table of all pairs is ever made — 30 000 places took 7 GB that way.
final class PairTimes: @unchecked Sendable {
    private let travel: any TravelModel
    private let places: [Point]
    private var fromPlace: [Int: [Double]] = [:]
    private var toPlace: [Int: [Double]] = [:]
    private let lock = NSLock()

    init(travel: any TravelModel, places: [Point]) {
        self.travel = travel
        self.places = places
    }

    /// Minutes from `a` to `b`, where `placed` (either of them) is the stop already in the
    /// plan, whose times to or from every place are searched once and kept.
    func minutes(from a: Int, to b: Int, placed: Int) -> Double {
        if a == b { return 0 }
        lock.lock()
        defer { lock.unlock() }
        if placed == a {
            if fromPlace[a] == nil { fromPlace[a] = travel.minutes(from: places[a], toEach: places) }
            return fromPlace[a]![b]
        }
        if toPlace[b] == nil { toPlace[b] = travel.minutes(fromEach: places, to: places[b]) }
        return toPlace[b]![a]
    }
}
