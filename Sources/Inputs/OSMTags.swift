import Foundation

/// OpenStreetMap tags as GDAL's OSM driver gives them: a few tags as their own fields and the
/// rest packed in `other_tags` (`"key"=>"value","k2"=>"v2"`, with `\"` escapes).
public enum OSMTags {
    /// The tags packed in an `other_tags` text.
    public static func parse(_ text: String) -> [String: String] {
        var strings: [String] = []
        var current: [UInt8] = []
        var inString = false
        var escaped = false
        for byte in text.utf8 {
            if !inString {
                if byte == UInt8(ascii: "\"") { inString = true }
            } else if escaped {
                current.append(byte)
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                strings.append(String(decoding: current, as: UTF8.self))
                current.removeAll()
                inString = false
            } else {
                current.append(byte)
            }
        }
        var tags: [String: String] = [:]
        for pair in stride(from: 0, to: strings.count - 1, by: 2) { tags[strings[pair]] = strings[pair + 1] }
        return tags
    }
}
