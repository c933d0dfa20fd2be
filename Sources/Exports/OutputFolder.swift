import Foundation
import GeometryCore
import Support

/// An output folder filled under a hidden temporary name and swapped in whole. AllerVers
/// recognises its own folders by a marker file listing the files it wrote; it never deletes a
/// file it did not write: such files are carried over into the new folder (and named on
/// stderr), and a run that would overwrite one is refused. A non-empty folder without the
/// marker is used only with --force (its files kept).
public final class OutputFolder {
    public static let markerName = ".allervers-sorties"

    /// The folder a path names: its own, or the target of the symbolic link it is (a link
    /// to nothing is refused, since its target cannot be told).
    static func throughLink(_ url: URL) throws -> URL {
        guard let type = try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType, type == .typeSymbolicLink
        else { return url }
        let target = url.resolvingSymlinksInPath()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ExportError(
                path: url.path,
                message: words("est un lien symbolique vers %1$@, qui n'est pas un dossier ; attendu un dossier de sortie", target.path))
        }
        return target.standardized
    }
    public let finalPath: String
    public let temporaryPath: String
    public let lockPath: String
    private var committed = false

    public init(path: String, force: Bool) throws {
        // A symbolic link to a folder is written through: its target is the folder filled and
        // swapped, the link stays as it was (before, the swap replaced the link itself).
        let url = try Self.throughLink(URL(fileURLWithPath: path).standardized)
        finalPath = url.path
        let parent = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw ExportError(
                path: finalPath,
                message: words("ne peut être créé : %1$@", FileProblem.describe(error, folder: parent.path)))
        }
        // One run at a time per folder: a lock file holding the writer's process id.
        lockPath = parent.appendingPathComponent(".\(url.lastPathComponent).allervers-lock").path
        try PartialFiles.shared.creating([lockPath]) { [lockPath, finalPath] in try Self.acquireLock(lockPath, folder: finalPath, parent: parent.path) }
        temporaryPath = parent.appendingPathComponent(".\(url.lastPathComponent).allervers-partial-\(getpid())").path
        do {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: finalPath, isDirectory: &isFolder) {
                guard isFolder.boolValue else {
                    throw ExportError(
                        path: finalPath,
                        message: words("existe et est un fichier ; attendu un dossier de sortie"))
                }
                let contents = (try? FileManager.default.contentsOfDirectory(atPath: finalPath)) ?? []
                if !contents.isEmpty && !force && Self.writtenFiles(finalPath) == nil {
                    throw ExportError(
                        path: finalPath,
                        message:
                            words(
                                "existe et n'a pas été écrit par AllerVers (pas de fichier %1$@) ; choisissez un autre dossier, ou passez --force pour y écrire (ses fichiers sont conservés)",
                                Self.markerName)
                    )
                }
            }
            // Leftovers of an interrupted run of the same folder: a run killed between its two
            // renames left the previous outputs under their hidden name; put them back first.
            let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [])
                .filter { $0.hasPrefix(".\(url.lastPathComponent).allervers-") }.sorted()
            if !FileManager.default.fileExists(atPath: finalPath), let old = leftovers.first(where: { $0.contains("allervers-old-") }) {
                try? FileManager.default.moveItem(atPath: parent.appendingPathComponent(old).path, toPath: finalPath)
            }
            for name in leftovers where !name.hasSuffix("allervers-lock") {
                try? FileManager.default.removeItem(atPath: parent.appendingPathComponent(name).path)
            }
            do {
                try PartialFiles.shared.creating([temporaryPath]) { [temporaryPath] in
                    try FileManager.default.createDirectory(atPath: temporaryPath, withIntermediateDirectories: false)
                }
            } catch {
                throw ExportError(
                    path: finalPath,
                    message: words("ne peut être écrit : %1$@", FileProblem.describe(error, folder: parent.path)))
            }
        } catch {
            // Refused or failed before anything was written: the lock goes, nothing else.
            PartialFiles.shared.unregister(temporaryPath)
            PartialFiles.shared.unregister(lockPath)
            try? FileManager.default.removeItem(atPath: lockPath)
            throw error
        }
    }

    /// Creates the lock file, or explains who holds it. A lock left by a process that no
    /// longer runs is taken over.
    public static func acquireLock(_ path: String, folder: String, parent: String) throws {
        for _ in 0..<2 {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if descriptor >= 0 {
                let text = "\(getpid())\n"
                _ = text.withCString { write(descriptor, $0, strlen($0)) }
                close(descriptor)
                return
            }
            guard errno == EEXIST else {
                throw ExportError(
                    path: folder,
                    message: words("ne peut être écrit : %1$@", FileProblem.describe(NSError(domain: NSPOSIXErrorDomain, code: Int(errno)), folder: parent)))
            }
            let holder = (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let holder, holder != getpid(), kill(holder, 0) == 0 || errno == EPERM {
                throw ExportError(
                    path: folder,
                    message: words("un run écrit déjà dans ce dossier (processus %1$@) ; attendez qu'il finisse, ou choisissez un autre dossier", holder))
            }
            // Stale: the writer is gone.
            try? FileManager.default.removeItem(atPath: path)
        }
        throw ExportError(path: folder, message: words("impossible de prendre le verrou %1$@", path))
    }

    /// The files AllerVers wrote in a folder (relative paths), from its marker; nil without one.
    public static func writtenFiles(_ folder: String) -> Set<String>? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + markerName) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.first?.hasPrefix("AllerVers") == true else { return nil }
        return Set(lines.dropFirst().filter { !$0.isEmpty })
    }

    /// Every file under a folder, as relative paths, and every folder.
    public static func entries(_ folder: String) -> (files: [String], folders: [String]) {
        var files: [String] = [], folders: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return ([], []) }
        while let relative = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isFolder)
            if isFolder.boolValue { folders.append(relative) } else { files.append(relative) }
        }
        return (files.sorted(), folders.sorted())
    }

    public func file(_ name: String) -> String { temporaryPath + "/" + name }

    public func commit() throws {
        let fm = FileManager.default
        // The marker: what this run wrote.
        let written = Self.entries(temporaryPath).files
        try
            ("AllerVers \(AllerVersVersion.current): fichiers écrits par AllerVers dans ce dossier (les autres ne sont jamais effacés)\n"
            + written.joined(separator: "\n") + "\n").write(toFile: file(Self.markerName), atomically: false, encoding: .utf8)
        // From here on the user's files move: an interruption waits for the swap to end, so
        // that no user file is ever left inside a folder the interruption would remove.
        let kept: [String] = try PartialFiles.shared.swapping(finalPath) {
            // Files of the existing folder that AllerVers did not write move into the new one.
            var kept: [String] = []
            if fm.fileExists(atPath: finalPath) {
                let ours = Self.writtenFiles(finalPath) ?? []
                let existing = Self.entries(finalPath)
                let ourFolders = Set(
                    ours.flatMap { path -> [String] in
                        let parts = path.split(separator: "/")
                        return (1..<max(parts.count, 1)).map { parts.prefix($0).joined(separator: "/") }
                    })
                let foreignFolders = existing.folders.filter { !ourFolders.contains($0) && !ours.contains($0) }
                let topForeignFolders = foreignFolders.filter { folder in !foreignFolders.contains { folder.hasPrefix($0 + "/") } }
                let foreignFiles = existing.files.filter { path in
                    path != Self.markerName && !ours.contains(path) && !topForeignFolders.contains { path.hasPrefix($0 + "/") }
                }
                let moves = topForeignFolders + foreignFiles
                for path in moves where fm.fileExists(atPath: file(path)) {
                    throw ExportError(
                        path: finalPath + "/" + path,
                        message: words("n'a pas été écrit par AllerVers et ce run écrit un fichier de ce nom ; déplacez-le d'abord"))
                }
                do {
                    for path in moves {
                        let target = file(path)
                        try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                        try fm.moveItem(atPath: finalPath + "/" + path, toPath: target)
                        kept.append(path)
                    }
                } catch {
                    putBack(kept)
                    throw error
                }
            }
            let old = temporaryPath.replacingOccurrences(of: "allervers-partial-", with: "allervers-old-")
            PartialFiles.shared.registerRestore(from: old, to: finalPath)
            defer { PartialFiles.shared.unregisterRestore(from: old) }
            do {
                if fm.fileExists(atPath: finalPath) { try fm.moveItem(atPath: finalPath, toPath: old) }
                try fm.moveItem(atPath: temporaryPath, toPath: finalPath)
            } catch {
                // Put everything back: the previous folder, and the user's files in it.
                if fm.fileExists(atPath: old) && !fm.fileExists(atPath: finalPath) { try? fm.moveItem(atPath: old, toPath: finalPath) }
                putBack(kept)
                throw error
            }
            try? fm.removeItem(atPath: old)
            committed = true
            PartialFiles.shared.unregister(temporaryPath)
            try? fm.removeItem(atPath: lockPath)
            PartialFiles.shared.unregister(lockPath)
            return kept
        }
        if !kept.isEmpty {
            FileHandle.standardError.write(
                Data(
                    words("fichiers conservés (non écrits par AllerVers) : %1$@\n", kept.joined(separator: ", ")).utf8))
        }
    }

    /// Moves the user's files taken into the new folder back where they were.
    private func putBack(_ kept: [String]) {
        let fm = FileManager.default
        for path in kept where fm.fileExists(atPath: file(path)) {
            try? fm.createDirectory(atPath: ((finalPath + "/" + path) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? fm.moveItem(atPath: file(path), toPath: finalPath + "/" + path)
        }
    }

    public func discard() {
        if !committed {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            try? FileManager.default.removeItem(atPath: lockPath)
        }
        PartialFiles.shared.unregister(temporaryPath)
        PartialFiles.shared.unregister(lockPath)
    }
}
