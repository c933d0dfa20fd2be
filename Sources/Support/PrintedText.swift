import Foundation

/// Texts from an input that end up printed (names of a territory, zones, communes and places,
/// labels of a model): bounded in length, so that a name of 280 000 characters can neither
/// hang the page composition nor fill a map. Longer ones are shortened, with a warning that
/// names the source and the field, once per source and field.
public enum PrintedText {
    /// The longest name printed (characters): a long French commune name is 45, an IRIS name
    /// rarely 60.
    public static let nameLimit = 120

    private final class Warned: @unchecked Sendable {
        let lock = NSLock()
        var keys = Set<String>()
        func insert(_ key: String) -> Bool { lock.withLock { keys.insert(key).inserted } }
    }
    private static let warned = Warned()

    /// `text` cut to `limit` characters (« … » added) when longer, with a warning.
    public static func bounded(_ text: String, limit: Int = nameLimit, source: String, field: String) -> String {
        guard text.count > limit else { return text }
        let key = source + "|" + field
        let first = warned.insert(key)
        if first {
            Warnings.emit(
                fr(
                    "\(source) : champ « \(field) » : un texte de \(text.count) caractères est raccourci à \(limit) (les suivants aussi, sans autre avertissement)",
                    en: "\(source): field '\(field)': a text of \(text.count) characters is shortened to \(limit) (the next ones too, without another warning)"))
        }
        return String(text.prefix(limit - 1)) + "…"
    }
}
