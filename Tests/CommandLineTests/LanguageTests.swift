import Foundation
import TestSupport
import Testing

/// The command line speaks French, English with `--lang en` or an English locale.
@Suite struct LanguageTests {
    @Test func helpIsFrenchByDefaultAndEnglishOnRequest() throws {
        let french = try Fixtures.run(["score", "--help"])
        #expect(french.status == 0)
        #expect(french.stdout.contains("Carreaux Filosofi de 200 m") && french.stdout.contains("Scorer le risque de non-recours"))
        #expect(!french.stdout.contains("Filosofi 200 m cells"))
        let english = try Fixtures.run(["--lang", "en", "score", "--help"])
        #expect(english.stdout.contains("Filosofi 200 m cells") && english.stdout.contains("Score the risk of non-recours"))
        let locale = try Fixtures.run(["score", "--help"], environment: ["LANG": "en_GB.UTF-8"])
        #expect(locale.stdout.contains("Filosofi 200 m cells"))
        // --lang wins over the locale, wherever it stands.
        let asked = try Fixtures.run(["score", "--help", "--lang=fr"], environment: ["LANG": "en_GB.UTF-8"])
        #expect(asked.stdout.contains("Carreaux Filosofi de 200 m"))
    }

    @Test func usageErrorsSpeakTheSameLanguage() throws {
        let arguments = ["map", "--scored", "x.geojson", "-o", "y.svg", "--dpi", "5"]
        let french = try Fixtures.run(arguments)
        #expect(french.status == 2)
        #expect(french.stderr.hasPrefix("erreur : --dpi doit être entre 72 et 600"), "\(french.stderr)")
        let english = try Fixtures.run(["--lang", "en"] + arguments)
        #expect(english.status == 2)
        #expect(english.stderr.hasPrefix("Error: --dpi must be between 72 and 600"), "\(english.stderr)")
        let unknown = try Fixtures.run(["--lang", "de", "score", "--help"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--lang doit être fr ou en"))
    }

    @Test func badInputIsAnErrorInTheChosenLanguage() throws {
        let out = try Fixtures.temporaryFolder().appendingPathComponent("never.csv").path
        let arguments = ["aggregate", "--cells", Fixtures.bad("non_numeric_count.csv"), "--zones", Fixtures.iris93, "-o", out]
        let french = try Fixtures.run(arguments)
        #expect(french.status == 1 && french.stderr.hasPrefix("erreur : "), "\(french.stderr)")
        let english = try Fixtures.run(["--lang", "en"] + arguments)
        #expect(english.status == 1 && english.stderr.hasPrefix("error: "), "\(english.stderr)")
    }
}
