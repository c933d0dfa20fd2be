import Foundation

/// Where the files AllerVers ships with sit: SwiftPM's resource bundle of the `BundledFiles`
/// target, a folder beside the executable (`AllerVers_BundledFiles.resources`), wherever the
/// binary was copied with it. Looked up by path, so that a binary without it says so instead
/// of stopping (SwiftPM's own accessor traps).
public enum ResourceBundle {
    /// The folder SwiftPM writes beside the executable: `<package>_<target>.resources`.
    public static let name = "AllerVers_BundledFiles.resources"

    /// The bundle beside the running executable.
    public static var folder: URL { Bundle.main.bundleURL.appendingPathComponent(name) }

    /// A file or folder of the bundle, when it is there.
    public static func item(named path: String) -> String? {
        let item = folder.appendingPathComponent(path).path
        return FileManager.default.fileExists(atPath: item) ? item : nil
    }
}
