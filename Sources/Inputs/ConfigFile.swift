import Foundation
import Support
internal import TOMLKit

/// A TOML settings file a planner edits by hand (a risk model, a plan, a style, a territory).
/// Values are read through ``ConfigTable``, whose errors name the file, the line and the key,
/// and say what was expected; an unknown key is an error, not a silent typo.
public final class ConfigFile: @unchecked Sendable {
    public let path: String
    /// The folder relative paths inside the file are resolved against.
    public let folder: String
    let lines: [Substring]
    let root: TOMLTable

    public convenience init(path: String) throws(InputError) {
        let bytes = try TextDecoding.readBytes(path: path)
        try self.init(path: path, text: String(decoding: TextDecoding.normalise(bytes).bytes, as: UTF8.self))
    }

    public init(path: String, text: String) throws(InputError) {
        self.path = path
        self.folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        try Self.checkTableHeaders(lines, path: path)
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw InputError(file: path, line: error.source.begin.line, words("TOML invalide : %1$@", error.description))
        } catch {
            throw InputError(file: path, words("TOML invalide : %1$@", error))
        }
    }

    /// Table headers must start with a bare key character or a quote. The TOML library checks
    /// this with an assertion (a crash in debug builds), so AllerVers checks it first and names
    /// the line. Lines inside a multi-line array or string are not headers.
    static func checkTableHeaders(_ lines: [Substring], path: String) throws(InputError) {
        var depth = 0
        var inMultilineString = false
        for (number, line) in lines.enumerated() {
            let multiline = line.components(separatedBy: "\"\"\"").count - 1 + line.components(separatedBy: "\'\'\'").count - 1
            if inMultilineString {
                if multiline % 2 == 1 { inMultilineString = false }
                continue
            }
            if multiline % 2 == 1 { inMultilineString = true }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if depth == 0, trimmed.hasPrefix("[") {
                let name = trimmed.drop { $0 == "[" }.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
                guard !name.isEmpty else {
                    // « [ » alone: the library's key parser asserts on the line's end.
                    throw InputError(
                        file: path, line: number + 1,
                        words("TOML invalide : nom de table absent après « [ » (il tient sur la même ligne)"))
                }
                if let first = name.unicodeScalars.first, first != "]" {
                    let bare = (first.value < 0x80) && (CharacterSet.alphanumerics.contains(first) || first == "_" || first == "-")
                    guard bare || first == "\"" || first == "'" else {
                        throw InputError(
                            file: path, line: number + 1,
                            words(
                                "TOML invalide : un nom de table commence par une lettre, un chiffre, _ ou - (ou est entre guillemets), trouvé « %1$@ »",
                                String(first)))
                    }
                }
                continue
            }
            // Bracket depth of values, outside strings and comments.
            var inString: Character?
            for ch in line {
                if let quote = inString {
                    if ch == quote { inString = nil }
                    continue
                }
                switch ch {
                case "\"", "'": inString = ch
                case "#": break
                case "[": depth += 1
                case "]": depth = max(0, depth - 1)
                default: continue
                }
                if ch == "#" { break }
            }
        }
    }

    /// The whole document as a table.
    public var table: ConfigTable { ConfigTable(file: self, table: root, path: []) }

    /// A path inside the file resolved against the file's own folder.
    public func resolve(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : URL(fileURLWithPath: folder).appendingPathComponent(relative).standardized.path
    }

    /// The line where `key` is set inside the table at `path` (`["benefit#1", "factor#0"]`),
    /// found by scanning the headers; the table's header line when the key is absent.
    func line(ofKey key: String?, inTable path: [String]) -> Int? {
        var current: [String] = []
        var arrayCounts: [String: Int] = [:]
        var headerLine: Int?
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[["), let end = line.range(of: "]]") {
                let name = String(line[line.index(line.startIndex, offsetBy: 2)..<end.lowerBound]).trimmingCharacters(in: .whitespaces)
                let parts = name.split(separator: ".").map(String.init)
                // The n-th [[a.b]] under the current parent instance.
                let parentKey = current.prefix(parts.count - 1).joined(separator: "/") + "|" + name
                let n = arrayCounts[parentKey, default: 0]
                arrayCounts[parentKey] = n + 1
                current = Array(current.prefix(parts.count - 1)) + ["\(parts.last!)#\(n)"]
                if current == path { headerLine = index + 1 }
                continue
            }
            if line.hasPrefix("["), let end = line.firstIndex(of: "]") {
                let name = String(line[line.index(after: line.startIndex)..<end]).trimmingCharacters(in: .whitespaces)
                current = name.split(separator: ".").map(String.init)
                if current == path { headerLine = index + 1 }
                continue
            }
            guard current == path, let key else { continue }
            if line.hasPrefix(key) {
                let rest = line.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" })
                if rest.hasPrefix("=") { return index + 1 }
            }
            if line.hasPrefix("\"\(key)\"") { return index + 1 }
        }
        return headerLine
    }
}

/// One table of a ``ConfigFile``: typed getters that fail with the line, the key and what
/// was expected.
public struct ConfigTable {
    public let file: ConfigFile
    let table: TOMLTable
    /// Where this table sits: `["benefit#0"]` for the first `[[benefit]]`.
    let path: [String]

    public var keys: [String] { table.keys.sorted() }

    /// A table the file does not have (`[score]` left out), so that its keys read as absent
    /// and its errors still name the table.
    public static func empty(in file: ConfigFile, named name: String) -> ConfigTable {
        ConfigTable(file: file, table: TOMLTable(), path: [name])
    }

    /// The path shown in messages: `benefit[1].factor[0]`.
    public var displayPath: String {
        path.map { part in
            if let hash = part.firstIndex(of: "#") { return "\(part[..<hash])[\(part[part.index(after: hash)...])]" }
            return part
        }.joined(separator: ".")
    }

    public func error(_ key: String?, _ message: String) -> InputError {
        let name = [displayPath, inlineKey ?? "", key ?? ""].filter { !$0.isEmpty }.joined(separator: ".")
        return InputError(
            file: file.path, line: file.line(ofKey: inlineKey ?? key, inTable: path),
            field: name.isEmpty ? nil : name, message
        )
    }

    /// Where each key of a settings file belongs, from the keys of each table (`tableKeys`,
    /// "" for the top of the file); keys of several tables (`shared`) are left out.
    public static func homes(of tableKeys: [String: [String]], shared: Set<String>) -> [String: String] {
        var homes: [String: String] = [:]
        for (table, keys) in tableKeys { for key in keys where !shared.contains(key) { homes[key] = table } }
        return homes
    }

    /// Refuses keys outside `allowed`: a misspelt key would otherwise be ignored silently. A
    /// key that belongs to another table of the file (`homes`: key → table) is said to belong
    /// there: `teams` written under `[reach]` goes in `[team]`.
    public func rejectUnknownKeys(_ allowed: Set<String>, homes: [String: String] = [:]) throws(InputError) {
        for key in keys where !allowed.contains(key) {
            let here = displayPath.isEmpty ? words("à la racine du fichier") : "[\(displayPath)]"
            if let home = homes[key], home != displayPath {
                let place = home.isEmpty ? words("à la racine du fichier") : "[\(home)]"
                throw error(
                    key, words("clé mal placée %1$@ : « %2$@ » va dans %3$@", here, key, place))
            }
            throw error(
                key,
                words("clé inconnue %1$@ ; attendu l'une de : %2$@", here, allowed.sorted().joined(separator: ", ")))
        }
    }

    public func has(_ key: String) -> Bool { table[key] != nil }

    public func string(_ key: String) throws(InputError) -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw error(key, words("attendu une chaîne entre guillemets")) }
        return text
    }

    public func requiredString(_ key: String) throws(InputError) -> String {
        guard let text = try string(key) else { throw error(key, words("absent ; attendu une chaîne entre guillemets")) }
        return text
    }

    public func stringArray(_ key: String) throws(InputError) -> [String]? {
        guard let value = table[key] else { return nil }
        if let single = value.string { return [single] }
        guard let array = value.array else { throw error(key, words("attendu une liste de chaînes entre guillemets")) }
        var result: [String] = []
        for item in array {
            guard let text = item.string else { throw error(key, words("attendu une liste de chaînes entre guillemets")) }
            result.append(text)
        }
        return result
    }

    /// A list of numbers (integers or decimals), each within `range`.
    public func numberArray(_ key: String, in range: ClosedRange<Double>? = nil) throws(InputError) -> [Double]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw error(key, words("attendu une liste de nombres")) }
        var result: [Double] = []
        for item in array {
            guard let number = item.double ?? item.int.map(Double.init), number.isFinite else {
                throw error(key, words("attendu une liste de nombres"))
            }
            if let range, !range.contains(number) {
                throw error(
                    key,
                    words("trouvé %1$@, attendu des nombres entre %2$@ et %3$@", formatted(number), formatted(range.lowerBound), formatted(range.upperBound)))
            }
            result.append(number)
        }
        return result
    }

    /// A number (integer or decimal) within `range`.
    public func number(_ key: String, in range: ClosedRange<Double>? = nil) throws(InputError) -> Double? {
        guard let value = table[key] else { return nil }
        let number: Double
        if let d = value.double {
            number = d
        } else if let i = value.int {
            number = Double(i)
        } else {
            throw error(key, words("attendu un nombre"))
        }
        guard number.isFinite else { throw error(key, words("attendu un nombre fini")) }
        if let range, !range.contains(number) {
            throw error(
                key,
                words("trouvé %1$@, attendu un nombre entre %2$@ et %3$@", formatted(number), formatted(range.lowerBound), formatted(range.upperBound)))
        }
        return number
    }

    public func requiredNumber(_ key: String, in range: ClosedRange<Double>? = nil, meaning: String = words("un nombre")) throws(InputError)
        -> Double
    {
        guard let value = try number(key, in: range) else { throw error(key, words("absent ; attendu %1$@", meaning)) }
        return value
    }

    /// A list of pairs of strings (`[["a", "b"], ["c", "d"]]`).
    public func stringPairs(_ key: String) throws(InputError) -> [(String, String)]? {
        guard let value = table[key] else { return nil }
        let expected = words("attendu une liste de paires [\"…\", \"…\"]")
        guard let array = value.array else { throw error(key, expected) }
        var pairs: [(String, String)] = []
        for item in array {
            guard let pair = item.array, pair.count == 2, let first = pair[0].string, let second = pair[1].string else { throw error(key, expected) }
            pairs.append((first, second))
        }
        return pairs
    }

    public func integer(_ key: String, in range: ClosedRange<Int>? = nil) throws(InputError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int else { throw error(key, words("attendu un nombre entier")) }
        if let range, !range.contains(number) {
            throw error(
                key,
                words("trouvé %1$@, attendu un nombre entier entre %2$@ et %3$@", number, range.lowerBound, range.upperBound))
        }
        return number
    }

    public func bool(_ key: String) throws(InputError) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let flag = value.bool else { throw error(key, words("attendu true ou false")) }
        return flag
    }

    public func subtable(_ key: String) throws(InputError) -> ConfigTable? {
        guard let value = table[key] else { return nil }
        guard let sub = value.table else { throw error(key, words("attendu une table ([%1$@])", key)) }
        return ConfigTable(file: file, table: sub, path: path + [key])
    }

    /// The inline table under `key` (`key = { … }`), nil when the value is something else;
    /// its errors point at the line of `key`.
    public func inlineTable(_ key: String) -> ConfigTable? {
        guard let sub = table[key]?.table else { return nil }
        return ConfigTable(file: file, table: sub, path: path, inlineKey: key)
    }

    /// An array of tables (`[[key]]`, or a list of inline tables).
    public func tables(_ key: String) throws(InputError) -> [ConfigTable] {
        guard let value = table[key] else { return [] }
        if let single = value.table { return [ConfigTable(file: file, table: single, path: path + ["\(key)#0"])] }
        guard let array = value.array else { throw error(key, words("attendu une liste de tables ([[%1$@]])", key)) }
        var result: [ConfigTable] = []
        for (i, item) in array.enumerated() {
            guard let sub = item.table else { throw error(key, words("attendu une liste de tables ([[%1$@]])", key)) }
            // Inline tables inside `key = [...]` are reported at the line of `key`.
            let isHeader = file.line(ofKey: nil, inTable: path + ["\(key)#\(i)"]) != nil
            result.append(ConfigTable(file: file, table: sub, path: isHeader ? path + ["\(key)#\(i)"] : path, inlineKey: isHeader ? nil : key))
        }
        return result
    }

    init(file: ConfigFile, table: TOMLTable, path: [String], inlineKey: String? = nil) {
        self.file = file
        self.table = table
        self.path = path
        self.inlineKey = inlineKey
    }

    /// Set for an inline table inside a list: errors point at the list's line.
    let inlineKey: String?

    private func formatted(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
