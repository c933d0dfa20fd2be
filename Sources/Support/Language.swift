import Foundation

/// The language the command line speaks (help, usage errors, messages): French by default,
/// English with `--lang en` or, without `--lang`, an English locale (`LC_ALL`, `LC_MESSAGES`
/// or `LANG` starting with `en`). Maps, reports and tables stay French: they are the
/// documents of French planners.
public enum Language: String, Sendable, CaseIterable {
    case fr, en

    /// The language the words are said in: the one the command line chose (`speak`) before
    /// anything ran, French until then (a library never guesses it from the process).
    public static var current: Language { chosen }
    nonisolated(unsafe) private static var chosen = Language.fr

    /// Chosen once, at the edge, before any work starts: the command line from its arguments
    /// and environment (`detect`).
    public static func speak(_ language: Language) { chosen = language }

    /// `--lang xx` or `--lang=xx` among the arguments, else the first locale variable set.
    public static func detect(arguments: [String], environment: [String: String]) -> Language {
        if let asked = requested(in: arguments) { return Language(rawValue: asked.lowercased()) ?? .fr }
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[key], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("en") ? .en : .fr
        }
        return .fr
    }

    /// The value given to `--lang`, if any (the last one wins, as for other options).
    public static func requested(in arguments: [String]) -> String? {
        var found: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--lang", index + 1 < arguments.endIndex {
                found = arguments[index + 1]
                index += 2
                continue
            }
            if argument.hasPrefix("--lang=") { found = String(argument.dropFirst("--lang=".count)) }
            index += 1
        }
        return found
    }

    /// The arguments without `--lang` and its value (the parser never sees it).
    public static func removingLanguage(from arguments: [String]) -> [String] {
        var kept: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" {
                kept += arguments[index...]
                break
            }
            if argument == "--lang" {
                index += 2
                continue
            }
            if !argument.hasPrefix("--lang=") { kept.append(argument) }
            index += 1
        }
        return kept
    }
}

/// Numbers in the command line's language, for what it prints on a terminal: « 3 728 » and
/// « 1,25 » in French (as `FrenchNumber`), "3,728" and "1.25" in English. Files keep their own
/// convention whatever the language.
public enum SpokenNumber {
    public static func integer(_ value: Double) -> String { spoken(FrenchNumber.integer(value)) }

    public static func decimal(_ value: Double, digits: Int) -> String { spoken(FrenchNumber.decimal(value, digits: digits)) }

    /// With the thousands grouped, and no « ,0 » on whole numbers (as `FrenchNumber.grouped`).
    public static func grouped(_ value: Double, digits: Int) -> String { spoken(FrenchNumber.grouped(value, digits: digits)) }

    public static func spoken(_ french: String, in language: Language = .current) -> String {
        guard language == .en else { return french }
        var text = ""
        for scalar in french.unicodeScalars {
            switch scalar {
            case ",": text += "."
            case "\u{202F}": text += ","
            case "−": text += "-"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}
