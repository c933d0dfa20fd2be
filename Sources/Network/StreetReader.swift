import Foundation
import GeoBindings
import GeometryCore
import Inputs
import Support

/// One OpenStreetMap way with its tags, its points in the target CRS (metres).
public struct StreetWay: Sendable {
    public var points: [Point]
    public var tags: [String: String]
    /// The way's id in the source (`way/123`, an OSM id, or the feature number).
    public var id: String

    public init(points: [Point], tags: [String: String], id: String) {
        self.points = points
        self.tags = tags
        self.id = id
    }
}

/// The streets of an extract, reprojected, with where and when they come from.
public struct StreetExtract: Sendable {
    public var ways: [StreetWay]
    public var path: String
    /// The extract's date (YYYY-MM-DD) when the file says it, in its name or its header.
    public var date: String?
    /// The target CRS the points are in (an EPSG code).
    public var epsg: Int
    /// The extent of the ways in the target CRS.
    public var extent: BoundingBox

    /// « OpenStreetMap, extrait du 2023-07-27 » or « OpenStreetMap, date de l'extrait inconnue ».
    public var attribution: String {
        "OpenStreetMap, " + (date.map { "extrait du \($0)" } ?? "date de l'extrait inconnue")
    }
}

/// Reads street lines from an OSM extract (`.osm.pbf`, OSM XML, through GDAL's OSM driver) or
/// from any GDAL line layer with a `highway` field (an overpass GeoJSON export, a GeoPackage).
public enum StreetReader {
    /// Reads the streets, in EPSG:`epsg`; with `within` (a rectangle in that CRS: the territory
    /// and a margin), only the ways that meet it, so that a regional or national extract gives
    /// the territory's graph, not the region's.
    public static func read(path: String, epsg: Int, within: BoundingBox? = nil) throws(InputError) -> StreetExtract {
        let dataset: VectorDataset
        do { dataset = try VectorDataset(path: path) } catch {
            throw InputError(
                file: path,
                words("illisible comme réseau de rues (%1$@) ; attendu .osm.pbf, .osm ou une couche de lignes avec un champ highway", error.message))
        }
        let target: SpatialReference
        do { target = try SpatialReference(epsg: epsg) } catch { throw InputError(file: path, "EPSG:\(epsg): \(error.message)") }
        var ways: [StreetWay] = []
        var lineFeatures = 0
        let isOSM = dataset.driverName == "OSM"
        let layerIndices = isOSM ? [dataset.layerNames.firstIndex(of: "lines")].compactMap { $0 } : Array(0..<dataset.layerCount)
        var sawHighwayField = false
        for index in layerIndices {
            let layer: VectorLayer
            do { layer = try dataset.layer(at: index) } catch { throw InputError(file: path, error.message) }
            let fields = layer.fields
            guard let highwayField = fields.first(where: { $0.name.lowercased() == "highway" }) else { continue }
            sawHighwayField = true
            let otherTags = fields.first { $0.name == "other_tags" }
            let idField = fields.first { ["osm_id", "@id", "id"].contains($0.name) }
            guard let sourceCRS = layer.spatialReference, !sourceCRS.isUndefinedOrLocal else {
                throw InputError(
                    file: path,
                    words("la couche %1$@ n'a pas de système de coordonnées ; attendu un (les données OSM sont en EPSG:4326)", layer.name))
            }
            let transformer: CoordinateTransformer
            do { transformer = try CoordinateTransformer(from: sourceCRS, to: target) } catch { throw InputError(file: path, error.message) }
            if let within {
                do { layer.setSpatialFilter(try within.reprojected(from: target, to: sourceCRS)) } catch { throw InputError(file: path, error.message) }
            }
            var layerWays: [StreetWay] = []
            do {
                try layer.forEachFeature { feature in
                    let lines = feature.lineStrings()
                    guard !lines.isEmpty else { return }
                    lineFeatures += 1
                    guard let highway = feature.string(highwayField.index), !highway.isEmpty else { return }
                    var tags: [String: String] = [:]
                    if let otherTags, let text = feature.string(otherTags.index) { tags = OSMTags.parse(text) }
                    for field in fields where field.kind == .string && field.name != "other_tags" {
                        if let value = feature.string(field.index), !value.isEmpty { tags[field.name] = value }
                    }
                    tags["highway"] = highway
                    let id = idField.flatMap { feature.string($0.index) } ?? "\(layer.name)/\(feature.id)"
                    for line in lines where line.count >= 2 { layerWays.append(StreetWay(points: line, tags: tags, id: id)) }
                }
            } catch let error as InputError { throw error } catch { throw InputError(file: path, "\(error)") }
            // Reproject every point at once; non-finite results are an error, not a silent drop.
            var flat = layerWays.flatMap(\.points)
            do { try transformer.transform(&flat) } catch {
                throw InputError(
                    file: path, words("la reprojection en EPSG:%1$@ a échoué : %2$@", epsg, error.message))
            }
            var offset = 0
            for w in layerWays.indices {
                let n = layerWays[w].points.count
                layerWays[w].points = Array(flat[offset..<offset + n])
                offset += n
            }
            ways += layerWays
        }
        if !sawHighwayField {
            throw InputError(
                file: path, field: "highway",
                words(
                    "aucune couche avec un champ highway ; attendu des voies OpenStreetMap (un extrait .osm.pbf ou .osm, ou un export overpass de lignes highway)"
                ))
        }
        if ways.isEmpty, within != nil {
            throw InputError(
                file: path, field: "highway",
                words("aucune rue autour du territoire (%1$@ lignes dans son rectangle et ses abords) : un extrait d'une autre région ?", lineFeatures))
        }
        guard !ways.isEmpty else {
            throw InputError(
                file: path, field: "highway",
                words("aucune ligne de rue (%1$@ lignes, aucune avec une étiquette highway)", lineFeatures))
        }
        var extent = BoundingBox.empty
        for way in ways {
            for p in way.points {
                guard p.x.isFinite, p.y.isFinite else {
                    throw InputError(
                        file: path,
                        words("voie %1$@ : coordonnées hors du domaine de validité d'EPSG:%2$@", way.id, epsg))
                }
                extent.include(p)
            }
        }
        return StreetExtract(ways: ways, path: path, date: extractDate(path: path), epsg: epsg, extent: extent)
    }

    /// The extract's date: in its file name (`…2023-07-27…`), or the `timestamp` of an overpass
    /// export, or the replication timestamp in an OSM XML header.
    public static func extractDate(path: String) -> String? {
        let name = URL(fileURLWithPath: path).lastPathComponent
        if let date = firstDate(in: name) { return date }
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        let text = String(decoding: head, as: UTF8.self)
        for key in ["\"timestamp\"", "osm_base"] {
            if let range = text.range(of: key), let date = firstDate(in: String(text[range.upperBound...].prefix(60))) { return date }
        }
        return nil
    }

    static func firstDate(in text: String) -> String? {
        let chars = Array(text)
        guard chars.count >= 10 else { return nil }
        for start in 0...(chars.count - 10) {
            let s = String(chars[start..<start + 10])
            let parts = s.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
                (2004...2100).contains(y), (1...12).contains(m), (1...31).contains(d)
            else { continue }
            return s
        }
        return nil
    }
}
