import Foundation
import GeoBindings
import GeoOracles
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads every `<path>` of an SVG with a `data-code`, checking it is well-formed XML.
final class ZonePaths: NSObject, XMLParserDelegate {
    var zones: [[String: String]] = []
    var legend: [String: String] = [:]
    var elements = 0
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements += 1
        if name == "path", attributes["data-code"] != nil { zones.append(attributes) }
        if name == "rect", let c = attributes["data-legend-class"] { legend[c] = attributes["fill"] }
    }
}

/// Maps, the RFC 7946 GeoJSON, the styled GeoPackage and the HTML report, on Bondy.
@Suite(.serialized) struct MapAndExportTests {
    static let prepared = Result<URL, any Error> { try Fixtures.scoredBondy(in: Fixtures.temporaryFolder()) }
    static var folder: URL { get throws { try prepared.get() } }

    func path(_ name: String) throws -> String { (try Self.folder).appendingPathComponent(name).path }

    @Test func riskMapIsValidXMLAndEachZoneShowsItsLegendColour() throws {
        let run = try Fixtures.run(["map", "--scored", try path("bondy.geojson"), "--date", "2026-11-22", "-o", try path("risk.svg")])
        #expect(run.status == 0, "\(run.stderr)")
        let svg = try String(contentsOfFile: try path("risk.svg"), encoding: .utf8)
        for text in [
            "Risque de non-recours", "Sources : Insee, Filosofi 2019 ; IGN – Insee, Contours IRIS 2022 ; Cnaf, Cafdata 2024-12", "22 novembre 2026",
            "id=\"echelle\"",
            "id=\"nord\"", "id=\"communes\"", "Bondy",
        ] {
            #expect(svg.contains(text), "missing \(text)")
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let reader = ZonePaths()
        parser.delegate = reader
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        #expect(reader.zones.count == 22)
        // National classes: Bondy's IRIS fall in two of the four (modéré, élevé).
        #expect(reader.legend.count == 2)
        // Rendered by librsvg: each zone's class colour appears around its interior point.
        let png = try path("risk.png")
        let render = try Fixtures.runTool("rsvg-convert", [try path("risk.svg"), "-o", png])
        #expect(render.status == 0, "\(render.stderr)")
        let image = try RasterImage.read(path: png)
        for zone in reader.zones {
            let fill = try #require(zone["data-fill"]), code = zone["data-code"]!
            #expect(reader.legend[zone["data-class"]!] == fill)
            let x = Int(Double(zone["data-x"]!)!.rounded()), y = Int(Double(zone["data-y"]!)!.rounded())
            var seen = Set<String>()
            for dy in -2...2 { for dx in -2...2 { if let c = image.color(x: x + dx, y: y + dy) { seen.insert(c) } } }
            #expect(seen.contains(fill), "zone \(code): \(fill) not around (\(x), \(y)); saw \(seen.sorted())")
        }
    }

    /// Printed maps: the same drawing on an A4 page, scaled to fit within 10 mm margins and
    /// centred; each zone's class colour found where the SVG puts it, carried onto the page.
    @Test func printedMapsCarryTheDrawingOntoThePage() throws {
        let svgPath = try path("print.svg"), pngPath = try path("print.png")
        for output in [svgPath, pngPath] {
            let run = try Fixtures.run(["map", "--scored", try path("bondy.geojson"), "--date", "2026-11-22", "--dpi", "96", "-o", output])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
        let reader = ZonePaths()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        #expect(parser.parse())
        let image = try RasterImage.read(path: pngPath)
        // A4 portrait (Bondy is taller than wide) at 96 pixels per inch.
        #expect(image.width == 794 && image.height == 1123)
        func attribute(_ name: String) throws -> Double {
            let range = try #require(svg.range(of: " \(name)=\""))
            return try #require(Double(svg[range.upperBound...].prefix { $0 != "\"" }))
        }
        let width = try attribute("width") * 0.75, height = try attribute("height") * 0.75  // CSS pixels to points
        let page = (width: 595.276, height: 841.89), margin = 10 / 25.4 * 72
        let fit = min((page.width - 2 * margin) / width, (page.height - 2 * margin) / height)
        let left = (page.width - width * fit) / 2, top = (page.height - height * fit) / 2
        for zone in reader.zones {
            let fill = try #require(zone["data-fill"])
            let sx = try #require(zone["data-x"].flatMap(Double.init)), sy = try #require(zone["data-y"].flatMap(Double.init))
            let x = Int(((left + sx * 0.75 * fit) * 96 / 72).rounded()), y = Int(((top + sy * 0.75 * fit) * 96 / 72).rounded())
            var seen = Set<String>()
            for dy in -2...2 { for dx in -2...2 { if let c = image.color(x: x + dx, y: y + dy) { seen.insert(c) } } }
            #expect(seen.contains(fill), "zone \(zone["data-code"] ?? ""): \(fill) not around (\(x), \(y)); saw \(seen.sorted())")
        }
        // The margins stay white.
        #expect(image.color(x: 5, y: 5) == "#ffffff" && image.color(x: image.width - 5, y: image.height - 5) == "#ffffff")
    }

    /// A PDF with its fonts embedded, the same bytes on every run, the date as its creation date;
    /// impossible print settings are usage errors with nothing written.
    @Test func pdfMapsAreDeterministicWithEmbeddedFonts() throws {
        var pages: [Data] = []
        for name in ["a.pdf", "b.pdf"] {
            let run = try Fixtures.run(["map", "--scored", try path("bondy.geojson"), "--date", "2026-11-22", "--paper", "a3", "-o", try path(name)])
            #expect(run.status == 0, "\(run.stderr)")
            pages.append(try Data(contentsOf: URL(fileURLWithPath: try path(name))))
        }
        #expect(pages[0] == pages[1])
        let text = String(decoding: pages[0], as: UTF8.self)
        #expect(text.hasPrefix("%PDF-"))
        #expect(text.contains("/FontFile2") || text.contains("/FontFile3"))
        #expect(text.contains("/CreationDate (20261122"))
        // A3 portrait: 841.89 × 1190.55 points.
        #expect(text.contains("/MediaBox [ 0 0 841.89 1190.551 ]"))
        for bad in [["--dpi", "5"], ["--paper", "a0"], ["-o", try path("map.jpg")]] {
            var arguments = ["map", "--scored", try path("bondy.geojson"), "-o", try path("never.png")]
            arguments += bad
            let run = try Fixtures.run(arguments)
            #expect(run.status == 2, "\(bad): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: try path("never.png")))
    }

    /// Rates as colours, counts as circles: the risk map draws estimated households as hollow
    /// proportional circles with a legend of round reference sizes.
    @Test func riskMapDrawsHouseholdsAsProportionalCircles() throws {
        let run = try Fixtures.run(["map", "--scored", try path("bondy.geojson"), "-o", try path("risk-circles.svg")])
        #expect(run.status == 0, "\(run.stderr)")
        let svg = try String(contentsOfFile: try path("risk-circles.svg"), encoding: .utf8)
        let circles = svg.components(separatedBy: "\" data-value=").count - 1
        let legendCircles = svg.components(separatedBy: "data-legend-circle=").count - 1
        #expect((2...3).contains(legendCircles))
        #expect(circles == 22)
        #expect(svg.contains(">ménages × prestations non perçues</text>"))
        #expect(svg.contains("intensité du risque (score 0 à 100, échelle nationale, classes nationales fixes)"))
        // Circle areas are proportional to the values: r² / value is one constant.
        let pattern = try Regex(#"r="([0-9.]+)" data-value="([0-9.]+)""#)
        let ratios = svg.matches(of: pattern).compactMap { match -> Double? in
            guard let r = Double(match.output[1].substring ?? ""), let v = Double(match.output[2].substring ?? ""), v > 20 else { return nil }
            return r * r / v
        }
        #expect(ratios.count >= 15)
        #expect((ratios.max()! - ratios.min()!) / ratios.max()! < 0.05)
    }

    /// One layer per benefit of the model; the prime d'activité says its rate is assumed.
    @Test(arguments: ["rsa", "ppa", "aspa"])
    func benefitLayersRender(layer: String) throws {
        let out = try path("benefit-\(layer).svg")
        let run = try Fixtures.run(["map", "--scored", try path("bondy.geojson"), "--layer", layer, "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(svg.contains("aucun taux publié") == (layer == "ppa"))
        #expect(svg.contains("data-legend-circle="))
        let unknown = try Fixtures.run(["map", "--scored", try path("bondy.geojson"), "--layer", "rsaa", "-o", try path("x.svg")])
        #expect(unknown.status != 0 && unknown.stderr.contains("rsa, ppa, aspa"))
    }

    @Test(arguments: ["carreaux", "poverty", "niveau_de_vie", "nonrecours"])
    func otherLayersRender(layer: String) throws {
        let out = try path("\(layer).svg")
        let run = try Fixtures.run(["map", "--scored", try path("bondy.geojson"), "--layer", layer, "--cells", Fixtures.bondyCells, "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(parser.parse())
        if layer == "carreaux" {
            let svg = try String(contentsOfFile: out, encoding: .utf8)
            #expect(svg.contains("data-imputed=\"1\""))  // Bondy has 14 imputed cells, hatched
        }
    }

    @Test func stopsAndRoutesAreDrawnOverTheMap() throws {
        let stops = try Fixtures.temporaryFile(
            "stops.geojson",
            contents: """
                {"type":"FeatureCollection","features":[
                {"type":"Feature","properties":{"kind":"market","name":"Marché Suzanne Buisson","number":1},"geometry":{"type":"Point","coordinates":[2.4895,48.9035]}},
                {"type":"Feature","properties":{"kind":"community_centre","name":"Maison de quartier","number":2},"geometry":{"type":"Point","coordinates":[2.4780,48.8960]}}]}
                """)
        let route = try Fixtures.temporaryFile(
            "route.geojson",
            contents: """
                {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"day":"2026-12-07"},"geometry":{"type":"LineString","coordinates":[[2.4895,48.9035],[2.4780,48.8960]]}}]}
                """)
        let out = try path("stops.svg")
        let run = try Fixtures.run(["map", "--scored", try path("bondy.geojson"), "--stops", stops, "--route", route, "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(svg.components(separatedBy: "data-kind=").count - 1 == 2)
        #expect(svg.contains("<title>1. Marché Suzanne Buisson</title>"))
        #expect(svg.contains("<g id=\"routes\""))
        #expect(XMLParser(data: Data(svg.utf8)).parse())
    }

    @Test func badStyleExitsWithoutOutput() throws {
        let style = try Fixtures.temporaryFile("bad.toml", contents: "[palettes]\nrisk = [\"#ffffff\", \"rouge\"]\n")
        let out = try path("never.svg")
        let run = try Fixtures.run(["map", "--scored", try path("bondy.geojson"), "--style", style, "-o", out])
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.toml:2"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// RFC 7946: WGS 84 longitudes/latitudes, no `crs` member, at most 6 decimals,
    /// counter-clockwise exterior rings and clockwise holes; and GDAL opens it.
    @Test func geoJSONFollowsRFC7946() throws {
        let text = try String(contentsOfFile: try path("bondy.geojson"), encoding: .utf8)
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(json["type"] as? String == "FeatureCollection")
        #expect(json["crs"] == nil)
        func signedArea(_ ring: [[Double]]) -> Double {
            var sum = 0.0
            for i in 0..<(ring.count - 1) { sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] }
            return sum / 2
        }
        for feature in json["features"] as! [[String: Any]] {
            let geometry = feature["geometry"] as! [String: Any]
            let type = geometry["type"] as! String
            #expect(type == "Polygon" || type == "MultiPolygon")
            let polygons = type == "Polygon" ? [geometry["coordinates"] as! [[[Double]]]] : geometry["coordinates"] as! [[[[Double]]]]
            for polygon in polygons {
                for (r, ring) in polygon.enumerated() {
                    #expect(ring.first! == ring.last!)
                    #expect(ring.allSatisfy { (-180...180).contains($0[0]) && (-90...90).contains($0[1]) && $0.count == 2 })
                    #expect(r == 0 ? signedArea(ring) > 0 : signedArea(ring) < 0)
                }
            }
        }
        // No coordinate with more than 6 decimals.
        let decimals = try NSRegularExpression(pattern: "[0-9]\\.[0-9]{7,}[,\\]]")
        let coordinates = text.components(separatedBy: "\"coordinates\"").dropFirst().map { String($0.prefix(20_000)) }.joined()
        #expect(decimals.numberOfMatches(in: coordinates, range: NSRange(coordinates.startIndex..., in: coordinates)) == 0)
        let info = try Fixtures.runTool("ogrinfo", ["-ro", "-so", "-al", try path("bondy.geojson")])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.contains("Feature Count: 22"))
    }

    @Test func geoPackageIsInLambert93AndCarriesItsQGISStyle() throws {
        let gpkg = try path("bondy.gpkg")
        let run = try Fixtures.run(Fixtures.scoreBondyArguments + ["-o", gpkg])
        #expect(run.status == 0, "\(run.stderr)")
        let info = try Fixtures.runTool(
            "ogrinfo", ["-ro", gpkg, "-sql", "SELECT f_table_name, useAsDefault, styleQML, update_time FROM layer_styles"])
        #expect(info.status == 0, "\(info.stderr)")
        // The style's date is a GeoPackage DATETIME (with milliseconds): GDAL reads it without
        // a « Non-conformant content » warning.
        #expect(info.stderr.isEmpty, "\(info.stderr)")
        #expect(info.stdout.contains("update_time (DateTime) = "))
        #expect(info.stdout.contains("f_table_name (String) = zones_risque"))
        #expect(info.stdout.contains("attr=\"classe_risque\""))
        #expect(info.stdout.contains("categorizedSymbol"))
        let layer = try Fixtures.runTool("ogrinfo", ["-ro", "-so", gpkg, "zones_risque"])
        #expect(layer.stdout.contains("EPSG\",2154") || layer.stdout.contains("RGF93 v1 / Lambert-93") || layer.stdout.contains("Lambert-93"))
    }

    /// The report is one file with no external resource, and Chromium shows the map.
    @Test func htmlReportShowsTheMapInABrowser() throws {
        let html = try path("rapport.html")
        let run = try Fixtures.run(["report", "--scored", try path("bondy.geojson"), "--summary", try path("bondy.json"), "-o", html])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: html, encoding: .utf8)
        #expect(!text.contains("http://") || !text.contains("src=\"http"))
        #expect(!text.contains("<script src") && !text.contains("<link "))
        #expect(text.contains("930100107"))
        #expect(text.contains("DREES"))
        #expect(text.components(separatedBy: "<tr data-code=").count - 1 == 22)
        let shot = try path("shot.png")
        let browser = try Fixtures.runTool(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--screenshot=\(shot)", "--window-size=1100,900",
                "file://\(html)",
            ])
        #expect(browser.status == 0, "\(browser.stderr)")
        let image = try RasterImage.read(path: shot)
        // Not blank: the map's class colours are on screen.
        var colours = Set<String>()
        for y in stride(from: 0, to: image.height, by: 3) {
            for x in stride(from: 0, to: image.width, by: 3) { if let c = image.color(x: x, y: y) { colours.insert(c) } }
        }
        #expect(colours.count > 20)
        // The colour of the class most zones fall in (« élevé » on Bondy) is on screen.
        let legendFills = text.matches(of: try Regex(#"fill="(#[0-9a-f]{6})"[^>]*data-legend-class="3""#)).compactMap {
            $0.output[1].substring.map(String.init)
        }
        #expect(!legendFills.isEmpty && legendFills.allSatisfy { colours.contains($0) }, "\(legendFills)")
    }
}

/// The report's map in a real headless Chromium: the page runs without a console error, the
/// zone named in the address shows its card with the values of the table, and the charts are
/// there; everything is in the file (no network).
@Suite struct InteractiveReportTests {
    @Test func theZoneCardOpensFromTheAddressWithoutConsoleErrors() throws {
        let base = try Fixtures.temporaryFolder()
        let folder = try Fixtures.scoredBondy(in: base)
        let html = base.appendingPathComponent("rapport.html").path
        let run = try Fixtures.run([
            "report", "--scored", folder.appendingPathComponent("bondy.geojson").path, "--summary", folder.appendingPathComponent("bondy.json").path,
            "--date", "2026-11-22", "-o", html,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: html, encoding: .utf8)
        #expect(text.contains("id=\"graphique-scores\"") && text.contains("id=\"graphique-caf\""))
        // The Cafdata trend: Bondy's five periods, RSA and prime d'activité, values from the file.
        #expect(text.contains("id=\"graphique-caf-evolution\""))
        #expect(text.contains("<title>RSA, 2020-12 : 3\u{202F}550</title>"))
        #expect(text.contains("prime d'activité, 2024-12 : 4"))
        #expect(!text.contains("<script src") && !text.contains("https://"))
        let browser = try Fixtures.runTool(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", "--dump-dom",
                "file://\(html)#zone=930100107",
            ])
        #expect(browser.status == 0, "\(browser.stderr)")
        let consoleErrors = browser.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") && ($0.contains("Uncaught") || $0.contains("Error")) }
        #expect(consoleErrors.isEmpty, "\(consoleErrors)")
        // The card is shown (no `hidden`), titled with the zone, with its score as the table gives it.
        let dom = browser.stdout
        let cardStart = try #require(dom.range(of: "<div id=\"fiche\""))
        let card = String(dom[cardStart.lowerBound...].prefix { $0 != "\u{0}" }.prefix(3000))
        #expect(!card.hasPrefix("<div id=\"fiche\" hidden"))
        #expect(card.contains("(930100107)"))
        #expect(card.contains("data-champ=\"score\""))
        #expect(card.contains("data-champ=\"facteurs\""))
        // The zone is outlined on the map.
        #expect(dom.contains("data-code=\"930100107\"") && dom.contains("class=\"survol\""))
    }
}

@Suite struct CreditsTests {
    /// Maps name the data actually used, with their vintages, carried by the scored file.
    @Test func creditsFollowTheInputs() throws {
        let base = try Fixtures.temporaryFolder()
        let scored = try Fixtures.scoredBondy(in: base).appendingPathComponent("bondy.geojson").path
        let svg = base.appendingPathComponent("carte.svg").path
        #expect(try Fixtures.run(["map", "--scored", scored, "-o", svg]).status == 0)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.contains("Insee, Filosofi 2019") && text.contains("Contours IRIS 2022") && text.contains("Cafdata 2024-12"))
        // Without Cafdata, no Cafdata credit; OpenStreetMap only when streets or places are used.
        let noCaf = base.appendingPathComponent("sans_caf.geojson").path
        #expect(
            try Fixtures.run(["score", "--cells", Fixtures.bondyCells, "--zones", Fixtures.iris93, "--where", "INSEE_COM = '93010'", "-o", noCaf]).status == 0)
        let svg2 = base.appendingPathComponent("carte2.svg").path
        #expect(try Fixtures.run(["map", "--scored", noCaf, "-o", svg2]).status == 0)
        let text2 = try String(contentsOfFile: svg2, encoding: .utf8)
        #expect(!text2.contains("Cafdata") && !text2.contains("OpenStreetMap"))
    }
}
