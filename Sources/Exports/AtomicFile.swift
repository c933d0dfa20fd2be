import Foundation

/// Writes files whole or not at all: to a temporary name beside the target, renamed at the end.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
        do {
            try data.write(to: temporary)
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ExportError(path: path, message: "could not be written: \(error.localizedDescription)")
        }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Writes a value as JSON: indented, keys sorted, so the same value gives the same bytes.
    public static func writeJSON(_ value: some Encodable, to path: String) throws {
        try write(JSONText.encode(value), to: path)
    }
}

/// The JSON every output and summary uses: indented, keys sorted, slashes unescaped.
public enum JSONText {
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

/// An output that could not be produced.
public struct ExportError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

/// Numbers in text outputs: the shortest text that reads back to the same Double.
public func roundTrip(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}

/// A CSV field, quoted when it must be (RFC 4180). A text that a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, tab or CR, and not a number) is prefixed with `'`.
public func csvField(_ text: String, delimiter: Character = ",") -> String {
    var text = text
    if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil {
        text = "'" + text
    }
    if text.contains(delimiter) || text.contains("\"") || text.contains("\n") || text.contains("\r") {
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
}
