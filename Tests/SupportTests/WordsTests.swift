import Foundation
import Support
import TestSupport
import Testing

/// One way to speak two languages: every French text the code says through `words` has its
/// English line in the table, and the arguments land where each language puts them.
@Suite struct WordsTests {
    /// The `.strings` table's keys and values (`"key" = "value";`), unescaped.
    static func table(_ path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let line = try Regex(#"^"((?:[^"\\]|\\.)*)" = "((?:[^"\\]|\\.)*)";$"#).anchorsMatchLineEndings()
        var entries: [String: String] = [:]
        for match in text.matches(of: line) {
            let key = unescaped(String(match.output[1].substring ?? "")), value = unescaped(String(match.output[2].substring ?? ""))
            #expect(entries[key] == nil, "\(key) twice in \(path)")
            entries[key] = value
        }
        return entries
    }

    static func unescaped(_ text: String) -> String {
        var result = "", escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The first argument of every `words("…"` call in the sources, as Swift reads the literal.
    static func keysSaid() throws -> [(file: String, key: String)] {
        let sources = Fixtures.projectRoot.appendingPathComponent("Sources")
        let call = try Regex(#"words\("((?:[^"\\]|\\.)*)""#)
        var keys: [(String, String)] = []
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        for file in files.sorted() {
            let text = try String(contentsOfFile: sources.appendingPathComponent(file).path, encoding: .utf8)
            for match in text.matches(of: call) {
                let literal = String(match.output[1].substring ?? "")
                // Swift's escapes read as the table's (`\n`, `\"`, `\\`; `\u{…}` as the character).
                var key = unescaped(literal)
                if let unicode = try? Regex(#"\\u\{([0-9A-Fa-f]+)\}"#), literal.contains("\\u{") {
                    key = literal.replacing(unicode) { m in
                        String(Character(Unicode.Scalar(UInt32(String(m.output[1].substring ?? ""), radix: 16) ?? 63) ?? "?"))
                    }
                    key = unescaped(key)
                }
                keys.append((file, key))
            }
        }
        return keys
    }

    @Test func everyFrenchTextHasItsEnglish() throws {
        let english = try Self.table(
            Fixtures.projectRoot.appendingPathComponent("Sources/BundledFiles/Resources/en.lproj/Localizable.strings").path)
        let said = try Self.keysSaid()
        #expect(said.count > 400)
        for (file, key) in said { #expect(english[key] != nil, "\(file): no English for « \(key) »") }
    }

    @Test func argumentsLandWhereEachLanguagePutsThem() {
        // Each language puts the arguments where its sentence wants them: here the English says
        // the first one twice and never the second.
        #expect(
            Words.text("un coin sur la grille de %1$@ m (coordonnées multiples de %2$@)", ["200", "deux cents"], in: .fr)
                == "un coin sur la grille de 200 m (coordonnées multiples de deux cents)")
        #expect(
            Words.text("un coin sur la grille de %1$@ m (coordonnées multiples de %2$@)", ["200", "deux cents"], in: .en)
                == "a corner on the 200 m grid (coordinates multiple of 200)")
        // A percent sign that is no placeholder stays; a text the table lacks says the French.
        #expect(Words.text("10 % de %1$@", ["x"], in: .en) == "10 % de x")
        #expect(Words.text("lecture des entrées", in: .en) == "reading the inputs")
        #expect(Words.text("lecture des entrées", in: .fr) == "lecture des entrées")
    }

    @Test func theParsersEnglishReadsInFrench() {
        #expect(Words.text("USAGE: ", in: .fr, table: "Parser") == "UTILISATION : ")
    }
}
