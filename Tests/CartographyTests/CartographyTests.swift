import Foundation
import GeometryCore
import Inputs
import ScoredFiles
import TestSupport
import Testing

@testable import Cartography

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct SimplifierTests {
    /// Two squares sharing a wiggly edge: after simplification both still hold the same
    /// vertices along the shared edge (no gap, no overlap), and the wiggle under the tolerance
    /// is gone.
    @Test func neighboursStayGlued() {
        var shared: [Point] = []
        for i in 0...20 { shared.append(Point(x: 100, y: Double(i) * 10 + (i % 2 == 0 ? 0 : 0.3) * 0 + Double(i % 2) * 0.2)) }
        // Left square: (0,0)-(100,200) with the shared edge going up; right: down.
        let left = MultiPolygon([Polygon(exterior: Ring([Point(x: 0, y: 0)] + shared + [Point(x: 0, y: 200)]))])
        let right = MultiPolygon([Polygon(exterior: Ring(shared.reversed() + [Point(x: 200, y: 0), Point(x: 200, y: 200)].reversed()))])
        let result = SharedBoundarySimplifier.simplify([left, right], grid: 0.01, tolerance: 1, threads: 1)
        let onEdge: (MultiPolygon) -> Set<String> = { shape in
            Set(shape.polygons[0].exterior.points.filter { abs($0.x - 100) < 1 }.map { "\($0.x),\($0.y)" })
        }
        #expect(onEdge(result[0]) == onEdge(result[1]))
        #expect(onEdge(result[0]).count == 2)  // only the two junctions remain
        #expect(abs(result[0].area + result[1].area - (left.area + right.area)) < 50)
    }

    @Test func largeDeviationsAreKept() {
        let shape = MultiPolygon([
            Polygon(
                exterior: Ring([
                    Point(x: 0, y: 0), Point(x: 50, y: 10), Point(x: 100, y: 0), Point(x: 100, y: 100), Point(x: 0, y: 100),
                ]))
        ])
        let result = SharedBoundarySimplifier.simplify([shape], grid: 0.01, tolerance: 1, threads: 1)
        #expect(result[0].polygons[0].exterior.points.count == 5)
    }

    /// Bondy's IRIS simplified on one thread or several: the same shapes; each zone keeps
    /// its polygons, and a boundary two zones share keeps the same vertices on both sides.
    @Test func simplifyingDoesNotDependOnThreads() throws {
        let zones = try ZonesReader.read(path: Fixtures.iris93, whereClause: "INSEE_COM = '93010'", threads: 1).zones.map(\.geometry)
        #expect(zones.count > 10)
        let one = SharedBoundarySimplifier.simplify(zones, grid: 1, tolerance: 4, threads: 1)
        #expect(SharedBoundarySimplifier.simplify(zones, grid: 1, tolerance: 4, threads: 3) == one)
        #expect(one.count == zones.count && one.allSatisfy { !$0.polygons.isEmpty })
        #expect(one.reduce(0) { $0 + $1.vertexCount } < zones.reduce(0) { $0 + $1.vertexCount })
        // Vertices of a zone that lie on its neighbours' simplified boundary are theirs too.
        var uses: [Point: Int] = [:]
        for shape in one { for polygon in shape.polygons { for ring in polygon.rings { for p in Set(ring.points) { uses[p, default: 0] += 1 } } } }
        #expect(uses.values.contains { $0 >= 2 })
    }

    /// A lattice of 70 × 70 squares whose shared edges wiggle (the same points on both
    /// sides): more chains than one block of the parallel simplification holds, so blocks
    /// run on several threads; the same shapes whatever the threads.
    @Test func manyChainsSimplifyTheSameOnAnyThreads() {
        let n = 70
        // A point along an edge from (x0, y0) to (x1, y1): a wiggle that depends on the edge only.
        func edge(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> [Point] {
            let (ax, ay, bx, by) = (x0, y0) < (x1, y1) ? (x0, y0, x1, y1) : (x1, y1, x0, y0)
            var points: [Point] = []
            for k in 1..<6 {
                let t = Double(k) / 6
                let wiggle = Double((ax * 31 + ay * 17 + bx * 7 + by * 3 + k * 5) % 9 - 4) * 0.8
                let x = Double(ax) * 100 + Double(bx - ax) * 100 * t + (ay == by ? 0 : wiggle)
                let y = Double(ay) * 100 + Double(by - ay) * 100 * t + (ay == by ? wiggle : 0)
                points.append(Point(x: x, y: y))
            }
            return (x0, y0) < (x1, y1) ? points : points.reversed()
        }
        var shapes: [MultiPolygon] = []
        for i in 0..<n {
            for j in 0..<n {
                let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
                var ring: [Point] = []
                for k in 0..<4 {
                    let (x0, y0) = corners[k], (x1, y1) = corners[(k + 1) % 4]
                    ring.append(Point(x: Double(x0) * 100, y: Double(y0) * 100))
                    ring += edge(x0, y0, x1, y1)
                }
                shapes.append(MultiPolygon([Polygon(exterior: Ring(ring))]))
            }
        }
        let one = SharedBoundarySimplifier.simplify(shapes, grid: 0.5, tolerance: 2, threads: 1)
        #expect(SharedBoundarySimplifier.simplify(shapes, grid: 0.5, tolerance: 2, threads: 3) == one)
        #expect(one.count == shapes.count)
        let before = shapes.reduce(0) { $0 + $1.vertexCount }, after = one.reduce(0) { $0 + $1.vertexCount }
        #expect(after < before && after >= 4 * shapes.count)
    }

    /// Vertices numbered by sorting: one number per distinct key (the keys' order), every
    /// occurrence mapped back to its key, negative and repeated keys included; words that
    /// cannot hold the keys leave it to the hash table; and the simplification is the same
    /// whichever numbering (Bondy's IRIS).
    @Test func verticesNumberedBySortingMapBackToTheirKeys() throws {
        var random = SplitMix64(state: 5)
        func next() -> Int64 { Int64(random.next() % 5_000) - 2_500 }
        let keys = (0..<20_000).map { _ in SharedBoundarySimplifier.Key(x: next(), y: next() / 7) }
        let (ids, distinct) = try #require(SharedBoundarySimplifier.numberBySorting(keys))
        #expect(ids.indices.allSatisfy { distinct[Int(ids[$0])] == keys[$0] })
        #expect(zip(distinct, distinct.dropFirst()).allSatisfy { $0 < $1 })
        #expect(distinct.count == Set(keys).count)
        #expect(SharedBoundarySimplifier.numberBySorting([.init(x: 0, y: 0), .init(x: 1 << 41, y: 0)]) == nil)
        let zones = try ZonesReader.read(path: Fixtures.iris93, whereClause: "INSEE_COM = '93010'", threads: 1).zones.map(\.geometry)
        #expect(
            SharedBoundarySimplifier.simplify(zones, grid: 1, tolerance: 4, threads: 2, sortingVertices: true)
                == SharedBoundarySimplifier.simplify(zones, grid: 1, tolerance: 4, threads: 2, sortingVertices: false))
    }

    /// Keys numbered in order of first appearance, the same number when met again, through
    /// the table's growth.
    @Test func keysAreNumberedOnce() {
        var numbers = DenseNumbers<OutlineSegment>(capacity: 2)
        for k in 0..<1000 {
            #expect(numbers.number(OutlineSegment(ax: Int64(k), ay: -Int64(k), bx: Int64(k) + 1, by: 7)) == k)
        }
        for k in stride(from: 999, through: 0, by: -7) {
            #expect(numbers.number(OutlineSegment(ax: Int64(k), ay: -Int64(k), bx: Int64(k) + 1, by: 7)) == k)
        }
        #expect(numbers.keys.count == 1000)
        #expect(numbers.number(OutlineSegment(ax: 1, ay: 2, bx: 3, by: 4)) == 1000)
    }

    /// Maps of one run share the simplified shapes: the same shapes as the simplifier's, and
    /// the same drawing as without sharing, layer after layer.
    @Test func sharedShapesDrawTheSameMaps() {
        let zones = (0..<3).map { k in
            let x = Double(k) * 100
            let square = MultiPolygon([
                Polygon(
                    exterior: Ring([Point(x: x, y: 0), Point(x: x + 100, y: 0), Point(x: x + 100, y: 100), Point(x: x + 50, y: 100.2), Point(x: x, y: 100)]))
            ])
            return ScoredZone(code: "93010010\(k)", name: "Z\(k)", commune: "93010", attributes: ["score_risque": .number(Double(k) * 30)], geometry: square)
        }
        let shapes = SimplifiedShapes()
        let simplified = shapes.simplified(zones.map(\.geometry), scale: 2, threads: 1)
        #expect(simplified == SharedBoundarySimplifier.simplify(zones.map(\.geometry), grid: 0.05, tolerance: 0.2, threads: 1))
        for layer in [MapLayer.risk, .nonrecours, .risk] {
            let map = SVGMap(
                style: MapStyle(), layer: layer,
                caption: MapCaption(territory: "Bondy (93010)", date: "2026-11-22", sources: "Insee", classification: "", projection: ""), threads: 1)
            #expect(map.render(zones: zones, shapes: shapes) == map.render(zones: zones))
        }
    }

    @Test func interiorPointIsInsideAConcaveShape() throws {
        // A U shape: its bounding-box centre is outside.
        let u = MultiPolygon([
            Polygon(
                exterior: Ring([
                    Point(x: 0, y: 0), Point(x: 30, y: 0), Point(x: 30, y: 100), Point(x: 20, y: 100), Point(x: 20, y: 10),
                    Point(x: 10, y: 10), Point(x: 10, y: 100), Point(x: 0, y: 100),
                ]))
        ])
        let p = try #require(interiorPoint(of: u))
        #expect((p.x > 0 && p.x < 10) || (p.x > 20 && p.x < 30) || p.y < 10)
    }
}

@Suite struct StyleTests {
    @Test func defaultStyleLoads() throws {
        let style = try MapStyle.load(path: Fixtures.projectRoot.appendingPathComponent("Styles/default.toml").path)
        #expect(style.palette("risk", classes: 5) == ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"])
        #expect(style.palette("niveau_de_vie", classes: 5).first == "#08519c")
        #expect(style.paletteAttribution.contains("ColorBrewer"))
        #expect(style.palette("risk", classes: 3) == ["#ffffb2", "#fd8d3c", "#bd0026"])
    }

    @Test func badColourNamesItsLine() throws {
        let path = try Fixtures.temporaryFile("style.toml", contents: "[page]\nwidth = 800\n\n[strokes]\niris_color = \"white\"\n")
        let error = #expect(throws: InputError.self) { try MapStyle.load(path: path) }
        #expect(error?.line == 5)
        #expect(error?.description.contains("#rrggbb") == true)
        let unknown = try Fixtures.temporaryFile("style.toml", contents: "[page]\nwidht = 800\n")
        let second = #expect(throws: InputError.self) { try MapStyle.load(path: unknown) }
        #expect(second?.line == 2)
    }
}

/// Titles, subtitles and legend labels are cut between words to fit their width.
@Suite struct TextWrapTests {
    @Test func longTitlesWrapBetweenWords() throws {
        let map = SVGMap(
            style: MapStyle(), layer: .nonrecours,
            caption: MapCaption(territory: "Bondy (93010)", date: "2026-11-22", sources: "Insee", classification: "", projection: ""),
            page: MapPageFormat(orientation: .portrait), threads: 1)
        let title = "Ménages ne percevant pas une prestation à laquelle ils ont droit (estimation), par IRIS"
        let lines = SVGMap.wrap(title, width: 952, fontSize: 22, bold: true)
        #expect(lines.count == 2)
        #expect(lines.joined(separator: " ") == title)
        #expect(lines.allSatisfy { Double($0.count) * 22 * 0.6 <= 952 })
        // A word longer than the line stays whole on its own line.
        #expect(SVGMap.wrap("a " + String(repeating: "x", count: 50) + " b", width: 100, fontSize: 10) == ["a", String(repeating: "x", count: 50), "b"])
        // The drawn map holds the title on two lines (on a portrait page, 1 000 pixels wide).
        let square = MultiPolygon([Polygon(exterior: Ring([Point(x: 0, y: 0), Point(x: 1000, y: 0), Point(x: 1000, y: 1000), Point(x: 0, y: 1000)]))])
        let svg = map.render(zones: [ScoredZone(code: "930100101", name: "A", commune: "93010", attributes: [:], geometry: square)])
        #expect(svg.contains(">Ménages ne percevant pas une prestation à laquelle ils ont droit</text>"))
        #expect(svg.contains(">(estimation), par IRIS</text>"))
    }
}

/// The cell map draws the squares of a class together, a few thousand a path: every cell once,
/// in its class's colour, the imputed ones hatched once more.
@Suite struct CellMapTests {
    @Test func cellsAreDrawnOncePerClassInBoundedPaths() throws {
        let style = MapStyle()
        let map = SVGMap(
            style: style, layer: .carreaux, caption: MapCaption(territory: "T", date: "2026-12-02", sources: "Insee", classification: "", projection: ""),
            threads: 1)
        // 100 × 50 cells of 200 m: values in three levels, every seventh without a value,
        // every eleventh imputed.
        var cells: [MapCell] = []
        for row in 0..<50 {
            for column in 0..<100 {
                let k = row * 100 + column
                let x = Double(column) * 200, y = Double(row) * 200
                let square = [Point(x: x, y: y), Point(x: x + 200, y: y), Point(x: x + 200, y: y + 200), Point(x: x, y: y + 200)]
                cells.append(MapCell(square: square, value: k % 7 == 0 ? nil : Double([10_000, 20_000, 40_000][k % 3]), imputed: k % 11 == 0))
            }
        }
        let frame = MultiPolygon([Polygon(exterior: Ring([Point(x: 0, y: 0), Point(x: 20_000, y: 0), Point(x: 20_000, y: 10_000), Point(x: 0, y: 10_000)]))])
        let svg = map.render(zones: [ScoredZone(code: "930100101", name: "A", commune: "93010", attributes: [:], geometry: frame)], cells: cells)
        let group = try #require(svg.components(separatedBy: "<g id=\"carreaux\"").dropFirst().first?.components(separatedBy: "</g>").first)
        var squaresByFill: [String: Int] = [:]
        for path in group.components(separatedBy: "<path d=\"").dropFirst() {
            let data = path.prefix { $0 != "\"" }
            let fill = try #require(path.components(separatedBy: "fill=\"").dropFirst().first?.prefix { $0 != "\"" })
            let squares = data.filter { $0 == "M" }.count
            #expect(squares <= 2048)
            squaresByFill[String(fill), default: 0] += squares
        }
        let hatched = squaresByFill.removeValue(forKey: "url(#hachures-fragile)")
        #expect(hatched == cells.filter(\.imputed).count)
        #expect(squaresByFill.values.reduce(0, +) == cells.count)
        #expect(squaresByFill[style.secretFill] == cells.filter { $0.value == nil }.count)
        #expect(squaresByFill.count == 4)
        #expect(XMLParser(data: Data(svg.utf8)).parse())
    }
}

/// Commune names thinned by priority and collision: a smaller commune's name that would
/// overlap a larger one's is left out; no two names kept overlap.
@Suite struct LabelThinningTests {
    @Test func largerCommunesKeepTheirNames() {
        let labels = [
            SVGMap.CommuneLabel(code: "93010", name: "Bondy", x: 100, y: 100, priority: 10),
            SVGMap.CommuneLabel(code: "93051", name: "Noisy-le-Sec", x: 110, y: 104, priority: 5),
            SVGMap.CommuneLabel(code: "93005", name: "Aulnay-sous-Bois", x: 400, y: 100, priority: 1),
        ]
        #expect(SVGMap.thinned(labels, fontSize: 13).map(\.code) == ["93005", "93010"])
    }

    @Test func keptNamesNeverOverlap() {
        var random = SplitMix64(state: 7)
        let labels = (0..<300).map { k in
            SVGMap.CommuneLabel(
                code: String(format: "%05d", k), name: String(repeating: "x", count: 4 + Int(random.next() % 12)),
                x: Double(random.next() % 900), y: Double(random.next() % 700), priority: Double(random.next() % 1000))
        }
        let kept = SVGMap.thinned(labels, fontSize: 13)
        #expect(kept.count > 20 && kept.count < 300)
        for (a, first) in kept.enumerated() {
            for second in kept[(a + 1)...] {
                let p = first.box(fontSize: 13), q = second.box(fontSize: 13)
                let apartInX = p.maxX <= q.minX || q.maxX <= p.minX
                let apartInY = p.maxY <= q.minY || q.maxY <= p.minY
                #expect(apartInX || apartInY, "\(first.code) and \(second.code) overlap")
            }
        }
    }
}

/// Paths written as bytes (the map of France prints millions of coordinates) give the text
/// the vertex-by-vertex writer gives; texts that need no escaping come back as they are.
@Suite struct SVGTextTests {
    @Test func pathBytesMatchTheTextWriter() throws {
        var random = SplitMix64(state: 11)
        let identity: (Point) -> (Double, Double) = { ($0.x, $0.y) }
        for _ in 0..<200 {
            // Coordinates on tenths, halves of tenths (rounding ties), near zero on both sides,
            // and repeats once rounded.
            var points: [Point] = []
            for _ in 0..<(3 + Int(random.next() % 12)) {
                let base = Double(Int(random.next() % 4000)) / 10 - 200
                let jitter = [0, 0.05, -0.05, 0.004, -0.04, 0.0004][Int(random.next() % 6)]
                points.append(Point(x: base + jitter, y: -base / 3 + jitter))
                if random.next() % 5 == 0 { points.append(points.last!) }
            }
            let shape = MultiPolygon([Polygon(exterior: Ring(points), holes: [])])
            let fast = try #require(SVGMap.pathBytes(shape, identity))
            #expect(fast == SVGMap.pathText(shape, identity))
        }
        let tiny = MultiPolygon([Polygon(exterior: Ring([Point(x: -0.04, y: 0), Point(x: 1, y: -0.5), Point(x: 0, y: 1)]), holes: [])])
        #expect(SVGMap.pathBytes(tiny, identity) == "M0 0L1 -0.5L0 1Z")
        let far = MultiPolygon([
            Polygon(exterior: Ring([Point(x: 123_456.78, y: -98_765.43), Point(x: -9_999_999_999.94, y: 10), Point(x: 0.1, y: -7_000_000.01)]))
        ])
        #expect(SVGMap.pathBytes(far, identity) == SVGMap.pathText(far, identity))
        #expect(SVGMap.pathBytes(far, identity) == "M123456.8 -98765.4L-9999999999.9 10L0.1 -7000000Z")
        let huge = MultiPolygon([Polygon(exterior: Ring([Point(x: 1e14, y: 0), Point(x: 1, y: 0), Point(x: 0, y: 1)]), holes: [])])
        #expect(SVGMap.pathBytes(huge, identity) == nil)
    }

    /// A cell's square keeps its four corners even when two print alike (a cell smaller than a
    /// tenth of a pixel on a map of France).
    @Test func cellSquaresKeepEveryCorner() {
        let identity: (Point) -> (Double, Double) = { ($0.x, $0.y) }
        var path = PathBytes(capacity: 64)
        let written = path.ring([Point(x: 0, y: 0), Point(x: 0.02, y: 0), Point(x: 0.02, y: 0.02), Point(x: -0.3, y: 0.02)], identity, droppingRepeats: false)
        #expect(written)
        #expect(path.text == "M0 0L0 0L0 0L-0.3 0Z")
        var bad = PathBytes(capacity: 8)
        let refused = !bad.ring([Point(x: .nan, y: 0)], identity, droppingRepeats: false)
        #expect(refused)
    }

    @Test func xmlEscapesOnlyWhatItMust() {
        #expect(xml("Bondy Nord-Est, à l'ouest") == "Bondy Nord-Est, à l'ouest")
        #expect(xml("A & B <c> \"d\"") == "A &amp; B &lt;c&gt; &quot;d&quot;")
        #expect(xml("«\u{00A0}x\u{00A0}» \u{0085}y\u{FFFE}\u{0001}") == "«\u{00A0}x\u{00A0}» y")
    }
}

/// Places are credited by their source, never by a file's name: an OpenStreetMap extract
/// under the licence's words, the other lists as the territory file declares them.
@Suite struct PlaceCreditsTests {
    @Test func placesAreCreditedBySourceNotFileName() {
        let paths = ["/d/equipements_bondy.geojson", "/d/ile-de-france-latest.osm.pbf", "/d/commerces_bondy.csv"]
        #expect(
            DataCredits.places(paths) == ["lieux : liste fournie par le territoire", "© les contributeurs d'OpenStreetMap (lieux)"])
        #expect(
            DataCredits.places(paths, declared: ["Ville de Bondy, équipements", "OSM", "Ville de Bondy, commerces"]) == [
                "lieux : Ville de Bondy, équipements", "lieux : OSM", "lieux : Ville de Bondy, commerces",
            ])
        #expect(DataCredits.places([]).isEmpty)
        for credit in DataCredits.places(paths) { #expect(!credit.contains(".geojson") && !credit.contains(".csv") && !credit.contains(".pbf")) }
        // A map credits only what it draws.
        let credits = DataCredits(parts: ["Insee, Filosofi 2019", "IGN – Insee, Contours IRIS 2022", "Cnaf, Cafdata 2024-12"])
        #expect(credits.without(["Cnaf"]).parts == ["Insee, Filosofi 2019", "IGN – Insee, Contours IRIS 2022"])
        // Each licence named for the sources drawn, none for a list the territory made.
        #expect(credits.licences == "Licences : Licence Ouverte / Etalab 2.0 (Insee, IGN, Cnaf).")
        #expect(
            credits.without(["Cnaf"]).adding(["© les contributeurs d'OpenStreetMap (rues, extrait du 2023-07-27)"]).licences
                == "Licences : Licence Ouverte / Etalab 2.0 (Insee, IGN) ; ODbL 1.0 (OpenStreetMap).")
        #expect(DataCredits(parts: ["lieux : Ville de Bondy, commerces"]).licences == nil)
    }
}

/// The vintage of an official file whose name has none comes from the folder INSEE's or
/// IGN's archive unpacks into, and never from an unrelated folder.
@Suite struct CreditYearTests {
    @Test func yearsFromTheProductsFolders() {
        #expect(DataCredits.year(of: "/d/Filosofi2019_carreaux_200m_csv/carreaux_200m_met.csv", folderMentioning: "filosofi") == "2019")
        #expect(DataCredits.year(of: "/projet_2026/carreaux_200m_met.csv", folderMentioning: "filosofi") == nil)
        #expect(DataCredits.year(of: "/d/carreaux_filosofi2017_x.csv", folderMentioning: "filosofi") == "2017")
        #expect(
            DataCredits.year(
                of:
                    "/d/CONTOURS-IRIS_3-0__GPKG_LAMB93_FXX_2024-01-01/CONTOURS-IRIS/1_DONNEES_LIVRAISON/CONTOURS-IRIS_3-0_GPKG_LAMB93_FXX-ED2024-01-01/iris.gpkg",
                folderMentioning: "iris") == "2024")
        #expect(DataCredits.year(of: "/2023/iris.gpkg", folderMentioning: "iris") == nil)
    }
}

/// A legend says what the map draws: no entry for what is not there, contiguous class bounds,
/// a class of one value by that value.
@Suite struct LegendTests {
    func zone(_ k: Int, score: Double?, riskClass: Int, reliability: String) -> ScoredZone {
        let x = Double(k) * 100
        let square = MultiPolygon([Polygon(exterior: Ring([Point(x: x, y: 0), Point(x: x + 100, y: 0), Point(x: x + 100, y: 100), Point(x: x, y: 100)]))])
        var attributes: [String: AttributeValue] = ["classe_risque": .number(Double(riskClass)), "fiabilite": .text(reliability)]
        if let score { attributes["score_risque"] = .number(score) }
        return ScoredZone(code: "93010010\(k)", name: "Z\(k)", commune: "93010", attributes: attributes, geometry: square)
    }

    func legend(_ zones: [ScoredZone]) -> String {
        let map = SVGMap(
            style: MapStyle(), layer: .risk,
            caption: MapCaption(territory: "Bondy (93010)", date: "2026-12-04", sources: "Insee", classification: "", projection: ""), threads: 1)
        let svg = map.render(zones: zones)
        return String(svg[svg.range(of: "<g id=\"legende\"")!.lowerBound...])
    }

    @Test func classesAreContiguousAndEmptyCategoriesAbsent() {
        let text = legend([
            zone(0, score: 54.3, riskClass: 1, reliability: "bonne"), zone(1, score: 57.9, riskClass: 1, reliability: "bonne"),
            zone(2, score: 60.2, riskClass: 2, reliability: "bonne"), zone(3, score: 61.5, riskClass: 2, reliability: "bonne"),
            zone(4, score: 72.6, riskClass: 3, reliability: "bonne"),
        ])
        #expect(text.contains("1. 54,3 à 57,9 (2 zones)") && text.contains("2. 57,9 à 61,5 (2 zones)") && text.contains("3. 61,5 à 72,6 (1 zone)"))
        #expect(!text.contains("secret statistique") && !text.contains("fiabilité faible"))
    }

    @Test func aOneValueClassAndTheCategoriesThatAreThere() {
        let text = legend([
            zone(0, score: 72.6, riskClass: 1, reliability: "bonne"), zone(1, score: nil, riskClass: 0, reliability: "secret"),
            zone(2, score: 70.0, riskClass: 1, reliability: "faible"),
        ])
        #expect(text.contains("1. 70,0 à 72,6 (2 zones)"))
        #expect(text.contains("secret statistique (1 zone)") && text.contains("fiabilité faible (1 zone)"))
        let single = legend([zone(0, score: 72.6, riskClass: 1, reliability: "bonne")])
        #expect(single.contains("1. 72,6 (1 zone)"), "\(single.prefix(600))")
    }
}
