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
        // The parser's own headings follow.
        #expect(french.stdout.contains("UTILISATION : allervers score") && french.stdout.contains("-h, --help              Afficher l'aide."))
        #expect(!french.stdout.contains("USAGE:") && !french.stdout.contains("Show help information"))
        #expect(english.stdout.contains("USAGE: allervers score") && english.stdout.contains("Show help information."))
        let threads = try Fixtures.run(["aggregate", "--help"])
        #expect(threads.stdout.contains("(par défaut : ") && !threads.stdout.contains("(default: "))
        // The threads' default is stated as a rule, not as this machine's core count.
        #expect(threads.stdout.contains("(par défaut : tous les cœurs)"))
        #expect(!threads.stdout.contains("(par défaut : \(ProcessInfo.processInfo.activeProcessorCount))"))
    }

    @Test func parserErrorsAreFrenchToo() throws {
        let missing = try Fixtures.run(["score", "--cells"])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("erreur : valeur absente pour « --cells <cells> »"), "\(missing.stderr)")
        #expect(missing.stderr.contains("Voir « allervers score --help » pour en savoir plus."))
        let english = try Fixtures.run(["--lang", "en", "score", "--cells"])
        #expect(english.stderr.hasPrefix("Error: Missing value for '--cells <cells>'"), "\(english.stderr)")
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
        // The message itself, not only its frame.
        let zones = Fixtures.bad("mislabelled_crs.geojson")
        let wrongCRS = ["aggregate", "--cells", Fixtures.bondyCells, "--zones", zones, "-o", out]
        #expect(try Fixtures.run(wrongCRS).stderr.contains("Elles ressemblent à des degrés (longitude, latitude)"))
        #expect(try Fixtures.run(["--lang", "en"] + wrongCRS).stderr.contains("They look like degrees (longitude, latitude)"))
    }

    @Test func summariesSpeakTheChosenLanguage() throws {
        let folder = try Fixtures.temporaryFolder()
        let arguments = ["aggregate", "--cells", Fixtures.bondyCells, "--zones", Fixtures.iris93, "--where", "INSEE_COM = '93010'"]
        let french = try Fixtures.run(arguments + ["-o", folder.appendingPathComponent("fr.csv").path])
        #expect(french.status == 0 && french.stderr.contains("carreaux, 22 zones, méthode exacte"), "\(french.stderr)")
        #expect(french.stderr.contains("ind : 65\u{202F}548 dans les carreaux, 54\u{202F}659,4 attribués aux zones"), "\(french.stderr)")
        let english = try Fixtures.run(["--lang", "en"] + arguments + ["-o", folder.appendingPathComponent("en.csv").path])
        #expect(
            english.stderr.contains("cells, 22 zones, exact method") && english.stderr.contains("ind: 65,548 in the cells, 54,659.4 allocated to zones"),
            "\(english.stderr)")
        #expect(!english.stderr.contains("carreaux"))
        // The files do not depend on the language.
        #expect(try Data(contentsOf: folder.appendingPathComponent("fr.csv")) == Data(contentsOf: folder.appendingPathComponent("en.csv")))
    }
}
