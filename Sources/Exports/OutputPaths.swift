import Foundation
import Support

/// Outputs never land on inputs: a command whose output is one of its own input files (the
/// same path, or the same file through a link, `..` or a hard link) is refused before anything
/// is read or written, so that no planner loses the file he was working from.
public enum OutputPaths {
    /// The file's identity (device and inode), nil when it does not exist (a new output).
    static func identity(_ path: String) -> (dev: UInt64, ino: UInt64)? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return (UInt64(status.st_dev), UInt64(status.st_ino))
    }

    /// Refuses outputs that are one of the inputs, or each other. PostGIS destinations and
    /// absent paths are skipped.
    public static func refuseOverwriting(inputs: [String?], outputs: [(option: String, path: String?)]) throws {
        let files = inputs.compactMap { $0 }.filter { !$0.hasPrefix("PG:") }.compactMap { path in identity(path).map { (path, $0) } }
        var seen: [(String, String, (dev: UInt64, ino: UInt64))] = []
        for case (let option, let path?) in outputs where !path.hasPrefix("PG:") {
            guard let id = identity(path) else {
                // Two outputs of one command at the same new path.
                if let twin = seen.first(where: { $0.1 == path }) { throw twice(option, twin.0, path) }
                seen.append((option, path, (0, 0)))
                continue
            }
            if let input = files.first(where: { $0.1 == id }) {
                throw UsageError(
                    words(
                        "%1$@ %2$@ est le fichier d'entrée %3$@ : AllerVers ne remplace jamais une entrée par une sortie ; choisissez un autre nom", option,
                        path, input.0))
            }
            if let twin = seen.first(where: { $0.2 == id }) { throw twice(option, twin.0, path) }
            seen.append((option, path, id))
        }
    }

    static func twice(_ option: String, _ other: String, _ path: String) -> UsageError {
        UsageError(words("%1$@ et %2$@ nomment le même fichier %3$@", option, other, path))
    }
}
