import Foundation

/// swift-argument-parser writes its own headings and messages in English (« USAGE: »,
/// « Show help information. », « Missing expected argument … »); in French they are rewritten
/// here, line by line, so that the help and the usage errors speak one language. Texts the
/// parser does not produce pass unchanged.
public enum ParserFrench {
    /// Fixed phrases, replaced wherever they appear.
    private static let phrases: [(String, String)] = [
        ("OVERVIEW: ", "RÉSUMÉ : "),
        ("USAGE: ", "UTILISATION : "),
        ("Usage: ", "Utilisation : "),
        ("Help: ", "Aide : "),
        ("Show the version.", "Afficher la version."),
        ("Show help information.", "Afficher l'aide."),
        ("<subcommand>", "<sous-commande>"),
        ("' and '", "' ou '"),
    ]

    /// Headings alone on their line.
    private static let headings: [String: String] = [
        "OPTIONS:": "OPTIONS :", "ARGUMENTS:": "ARGUMENTS :", "SUBCOMMANDS:": "SOUS-COMMANDES :", "OPTION GROUPS:": "GROUPES D'OPTIONS :",
    ]

    /// Patterns with quoted parts kept: (regular expression, French template).
    private static let patterns: [(NSRegularExpression, String)] = [
        (#"See '([^']*)' for more information\."#, "Voir « $1 » pour en savoir plus."),
        (#"See '([^']*)' for detailed help\."#, "Voir « $1 » pour l'aide détaillée."),
        (#"Missing expected argument '([^']*)'"#, "argument attendu absent : « $1 »"),
        (#"Missing value for '([^']*)'"#, "valeur absente pour « $1 »"),
        (#"Unknown option '([^']*)'"#, "option inconnue « $1 »"),
        (#"Unexpected arguments? (.*)$"#, "argument inattendu : $1"),
        (#"The value '([^']*)' is invalid for '([^']*)'"#, "la valeur « $1 » n'est pas valide pour « $2 »"),
        (#"Please provide one of (.*)\."#, "Valeurs possibles : $1."),
        (#"\(values: ([^;)]*); default: ([^)]*)\)"#, "(valeurs : $1 ; par défaut : $2)"),
        (#"\(values: ([^)]*)\)"#, "(valeurs : $1)"),
        (#"\(default: ([^)]*)\)"#, "(par défaut : $1)"),
        (#"^Error: "#, "erreur : "),
    ].map { (try! NSRegularExpression(pattern: $0.0, options: [.anchorsMatchLines]), $0.1) }

    /// The parser's text in French.
    public static func translate(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if let heading = headings[String(line)] { return heading }
            var translated = String(line)
            for (english, french) in phrases { translated = translated.replacingOccurrences(of: english, with: french) }
            for (expression, template) in patterns {
                let range = NSRange(translated.startIndex..., in: translated)
                translated = expression.stringByReplacingMatches(in: translated, range: range, withTemplate: template)
            }
            return translated
        }
        return lines.joined(separator: "\n")
    }
}
