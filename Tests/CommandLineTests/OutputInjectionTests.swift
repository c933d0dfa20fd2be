import Foundation
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Names from data files cannot break an output: control characters leave XML valid, CSV
/// fields are quoted (RFC 4180) and formula prefixes neutralised (#16).
@Suite(.serialized) struct OutputInjectionTests {
    @Test func hostileNamesStayInert() throws {
        let base = try Fixtures.temporaryFolder()
        // A zone name with a BEL and a newline, a formula for a stop's name.
        var zones = try String(contentsOfFile: Fixtures.iris93, encoding: .utf8)
        zones = zones.replacingOccurrences(of: "\"Les Merisiers\"", with: "\"Les Meri\\u0007siers\\nbis\"")
        #expect(zones.contains("\\u0007"))
        let zonesPath = base.appendingPathComponent("iris.geojson").path
        try zones.write(toFile: zonesPath, atomically: true, encoding: .utf8)
        var pois = try String(contentsOfFile: Fixtures.equipements, encoding: .utf8)
        pois = pois.replacingOccurrences(
            of: "\"Maison de quartier et de la citoyenneté Sohane\"", with: "\"=HYPERLINK(\\\"http://x\\\";\\\"Maison de quartier\\\")\\u0007\"")
        #expect(pois.contains("HYPERLINK"))
        let poisPath = base.appendingPathComponent("lieux.geojson").path
        try pois.write(toFile: poisPath, atomically: true, encoding: .utf8)
        let scored = base.appendingPathComponent("zones.geojson").path
        let score = try Fixtures.run([
            "score", "--cells", Fixtures.bondyCells, "--zones", zonesPath, "--where", "INSEE_COM = '93010'", "--caf", Fixtures.caf93, "-o", scored,
        ])
        #expect(score.status == 0, "\(score.stderr)")
        let svgPath = base.appendingPathComponent("carte.svg").path
        #expect(try Fixtures.run(["map", "--scored", scored, "-o", svgPath]).status == 0)
        let svg = try Data(contentsOf: URL(fileURLWithPath: svgPath))
        #expect(!svg.contains(0x07))
        let parser = XMLParser(data: svg)
        #expect(parser.parse(), "the map is not valid XML: \(String(describing: parser.parserError))")
        let plan = base.appendingPathComponent("tournee").path
        let run = try Fixtures.run([
            "plan", "--scored", scored, "--cells", Fixtures.bondyCells, "--pois", poisPath, Fixtures.commerces, "--month", "2027-03", "-o", plan,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let candidates = try String(contentsOfFile: plan + "/candidats.csv", encoding: .utf8)
        #expect(candidates.contains("\"'=HYPERLINK(\"\"http://x\"\";\"\"Maison de quartier\"\")"))
        #expect(!candidates.split(separator: "\n").contains { $0.hasPrefix("=") })
        let ics = try Data(contentsOf: URL(fileURLWithPath: plan + "/plan.ics"))
        #expect(!ics.contains(0x07))
    }
}
