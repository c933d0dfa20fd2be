import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Network
import Support

/// An OpenStreetMap extract of a region or of the country cut to the territory and a margin:
/// with `osmium-tool` when it is installed (a new `.osm.pbf`, every object kept whole), else by
/// GDAL (the streets only, as a GeoPackage line layer with their tags, which AllerVers' street
/// reader takes like an extract).
public enum OSMCut {
    /// The margin around the territory: its streets and the reception points a review counts
    /// beyond it (the CAF in the préfecture) lie within a 30-minute drive.
    public static let margin = 30_000.0

    /// What the cut wrote: the streets' file (for `[network]`), the file to read the places
    /// from, and the tool that cut.
    public struct Result: Sendable {
        public var streets: String
        public var places: String
        public var tool: String
    }

    /// The `osmium` program on the PATH, if any.
    public static func osmium() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/osmium" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// An extract of another region cuts to nothing: said here, not when the run builds its graph.
    static func requireStreets(in cut: String, layer name: String, source: String) throws(InputError) {
        var found = false
        do {
            let layer = try VectorDataset(path: cut).layer(named: name)
            try layer.setAttributeFilter("highway IS NOT NULL")
            found = layer.hasFeature
        } catch { found = false }
        guard found else {
            throw InputError(
                file: source,
                words("aucune rue de l'extrait dans le territoire ni à %1$@ km autour : un extrait d'une autre région ?", Int(margin / 1000)))
        }
    }

    /// Cuts `path` to `within` (longitude, latitude) into `folder`; `useOsmium` nil looks for it.
    public static func cut(path: String, within: BoundingBox, folder: String, osmiumPath: String?) throws(InputError) -> Result {
        let bbox = [within.minX, within.minY, within.maxX, within.maxY].map { String(format: "%.6f", $0) }
        let date = StreetReader.extractDate(path: path).map { "_\($0)" } ?? ""
        if let osmiumPath {
            let destination = folder + "/extrait_osm\(date).osm.pbf"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: osmiumPath)
            process.arguments = ["extract", "--bbox=" + bbox.joined(separator: ","), "--strategy=complete_ways", "--overwrite", "-o", destination, path]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            do { try process.run() } catch { throw InputError(file: path, "osmium : \(error.localizedDescription)") }
            let message = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw InputError(
                    file: path,
                    words("osmium extract a échoué : %1$@", String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
            }
            try requireStreets(in: destination, layer: "lines", source: path)
            return Result(streets: destination, places: destination, tool: "osmium extract (complete_ways)")
        }
        let destination = folder + "/rues_osm\(date).gpkg"
        try InputError.reading(path) {
            let dataset = try VectorDataset(path: path)
            guard dataset.layerNames.contains("lines") else {
                throw InputError(
                    file: path, words("pas une couche lines d'extrait OpenStreetMap (.osm.pbf, .osm)"))
            }
            try VectorTranslate.run(
                dataset, to: destination,
                arguments: ["-f", "GPKG", "-spat"] + bbox + ["-spat_srs", "EPSG:4326", "-where", "highway IS NOT NULL", "-nln", "rues", "lines"])
        }
        try requireStreets(in: destination, layer: "rues", source: path)
        return Result(streets: destination, places: path, tool: "GDAL, les rues seulement (osmium-tool n'est pas installé, ou --sans-osmium)")
    }
}
