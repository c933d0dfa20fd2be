import Foundation
import GeoBindings
import Inputs
import Support

/// How a planner names the territory: communes by code or by name, an EPCI by its SIREN (with
/// INSEE's or IGN's table of which commune belongs to which EPCI), or a whole département.
public enum TerritorySelection: Sendable, Equatable {
    case communes([String])
    case epci(siren: String, table: String)
    case departement(String)
}

/// The communes a national IRIS file holds: code → name (the name as IGN writes it).
public struct CommuneIndex: Sendable {
    public var names: [String: String]
    public init(names: [String: String]) { self.names = names }

    /// « saint-martin-le-vieil » for « Saint-Martin-le-Vieil », « Saint Martin le Vieil » or
    /// « SAINT-MARTIN-LE-VIEIL »: case, accents, hyphens, apostrophes and spaces folded.
    static func fold(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "fr_FR"))
        return folded.map { $0.isLetter || $0.isNumber ? String($0) : " " }.joined().split(separator: " ").joined(separator: "-")
    }
}

/// Resolves a `TerritorySelection` into commune codes, with an error that says what to write
/// when a name is unknown or shared by several communes.
public enum CommuneSelection {
    /// The selected communes' codes, sorted; every one present in the IRIS file.
    public static func resolve(_ selection: TerritorySelection, index: CommuneIndex, irisFile: String) throws(InputError) -> [String] {
        switch selection {
        case .communes(let given):
            var codes = Set<String>()
            for text in given { codes.insert(try code(of: text, index: index, irisFile: irisFile)) }
            guard !codes.isEmpty else { throw InputError(file: "--communes", words("aucune commune donnée")) }
            return codes.sorted()
        case .departement(let text):
            let department = text.uppercased()
            guard department.range(of: #"^([0-9]{2}|2A|2B|97[1-6])$"#, options: .regularExpression) != nil else {
                throw InputError(
                    file: "--departement",
                    words("trouvé « %1$@ », attendu un numéro de département (01 à 95, 2A, 2B, 971 à 976)", text))
            }
            let codes = index.names.keys.filter { $0.hasPrefix(department) }
            guard !codes.isEmpty else {
                throw InputError(
                    file: irisFile,
                    words("aucune commune du département %1$@ dans ce fichier", department))
            }
            return codes.sorted()
        case .epci(let siren, let table):
            guard siren.count == 9, siren.allSatisfy({ ("0"..."9").contains($0) }) else {
                throw InputError(
                    file: "--epci", words("trouvé « %1$@ », attendu un SIREN de 9 chiffres", siren))
            }
            let members = try EPCITable.read(path: table).communes(of: siren)
            guard !members.isEmpty else {
                throw InputError(
                    file: table, words("aucune commune de l'EPCI %1$@ dans cette table", siren))
            }
            let missing = members.filter { index.names[$0] == nil }
            if missing.count == members.count {
                throw InputError(
                    file: irisFile,
                    words(
                        "aucune des %1$@ communes de l'EPCI %2$@ n'est dans ce fichier (%3$@…)", members.count, siren, missing.prefix(5).joined(separator: ", ")
                    ))
            }
            if !missing.isEmpty {
                Warnings.emit(
                    words(
                        "%1$@ commune(s) de l'EPCI %2$@ absentes de %3$@ (%4$@) : table et contours de millésimes différents ?", missing.count, siren, irisFile,
                        missing.joined(separator: ", ")))
            }
            return members.filter { index.names[$0] != nil }.sorted()
        }
    }

    /// A commune given by its code (five characters, Corsica's 2A/2B included) or its name.
    static func code(of text: String, index: CommuneIndex, irisFile: String) throws(InputError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if ZoneWording.isCommuneCode(Substring(trimmed.uppercased())) {
            let code = trimmed.uppercased()
            guard index.names[code] != nil else {
                throw InputError(file: irisFile, words("aucune commune de code %1$@ dans ce fichier", code))
            }
            return code
        }
        let wanted = CommuneIndex.fold(trimmed)
        let matches = index.names.filter { CommuneIndex.fold($0.value) == wanted }.keys.sorted()
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            let listed = matches.map { "\(index.names[$0]!) (\($0))" }.joined(separator: ", ")
            throw InputError(
                file: "--communes",
                words("« %1$@ » : plusieurs communes portent ce nom (%2$@) ; donnez son code", trimmed, listed))
        }
        let near = index.names.filter { CommuneIndex.fold($0.value).hasPrefix(String(wanted.prefix(4))) }.sorted { $0.key < $1.key }.prefix(5)
        let hint = near.isEmpty ? "" : words(" ; noms proches : ") + near.map { "\($0.value) (\($0.key))" }.joined(separator: ", ")
        throw InputError(
            file: irisFile,
            words("aucune commune nommée « %1$@ » dans ce fichier%2$@", trimmed, hint))
    }
}

/// Which commune belongs to which EPCI: INSEE's table (« Intercommunalité – Métropole »,
/// columns CODGEO and EPCI, its sheet's title rows before the header) or IGN's Admin Express
/// COMMUNE layer (INSEE_COM and SIREN_EPCI), in any format GDAL reads (CSV, XLSX, GeoPackage…).
public struct EPCITable: Sendable {
    public var rows: [(commune: String, epci: String)]

    static let communeNames = ["codgeo", "insee_com", "code_insee", "code_commune", "depcom"]
    static let epciNames = ["epci", "siren_epci", "code_epci", "siren"]

    public func communes(of siren: String) -> [String] { Array(Set(rows.filter { $0.epci == siren }.map(\.commune))).sorted() }

    public static func read(path: String) throws(InputError) -> EPCITable {
        let dataset: VectorDataset
        do { dataset = try VectorDataset(path: path) } catch { throw InputError(file: path, error.message) }
        for index in 0..<dataset.layerCount {
            guard let layer = try? dataset.layer(at: index) else { continue }
            let fields = layer.fields
            var rows: [[String]] = []
            do {
                try layer.forEachFeature { feature in rows.append(fields.map { feature.string($0.index) ?? "" }) }
            } catch { throw InputError(file: path, "\(error)") }
            // The header: the fields' own names, or the first row that holds both columns
            // (INSEE's sheets open with title rows).
            var header = fields.map { $0.name.lowercased() }, body = rows[...]
            if columns(in: header) == nil, let at = rows.firstIndex(where: { columns(in: $0.map { $0.lowercased() }) != nil }) {
                header = rows[at].map { $0.lowercased() }
                body = rows[(at + 1)...]
            }
            guard let (c, e) = columns(in: header) else { continue }
            return EPCITable(
                rows: body.compactMap { row in
                    guard c < row.count, e < row.count else { return nil }
                    let commune = row[c].trimmingCharacters(in: .whitespaces), epci = row[e].trimmingCharacters(in: .whitespaces)
                    return commune.isEmpty || epci.isEmpty ? nil : (commune, epci)
                })
        }
        throw InputError(
            file: path,
            words("aucune table avec une colonne de commune (CODGEO, INSEE_COM) et une colonne d'EPCI (EPCI, SIREN_EPCI)"))
    }

    static func columns(in header: [String]) -> (Int, Int)? {
        guard let c = communeNames.lazy.compactMap({ header.firstIndex(of: $0) }).first,
            let e = epciNames.lazy.compactMap({ header.firstIndex(of: $0) }).first
        else { return nil }
        return (c, e)
    }
}
