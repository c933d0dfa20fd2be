import GeometryCore
import Inputs

/// One place, one stop: candidate places closer than the merge distance are where a team
/// parks once and meets the same people, so they form one stop, named after the place
/// people know best there (a market or a maison de quartier before a shop, a shop before a
/// school gate); the others are listed with it as « à proximité ». Reception points, and the
/// places in their building, are not merged: the plan avoids them, and says why.
public enum PlaceMerging {
    /// How well people know a kind of place, best first.
    static let rank: [StopKind] = [.market, .communityCentre, .foodBank, .seniorClub, .pmi, .youth, .station, .supermarket, .school]

    /// The candidates with the places within `metres` of a better-known one merged into it
    /// (in the order of the input, representatives only); `metres` 0 merges nothing.
    /// `villageStops`: the candidates that are a village's mairie or salle communale (stops of a
    /// rural tour), merged last, into a market on the mairie's square say.
    public static func merge(_ candidates: [StopCandidate], within metres: Double, villageStops: Set<Int> = []) -> [StopCandidate] {
        let rank = rank + [.townHall, .villageHall]
        guard metres > 0 else { return candidates }
        // A place in the building of a reception point keeps its own row: the plan leaves it
        // aside with the reception point, and says so.
        let receptions = candidates.filter(\.kind.isReceptionPoint).map(\.location)
        let mergeable = candidates.indices.filter { i in
            (rank.contains(candidates[i].kind) && (!candidates[i].kind.isVillageStop || villageStops.contains(i)))
                && (ContactRules.openPlaces.contains(candidates[i].kind)
                    || !receptions.contains { $0.distance(to: candidates[i].location) <= ContactRules.sameBuildingMetres })
        }
        let order = mergeable.sorted {
            (rank.firstIndex(of: candidates[$0].kind)!, candidates[$0].name, $0) < (rank.firstIndex(of: candidates[$1].kind)!, candidates[$1].name, $1)
        }
        // Representatives by grid square of side `metres`: a place looks at the 3 × 3 squares
        // around it, so the merge is linear in the number of places.
        struct Square: Hashable { var x: Int, y: Int }
        func square(_ p: Point) -> Square { Square(x: Int((p.x / metres).rounded(.down)), y: Int((p.y / metres).rounded(.down))) }
        var representatives: [Square: [Int]] = [:]
        var mergedInto: [Int: Int] = [:]
        for i in order {
            let here = square(candidates[i].location)
            var host: Int?
            search: for dx in -1...1 {
                for dy in -1...1 {
                    for r in representatives[Square(x: here.x + dx, y: here.y + dy)] ?? []
                    where candidates[r].location.distance(to: candidates[i].location) <= metres {
                        host = r
                        break search
                    }
                }
            }
            if let host { mergedInto[i] = host } else { representatives[here, default: []].append(i) }
        }
        var result: [StopCandidate] = []
        var nearby: [Int: [String]] = [:]
        for (i, host) in mergedInto.sorted(by: { $0.key < $1.key }) {
            nearby[host, default: []].append("\(candidates[i].name) (\(candidates[i].kind.frenchLabel))")
        }
        for i in candidates.indices where mergedInto[i] == nil {
            var candidate = candidates[i]
            candidate.nearby = nearby[i] ?? []
            result.append(candidate)
        }
        return result
    }
}
