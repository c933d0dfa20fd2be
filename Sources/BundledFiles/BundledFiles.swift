import Foundation
import Support

/// The files that ship with AllerVers — the risk model, the plan's rules, the categories of
/// places, the street profiles, the map styles and the bundled territories (Bondy, the Aude
/// villages) — found in SwiftPM's resource bundle beside the binary, so that the binary
/// copied into any folder, with its bundle, runs from any folder.
public enum BundledFiles {
    /// The folder SwiftPM writes beside the executable (see `ResourceBundle`).
    public static let bundleName = ResourceBundle.name

    /// A folder of the project's layout (`Data/` and `Styles/` side by side) that replaces the
    /// bundle, for someone editing the model without building again.
    public static let overrideVariable = "ALLERVERS_DATA"

    /// A file of the bundled `Data/` folder (`models/default.toml`, `bondy/territory.toml`…).
    public static func file(_ name: String) throws -> String {
        try locate(folder: "Data", name)
    }

    /// A style file of the bundled `Styles/` folder.
    public static func styleFile(_ name: String) throws -> String {
        try locate(folder: "Styles", name)
    }

    /// The folders searched for one of `Data/` or `Styles/`, in order: the override's (when
    /// set; its parent holds `Styles/`), then the bundle beside the running executable.
    static func candidates(for folder: String) -> [URL] {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment[overrideVariable], !override.isEmpty {
            let data = URL(fileURLWithPath: override)
            candidates.append(folder == "Data" ? data : data.deletingLastPathComponent().appendingPathComponent(folder))
        }
        candidates.append(ResourceBundle.folder.appendingPathComponent(folder))
        return candidates
    }

    static func locate(folder: String, _ name: String) throws -> String {
        let folders = candidates(for: folder)
        for base in folders {
            let path = base.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        throw MissingFile(path: "\(folder)/\(name)", searched: folders.map(\.path))
    }

    /// A file AllerVers ships with is not where the binary looks: an installation problem.
    public struct MissingFile: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let searched: [String]
        public var description: String {
            words(
                "%1$@ fourni avec AllerVers introuvable (cherché dans %2$@) : copiez le dossier %3$@ à côté du binaire allervers, ou donnez à %4$@ le dossier Data du projet",
                path, searched.joined(separator: ", "), BundledFiles.bundleName, BundledFiles.overrideVariable)
        }
    }

    /// The bundle SwiftPM's own accessor opens (for the test that keeps `bundleName` true).
    public static var generatedBundlePath: String { Bundle.module.bundlePath }
}
