import Foundation
import Support

/// swift-argument-parser writes its own headings and messages in English (« USAGE: »,
/// « Show help information. », « Missing expected argument … »); in French they are rewritten
/// here, line by line, from the words' table `fr.lproj/Parser.strings`, so that the help and
/// the usage errors speak one language. Texts the parser does not produce pass unchanged.
public enum ParserFrench {
    /// Fixed phrases, replaced wherever they appear.
    private static let phrases = [
        "OVERVIEW: ",
        "USAGE: ",
        "Usage: ",
        "Help: ",
        "Show the version.",
        "Show help information.",
        "<subcommand>",
        "' and '",
    ]

    /// Headings alone on their line.
    private static let headings = [
        "OPTIONS:",
        "ARGUMENTS:",
        "SUBCOMMANDS:",
        "OPTION GROUPS:",
    ]

    /// Patterns with quoted parts kept: regular expressions, their French template in the table.
    private static let patterns: [(NSRegularExpression, String)] = [
        #"See '([^']*)' for more information\."#,
        #"See '([^']*)' for detailed help\."#,
        #"Missing expected argument '([^']*)'"#,
        #"Missing value for '([^']*)'"#,
        #"Unknown option '([^']*)'"#,
        #"Unexpected arguments? (.*)$"#,
        #"The value '([^']*)' is invalid for '([^']*)'"#,
        #"Please provide one of (.*)\."#,
        #"\(values: ([^;)]*); default: ([^)]*)\)"#,
        #"\(values: ([^)]*)\)"#,
        #"\(default: ([^)]*)\)"#,
        #"^Error: "#,
        #"Did you mean '([^']*)'\?"#,
    ].compactMap { pattern in
        (try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])).map { ($0, french(pattern)) }
    }

    /// The parser's English `text` in French, from the table.
    static func french(_ text: String) -> String { Words.text(text, in: .fr, table: "Parser") }

    /// The parser's text in French.
    public static func translate(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if headings.contains(String(line)) { return french(String(line)) }
            var translated = String(line)
            for english in phrases { translated = translated.replacingOccurrences(of: english, with: french(english)) }
            for (expression, template) in patterns {
                let range = NSRange(translated.startIndex..., in: translated)
                translated = expression.stringByReplacingMatches(in: translated, range: range, withTemplate: template)
            }
            return translated
        }
        return lines.joined(separator: "\n")
    }
}
