// Benchmarks of AllerVers' own cores, run in release mode:
//   swift run -c release allervers-bench read CELLS.csv
//   swift run -c release allervers-bench breaks [CELLS.csv]
//   swift run -c release allervers-bench mclp CELLS.csv OUTDIR [HALF_SIDE_M] [CANDIDATES] [P] [FIXED]
//   swift run -c release allervers-bench dijkstra SIDE SOURCES   (against scipy_dijkstra.py)
//   swift run -c release allervers-bench streets EXTRACT CELLS.csv PROFILES.toml
//   swift run -c release allervers-bench siting-scale CELLS        (the siting review at scale)
//   swift run -c release allervers-bench reproject ZONES           (the zones into EPSG:3035 alone)
//   swift run -c release allervers-bench zones ZONES               (the zones reader alone)
//   swift run -c release allervers-bench lattice ZONES             (the lattice against exact PROJ)
// `breaks`: exact Fisher–Jenks, quantile and equal-interval breaks on the mean standard of
// living of every cell of CELLS.csv (ind_snv / ind), or on 2.3 million deterministic
// pseudo-random values when no file is given.
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Network
import Outreach
import Risk
import Support

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Runs a command's body, then exits: 0, or 1 with the error on standard error.
func runThenExit(_ body: () throws -> Void) -> Never {
    do {
        try body()
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
    exit(0)
}

// The same allocator policy as allervers (measured alike).
FreedMemory.keepFreedBlocks()
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "siting-scale", arguments.count == 2, let count = Int(arguments[1]) {
    // `siting-scale CELLS`: a synthetic territory of CELLS populated 200 m cells (clustered
    // towns over a 300 km square), 20 existing sites, the default candidate lattice for 30
    // minutes by car (straight line × 1.3 at 30 km/h), 5 additions.
    var rng = SystemRandomNumberGeneratorSeeded(seed: 42)
    var taken = Set<Int64>()
    var cells: [Point] = [], risk: [Double] = []
    let towns = (0..<400).map { _ in Point(x: Double(rng.next() % 1500) * 200, y: Double(rng.next() % 1500) * 200) }
    while cells.count < count {
        let town = towns[Int(rng.next() % UInt64(towns.count))]
        let dx = Int64(rng.next() % 81) - 40, dy = Int64(rng.next() % 81) - 40
        let x = Int64(town.x) / 200 + dx, y = Int64(town.y) / 200 + dy
        guard taken.insert(x * 1_000_000 + y).inserted else { continue }
        cells.append(Point(x: Double(x * 200 + 100), y: Double(y * 200 + 100)))
        risk.append(Double(rng.next() % 40) / 4)
    }
    let car = StraightLineTravel(detourFactor: 1.3, speedKmh: 30, modeLabel: "en voiture")
    let spacing = max(400, Int(car.reachMetres(minutes: 30) / 3) / 400 * 400)
    let lattice = cells.filter { Int($0.x - 100) % spacing == 0 && Int($0.y - 100) % spacing == 0 }
    let existing = (0..<20).map { i in Site(name: "s\(i)", kind: .franceServices, lonLat: cells[i * 97], location: cells[i * 97]) }
    let review = SitingReview(
        cells: cells, risk: risk, population: risk, existing: existing,
        candidates: lattice.map { Site(name: "c", kind: .other, lonLat: $0, location: $0) },
        modes: [TravelMode(mode: .car, model: car)], limitMode: 0, limitMinutes: 30, threads: 2
    )
    var additions: SitingReview.Additions?
    let access = seconds { _ = review.accessMinutes() }
    let chosen = seconds { additions = review.chooseAdditions(k: 5, access: review.accessMinutes()) }
    print(
        String(
            format:
                "{\"cells\": %d, \"candidates\": %d, \"lattice_m\": %d, \"access_s\": %.3f, \"additions_s\": %.3f, \"covered_after\": %.1f, \"bound\": %.1f}",
            cells.count, lattice.count, spacing, access, chosen, additions!.coveredAfter, additions!.upperBound))
    exit(0)
}

/// A seeded generator for synthetic instances (SplitMix64).
struct SystemRandomNumberGeneratorSeeded: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

if arguments.first == "streets", arguments.count == 4 {
    // `streets EXTRACT CELLS.csv PROFILES.toml`: read the extract, build the car graph, and
    // give every cell its time to the nearest of 3 sites (cells spread over the territory).
    do {
        let cells = try FilosofiReader.read(path: arguments[2], threads: 1)
        let profile = try TravelProfile.load(path: arguments[3])["car"]!
        var extract: StreetExtract?
        let read = try seconds { extract = try StreetReader.read(path: arguments[1], epsg: Int(cells.gridEPSG)) }
        var graph: StreetGraph?
        let built = seconds { graph = StreetGraph(extract: extract!, profile: profile) }
        let half = Double(cells.resolution) / 2
        let centres = (0..<cells.count).map { Point(x: Double(cells.easting[$0]) + half, y: Double(cells.northing[$0]) + half) }
        let sites = [centres[0], centres[centres.count / 2], centres[centres.count - 1]]
        let model = StreetTravel(graph: graph!, attribution: extract!.attribution)
        var times: [Double] = []
        let searched = seconds { times = model.minutesToNearest(from: centres, to: sites, threads: 1) }
        print(
            String(
                format: "{\"ways\": %d, \"nodes\": %d, \"cells\": %d, \"placed\": %d, \"read_s\": %.3f, \"build_s\": %.3f, \"access_s\": %.3f}",
                extract!.ways.count, graph!.nodes.count, centres.count, times.filter(\.isFinite).count, read, built, searched))
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
if arguments.first == "dijkstra", arguments.count == 3, let side = Int(arguments[1]), let count = Int(arguments[2]), side >= 2, count >= 1 {
    // `dijkstra SIDE SOURCES`: the synthetic road grid of scipy_dijkstra.py, built as OSM
    // ways (junctions found from shared vertices), then one multi-source search.
    let rowSpeeds = [30.0, 50.0, 20.0], columnSpeeds = [25.0, 40.0]
    var ways: [StreetWay] = []
    for i in 0..<side {
        ways.append(StreetWay(points: (0..<side).map { Point(x: Double($0) * 100, y: Double(i) * 100) }, tags: ["highway": "r\(i % 3)"], id: "r\(i)"))
    }
    for j in 0..<side {
        ways.append(StreetWay(points: (0..<side).map { Point(x: Double(j) * 100, y: Double($0) * 100) }, tags: ["highway": "c\(j % 2)"], id: "c\(j)"))
    }
    var speeds: [String: Double] = [:]
    for (k, v) in rowSpeeds.enumerated() { speeds["r\(k)"] = v }
    for (k, v) in columnSpeeds.enumerated() { speeds["c\(k)"] = v }
    let profile = TravelProfile(name: "bench", label: "", speeds: speeds, followsOneway: false)
    var graph: StreetGraph?
    let built = seconds { graph = StreetGraph(ways: ways, profile: profile) }
    let nodes = side * side
    let step = max(1, nodes / count)
    let sources = Array(stride(from: 0, to: nodes, by: step).prefix(count))
    let search = ShortestPaths(adjacency: graph!.outgoing)
    let searched = seconds { search.run(seeds: sources.map { (Int32($0), 0, 0) }) }
    let checksum = search.seconds.filter(\.isFinite).reduce(0, +)
    print(
        String(
            format: "{\"engine\": \"AllerVers\", \"nodes\": %d, \"arcs\": %d, \"sources\": %d, \"build_s\": %.3f, \"search_s\": %.3f, \"checksum\": %.3f}",
            graph!.nodes.count, graph!.outgoing.targets.count, sources.count, built, searched, checksum))
    exit(0)
}
if arguments.first == "lattice", arguments.count == 2 {
    // Every vertex of a zones layer through the lattice and through exact PROJ, into the
    // 200 m grid's CRS (EPSG:3035): the largest difference, in metres.
    runThenExit {
        let zones = try ZonesReader.read(path: arguments[1], threads: 2)
        var points: [Point] = []
        for zone in zones.zones { for polygon in zone.geometry.polygons { for ring in polygon.rings { points += ring.points } } }
        let (error, interpolated) = try LatticeCheck.largestError(points, from: zones.crs, to: SpatialReference(epsg: 3035))
        print("\(points.count) vertices of \(zones.zones.count) zones, \(interpolated) interpolated: largest difference with exact PROJ \(error) m")
    }
}

if arguments.first == "reproject", arguments.count == 2 {
    // `reproject ZONES`: the zones' reprojection into EPSG:3035 alone, at 1 and 2 threads, with
    // a digest of every coordinate's bits (the same digest, the same result).
    runThenExit {
        let zones = try ZonesReader.read(path: arguments[1], threads: 2)
        let shapes = zones.zones.map(\.geometry)
        let target = try SpatialReference(epsg: 3035)
        for threads in [1, 2] {
            var moved: [MultiPolygon] = []
            let time = try seconds { moved = try Reprojection.shapes(shapes, from: zones.crs, to: target, threads: threads) }
            var digest: UInt64 = 0
            for shape in moved {
                for polygon in shape.polygons {
                    for ring in polygon.rings { for p in ring.points { digest = mixBits(digest ^ p.x.bitPattern) &+ p.y.bitPattern } }
                }
            }
            print(String(format: "reprojected %d zones, %d thread(s): %.3f s, digest %016llx", moved.count, threads, time, digest))
        }
    }
}

if arguments.first == "zones", arguments.count == 2 {
    // `zones ZONES`: the zones reader alone (features, rings checked), at 1 and 2 threads.
    runThenExit {
        for threads in [1, 2] {
            var count = 0, vertices = 0
            let time = try seconds {
                let zones = try ZonesReader.read(path: arguments[1], threads: threads)
                count = zones.zones.count
                vertices = zones.zones.reduce(0) { $0 + $1.geometry.vertexCount }
            }
            print(String(format: "read %d zones (%d vertices), %d thread(s): %.3f s", count, vertices, threads, time))
        }
    }
}

if arguments.first == "read", arguments.count == 2 || arguments.count == 3 {
    // `read CELLS [VARS]`: the cell reader alone (parse, assemble, validate), at 1 and 2
    // threads; every variable, or those of the comma-separated list (as `aggregate --vars`).
    let variables = arguments.count == 3 ? Set(arguments[2].split(separator: ",").map(String.init)) : nil
    runThenExit {
        for threads in [1, 2] {
            var count = 0
            let time = try seconds {
                count = try FilosofiReader.read(path: arguments[1], variables: variables, communes: variables == nil, threads: threads).count
            }
            print(String(format: "read %d cells, %d thread(s): %.3f s", count, threads, time))
        }
    }
}
guard arguments.first == "breaks" || (arguments.first == "mclp" && arguments.count >= 3) else {
    FileHandle.standardError.write(Data("usage: allervers-bench breaks [CELLS.csv] | mclp CELLS.csv OUTDIR [HALF_SIDE_M] [CANDIDATES] [P]\n".utf8))
    exit(2)
}

/// `mclp`: a maximal-covering instance cut from real or synthetic cells (demand = poor
/// households of each cell centre, in a square around the densest cell; candidates = every
/// k-th cell centre), written as DEMAND.csv and CANDIDATES.csv for ../shared/bench/mclp.py,
/// and solved by AllerVers' stop selection (no slot constraints, each household counted once).
if arguments.first == "mclp" {
    do {
        let cells = try FilosofiReader.read(path: arguments[1], threads: 2)
        let folder = arguments[2]
        let halfSide = arguments.count > 3 ? Double(arguments[3])! : 10_000
        let candidateCount = arguments.count > 4 ? Int(arguments[4])! : 300
        let p = arguments.count > 5 ? Int(arguments[5])! : 10
        let fixedCount = arguments.count > 6 ? Int(arguments[6])! : 0
        let poor = cells.column("men_pauv")!
        let densest = poor.indices.max { poor[$0] < poor[$1] }!
        let cx = Double(cells.easting[densest]) + 100, cy = Double(cells.northing[densest]) + 100
        var demand: [Point] = [], weights: [Double] = []
        for c in 0..<cells.count {
            let x = Double(cells.easting[c]) + 100, y = Double(cells.northing[c]) + 100
            if abs(x - cx) <= halfSide && abs(y - cy) <= halfSide && poor[c] > 0 {
                demand.append(Point(x: x, y: y))
                weights.append(poor[c])
            }
        }
        let step = max(1, demand.count / candidateCount)
        let candidates = stride(from: 0, to: demand.count, by: step).prefix(candidateCount).map { demand[$0] }
        // Fixed sites (kept open): other cell centres, half a stride away from the candidates.
        let fixed = stride(from: step / 2, to: demand.count, by: max(1, demand.count / max(fixedCount, 1))).prefix(fixedCount).map { demand[$0] }
        if fixedCount > 0 {
            var text = "id,x,y\n"
            for (i, f) in fixed.enumerated() { text += "f\(i),\(f.x),\(f.y)\n" }
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try text.write(toFile: folder + "/fixed.csv", atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var text = "x,y,weight\n"
        for (p, w) in zip(demand, weights) { text += "\(p.x),\(p.y),\(w)\n" }
        try text.write(toFile: folder + "/demand.csv", atomically: true, encoding: .utf8)
        text = "id,x,y\n"
        for (i, c) in candidates.enumerated() { text += "c\(i),\(c.x),\(c.y)\n" }
        try text.write(toFile: folder + "/candidates.csv", atomically: true, encoding: .utf8)
        if fixedCount > 0 {
            // Siting: the fixed sites kept, p added (SitingReview, radius 500 m as 0.5 min at 60 km/h).
            var additions: SitingReview.Additions?
            let time = seconds {
                let review = SitingReview(
                    cells: demand, risk: weights, population: weights,
                    existing: fixed.map { Site(name: "f", kind: .franceServices, lonLat: $0, location: $0) },
                    candidates: candidates.map { Site(name: "c", kind: .other, lonLat: $0, location: $0) },
                    modes: [TravelMode(mode: .car, model: StraightLineTravel(detourFactor: 1, speedKmh: 60, modeLabel: ""))],
                    limitMode: 0, limitMinutes: 0.5, threads: 1
                )
                additions = review.chooseAdditions(k: p, access: review.accessMinutes())
            }
            let total = weights.reduce(0, +)
            print(
                String(
                    format:
                        "{\"demand\": %d, \"candidates\": %d, \"fixed\": %d, \"p\": %d, \"covered\": %.4f, \"share\": %.6f, \"chosen\": [%@], \"seconds\": %.3f}",
                    demand.count, candidates.count, fixed.count, p, additions!.coveredAfter, additions!.coveredAfter / total,
                    additions!.chosen.sorted().map { "\"c\($0)\"" }.joined(separator: ", "), time))
            exit(0)
        }
        var result: StopSelection.Result?
        let time = seconds {
            let selection = StopSelection(
                demand: demand, weights: weights,
                candidates: candidates.map { StopSelection.Candidate(location: $0, allowedSeries: Set(0..<p)) },
                radius: 500, seriesCount: p, repeatValue: 0
            )
            result = selection.solve(eligible: Array(candidates.indices))
        }
        let total = weights.reduce(0, +)
        print(
            String(
                format:
                    "{\"demand\": %d, \"candidates\": %d, \"p\": %d, \"covered\": %.4f, \"share\": %.6f, \"bound\": %.4f, \"chosen\": [%@], \"seconds\": %.3f}",
                demand.count, candidates.count, p, result!.value, result!.value / total, result!.upperBound,
                result!.chosen.map { "\"c\($0)\"" }.joined(separator: ", "), time))
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
var values: [Double] = []
if arguments.count > 1 {
    do {
        let cells = try FilosofiReader.read(path: arguments[1], threads: 2)
        guard let ind = cells.column("ind"), let snv = cells.column("ind_snv") else {
            FileHandle.standardError.write(Data("\(arguments[1]): needs ind and ind_snv\n".utf8))
            exit(1)
        }
        values = zip(snv, ind).map { $1 > 0 ? $0 / $1 : .nan }
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
} else {
    var state: UInt64 = 42
    values = (0..<2_300_000).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return 8_000 + Double(state >> 11) / Double(1 << 53) * 40_000
    }
}
print("values: \(values.count)")
for method in ClassificationMethod.allCases {
    var breaks: ClassBreaks?
    let time = seconds { breaks = ClassBreaks.compute(values, classes: 5, method: method, threads: ProcessInfo.processInfo.activeProcessorCount) }
    print(String(format: "%@: %.3f s, bounds %@", method.rawValue, time, breaks!.bounds.map { String(format: "%.1f", $0) }.joined(separator: " ")))
}
