import Foundation
import Support

/// The character encoding a text file was read with.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 (BOM)"
    case windows1252 = "Windows-1252 / Latin-1"
}

/// Reads text files as people really have them: UTF-8 with or without BOM, or Latin-1 /
/// Windows-1252 (as saved by spreadsheet software in France).
public enum TextDecoding {
    /// Reads a file's bytes; a folder, a missing or an empty file is an error naming it.
    public static func readBytes(path: String) throws(InputError) -> [UInt8] {
        // Read straight into the array: one copy of the file in memory, not two.
        let file = try FileBlocks(path: path)
        let bytes = try file.next(file.size)
        guard bytes.count == file.size else {
            throw InputError(
                file: path, words("n'a pas pu être lu en entier (modifié pendant la lecture ?)"))
        }
        return bytes
    }

    /// Decodes bytes to UTF-8 bytes without BOM, telling which encoding was found.
    public static func normalise(_ bytes: [UInt8]) -> (bytes: [UInt8], encoding: TextEncoding) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (Array(bytes.dropFirst(3)), .utf8WithBOM) }
        if String(validating: bytes, as: UTF8.self) != nil { return (bytes, .utf8) }
        let text =
            String(data: Data(bytes), encoding: .windowsCP1252)
            ?? String(data: Data(bytes), encoding: .isoLatin1)
            ?? String(decoding: bytes, as: UTF8.self)
        return (Array(text.utf8), .windows1252)
    }
}

/// A file read block by block: a folder, a missing, unreadable or empty file is an error naming it.
final class FileBlocks {
    private let descriptor: Int32
    private let path: String
    /// The file's size when it was opened.
    let size: Int

    init(path: String) throws(InputError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, words("fichier introuvable"))
        }
        guard !isDirectory.boolValue else { throw InputError(file: path, words("est un dossier, attendu un fichier")) }
        let opened = open(path, O_RDONLY)
        guard opened >= 0 else { throw InputError(file: path, words("illisible (droits d'accès ?)")) }
        var status = stat()
        guard fstat(opened, &status) == 0, status.st_size > 0 else {
            close(opened)
            throw InputError(file: path, words("est vide"))
        }
        descriptor = opened
        self.path = path
        size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    /// Up to `count` more bytes; empty at the end of the file.
    func next(_ count: Int) throws(InputError) -> [UInt8] {
        var failure: InputError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, filled in
            do throws(InputError) { filled = try read(into: UnsafeMutableRawBufferPointer(buffer)) } catch {
                failure = error
                filled = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Fills `buffer` with the next bytes, as many as it holds or as remain; returns how many
    /// (0 at the end of the file).
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let got = Foundation.read(descriptor, base + done, buffer.count - done)
            if got < 0 && errno == EINTR { continue }
            if got < 0 { throw InputError(file: path, words("n'a pas pu être lu en entier")) }
            if got == 0 { break }
            done += got
        }
        return done
    }
}

/// Text that went through Windows-1252 → Latin-1 → UTF-8 (a frequent accident of exports from
/// French office software) carries C1 control characters where the author typed a dash, a
/// quote or an ellipsis: « Centre Communal Action Sociale \u{96} Service… ». They print as
/// nothing or as boxes; each is put back as the Windows-1252 character it stood for.
public enum TextRepair {
    static let windows1252: [UInt32: Character] = [
        0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ", 0x89: "‰", 0x8A: "Š", 0x8B: "‹", 0x8C: "Œ",
        0x8E: "Ž", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•", 0x96: "–", 0x97: "—", 0x98: "˜", 0x99: "™", 0x9A: "š", 0x9B: "›",
        0x9C: "œ", 0x9E: "ž", 0x9F: "Ÿ",
    ]

    /// The text with its C1 controls (U+0080–U+009F) replaced by the Windows-1252 characters
    /// they stand for; the five code points Windows-1252 leaves undefined are dropped.
    public static func windows1252Controls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0x80...0x9F).contains($0.value) }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if (0x80...0x9F).contains(scalar.value) {
                if let character = windows1252[scalar.value] { result.append(character) }
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
