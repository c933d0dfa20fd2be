import Foundation
import GeoBindings
import Support

/// What an input file holds, judged from its columns and geometry.
public enum InputKind: Sendable, Equatable {
    case cells
    case zones(layer: String?)
    case caf
    case points
    /// Street lines (OpenStreetMap: `.osm.pbf`, `.osm`, or a line layer with `highway`).
    case streets
    /// A settings file AllerVers reads (TOML): territory, model, plan rules, style, profiles.
    case settings
    case table(header: [String])
}

/// Tells cells, zones, CAF counts and points apart, so `inspect` can read each file right.
public enum InputKindDetector {
    public static func detect(path: String) throws -> InputKind {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if ext == "toml" { return .settings }
        if ext == "pbf" || ext == "osm" { return .streets }
        if ["csv", "txt", "tsv"].contains(ext) {
            let raw = try TextDecoding.readBytes(path: path)
            let (bytes, _) = TextDecoding.normalise(Array(raw.prefix(65536)))
            let headerEnd = bytes.firstIndex(of: 0x0A) ?? bytes.count
            let line = String(decoding: bytes[..<headerEnd], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let delimiter = DelimitedText.guessDelimiter(header: Array(line.utf8))
            let header = line.split(separator: Character(UnicodeScalar(delimiter)), omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).lowercased() }
            if header.contains(where: { FilosofiReader.idNames.contains($0) }) { return .cells }
            if header.contains(where: { $0.hasPrefix("indfoy") || $0 == "dtreffre" || $0 == "numcomdo" }) { return .caf }
            if header.contains(where: { PointsOfInterestReader.latitudeCandidates.contains($0) }) { return .points }
            return .table(header: header)
        }
        let dataset = try VectorDataset(path: path)
        guard dataset.layerCount > 0 else { throw InputError(file: path, words("n'a aucune couche")) }
        let layer = try dataset.layer(at: 0)
        let names = layer.fields.map { $0.name.lowercased() }
        if names.contains(where: { FilosofiReader.idNames.contains($0) }) { return .cells }
        if names.contains(where: { ZonesReader.idCandidates.contains($0) }) { return .zones(layer: nil) }
        if names.contains("highway") { return .streets }
        return .points
    }
}
