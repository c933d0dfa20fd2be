import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Support

/// The national IRIS contours (IGN's CONTOURS-IRIS: a GeoPackage, a shapefile, or the folder
/// its archive unpacks to, with one file for metropolitan France and one per overseas
/// département): the layers that hold communes, and the territory's part of them.
public struct IRISSource {
    /// A layer of the national file with its commune code and name fields.
    struct Layer {
        var path: String
        var layer: String
        var communeField: String
        var nameField: String?
    }

    let layers: [Layer]
    public let path: String

    static let communeNameCandidates = ["nom_com", "nom_commune", "libcom", "nomcom", "lib_commune"]

    /// Finds the layers with a commune code field in a file, or in every GeoPackage and
    /// shapefile under a folder (in name order).
    public init(path: String) throws(InputError) {
        self.path = path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw InputError(file: path, words("fichier ou dossier introuvable"))
        }
        var files = [path]
        if isFolder.boolValue {
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                .filter { ["gpkg", "shp"].contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
                .sorted()
            files = found.map { path + "/" + $0 }
        }
        var layers: [Layer] = []
        for file in files {
            guard let dataset = try? VectorDataset(path: file) else { continue }
            for index in 0..<dataset.layerCount {
                guard let layer = try? dataset.layer(at: index) else { continue }
                let names = layer.fields.map(\.name)
                let lowered = names.map { $0.lowercased() }
                guard let c = ZonesReader.communeCandidates.lazy.compactMap({ lowered.firstIndex(of: $0) }).first else { continue }
                let n = Self.communeNameCandidates.lazy.compactMap { lowered.firstIndex(of: $0) }.first
                layers.append(Layer(path: file, layer: layer.name, communeField: names[c], nameField: n.map { names[$0] }))
            }
        }
        guard !layers.isEmpty else {
            throw InputError(
                file: path,
                words(
                    "aucune couche de contours avec un code commune (INSEE_COM, code_insee) ; attendu les Contours IRIS de l'IGN (GeoPackage, shapefile ou le dossier de l'archive)"
                ))
        }
        self.layers = layers
    }

    /// Every commune of the file, code → name (the name from the first zone of the commune).
    public func communes() throws(InputError) -> CommuneIndex {
        var names: [String: String] = [:]
        for source in layers {
            do {
                let dataset = try VectorDataset(path: source.path)
                let layer = try dataset.layer(named: source.layer)
                let fields = layer.fields
                let kept = [source.communeField] + (source.nameField.map { [$0] } ?? [])
                try layer.ignoreFields(fields.map(\.name).filter { !kept.contains($0) } + ["OGR_GEOMETRY"])
                guard let c = fields.first(where: { $0.name == source.communeField })?.index else { continue }
                let n = source.nameField.flatMap { name in fields.first { $0.name == name }?.index }
                try layer.forEachFeature { feature in
                    guard let code = feature.string(c)?.trimmingCharacters(in: .whitespaces), !code.isEmpty, names[code] == nil else { return }
                    names[code] = n.flatMap { feature.string($0) } ?? code
                }
            } catch let error as GeoError {
                throw InputError(file: source.path, error.message)
            } catch {
                throw InputError(file: source.path, "\(error)")
            }
        }
        return CommuneIndex(names: names)
    }

    /// Writes the zones of `communes` into a GeoPackage (layer `iris`), in the national file's
    /// CRS and with its fields, by GDAL (ogr2ogr's `-where`). The layer that holds them is
    /// taken; a territory spread over two layers (a metropolitan and an overseas one) is refused.
    public func cut(communes: [String], to destination: String) throws(InputError) -> Int {
        let list = communes.map { "'\($0.replacingOccurrences(of: "'", with: "''"))'" }.joined(separator: ",")
        var holding: [(Layer, Int)] = []
        for source in layers {
            do {
                let dataset = try VectorDataset(path: source.path)
                let layer = try dataset.layer(named: source.layer)
                try layer.setAttributeFilter("\"\(source.communeField)\" IN (\(list))")
                let count = layer.featureCount
                if count > 0 { holding.append((source, count)) }
            } catch { throw InputError(file: source.path, error.message) }
        }
        guard let (source, count) = holding.first else {
            throw InputError(file: path, words("aucune zone des communes demandées"))
        }
        if holding.count > 1 {
            throw InputError(
                file: path,
                words(
                    "les communes demandées sont dans plusieurs couches (%1$@) : un territoire à cheval sur deux fichiers (métropole et outre-mer) n'est pas pris en charge",
                    holding.map { "\($0.0.path)\(words(" : "))\($0.0.layer)" }.joined(separator: ", ")))
        }
        do {
            let dataset = try VectorDataset(path: source.path)
            try VectorTranslate.run(
                dataset, to: destination,
                arguments: ["-f", "GPKG", "-where", "\"\(source.communeField)\" IN (\(list))", "-nln", "iris", "-nlt", "PROMOTE_TO_MULTI", source.layer])
        } catch { throw InputError(file: source.path, error.message) }
        return count
    }
}
