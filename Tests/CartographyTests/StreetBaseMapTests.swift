import Foundation
import GeometryCore
import Testing

@testable import Cartography

/// The tour map's light street base map: streets drawn, the main streets named along them,
/// major roads first, no two names overlapping, none over a stop.
@Suite struct StreetBaseMapTests {
    /// Page pixels are the points themselves.
    func draw(_ streets: [MapStreet], avoid: [(Double, Double)] = []) -> String {
        StreetBaseMap.svg(
            streets, px: { ($0.x, $0.y) }, fontSize: 10, avoid: avoid, avoidRadius: 12, inside: (0, 0, 1000, 1000))
    }

    func labels(_ svg: String) throws -> [String] {
        svg.matches(of: try Regex(#"<text transform="[^"]*"[^>]*>([^<]*)</text>"#)).compactMap { $0.output[1].substring.map(String.init) }
    }

    @Test func mainRoadsAreNamedFirstAndNamesNeverOverlap() throws {
        // A primary road and a residential street crossing it at the same place, each long
        // enough for its name; the residential street's name would cover the avenue's.
        let avenue = MapStreet(points: [Point(x: 100, y: 500), Point(x: 400, y: 500), Point(x: 700, y: 500)], name: "Avenue Gallieni", rank: 0)
        let street = MapStreet(points: [Point(x: 330, y: 500), Point(x: 470, y: 500)], name: "Rue des Écoles", rank: 3)
        let svg = draw([street, avenue])
        #expect(try labels(svg) == ["Avenue Gallieni"])
        #expect(svg.contains("id=\"rues\"") && svg.contains("clip-path"))
    }

    /// OpenStreetMap cuts a street into ways: joined end to end, a name finds room on the whole.
    @Test func waysOfOneNameAreJoined() throws {
        let pieces = (0..<6).map { i in
            MapStreet(points: [Point(x: 100 + Double(i) * 40, y: 300), Point(x: 140 + Double(i) * 40, y: 300)], name: "Rue de la République", rank: 1)
        }
        #expect(try labels(draw(pieces)) == ["Rue de la République"])
        // Each piece alone is too short for the name.
        #expect(try labels(draw([pieces[0]])).isEmpty)
    }

    @Test func aNameNeverCoversAStop() throws {
        let avenue = MapStreet(points: [Point(x: 100, y: 500), Point(x: 400, y: 500)], name: "Avenue Carnot", rank: 0)
        #expect(try labels(draw([avenue], avoid: [(250, 500)])).isEmpty)
        #expect(try labels(draw([avenue], avoid: [(250, 800)])) == ["Avenue Carnot"])
    }

    /// A main road that bends (an arc of a circle) is named glyph by glyph along it, upright,
    /// its glyphs in order and apart; a road that zigzags is not.
    @Test func curvingRoadsAreNamedAlongTheirCurve() throws {
        let arc = MapStreet(
            points: (0...24).map { k in
                let angle = Double.pi * (0.15 + 0.7 * Double(k) / 24)
                return Point(x: 500 - 110 * cos(angle), y: 700 - 110 * sin(angle))
            }, name: "Route Nationale 3", rank: 0)
        let svg = draw([arc])
        #expect(svg.contains("<g data-name=\"Route Nationale 3\">"))
        let glyphs = svg.matches(of: try Regex(#"translate\(([-0-9.]+) ([-0-9.]+)\) rotate\(([-0-9.]+)\)\" y=\"[-0-9.]+\">([^<]*)</text>"#)).map {
            (x: Double($0.output[1].substring!)!, angle: Double($0.output[3].substring!)!, text: String($0.output[4].substring!))
        }
        #expect(glyphs.map(\.text).joined() == "RouteNationale3")
        // Read left to right, turning with the road (the arc bends by 126° in all).
        #expect(zip(glyphs, glyphs.dropFirst()).allSatisfy { $0.x < $1.x })
        #expect(Set(glyphs.map(\.angle)).count > 3 && glyphs.allSatisfy { abs($0.angle) < 60 })
        let zigzag = MapStreet(
            points: (0...12).map { k in Point(x: 100 + Double(k) * 25, y: k % 2 == 0 ? 300 : 330) }, name: "Rue Tordue", rank: 0)
        #expect(!draw([zigzag]).contains("noms-rues"))
    }

    @Test func rotatedBoxesOverlapOnlyWhenTheyDo() throws {
        let a = [(0.0, 0.0), (10.0, 0.0), (10.0, 2.0), (0.0, 2.0)]
        let b = [(5.0, 1.0), (15.0, 1.0), (15.0, 3.0), (5.0, 3.0)]
        let c = [(11.0, 0.0), (21.0, 0.0), (21.0, 2.0), (11.0, 2.0)]
        #expect(StreetBaseMap.overlaps(a, b) && !StreetBaseMap.overlaps(a, c))
        #expect(StreetBaseMap.distance((5, 1), toBox: a) == 0 && abs(StreetBaseMap.distance((5, 5), toBox: a) - 3) < 1e-9)
    }
}
