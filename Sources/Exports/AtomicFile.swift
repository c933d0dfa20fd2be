import Foundation
import GeometryCore
import Support

/// Writes files whole or not at all: to a temporary name beside the target, renamed at the end.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
        defer { PartialFiles.shared.unregister(temporary.path) }
        do {
            try PartialFiles.shared.creating([temporary.path]) { try data.write(to: temporary) }
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ExportError(
                path: path,
                message: words("n'a pas pu être écrit : %1$@", FileProblem.describe(error, folder: url.deletingLastPathComponent().path)))
        }
    }

    public static func write(_ text: String, to path: String) throws {
        // The text's own UTF-8 bytes, not a copy (a map of France is 30 MB).
        var text = text
        try text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return try write(Data(), to: path) }
            try write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none), to: path)
        }
    }

    /// Writes a value as JSON: indented, keys sorted, so the same value gives the same bytes.
    public static func writeJSON(_ value: some Encodable, to path: String) throws {
        try write(JSONText.encode(value), to: path)
    }
}

/// A clear reason for a failed write: a read-only folder, a full disk, a missing folder.
public enum FileProblem {
    public static func describe(_ error: any Error, folder: String) -> String {
        let ns = error as NSError
        let code = (ns.userInfo[NSUnderlyingErrorKey] as? NSError)?.code ?? ns.code
        switch Int32(code) {
        case EACCES, EPERM:
            return words("permission refusée : le dossier %1$@ est en lecture seule ou n'est pas à vous", folder)
        case EROFS: return words("le disque de %1$@ est monté en lecture seule", folder)
        case ENOSPC, EDQUOT:
            return words("le disque est plein (ou votre quota est atteint) dans %1$@", folder)
        case ENOENT: return words("le dossier %1$@ n'existe pas", folder)
        default:
            if ns.domain == NSCocoaErrorDomain {
                switch ns.code {
                case NSFileWriteNoPermissionError:
                    return words("permission refusée : le dossier %1$@ est en lecture seule ou n'est pas à vous", folder)
                case NSFileWriteOutOfSpaceError: return words("le disque est plein dans %1$@", folder)
                case NSFileWriteVolumeReadOnlyError:
                    return words("le disque de %1$@ est monté en lecture seule", folder)
                default: break
                }
            }
            return ns.localizedDescription
        }
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
    // One pass over the bytes (a national table has millions of fields): the delimiter is
    // ASCII (`,` `;` or tab), and so are the quote and the line ends.
    let delimiterByte = delimiter.asciiValue ?? 0x2C
    if text.utf8.contains(where: { $0 == delimiterByte || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
}

/// How AllerVers writes a CSV, one rule for every table: a table meant for people (the scored
/// zones of `run` and `score`, the plan, its candidates, the siting review) follows the French
/// spreadsheet convention — `;` between fields, decimal comma, UTF-8 with a byte-order mark —
/// so that French Excel or LibreOffice open it as it is; a table meant for programs
/// (`aggregate`, `travel`) stays RFC 4180, `,` and `.`.
public enum CSVDialect: Sendable {
    case spreadsheet
    case machine

    public var delimiter: Character { self == .spreadsheet ? ";" : "," }

    /// What opens the file: the byte-order mark that tells Excel the text is UTF-8.
    public var preamble: String { self == .spreadsheet ? "\u{FEFF}" : "" }

    public func field(_ text: String) -> String { csvField(text, delimiter: delimiter) }

    /// A number with a fixed count of decimals.
    public func decimal(_ value: Double, digits: Int) -> String { marked(String(format: "%.\(digits)f", value)) }

    /// A number as its shortest exact text.
    public func number(_ value: Double) -> String { marked(roundTrip(value)) }

    public func line(_ fields: [String]) -> String { fields.joined(separator: String(delimiter)) + "\n" }

    /// The decimal comma of the French convention (the number's text is ASCII).
    private func marked(_ text: String) -> String {
        guard self == .spreadsheet, text.utf8.contains(0x2E) else { return text }
        return String(decoding: text.utf8.map { $0 == 0x2E ? 0x2C : $0 }, as: UTF8.self)
    }
}
