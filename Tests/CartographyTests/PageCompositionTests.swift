import Foundation
import GeometryCore
import Inputs
import Risk
import ScoredFiles
import TestSupport
import Testing

@testable import Cartography

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One page composition for every map: on A4 and A3, portrait and landscape, the title, the
/// subtitle, the map frame, its scale bar, the legend, the keys and the credits never overlap;
/// the drawing takes the page's shape; every IRIS of the two highest classes is named or
/// numbered and keyed, on Bondy and on the whole Seine-Saint-Denis.
@Suite struct PageCompositionTests {
    static let formats: [MapPageFormat] = PaperSize.allCases.flatMap { paper in
        [PageOrientation.portrait, .landscape].map { MapPageFormat(paper: paper, orientation: $0) }
    }

    /// The IRIS of the département, scored by hand: a class and a score from a fixed sequence
    /// (a third of them in the two highest classes), their communes named.
    static func seineSaintDenis(only commune: String? = nil) throws -> [ScoredZone] {
        let zones = try ZonesReader.read(path: Fixtures.iris93, whereClause: commune.map { "INSEE_COM = '\($0)'" }, threads: 2).zones
        var random = SplitMix64(state: 93)
        return zones.map { zone in
            let riskClass = 1 + Int(random.next() % 6) % 4
            let score = [20.0, 40, 60, 80][riskClass - 1] + Double(random.next() % 100) / 10
            return ScoredZone(
                code: zone.id, name: zone.name, commune: zone.commune,
                attributes: [
                    ScoredColumn.score: .number(score), ScoredColumn.riskClass: .number(Double(riskClass)),
                    ScoredColumn.communeName: .text(zone.communeName ?? zone.commune ?? ""), ScoredColumn.estimate: .number(Double(10 + riskClass * 20)),
                ], geometry: zone.geometry)
        }
    }

    static func map(_ format: MapPageFormat, title: String? = nil) throws -> SVGMap {
        var caption = MapCaption(
            territory: "Seine-Saint-Denis", date: "2026-12-04",
            sources: "Sources : Insee, Filosofi 2019 ; IGN – Insee, Contours IRIS 2022 ; Cnaf, Cafdata 2024-12", classification: "Classes nationales fixes.",
            projection: "Lambert-93 (RGF93, EPSG:2154)")
        caption.title = title
        let model = try RiskModel.load(path: Fixtures.data("models/default.toml"))
        return SVGMap(style: MapStyle(), layer: .risk, caption: caption, riskClasses: RiskClassNaming(nationalOf: model), page: format, threads: 2)
    }

    /// A hand-made page: its blocks do not overlap, and a page that has room keeps its shape.
    @Test func blocksNeverOverlapOnAnyPage() {
        for format in Self.formats {
            for keyHeight in [0.0, 200, 3_000] {
                let landscape = format.orientation == .landscape
                let size = format.size(shortSide: 1000, landscape: landscape)
                var layout = MapPageLayout.compose(
                    style: MapStyle(), width: size.width, pageHeight: size.height, title: String(repeating: "Titre long ", count: 20),
                    subtitle: "Territoire — indicateur — 2026-12-04", credits: ["Sources : Insee ; IGN ; Cnaf", "Classes.", "Projection."],
                    keyHeight: keyHeight)
                layout.legendHeight = 400
                let blocks = layout.blocks(style: MapStyle())
                for (i, a) in blocks.enumerated() {
                    #expect(a.box.maxY <= layout.height && a.box.maxX <= layout.width, "\(format) \(a.name) leaves the page")
                    for b in blocks[(i + 1)...] {
                        let apartInX = a.box.maxX <= b.box.minX || b.box.maxX <= a.box.minX
                        let apart = apartInX || a.box.maxY <= b.box.minY || b.box.maxY <= a.box.minY
                        #expect(apart, "\(format), key \(keyHeight): \(a.name) meets \(b.name)")
                    }
                }
                // The page keeps its shape unless the keys need more than the smallest frame leaves.
                if keyHeight < 1_000 { #expect(abs(layout.height - size.height) < 0.01, "\(format) key \(keyHeight): \(layout.height)") }
                #expect(layout.frame.height >= min(max(MapStyle().mapHeight, (size.height - layout.frame.minY) / 2), size.height) - 0.01)
            }
        }
    }

    /// A key of short entries sets them in columns that fit the width, in order.
    @Test func keysFlowInColumns() {
        let key = MapKey(id: "k", heading: "Clé", entries: (1...9).map { "\($0). Les Merisiers" })
        let (lines, height) = key.laidOut(x: 24, y: 100, width: 952, fontSize: 12)
        #expect(lines.first?.bold == true && lines.count == 10)
        let columns = Set(lines.dropFirst().map(\.x))
        #expect(columns.count == 3)
        // Down the first column, then the next; every line within the width.
        #expect(lines[1].x == 24 && lines[2].x == 24 && lines[2].y > lines[1].y)
        let rightmost = lines.dropFirst().map { (line: MapKey.Line) -> Double in line.x + Double(line.text.count) * 12 * 0.52 }.max() ?? 0
        #expect(rightmost <= 24 + 952)
        #expect(height > 12 * 2.6 && height < 12 * 8)
        // A long entry takes the whole width and is cut between words.
        let long = MapKey(id: "k", heading: "Clé", entries: [String(repeating: "mot ", count: 80)])
        #expect(Set(long.laidOut(x: 0, y: 0, width: 500, fontSize: 12).lines.dropFirst().map(\.x)) == [0])
    }

    /// The whole département on every page: the labels never overlap one another nor a commune
    /// name, every IRIS of the two highest classes is named or numbered, and each number is in
    /// the key; the page's blocks stay apart.
    @Test(arguments: formats)
    func seineSaintDenisIsNamedOrNumbered(format: MapPageFormat) throws {
        let zones = try Self.seineSaintDenis()
        #expect(zones.count > 600)
        let map = try Self.map(format)
        let svg = map.render(zones: zones)
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        let fontSize = MapStyle().labelSize - 1
        let names = try MapLabels.labels(in: svg, group: "noms-iris", fontSize: fontSize)
        let numbers = try MapLabels.labels(in: svg, group: "numeros-iris", fontSize: fontSize)
        let communes = try MapLabels.labels(in: svg, group: "noms-communes", fontSize: MapStyle().labelSize + 2)
        #expect(MapLabels.overlaps(names + communes).isEmpty, "\(MapLabels.overlaps(names + communes).prefix(5))")
        // Numbers drawn where nothing else is (away from their zone, joined to it by a line).
        #expect(MapLabels.overlaps(names + numbers + communes).isEmpty, "\(MapLabels.overlaps(names + numbers + communes).prefix(8))")
        let high = zones.filter { ($0.riskClass ?? 0) >= 3 }
        let keyed = keyEntries(svg)
        #expect(numbers.count == keyed.count && !keyed.isEmpty)
        let named = Set(names.map(\.name))
        for zone in high {
            let name = try #require(zone.name)
            let inKey = keyed.contains { $0.contains(". \(xmlText(name)) (") }
            #expect(named.contains(xmlText(name)) || inKey, "\(zone.code) \(name) neither named nor keyed")
        }
        // The drawing takes the page's shape (or grows longer for a long key).
        let (width, height) = try size(svg)
        let landscape = format.orientation == .landscape
        let long = (1000 * format.aspect * 10).rounded() / 10
        #expect(width == (landscape ? long : 1000))
        #expect(height >= (landscape ? 1000 : long) - 0.1)
    }

    /// Bondy alone on A4 portrait: its élevé IRIS all fit by name, so no number and no key.
    @Test func bondyNamesEveryHighIRIS() throws {
        let zones = try Self.seineSaintDenis(only: "93010")
        let svg = try Self.map(MapPageFormat(paper: .a4, orientation: .portrait)).render(zones: zones)
        let names = try MapLabels.labels(in: svg, group: "noms-iris", fontSize: MapStyle().labelSize - 1)
        #expect(MapLabels.overlaps(names).isEmpty)
        let high = zones.filter { ($0.riskClass ?? 0) >= 3 }.compactMap(\.name).map(xmlText)
        #expect(!high.isEmpty && Set(high).isSubset(of: Set(names.map(\.name))))
        #expect(!svg.contains("numeros-iris") && !svg.contains("cle-des-iris"))
    }

    /// The orientation left open draws a wide territory on a landscape page, a tall one on a
    /// portrait page.
    @Test func autoOrientationFollowsTheTerritory() throws {
        func square(_ w: Double, _ h: Double) -> ScoredZone {
            ScoredZone(
                code: "1", name: "A", commune: "93010", attributes: [:],
                geometry: MultiPolygon([Polygon(exterior: Ring([Point(x: 0, y: 0), Point(x: w, y: 0), Point(x: w, y: h), Point(x: 0, y: h)]))]))
        }
        let map = try Self.map(MapPageFormat())
        #expect(try size(map.render(zones: [square(3000, 1000)])).width > 1000)
        #expect(try size(map.render(zones: [square(1000, 3000)])).width == 1000)
    }

    func size(_ svg: String) throws -> (width: Double, height: Double) {
        func attribute(_ name: String) throws -> Double {
            let range = try #require(svg.range(of: " \(name)=\""))
            return try #require(Double(svg[range.upperBound...].prefix { $0 != "\"" }))
        }
        return (try attribute("width"), try attribute("height"))
    }

    /// The entries of the numbered IRIS' key.
    func keyEntries(_ svg: String) -> [String] {
        guard let start = svg.range(of: "<g id=\"cle-des-iris\""), let end = svg.range(of: "</g>", range: start.upperBound..<svg.endIndex) else { return [] }
        let body = svg[start.upperBound..<end.lowerBound]
        // Entries start with their number; a wrapped entry's next lines do not.
        return body.components(separatedBy: "</text>").compactMap { part in
            guard let open = part.range(of: ">", options: .backwards) else { return nil }
            let text = String(part[open.upperBound...])
            return text.first?.isNumber == true && text.contains(". ") ? text : nil
        }
    }

    func xmlText(_ text: String) -> String { xml(text) }
}
