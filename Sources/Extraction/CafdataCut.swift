import Foundation
import Inputs
import Support

/// The territory's rows of a national Cafdata file (by commune, or by IRIS when a CAF shares
/// them), every period kept, the file's layout, encoding and byte-order mark kept.
public enum CafdataCut {
    /// Writes the rows of `communes` (or of their IRIS) to `destination`; returns the rows read
    /// and kept, and the communes that have at least one row.
    public static func cut(path: String, communes: [String], to destination: String) throws(InputError) -> (read: Int, kept: Int, found: Set<String>) {
        let file = try LineFilter(path: path)
        let byCommune = file.column(CafdataReader.communeKeys)
        guard let column = byCommune ?? file.column(CafdataReader.irisKeys) else {
            throw InputError(
                file: path, line: 1,
                words("aucune colonne de commune (numcomdo, codgeo) ni d'IRIS (code_iris) ; attendu un export Cafdata"))
        }
        let wanted = Set(communes)
        var found = Set<String>()
        let (read, kept) = try file.filter(column: column, to: destination) { bytes, _ in
            let code = String(decoding: bytes, as: UTF8.self).uppercased()
            let commune = byCommune != nil ? code : String(code.prefix(5))
            guard wanted.contains(commune) else { return false }
            found.insert(commune)
            return true
        }
        return (read, kept, found)
    }
}
