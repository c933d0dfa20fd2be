import Foundation

/// The words AllerVers says, one way for both languages: each French text in the code is its
/// own key, and `en.lproj/Localizable.strings` (in the resource bundle beside the binary) gives
/// it in English; `%1$@`, `%2$@`… stand for the arguments, in either language's order. The
/// swift-argument-parser's own English reads in French through `fr.lproj/Parser.strings`.
public enum Words {
    /// The text of `key` in `language`, its arguments in place. A key the table lacks, or a
    /// missing table, says the French (the key itself): never an empty text.
    public static func text(_ key: String, _ arguments: [Any] = [], in language: Language, table: String? = nil) -> String {
        let said = language == .fr && table == nil ? key : tables[language]?.localizedString(forKey: key, value: key, table: table) ?? key
        return arguments.isEmpty ? said : filled(said, with: arguments.map { String(describing: $0) })
    }

    /// `%N$@` replaced by the N-th argument; any other `%` stays (« 10 % »).
    static func filled(_ format: String, with arguments: [String]) -> String {
        var result = ""
        var rest = Substring(format)
        while let percent = rest.firstIndex(of: "%") {
            result += rest[..<percent]
            let after = rest[rest.index(after: percent)...]
            let digits = after.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, after.dropFirst(digits.count).hasPrefix("$@"), let n = Int(digits), (1...arguments.count).contains(n) {
                result += arguments[n - 1]
                rest = after.dropFirst(digits.count + 2)
            } else {
                result += "%"
                rest = after
            }
        }
        return result + rest
    }

    /// Each language's folder of tables (`fr.lproj`, `en.lproj`) in the bundled files.
    static let tables: [Language: Bundle] = {
        var found: [Language: Bundle] = [:]
        for language in Language.allCases {
            if let folder = ResourceBundle.item(named: "\(language.rawValue).lproj"), let bundle = Bundle(path: folder) {
                found[language] = bundle
            }
        }
        return found
    }()
}

/// The French text `key`, said in the command line's language, its `%N$@` filled.
public func words(_ key: String, _ arguments: Any...) -> String { Words.text(key, arguments, in: Language.current) }
