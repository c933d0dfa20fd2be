import Foundation
import Support

/// Why a folder cannot take a file, in the user's terms: GDAL and SQLite report a full or
/// read-only disk as « no such table » or « unable to open database file ».
enum FolderDiagnosis {
    /// Below this many free bytes a disk is taken as full.
    static let nearlyFull: UInt64 = 1 << 20

    /// The message of a disk left with no free block: some GDAL writers (GeoJSON, FlatGeobuf)
    /// do not report a write that the disk could not hold, and leave a truncated file; a disk
    /// found full right after a file was closed means that file is not whole. The blocks
    /// counted are those this user may write (root may write the reserved ones too).
    static func fullDisk(_ folder: String) -> String? {
        var volume = statvfs()
        guard statvfs(folder, &volume) == 0 else { return nil }
        let free = geteuid() == 0 ? UInt64(volume.f_bfree) : UInt64(volume.f_bavail)
        guard free == 0 else { return nil }
        return full(folder)
    }

    static func full(_ folder: String) -> String {
        words("le disque est plein (ou votre quota est atteint) dans %1$@", folder)
    }

    static func problem(_ folder: String) -> String? {
        var volume = statvfs()
        if statvfs(folder, &volume) == 0 {
            if volume.f_flag & UInt(ST_RDONLY) != 0 {
                return words("le disque de %1$@ est monté en lecture seule", folder)
            }
            if UInt64(volume.f_bavail) * UInt64(volume.f_frsize) < nearlyFull {
                return full(folder)
            }
        } else if errno == ENOENT {
            return words("le dossier %1$@ n'existe pas", folder)
        }
        if access(folder, W_OK) != 0 {
            return words("permission refusée : le dossier %1$@ est en lecture seule ou n'est pas à vous", folder)
        }
        return nil
    }
}
