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

    /// Bidirectional controls (embeddings, overrides, isolates, marks): a name holding one is
    /// isolated, so that an unclosed right-to-left override cannot reverse AllerVers' own words
    /// printed after it.
    static func hasBidiControl(_ text: String) -> Bool {
        text.unicodeScalars.contains {
            (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) || $0.value == 0x200E || $0.value == 0x200F || $0.value == 0x061C
        }
    }

    /// `text` between U+2068 and U+2069 (first-strong isolate, pop directional isolate) when it
    /// holds a bidirectional control; as it is otherwise.
    public static func isolated(_ text: String) -> String { hasBidiControl(text) ? "\u{2068}" + text + "\u{2069}" : text }

    /// `text` cut to `limit` characters (« … » added) when longer, with a warning, and isolated
    /// when it holds a bidirectional control.
    public static func bounded(_ text: String, limit: Int = nameLimit, source: String, field: String) -> String {
        isolated(shortened(text, limit: limit, source: source, field: field))
    }

    static func shortened(_ text: String, limit: Int, source: String, field: String) -> String {
        guard text.count > limit else { return text }
        let key = source + "|" + field
        let first = warned.insert(key)
        if first {
            Warnings.emit(
                words(
                    "%1$@ : champ « %2$@ » : un texte de %3$@ caractères est raccourci à %4$@ (les suivants aussi, sans autre avertissement)", source, field,
                    text.count, limit))
        }
        return String(text.prefix(limit - 1)) + "…"
    }
}
