import Foundation
import TestSupport
import Testing

/// A name of 280 000 characters (a territory's, a place's) neither hangs the dossier's page
/// composition nor fills a map: it is shortened, with a warning naming the file and field.
@Suite struct BoundedTextTests {
    @Test func aHugeNameIsShortenedWithAWarning() throws {
        let folder = try Fixtures.temporaryFolder()
        let aude = Fixtures.data("aude")
        let huge = String(repeating: "Autour de Bram ", count: 18_700)
        let path = try Fixtures.audeTerritory(in: folder) {
            $0.replacingOccurrences(of: "name = \"Autour de Bram (Aude)\"", with: "name = \"\(huge)\"")
                .replacingOccurrences(of: "\"\(aude)/lieux_bram.csv\"", with: "\"lieux.csv\"")
        }
        let places = try String(contentsOfFile: aude + "/lieux_bram.csv", encoding: .utf8)
            .replacingOccurrences(of: "Mairie de Force;", with: "Mairie de Force \(String(repeating: "x", count: 50_000));")
        try places.write(to: folder.appendingPathComponent("lieux.csv"), atomically: true, encoding: .utf8)
        let started = Date()
        let run = try Fixtures.run(["run", path, "-o", folder.appendingPathComponent("out").path, "--date", "2026-12-07"])
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        #expect(Date().timeIntervalSince(started) < 120)
        #expect(run.stderr.contains("territory.toml : champ « territory.name » : un texte de 280500 caractères est raccourci à 120"))
        #expect(run.stderr.contains("lieux.csv : champ « nom » : un texte de"))
        let svg = try String(contentsOfFile: folder.appendingPathComponent("out/carte_risque.svg").path, encoding: .utf8)
        #expect(!svg.contains(String(repeating: "Autour de Bram ", count: 10)))
        #expect(svg.count < 3_000_000)
    }
}

/// An unclosed right-to-left override in a name cannot reverse AllerVers' own words after it:
/// the name is isolated (U+2068 … U+2069) wherever it is printed.
@Suite struct IsolatedNameTests {
    @Test func aRightToLeftOverrideStaysInsideItsName() throws {
        let folder = try Fixtures.temporaryFolder()
        let name = "Bram \u{202E}ecnarF"
        let path = try Fixtures.audeTerritory(in: folder) {
            $0.replacingOccurrences(of: "name = \"Autour de Bram (Aude)\"", with: "name = \"\(name)\"")
        }
        let out = folder.appendingPathComponent("out").path
        let run = try Fixtures.run(["run", path, "-o", out, "--date", "2026-12-07"])
        #expect(run.status == 0, "\(run.stderr)")
        let isolated = "\u{2068}\(name)\u{2069}"
        for file in ["carte_risque.svg", "rapport.html", "carte_tournee.svg"] {
            let text = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
            #expect(text.contains(isolated), "\(file)")
            #expect(!text.replacingOccurrences(of: isolated, with: "").contains("\u{202E}"), "\(file): an override outside its isolate")
        }
    }
}
