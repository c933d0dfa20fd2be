import Cartography
import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Support

/// Stops and routes read from any vector file (GeoJSON from `plan`, say): points with `kind`,
/// `name` and an optional `number`; lines for routes.
public enum MapOverlays {
    /// The stops and routes of two files (either may be absent), in longitude and latitude.
    public static func read(stops: String?, routes: String?) throws -> MapOverlay {
        let wgs84 = try SpatialReference(epsg: 4326)
        return MapOverlay(
            stops: try stops.map { try Self.stops(path: $0, to: wgs84) } ?? [],
            routes: try routes.map { try Self.routes(path: $0, to: wgs84) } ?? []
        )
    }

    public static func stops(path: String, to target: SpatialReference) throws -> [MapStop] {
        let dataset = try VectorDataset(path: path)
        let layer = try dataset.layer(at: 0)
        let fields = layer.fields
        func field(_ names: [String]) -> Int? { fields.first { names.contains($0.name.lowercased()) }?.index }
        let kind = field(["kind", "type"]), name = field(["name", "nom"]), number = field(["number", "numero", "order", "stop"])
        let status = field(["status", "statut"])
        var stops: [MapStop] = []
        try layer.forEachFeature { feature in
            guard let point = feature.representativePoint() else {
                throw InputError(file: path, line: Int(feature.id), field: "geometry", words("un arrêt demande un point"))
            }
            let given = number.flatMap { feature.integer($0) }
            if let given, !(1...9_999).contains(given) {
                throw InputError(
                    file: path, line: Int(feature.id), field: fields[number!].name,
                    words("numéro d'arrêt %1$@, attendu de 1 à 9 999", given))
            }
            stops.append(
                MapStop(
                    location: point, number: given.map(Int.init) ?? stops.count + 1,
                    kind: status.flatMap { feature.string($0) } == "proposé"
                        ? "proposed" : (kind.flatMap { feature.string($0) }.map { StopKind(label: $0)?.rawValue ?? $0 } ?? "other"),
                    label: name.flatMap { feature.string($0) } ?? ""
                ))
        }
        guard let crs = layer.spatialReference else { throw InputError(file: path, words("la couche n'a pas de SCR")) }
        var points = stops.map(\.location)
        try CoordinateTransformer(from: crs, to: target).transform(&points)
        for i in stops.indices { stops[i].location = points[i] }
        return stops
    }

    public static func routes(path: String, to target: SpatialReference) throws -> [[Point]] {
        let dataset = try VectorDataset(path: path)
        let layer = try dataset.layer(at: 0)
        var lines: [[Point]] = []
        try layer.forEachFeature { feature in lines += feature.lineStrings() }
        guard let crs = layer.spatialReference else { throw InputError(file: path, words("la couche n'a pas de SCR")) }
        let transformer = try CoordinateTransformer(from: crs, to: target)
        return try lines.map { line in
            var points = line
            try transformer.transform(&points)
            return points
        }
    }
}
