internal import CGDAL
import Foundation
import Support

/// Rewrites the entries of a ZIP container (an .xlsx workbook) through GDAL's /vsizip/, whose
/// writer gives the same bytes for the same entries (fixed dates): for what GDAL's XLSX
/// writer cannot say itself, such as a percent format on a column.
public enum ZipRewrite {
    /// The entries of `path`, in the archive's order, with their bytes.
    public static func entries(_ path: String) throws(GeoError) -> [(name: String, data: Data)] {
        GDALRuntime.ensure()
        let root = "/vsizip/" + path
        guard let list = VSIReadDirRecursive(root) else {
            throw GeoError(function: "VSIReadDirRecursive", message: words("archive illisible"), path: path)
        }
        defer { CSLDestroy(list) }
        var names: [String] = []
        var i = 0
        while let name = list[i] {
            names.append(String(cString: name))
            i += 1
        }
        var result: [(String, Data)] = []
        // Folders are listed too, with or without a final slash: a name that prefixes another
        // one's path is a folder.
        let folders = Set(
            names.flatMap { name in
                name.split(separator: "/").dropLast().indices.map { k in name.split(separator: "/")[...k].joined(separator: "/") }
            })
        for name in names where !name.hasSuffix("/") && !folders.contains(name) {
            guard let file = VSIFOpenL(root + "/" + name, "rb") else {
                throw GeoError(function: "VSIFOpenL", message: words("entrée illisible : %1$@", name), path: path)
            }
            _ = VSIFSeekL(file, 0, SEEK_END)
            let size = Int(VSIFTellL(file))
            _ = VSIFSeekL(file, 0, SEEK_SET)
            var data = Data(count: size)
            let read = data.withUnsafeMutableBytes { VSIFReadL($0.baseAddress, 1, $0.count, file) }
            VSIFCloseL(file)
            guard read == data.count else {
                throw GeoError(function: "VSIFReadL", message: words("entrée tronquée : %1$@", name), path: path)
            }
            result.append((name, data))
        }
        return result
    }

    /// Writes `entries` as a new archive at `path`, in their order.
    static func write(_ entries: [(name: String, data: Data)], to path: String) throws(GeoError) {
        // The archive is opened first and closed last, as GDAL's own XLSX writer does: closing
        // it writes its central directory.
        guard let archive = VSIFOpenL("/vsizip/" + path, "wb") else {
            throw GeoError(function: "VSIFOpenL", message: GDALRuntime.lastMessage(), path: path)
        }
        defer { VSIFCloseL(archive) }
        for (name, data) in entries {
            guard let file = VSIFOpenL("/vsizip/" + path + "/" + name, "wb") else {
                throw GeoError(function: "VSIFOpenL", message: GDALRuntime.lastMessage(), path: path)
            }
            let written = data.withUnsafeBytes { VSIFWriteL($0.baseAddress, 1, $0.count, file) }
            let closed = VSIFCloseL(file)
            guard written == data.count, closed == 0 else {
                throw GeoError(function: "VSIFWriteL", message: words("écriture impossible : %1$@", name), path: path)
            }
        }
    }

    /// Replaces the archive at `path` by one whose entries (name → bytes) went through
    /// `transform`, [Content_Types].xml first as OOXML readers expect.
    public static func rewrite(_ path: String, transform: ([String: Data]) throws -> [String: Data]) throws {
        var entries = try entries(path)
        entries.sort { ($0.name != "[Content_Types].xml" ? 1 : 0) < ($1.name != "[Content_Types].xml" ? 1 : 0) }
        let changed = try transform(Dictionary(entries.map { ($0.name, $0.data) }, uniquingKeysWith: { a, _ in a }))
        let rewritten = entries.map { ($0.name, changed[$0.name] ?? $0.data) }
        // GDAL finds the archive in a /vsizip/ path by its first archive extension: the
        // temporary name must not contain the workbook's own « .xlsx ».
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.deletingPathExtension().lastPathComponent).rewrite-\(getpid()).zip").path
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            try write(rewritten, to: temporary)
            // rename(2) replaces the workbook in one step.
            guard rename(temporary, path) == 0 else {
                throw GeoError(function: "rename", message: String(cString: strerror(errno)), path: path)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }
}
