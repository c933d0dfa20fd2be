import GeometryCore
import Inputs
import Network
import Testing

/// Small street networks whose shortest paths can be worked out by hand. Speeds of 3.6 km/h
/// (1 m/s) make seconds equal metres.
@Suite struct HandMadeGraphTests {
    static let walk = TravelProfile(
        name: "walk", label: "à pied", speeds: ["residential": 3.6, "footway": 3.6, "steps": 1.8], followsOneway: false,
        accessSpeedKmh: 3.6, snapLimitMetres: 50
    )
    static let car = TravelProfile(
        name: "car", label: "en voiture", speeds: ["residential": 3.6, "primary": 7.2], followsOneway: true,
        accessSpeedKmh: 3.6, snapLimitMetres: 50
    )

    static func way(_ points: [(Double, Double)], _ tags: [String: String]) -> StreetWay {
        StreetWay(points: points.map { Point(x: $0.0, y: $0.1) }, tags: tags, id: "w")
    }

    /// A 200 m × 100 m block: the south side (0,0)→(200,0) one-way eastwards, the north side
    /// (0,100)→(200,100) two-way, joined by two-way streets at x = 0 and x = 200.
    static let block = [
        way([(0, 0), (100, 0), (200, 0)], ["highway": "residential", "oneway": "yes"]),
        way([(0, 100), (200, 100)], ["highway": "residential"]),
        way([(0, 0), (0, 100)], ["highway": "residential"]),
        way([(200, 0), (200, 100)], ["highway": "residential"]),
    ]

    @Test func junctionsAreSharedVerticesAndInnerVerticesAreNot() {
        let graph = StreetGraph(ways: Self.block, profile: Self.walk)
        // (100, 0) belongs to one way only: not a node.
        #expect(graph.nodes.count == 4)
        #expect(graph.edges.count == 4)
        #expect(graph.edges[0].lengthMetres == 200)
        #expect(graph.line(of: 0).count == 3)
    }

    @Test func walkersIgnoreOneWayStreetsCarsDoNot() {
        let a = Point(x: 200, y: 0), b = Point(x: 0, y: 0)
        let walk = StreetTravel(graph: StreetGraph(ways: Self.block, profile: Self.walk), attribution: "test")
        #expect(abs(walk.leg(from: a, to: b).minutes * 60 - 200) < 1e-9)
        // By car, westwards on the one-way side is closed: round the block, 100 + 200 + 100 m.
        let car = StreetTravel(graph: StreetGraph(ways: Self.block, profile: Self.car), attribution: "test")
        let leg = car.leg(from: a, to: b)
        #expect(abs(leg.minutes * 60 - 400) < 1e-9)
        #expect(abs(leg.metres - 400) < 1e-9)
        #expect(leg.points.first == a && leg.points.last == b)
        #expect(leg.points.contains(Point(x: 0, y: 100)) && leg.points.contains(Point(x: 200, y: 100)))
        // Eastwards the one-way street is open.
        #expect(abs(car.leg(from: b, to: a).minutes * 60 - 200) < 1e-9)
    }

    @Test func snappingCountsTheAccessLegOnFootAndRefusesFarPoints() {
        let walk = StreetTravel(graph: StreetGraph(ways: Self.block, profile: Self.walk), attribution: "test")
        // 30 m north of the south side at x = 50, to 20 m south of the north side at x = 150:
        // 30 (access) + min(50 + 100 + 150, 150 + 100 + 50) = 300 along the streets… or 20 + 50 west
        // along the south side? No: the nearest street of (50, 30) is the south side (30 m)
        // against 50 m to x = 0: access 30, then 50 to (0,0), 100 up, 150 east, access 20 = 350;
        // or 150 east to (200,0), 100 up, 50 west, access 20 = 350 as well.
        let leg = walk.leg(from: Point(x: 50, y: 30), to: Point(x: 150, y: 80))
        #expect(abs(leg.minutes * 60 - 350) < 1e-9)
        #expect(walk.accessDistances([Point(x: 50, y: 30), Point(x: 100, y: 300)]) == [30, nil])
        #expect(walk.leg(from: Point(x: 100, y: 300), to: Point(x: 0, y: 0)).minutes == .infinity)
        // Two points on the same street go straight along it.
        let same = walk.leg(from: Point(x: 20, y: 10), to: Point(x: 180, y: 10))
        #expect(abs(same.minutes * 60 - 180) < 1e-9)
        #expect(abs(same.metres - 180) < 1e-9)
    }

    @Test func sameStreetAgainstItsOneWayGoesRoundTheBlock() {
        let car = StreetTravel(graph: StreetGraph(ways: Self.block, profile: Self.car), attribution: "test")
        // From x = 180 to x = 20 on the south side, by car: east to 200 (20), round (400), east to 20 (20).
        let leg = car.leg(from: Point(x: 180, y: 0), to: Point(x: 20, y: 0))
        #expect(abs(leg.minutes * 60 - 440) < 1e-9)
    }

    @Test func accessRulesAndClasses() {
        let ways = [
            Self.way([(0, 0), (100, 0)], ["highway": "residential", "access": "private"]),
            Self.way([(0, 0), (0, 100), (100, 100), (100, 0)], ["highway": "residential"]),
            Self.way([(0, 0), (50, 50), (100, 0)], ["highway": "footway"]),
        ]
        let car = StreetTravel(graph: StreetGraph(ways: ways, profile: Self.car), attribution: "t")
        #expect(abs(car.leg(from: Point(x: 0, y: 0), to: Point(x: 100, y: 0)).minutes * 60 - 300) < 1e-9)
        let walk = StreetTravel(graph: StreetGraph(ways: ways, profile: Self.walk), attribution: "t")
        let diagonal: Double = 2 * 50 * 2.0.squareRoot()
        let walked: Double = walk.leg(from: Point(x: 0, y: 0), to: Point(x: 100, y: 0)).minutes * 60
        #expect(abs(walked - diagonal) < 1e-9)
        // foot=yes opens a private way to walkers.
        var open = ways
        open[0].tags["foot"] = "yes"
        let walkOpen = StreetTravel(graph: StreetGraph(ways: open, profile: Self.walk), attribution: "t")
        #expect(abs(walkOpen.leg(from: Point(x: 0, y: 0), to: Point(x: 100, y: 0)).minutes * 60 - 100) < 1e-9)
        #expect(Self.car.use(of: ["highway": "residential", "junction": "roundabout"]) == .init(forward: true, backward: false, speedKmh: 3.6))
        #expect(Self.car.use(of: ["highway": "residential", "oneway": "-1"]).forward == false)
        #expect(!Self.car.use(of: ["highway": "footway"]).isUsable)
        #expect(!Self.walk.use(of: ["highway": "footway", "area": "yes"]).isUsable)
    }

    @Test func maxspeedTagsAreUnderstood() {
        #expect(TravelProfile.legalLimit("50") == 50)
        #expect(TravelProfile.legalLimit("FR:zone30") == 30)
        #expect(TravelProfile.legalLimit("FR:urban") == 50)
        #expect(TravelProfile.legalLimit("FR:rural") == 80)
        #expect(TravelProfile.legalLimit("FR:motorway") == 130)
        #expect(abs(TravelProfile.legalLimit("30 mph")! - 48.28032) < 1e-9)
        #expect(TravelProfile.legalLimit("50;30") == 30)
        #expect(TravelProfile.legalLimit("none") == nil)
        #expect(TravelProfile.legalLimit("0x1A") == nil)
        #expect(TravelProfile.legalLimit("9999") == nil)
        let profile = TravelProfile(name: "car", label: "", speeds: ["primary": 30], limitShare: 0.5, followsOneway: true)
        #expect(profile.use(of: ["highway": "primary", "maxspeed": "90"]).speedKmh == 45)
        // A tagged limit never more than doubles the class speed.
        #expect(profile.use(of: ["highway": "primary", "maxspeed": "130"]).speedKmh == 60)
    }

    @Test func hstoreTags() {
        let tags = OSMTags.parse(#""lanes"=>"2","oneway"=>"yes","name:fr"=>"Rue \"A\"""#)
        #expect(tags == ["lanes": "2", "oneway": "yes", "name:fr": "Rue \"A\""])
        #expect(OSMTags.parse("") == [:])
    }

    /// A 3 × 3 lattice of 100 m streets with speeds that differ by street: every answer of the
    /// model agrees with the others and with a brute-force Floyd–Warshall.
    @Test func modelAnswersAgreeWithFloydWarshall() throws {
        var ways: [StreetWay] = []
        for i in 0..<4 {
            let row: [(Double, Double)] = (0..<4).map { (Double($0) * 100, Double(i) * 100) }
            let column: [(Double, Double)] = (0..<4).map { (Double(i) * 100, Double($0) * 100) }
            ways.append(Self.way(row, ["highway": i % 2 == 0 ? "residential" : "primary"]))
            ways.append(Self.way(column, ["highway": "residential", "oneway": i == 1 ? "yes" : "no"]))
        }
        let graph = StreetGraph(ways: ways, profile: Self.car)
        #expect(graph.nodes.count == 16)
        let n = graph.nodes.count
        var d = [[Double]](repeating: [Double](repeating: .infinity, count: n), count: n)
        for i in 0..<n { d[i][i] = 0 }
        for e in graph.edges {
            d[Int(e.from)][Int(e.to)] = min(d[Int(e.from)][Int(e.to)], e.forwardSeconds)
            d[Int(e.to)][Int(e.from)] = min(d[Int(e.to)][Int(e.from)], e.backwardSeconds)
        }
        for k in 0..<n { for i in 0..<n { for j in 0..<n where d[i][k] + d[k][j] < d[i][j] { d[i][j] = d[i][k] + d[k][j] } } }
        let model = StreetTravel(graph: graph, attribution: "t")
        let points = graph.nodes
        let matrix = model.minutes(from: points, to: points, threads: 3)
        for i in 0..<n { for j in 0..<n { #expect(abs(matrix[i][j] * 60 - d[i][j]) < 1e-9) } }
        let sites = [points[5], points[10]]
        let nearest = model.minutesToNearest(from: points, to: sites, threads: 2)
        for i in 0..<n { #expect(abs(nearest[i] * 60 - min(d[i][5], d[i][10])) < 1e-9) }
        let catchments = model.catchments(of: sites, origins: points, withinMinutes: 150.0 / 60, threads: 2)
        for (s, site) in [5, 10].enumerated() {
            #expect(catchments[s] == (0..<n).filter { d[$0][site] <= 150 + 1e-9 }.map(Int32.init))
        }
        // Same answer on one thread.
        #expect(model.catchments(of: sites, origins: points, withinMinutes: 150.0 / 60, threads: 1) == catchments)
    }
}
