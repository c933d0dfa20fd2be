import Foundation

/// How a shared output names an input file: by its path relative to the territory file's
/// folder when it has one, else by its name alone, never by an absolute path: a planner who
/// mails a report does not publish the folders of the machine that made it.
public enum RecordedPath {
    /// `path` relative to `base` (a folder), with `..` where needed; the file's name alone when
    /// there is no base or the two share nothing but the root.
    public static func shown(_ path: String, relativeTo base: String?) -> String {
        let file = URL(fileURLWithPath: path).standardizedFileURL
        guard let base else { return file.lastPathComponent }
        let target = file.pathComponents, from = URL(fileURLWithPath: base, isDirectory: true).standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, from.count) && target[common] == from[common] { common += 1 }
        // Only the root "/" in common: no relative path that does not describe the machine.
        guard common > 1 else { return file.lastPathComponent }
        let up = Array(repeating: "..", count: from.count - common)
        return (up + target[common...]).joined(separator: "/")
    }
}
