import Foundation
import GeoBindings
import GeometryCore
import Support

/// A large GeoJSON written by GDAL in parts side by side: each part is the FeatureCollection of
/// consecutive zones that GDAL's GeoJSON driver writes (one feature per line), and the file is
/// the first part's header, every part's features in order, and the closing brackets — the
/// same bytes as one pass of the driver (a test checks it), in a fraction of the time: GDAL
/// formats each coordinate through C++ streams, which makes the GeoJSON the longest output of
/// a département.
enum GeoJSONInParts {
    static let featuresOpening = "\"features\": [\n"
    static let closing = Array("\n]\n}\n".utf8)

    /// Writes `table` to `path` in `parts` parts; false (nothing written) with fewer than two
    /// parts or when GDAL's output does not have the layout the assembly relies on, and the
    /// caller writes it in one pass.
    static func write(_ table: ZoneTable, geometries: [MultiPolygon], crs: SpatialReference, layerOptions: [String], to path: String, parts: Int) throws -> Bool
    {
        guard parts > 1 else { return false }
        let count = table.rows.count
        // Each part's CRS of its own: GDAL's objects are not shared between threads.
        let definition = crs.wkt
        let rows = table.rows
        let fields = table.fields, layerName = table.layerName
        let texts = try parallelMap(count: parts, threads: parts) { k -> [UInt8] in
            let url = URL(fileURLWithPath: path)
            let partPath = url.deletingLastPathComponent()
                .appendingPathComponent("\(url.deletingPathExtension().lastPathComponent).part\(k).\(url.pathExtension)").path
            let writer = try VectorWriter(
                path: partPath, format: .geoJSON, layerName: layerName, spatialReference: SpatialReference(definition: definition),
                geometry: .multiPolygon, fields: fields, layerOptions: layerOptions)
            for i in (k * count / parts)..<((k + 1) * count / parts) {
                try writer.add(geometry: .multiPolygon(geometries[i]), values: rows[i])
            }
            return try writer.takeBytes()
        }
        guard let joined = join(texts) else { return false }
        try AtomicFile.write(joined, to: path)
        return true
    }

    /// One FeatureCollection from the parts, or nil when a part does not open with the first
    /// part's header or close with GDAL's brackets.
    static func join(_ parts: [[UInt8]]) -> Data? {
        guard let first = parts.first,
            let opening = ByteSearch.first(featuresOpening, in: first, within: 0..<first.count)
        else { return nil }
        let headerEnd = opening + featuresOpening.utf8.count
        let header = first[0..<headerEnd]
        var joined = Data(capacity: parts.reduce(0) { $0 + $1.count })
        joined.append(contentsOf: header)
        for (k, part) in parts.enumerated() {
            guard part.count > headerEnd + closing.count, part[0..<headerEnd] == header, part.suffix(closing.count).elementsEqual(closing) else { return nil }
            if k > 0 { joined.append(contentsOf: Array(",\n".utf8)) }
            joined.append(contentsOf: part[headerEnd..<(part.count - closing.count)])
        }
        joined.append(contentsOf: closing)
        return joined
    }
}
