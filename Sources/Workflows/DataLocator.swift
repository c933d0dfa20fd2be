import Foundation
import Support

/// Finds the files bundled in `Data/`, beside the executable's package.
public enum DataLocator {
    /// The Data folder of the source tree this binary was built from.
    public static var sourceTreeData: String {
        let here: String = #filePath
        return URL(fileURLWithPath: here).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data").path
    }

    /// A style file under the project's Styles/ folder.
    public static func styleFile(_ name: String) throws -> String {
        let data = try file("README.md")
        let path = URL(fileURLWithPath: data).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Styles/\(name)").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw UsageError(
                fr("Styles/\(name) fourni avec AllerVers introuvable ; passez --style", en: "cannot find the bundled Styles/\(name); pass --style"))
        }
        return path
    }

    public static func file(_ name: String) throws -> String {
        let candidates: [String] = [
            ProcessInfo.processInfo.environment["ALLERVERS_DATA"],
            URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                .deletingLastPathComponent().appendingPathComponent("../../../Data").standardized.path,
            FileManager.default.currentDirectoryPath + "/Data",
            sourceTreeData,
        ].compactMap { $0 as String? }
        for folder in candidates {
            let path = folder + "/" + name
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        throw UsageError(
            fr(
                "Data/\(name) fourni avec AllerVers introuvable ; donnez à ALLERVERS_DATA le dossier Data du projet",
                en: "cannot find the bundled Data/\(name); set ALLERVERS_DATA to the project's Data folder"))
    }
}
